import { UserError } from '../errors.js';
import { wordList } from '../text.js';
import type { PreLabel } from './pep440.js';
import { compareIntegers } from './pep440.js';
import { compareReleaseNumbers, compareVersions, versionFromParts, type Version } from './version.js';

/**
 * PEP 440's release channels, as pyrelease names them: what a version is (read from its parsed parts,
 * never from a substring of its text), what a run releases, and where it is published by default.
 * alpha (`2.0.0a1`), beta (`2.0.0b1`), rc (`2.0.0rc1`), dev (`2.0.0.dev3`, `2.0.0rc2.dev1`), final
 * (`2.0.0`) and post (`2.0.0.post1`, a packaging or docs fix of a published final).
 */
export type Channel = 'alpha' | 'beta' | 'rc' | 'dev' | 'final' | 'post';

export const CHANNELS: readonly Channel[] = ['alpha', 'beta', 'rc', 'dev', 'final', 'post'];

/** What a release run makes: a pre-release of one channel, a dev release, or finals (and post releases). */
export type ReleaseMode = 'alpha' | 'beta' | 'rc' | 'dev' | 'final';

export const RELEASE_MODES: readonly ReleaseMode[] = ['alpha', 'beta', 'rc', 'dev', 'final'];

/** The modes that release a numbered pre-release (`a`, `b`, `rc`) of the target. */
export type PreReleaseMode = 'alpha' | 'beta' | 'rc';

const LABEL_OF_MODE: Record<PreReleaseMode, PreLabel> = { alpha: 'a', beta: 'b', rc: 'rc' };
const CHANNEL_OF_LABEL: Record<PreLabel, Channel> = { a: 'alpha', b: 'beta', rc: 'rc' };
/** a < b < rc, as PEP 440 orders them: a target's pre-releases never go back down this list. */
const LABEL_RANK: Record<PreLabel, number> = { a: 1, b: 2, rc: 3 };

export function parseMode(value: string, what = 'mode'): ReleaseMode {
  if ((RELEASE_MODES as readonly string[]).includes(value)) return value as ReleaseMode;
  throw new UserError(`${what} must be ${wordList(RELEASE_MODES)}, got ${JSON.stringify(value)}`);
}

/** The channel of a version, from its parts: a dev part wins (`1.0.0rc1.dev2` is dev), then the pre label. */
export function channelOf(v: Version): Channel {
  if (v.dev !== null) return 'dev';
  if (v.pre) return CHANNEL_OF_LABEL[v.pre.label];
  return v.post === null ? 'final' : 'post';
}

/** The channels a run of `mode` releases: a final run releases post releases too (`Release-As: 1.4.0.post1`). */
export function channelsOfMode(mode: ReleaseMode): readonly Channel[] {
  return mode === 'final' ? ['final', 'post'] : [mode];
}

/** Whether a version of `channel` is a pre-release in pip's sense (a GitHub pre-release, never "latest"). */
export function isPreReleaseChannel(channel: Channel): boolean {
  return channel !== 'final' && channel !== 'post';
}

/**
 * The version a run of `mode` releases for `target`, one past every version of its kind in `taken`
 * (the package's tags, and what the index holds):
 * - final: the target itself;
 * - alpha, beta, rc: the target's next pre-release of that label (`a1`, `a2`, `b1` …). A target whose
 *   pre-releases reached a later label already never goes back (a beta after `rc1` is an error);
 * - dev: a dev release of the target's next pre-release when it has any (`2.0.0rc2.dev1` after
 *   `2.0.0rc1`), else of the target (`2.0.0.dev1`); one past the highest dev number of that base.
 * `what` names the package in errors.
 */
export function versionInMode(
  mode: ReleaseMode,
  target: Version,
  taken: readonly Version[],
  what: string,
): Version {
  if (mode === 'final') return target;
  // A post release has no pre-releases: 1.4.0rc1 is 1.4.0's, never 1.4.0.post1's.
  const pres =
    target.post !== null
      ? []
      : taken.filter(
          (v) => v.pre && v.dev === null && v.post === null && compareReleaseNumbers(v, target) === 0,
        );
  const highest = pres.reduce<Version | null>((h, v) => (h && compareVersions(h, v) >= 0 ? h : v), null);
  if (mode === 'dev') {
    const base = highest?.pre ? withPre(target, highest.pre.label, highest.pre.number + 1n) : target;
    return withDev(
      base,
      nextNumber(taken, (v) => devBaseIs(v, base)),
    );
  }
  if (target.post !== null) {
    throw new UserError(`${what}: ${target.text} is a post release, which only a final run releases`);
  }
  const label = LABEL_OF_MODE[mode];
  if (highest?.pre && LABEL_RANK[highest.pre.label] > LABEL_RANK[label]) {
    throw new UserError(
      `${what}: ${highest.text} is released already, so ${mode === 'alpha' ? 'an' : 'a'} ${mode} of ${target.text} would go back: release it in ${CHANNEL_OF_LABEL[highest.pre.label]} mode, or raise the version with a Release-As footer`,
    );
  }
  const number = nextNumber(pres, (v) => (v.pre?.label === label ? v.pre.number : null));
  return withPre(target, label, number);
}

/** One past the highest number `numberOf` finds among `versions` (1 when none has one). */
function nextNumber(versions: readonly Version[], numberOf: (v: Version) => bigint | null): bigint {
  let highest = 0n;
  for (const v of versions) {
    const n = numberOf(v);
    if (n !== null && compareIntegers(n, highest) > 0) highest = n;
  }
  return highest + 1n;
}

/** The dev number of `v` when it is a dev release of exactly `base` (`2.0.0rc2.dev3` of `2.0.0rc2`). */
function devBaseIs(v: Version, base: Version): bigint | null {
  if (v.dev === null || v.local !== null) return null;
  return compareVersions(withDev(v, null), base) === 0 ? v.dev : null;
}

function withPre(target: Version, label: PreLabel, number: bigint): Version {
  return rebuilt(target, { pre: { label, number }, post: null, dev: null });
}

function withDev(base: Version, dev: bigint | null): Version {
  return rebuilt(base, { dev });
}

function rebuilt(v: Version, parts: Partial<Pick<Version, 'pre' | 'post' | 'dev'>>): Version {
  return versionFromParts({
    epoch: v.epoch,
    release: v.release,
    pre: v.pre,
    post: v.post,
    dev: v.dev,
    local: null,
    ...parts,
  });
}
