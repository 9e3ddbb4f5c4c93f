import pep440 from '@renovatebot/pep440';
import { UserError } from './errors.js';

/** A PEP 440 version, always held in its normalized form. */
export interface Version {
  /** The normalized text: `1.0.0rc1`, never `1.0.0-rc.1`. */
  readonly text: string;
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: { readonly label: 'a' | 'b' | 'rc'; readonly number: number } | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: string | null;
}

export type BumpLevel = 'major' | 'minor' | 'patch';

const BUMP_ORDER: Record<BumpLevel, number> = { patch: 1, minor: 2, major: 3 };

/** Parses any PEP 440 spelling (`v1.0.0rc1`, `1.0.0-rc.1`, `1.0.0.RC1`); `what` names the value in errors. */
export function parseVersion(input: string, what = 'version'): Version {
  const explained = typeof input === 'string' ? pep440.explain(input.trim()) : null;
  if (!explained) {
    throw new UserError(
      `${what} ${JSON.stringify(input)} is not a valid PEP 440 version (expected e.g. 1.2.0 or 1.2.0rc1)`,
    );
  }
  const pre = explained.pre
    ? { label: explained.pre[0] as 'a' | 'b' | 'rc', number: Number(explained.pre[1]) }
    : null;
  return build({
    epoch: explained.epoch,
    release: explained.release,
    pre,
    post: explained.post === null ? null : Number(explained.post),
    dev: explained.dev === null ? null : Number(explained.dev),
    local: explained.local,
  });
}

/** The version or null, for places where "not a version" is an answer rather than an error. */
export function tryParseVersion(input: string): Version | null {
  return pep440.explain(input) ? parseVersion(input) : null;
}

export function normalizeVersion(input: string, what?: string): string {
  return parseVersion(input, what).text;
}

function build(parts: Omit<Version, 'text'>): Version {
  let text = parts.epoch ? `${parts.epoch}!` : '';
  text += parts.release.join('.');
  if (parts.pre) text += `${parts.pre.label}${parts.pre.number}`;
  if (parts.post !== null) text += `.post${parts.post}`;
  if (parts.dev !== null) text += `.dev${parts.dev}`;
  if (parts.local !== null) text += `+${parts.local}`;
  return { ...parts, text };
}

/** PEP 440 ordering: 1.0.0rc1 < 1.0.0rc2 < 1.0.0 < 1.0.0.post1; 1.0 == 1.0.0. */
export function compareVersions(a: Version, b: Version): number {
  return pep440.compare(a.text, b.text);
}

export function maxVersion(a: Version, b: Version): Version {
  return compareVersions(a, b) >= 0 ? a : b;
}

/** A final release is neither a pre-release nor a development release (post-releases are final). */
export function isFinal(v: Version): boolean {
  return v.pre === null && v.dev === null;
}

/** The channel a version is published to: pre-releases (and dev releases) go to rc, the rest to final. */
export function channelOf(v: Version): 'rc' | 'final' {
  return isFinal(v) ? 'final' : 'rc';
}

/**
 * The next release after `v` at `level`. Below 1.0.0 a breaking change bumps the minor, as the
 * conventional 0.x rule says; pre, post, dev and local parts are dropped.
 */
export function bumpVersion(v: Version, level: BumpLevel): Version {
  const release = [...v.release];
  while (release.length < 3) release.push(0);
  const effective: BumpLevel = level === 'major' && release[0] === 0 ? 'minor' : level;
  const index = effective === 'major' ? 0 : effective === 'minor' ? 1 : 2;
  const next = release.slice(0, index + 1);
  next[index] += 1;
  while (next.length < 3) next.push(0);
  return build({ epoch: v.epoch, release: next, pre: null, post: null, dev: null, local: null });
}

/** The release `v` stands for, without pre-release, dev and local parts (`1.1.0rc2.dev1` -> `1.1.0`). */
export function releaseOf(v: Version): Version {
  return build({ epoch: v.epoch, release: v.release, pre: null, post: v.post, dev: null, local: null });
}

/** `target` as release candidate number `n`: `0.2.0` -> `0.2.0rc3`. */
export function withReleaseCandidate(target: Version, n: number): Version {
  if (target.post !== null) {
    throw new UserError(
      `cannot make a release candidate of post-release ${target.text}; release it in final mode`,
    );
  }
  return build({
    epoch: target.epoch,
    release: target.release,
    pre: { label: 'rc', number: n },
    post: null,
    dev: null,
    local: null,
  });
}

/** The N of `v` when `v` is exactly `target`rcN (no post or dev part), else null. */
export function candidateNumber(v: Version, target: Version): number | null {
  if (v.pre?.label !== 'rc' || v.post !== null || v.dev !== null) return null;
  const sameRelease = compareVersions(bare(v), bare(target)) === 0;
  return sameRelease ? v.pre.number : null;
}

function bare(v: Version): Version {
  return build({ epoch: v.epoch, release: v.release, pre: null, post: null, dev: null, local: null });
}

export function higherBump(a: BumpLevel | null, b: BumpLevel | null): BumpLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return BUMP_ORDER[a] >= BUMP_ORDER[b] ? a : b;
}
