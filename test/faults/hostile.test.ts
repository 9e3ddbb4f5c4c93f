import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, ROOT, runAction } from '../support/action-runner.js';
import { FakeGitHub } from '../support/fake-github.js';
import { PATH_WITH_TOOLS } from '../support/python.js';
import { git, Monorepo } from '../support/repo.js';
import { runnerCommands } from '../support/runner-log.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

/**
 * Workflow commands in every shape the runner reads (actions/runner's ActionCommand.cs): indented (it
 * trims leading whitespace), the legacy `##[name]` form anywhere in a line, a stop whose token never
 * comes (it would silence pyrelease's own commands after it), and a group end.
 */
const FORGED = [
  '  ::error::forged indented',
  '\t::add-mask::x',
  'fix: text ##[error]forged legacy',
  '##[set-output name=proceed]true',
  '::stop-commands::x',
  '::error::forged after a forged stop',
  '::endgroup::',
];

/**
 * The commands the runner would execute from a run's stdout and stderr, as `::name::data`. pyrelease's
 * own pauses (`::stop-commands::<token>` … `::<token>::`) are left out once their tokens are checked to
 * be long, random and never reused; a forged stop that is never resumed stays in.
 */
function executed(run: { stdout: string; stderr: string }): string[] {
  const tokens = [run.stdout, run.stderr].flatMap((log) => {
    const all = runnerCommands(log, { pauses: true });
    return all
      .filter((c) => c.command === 'stop-commands' && all.some((r) => r.command === c.data.toLowerCase()))
      .map((c) => c.data);
  });
  for (const token of tokens) expect(token).toMatch(/^[0-9a-z-]{32,}$/i);
  expect(new Set(tokens).size).toBe(tokens.length);
  return [run.stdout, run.stderr].flatMap((log) =>
    runnerCommands(log).map((c) => `::${c.command}::${c.data}`),
  );
}

const SUBJECTS = [
  'fix: $(touch PWNED_SUBST) and `touch PWNED_TICK` ; touch PWNED_SEMI',
  '::error::forged annotation',
  '::add-mask::everything',
  ...FORGED,
  'feat: <script>alert(1)</script> [click](javascript:alert(1)) | table | breaker',
  'fix(**x_<b>]): (#12)](javascript:alert(2)) (#0) (#99999999999)',
  'fix: see `https://evil.example/x` and ping @octocat @org/team',
  `fix: ${'very long line '.repeat(400)}`,
];

describe('hostile input', () => {
  it('executes nothing and lets no commit text become a workflow command, a link or HTML', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    let n = 0;
    for (const subject of SUBJECTS)
      repo.commit(`${subject}\n\nrelease(core): 9.9.9 in the body only`, { [`libs/core/f${n++}.py`]: 'x\n' });
    // Subjects whose bytes are not UTF-8: Latin-1 declared in the commit (git re-encodes it), and a stray byte.
    const latin1 = join(repo.root, 'latin1-message');
    writeFileSync(latin1, Buffer.from([...Buffer.from('fix: caf'), 0xe9]));
    repo.write('libs/core/latin.py', 'x\n');
    repo.git('add', '--all');
    git(repo.work, ['-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '--quiet', '-F', latin1]);
    writeFileSync(latin1, Buffer.from([...Buffer.from('fix: stray '), 0xff, ...Buffer.from(' byte')]));
    repo.write('libs/core/stray.py', 'x\n');
    repo.git('add', '--all');
    git(repo.work, ['commit', '--quiet', '-F', latin1]);
    repo.git('push', '--quiet', 'origin', 'test');
    const github = new FakeGitHub();
    const api = await github.start();
    try {
      // Valid for git (it checks), and a command twice over for a shell.
      const branch = 'release/$(touch${IFS}PWNED_BRANCH)`touch${IFS}PWNED_BT`';
      git(repo.work, ['check-ref-format', '--branch', branch]);
      const run = await runAction('cut-release', {
        cwd: repo.work,
        inputs: { mode: 'final', 'base-branch': 'test', 'release-branch': branch, token: 't' },
        env: {
          GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
          GITHUB_REPOSITORY: 'o/r',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_API_URL: api,
        },
      });
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.code).toBe(0);
      // Nothing ran: no file appeared anywhere a shell would have created one.
      for (const dir of [repo.work, repo.root, process.cwd()]) {
        for (const marker of ['PWNED_SUBST', 'PWNED_TICK', 'PWNED_SEMI', 'PWNED_BRANCH', 'PWNED_BT'])
          expect(existsSync(join(dir, marker))).toBe(false);
      }
      expect(git(repo.origin, ['rev-parse', '--verify', `refs/heads/${branch}`])).toMatch(/^[0-9a-f]{40}$/);
      // The only workflow commands the runner reads are pyrelease's own masks of the token (as given and as
      // the Basic authorization git sends).
      expect(executed(run)).toEqual([
        '::add-mask::t',
        `::add-mask::${Buffer.from('x-access-token:t').toString('base64')}`,
      ]);
      // The changelog keeps the text but defuses HTML and links; the body-only "release(...)" is not a release.
      const log = git(repo.origin, ['show', `core-v1.0.0:libs/core/CHANGELOG.md`]);
      expect(log).toContain('- \\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1))');
      // Links are built from parsed parts: a pull request number, a commit SHA, and nothing else.
      expect(log).toContain(
        '- **\\*\\*x\\_\\<b\\>\\]:** ([#12](https://github.com/o/r/pull/12))\\](javascript:alert(2)) (#0) (#99999999999) ([',
      );
      const destinations = [...log.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
      expect(destinations.length).toBeGreaterThan(SUBJECTS.length);
      for (const d of destinations)
        expect(d).toMatch(/^https:\/\/github\.com\/o\/r\/(commit\/[0-9a-f]{40}|pull\/12)$/);
      expect(log).toContain('- ::error::forged annotation');
      // No backtick of a subject pairs with the code span of a URL; no mention pings anyone.
      expect(log).toContain('- see \\``https://evil.example/x`\\` and ping @\u2060octocat @\u2060org/team (');
      expect(log).toContain('- café (');
      // git re-encodes the stray byte itself; the entry stays, as one valid character.
      expect(log).toMatch(/- stray . byte \(/u);
      expect(run.outputs.tags).toBe('core-v1.0.0');
      const body = (github.requests[0].body as { body: string }).body;
      expect(body).not.toContain('<script>');
      expect(body).not.toMatch(/@(octocat|org\/team)/);
      expect(run.summary).not.toContain('<script>');
      expect(readFileSync(join(repo.work, '.git/config'), 'utf8')).not.toContain('AUTHORIZATION');
    } finally {
      await github.stop();
    }
  });

  it('uses hostile paths and tag formats verbatim, never as code, and rejects a hostile name in one line', async () => {
    const path = 'libs/$(touch PWNED_PATH) `touch PWNED_PT`; x';
    repo = Monorepo.create([{ path, name: 'core', version: '1.0.0' }]);
    const format = "{name}-v{version}$(touch$IFS'PWNED_TAG')`touch$IFS'PWNED_TB'`";
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: {
        mode: 'final',
        'base-branch': 'test',
        'release-branch': 'release',
        'tag-format': format,
        'create-github-release': 'false',
      },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    const tag = "core-v1.0.0$(touch$IFS'PWNED_TAG')`touch$IFS'PWNED_TB'`";
    expect(run.outputs.tags).toBe(tag);
    expect(repo.originTags()).toEqual([tag]);
    expect(git(repo.origin, ['show', `release:${path}/CHANGELOG.md`])).toMatch(
      /^# Changelog\n\n## 1\.0\.0 \(/,
    );
    for (const dir of [repo.work, join(repo.work, 'libs'), repo.root, process.cwd()]) {
      for (const marker of ['PWNED_PATH', 'PWNED_PT', 'PWNED_TAG', 'PWNED_TB'])
        expect(existsSync(join(dir, marker))).toBe(false);
    }

    // A name is a Python distribution name or an error; a newline in it cannot start a workflow command.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix: rename', {
      [`${path}/pyproject.toml`]: '[project]\nname = "evil\\n::error::forged"\nversion = "1.0.0"\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const bad = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    // The only folder is listed as not released, with the reason: nothing to release is the one error.
    expect(bad.code).toBe(1);
    const reason = `${path}/pyproject.toml: project name "evil\\n::error::forged" is not a valid Python distribution name`;
    expect(executed(bad)).toEqual([
      `::error::no package found at ${repo.git('rev-parse', 'HEAD').slice(0, 12)}: expected folders with a pyproject.toml that names a project; not released: ${path} (${reason})`,
    ]);
    expect(repo.originRefs()).toBe(before);
  });
});

describe('untrusted text in the job summary', () => {
  it('shows a folder, file and tag name as text: no HTML, code span, link or table cell of its own', async () => {
    const path = 'libs/a`<img src=x onerror=alert(1)>`b|c [x](javascript:alert(2)) ```';
    repo = Monorepo.create([{ path, name: 'core', version: '1.0.0' }]);
    for (const dryRun of ['true', 'false']) {
      const run = await runAction('cut-release', {
        cwd: repo.work,
        inputs: {
          mode: 'rc',
          'base-branch': 'test',
          'release-branch': 'release-test',
          'create-github-release': 'false',
          'dry-run': dryRun,
        },
        env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
      });
      expect(annotations(run.stdout, 'error')).toEqual([]);
      // The only HTML is pyrelease's own details element; the folder's text is character references.
      // (Inside the dry run's fenced block, nothing is markup: it is left out of the search.)
      const outsideFence = run.summary.replace(/^(`{3,})\n[^]*?\n\1$/m, '');
      const tags = [...outsideFence.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
      expect([...new Set(tags)].sort()).toEqual(['details', 'summary']);
      const shown =
        'libs/a\\`&#60;img src=x onerror=alert(1)&#62;\\`b\\|c \\[x\\](javascript:alert(2)) \\`\\`\\`';
      expect(run.summary).toContain(`| core | ${shown} | - | 1.0.0rc1 |`);
      expect(run.summary).toContain(`- core-v1.0.0rc1: ${shown}/pyproject.toml, ${shown}/CHANGELOG.md`);
      if (dryRun === 'true') {
        // The commands a dry run would run hold the path's three backticks: the fence is longer.
        expect(run.summary).toMatch(
          /Would run:\n\n````\ngit checkout -B release-test [0-9a-f]{40}\n[^]*\n````\n?$/,
        );
      }
    }
  });
});

/**
 * Package folders whose names carry forged commands. A folder name may hold `\r` (a line break to the
 * runner, which splits lines at `\r` as well as `\n`), `::`, `#`, `[` and `]`.
 */
const FORGED_PATHS = [
  { path: 'libs/a\r  ::error::forged indented', name: 'pkg-a', version: '1.0.0' },
  { path: 'libs/b\r\t::add-mask::x', name: 'pkg-b', version: '1.0.0' },
  { path: 'libs/fix: text ##[error]forged legacy', name: 'pkg-c', version: '1.0.0' },
  { path: 'libs/##[set-output name=proceed]true', name: 'pkg-d', version: '1.0.0' },
  {
    path: 'libs/e\r::stop-commands::x\r::error::forged after a forged stop\r::endgroup::',
    name: 'pkg-e',
    version: '1.0.0',
  },
];

describe('forged workflow commands, read as the runner reads the log', () => {
  it('cut-release prints hostile package paths in its plan, and the runner reads no command in them', async () => {
    repo = Monorepo.create(FORGED_PATHS);
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: {
        mode: 'final',
        'base-branch': 'test',
        'release-branch': 'release',
        'create-github-release': 'false',
      },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(executed(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.count).toBe('5');
    // The log still shows every path as it is.
    for (const { path } of FORGED_PATHS) expect(run.stdout).toContain(path);
  });

  it('the CLI in a `run:` step of GitHub Actions: the plan, its JSON and a dry run carry no command', () => {
    repo = Monorepo.create(FORGED_PATHS);
    const cwd = repo.work;
    const cli = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/cli/index.js'), ...args], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env },
      });
    const inActions = { GITHUB_ACTIONS: 'true' };
    const plan = cli(['plan', '--mode', 'final', '--base-branch', 'test'], inActions);
    expect(executed(plan)).toEqual([]);
    expect(plan.status).toBe(0);
    for (const { path } of FORGED_PATHS) expect(plan.stdout).toContain(path);
    const json = cli(['plan', '--mode', 'final', '--base-branch', 'test', '--json'], inActions);
    expect(executed(json)).toEqual([]);
    // Still the same JSON, parsed by anything that reads JSON.
    expect(
      JSON.parse(json.stdout)
        .packages.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual(FORGED_PATHS.map((p) => p.path).sort());
    const dry = cli(
      ['cut-release', '--mode', 'final', '--base-branch', 'test', '--release-branch', 'r', '--dry-run'],
      inActions,
    );
    expect(executed(dry)).toEqual([]);
    expect(dry.status).toBe(0);
    // In a terminal the text goes out as it is.
    const local = cli(['plan', '--mode', 'final', '--base-branch', 'test'], {});
    expect(local.stdout).not.toContain('::stop-commands::pyrelease-');
    for (const { path } of FORGED_PATHS) expect(local.stdout).toContain(path);
  });

  it('publish-from-tag prints a hostile package path and shows hostile build output, and the runner reads neither', async () => {
    const path = 'libs/p\r  ::error::forged ##[error]legacy';
    repo = Monorepo.create([{ path, name: 'core', version: '1.0.0' }]);
    repo.git('tag', 'core-v1.0.0');
    const cwd = repo.work;
    const publish = (buildCommand: string) =>
      runAction('publish-from-tag', {
        cwd,
        inputs: { tag: 'core-v1.0.0', 'dry-run': 'true', 'build-command': buildCommand },
        env: { PATH: PATH_WITH_TOOLS },
      });
    // The build's and twine's output is shown in log groups; a group's title is its command's data.
    const groups = (commands: string[]) => commands.filter((c) => /^::(end)?group::/.test(c));
    const others = (commands: string[]) => commands.filter((c) => !/^::(end)?group::/.test(c));
    const run = await publish('python -m build --no-isolation');
    expect(groups(executed(run))).toEqual([
      `::group::build of ${path}`,
      '::endgroup::',
      '::group::twine check',
      '::endgroup::',
    ]);
    expect(others(executed(run))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.files.split(' ')).toHaveLength(2);
    expect(run.stdout).toContain(`from ${path} to `);
    // The build's own output is shown in its group, fenced, and quoted in pyrelease's one-line error.
    const forged = `python -c "print('::error::forged by the build'); print('x ##[set-output name=proceed]true'); raise SystemExit(1)"`;
    const failed = await publish(forged);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('::error::forged by the build\n');
    expect(groups(executed(failed))).toEqual([`::group::build of ${path}`, '::endgroup::']);
    const commands = others(executed(failed));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^::error::build of libs\/p .* failed: ::error::forged by the build x ##\[set-output name=proceed\]true$/,
    );
  });
});

describe('loop-guard quotes hostile event text, and the runner reads no command in it', () => {
  const guard = (eventName: string, event: unknown, inputs: Record<string, string> = {}) =>
    runAction('loop-guard', {
      cwd: tmpdir(),
      eventName,
      event,
      env: { GITHUB_ACTOR: 'alice', GITHUB_REF: 'refs/heads/test' },
      inputs,
    });
  // A release commit's subject is quoted in the reason; `\r` ends a line for the runner, not for git.
  const MESSAGES = [
    `release(core): 1.0.0 ${FORGED[2]}`,
    `release(core): 1.0.0 ${FORGED[3]}`,
    `release(core): a\r${FORGED[0]}\r${FORGED[1]}`,
    // Short enough to be quoted whole (loop-guard cuts a subject at 80 characters).
    `release(c): b\r${FORGED[4]}\r::error::after a stop\r${FORGED[6]}`,
  ];

  it.each(MESSAGES)('on a push whose head commit is %j', async (message) => {
    const run = await guard('push', { ref: 'refs/heads/test', head_commit: { message } });
    expect(executed(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.proceed).toBe('false');
    expect(run.stdout).toContain(message);
  });

  it('on a workflow_run with a hostile branch and a hostile head commit', async () => {
    const branch = `feature ${FORGED[2]}\r${FORGED[0]}`;
    let run = await guard(
      'workflow_run',
      { workflow_run: { conclusion: 'success', event: 'push', head_branch: branch } },
      { branches: 'test' },
    );
    expect(executed(run)).toEqual([]);
    expect(run.outputs.proceed).toBe('false');
    expect(run.stdout).toContain(branch);
    const message = MESSAGES[3];
    run = await guard('workflow_run', {
      workflow_run: { conclusion: 'success', event: 'push', head_branch: 'test', head_commit: { message } },
    });
    expect(executed(run)).toEqual([]);
    expect(run.outputs.proceed).toBe('false');
  });

  it('fails a pull request from a hostile branch with exactly one error, its own', async () => {
    const from = `x\r${FORGED[0]} ${FORGED[3]}`;
    const run = await guard(
      'pull_request',
      { pull_request: { number: 7, head: { ref: from }, base: { ref: 'master' } } },
      { 'pr-target-branch': 'master' },
    );
    expect(run.code).toBe(1);
    // Errors are one line: the `\r` and the blanks after it become one space.
    expect(executed(run)).toEqual([
      `::error::pull request #7 from ${from.replace(/\s*\r\s*/g, ' ')} into master breaks the promotion rule: only test of this repository may open a pull request into master`,
    ]);
  });
});
