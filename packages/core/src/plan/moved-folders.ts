import type { CommitRecord } from '../git/records.js';
import { PackageOwnership } from '../workspace/ownership.js';
import type { Package, UnreleasedFolder } from '../workspace/package.js';

/**
 * Folders that packages had before a move (FolderMove): the commits made before it changed the
 * package there, and are its changes as much as those made after.
 */

/** A folder a package had before a move. */
export interface FormerFolder {
  readonly path: string;
  /**
   * The commits whose changes there are the package's, when the folder has had another owner too (a
   * package made there since, or one that had it before): the moves away from it and all they reach.
   * null: every commit (nobody else ever had it).
   */
  readonly until: ReadonlySet<string> | null;
}

/** The folders each package had before a move, by package name. */
export type FormerFolders = ReadonlyMap<string, readonly FormerFolder[]>;

/**
 * Each package's former folders, back through every move in the read history (a folder moved twice
 * has two). `reach`: every commit of the read history that the given commits reach, themselves
 * included. Pure.
 */
export function formerFoldersOf(
  commits: readonly CommitRecord[],
  packages: readonly Package[],
  unreleased: readonly UnreleasedFolder[],
  reach: (shas: readonly string[]) => ReadonlySet<string>,
): FormerFolders {
  const movedInto = new Map<string, { from: string; commit: CommitRecord }[]>();
  for (const commit of commits) {
    for (const { from, to } of commit.moves ?? []) {
      movedInto.set(to, [...(movedInto.get(to) ?? []), { from, commit }]);
    }
  }
  if (movedInto.size === 0) return new Map();
  // Who had each folder, and the moves that took them away from it.
  const claims = new Map<string, { name: string; moves: CommitRecord[] }[]>();
  for (const pkg of packages) {
    const moves = new Map<string, CommitRecord[]>();
    for (let level = [pkg.path]; level.length > 0;) {
      const next: string[] = [];
      for (const { from, commit } of level.flatMap((to) => movedInto.get(to) ?? [])) {
        if (from === pkg.path) continue;
        if (!moves.has(from)) next.push(from);
        moves.set(from, [...(moves.get(from) ?? []), commit]);
      }
      level = next;
    }
    for (const [from, by] of moves)
      claims.set(from, [...(claims.get(from) ?? []), { name: pkg.name, moves: by }]);
  }
  const taken = new Set([...packages, ...unreleased].map((p) => p.path));
  const former = new Map<string, FormerFolder[]>();
  for (const [path, owners] of claims) {
    const shared = taken.has(path) || owners.length > 1;
    for (const { name, moves } of owners) {
      const until = shared ? reach(moves.map((m) => m.sha)) : null;
      former.set(name, [...(former.get(name) ?? []), { path, until }]);
    }
  }
  return former;
}

/**
 * Maps a changed file of a commit to the package that owns it: in a former folder of a package, that
 * package when the commit is one of its time there (the earliest such owner); else as at the head.
 */
export class MovedFolderOwnership {
  private readonly atHead: PackageOwnership;
  private readonly before: { pkg: Package; until: ReadonlySet<string> }[];
  constructor(packages: readonly Package[], unreleased: readonly UnreleasedFolder[], former: FormerFolders) {
    const moved = packages.flatMap((p) =>
      (former.get(p.name) ?? []).map((f) => ({ pkg: { ...p, path: f.path }, ...f })),
    );
    // Folders nobody else ever had belong to their package for every commit, as the head's own do.
    const always = moved.filter((m) => m.until === null).map((m) => m.pkg);
    this.atHead = new PackageOwnership([...always, ...packages], unreleased);
    this.before = moved
      .flatMap(({ pkg, until }) => (until === null ? [] : [{ pkg, until }]))
      .sort((a, b) => a.until.size - b.until.size);
  }

  ownerOf(file: string, commit: string): Package | null {
    const earlier = this.before.find(
      ({ pkg, until }) => until.has(commit) && file.startsWith(`${pkg.path}/`),
    );
    return earlier?.pkg ?? this.atHead.ownerOf(file);
  }
}
