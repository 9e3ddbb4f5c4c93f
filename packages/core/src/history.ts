/** The commits pyrelease reads in one history walk, and reachability questions over them. */
export interface CommitRecord {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly message: string;
  /** Paths the commit changed (none for merge commits, whose changes belong to the merged commits). */
  readonly files: readonly string[];
}

export interface History {
  /** The commit being released (the base branch's tip). */
  readonly head: string;
  /** Every walked commit in `git log` order, newest first: HEAD's history and that of the tags. */
  readonly commits: readonly CommitRecord[];
}

export class Ancestry {
  private readonly bySha: Map<string, CommitRecord>;
  private readonly cache = new Map<string, Set<string>>();
  /** Commits reachable from the head. */
  readonly ofHead: Set<string>;

  constructor(history: History) {
    this.bySha = new Map(history.commits.map((c) => [c.sha, c]));
    this.ofHead = this.walk([history.head]);
  }

  /**
   * Commits of the head's history that any of `shas` can reach. Tags sit on release commits outside the
   * base branch; walking out of those first and caching by where the walks enter the head's history
   * lets all packages released in one run share one walk.
   */
  headCommitsReachableFrom(shas: readonly string[]): Set<string> {
    const entries = new Set<string>();
    const seen = new Set<string>();
    const stack = [...shas];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      if (this.ofHead.has(current)) entries.add(current);
      else for (const parent of this.bySha.get(current)?.parents ?? []) stack.push(parent);
    }
    const key = [...entries].sort().join(',');
    let reachable = this.cache.get(key);
    if (!reachable) {
      reachable = this.walk([...entries]);
      this.cache.set(key, reachable);
    }
    return reachable;
  }

  commit(sha: string): CommitRecord | undefined {
    return this.bySha.get(sha);
  }

  private walk(starts: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      const commit = this.bySha.get(current);
      // A commit outside the walked history (a shallow clone's boundary) ends the walk there.
      if (!commit) continue;
      seen.add(current);
      for (const parent of commit.parents) if (!seen.has(parent)) stack.push(parent);
    }
    return seen;
  }
}
