import picomatch from 'picomatch';
import type { CommitRecord } from '../git/records.js';
import { parseCommitMessage, squashedMessagesOf } from '../versioning/conventional.js';
import { parseReleaseCommitMessage, releaseCommitSubject } from '../versioning/release-commit.js';
import { baseName, type Package, type UnreleasedFolder } from '../workspace/package.js';
import type { Ancestry } from './ancestry.js';
import { MovedFolderOwnership, type FormerFolders } from './moved-folders.js';
import type { PackagePlan, TaggedVersion } from './types.js';

/** Which commits touch which package, and where a package's changelog was at its previous release. */

/**
 * The commits of the head's history (`ofHead`; null: all of `commits`) that touch each package: a file
 * in its folder (not in a nested package's, nor matched by its `ignore-paths`).
 */
export function commitsByPackage(
  commits: readonly CommitRecord[],
  packages: readonly Package[],
  unreleased: readonly UnreleasedFolder[],
  ofHead: Set<string> | null,
  former: FormerFolders = new Map(),
) {
  const ownership = new MovedFolderOwnership(packages, unreleased, former);
  const scopes = scopeOwners(packages);
  const ignored = new Map(
    packages.map((p) => [p.name, p.settings.ignorePaths.map((g) => picomatch(g, { dot: true }))]),
  );
  const touching = new Map<string, CommitRecord[]>();
  for (const commit of commits) {
    if (ofHead && !ofHead.has(commit.sha)) continue;
    const owners = new Set<string>();
    for (const file of commit.files) {
      const owner = ownership.ownerOf(file, commit.sha);
      if (!owner) continue;
      const relative = owner.path === '.' ? file : file.slice(owner.path.length + 1);
      if (!(ignored.get(owner.name) ?? []).some((matches) => matches(relative))) owners.add(owner.name);
    }
    for (const name of owners) {
      const list = touching.get(name) ?? [];
      list.push(...changesOf(commit, name, owners, scopes));
      touching.set(name, list);
    }
  }
  return touching;
}

/** The packages a scope names (its name, its folder's name), lower-cased. */
function scopeOwners(packages: readonly Package[]): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const pkg of packages) {
    const dir = pkg.path === '.' ? null : baseName(pkg.path).toLowerCase();
    for (const scope of [pkg.name.toLowerCase(), dir]) {
      if (scope) owners.set(scope, (owners.get(scope) ?? new Set()).add(pkg.name));
    }
  }
  return owners;
}

/**
 * A commit as the changes it brings to package `owner`: itself, or for a GitHub squash merge (its
 * subject ends in the pull request's `(#N)`, its body lists `* <header>` bullets; the promotion of
 * `test` by "Squash and merge") the commits it folded, each a record of its own with the squash's sha
 * and files, so a squashed `feat!` counts as it did on `test`. A bullet whose scope names another
 * package the squash also touched is that package's; the squash's own subject counts when it is
 * conventional.
 */
function changesOf(
  commit: CommitRecord,
  owner: string,
  touched: ReadonlySet<string>,
  scopes: ReadonlyMap<string, Set<string>>,
): CommitRecord[] {
  const subject = parseCommitMessage(commit.message);
  const squashed = /\(#[1-9][0-9]*\)$/.test(subject.subject) ? squashedMessagesOf(commit.message) : null;
  if (!squashed) return [commit];
  const own = squashed.filter((m) => {
    const scope = parseCommitMessage(m).scope?.toLowerCase();
    const named = scope ? scopes.get(scope) : undefined;
    return !named || named.has(owner) || ![...named].some((other) => touched.has(other));
  });
  const titled =
    subject.type !== null && !squashed.some((m) => parseCommitMessage(m).subject === subject.subject)
      ? [{ ...commit, message: subject.subject }]
      : [];
  const changes = [...titled, ...own.map((message) => ({ ...commit, message, squashed: true }))];
  return changes.length > 0 ? changes : [commit];
}

/**
 * The CHANGELOG.md a package's new section goes on top of (PackagePlan.changelogSource): the one at its
 * previous tag and the base commit that tag was cut from, else the head's.
 */
export function changelogSourceOf(
  ancestry: Ancestry,
  pkg: Package,
  previous: TaggedVersion | null,
  head: string,
): PackagePlan['changelogSource'] {
  const changelogPath = pkg.changelogPath ?? joinChangelog(pkg);
  if (!previous) return { commit: head, path: changelogPath, releasedFrom: null };
  return {
    commit: previous.commit,
    path: changelogAt(ancestry, previous.commit, changelogPath) ?? changelogPath,
    releasedFrom: releaseBaseOf(ancestry, previous.commit),
  };
}

function joinChangelog(pkg: Package): string {
  return pkg.path === '.' ? 'CHANGELOG.md' : `${pkg.path}/CHANGELOG.md`;
}

/**
 * Where the package's changelog was at a tag made by cut-release: the file itself, or after a folder
 * move, the one file of the same name its release commit changed.
 */
function changelogAt(ancestry: Ancestry, commit: string, path: string): string | null {
  const record = ancestry.commit(commit);
  const files = record?.files ?? [];
  if (files.includes(path)) return path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const same = files.filter((f) => f === name || f.endsWith(`/${name}`));
  // The release commit's shape (its message, one parent): a merge lists no files, and a root commit
  // with pyrelease's message is not one of its release commits.
  return same.length === 1 && record && releaseCommitSubject(record) ? same[0] : null;
}

/**
 * The commit a release was cut from: below a tag, the release commits of its run sit on one chain
 * (one parent each) on top of the base commit. A tag on a base branch commit is its own base. Null
 * when that is unknown: the chain leaves the walked history, or another tool tagged a commit of its own
 * branch.
 */
export function releaseBaseOf(ancestry: Ancestry, tagCommit: string): string | null {
  // Another tool's tag on its own branch: where it grew from is unknown, so the tag's file is kept.
  const tagged = ancestry.commit(tagCommit);
  if (tagged && !ancestry.ofHead.has(tagCommit) && !parseReleaseCommitMessage(tagged.message)) return null;
  let current = tagged;
  while (current && releaseCommitSubject(current)) {
    current = ancestry.commit(current.parents[0]);
  }
  return current?.sha ?? null;
}
