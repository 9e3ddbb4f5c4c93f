import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UserError } from '../src/index.js';
import {
  channelOf,
  channelsOfMode,
  parseMode,
  versionInMode,
  type ReleaseMode,
} from '../src/versioning/channels.js';
import { bumpVersion, parseVersion, type Version } from '../src/versioning/version.js';
import { pythonOracle } from '../../../test/support/python.js';

const v = (text: string) => parseVersion(text);

/** Runs `modes` one after another on one package, as tags would record them; `error` ends a run that failed. */
function runs(start: string, modes: readonly ReleaseMode[]): string[] {
  const taken: Version[] = [];
  let target = v(start);
  return modes.map((mode) => {
    let next: Version;
    try {
      next = versionInMode(mode, target, taken, 'pkg');
    } catch (error) {
      if (error instanceof UserError) return 'error';
      throw error;
    }
    taken.push(next);
    if (mode === 'final') target = bumpVersion(next, 'patch');
    return next.text;
  });
}

describe('release channels', () => {
  it('numbers each channel on its own: a1, a2, b1, rc1, final, then the next target', () => {
    expect(runs('2.0.0', ['alpha', 'alpha', 'beta', 'rc', 'rc', 'final', 'alpha'])).toEqual([
      '2.0.0a1',
      '2.0.0a2',
      '2.0.0b1',
      '2.0.0rc1',
      '2.0.0rc2',
      '2.0.0',
      '2.0.1a1',
    ]);
  });

  it('never goes back to an earlier label for one target, in one line naming the package', () => {
    expect(() => versionInMode('beta', v('2.0.0'), [v('2.0.0rc1')], 'acme-core')).toThrow(
      'acme-core: 2.0.0rc1 is released already, so a beta of 2.0.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
    );
    expect(() => versionInMode('alpha', v('2.0.0'), [v('2.0.0b3')], 'x')).toThrow('release it in beta mode');
    // Another target's pre-releases, dev releases and post releases say nothing about this one's.
    expect(versionInMode('alpha', v('2.1.0'), [v('2.0.0rc1'), v('2.1.0rc1.dev4')], 'x').text).toBe('2.1.0a1');
  });

  it('makes dev releases of the next pre-release, numbered past every dev release of it', () => {
    expect(runs('1.0.0', ['dev', 'dev', 'rc', 'dev', 'dev', 'rc', 'final', 'dev'])).toEqual([
      '1.0.0.dev1',
      '1.0.0.dev2',
      '1.0.0rc1',
      '1.0.0rc2.dev1',
      '1.0.0rc2.dev2',
      '1.0.0rc2',
      '1.0.0',
      '1.0.1.dev1',
    ]);
    // A dev release of a post release (`Release-As: 1.4.0.post1` on a dev run).
    expect(versionInMode('dev', v('1.4.0.post1'), [v('1.4.0.post1.dev1')], 'x').text).toBe(
      '1.4.0.post1.dev2',
    );
  });

  it('leaves a post release to a final run', () => {
    expect(() => versionInMode('rc', v('1.4.0.post1'), [], 'x')).toThrow(
      'x: 1.4.0.post1 is a post release, which only a final run releases',
    );
    expect(versionInMode('final', v('1.4.0.post1'), [], 'x').text).toBe('1.4.0.post1');
  });

  it('reads the channel from the parsed version, and a final run releases post releases too', () => {
    expect(
      ['1.0.0a1', '1.0.0beta2', '1.0.0c1', '1.0.0rc1.dev1', '1.0.0.dev1', '1.0.0', '1.0.0.post1'].map((t) =>
        channelOf(v(t)),
      ),
    ).toEqual(['alpha', 'beta', 'rc', 'dev', 'dev', 'final', 'post']);
    expect(channelsOfMode('final')).toEqual(['final', 'post']);
    expect(channelsOfMode('beta')).toEqual(['beta']);
    expect(() => parseMode('preview')).toThrow('mode must be alpha, beta, rc, dev or final, got "preview"');
  });
});

/**
 * What packaging says of each run's texts (one process for all runs): each text's normal form and
 * kind, and whether it is above the text before it in its run.
 */
function packagingReads(
  runs: readonly (readonly string[])[],
): { normal: string; kind: string; above: boolean | null }[][] {
  return pythonOracle(
    [
      'import json, sys',
      'from packaging.version import Version',
      'def kind(v):',
      "    if v.is_devrelease: return 'dev'",
      "    if v.pre: return {'a': 'alpha', 'b': 'beta', 'rc': 'rc'}[v.pre[0]]",
      "    return 'post' if v.is_postrelease else 'final'",
      'def read(texts):',
      '    vs = [Version(t) for t in texts]',
      "    return [{'normal': str(v), 'kind': kind(v), 'above': None if i == 0 else v > vs[i - 1]} for i, v in enumerate(vs)]",
      'print(json.dumps([read(texts) for texts in json.load(sys.stdin)]))',
    ],
    runs,
  );
}

describe('release channels against packaging', () => {
  // Runs in any order of modes, on targets of every shape: the versions a package's tags would hold.
  const mode = fc.constantFrom<ReleaseMode>('alpha', 'beta', 'rc', 'dev', 'final');
  const start = fc.constantFrom('0.1.0', '1.0', '2.0.0', '1!3.2.1', '0.0.9');
  const scenarios = fc.sample(fc.tuple(start, fc.array(mode, { minLength: 1, maxLength: 14 })), {
    numRuns: 300,
    seed: 31,
  });

  it('writes normalized versions of the right kind, each above every version before it, and refuses only going back', () => {
    let refused = 0;
    const made = scenarios.map(([from, modes]) => runs(from, modes));
    const texts = made.map((run) => run.filter((t) => t !== 'error'));
    const reads = packagingReads(texts);
    scenarios.forEach(([, modes], n) => {
      const [read, written] = [reads[n], texts[n]];
      expect(read.map((r) => r.normal)).toEqual(written);
      expect(read.map((r) => r.kind)).toEqual(written.map((t) => channelOf(v(t))));
      // Strictly increasing: no run writes a version at or below one already released.
      expect(read.slice(1).every((r) => r.above)).toBe(true);
      // A refusal is a pre-release mode whose label is below the last pre-release of the same target.
      made[n].forEach((t, i) => {
        if (t !== 'error') return;
        refused += 1;
        const earlier = made[n].slice(0, i).filter((x) => x !== 'error');
        const last = earlier[earlier.length - 1];
        expect(['alpha', 'beta']).toContain(modes[i]);
        expect(channelOf(v(last))).not.toBe('final');
      });
    });
    expect(refused).toBeGreaterThan(10);
  });
});
