import { describe, expect, it } from '@jest/globals';
import { testPackage } from '../../../test/support/packages.js';
import { computePlan } from '../src/plan/compute.js';
import { Story } from './support/story.js';

/**
 * A commit whose copy (a rebase, a squash's body) a final released is not counted again by the next
 * release; a later commit that only repeats its message is (facts.ts withoutReleasedCopies).
 */

const core = testPackage('core', 'libs/core', '0.1.0');
const pkgPlan = (s: Story) => s.plan('rc', [core]).packages[0];

/** init on test, final 0.1.0; test: `first` -> rc; master gets `onMaster` (copy or squash) -> final 0.1.1. */
function world(onMaster: (base: string) => { message: string; files: string[] }) {
  const s = new Story();
  const base = s.commit('chore: init', 'libs/core/a.py');
  s.tag('core-v0.1.0');
  s.commit('fix: typo', 'libs/core/a.py');
  s.tag('core-v0.1.1rc1');
  const m = { sha: 'm'.repeat(40), parents: [base], ...onMaster(base) };
  const q = {
    sha: 'q'.repeat(40),
    parents: [m.sha],
    message: 'release(core): 0.1.1',
    files: ['libs/core/pyproject.toml'],
  };
  s.commits.unshift(m, q);
  s.tags.push({ name: 'core-v0.1.1', commit: q.sha });
  return s;
}

describe("a commit that repeats a released copy's message is a change of its own", () => {
  it('rebase promotion: a later, unrelated "fix: typo" in the same file on test', () => {
    const s = world(() => ({ message: 'fix: typo', files: ['libs/core/a.py'] }));
    s.commit('fix: typo', 'libs/core/a.py'); // a new typo fix, months later
    const p = pkgPlan(s);
    expect(p.commits.map((c) => c.message)).toEqual(['fix: typo']);
    expect(p.next?.text).toBe('0.1.2rc1');
  });

  it('squash promotion: a later "fix: typo" in any file the big squash touched', () => {
    const s = world(() => ({
      message: 'Promote test to master (#42)\n\n* fix: typo\n\n* feat: something else',
      files: ['libs/core/a.py', 'libs/core/b.py', 'libs/core/c.py'],
    }));
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
    // promoted by rebase: the copy on master, final 0.2.0
    const m = { sha: 'm'.repeat(40), parents: [base], message: 'feat: retries', files: ['libs/core/a.py'] };
    const q = {
      sha: 'q'.repeat(40),
      parents: [m.sha],
      message: 'release(core): 0.2.0',
      files: ['libs/core/pyproject.toml'],
    };
    s.commits.unshift(m, q);
    s.tags.push({ name: 'core-v0.2.0', commit: q.sha });
    s.commit('Revert "feat: retries"', 'libs/core/a.py');
    s.tag('core-v0.2.1rc1');
    s.commit('feat: retries', 'libs/core/a.py'); // git cherry-pick <original>: same message, same files
    const p = pkgPlan(s);
    expect(p.commits.map((c) => c.message)).toEqual(['feat: retries']);
    expect(p.next?.text).toBe('0.3.0rc1');
  });

  it('still drops the original promoted before any rc (rebase and squash), and a hotfix cherry-picked to test', () => {
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
      const m = { sha: 'm'.repeat(40), parents: [base], ...copy };
      const q = {
        sha: 'q'.repeat(40),
        parents: [m.sha],
        message: 'release(core): 1.0.0',
        files: ['libs/core/pyproject.toml'],
      };
      s.commits.unshift(m, q);
      s.tags.push({ name: 'core-v1.0.0', commit: q.sha });
      expect(pkgPlan(s).commits).toEqual([]);
    }
  });
});

describe('final mode on master', () => {
  it('a hotfix on master with the message and file of a commit an rc released on test', () => {
    const s = new Story();
    const base = s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('fix: typo', 'libs/core/a.py'); // on test
    s.tag('core-v0.1.1rc1');
    // master: the rebased copy, the final 0.1.1 (a release commit off master), then a hotfix on master.
    const m = { sha: 'm'.repeat(40), parents: [base], message: 'fix: typo', files: ['libs/core/a.py'] };
    const q = {
      sha: 'q'.repeat(40),
      parents: [m.sha],
      message: 'release(core): 0.1.1',
      files: ['libs/core/pyproject.toml'],
    };
    const h = { sha: 'h'.repeat(40), parents: [m.sha], message: 'fix: typo', files: ['libs/core/a.py'] };
    s.commits.unshift(h, q, m);
    s.tags.push({ name: 'core-v0.1.1', commit: q.sha });
    const plan = computePlanAt(s, h.sha);
    expect(plan.commits.map((c) => c.message)).toEqual(['fix: typo']);
    expect(plan.next?.text).toBe('0.1.2');
  });
});

function computePlanAt(s: Story, head: string) {
  return computePlan({ mode: 'final', packages: [core], tags: s.tags, history: { head, commits: s.commits } })
    .packages[0];
}
