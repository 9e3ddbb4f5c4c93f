import type { CommitRecord } from '../git/records.js';
import { parseLine, type ReleaseLine } from '../versioning/release-line.js';
import { PackageTagPattern } from '../versioning/tags.js';
import { compareVersions } from '../versioning/version.js';
import type { Package } from '../workspace/package.js';
import { parseCommitMessage } from '../versioning/conventional.js';
import { Ancestry } from './ancestry.js';
import { LookalikeTags } from './lookalike-tags.js';
import { formerFoldersOf } from './moved-folders.js';
import { changelogSourceOf, commitsByPackage } from './package-history.js';
import { assignTags, countedTags, writtenFormatOf, type AssignedTags } from './tag-assignment.js';
import type { PackagePlan, PlanInput, Promotion, TaggedVersion } from './types.js';

/** What every package's plan reads, computed once per plan. */
export interface PlanContext {
  readonly input: PlanInput;
  readonly line: ReleaseLine | null;
  readonly assigned: AssignedTags;
  readonly ancestry: Ancestry;
  /** The commits of the head's history that touch each package. */
  readonly touching: ReadonlyMap<string, readonly CommitRecord[]>;
  /** The commits below the history's boundary that touch each package without a final release. */
  readonly touchingOlder: ReadonlyMap<string, readonly CommitRecord[]>;
  /** The commits of the whole walked history (other branches' too) that touch each package: read when asked. */
  touchingAnywhere(): ReadonlyMap<string, readonly CommitRecord[]>;
  /** The tags no package claims, read for names of packages (built when first asked). */
  readonly lookalikes: LookalikeTags;
  /** The packages in a version group: the rules that judge one version are asked at the group's. */
  readonly grouped: ReadonlySet<string>;
}

export function planContext(input: PlanInput): PlanContext {
  const line = input.line ? parseLine(input.line) : null;
  const assigned = assignTags(input);
  const ancestry = new Ancestry(input.history);
  const unreleased = input.unreleased ?? [];
  const { commits, older = [] } = input.history;
  const former = formerFoldersOf([...commits, ...older], input.packages);
  const touchingOf = (read: readonly CommitRecord[], ofHead: Set<string> | null) =>
    commitsByPackage(read, input.packages, unreleased, ofHead, former);
  let anywhere: ReadonlyMap<string, readonly CommitRecord[]> | null = null;
  return {
    input,
    line,
    assigned,
    ancestry,
    touching: touchingOf(commits, ancestry.ofHead),
    touchingOlder: touchingOf(older, null),
    touchingAnywhere: () => (anywhere ??= touchingOf(commits, null)),
    lookalikes: new LookalikeTags(assigned.unclaimed, input.packages),
    grouped: new Set((input.groups ?? []).flatMap((g) => g.members)),
  };
}

/** The fields of a package's plan that hold whether it is released or not. */
export type PlanBase = Omit<
  PackagePlan,
  'releaseAs' | 'bump' | 'next' | 'tag' | 'skipReason' | 'dependencies'
>;

/** One package's facts before any rule decides: its tags, and its commits since them. */
export interface PackageFacts {
  readonly pkg: Package;
  /** The format its new tags are written in. */
  readonly written: PackageTagPattern;
  readonly tags: readonly TaggedVersion[];
  readonly lastAny: TaggedVersion | null;
  readonly lastFinal: TaggedVersion | null;
  readonly previous: TaggedVersion | null;
  /** In a final run, the rc whose files the head has (promotion.ts). */
  readonly promoted: Promotion | null;
  /** Its commits since `previous` (or what the promoted rc released): the release's changelog. */
  readonly commits: readonly CommitRecord[];
  /** Its commits that the counting tags up to `from` do not contain (all of them: no `from`). */
  since(from: TaggedVersion | null): CommitRecord[];
  readonly base: PlanBase;
}

export function packageFacts(ctx: PlanContext, pkg: Package): PackageFacts {
  const { input, ancestry } = ctx;
  const written = new PackageTagPattern(writtenFormatOf(pkg, input.tagFormat), pkg);
  const tags = ctx.assigned.tagsByPackage.get(pkg.name) ?? [];
  const counted = countedTags(input.mode, tags);
  const { lastAny, lastFinal, previous } = counted;
  const counting = withoutUncarriedRcs(ctx, pkg, lastFinal, counted.counting);
  // Released already: everything the counting tags up to `from` contain. Not only `from` itself,
  // whose history may lack commits that reached it by a squash merge (a final on master after rcs on
  // test). Older commits, read for a package without a final, are contained by every counting tag.
  const since = (from: TaggedVersion | null) => {
    const all = ctx.touching.get(pkg.name) ?? [];
    if (!from) return [...all, ...(ctx.touchingOlder.get(pkg.name) ?? [])];
    const upTo = counting.filter((t) => compareVersions(t.version, from.version) <= 0).map((t) => t.commit);
    const excluded = ancestry.headCommitsReachableFrom(upTo);
    const unreached = all.filter((c) => !excluded.has(c.sha));
    return withoutReleasedCopies(ctx, pkg, upTo, withoutReleasedSquashes(ctx, pkg, upTo, unreached));
  };
  const promoted = input.mode === 'final' ? (input.promotions?.get(pkg.name) ?? null) : null;
  const commits = promoted ? promotedCommits(ctx, pkg, promoted, counting) : since(previous);
  const base: PlanBase = {
    package: pkg,
    declared: pkg.version,
    tagShape: written.shape,
    lastFinal,
    lastAny,
    promoted,
    tags,
    previous,
    commits,
    changelogSource: changelogSourceOf(ancestry, pkg, previous, input.history.head),
  };
  return { pkg, written, tags, lastAny, lastFinal, previous, promoted, commits, since, base };
}

/**
 * The counting tags less the rcs of the last final's version that the final does not carry: neither
 * its history reaches where they were cut (a merge, a fast-forward) nor its files are theirs (a squash,
 * a rebase). Their changes are not released yet, and the next release lists and counts them.
 */
function withoutUncarriedRcs(
  ctx: PlanContext,
  pkg: Package,
  lastFinal: TaggedVersion | null,
  counting: readonly TaggedVersion[],
): readonly TaggedVersion[] {
  const carry = ctx.input.finalCarries?.get(pkg.name);
  if (!carry || !lastFinal || carry.byFiles.size === carry.rcBases.size) return counting;
  const reached = ctx.ancestry.reachableFrom([lastFinal.commit]);
  return counting.filter((t) => {
    const base = carry.rcBases.get(t.tag);
    return base === undefined || carry.byFiles.has(t.tag) || reached.has(base);
  });
}

/**
 * What a promoted rc released, as the final's changes: the package's commits that the rc's base holds
 * and the counting tags (the last final and its rcs) do not, wherever they are: after a squash or a
 * rebase they are on the rc's branch only. The head's own commits (the squashed copy, a merge) add
 * nothing: its files are the rc's. Newest first, as the history is read.
 */
function promotedCommits(
  ctx: PlanContext,
  pkg: Package,
  promoted: Promotion,
  counting: readonly TaggedVersion[],
): CommitRecord[] {
  const held = ctx.ancestry.reachableFrom([promoted.base]);
  const released = counting.length > 0 ? ctx.ancestry.reachableFrom(counting.map((t) => t.commit)) : null;
  const own = (ctx.touchingAnywhere().get(pkg.name) ?? []).filter(
    (c) => held.has(c.sha) && !released?.has(c.sha),
  );
  // Without a final, the commits below the history's boundary are the rc's too.
  return counting.length > 0 ? own : [...own, ...(ctx.touchingOlder.get(pkg.name) ?? [])];
}

/**
 * A squash of a long-lived branch that was squashed before lists every commit since the branch began,
 * the released ones too (GitHub's pull request compares from the old fork point): a squashed commit
 * whose subject is one the tags up to `upTo` already released is left out, so it is not counted twice.
 */
function withoutReleasedSquashes(
  ctx: PlanContext,
  pkg: Package,
  upTo: readonly string[],
  commits: CommitRecord[],
): CommitRecord[] {
  if (!commits.some((c) => c.squashed)) return commits;
  const released = ctx.ancestry.reachableFrom(upTo);
  const subjects = new Set(
    (ctx.touchingAnywhere().get(pkg.name) ?? [])
      .filter((c) => released.has(c.sha))
      .map((c) => parseCommitMessage(c.message).subject),
  );
  return commits.filter((c) => !c.squashed || !subjects.has(parseCommitMessage(c.message).subject));
}

/**
 * A commit whose copy the tags up to `upTo` released is left out: a promotion by rebase (or a
 * cherry-pick without -x) puts a copy on master, a squash lists its message in the squash's body, and
 * a final released from either holds the copy, not the commit still on `test`. Counting the original
 * again would release the change twice and apply its Release-As footer a second time. A copy is a
 * commit off the head's history with the same message and the same files (what GitHub's rebase
 * keeps), or a squash whose body lists the same message and whose files hold the commit's. Each copy
 * stands for one original, the oldest that matches (whether a tag reached it or not), so a later
 * commit that only repeats a message (`fix: typo`) is not taken for one.
 */
function withoutReleasedCopies(
  ctx: PlanContext,
  pkg: Package,
  upTo: readonly string[],
  commits: CommitRecord[],
): CommitRecord[] {
  if (commits.length === 0 || upTo.length === 0) return commits;
  const offHead = (ctx.touchingAnywhere().get(pkg.name) ?? []).filter((c) => !ctx.ancestry.ofHead.has(c.sha));
  if (offHead.length === 0) return commits;
  const reached = ctx.ancestry.reachableFrom(upTo);
  // The head's commits by message, oldest first: the originals a copy can stand for.
  const byMessage = new Map<string, CommitRecord[]>();
  for (const c of [...(ctx.touching.get(pkg.name) ?? [])].reverse()) {
    const message = c.message.trimEnd();
    byMessage.set(message, [...(byMessage.get(message) ?? []), c]);
  }
  const copied = new Set<CommitRecord>();
  for (const copy of offHead.filter((c) => reached.has(c.sha))) {
    const candidates = byMessage.get(copy.message.trimEnd()) ?? [];
    const original = candidates.find((c) => !copied.has(c) && isCopyOf(copy, c));
    if (original) copied.add(original);
  }
  return commits.filter((c) => c.squashed || !copied.has(c));
}

/** Whether `copy` (same message) carries `original`'s change: the same files, or a squash holding them. */
function isCopyOf(copy: CommitRecord, original: CommitRecord): boolean {
  if (copy.squashed && original.squashed) return false;
  if (copy.squashed) return original.files.every((f) => copy.files.includes(f));
  if (original.squashed) return copy.files.every((f) => original.files.includes(f));
  return copyKey(copy) === copyKey(original);
}

/** What a rebased copy keeps of its commit: the message and the changed files. */
function copyKey(commit: CommitRecord): string {
  return `${commit.message.trimEnd()}\0${[...commit.files].sort().join('\0')}`;
}
