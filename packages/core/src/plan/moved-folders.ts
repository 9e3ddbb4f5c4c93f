import type { CommitRecord, FolderMove } from '../git/records.js';
import { PackageOwnership } from '../workspace/ownership.js';
import { folderOf, type Package, type UnreleasedFolder } from '../workspace/package.js';

/**
 * Folders that packages had before a move (CommitRecord.moves, plan/folder-moves.ts): the commits made
 * there in the package's time are its changes as much as those made since. Its time in a folder ends
 * with the move away: a commit that move precedes (a package made there since, a file left behind)
 * is not its own; a commit beside it (a hotfix on another branch, still in the old folder) is.
 */

/** A folder a package had before a move. */
export interface FormerFolder {
  readonly path: string;
  /** Whether a commit's changes in the folder are the package's: made in its time there. */
  readonly holds: (sha: string) => boolean;
}

/** The folders each package had before a move, by package name. */
export type FormerFolders = ReadonlyMap<string, readonly FormerFolder[]>;

interface Move extends FolderMove {
  readonly sha: string;
}

/**
 * Each package's former folders, back from its folder at the head through the moves the read history
 * holds: the newest move into its folder, then the newest move into the folder it came from that the
 * later move follows, and so on. Pure.
 */
export function formerFoldersOf(
  commits: readonly CommitRecord[],
  packages: readonly Package[],
): FormerFolders {
  const moves: Move[] = commits.flatMap((c) => (c.moves ?? []).map((m) => ({ ...m, sha: c.sha })));
  if (moves.length === 0) return new Map();
  const after = descendants(commits);
  /** The one move of `among` that no other of them follows; null when none or several. */
  const newest = (among: readonly Move[]) => {
    const last = among.filter((m) => !among.some((n) => n !== m && after(m.sha).has(n.sha)));
    return last.length === 1 ? last[0] : null;
  };
  const former = new Map<string, FormerFolder[]>();
  for (const pkg of packages) {
    const held: FormerFolder[] = [];
    const seen = new Set([pkg.path]);
    for (let left = newest(moves.filter((m) => m.to === pkg.path)); left && !seen.has(left.from);) {
      const away = left;
      seen.add(away.from);
      const came = newest(moves.filter((m) => m.to === away.from && after(m.sha).has(away.sha)));
      held.push({
        path: away.from,
        holds: (sha) =>
          !after(away.sha).has(sha) && (came === null || came.sha === sha || after(came.sha).has(sha)),
      });
      left = came;
    }
    if (held.length > 0) former.set(pkg.name, held);
  }
  return former;
}

/** Every commit that descends from a commit (not itself), among `commits`: cached per commit. */
function descendants(commits: readonly CommitRecord[]): (sha: string) => ReadonlySet<string> {
  const children = new Map<string, string[]>();
  for (const c of commits) for (const p of c.parents) children.set(p, [...(children.get(p) ?? []), c.sha]);
  const known = new Map<string, Set<string>>();
  return (sha) => {
    let found = known.get(sha);
    if (!found) {
      found = new Set<string>();
      for (let level = children.get(sha) ?? []; level.length > 0;) {
        level = level.filter((c) => !found?.has(c));
        for (const c of level) found.add(c);
        level = level.flatMap((c) => children.get(c) ?? []);
      }
      known.set(sha, found);
    }
    return found;
  };
}

/**
 * Maps a changed file of a commit to the package that owns it: the nearest folder above it that a
 * package had at that commit (a former folder in the package's time there), or has at the head.
 */
export class MovedFolderOwnership {
  private readonly atHead: PackageOwnership;
  private readonly claims = new Map<string, { pkg: Package; holds: (sha: string) => boolean }[]>();

  constructor(packages: readonly Package[], unreleased: readonly UnreleasedFolder[], former: FormerFolders) {
    this.atHead = new PackageOwnership(packages, unreleased);
    for (const pkg of packages) {
      for (const { path, holds } of former.get(pkg.name) ?? []) {
        this.claims.set(path, [...(this.claims.get(path) ?? []), { pkg: { ...pkg, path }, holds }]);
      }
    }
  }

  ownerOf(file: string, commit: string): Package | null {
    if (this.claims.size === 0) return this.atHead.ownerOf(file);
    for (let folder = folderOf(file); ; folder = folderOf(folder)) {
      const claim = this.claims.get(folder)?.find(({ holds }) => holds(commit));
      if (claim) return claim.pkg;
      const owner = this.atHead.ownerAt(folder);
      if (owner !== undefined) return owner;
      if (folder === '.') return null;
    }
  }
}
