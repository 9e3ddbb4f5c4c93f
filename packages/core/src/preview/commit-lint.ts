import type { CommitRecord } from '../git/records.js';
import { parseCommitMessage, revertedHeaderOf } from '../versioning/conventional.js';

/**
 * Headers the release cannot read: of a subject that is not `type(scope)!: description` it cannot tell
 * what it changes, so it counts as a patch (the bump rules' `non-conventional`, or nothing where that is
 * `ignore`), whatever it broke or added. Pure.
 */

/** What a header should look like, said in every finding. */
export const HEADER_SHAPE = 'type(scope)!: description, e.g. "fix(core): handle empty input"';

/** Whether the release reads `header` (a Conventional Commits header, or a revert git wrote). */
export function isReleaseHeader(header: string): boolean {
  const intent = parseCommitMessage(header);
  return intent.type !== null || revertedHeaderOf(intent) !== null;
}

/** The commits of a pull request whose header the release cannot read; merge commits say nothing. */
export function unreadableCommits(commits: readonly CommitRecord[]): CommitRecord[] {
  return commits.filter((c) => c.parents.length < 2 && !isReleaseHeader(c.message.split('\n', 1)[0]));
}

/**
 * The one-line problem of the header a squash merge writes (the title, or the single commit's subject
 * that GitHub takes instead); null when the release reads it.
 */
export function squashHeaderProblem(header: string, from: 'title' | 'commit'): string | null {
  if (isReleaseHeader(header)) return null;
  const fix = from === 'title' ? 'rename the pull request' : "reword the pull request's one commit";
  return `the squash merge's commit header ${JSON.stringify(header)} is not a Conventional Commits header, so the release cannot tell what it changes: ${fix} to ${HEADER_SHAPE}`;
}
