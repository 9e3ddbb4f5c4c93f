import type { CommitRecord, History } from '../git/records.js';

export type { CommitRecord, History } from '../git/records.js';

/** Reachability questions over the commits of one history walk. */
export class Ancestry {
  private readonly bySha: Map<string, CommitRecord>;
  private readonly position: Map<string, number>;
  private readonly ancestors = new Map<string, Set<string>>();
  private readonly unions = new Map<string, Set<string>>();
  private readonly entries = new Map<string, readonly string[]>();
  private readonly reached = new Map<string, Set<string>>();
  /** Commits reachable from the head. */
  readonly ofHead: Set<string>;

  constructor(history: History) {
    this.bySha = new Map(history.commits.map((c) => [c.sha, c]));
    this.position = new Map(history.commits.map((c, i) => [c.sha, i]));
    this.ofHead = this.walk([history.head]);
  }

  /**
   * Commits of the head's history that any of `shas` can reach. Tags sit on release commits outside the
   * base branch: each is first followed to where it enters the head's history (memoized along release
   * chains), entries that another entry reaches are dropped, and the ancestors of each remaining entry
   * are walked once and cached, so all packages share a handful of walks however many tags they have.
   */
  headCommitsReachableFrom(shas: readonly string[]): Set<string> {
    // Newest first (git log order), so the newest entry's walk usually covers all the others.
    const entries = [...new Set(shas.flatMap((sha) => this.entriesOf(sha)))].sort(
      (a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0),
    );
    const kept: string[] = [];
    for (const entry of entries) {
      if (kept.some((k) => this.ancestorsOf(k).has(entry))) continue;
      const reach = this.ancestorsOf(entry);
      for (let i = kept.length - 1; i >= 0; i -= 1) if (reach.has(kept[i])) kept.splice(i, 1);
      kept.push(entry);
    }
    if (kept.length === 1) return this.ancestorsOf(kept[0]);
    const key = kept.sort().join(',');
    let union = this.unions.get(key);
    if (!union) {
      union = new Set(kept.flatMap((k) => [...this.ancestorsOf(k)]));
      this.unions.set(key, union);
    }
    return union;
  }

  /**
   * Every commit of the walked history that any of `shas` reaches, themselves included, wherever it is
   * (not only in the head's history): what a tag on another branch holds. Cached per set of starts.
   */
  reachableFrom(shas: readonly string[]): Set<string> {
    const key = [...new Set(shas)].sort().join(',');
    let reach = this.reached.get(key);
    if (!reach) {
      reach = this.walk(shas);
      this.reached.set(key, reach);
    }
    return reach;
  }

  commit(sha: string): CommitRecord | undefined {
    return this.bySha.get(sha);
  }

  /** Everything the head-history commit `entry` reaches, itself included; one walk per entry. */
  private ancestorsOf(entry: string): Set<string> {
    let reach = this.ancestors.get(entry);
    if (!reach) {
      reach = this.walk([entry]);
      this.ancestors.set(entry, reach);
    }
    return reach;
  }

  /** The head-history commits where walks from `sha` enter the head's history. */
  private entriesOf(sha: string): readonly string[] {
    // Release chains have one parent per commit: follow them, and remember the answer for every
    // commit passed, so the next tag on the same chain stops where this walk went through.
    const passed: string[] = [];
    let current = sha;
    let found: readonly string[] | undefined;
    while (found === undefined) {
      const memo = this.entries.get(current);
      const parents = this.bySha.get(current)?.parents ?? [];
      if (this.ofHead.has(current)) found = [current];
      else if (memo) found = memo;
      else if (parents.length === 1) {
        passed.push(current);
        current = parents[0];
      } else found = this.entriesByWalk(current);
    }
    for (const commit of passed) this.entries.set(commit, found);
    return found;
  }

  /** entriesOf for a merge (or a commit outside the walked history): a plain walk, no recursion. */
  private entriesByWalk(start: string): string[] {
    const entries = new Set<string>();
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      if (this.ofHead.has(current)) entries.add(current);
      else for (const parent of this.bySha.get(current)?.parents ?? []) stack.push(parent);
    }
    return [...entries];
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
