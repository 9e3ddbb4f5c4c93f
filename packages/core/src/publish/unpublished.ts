import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { existingFiles, indexEndpoints } from './package-index.js';
import type { ReleasePlan } from '../plan/types.js';
import { channelOf, compareVersions, tryParseVersion, type Version } from '../versioning/version.js';

/** A tag and what it releases, as the `released` output lists it. */
export interface TaggedRelease {
  readonly name: string;
  readonly version: string;
  readonly previous: string | null;
  readonly tag: string;
  readonly path: string;
  readonly channel: 'rc' | 'final';
}

/**
 * Each package's newest tag of the run's channel (rc mode: its newest tag when that is an rc; final
 * mode: its newest final), for the packages this run does not release: the tags an earlier run may
 * have pushed and then been cancelled or failed before it published them. Pure.
 */
export function latestTagsOfChannel(plan: ReleasePlan, releasedNow: ReadonlySet<string>): TaggedRelease[] {
  const channel = plan.mode === 'rc' ? 'rc' : 'final';
  const found: TaggedRelease[] = [];
  for (const p of plan.packages) {
    if (releasedNow.has(p.package.name)) continue;
    const latest = plan.mode === 'rc' ? p.lastAny : p.lastFinal;
    if (!latest || channelOf(latest.version) !== channel) continue;
    found.push({
      name: p.package.name,
      version: latest.version.text,
      previous: null,
      tag: latest.tag,
      path: p.package.path,
      channel,
    });
  }
  return found;
}

/** The version a wheel or sdist file name carries, however its project name is spelled. */
function fileVersion(file: string): Version | null {
  const stem = file.endsWith('.whl')
    ? file.slice(0, -4).split('-')[1]
    : file.endsWith('.tar.gz')
      ? file.slice(0, -7).split('-').at(-1)
      : file.endsWith('.zip')
        ? file.slice(0, -4).split('-').at(-1)
        : undefined;
  return stem ? tryParseVersion(stem) : null;
}

/**
 * The tags among `candidates` whose version the index has no file of, asked through its simple API
 * (a few projects at a time). An index that cannot be asked is named in a warning, and its tags are
 * not reported: a guess could publish twice or hide a gap.
 */
export async function findUnpublished(
  candidates: readonly TaggedRelease[],
  repositoryUrl: string,
  logger: Logger,
  timeoutMs = 30_000,
): Promise<TaggedRelease[]> {
  const { simple } = indexEndpoints(repositoryUrl);
  const missing: (TaggedRelease | null)[] = new Array(candidates.length).fill(null);
  const unknown: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const i = next++;
      const c = candidates[i];
      const wanted = tryParseVersion(c.version);
      try {
        const files = await existingFiles(simple, c.name, timeoutMs);
        const has = [...files.keys()].some((f) => {
          const v = fileVersion(f);
          return v !== null && wanted !== null && compareVersions(v, wanted) === 0;
        });
        if (!has) missing[i] = c;
      } catch (error) {
        unknown.push(`${c.tag} (${describeError(error)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, candidates.length) }, worker));
  if (unknown.length > 0) {
    logger.warning(`could not ask ${simple} whether these tags are published: ${unknown.join(', ')}`);
  }
  const found = missing.filter((m): m is TaggedRelease => m !== null);
  for (const m of found) {
    logger.warning(
      `${m.tag} is tagged but ${simple} has no file of ${m.name} ${m.version} (an earlier run stopped before publishing it): it is in this run's publish output`,
    );
  }
  return found;
}
