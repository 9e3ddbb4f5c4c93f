import { afterEach, describe, expect, it } from '@jest/globals';
import { annotations, cutReleaseRc, runAction } from '../../../test/support/action-runner.js';
import { Monorepo } from '../../../test/support/repo.js';

/**
 * release flow §1: what an rc run released from `test` is promoted into `master` by one of GitHub's merge
 * buttons, and the final run on master releases it. Whatever the button, the final is the same: never
 * below the rc, and with the entries of the commits the rc released.
 */

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/scheduler', name: 'scheduler', version: '1.4.0' },
];
type Promotion = 'merge' | 'squash' | 'rebase' | 'fast-forward';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

function cutFinal() {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      mode: 'final',
      'base-branch': 'master',
      'release-branch': 'release',
      'create-github-release': 'false',
    },
    env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
  });
}

/** Promotes test into master the way GitHub's button does, as the pull request #42. */
function promote(how: Promotion, subjects: readonly string[]): void {
  repo.git('checkout', '--quiet', 'master');
  // GitHub commits the merge (and the rebased copies) as itself: new commits, whatever the dates.
  const github = ['-c', 'user.name=GitHub', '-c', 'user.email=noreply@github.com'];
  if (how === 'merge')
    repo.git(...github, 'merge', '--quiet', '--no-ff', '-m', 'Merge pull request #42 from octo/test', 'test');
  if (how === 'squash') {
    repo.git('merge', '--quiet', '--squash', 'test');
    const body = subjects.map((s) => `* ${s}`).join('\n\n');
    repo.git(...github, 'commit', '--quiet', '-m', `Promote test to master (#42)\n\n${body}`);
  }
  if (how === 'rebase') repo.git(...github, 'cherry-pick', 'master..test');
  if (how === 'fast-forward') repo.git('merge', '--quiet', '--ff-only', 'test');
  repo.git('push', '--quiet', 'origin', 'master');
}

/** A final 0.1.0 / 1.4.0 on master, then on test a breaking change and two fixes, released as rcs. */
async function releaseCandidatesOnTest(): Promise<string[]> {
  repo = Monorepo.create(PACKAGES);
  repo.git('push', '--quiet', 'origin', 'test:master');
  repo.git('checkout', '--quiet', '-b', 'master', '--track', 'origin/master');
  expect((await cutFinal()).outputs.tags).toBe('core-v0.1.0 scheduler-v1.4.0');
  repo.git('checkout', '--quiet', 'test');
  const subjects = ['feat(core)!: a new configuration API', 'fix(scheduler): retry on timeouts'];
  repo.commit(subjects[0], { 'libs/core/src/core/api.py': 'VERSION = 2\n' });
  repo.commit(subjects[1], { 'libs/scheduler/src/scheduler/retry.py': 'RETRIES = 3\n' });
  repo.git('push', '--quiet', 'origin', 'test');
  expect((await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'))).outputs.tags).toBe(
    'core-v0.2.0rc1 scheduler-v1.4.1rc1',
  );
  repo.git('checkout', '--quiet', 'test');
  const more = 'fix(core): keep the old names as aliases';
  repo.commit(more, { 'libs/core/src/core/aliases.py': 'OLD = 1\n' });
  repo.git('push', '--quiet', 'origin', 'test');
  expect((await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'))).outputs.tags).toBe('core-v0.2.0rc2');
  repo.git('checkout', '--quiet', 'test');
  return [...subjects, more];
}

describe('a final promotes the rcs whatever merge button brought them to master', () => {
  const finals = new Map<Promotion, { tags: string; core: string; scheduler: string }>();

  it.each<Promotion>(['merge', 'squash', 'rebase', 'fast-forward'])('promoted by %s', async (how) => {
    const subjects = await releaseCandidatesOnTest();
    promote(how, subjects);
    const run = await cutFinal();
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.tags).toBe('core-v0.2.0 scheduler-v1.4.1');
    const notes = (tag: string) => repo.originFile(tag, `libs/${tag.split('-v')[0]}/CHANGELOG.md`);
    const core = notes('core-v0.2.0').split('\n## 0.1.0')[0];
    const scheduler = notes('scheduler-v1.4.1').split('\n## 1.4.0')[0];
    expect(core).toContain('a new configuration API');
    expect(core).toContain('keep the old names as aliases');
    expect(core).not.toContain('retry on timeouts');
    expect(scheduler).toContain('retry on timeouts');
    for (const section of [core, scheduler]) {
      expect(section).not.toContain('Promote test to master');
      expect(section).not.toContain('Merge pull request');
    }
    // Each repository has its own SHAs: an entry's commit is named by its place on test (or as unknown).
    const onTest = repo.git('log', '--format=%h', '--abbrev=7', 'origin/test').split('\n');
    const placed = (section: string) =>
      section.replace(/\(([0-9a-f]{7})\)/g, (_, sha: string) => `(test~${onTest.indexOf(sha)})`);
    finals.set(how, { tags: run.outputs.tags, core: placed(core), scheduler: placed(scheduler) });
  });

  it('gives the same versions and the same entries for all four', () => {
    expect(finals.size).toBe(4);
    expect(finals.get('squash')?.core).toMatch(/a new configuration API \(test~2\)/);
    // The date in each section's heading is the day of the run: the entries are what must agree.
    const entries = (section: string) => section.replace(/\(\d{4}-\d\d-\d\d\)/g, '');
    const [first, ...others] = [...finals.values()].map((f) => ({
      tags: f.tags,
      core: entries(f.core),
      scheduler: entries(f.scheduler),
    }));
    for (const other of others) expect(other).toEqual(first);
  });
});

describe('squash promotions, one after another', () => {
  it('a second promotion releases only what its rcs added', async () => {
    const subjects = await releaseCandidatesOnTest();
    promote('squash', subjects);
    expect((await cutFinal()).outputs.tags).toBe('core-v0.2.0 scheduler-v1.4.1');
    repo.git('checkout', '--quiet', 'test');
    const next = 'feat(core): a second entry point';
    repo.commit(next, { 'libs/core/src/core/entry.py': 'MAIN = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    expect((await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'))).outputs.tags).toBe(
      'core-v0.3.0rc1',
    );
    repo.git('checkout', '--quiet', 'test');
    promote('squash', [next]);
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('core-v0.3.0');
    const section = repo.originFile('core-v0.3.0', 'libs/core/CHANGELOG.md').split('\n## 0.2.0')[0];
    expect(section).toContain('a second entry point');
    expect(section).not.toContain('a new configuration API');
    expect(section).not.toContain('Promote test to master');
  });

  it('reads the squashed commits when master holds more than the rc: never below it', async () => {
    const subjects = await releaseCandidatesOnTest();
    promote('squash', subjects);
    repo.commit('docs(core): a note only master has', { 'libs/core/NOTES.md': 'note\n' });
    repo.git('push', '--quiet', 'origin', 'master');
    const run = await cutFinal();
    expect(run.code).toBe(0);
    expect(run.outputs.tags).toBe('core-v0.2.0 scheduler-v1.4.1');
    expect(annotations(run.stdout, 'warning')).toEqual([]);
    const section = repo.originFile('core-v0.2.0', 'libs/core/CHANGELOG.md').split('\n## 0.1.0')[0];
    expect(section).toContain('a new configuration API');
    expect(section).not.toContain('retry on timeouts');
  });
});

/** A final 0.1.0 / 1.4.0 on master; test checked out. */
async function finalsOnMaster(): Promise<void> {
  repo = Monorepo.create(PACKAGES);
  repo.git('push', '--quiet', 'origin', 'test:master');
  repo.git('checkout', '--quiet', '-b', 'master', '--track', 'origin/master');
  expect((await cutFinal()).outputs.tags).toBe('core-v0.1.0 scheduler-v1.4.0');
  repo.git('checkout', '--quiet', 'test');
}

async function rcOnTest(): Promise<string> {
  repo.git('push', '--quiet', 'origin', 'test');
  const run = await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'));
  repo.git('checkout', '--quiet', 'test');
  return run.outputs.tags;
}

/** GitHub's squash of test into master: the title, then `* <subject>` of every commit the pull request shows. */
function squashAsGitHub(title: string): void {
  const subjects = repo.git('log', '--format=%s', '--reverse', 'master..test').split('\n');
  repo.git('checkout', '--quiet', 'master');
  repo.git('merge', '--quiet', '--squash', 'test');
  const body = subjects.map((s) => `* ${s}`).join('\n\n');
  repo.git('-c', 'user.name=GitHub', 'commit', '--quiet', '-m', `${title}\n\n${body}`);
  repo.git('push', '--quiet', 'origin', 'master');
}

describe('promotions that the folder alone does not show', () => {
  it.each<Promotion>(['merge', 'squash', 'rebase', 'fast-forward'])(
    'a commit that releases nothing after the rc, promoted by %s: the same final',
    async (how) => {
      await finalsOnMaster();
      const breaking = 'feat(core)!: a new configuration API';
      repo.commit(breaking, { 'libs/core/src/core/api.py': 'VERSION = 2\n' });
      expect(await rcOnTest()).toBe('core-v0.2.0rc1');
      const polish = 'docs(core): polish the notes before the final';
      repo.commit(polish, { 'libs/core/README.md': 'Core\n' });
      expect(await rcOnTest()).toBe('');
      promote(how, [breaking, polish]);
      const run = await cutFinal();
      expect(run.outputs.tags).toBe('core-v0.2.0');
      const section = repo.originFile('core-v0.2.0', 'libs/core/CHANGELOG.md').split('\n## 0.1.0')[0];
      expect(section).toMatch(/### Breaking Changes\n\n- \*\*core:\*\* a new configuration API/);
      expect(section).not.toContain('Promote test to master');
    },
  );

  it('a squash titled with a type that releases nothing still releases what it folded', async () => {
    await finalsOnMaster();
    repo.commit('feat(core): a feature', { 'libs/core/src/core/f.py': 'F = 1\n' });
    expect(await rcOnTest()).toBe('core-v0.2.0rc1');
    repo.commit('docs(core): readme', { 'libs/core/README.md': 'x\n' });
    squashAsGitHub('chore: promote test (#42)');
    expect((await cutFinal()).outputs.tags).toBe('core-v0.2.0');
  });

  it('an rc reverted on test is never released from a master that did not receive it', async () => {
    await finalsOnMaster();
    const feat = repo.commit('feat(core)!: a new configuration API', {
      'libs/core/src/core/api.py': 'VERSION = 2\n',
    });
    expect(await rcOnTest()).toBe('core-v0.2.0rc1');
    repo.git('revert', '--no-edit', feat);
    expect(await rcOnTest()).toBe('core-v0.2.0rc2');
    repo.git('checkout', '--quiet', 'master');
    repo.commit('fix(scheduler): a hotfix on master', { 'libs/scheduler/src/scheduler/hot.py': 'X = 1\n' });
    repo.git('push', '--quiet', 'origin', 'master');
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('scheduler-v1.4.1');
  });

  it('a hotfix on master merged back into test, then a squash: never below the rc', async () => {
    await finalsOnMaster();
    repo.commit('feat(core)!: a new configuration API', { 'libs/core/src/core/api.py': 'VERSION = 2\n' });
    expect(await rcOnTest()).toBe('core-v0.2.0rc1');
    repo.git('checkout', '--quiet', 'master');
    repo.commit('fix(core): a hotfix on master', { 'libs/core/src/core/hot.py': 'X = 1\n' });
    repo.git('push', '--quiet', 'origin', 'master');
    expect((await cutFinal()).outputs.tags).toBe('core-v0.1.1');
    repo.git('checkout', '--quiet', 'test');
    repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge master into test', 'origin/master');
    expect(await rcOnTest()).toBe('');
    squashAsGitHub('Promote test (#43)');
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('core-v0.2.0');
    const section = repo.originFile('core-v0.2.0', 'libs/core/CHANGELOG.md').split('\n## 0.1.1')[0];
    expect(section).toContain('a new configuration API');
    expect(section).not.toContain('a hotfix on master');
  });

  it.each<Promotion>(['rebase', 'squash'])(
    'a change promoted by %s before any rc is not released again by the next rc, nor its Release-As',
    async (how) => {
      await finalsOnMaster();
      const message = 'feat(core): a new entry point\n\nRelease-As: 1.0.0';
      repo.commit(message, { 'libs/core/src/core/entry.py': 'E = 1\n' });
      repo.git('push', '--quiet', 'origin', 'test');
      // GitHub's squash body lists each commit's whole message.
      promote(how, [message]);
      expect((await cutFinal()).outputs.tags).toBe('core-v1.0.0');
      repo.git('checkout', '--quiet', 'test');
      // The original commit is still on test, outside the final's history: its copy was released.
      const run = await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'));
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.outputs.tags).toBe('');
      repo.git('checkout', '--quiet', 'test');
      repo.commit('fix(core): a fix after the final', { 'libs/core/src/core/later.py': 'L = 1\n' });
      expect(await rcOnTest()).toBe('core-v1.0.1rc1');
      const section = repo.originFile('core-v1.0.1rc1', 'libs/core/CHANGELOG.md').split('\n## 1.0.0')[0];
      expect(section).toContain('a fix after the final');
      expect(section).not.toContain('a new entry point');
    },
  );

  it('a long-lived test squashed twice without a merge back: released commits are not counted again', async () => {
    await finalsOnMaster();
    repo.commit('feat(core)!: a new configuration API', { 'libs/core/src/core/api.py': 'VERSION = 2\n' });
    repo.commit('docs(core): readme', { 'libs/core/README.md': 'x\n' });
    expect(await rcOnTest()).toBe('core-v0.2.0rc1');
    squashAsGitHub('Promote test (#42)');
    expect((await cutFinal()).outputs.tags).toBe('core-v0.2.0');
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): a fix after the final', { 'libs/core/src/core/later.py': 'L = 1\n' });
    repo.commit('docs(core): a guide', { 'libs/core/GUIDE.md': 'y\n' });
    expect(await rcOnTest()).toBe('core-v0.2.1rc1');
    repo.commit('docs(core): a note after the rc', { 'libs/core/NOTES.md': 'z\n' });
    // The pull request shows every commit since test began: the breaking change again.
    squashAsGitHub('Promote test (#43)');
    expect(repo.git('log', '-1', '--format=%B', 'master')).toContain(
      '* feat(core)!: a new configuration API',
    );
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('core-v0.2.1');
    const section = repo.originFile('core-v0.2.1', 'libs/core/CHANGELOG.md').split('\n## 0.2.0')[0];
    expect(section).toContain('a fix after the final');
    expect(section).not.toContain('a new configuration API');
  });
});

describe('a later commit with the message of a released commit is released', () => {
  /** `fix(core): typo` released as 0.1.1rc1 on test, promoted by `how`, released as 0.1.1. */
  async function typoReleased(how: Promotion): Promise<void> {
    await finalsOnMaster();
    repo.commit('fix(core): typo', { 'libs/core/src/core/api.py': 'HELLO = "wrold"\n' });
    expect(await rcOnTest()).toBe('core-v0.1.1rc1');
    promote(how, ['fix(core): typo']);
    expect((await cutFinal()).outputs.tags).toBe('core-v0.1.1');
  }

  it.each<Promotion>(['rebase', 'squash'])(
    'promoted by %s, then a new "fix(core): typo" on test',
    async (how) => {
      await typoReleased(how);
      repo.git('checkout', '--quiet', 'test');
      // Weeks later, another fix in the same file, with the same (very common) message.
      repo.commit('fix(core): typo', { 'libs/core/src/core/api.py': 'HELLO = "world"\n' });
      expect(await rcOnTest()).toBe('core-v0.1.2rc1');
    },
  );

  it.each<Promotion>(['rebase', 'squash'])(
    'after a promotion by %s, a hotfix "fix(core): typo" on master',
    async (how) => {
      await typoReleased(how);
      repo.git('checkout', '--quiet', 'master');
      repo.git('pull', '--quiet', '--ff-only');
      repo.commit('fix(core): typo', { 'libs/core/src/core/api.py': 'HELLO = "world"\n' });
      repo.git('push', '--quiet', 'origin', 'master');
      const run = await cutFinal();
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.outputs.tags).toBe('core-v0.1.2');
    },
  );
});
