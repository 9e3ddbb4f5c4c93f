// The simulator's own reading of the versions it can see (X.Y.Z and X.Y.ZrcN, all pyrelease writes in
// it): apart from the core's PEP 440 code, so an invariant never agrees with a bug by sharing it.

export interface SimVersion {
  readonly release: readonly [number, number, number];
  /** The rc number; null for a final. */
  readonly rc: number | null;
  readonly text: string;
}

export function parseSimVersion(text: string): SimVersion {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:rc(\d+))?$/.exec(text);
  if (!match) throw new Error(`the simulator cannot read the version ${JSON.stringify(text)}`);
  const [, major, minor, patch, rc] = match;
  return {
    release: [Number(major), Number(minor), Number(patch)],
    rc: rc === undefined ? null : Number(rc),
    text,
  };
}

/** PEP 440 order for these versions: 1.0.0rc1 < 1.0.0rc2 < 1.0.0 < 1.0.1rc1. */
export function compareSim(a: SimVersion, b: SimVersion): number {
  for (let i = 0; i < 3; i += 1) if (a.release[i] !== b.release[i]) return a.release[i] - b.release[i];
  if (a.rc === b.rc) return 0;
  if (a.rc === null) return 1;
  if (b.rc === null) return -1;
  return a.rc - b.rc;
}

/** The final an rc leads to (1.2.0rc3 -> 1.2.0). */
export function finalOf(v: SimVersion): SimVersion {
  return { release: v.release, rc: null, text: v.release.join('.') };
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
