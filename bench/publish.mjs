// The publish rows of `npm run bench` (issue 33): N packages built and verified in one publish-from-tag
// step (input tags, upload: false), with `python -m build` and with `uv build`, in the same run. Each
// measured run starts from empty pip and uv caches, as a fresh runner does: what uv saves is the build
// environment it makes once per backend and reuses for every package of the step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The test venv (build, twine, uv), which `npm test`'s global setup makes. */
function toolsBin(root) {
  const bin = join(root, '.cache/py-venv/bin');
  if (!existsSync(join(bin, 'uv')))
    throw new Error(`${bin} has no uv: run npm test once first (it makes the venv)`);
  return bin;
}

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A repository of `count` hatchling packages, released once by the CLI: one tag per package. */
function releasedMonorepo(dir, count, node, cli) {
  const origin = join(dir, 'origin.git');
  const work = join(dir, 'work');
  git(dir, ['init', '--quiet', '--bare', '--initial-branch', 'master', origin]);
  git(dir, ['init', '--quiet', '--initial-branch', 'master', work]);
  for (const [key, value] of [
    ['user.name', 'Bench Dev'],
    ['user.email', 'dev@example.com'],
  ])
    git(work, ['config', key, value]);
  for (let i = 0; i < count; i++) {
    const name = `bench-pub${i}`;
    const module = join(work, 'libs', `pub${i}`, 'src', name.replace(/-/g, '_'));
    mkdirSync(module, { recursive: true });
    writeFileSync(join(module, '__init__.py'), '"""A package."""\n');
    writeFileSync(
      join(work, 'libs', `pub${i}`, 'pyproject.toml'),
      `[project]\nname = "${name}"\nversion = "1.0.0"\ndescription = "${name}"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`,
    );
  }
  git(work, ['add', '--all']);
  git(work, ['commit', '--quiet', '-m', 'chore: packages']);
  git(work, ['remote', 'add', 'origin', origin]);
  git(work, ['push', '--quiet', 'origin', 'master']);
  const args = [
    cli,
    'cut-release',
    '--mode',
    'final',
    '--base-branch',
    'master',
    '--release-branch',
    'release',
  ];
  const cut = spawnSync(node, [...args, '--push', '--api-check', 'off'], { cwd: work, encoding: 'utf8' });
  if (cut.status !== 0) throw new Error(`cut-release: ${cut.stderr}`);
  git(work, ['checkout', '--quiet', 'master']);
  return { work, tags: git(work, ['tag', '--list']).split('\n').filter(Boolean) };
}

/** One publish-from-tag step over every tag, as the runner runs it; its wall time in ms. */
function step(o) {
  const runnerTemp = mkdtempSync(join(o.tmp, 'runner-temp-'));
  const output = join(runnerTemp, 'output');
  writeFileSync(output, '');
  const env = {
    PATH: `${o.bin}:${process.env.PATH}`,
    HOME: process.env.HOME,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: output,
    // Fresh caches, as on a new runner.
    UV_CACHE_DIR: join(runnerTemp, 'uv-cache'),
    PIP_CACHE_DIR: join(runnerTemp, 'pip-cache'),
    // The system's certificates, as pip uses them (a proxy's own certificate is trusted there only).
    UV_SYSTEM_CERTS: '1',
    INPUT_TAGS: o.tags.join(' '),
    INPUT_UPLOAD: 'false',
    INPUT_EXPECT: 'any',
    'INPUT_TAG-BRANCHES': 'master, release',
    'INPUT_BUILD-COMMAND': o.builder,
  };
  const start = process.hrtime.bigint();
  const result = spawnSync(o.node, [o.bundle], { cwd: o.work, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const dist = /^dist-dir<<(\S+)\n([^\n]*)\n/m.exec(readFileSync(output, 'utf8'))?.[2];
  const files = dist && existsSync(dist) ? readdirSync(dist).length : 0;
  if (result.status !== 0 || files !== 2 * o.tags.length)
    throw new Error(`${o.builder}: exit ${result.status}, ${files} files: ${result.stdout.slice(-2000)}`);
  return ms;
}

/** The rows: each builder's step over `count` packages, `runs` times, interleaved. */
export function publishReport({ tmp, count, runs, node, root, summary }) {
  const bin = toolsBin(root);
  const repo = releasedMonorepo(
    mkdtempSync(join(tmp, 'publish-')),
    count,
    node,
    join(root, 'dist/cli/index.js'),
  );
  const bundle = join(root, 'dist/publish-from-tag/index.js');
  const builders = ['python -m build', 'uv build'];
  const samples = new Map(builders.map((b) => [b, []]));
  for (let i = 0; i < runs; i++) {
    for (const builder of builders)
      samples.get(builder).push(step({ tmp, bin, node, bundle, builder, ...repo }));
  }
  return builders.map((builder) => ({ builder, packages: count, ...summary(samples.get(builder)) }));
}
