// `npm run demo`: an example monorepo (aetherflow) in a temporary folder with a bare origin, released by
// the built CLI (dist/cli/index.js) through the release flow's worked example: rc1, rc2 after a fix, the
// finals after promotion to master, then 0.2.0rc1 after a feat. Pass --keep to keep the folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli/index.js');
const keep = process.argv.includes('--keep');
const root = mkdtempSync(join(tmpdir(), 'pyrelease-demo-'));
const origin = join(root, 'origin.git');
const work = join(root, 'aetherflow');

function run(cmd, args, cwd = work, { quiet = false } = {}) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (!quiet || result.status !== 0) process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
  return result.stdout.trim();
}
const git = (...args) => run('git', args, work, { quiet: true });
const pyrelease = (...args) => {
  console.log(`\n$ pyrelease ${args.join(' ')}`);
  return run(process.execPath, [cli, ...args]);
};
function write(path, text) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), text);
}
function step(title) {
  console.log(`\n=== ${title} ===`);
}

const packages = [
  ['packages/aetherflow', 'aetherflow', 'pep621'],
  ['packages/aetherflow-core', 'aetherflow-core', 'poetry'],
  ['packages/aetherflow-scheduler', 'aetherflow-scheduler', 'pep621'],
];

try {
  run('git', ['init', '--quiet', '--bare', '--initial-branch', 'test', origin], root);
  run('git', ['init', '--quiet', '--initial-branch', 'test', work], root);
  git('config', 'user.name', 'Demo Maintainer');
  git('config', 'user.email', 'maintainer@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  git('remote', 'add', 'origin', origin);
  for (const [path, name, style] of packages) {
    const module = name.replace(/-/g, '_');
    write(
      `${path}/pyproject.toml`,
      style === 'poetry'
        ? `# ${name}: managed with Poetry\n[tool.poetry]\nname = "${name}"\nversion = "0.1.0"  # raised by hand only to force a version\ndescription = "The ${name} package"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n`
        : `[project]\nname = '${name}'\nversion = '0.1.0'\ndescription = "The ${name} package"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`,
    );
    write(`${path}/src/${module}/__init__.py`, `"""${name}."""\n`);
  }
  write('README.md', '# aetherflow monorepo\n');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'feat: initial aetherflow packages');
  git('push', '--quiet', 'origin', 'test', 'test:master');
  console.log(`demo monorepo: ${work} (origin: ${origin})`);

  /** A change merged into test: commit and push, as a merged pull request would. */
  const land = (path, text, message) => {
    git('checkout', '--quiet', 'test');
    write(path, text);
    git('add', '--all');
    git('commit', '--quiet', '-m', message);
    git('push', '--quiet', 'origin', 'test');
  };
  const release = (mode, base, branch) =>
    pyrelease('cut-release', '--mode', mode, '--base-branch', base, '--release-branch', branch, '--push');

  step('1. First push to test: every package gets 0.1.0rc1');
  pyrelease('plan', '--mode', 'rc', '--base-branch', 'test');
  release('rc', 'test', 'release-test');

  step('2. A fix lands in aetherflow-core: only it gets 0.1.0rc2');
  land(
    'packages/aetherflow-core/src/aetherflow_core/retry.py',
    'RETRIES = 3\n',
    'fix(core): retry transient errors',
  );
  release('rc', 'test', 'release-test');

  step('3. test is promoted to master: the finals, 0.1.0');
  git('push', '--quiet', 'origin', 'test:master');
  git('checkout', '--quiet', '-B', 'master', 'origin/master');
  release('final', 'master', 'release');

  step('4. A feat lands on test: aetherflow-scheduler gets 0.2.0rc1');
  land(
    'packages/aetherflow-scheduler/src/aetherflow_scheduler/cron.py',
    'def parse(expr):\n    return expr.split()\n',
    'feat(scheduler): cron expressions',
  );
  release('rc', 'test', 'release-test');

  step('Tags on origin');
  const tags = run('git', ['tag', '--list', '--sort=creatordate'], origin, { quiet: true }).split('\n');
  console.log(tags.join('\n'));
  step('packages/aetherflow-scheduler/CHANGELOG.md at aetherflow-scheduler-v0.2.0rc1');
  console.log(
    run(
      'git',
      ['show', 'aetherflow-scheduler-v0.2.0rc1:packages/aetherflow-scheduler/CHANGELOG.md'],
      origin,
      { quiet: true },
    ),
  );

  const expected = [
    'aetherflow-v0.1.0rc1',
    'aetherflow-core-v0.1.0rc1',
    'aetherflow-scheduler-v0.1.0rc1',
    'aetherflow-core-v0.1.0rc2',
    'aetherflow-v0.1.0',
    'aetherflow-core-v0.1.0',
    'aetherflow-scheduler-v0.1.0',
    'aetherflow-scheduler-v0.2.0rc1',
  ];
  if ([...tags].sort().join() !== [...expected].sort().join()) {
    throw new Error(`unexpected tags on origin: ${tags.join(', ')}`);
  }
  console.log(
    '\ndemo complete: the worked example of the release flow, released for real against a bare origin',
  );
} catch (error) {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
