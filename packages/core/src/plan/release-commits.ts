import type { CommitRecord } from '../git/records.js';
import { releaseFilesOf } from '../updaters/version-files.js';
import { releaseCommitSubject } from '../versioning/release-commit.js';
import { normalizeName } from '../versioning/tags.js';
import { isLockFile, type Package } from '../workspace/package.js';

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
