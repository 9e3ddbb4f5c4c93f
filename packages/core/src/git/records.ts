/** What git answers, as plain records: the commits of one history walk, tags, and how far a walk goes. */
export interface CommitRecord {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly message: string;
  /** Paths the commit changed (none for merge commits, whose changes belong to the merged commits). */
  readonly files: readonly string[];
  /** One of the commits a squash merge folded (its message; sha and files are the squash's). */
  readonly squashed?: boolean;
  /**
   * The package manifests (`<folder>/pyproject.toml`) the commit deleted, and those it added, with their
   * blobs: recorded only when it deleted one, as a folder moved (or a package removed) does.
   */
  readonly manifests?: ManifestChanges;
  /** The package folders the commit moved, once the manifests are compared (plan/folder-moves.ts). */
  readonly moves?: readonly FolderMove[];
}

export interface ManifestChanges {
  readonly deleted: readonly ManifestBlob[];
  readonly added: readonly ManifestBlob[];
}

/** A package's pyproject.toml as a commit deleted or added it: its folder and its blob. */
export interface ManifestBlob {
  readonly folder: string;
  readonly blob: string;
}

/**
 * A package folder moved by a commit: it deleted `from/pyproject.toml` and added `to/pyproject.toml`
 * of the same project. The commits before it changed the package in `from`.
 */
export interface FolderMove {
  readonly from: string;
  readonly to: string;
}

export interface History {
  /** The commit being released (the base branch's tip). */
  readonly head: string;
  /**
   * Every walked commit in `git log` order, newest first: the head's history and that of the counted
   * tags, down to the boundary (the plan's historyBoundsOf) or to the first commit.
   */
  readonly commits: readonly CommitRecord[];
  /**
   * The commits below the boundary (contained by every counted tag) that touch the folders of the
   * packages without a final release, with only those folders' files: read for those packages alone.
   */
  readonly older?: readonly CommitRecord[];
}

/** A tag as the repository lists it: name and the commit it points at (peeled for annotated tags). */
export interface TagRecord {
  readonly name: string;
  readonly commit: string;
}

/**
 * What the history read needs, so a plan's cost follows the unreleased history (docs/benchmarks.md):
 * the commits of the tags every package counts from, whose common ancestors end the walk (everything
 * below them is released for every package), and the folders of the packages without a final release,
 * whose changes are read back to their first commit on their own (path-limited, so no other package
 * pays for them).
 */
export interface HistoryBounds {
  readonly tagCommits: readonly string[];
  readonly fullHistoryPaths: readonly string[];
}

/** A commit's subject line as messages quote it: in quotes, cut to 72 characters. */
export function quotedSubject(commit: Pick<CommitRecord, 'message'>): string {
  const subject = commit.message.split('\n', 1)[0];
  return JSON.stringify(subject.length > 72 ? `${subject.slice(0, 69)}...` : subject);
}
