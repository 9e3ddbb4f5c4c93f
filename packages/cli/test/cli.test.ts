import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/main.js';
import { Monorepo } from '../../../test/support/repo.js';
import { PATH_WITH_TOOLS } from '../../../test/support/python.js';
import { ROOT } from '../../../test/support/action-runner.js';
import { GitHttpsServer } from '../../../test/support/git-https.js';

const messages: string[] = [];

let repo: Monorepo;
afterEach(() => repo?.cleanup());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: repo?.work ?? process.cwd(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const PACKAGES = [
  { path: 'packages/core', name: 'aetherflow-core', version: '0.1.0' },
  { path: 'packages/scheduler', name: 'aetherflow-scheduler', version: '0.3.0', style: 'poetry' as const },
];

describe('pyrelease plan', () => {
  it('prints the plan as a table', async () => {
    repo = Monorepo.create(PACKAGES);
    const { code, stdout, stderr } = await cli('plan', '--mode', 'rc', '--base-branch', 'test');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`rc plan of origin/test at ${repo.git('rev-parse', 'origin/test').slice(0, 12)}`);
    expect(lines[1]).toMatch(/^PACKAGE +PATH +PREVIOUS +NEXT +BUMP +COMMITS +REASON$/);
    expect(lines[2]).toMatch(
      /^aetherflow-core +packages\/core +- +0\.1\.0rc1 +- +1 +declared 0\.1\.0, no final release yet$/,
    );
    expect(lines[3]).toMatch(/^aetherflow-scheduler +packages\/scheduler +- +0\.3\.0rc1 /);
  });

  it('prints JSON with --json', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('tag', 'aetherflow-core-v0.1.0');
    repo.commit('feat(core): x', { 'packages/core/x.py': '1\n' });
    const { code, stdout } = await cli(
      'plan',
      '--mode',
      'final',
      '--base-branch',
      'test',
      '--json',
      '--remote',
      'nowhere',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.mode).toBe('final');
    const table = await cli('plan', '--mode', 'final', '--base-branch', 'test', '--remote', 'nowhere');
    expect(table.stdout.split('\n')[0]).toBe(
      `final plan of test (local branch) at ${repo.git('rev-parse', 'test').slice(0, 12)}`,
    );
    // Which branch was planned, as given and as read (no remote "nowhere": the local branch).
    expect([json.baseBranch, json.baseRef]).toEqual(['test', 'refs/heads/test']);
    expect(json.packages[0]).toMatchObject({
      name: 'aetherflow-core',
      declared: '0.1.0',
      lastFinal: '0.1.0',
      next: '0.2.0',
      tag: 'aetherflow-core-v0.2.0',
      bump: 'minor',
      commits: [{ subject: 'feat(core): x' }],
      skipReason: null,
    });
    expect(json.packages[1]).toMatchObject({ name: 'aetherflow-scheduler', next: '0.3.0', lastFinal: null });
  });

  it('lists the folders it does not release in --json, and warns about tags of another shape on stderr', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.commit('feat: legacy and moved packages', {
      'packages/legacy/setup.py': 'from setuptools import setup\nsetup()\n',
      'integrations/chroma/pyproject.toml': '[project]\nname = "chroma-haystack"\nversion = "1.0.0"\n',
    });
    repo.git('tag', 'integrations/chroma-v1.0.0');
    repo.commit('fix(chroma): x', { 'integrations/chroma/x.py': '1\n' });
    const { code, stdout, stderr } = await cli(
      'plan',
      '--mode',
      'final',
      '--base-branch',
      'test',
      '--json',
      '--remote',
      'nowhere',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.unreleased).toEqual([
      {
        path: 'packages/legacy',
        name: null,
        reason: 'only setup.py: pyrelease reads versions from pyproject.toml',
      },
    ]);
    const reason =
      'tags such as integrations/chroma-v1.0.0 look like its releases, but none matches chroma-haystack-v{version}: set tag-format = "{path}-v{version}" in the root configuration for every package tagged so, or in its own [tool.pyrelease], or list it in previous-tag-formats to write chroma-haystack-v{version} from now on (previous-tag-formats = [] only if it never had a release in that shape)';
    expect(json.packages[0]).toMatchObject({ name: 'chroma-haystack', next: null, skipReason: reason });
    expect(stderr).toBe(`warning: chroma-haystack: not released: ${reason}`);
    // The format of its tags, given by option: planned from its tag.
    const right = await cli(
      'plan',
      '--mode',
      'final',
      '--base-branch',
      'test',
      '--remote',
      'nowhere',
      '--tag-format',
      '{path}-v{version}',
    );
    expect(right.stdout).toMatch(
      /\nchroma-haystack +integrations\/chroma +1\.0\.0 +1\.0\.1 +patch +1 +patch bump since integrations\/chroma-v1\.0\.0\n/,
    );
    expect(right.stdout).toMatch(
      /\n- +packages\/legacy +- +- +- +0 +not released: only setup\.py: pyrelease reads versions from pyproject\.toml\n/,
    );
    expect(right.stdout).toMatch(
      /\nintegrations\/chroma-v1\.0\.1: the release commit changes integrations\/chroma\/pyproject\.toml, integrations\/chroma\/CHANGELOG\.md\n/,
    );
  });

  it('says why a workspace member is released and which files each release commit changes', async () => {
    repo = Monorepo.create([]);
    const member = (name: string, deps: string) =>
      `[project]\nname = "${name}"\nversion = "1.0.0"\ndependencies = [${deps}]\n\n[tool.uv.sources]\n` +
      (deps ? 'alpha = { workspace = true }\n' : '');
    const locked = (name: string) =>
      `\n[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = { editable = "packages/${name}" }\n`;
    repo.commit('feat: a uv workspace', {
      'pyproject.toml':
        '[project]\nname = "root"\nversion = "0.0.0"\n\n[tool.uv]\npackage = false\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/alpha/pyproject.toml': member('alpha', ''),
      'packages/beta/pyproject.toml': member('beta', '"alpha==1.0.0"'),
      'packages/gamma/pyproject.toml': member('gamma', ''),
      'uv.lock': `version = 1\nrevision = 3\nrequires-python = ">=3.9"\n${locked('alpha')}${locked('beta')}${locked('gamma')}`,
    });
    for (const name of ['alpha', 'beta', 'gamma']) repo.git('tag', `${name}-v1.0.0`);
    repo.commit('feat(alpha): x', { 'packages/alpha/x.py': '1\n' });
    const args = ['plan', '--mode', 'final', '--base-branch', 'test', '--remote', 'nowhere'];
    const { code, stdout, stderr } = await cli(...args, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const byName = Object.fromEntries(json.packages.map((p: { name: string }) => [p.name, p]));
    expect(byName.alpha).toMatchObject({
      next: '1.1.0',
      changes: [
        'packages/alpha/pyproject.toml',
        'packages/beta/pyproject.toml',
        'uv.lock',
        'packages/alpha/CHANGELOG.md',
      ],
    });
    expect(byName.beta).toMatchObject({
      next: '1.0.1',
      dependencies: ['alpha 1.1.0'],
      changes: ['packages/beta/pyproject.toml', 'uv.lock', 'packages/beta/CHANGELOG.md'],
    });
    expect(byName.gamma).toMatchObject({ next: null, changes: [] });
    expect(json.dependencyUpdates).toEqual([
      expect.objectContaining({
        dependent: 'beta',
        dependency: 'alpha',
        from: 'alpha==1.0.0',
        to: 'alpha==1.1.0',
      }),
    ]);
    const table = await cli(...args);
    expect(table.stdout).toMatch(
      /\nbeta +packages\/beta +1\.0\.0 +1\.0\.1 +patch +0 +dependency alpha 1\.1\.0\n/,
    );
    expect(table.stdout).toContain(
      '\nbeta-v1.0.1: the release commit changes packages/beta/pyproject.toml, uv.lock, packages/beta/CHANGELOG.md',
    );
    // Nothing was written: the plan only reads.
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('tag', '--list')).toBe('alpha-v1.0.0\nbeta-v1.0.0\ngamma-v1.0.0');
  });

  it('keeps to a maintenance line with --line', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.6.1' }]);
    repo.git('tag', 'core-v0.6.1');
    repo.git('tag', 'core-v1.0.0');
    repo.commit('feat: backport', { 'libs/core/x.py': '1\n' });
    const args = ['plan', '--mode', 'final', '--base-branch', 'test', '--remote', 'nowhere', '--json'];
    expect(JSON.parse((await cli(...args)).stdout).packages[0].next).toBe('1.1.0');
    const line = JSON.parse((await cli(...args, '--line', '0.6')).stdout);
    expect(line).toMatchObject({
      line: '0.6',
      packages: [{ previous: '0.6.1', next: '0.6.2', bump: 'patch' }],
    });
    expect((await cli(...args, '--line', 'six')).stderr).toBe(
      'pyrelease: error: line must be leading release numbers such as "0.6" or "2", got "six"',
    );
  });

  it.each([
    [
      ['plan', '--mode', 'rc', '--base-branch', 'test', '--bogus'],
      'pyrelease plan: unknown option --bogus (pyrelease plan --help lists the options)',
    ],
    [
      ['plan', '--base-branch', 'test'],
      'pyrelease plan: --mode is required (pyrelease plan --help lists the options)',
    ],
    [['plan', '--mode'], 'pyrelease plan: --mode needs a value (pyrelease plan --help lists the options)'],
    [
      ['plan', '--mode', 'rc', '--base-branch', 'test', 'extra'],
      'pyrelease plan: unexpected argument "extra" (pyrelease plan --help lists the options)',
    ],
    [
      ['cut-release', '--build-command'],
      'pyrelease cut-release: unknown option --build-command (pyrelease cut-release --help lists the options)',
    ],
    [
      ['frobnicate'],
      'pyrelease: unknown command "frobnicate": one of plan, preview, cut-release, publish-from-tag (pyrelease --help lists the options)',
    ],
  ])('answers bad flags %j with one line naming them and exit code 2', async (argv, message) => {
    repo = Monorepo.create(PACKAGES);
    const { code, stderr, stdout } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
  });

  it('prints its version, the commands, and each command its own options', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, stdout: `pyrelease ${pkg.version}`, stderr: '' });
    const general = await cli('--help');
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('usage: pyrelease [-C <dir>] <command> [options]');
    for (const name of ['plan', 'cut-release', 'publish-from-tag'])
      expect(general.stdout).toContain(`  ${name} `);
    expect((await cli()).code).toBe(2);
    const help = await cli('cut-release', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pyrelease cut-release \[options\]/);
    for (const option of [
      '--release-branch <branch>',
      '--allow-dirty',
      '--skip-base-sync-check',
      '-C, --cwd <dir>',
    ])
      expect(help.stdout).toContain(option);
    expect(help.stdout).not.toContain('--skip-existing');
    const publish = await cli('publish-from-tag', '-h');
    expect(publish.stdout).toContain('--skip-existing');
    expect(publish.stdout).toContain('PYRELEASE_PASSWORD');
  });

  it('says when it is not in a git repository, or -C points nowhere', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'pyrelease-nogit-'));
    try {
      const here = await runCli(['plan', '--mode', 'rc', '--base-branch', 'test'], {
        stdout: () => {},
        stderr: (t) => messages.push(t),
        cwd: outside,
      });
      expect(here).toBe(1);
      expect(messages.pop()).toBe(
        `pyrelease: error: the current folder ${outside} is not in a git repository: run pyrelease in a clone, or point -C at one`,
      );
      const nowhere = await cli(
        'plan',
        '--mode',
        'rc',
        '--base-branch',
        'test',
        '-C',
        join(outside, 'missing'),
      );
      expect(nowhere).toMatchObject({
        code: 1,
        stderr: `pyrelease: error: -C ${join(outside, 'missing')}: no such folder`,
      });
      writeFileSync(join(outside, 'file'), '');
      const file = await cli('plan', '--mode', 'rc', '--base-branch', 'test', '-C', join(outside, 'file'));
      expect(file.stderr).toBe(`pyrelease: error: -C ${join(outside, 'file')} is a file, not a folder`);
      const notGit = await cli('plan', '--mode', 'rc', '--base-branch', 'test', '-C', outside);
      expect(notGit.stderr).toBe(
        `pyrelease: error: -C ${outside} is not in a git repository: run pyrelease in a clone, or point -C at one`,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('takes -C before the command as git does, once', async () => {
    repo = Monorepo.create(PACKAGES);
    const elsewhere = mkdtempSync(join(tmpdir(), 'pyrelease-elsewhere-'));
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        cwd: elsewhere,
      });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    try {
      const plan = ['plan', '--mode', 'rc', '--base-branch', 'test', '--json'];
      const after = await run(...plan, '-C', repo.work);
      expect(after.code).toBe(0);
      for (const before of [
        ['-C', repo.work],
        [`-C${repo.work}`],
        ['--cwd', repo.work],
        [`--cwd=${repo.work}`],
      ]) {
        expect(await run(...before, ...plan)).toEqual(after);
      }
      expect(await run('-C', repo.work, ...plan, '-C', repo.work)).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'pyrelease: -C (--cwd) is given more than once: give the repository once (pyrelease --help lists the options)',
      });
      expect((await run('-C')).stderr).toBe(
        'pyrelease: option -C needs a folder (pyrelease --help lists the options)',
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('reports a bad mode (exit 2), a missing branch and a broken pyproject.toml (exit 1) in one line', async () => {
    repo = Monorepo.create(PACKAGES);
    let r = await cli('plan', '--mode', 'gamma', '--base-branch', 'test');
    // A bad option value is a usage error (exit 2), with the nearest value when one is near.
    expect([r.code, r.stderr]).toEqual([
      2,
      'pyrelease plan: --mode must be rc, final, alpha, beta or dev, got "gamma" (pyrelease plan --help lists the options)',
    ]);
    r = await cli('plan', '--mode', 'finl', '--base-branch', 'test');
    expect([r.code, r.stderr]).toEqual([
      2,
      'pyrelease plan: --mode must be rc, final, alpha, beta or dev, got "finl" (did you mean final?) (pyrelease plan --help lists the options)',
    ]);
    r = await cli('plan', '--mode', 'rc', '--base-branch', 'test', '--tagformat', '{name}');
    expect([r.code, r.stderr]).toEqual([
      2,
      'pyrelease plan: unknown option --tagformat (did you mean --tag-format?) (pyrelease plan --help lists the options)',
    ]);
    r = await cli('pln', '--mode', 'rc');
    expect([r.code, r.stderr]).toEqual([
      2,
      'pyrelease: unknown command "pln" (did you mean plan?): one of plan, preview, cut-release, publish-from-tag (pyrelease --help lists the options)',
    ]);
    r = await cli('plan', '--mode', 'rc', '--base-branch', 'nope');
    expect([r.code, r.stderr]).toEqual([
      1,
      'pyrelease: error: base branch nope exists neither as origin/nope nor as a local branch',
    ]);
    repo.commit('chore: break it', {
      'packages/core/pyproject.toml': '[project]\nname = "aetherflow-core"\nversion = 0.1.0\n',
    });
    r = await cli('plan', '--mode', 'rc', '--base-branch', 'test', '--remote', 'none');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^pyrelease: error: packages\/core\/pyproject\.toml:3:\d+: invalid TOML: [^\n]+$/,
    );
  });
});

describe('the index given by --repository-url', () => {
  it('is asked before anything is tagged: an index that does not answer releases nothing, and says so', async () => {
    repo = Monorepo.create(PACKAGES);
    const args = ['--mode', 'final', '--base-branch', 'test', '--release-branch', 'release'];
    const run = await cli('cut-release', ...args, '--repository-url', 'http://127.0.0.1:9/legacy/');
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^warning: aetherflow-core: not released: could not ask http:\/\/127\.0\.0\.1:9\/simple\/ whether 0\.1\.0 is there already/,
      ),
      expect.stringMatching(/^warning: aetherflow-scheduler: not released: could not ask /),
    ]);
    expect(repo.git('tag', '--list')).toBe('');
    // Without the option no index is asked: both are released (locally).
    expect((await cli('cut-release', ...args)).code).toBe(0);
    expect(repo.git('tag', '--list').split('\n')).toEqual([
      'aetherflow-core-v0.1.0',
      'aetherflow-scheduler-v0.3.0',
    ]);
  });
});

describe('pyrelease publish-from-tag', () => {
  it('builds and verifies the tagged package with --dry-run', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('tag', '-a', '-m', 'rc', 'aetherflow-core-v0.1.0');
    const previous = process.env.PATH;
    process.env.PATH = PATH_WITH_TOOLS;
    try {
      const { code, stdout, stderr } = await cli(
        'publish-from-tag',
        '--tag',
        'aetherflow-core-v0.1.0',
        '--dry-run',
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('aetherflow-core 0.1.0 (final) -> https://upload.pypi.org/legacy/');
      expect(stdout).toMatch(/ {2}aetherflow_core-0\.1\.0\.tar\.gz {2}sha256:[0-9a-f]{64} {2}verified/);
    } finally {
      process.env.PATH = previous;
    }
  });

  it('needs --tag', async () => {
    const { code, stderr } = await cli('publish-from-tag');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'pyrelease publish-from-tag: --tag is required (pyrelease publish-from-tag --help lists the options)',
    );
  });
});

describe('pyrelease cut-release', () => {
  it('links the changelog into the repository its remote names, and writes plain text for a local remote', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('tag', '-a', '-m', 'v', 'aetherflow-core-v0.1.0');
    repo.git('push', '--quiet', 'origin', 'aetherflow-core-v0.1.0');
    repo.commit('feat(core): streaming reads (#7)', { 'packages/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const args = [
      '--mode',
      'final',
      '--base-branch',
      'test',
      '--release-branch',
      'release',
      '--packages',
      'packages/core',
    ];
    // origin is a folder: nothing to link to. Released locally, then undone for the next run.
    expect((await cli('cut-release', ...args)).code).toBe(0);
    const plain = repo.git('show', 'aetherflow-core-v0.2.0:packages/core/CHANGELOG.md');
    expect(plain).toMatch(/\n## 0\.2\.0 \(\d{4}-\d\d-\d\d\)\n/);
    expect(plain).toContain('- **core:** streaming reads (#7) (');
    expect(plain).not.toContain('](');
    repo.git('tag', '-d', 'aetherflow-core-v0.2.0');
    repo.git('branch', '-D', 'release');

    const token = 'ghs_cliLinksToken0123456789';
    const server = await new GitHttpsServer(repo.origin, token, 'octo').start();
    const saved = { ...process.env };
    try {
      repo.git('remote', 'set-url', 'origin', server.url);
      Object.assign(process.env, server.env, { PYRELEASE_TOKEN: token });
      const { code, stderr } = await cli('cut-release', ...args);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      process.env = saved;
      await server.stop();
    }
    const web = server.url.replace(/\.git$/, '');
    const changelog = repo.git('show', 'aetherflow-core-v0.2.0:packages/core/CHANGELOG.md');
    const sha = repo.git('rev-parse', 'test');
    expect(changelog).toContain(
      `## [0.2.0](${web}/compare/aetherflow-core-v0.1.0...aetherflow-core-v0.2.0) (`,
    );
    expect(changelog).toContain(
      `- **core:** streaming reads ([#7](${web}/pull/7)) ([${sha.slice(0, 7)}](${web}/commit/${sha}))`,
    );
    expect(changelog).not.toContain(token);
  });

  it('keeps everything local without --push (release flow §9)', async () => {
    repo = Monorepo.create(PACKAGES);
    const before = repo.originRefs();
    const { code, stdout } = await cli(
      'cut-release',
      '--mode',
      'rc',
      '--base-branch',
      'test',
      '--release-branch',
      'release-test',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'released on release-test, local only (use --push to push):\n  aetherflow-core-v0.1.0rc1\n  aetherflow-scheduler-v0.3.0rc1',
    );
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('tag', '--list').split('\n')).toEqual([
      'aetherflow-core-v0.1.0rc1',
      'aetherflow-scheduler-v0.3.0rc1',
    ]);
    // The checkout is back on the branch it was on, so the user's next commit does not land on the
    // release branch; the release commits are on the local release-test.
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('test');
    expect(repo.read('packages/core/pyproject.toml')).toContain('version = "0.1.0"');
    expect(repo.git('show', 'release-test:packages/core/pyproject.toml')).toContain('version = "0.1.0rc1"');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(stdout).toContain('a later run replaces these local tags unless they are pushed');

    // The local tags were never pushed, so a later run with --push releases the same versions, and
    // says that it replaces the local tags.
    const pushed = await cli(
      'cut-release',
      '--mode',
      'rc',
      '--base-branch',
      'test',
      '--release-branch',
      'release-test',
      '--push',
    );
    expect(pushed.code).toBe(0);
    expect(repo.originTags()).toEqual(['aetherflow-core-v0.1.0rc1', 'aetherflow-scheduler-v0.3.0rc1']);
    expect(pushed.stderr).toContain(
      'warning: local tag aetherflow-core-v0.1.0rc1 was left by an earlier run that did not push: this run replaces it',
    );
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('test');

    // Detached: the checkout goes back to the same commit, still detached.
    const head = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '--quiet', '--detach', head);
    repo.commit('fix(core): detached work', { 'packages/core/x.py': '1\n' });
    const detachedHead = repo.git('rev-parse', 'HEAD');
    repo.git('push', '--quiet', 'origin', 'HEAD:test');
    const detached = await cli(
      'cut-release',
      '--mode',
      'rc',
      '--base-branch',
      'test',
      '--release-branch',
      'release-test',
    );
    expect(detached.code).toBe(0);
    expect(repo.git('rev-parse', 'HEAD')).toBe(detachedHead);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
  });

  it('changes nothing with --dry-run and prints what it would run', async () => {
    repo = Monorepo.create(PACKAGES);
    const localBefore = repo.git('for-each-ref');
    const originBefore = repo.originRefs();
    const { code, stdout } = await cli(
      'cut-release',
      '--mode',
      'final',
      '--base-branch',
      'test',
      '--release-branch',
      'release',
      '--push',
      '--dry-run',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('dry run, would run:');
    // The plan is printed once per run.
    expect(stdout.match(/^PACKAGE +PATH +PREVIOUS/gm)).toHaveLength(1);
    expect(stdout).toMatch(/git checkout -B release [0-9a-f]{40}/);
    expect(stdout).toContain(
      'commit "release(aetherflow-core): 0.1.0" (packages/core/pyproject.toml, packages/core/CHANGELOG.md) and tag aetherflow-core-v0.1.0',
    );
    expect(stdout).toContain(
      'git push --atomic --porcelain --force-with-lease=refs/heads/release: --end-of-options origin',
    );
    expect(repo.git('for-each-ref')).toBe(localBefore);
    expect(repo.originRefs()).toBe(originBefore);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('test');
  });

  it('needs its three flags', async () => {
    repo = Monorepo.create(PACKAGES);
    const { code, stderr } = await cli('cut-release', '--mode', 'rc', '--base-branch', 'test');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'pyrelease cut-release: --release-branch is required (pyrelease cut-release --help lists the options)',
    );
  });
});
