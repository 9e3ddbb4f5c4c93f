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

  it('says so when master holds more than the rc, and releases what master has', async () => {
    const subjects = await releaseCandidatesOnTest();
    promote('squash', subjects);
    repo.commit('docs(core): a note only master has', { 'libs/core/NOTES.md': 'note\n' });
    repo.git('push', '--quiet', 'origin', 'master');
    const run = await cutFinal();
    expect(run.code).toBe(0);
    expect(run.outputs.tags).toBe('core-v0.1.1 scheduler-v1.4.1');
    expect(annotations(run.stdout, 'warning')).toContain(
      "core: final 0.1.1 is below core-v0.2.0rc2, which it does not promote: libs/core at the head is not the folder that rc was cut from, so the final counts the head's own commits; promote the tested commit unchanged to release the rc",
    );
  });
});
