import type { CommitRecord } from '../git/records.js';
import { releaseFilesOf } from '../updaters/version-files.js';
import { releaseCommitSubject } from '../versioning/release-commit.js';
import { normalizeName } from '../versioning/tags.js';
import { isLockFile, type Package } from '../workspace/package.js';

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
 * A commit that pyrelease made for a release: its message is exactly `release(<name>): <version>` and
 * it changes nothing but that package's release files (version files and changelog). Both, because a
 * person's commit can carry the message, and a commit of the right files can be anyone's. A package
 * with a version from tags and no changelog makes an empty one.
 */
export function isReleaseCommit(commit: CommitRecord, packages: readonly Package[]): boolean {
  const subject = releaseCommitSubject(commit);
  if (!subject) return false;
  const pkg = packages.find((p) => p.name === normalizeName(subject.name));
  if (pkg) {
    // Lock files list every member, and a sibling's requirement on it moves in its commit: any
    // release may rewrite them.
    const siblings = new Set(packages.map((p) => p.pyprojectPath));
    const files = [...releaseFilesOf(pkg), ...commit.files.filter((f) => isLockFile(f) || siblings.has(f))];
    // Empty only where the release writes nothing (a version from tags, no changelog).
    if (commit.files.length === 0) return files.length === 0;
    if (commit.files.every((f) => files.includes(f))) return true;
  }
  if (commit.files.length === 0) return false;
  // The release branch was cut before the package's folder moved: the two release files of one
  // folder that is no other package's today.
  const folders = new Set(commit.files.map((f) => f.slice(0, f.lastIndexOf('/') + 1)));
  const [folder] = folders;
  const taken = packages.some((p) => p.pyprojectPath === `${folder}pyproject.toml`);
  return (
    folders.size === 1 &&
    !taken &&
    commit.files.every((f) => f === `${folder}pyproject.toml` || f === `${folder}CHANGELOG.md`)
  );
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
