import type { CommitRecord } from '../git/records.js';
import { isReleaseCommit } from '../plan/release-commits.js';
import type { Package } from '../workspace/package.js';

/**
 * release flow §8's per-run release branches: `{date}` (UTC, YYYYMMDD) and `{sha}` (the base commit, short)
 * make a branch name unique to a run. Such a branch is created, never reset.
 */
const PLACEHOLDERS = ['date', 'sha'] as const;
export const SHORT_SHA_LENGTH = 7;

/** True when `pattern` names a new branch per run (it holds `{date}` or `{sha}`). */
export function isPerRunBranch(pattern: string): boolean {
  return PLACEHOLDERS.some((p) => pattern.includes(`{${p}}`));
}

/**
 * The branch name for this run. Other braces stay as written: git allows them in branch names, and a
 * name that is not per-run is still protected by the release-branch guard.
 */
export function renderReleaseBranch(pattern: string, run: { now: Date; baseSha: string }): string {
  const date = run.now.toISOString().slice(0, 10).replace(/-/g, '');
  return pattern.replace(/\{date\}/g, date).replace(/\{sha\}/g, run.baseSha.slice(0, SHORT_SHA_LENGTH));
}

/**
 * The commits of the release branch that a reset would lose: neither in the base branch's history
 * (`commits` holds only those, oldest first) nor release commits of pyrelease.
 */
export function foreignCommits(
  commits: readonly CommitRecord[],
  packages: readonly Package[],
): CommitRecord[] {
  return commits.filter((c) => !isReleaseCommit(c, packages));
}
