import { isPreReleaseChannel, type ReleaseTag } from '../../../packages/core/src/index.js';

/**
 * Which of pyrelease's tags lack a GitHub Release: those a run tagged and pushed but whose Release it
 * did not create (killed during the request, or an API error, which is only a warning). Pure: the
 * Releases come from one list call, the tags from the repository.
 */

/** A Release as the list call shows it. */
export interface ListedRelease {
  readonly tag: string;
  readonly createdAt: Date;
}

/** The list call asks for one page of this many Releases, newest first. */
export const RELEASE_LIST_PAGE = 100;
/** A run creates at most this many missing Releases; the next run goes on with the rest. */
export const MOST_BACKFILLED_PER_RUN = 20;

export interface Backlog {
  /** To create in this run, oldest first (GitHub orders Releases by creation). */
  readonly create: readonly ReleaseTag[];
  /** Missing too, left to the next run by MOST_BACKFILLED_PER_RUN. */
  readonly later: readonly ReleaseTag[];
  /** Missing, but not on the release branch as the run found it: named, never created. */
  readonly elsewhere: readonly ReleaseTag[];
}

/**
 * Per package, its tags newer than its newest tag that has a Release. A tag older than the oldest
 * Release of a full page may have its Release on a later page, so it is never taken for missing. A
 * package none of whose tags has a Release (a repository that turns Releases on late) gets its newest
 * one only, not its history.
 */
export function missingReleases(
  tagsByPackage: readonly (readonly ReleaseTag[])[],
  listed: readonly ListedRelease[],
): Backlog {
  const has = new Set(listed.map((r) => r.tag));
  const cutoff =
    listed.length >= RELEASE_LIST_PAGE ? Math.min(...listed.map((r) => r.createdAt.getTime())) : null;
  const missing = tagsByPackage.flatMap((newestFirst) => {
    const gap: ReleaseTag[] = [];
    for (const t of newestFirst) {
      if (has.has(t.tag)) return gap.reverse();
      if (cutoff !== null && t.taggedAt.getTime() < cutoff) return gap.reverse();
      gap.push(t);
    }
    return gap.slice(0, 1);
  });
  // Oldest first (a stable sort: a package's tags of one second stay in version order).
  missing.sort((a, b) => a.taggedAt.getTime() - b.taggedAt.getTime());
  const own = missing.filter((t) => t.onReleaseBranch);
  return {
    create: own.slice(0, MOST_BACKFILLED_PER_RUN),
    later: own.slice(MOST_BACKFILLED_PER_RUN),
    elsewhere: missing.filter((t) => !t.onReleaseBranch),
  };
}

/**
 * The late Release to make the latest when the run made no final of its own: the newest final among
 * those created, if no listed Release is newer than its tag. Null: none.
 */
export function latestOfBacklog(
  create: readonly ReleaseTag[],
  listed: readonly ListedRelease[],
): ReleaseTag | null {
  const finals = create.filter((t) => !isPreReleaseChannel(t.channel));
  const newest = finals[finals.length - 1];
  if (!newest) return null;
  const newer = listed.some((r) => r.createdAt.getTime() > newest.taggedAt.getTime());
  return newer ? null : newest;
}
