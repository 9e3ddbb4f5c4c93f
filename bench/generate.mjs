// A synthetic monorepo for the benchmarks, written by one `git fast-import`: `packages` Python packages
// under libs/, `commits` Conventional Commits on branch `test` (each touching 1-3 packages), and every
// `releaseEvery` commits a release as pyrelease makes it: one commit per changed package on a side
// branch off the base (pyproject.toml version and CHANGELOG.md section), tagged `<name>-v<version>`.
// The commits after the last release are unreleased, so a plan has work to do. Deterministic per seed.
//
// With `tagsOn: 'base'` each release is instead one bump commit on `test` carrying the tags, the flow
// python-semantic-release and commitizen expect (their tags must be reachable from the branch).
//
// With `dependents: N` the repository is a uv workspace (root pyproject.toml with [tool.uv.workspace],
// a uv.lock listing every member): the last N packages each pin one of the first N (`pkgK==<version>`,
// a workspace source), so a release of pkgK moves its dependent's pin and releases it too, as
// pyrelease does; each release commit also sets the versions in uv.lock.
//
// With `stable: true` the packages start at 1.0.0 (so a feat or fix is a minor or patch, below what a
// removed function needs) and each commit writes a function into the module it changes, replacing the
// one the module had: the API check then has packages to compare and removals to find.
//
//   node bench/generate.mjs <dir> [--packages 200] [--commits 20000] [--release-every 500] [--seed 1]
//                                 [--tags-on release-branch|base] [--dependents 0] [--stable]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const TYPES = [
  ['fix', 40],
  ['feat', 25],
  ['chore', 15],
  ['docs', 10],
  ['refactor', 10],
];

/** mulberry32: a small seeded PRNG, so the same options give the same repository. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function git(cwd, args, input) {
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.toString('utf8').trim();
}

function pyproject(name, version, peers, requires = []) {
  let text = `[project]\nname = "${name}"\nversion = "${version}"\ndescription = "benchmark package ${name}"\nrequires-python = ">=3.9"\n`;
  if (requires.length > 0) {
    text += `dependencies = [${requires.map((r) => `"${r.name}==${r.version}"`).join(', ')}]\n`;
    text += `\n[tool.uv.sources]\n${requires.map((r) => `${r.name} = { workspace = true }\n`).join('')}`;
  }
  if (peers) {
    // The peers' own configuration for this one package, so they compute its next version too.
    text +=
      `\n[tool.commitizen]\nname = "cz_conventional_commits"\nversion_provider = "scm"\n` +
      `tag_format = "${name}-v$version"\n` +
      `\n[tool.semantic_release]\ncommit_parser = "conventional-monorepo"\n` +
      `tag_format = "${name}-v{version}"\nversion_toml = ["pyproject.toml:project.version"]\n` +
      `allow_zero_version = true\n` +
      `\n[tool.semantic_release.branches.test]\nmatch = "test"\n` +
      `\n[tool.semantic_release.commit_parser_options]\npath_filters = ["."]\n`;
  }
  return text;
}

/** `--name N` from a command line, as a number; `fallback` when absent. */
export function numberFlag(argv, name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}

/** A uv.lock in uv's format listing each member, its folder and version, and its pins on siblings. */
function uvLock(names, versions, dependencyOf) {
  let text = `version = 1\nrevision = 3\nrequires-python = ">=3.9"\n\n[manifest]\nmembers = [\n`;
  text += names.map((n) => `    "${n}",\n`).join('') + ']\n';
  names.forEach((name, i) => {
    text += `\n[[package]]\nname = "${name}"\nversion = "${versions[i]}"\nsource = { editable = "libs/${name}" }\n`;
    const dep = dependencyOf(i);
    if (dep !== null) {
      text += `dependencies = [\n    { name = "${names[dep]}", editable = "libs/${names[dep]}" },\n]\n`;
      text += `\n[package.metadata]\nrequires-dist = [{ name = "${names[dep]}", editable = "libs/${names[dep]}" }]\n`;
    }
  });
  return text;
}

/** Writes the repository; returns where it is and what it holds. */
export function generateMonorepo(dir, options = {}) {
  const packages = options.packages ?? 200;
  const commits = options.commits ?? 20_000;
  const releaseEvery = options.releaseEvery ?? 500;
  const tagsOn = options.tagsOn ?? 'release-branch';
  const dependents = Math.min(options.dependents ?? 0, Math.floor(packages / 2));
  const rand = random(options.seed ?? 1);
  const series = options.stable ? '1.0' : '0.1';
  const firstVersion = `${series}.0`;
  const names = Array.from({ length: packages }, (_, i) => `pkg${i}`);
  // pkg(packages - dependents + k) pins pkgK.
  const dependencyOf = (i) => (i >= packages - dependents ? i - (packages - dependents) : null);
  const dependentOf = (i) => (i < dependents ? packages - dependents + i : null);
  const chunks = [];
  const line = (text) => chunks.push(Buffer.from(`${text}\n`));
  const data = (text) => {
    const bytes = Buffer.from(text);
    line(`data ${bytes.length}`);
    chunks.push(bytes, Buffer.from('\n'));
  };
  let mark = 0;
  let time = 1_600_000_000;
  const who = () => `Bench Dev <dev@example.com> ${(time += 60)} +0000`;

  // Per package: its released version, the changelog on its release line, subjects since its release.
  const state = names.map(() => ({ patch: 0, changelog: '# Changelog\n', pending: [] }));
  let tags = 0;
  let lastRelease = 1;

  line('feature done');
  line('commit refs/heads/test');
  line(`mark :${++mark}`);
  line(`committer ${who()}`);
  data('chore: start the monorepo');
  // The base branch keeps the first versions (pyrelease bumps only on the release branch).
  const requiresAt = (i, version) => {
    const dep = dependencyOf(i);
    return dep === null ? [] : [{ name: names[dep], version: version(dep) }];
  };
  if (dependents > 0) {
    line('M 100644 inline pyproject.toml');
    data(
      '[project]\nname = "bench-root"\nversion = "0.0.0"\n\n[tool.uv]\npackage = false\n\n[tool.uv.workspace]\nmembers = ["libs/*"]\n',
    );
    line('M 100644 inline uv.lock');
    data(
      uvLock(
        names,
        names.map(() => firstVersion),
        dependencyOf,
      ),
    );
  }
  names.forEach((name, i) => {
    line(`M 100644 inline libs/${name}/pyproject.toml`);
    data(
      pyproject(
        name,
        firstVersion,
        i === 0,
        requiresAt(i, () => firstVersion),
      ),
    );
    line(`M 100644 inline libs/${name}/CHANGELOG.md`);
    data('# Changelog\n');
    line(`M 100644 inline libs/${name}/src/${name}/__init__.py`);
    data(`"""${name}"""\n`);
  });
  let base = mark;

  for (let n = 2; n <= commits; n += 1) {
    const touched = new Set();
    const count = 1 + Math.floor(rand() * 3);
    while (touched.size < Math.min(count, packages)) touched.add(Math.floor(rand() * packages));
    let pick = rand() * 100;
    const type = TYPES.find(([, weight]) => (pick -= weight) < 0)?.[0] ?? 'fix';
    const first = names[[...touched][0]];
    const subject = `${type}(${first}): change ${n}`;
    line('commit refs/heads/test');
    line(`mark :${++mark}`);
    line(`committer ${who()}`);
    data(subject);
    line(`from :${base}`);
    for (const i of touched) {
      line(`M 100644 inline libs/${names[i]}/src/${names[i]}/m${n % 20}.py`);
      data(options.stable ? `def change_${n}(value):\n    return value\n` : `# change ${n}\n`);
      if (type === 'feat' || type === 'fix') state[i].pending.push(subject);
    }
    base = mark;

    // Halfway through each stretch, so the last `releaseEvery / 2` commits stay unreleased.
    if (n % releaseEvery === Math.floor(releaseEvery / 2)) {
      lastRelease = n;
      const released = [];
      // A released dependency releases its dependent, with the pin moved (pyrelease's cascade).
      for (let i = 0; i < dependents; i += 1) {
        const dependent = dependentOf(i);
        if (state[i].pending.length > 0 && state[dependent].pending.length === 0)
          state[dependent].pending.push(`dependency ${names[i]}`);
      }
      names.forEach((name, i) => {
        const s = state[i];
        if (s.pending.length === 0) return;
        s.patch += 1;
        const version = `${series}.${s.patch}`;
        const section = `## ${version}\n\n${s.pending.map((p) => `- ${p}`).join('\n')}\n`;
        s.changelog = s.changelog.replace('# Changelog\n', `# Changelog\n\n${section}`);
        s.pending = [];
        released.push({ name, i, version, section });
      });
      const releasedVersion = (i) => `${series}.${state[i].patch}`;
      const files = (r) => {
        line(`M 100644 inline libs/${r.name}/pyproject.toml`);
        data(pyproject(r.name, r.version, r.i === 0, requiresAt(r.i, releasedVersion)));
        line(`M 100644 inline libs/${r.name}/CHANGELOG.md`);
        data(state[r.i].changelog);
        if (dependents > 0) {
          line('M 100644 inline uv.lock');
          data(
            uvLock(
              names,
              names.map((_, i) => releasedVersion(i)),
              dependencyOf,
            ),
          );
        }
      };
      const tag = (r) => {
        line(`tag ${r.name}-v${r.version}`);
        line(`from :${mark}`);
        line(`tagger ${who()}`);
        data(r.section);
        tags += 1;
      };
      if (tagsOn === 'release-branch') {
        // pyrelease's flow: a side branch off this base commit, one commit and tag per package.
        line('reset refs/heads/release-test');
        line(`from :${base}`);
        for (const r of released) {
          line('commit refs/heads/release-test');
          line(`mark :${++mark}`);
          line(`committer ${who()}`);
          data(`release(${r.name}): ${r.version}`);
          files(r);
          tag(r);
        }
      } else if (released.length > 0) {
        // The peers' flow: one bump commit on the base branch itself, tagged for every package.
        line('commit refs/heads/test');
        line(`mark :${++mark}`);
        line(`committer ${who()}`);
        data(`chore(release): ${released.length} packages`);
        line(`from :${base}`);
        released.forEach(files);
        released.forEach(tag);
        base = mark;
      }
    }
  }
  line('done');

  const origin = join(dir, 'origin.git');
  const work = join(dir, 'work');
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--quiet', '--bare', origin]);
  git(origin, ['fast-import', '--quiet', '--force'], Buffer.concat(chunks));
  git(origin, ['symbolic-ref', 'HEAD', 'refs/heads/test']);
  // fast-import leaves one file per ref; a hosting service keeps its refs packed (git gc packs them),
  // and a remote that lists 38,000 loose ref files makes every ls-remote pay for reading them.
  git(origin, ['pack-refs', '--all']);
  git(dir, ['clone', '--quiet', '--branch', 'test', origin, work]);
  git(work, ['config', 'user.name', 'Bench Dev']);
  git(work, ['config', 'user.email', 'dev@example.com']);
  return { origin, work, packages, dependents, commits, tags, tagsOn, unreleased: commits - lastRelease };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error(
      'usage: node bench/generate.mjs <dir> [--packages N] [--commits N] [--release-every N] [--seed N]',
    );
    process.exit(2);
  }
  const flag = (name, fallback) => numberFlag(rest, name, fallback);
  const started = Date.now();
  const made = generateMonorepo(dir, {
    packages: flag('packages', 200),
    commits: flag('commits', 20_000),
    releaseEvery: flag('release-every', 500),
    seed: flag('seed', 1),
    tagsOn: rest.includes('base') ? 'base' : 'release-branch',
    dependents: flag('dependents', 0),
    stable: rest.includes('--stable'),
  });
  console.log(`${JSON.stringify(made)} in ${Date.now() - started} ms`);
}
