import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotations, runAction, type Runtime } from '../../../test/support/action-runner.js';
import { FakeGitHub } from '../../../test/support/fake-github.js';
import { runnerCommands } from '../../../test/support/runner-log.js';
import { git, installHook, Monorepo, protectBranch, tagAppearsOnPush } from '../../../test/support/repo.js';

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/scheduler', name: 'scheduler', version: '1.4.0', style: 'poetry' as const },
];
const TOKEN = 'ghs_recognizableTokenValue0123456789';

let repo: Monorepo;
const github = FakeGitHub.forSuite();
afterEach(() => repo?.cleanup());

function cut(runtime: Runtime, inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction('cut-release', {
    runtime,
    cwd: repo.work,
    inputs: { mode: 'rc', 'base-branch': 'test', 'release-branch': 'release-test', token: TOKEN, ...inputs },
    env: {
      GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
      GITHUB_REPOSITORY: 'octo/aetherflow',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.example',
      ...env,
    },
  });
}

function expectNoToken(run: { stdout: string; stderr: string; summary: string }) {
  for (const text of [
    run.stdout,
    run.stderr,
    run.summary,
    readFileSync(join(repo.work, '.git/config'), 'utf8'),
  ]) {
    expect(text).not.toContain(TOKEN);
  }
}

describe.each<Runtime>(['node24', 'node20'])('dist/cut-release/index.js on %s', (runtime) => {
  it('releases, sets the outputs, creates prereleases and writes the summary', async () => {
    repo = Monorepo.create(PACKAGES);
    const run = await cut(runtime);
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.released)).toEqual([
      {
        name: 'core',
        version: '0.1.0rc1',
        previous: null,
        tag: 'core-v0.1.0rc1',
        path: 'libs/core',
        channel: 'rc',
      },
      {
        name: 'scheduler',
        version: '1.4.0rc1',
        previous: null,
        tag: 'scheduler-v1.4.0rc1',
        path: 'libs/scheduler',
        channel: 'rc',
      },
    ]);
    expect(run.outputs.tags).toBe('core-v0.1.0rc1 scheduler-v1.4.0rc1');
    expect(run.outputs.count).toBe('2');
    expect(run.outputs['release-sha']).toBe(git(repo.origin, ['rev-parse', 'release-test']));
    expect(github.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/repos/octo/aetherflow/releases'],
      ['POST', '/repos/octo/aetherflow/releases'],
    ]);
    expect(github.requests[0].headers.authorization).toBe(`token ${TOKEN}`);
    expect(github.requests[0].body).toMatchObject({ tag_name: 'core-v0.1.0rc1', prerelease: true });
    expect((github.requests[0].body as { body: string }).body).toMatch(
      /^## 0\.1\.0rc1 \(\d{4}-\d\d-\d\d\)\n\nFirst release\.\n$/,
    );
    expect(run.summary).toContain('### pyrelease cut-release: rc (pushed)');
    expect(run.summary).toContain(
      '| core | libs/core | - | 0.1.0rc1 | - | 1 | declared 0.1.0, no final release yet |',
    );
    expect(run.summary).toContain(
      '- core-v0.1.0rc1 (rc): [GitHub Release](https://github.example/releases/tag/core-v0.1.0rc1)',
    );
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expectNoToken({ ...run, stdout: run.stdout.replace(`::add-mask::${TOKEN}`, '') });
  });

  it('warns when the Releases API answers 500, and the release stands', async () => {
    repo = Monorepo.create(PACKAGES);
    github.status = 500;
    const run = await cut(runtime, { mode: 'final', 'release-branch': 'release' });
    expect(run.code).toBe(0);
    expect(run.outputs.count).toBe('2');
    expect(repo.originTags()).toEqual(['core-v0.1.0', 'scheduler-v1.4.0']);
    const warnings = annotations(run.stdout, 'warning');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^could not create the GitHub Release for core-v0\.1\.0 \(the tag is released and publishes anyway; the next run creates it\): /,
    );
    expect(github.requests.length).toBeGreaterThanOrEqual(2);
    expect(github.requests[0].body).toMatchObject({ prerelease: false });
  });

  it('fails on a protected release branch with one error line and the fix, pushing nothing', async () => {
    repo = Monorepo.create(PACKAGES);
    protectBranch(repo.origin, 'refs/heads/release-test');
    const before = repo.originRefs();
    const run = await cut(runtime);
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain('\n');
    expect(errors[0]).toMatch(
      /^push of release-test was rejected by branch protection or a ruleset \(nothing was pushed\): .*GH006/,
    );
    expect(errors[0]).toContain('actions/create-github-app-token');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(repo.originRefs()).toBe(before);
    expect(github.requests).toEqual([]);
  });

  it('leaves out a tag already on the remote with a warning', async () => {
    repo = Monorepo.create(PACKAGES);
    tagAppearsOnPush(repo.origin, 'core-v0.1.0rc1', 'test');
    const run = await cut(runtime, { 'create-github-release': 'false' });
    expect(run.code).toBe(0);
    expect(annotations(run.stdout, 'warning')).toEqual([
      'tag core-v0.1.0rc1 already exists on origin: left out of the push',
    ]);
    expect(run.outputs.tags).toBe('scheduler-v1.4.0rc1');
    expect(github.requests).toEqual([]);
  });

  it('fails when the base moved since the tested commit (GITHUB_SHA, or head_sha of a workflow_run)', async () => {
    repo = Monorepo.create(PACKAGES);
    const tested = repo.git('rev-parse', 'HEAD');
    repo.commit('fix: later', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const run = await cut(runtime, {}, { GITHUB_SHA: tested });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(/^base moved since CI ran: the tested commit is /);
    expect(repo.originRefs()).toBe(before);
    const head = repo.git('rev-parse', 'HEAD');
    const viaWorkflowRun = await runAction('cut-release', {
      runtime,
      cwd: repo.work,
      eventName: 'workflow_run',
      event: { workflow_run: { head_sha: head, conclusion: 'success' } },
      inputs: {
        mode: 'rc',
        'base-branch': 'test',
        'release-branch': 'release-test',
        'create-github-release': 'false',
      },
      env: { GITHUB_SHA: tested },
    });
    expect(viaWorkflowRun.code).toBe(0);
    expect(viaWorkflowRun.outputs.count).toBe('2');
  });

  it('fails on a dirty tree, a missing base branch, a malformed pyproject.toml and a bad input, changing nothing', async () => {
    repo = Monorepo.create(PACKAGES);
    const before = repo.originRefs();
    repo.write('libs/core/pyproject.toml', 'dirty');
    let run = await cut(runtime);
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([
      1,
      [
        'the working tree has uncommitted changes (libs/core/pyproject.toml); commit or stash them, or set allow-dirty: true',
      ],
    ]);
    repo.git('checkout', '--', '.');
    run = await cut(runtime, { 'base-branch': 'staging' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([
      1,
      ['the remote base branch origin/staging does not exist'],
    ]);
    run = await cut(runtime, { mode: 'gamma' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([
      1,
      ['input mode must be alpha, beta, rc, dev or final, got "gamma"'],
    ]);
    run = await cut(runtime, { push: 'yes' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([
      1,
      ['input push must be true or false, got "yes"'],
    ]);
    run = await cut(runtime, { 'publish-max-chunks': '300' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([
      1,
      ['input publish-max-chunks must be a whole number from 2 to 256, got "300"'],
    ]);
    expect(repo.originRefs()).toBe(before);
    repo.commit('chore: break', {
      'libs/scheduler/pyproject.toml': '[tool.poetry]\nname = "scheduler"\nversion = [\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const broken = repo.originRefs();
    run = await cut(runtime);
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^libs\/scheduler\/pyproject\.toml:\d+:\d+: invalid TOML: /,
    );
    // The annotation sits on the file and line, as the runner reads it.
    const [annotation] = runnerCommands(run.stdout).filter((c) => c.command === 'error');
    expect(annotation.properties).toMatchObject({
      file: 'libs/scheduler/pyproject.toml',
      line: expect.stringMatching(/^\d+$/),
      col: expect.stringMatching(/^\d+$/),
      title: 'pyrelease',
    });
    expect(repo.originRefs()).toBe(broken);
    expect(before).not.toBe(broken);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('warns on a detached HEAD, and a re-run on the same SHA releases nothing', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('checkout', '--quiet', '--detach', 'HEAD');
    let run = await cut(runtime, { 'create-github-release': 'false' });
    expect(run.code).toBe(0);
    expect(annotations(run.stdout, 'warning')).toEqual([
      'HEAD is detached (usual in GitHub Actions): continuing from the base branch',
    ]);
    repo.git('checkout', '--quiet', '--detach', 'test');
    const before = repo.originRefs();
    // Releases stay off: with them on, the re-run would create the first run's (release-backlog.test.ts).
    run = await cut(runtime, { 'create-github-release': 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ released: '[]', tags: '', 'release-sha': '', count: '0' });
    expect(run.summary).toContain('Nothing to release.');
    expect(repo.originRefs()).toBe(before);
    expect(github.requests).toEqual([]);
  });

  it('changes nothing in a dry run, and its outputs say nothing was released', async () => {
    repo = Monorepo.create(PACKAGES);
    const local = repo.git('for-each-ref');
    const before = repo.originRefs();
    const run = await cut(runtime, { 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ released: '[]', tags: '', 'release-sha': '', count: '0' });
    expect(run.summary).toContain('### pyrelease cut-release: rc (dry run, nothing changed)');
    expect(run.summary).toContain('| core | libs/core | - | 0.1.0rc1 |');
    expect(run.summary).toMatch(
      /Would run:\n\n```\ngit checkout -B release-test [0-9a-f]{40}\ncommit "release\(core\): 0\.1\.0rc1"/,
    );
    expect(repo.git('for-each-ref')).toBe(local);
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(github.requests).toEqual([]);
  });

  it('refuses to force-move master after a fast-forward promotion, and a protected branch GitHub names', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('push', '--quiet', 'origin', 'test:master', 'test:release-test');
    github.protectedBranches.add('release-test');
    const before = repo.originRefs();
    const master = await cut(runtime, { 'release-branch': 'master' });
    expect(master.code).toBe(1);
    expect(annotations(master.stdout, 'error')).toEqual([
      "release branch master is named like a base branch and holds no release commit of pyrelease, so it is somebody's branch and resetting it would move it: nothing was changed; check release-branch, or name master in release-branches of the root [tool.pyrelease] if it is a release branch",
    ]);
    expect(github.requests).toEqual([]);
    const protectedBranch = await cut(runtime);
    expect(protectedBranch.code).toBe(1);
    expect(annotations(protectedBranch.stdout, 'error')[0]).toMatch(
      /^release branch release-test is a protected branch and holds no release commit of pyrelease/,
    );
    expect(github.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/repos/octo/aetherflow/branches/release-test', `token ${TOKEN}`],
    ]);
    expect(repo.originRefs()).toBe(before);
  });

  it('refuses to reset a release branch holding other work, and creates per-run release branches', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('checkout', '--quiet', '-b', 'master');
    const hotfix = repo.commit('fix: hotfix only on master', { 'libs/core/hot.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'master');
    repo.git('checkout', '--quiet', 'test');
    const before = repo.originRefs();
    const refused = await cut(runtime, { 'release-branch': 'master' });
    expect(refused.code).toBe(1);
    expect(annotations(refused.stdout, 'error')).toEqual([
      `release branch master holds 1 commit(s) that are neither on test nor release commits of pyrelease, the first ${hotfix.slice(0, 12)} "fix: hotfix only on master"; resetting it would lose them, so nothing was changed: check release-branch, or bring those commits to test first`,
    ]);
    expect(repo.originRefs()).toBe(before);
    expect(github.requests).toEqual([]);

    const sha = repo.git('rev-parse', 'HEAD');
    const perRun = await cut(runtime, {
      'release-branch': 'release/rc-{date}-{sha}',
      'create-github-release': 'false',
    });
    expect(perRun.code).toBe(0);
    const branch = perRun.outputs['release-branch'];
    expect(branch).toMatch(new RegExp(`^release/rc-\\d{8}-${sha.slice(0, 7)}$`));
    expect(git(repo.origin, ['rev-parse', branch])).toBe(perRun.outputs['release-sha']);
    repo.git('checkout', '--quiet', 'test');
    const again = await cut(runtime, { 'release-branch': 'release/rc-{date}-{sha}' });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ count: '0', 'release-branch': branch });
  });

  it('reads a brace glob in packages as one glob (commas inside braces do not split)', async () => {
    repo = Monorepo.create([...PACKAGES, { path: 'libs/extra', name: 'extra', version: '2.0.0' }]);
    const run = await cut(runtime, { 'dry-run': 'true', packages: 'libs/{core,scheduler}' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.summary).toContain('| core | libs/core | - | 0.1.0rc1 |');
    expect(run.summary).toContain('| scheduler | libs/scheduler | - | 1.4.0rc1 |');
    expect(run.summary).not.toContain('libs/extra');
  });

  it('keeps a hand edit made to CHANGELOG.md on the base branch after a release', async () => {
    repo = Monorepo.create(PACKAGES);
    expect((await cut(runtime, { 'create-github-release': 'false' })).code).toBe(0);
    repo.git('checkout', '--quiet', 'test');
    // The maintainer brings the released file to the base branch and fixes its wording.
    const released = git(repo.origin, ['show', 'core-v0.1.0rc1:libs/core/CHANGELOG.md']);
    repo.commit('docs: reword the changelog', {
      'libs/core/CHANGELOG.md': `${released.replace('# Changelog', '# Changelog of core\n\nHand-written note.')}\n`,
    });
    repo.commit('fix(core): later', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cut(runtime, { 'create-github-release': 'false' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.outputs.tags).toBe('core-v0.1.0rc2');
    expect(git(repo.origin, ['show', 'core-v0.1.0rc2:libs/core/CHANGELOG.md'])).toMatch(
      /^# Changelog of core\n\nHand-written note\.\n\n## \[0\.1\.0rc2\]\(https:\/\/github\.example\/octo\/aetherflow\/compare\/core-v0\.1\.0rc1\.\.\.core-v0\.1\.0rc2\) \([^]*\n## 0\.1\.0rc1 \(/,
    );
  });

  it('keeps origin consistent when two runs race', async () => {
    repo = Monorepo.create(PACKAGES);
    const second = Monorepo.clone(repo);
    try {
      installHook(repo.origin, 'pre-receive', '#!/bin/sh\ncat >/dev/null\nsleep 2\nexit 0\n');
      const sha = repo.git('rev-parse', 'HEAD');
      const runs = await Promise.all(
        [repo.work, second.work].map((cwd) =>
          runAction('cut-release', {
            runtime,
            cwd,
            inputs: {
              mode: 'rc',
              'base-branch': 'test',
              'release-branch': 'release-test',
              'create-github-release': 'false',
            },
            env: { GITHUB_SHA: sha },
          }),
        ),
      );
      const winners = runs.filter((r) => r.code === 0 && r.outputs.count === '2');
      expect(winners).toHaveLength(1);
      const other = runs.find((r) => r !== winners[0]);
      expect(other?.code === 1 ? annotations(other.stdout, 'error')[0] : other?.outputs.count).toMatch(
        /^push of release-test was rejected because it changed on the remote|^cannot push release-test|^0$/,
      );
      expect(git(repo.origin, ['rev-parse', 'release-test'])).toBe(winners[0].outputs['release-sha']);
      expect(repo.originTags()).toEqual(winners[0].outputs.tags.split(' ').sort());
    } finally {
      second.cleanup();
    }
  });

  it('never writes or prints the token, even when the https remote fails', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('remote', 'set-url', 'origin', 'https://127.0.0.1:9/octo/aetherflow.git');
    const run = await cut(runtime);
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^git ls-remote --heads --tags --end-of-options origin failed: .*127\.0\.0\.1/,
    );
    expectNoToken({ ...run, stdout: run.stdout.replace(`::add-mask::${TOKEN}`, '') });
  });
});
