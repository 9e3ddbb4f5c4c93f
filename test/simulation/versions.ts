// The simulator's own reading of the versions it can see (X.Y.Z, X.Y.ZrcN, and the dev releases
// X.Y.Z.devM and X.Y.ZrcN.devM: all pyrelease writes in it): apart from the core's PEP 440 code, so
// an invariant never agrees with a bug by sharing it.

export interface SimVersion {
  readonly release: readonly [number, number, number];
  /** The rc number; null for a final (or a dev release of one). */
  readonly rc: number | null;
  /** The dev number; null for anything but a dev release. */
  readonly dev: number | null;
  readonly text: string;
}

export function parseSimVersion(text: string): SimVersion {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:rc(\d+))?(?:\.dev(\d+))?$/.exec(text);
  if (!match) throw new Error(`the simulator cannot read the version ${JSON.stringify(text)}`);
  const [, major, minor, patch, rc, dev] = match;
  return {
    release: [Number(major), Number(minor), Number(patch)],
    rc: rc === undefined ? null : Number(rc),
    dev: dev === undefined ? null : Number(dev),
    text,
  };
}

/** The run that writes such a version: dev for any dev release, rc for an rc, final for the rest. */
export function channelOfSim(v: SimVersion): 'rc' | 'final' | 'dev' {
  return v.dev !== null ? 'dev' : v.rc !== null ? 'rc' : 'final';
}

/**
 * PEP 440 order for these versions: 1.0.0.dev1 < 1.0.0rc1 < 1.0.0rc2.dev1 < 1.0.0rc2 < 1.0.0 <
 * 1.0.1.dev1. A dev release sorts just before the release it leads to; a final's dev releases before
 * all its rcs.
 */
export function compareSim(a: SimVersion, b: SimVersion): number {
  for (let i = 0; i < 3; i += 1) if (a.release[i] !== b.release[i]) return a.release[i] - b.release[i];
  const stage = (v: SimVersion) => (v.rc !== null ? 1 : v.dev !== null ? 0 : 2);
  if (stage(a) !== stage(b)) return stage(a) - stage(b);
  if (a.rc !== b.rc) return (a.rc ?? 0) - (b.rc ?? 0);
  if (a.dev === b.dev) return 0;
  return (a.dev ?? Infinity) - (b.dev ?? Infinity);
}

/** The final a pre-release or a dev release leads to (1.2.0rc3 -> 1.2.0, 1.2.0rc1.dev2 -> 1.2.0). */
export function finalOf(v: SimVersion): SimVersion {
  return { release: v.release, rc: null, dev: null, text: v.release.join('.') };
}

export type Level = 'none' | 'patch' | 'minor' | 'major';
const ORDER: readonly Level[] = ['none', 'patch', 'minor', 'major'];

export function maxLevel(a: Level, b: Level): Level {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** The level of the step from final `from` to final `to` (none: not above it). */
export function stepLevel(from: SimVersion, to: SimVersion): Level {
  if (compareSim(to, from) <= 0) return 'none';
  if (to.release[0] !== from.release[0]) return 'major';
  if (to.release[1] !== from.release[1]) return 'minor';
  return 'patch';
}

export function atLeast(level: Level, required: Level): boolean {
  return ORDER.indexOf(level) >= ORDER.indexOf(required);
}
