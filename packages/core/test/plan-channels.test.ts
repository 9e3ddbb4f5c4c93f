import { describe, expect, it } from '@jest/globals';
import { formatPlanTable } from '../src/index.js';
import type { ReleaseMode } from '../src/versioning/channels.js';
import { testPackage } from '../../../test/support/packages.js';
import { Story } from './support/story.js';

const core = testPackage('core', 'libs/core', '1.0.0');
const only = (s: Story, mode: ReleaseMode) => s.plan(mode, [core]).packages[0];

/** A plan in `mode`, its version tagged as the release would: the version, or null when nothing is released. */
function release(s: Story, mode: ReleaseMode): string | null {
  const p = only(s, mode);
  if (p.tag) s.tag(p.tag);
  return p.next?.text ?? null;
}

describe('the release plan in every channel', () => {
  it('goes a1 -> a2 -> b1 -> rc1 -> final -> post1 -> the next feature, each counted from the one before', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.0.0');
    const steps: [string, ReleaseMode, string | null][] = [
      ['feat: new api', 'alpha', '1.1.0a1'],
      ['fix: api', 'alpha', '1.1.0a2'],
      ['fix: api again', 'beta', '1.1.0b1'],
      ['fix: last one', 'rc', '1.1.0rc1'],
      ['docs: note', 'final', '1.1.0'],
      ['build: add the license file\n\nRelease-As: 1.1.0.post1', 'final', '1.1.0.post1'],
      ['feat: more', 'final', '1.2.0'],
    ];
    for (const [message, mode, expected] of steps) {
      s.commit(message, 'libs/core/a.py');
      expect([message, release(s, mode)]).toEqual([message, expected]);
    }
    // Each release's changelog is its commits since the previous release (of any channel before a final).
    expect(only(s, 'final').skipReason).toBe('no changes since core-v1.2.0');
  });

  it('lists every commit since the last final in the final, whichever pre-releases came between', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.0.0');
    s.commit('feat: a', 'libs/core/a.py');
    expect(release(s, 'alpha')).toBe('1.1.0a1');
    s.commit('fix: b', 'libs/core/a.py');
    expect(release(s, 'beta')).toBe('1.1.0b1');
    expect(only(s, 'rc').commits.map((c) => c.message)).toEqual([]);
    expect(only(s, 'rc').skipReason).toBe('no changes since core-v1.1.0b1');
    expect(only(s, 'final').commits.map((c) => c.message)).toEqual(['fix: b', 'feat: a']);
    expect(only(s, 'final').next?.text).toBe('1.1.0');
  });

  it('refuses to go back from rc to beta for one target, in one line naming the package', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.0.0');
    s.commit('feat: a', 'libs/core/a.py');
    expect(release(s, 'rc')).toBe('1.1.0rc1');
    s.commit('fix: b', 'libs/core/a.py');
    expect(() => only(s, 'beta')).toThrow(
      'core: 1.1.0rc1 is released already, so a beta of 1.1.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
    );
    // A breaking change moves the target: its betas start again.
    s.commit('feat!: c', 'libs/core/a.py');
    expect(release(s, 'beta')).toBe('2.0.0b1');
  });

  it('makes dev releases that a later rc or final never reads as a release', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.0.0');
    s.commit('fix: a', 'libs/core/a.py');
    expect(release(s, 'dev')).toBe('1.0.1.dev1');
    // A re-run on the same commit releases nothing; a new commit makes the next dev release.
    expect(only(s, 'dev').skipReason).toBe('no changes since core-v1.0.1.dev1');
    s.commit('fix: b', 'libs/core/a.py');
    expect(release(s, 'dev')).toBe('1.0.1.dev2');
    // The rc counts from the last final: both fixes are its changes, although dev releases came between.
    const rc = only(s, 'rc');
    expect([rc.next?.text, rc.previous?.tag, rc.commits.map((c) => c.message)]).toEqual([
      '1.0.1rc1',
      'core-v1.0.0',
      ['fix: b', 'fix: a'],
    ]);
    s.tag('core-v1.0.1rc1');
    // A dev release after an rc is one of the next rc, and sorts between them.
    s.commit('fix: c', 'libs/core/a.py');
    expect(release(s, 'dev')).toBe('1.0.1rc2.dev1');
    expect(only(s, 'rc').commits.map((c) => c.message)).toEqual(['fix: c']);
    expect(only(s, 'final').next?.text).toBe('1.0.1');
  });

  it('releases a post release of a published final only, and only from a final run', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.4.0');
    const footer = s.commit('docs: fix the readme on PyPI\n\nRelease-As: 1.4.0.post1', 'libs/core/README.md');
    const rc = s.plan('rc', [core]);
    expect(rc.packages[0].next).toBeNull();
    expect(rc.warnings).toEqual([
      'core: not released: 1.4.0.post1 is a post release, which only a final run releases: PEP 440 has no rc of a post release',
    ]);
    expect(formatPlanTable(s.plan('final', [core]))).toContain(
      `Release-As 1.4.0.post1 in ${footer.slice(0, 7)}`,
    );
    expect(release(s, 'final')).toBe('1.4.0.post1');
    // A fix after it bumps the final it fixed: 1.4.1.
    s.commit('fix: x', 'libs/core/a.py');
    expect(release(s, 'final')).toBe('1.4.1');

    const t = new Story();
    t.commit('feat: first', 'libs/core/a.py');
    t.tag('core-v1.4.0');
    const nothing = t.commit('docs: x\n\nRelease-As: 1.5.0.post1', 'libs/core/a.py');
    expect(() => t.plan('final', [core])).toThrow(
      `commit ${nothing.slice(0, 12)}: Release-As: 1.5.0.post1 is a post release of 1.5.0, which no final tag of the package holds: a post release fixes a published final`,
    );
  });

  it('makes the dev release of a post release above the final it fixes, whatever rcs that final had', () => {
    // Found by review: 1.4.0rc1 was taken for a pre-release of 1.4.0.post1 (1.4.0rc2.dev1, below 1.4.0).
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.4.0rc1', 'core-v1.4.0');
    s.commit('docs: fix the readme on PyPI\n\nRelease-As: 1.4.0.post1', 'libs/core/README.md');
    expect(release(s, 'dev')).toBe('1.4.0.post1.dev1');
  });

  it('never takes a dev release for a pre-release a final promotes or waits on', () => {
    // Found by review: a final run warned that core-v1.0.1.dev1 was an rc waiting to be promoted.
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py');
    s.tag('core-v1.0.0');
    s.commit('fix: a', 'libs/core/a.py');
    s.tag('core-v1.0.1.dev1');
    s.commit('docs: only docs', 'libs/core/README.md');
    const plan = s.plan('final', [core]);
    expect([plan.packages[0].next?.text, plan.warnings]).toEqual(['1.0.1', []]);
  });
});
