import type { Level } from './versions.js';

/** One change a person made: the commit (or its squash or cherry-pick) carries it to master. */
export interface Change {
  readonly id: number;
  readonly packages: readonly string[];
  /** What its Conventional Commit header says (none: not a release-worthy type). */
  readonly level: Level | 'breaking';
  readonly subject: string;
  /** The number its subject carries ("fix: change 7"); null for a hand edit or a revert. */
  readonly number: number | null;
  /** A `Release-As:` footer's version. */
  readonly releaseAs: string | null;
  /** A note written by hand into a package's CHANGELOG.md. */
  readonly handNote: { readonly name: string; readonly line: string } | null;
  reverted: boolean;
}

/** A tag the origin holds, as first seen. */
export interface SeenTag {
  readonly tag: string;
  readonly name: string;
  readonly version: string;
  readonly commit: string;
  /** The order tags appeared in (several appear in one run). */
  readonly step: number;
  /** The changes of this package on the base branch the run released from. */
  readonly changes: ReadonlySet<number>;
}

/**
 * What the simulator knows independently of pyrelease: which changes each branch carries, the tags as
 * first seen, the changelog bullets each release wrote, every commit people pushed. The invariants
 * compare the origin with it after every step.
 */
export class Model {
  readonly changes: Change[] = [];
  /** Change ids on each base branch. */
  readonly on: Record<'test' | 'master', Set<number>> = { test: new Set(), master: new Set() };
  readonly tags = new Map<string, SeenTag>();
  /** Per package: the changes its finals so far released. */
  readonly finalized = new Map<string, Set<number>>();
  /** Per package: the changelog entry a release wrote for a change, by change id. */
  readonly bullets = new Map<string, Map<number, string>>();
  /** Every commit people pushed to test or master. */
  readonly pushed = new Set<string>();
  /** Per package: the siblings it requires on test (a requirement is never removed). */
  readonly requires = new Map<string, Set<string>>();
  /** Steps taken (each operation, and each run of a release operation), and invariant checks made. */
  step = 0;
  checks = 0;
  /** Operations applied, by kind (those that did not apply to the history as it was are not counted). */
  readonly applied = new Map<string, number>();
  /** The change each branch's newest commit made (null: a merge or a promotion, nothing to revert). */
  readonly head: Record<'test' | 'master', number | null> = { test: null, master: null };

  add(change: Omit<Change, 'id' | 'reverted'>, branch: 'test' | 'master'): Change {
    const made: Change = { ...change, id: this.changes.length + 1, reverted: false };
    this.changes.push(made);
    this.on[branch].add(made.id);
    this.head[branch] = made.id;
    return made;
  }

  promote(): void {
    for (const id of this.on.test) this.on.master.add(id);
    this.head.master = null;
  }

  mergeBack(): void {
    for (const id of this.on.master) this.on.test.add(id);
    this.head.test = null;
  }

  /** The changes of `branch` that touch package `name`. */
  changesOf(branch: 'test' | 'master', name: string): Set<number> {
    return new Set([...this.on[branch]].filter((id) => this.changes[id - 1].packages.includes(name)));
  }

  /** Whether `from` requires `to`, directly or through other siblings. */
  dependsOn(from: string, to: string, seen = new Set<string>()): boolean {
    if (seen.has(from)) return false;
    seen.add(from);
    return [...(this.requires.get(from) ?? [])].some((d) => d === to || this.dependsOn(d, to, seen));
  }

  tagsOf(name: string): SeenTag[] {
    return [...this.tags.values()].filter((t) => t.name === name);
  }
}
