import { UserError } from '../errors.js';
import { compareIntegers, readVersionParts, versionText, type VersionParts } from './pep440.js';

/**
 * A PEP 440 version, always held in its normalized form. Its numbers are exact (BigInt): a segment of
 * 16 digits or more (`1.0.20261203153045123`) is compared, bumped and written as it is.
 */
export interface Version extends VersionParts {
  /** The normalized text: `1.0.0rc1`, never `1.0.0-rc.1`. */
  readonly text: string;
}

export type BumpLevel = 'major' | 'minor' | 'patch';

const BUMP_ORDER: Record<BumpLevel, number> = { patch: 1, minor: 2, major: 3 };

/** Parses any PEP 440 spelling (`v1.0.0rc1`, `1.0.0-rc.1`, `1.0.0.RC1`); `what` names the value in errors. */
export function parseVersion(input: string, what = 'version'): Version {
  const version = tryParseVersion(input);
  if (!version) {
    throw new UserError(
      `${what} ${JSON.stringify(input)} is not a valid PEP 440 version (expected e.g. 1.2.0 or 1.2.0rc1)`,
    );
  }
  return version;
}

/** The version or null, for places where "not a version" is an answer rather than an error. */
export function tryParseVersion(input: string): Version | null {
  if (typeof input !== 'string') return null;
  const parts = readVersionParts(input);
  return parts && versionFromParts(parts);
}

export function normalizeVersion(input: string, what?: string): string {
  return parseVersion(input, what).text;
}

/** The version of `parts`, with its normalized text. */
export function versionFromParts(parts: VersionParts): Version {
  return { ...parts, text: versionText(parts) };
}

/** PEP 440 ordering: 1.0.0rc1 < 1.0.0rc2 < 1.0.0 < 1.0.0.post1; 1.0 == 1.0.0. */
export function compareVersions(a: Version, b: Version): number {
  // From the parsed parts, as packaging's _cmpkey does: plans compare thousands of tag versions, and
  // re-parsing their text for every comparison was the plan's largest cost after the git log.
  return (
    compareReleaseNumbers(a, b) ||
    preKey(a) - preKey(b) ||
    (a.pre && b.pre ? compareIntegers(a.pre.number, b.pre.number) : 0) ||
    compareIntegers(a.post ?? -1n, b.post ?? -1n) ||
    compareDev(a.dev, b.dev) ||
    compareLocal(a.local, b.local)
  );
}

/** Epoch and release numbers alone: `1.1.0rc2` and `1.1.0.post1` compare equal to `1.1`. */
export function compareReleaseNumbers(a: Version, b: Version): number {
  return compareIntegers(a.epoch, b.epoch) || compareRelease(a.release, b.release);
}

function compareRelease(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = compareIntegers(a[i] ?? 0n, b[i] ?? 0n);
    if (d) return d;
  }
  return 0;
}

/** No dev part sorts after any dev part: 1.0.dev1 < 1.0. */
function compareDev(a: bigint | null, b: bigint | null): number {
  return a === b ? 0 : a === null ? 1 : b === null ? -1 : compareIntegers(a, b);
}

/** A dev release of a final (1.0.dev1) sorts before its pre-releases; a final after them. */
function preKey(v: Version): number {
  if (v.pre) return { a: 1, b: 2, rc: 3 }[v.pre.label];
  return v.post === null && v.dev !== null ? 0 : 4;
}

/** No local label sorts first; then segment by segment, numbers above words, words alphabetically. */
function compareLocal(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [as, bs] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.min(as.length, bs.length); i += 1) {
    const [x, y] = [as[i], bs[i]];
    const [xn, yn] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    const d =
      xn && yn
        ? compareIntegers(BigInt(x), BigInt(y))
        : xn !== yn
          ? xn
            ? 1
            : -1
          : x < y
            ? -1
            : x > y
              ? 1
              : 0;
    if (d) return d;
  }
  return as.length - bs.length;
}

export function maxVersion(a: Version, b: Version): Version {
  return compareVersions(a, b) >= 0 ? a : b;
}

/** A final release is neither a pre-release nor a development release (post-releases are final). */
export function isFinal(v: Version): boolean {
  return v.pre === null && v.dev === null;
}

/**
 * The next release after `v` at `level`. Below 1.0.0 a breaking change bumps the minor, as the
 * conventional 0.x rule says; pre, post, dev and local parts are dropped.
 */
export function bumpVersion(v: Version, level: BumpLevel): Version {
  const release = [...v.release];
  while (release.length < 3) release.push(0n);
  const effective: BumpLevel = level === 'major' && release[0] === 0n ? 'minor' : level;
  const index = effective === 'major' ? 0 : effective === 'minor' ? 1 : 2;
  const next = release.slice(0, index + 1);
  next[index] += 1n;
  while (next.length < 3) next.push(0n);
  return versionFromParts({ epoch: v.epoch, release: next, pre: null, post: null, dev: null, local: null });
}

/** The release `v` stands for, without pre-release, dev and local parts (`1.1.0rc2.dev1` -> `1.1.0`). */
export function releaseOf(v: Version): Version {
  return versionFromParts({
    epoch: v.epoch,
    release: v.release,
    pre: null,
    post: v.post,
    dev: null,
    local: null,
  });
}

/** The final release `v` belongs to, its release numbers alone (`1.4.0` of `1.4.0.post1` or `1.4.0rc2`). */
export function finalReleaseOf(v: Version): Version {
  return versionFromParts({
    epoch: v.epoch,
    release: v.release,
    pre: null,
    post: null,
    dev: null,
    local: null,
  });
}

export function higherBump(a: BumpLevel | null, b: BumpLevel | null): BumpLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return BUMP_ORDER[a] >= BUMP_ORDER[b] ? a : b;
}
