import { describe, expect, it } from '@jest/globals';
import type { CommitRecord } from '../src/git/records.js';
import { computePlan } from '../src/plan/compute.js';
import { testPackage } from '../../../test/support/packages.js';
import { Story } from './support/story.js';

/**
 * A commit whose copy (a rebase, a squash's body) a final released is not counted again by the next
 * release; a later commit that only repeats its message is (facts.ts withoutReleasedCopies).
 */

const core = testPackage('core', 'libs/core', '0.1.0');
const pkgPlan = (s: Story) => s.plan('rc', [core]).packages[0];

/**
 * Off test's history, on `base`: master's `copy` of a commit (a rebased copy, or a squash), and the
 * final `version` released from it (a release commit on the release branch). Returns the copy.
 */
function finalOnMaster(
  s: Story,
  base: string,
  copy: Pick<CommitRecord, 'message' | 'files'>,
  version: string,
): CommitRecord {
  const m = { sha: 'm'.repeat(40), parents: [base], ...copy };
  const q = {
    sha: 'q'.repeat(40),
    parents: [m.sha],
    message: `release(core): ${version}`,
    files: ['libs/core/pyproject.toml'],
  };
  s.commits.unshift(q, m);
  s.tags.push({ name: `core-v${version}`, commit: q.sha });
  return m;
}

/** On test: final 0.1.0, `fix: typo` released as 0.1.1rc1; master gets `copy` of it, released as 0.1.1. */
function typoReleased(copy: Pick<CommitRecord, 'message' | 'files'>): { s: Story; copy: CommitRecord } {
  const s = new Story();
  const base = s.commit('chore: init', 'libs/core/a.py');
  s.tag('core-v0.1.0');
  s.commit('fix: typo', 'libs/core/a.py');
  s.tag('core-v0.1.1rc1');
  return { s, copy: finalOnMaster(s, base, copy, '0.1.1') };
}

describe("a commit that repeats a released copy's message is a change of its own", () => {
  it('rebase promotion: a later, unrelated "fix: typo" in the same file on test', () => {
    const { s } = typoReleased({ message: 'fix: typo', files: ['libs/core/a.py'] });
    s.commit('fix: typo', 'libs/core/a.py'); // a new typo fix, months later
    const p = pkgPlan(s);
    expect(p.commits.map((c) => c.message)).toEqual(['fix: typo']);
    expect(p.next?.text).toBe('0.1.2rc1');
  });

  it('squash promotion: a later "fix: typo" in any file the big squash touched', () => {
    const { s } = typoReleased({
      message: 'Promote test to master (#42)\n\n* fix: typo\n\n* feat: something else',
      files: ['libs/core/a.py', 'libs/core/b.py', 'libs/core/c.py'],
    });
    s.commit('fix: typo', 'libs/core/c.py'); // a new fix in c.py: the squash never had a "fix: typo" in c.py
    const p = pkgPlan(s);
    expect(p.commits.map((c) => c.message)).toEqual(['fix: typo']);
    expect(p.next?.text).toBe('0.1.2rc1');
  });

  it('revert on test, then re-apply by cherry-pick of the original', () => {
    const s = new Story();
    const base = s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('feat: retries', 'libs/core/a.py');
    s.tag('core-v0.2.0rc1');
    finalOnMaster(s, base, { message: 'feat: retries', files: ['libs/core/a.py'] }, '0.2.0');
    s.commit('Revert "feat: retries"', 'libs/core/a.py');
    s.tag('core-v0.2.1rc1');
    s.commit('feat: retries', 'libs/core/a.py'); // git cherry-pick <original>: same message, same files
    const p = pkgPlan(s);
    expect(p.commits.map((c) => c.message)).toEqual(['feat: retries']);
    expect(p.next?.text).toBe('0.3.0rc1');
  });

  it('still drops the original promoted before any rc, by rebase and by squash', () => {
    for (const copy of [
      { message: 'feat: x\n\nRelease-As: 1.0.0', files: ['libs/core/a.py'] },
      {
        message: 'Promote (#42)\n\n* feat: x\n\nRelease-As: 1.0.0',
        files: ['libs/core/a.py', 'libs/core/b.py'],
      },
    ]) {
      const s = new Story();
      const base = s.commit('chore: init', 'libs/core/a.py');
      s.tag('core-v0.1.0');
      s.commit('feat: x\n\nRelease-As: 1.0.0', 'libs/core/a.py');
      finalOnMaster(s, base, copy, '1.0.0');
      expect(pkgPlan(s).commits).toEqual([]);
    }
  });
});

describe('final mode on master', () => {
  it('a hotfix on master with the message and file of a commit an rc released on test', () => {
    const { s, copy } = typoReleased({ message: 'fix: typo', files: ['libs/core/a.py'] });
    // master: the rebased copy, then a hotfix on it (the final's release commit is off master).
    const h = { sha: 'h'.repeat(40), parents: [copy.sha], message: 'fix: typo', files: ['libs/core/a.py'] };
    s.commits.unshift(h);
    const plan = computePlan({
      mode: 'final',
      packages: [core],
      tags: s.tags,
      history: { head: h.sha, commits: s.commits },
    }).packages[0];
    expect(plan.commits.map((c) => c.message)).toEqual(['fix: typo']);
    expect(plan.next?.text).toBe('0.1.2');
  });
});
