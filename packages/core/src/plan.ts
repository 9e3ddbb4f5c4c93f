import { bumpLevelOf, parseCommitMessage } from './conventional.js';
import { UserError } from './errors.js';
import { Ancestry, type CommitRecord, type History } from './history.js';
import { parseReleaseCommitMessage } from './release-commit.js';
import { TagFormat } from './tags.js';
import {
  bumpVersion,
  candidateNumber,
  compareVersions,
  higherBump,
  isFinal,
  maxVersion,
  releaseOf,
  withReleaseCandidate,
  type BumpLevel,
  type Version,
} from './version.js';
import { PackageOwnership, type Package } from './workspace.js';

export type ReleaseMode = 'rc' | 'final';

export function parseMode(value: string, what = 'mode'): ReleaseMode {
  if (value === 'rc' || value === 'final') return value;
  throw new UserError(`${what} must be rc or final, got ${JSON.stringify(value)}`);
}

/** A tag as the repository lists it: name and the commit it points at (peeled for annotated tags). */
export interface TagRecord {
  readonly name: string;
  readonly commit: string;
}

export interface TaggedVersion {
  readonly tag: string;
  readonly version: Version;
  readonly commit: string;
}

export interface PackagePlan {
  readonly package: Package;
  /** The version in the base branch's pyproject.toml. */
  readonly declared: Version;
  readonly lastFinal: TaggedVersion | null;
  readonly lastAny: TaggedVersion | null;
  /** The tag the release's changes are counted from: lastAny in rc mode, lastFinal in final mode. */
  readonly previous: TaggedVersion | null;
  /** Commits since `previous` that touch the package, newest first: the release's changelog. */
  readonly commits: readonly CommitRecord[];
  /** The level from the Conventional Commits since lastFinal; null when nothing is released or no final exists yet. */
  readonly bump: BumpLevel | null;
  readonly next: Version | null;
  readonly tag: string | null;
  /** Why the package is not released; null when it is. */
  readonly skipReason: string | null;
  /**
   * The CHANGELOG.md the new section goes on top of: at `previous`, else at the head. `releasedFrom` is
   * the base commit `previous` was cut from: the base branch's file there is what the released file
   * grew from, so edits made on the base branch since are the difference to it (null: no previous).
   */
  readonly changelogSource: {
    readonly commit: string;
    readonly path: string;
    readonly releasedFrom: string | null;
  };
}

export interface ReleasePlan {
  readonly mode: ReleaseMode;
  readonly head: string;
  readonly packages: readonly PackagePlan[];
}

export interface PlanInput {
  readonly mode: ReleaseMode;
  readonly packages: readonly Package[];
  readonly tags: readonly TagRecord[];
  readonly history: History;
  readonly tagFormat: TagFormat;
}

export function releasedPackages(plan: ReleasePlan): PackagePlan[] {
  return plan.packages.filter((p) => p.next !== null);
}

/**
 * The release plan of DESIGN.md, as a pure function of the packages, the tags and the history:
 * which packages are released, at which version, with which commits.
 */
export function computePlan(input: PlanInput): ReleasePlan {
  const { mode, packages, tagFormat, history } = input;
  if (!tagFormat.hasName && packages.length > 1) {
    throw new UserError(
      `tag-format ${JSON.stringify(tagFormat.format)} has no {name}, so it fits only a single package, but ${packages.length} were found`,
    );
  }
  const tagsByPackage = groupTags(input.tags, packages, tagFormat);
  const ancestry = new Ancestry(history);
  const touching = commitsByPackage(history, packages, ancestry.ofHead);

  const plans = packages.map((pkg): PackagePlan => {
    const tags = tagsByPackage.get(pkg.name) ?? [];
    const lastAny = highest(tags);
    const lastFinal = highest(tags.filter((t) => isFinal(t.version)));
    const previous = mode === 'rc' ? lastAny : lastFinal;
    // Released already: everything any tag up to `from` contains. Not only `from` itself, whose history
    // may lack commits that reached it by a squash merge (a final on master after rcs on test).
    const since = (from: TaggedVersion | null) => {
      const all = touching.get(pkg.name) ?? [];
      if (!from) return all;
      const upTo = tags.filter((t) => compareVersions(t.version, from.version) <= 0).map((t) => t.commit);
      const excluded = ancestry.headCommitsReachableFrom(upTo);
      return all.filter((c) => !excluded.has(c.sha));
    };
    const commits = since(previous);
    const changelogSource = previous
      ? {
          commit: previous.commit,
          path: changelogAt(ancestry, previous.commit) ?? pkg.changelogPath,
          releasedFrom: releaseBaseOf(ancestry, previous.commit),
        }
      : { commit: history.head, path: pkg.changelogPath, releasedFrom: null };
    const base = {
      package: pkg,
      declared: pkg.version,
      lastFinal,
      lastAny,
      previous,
      commits,
      changelogSource,
    };
    if (commits.length === 0) {
      const skipReason = previous ? `no changes since ${previous.tag}` : `no commit touches ${pkg.path}`;
      return { ...base, bump: null, next: null, tag: null, skipReason };
    }
    // The level always comes from the commits since the last final, so rc and final agree. Before the
    // first final there is nothing to bump from: the declared version is released.
    const bumpCommits = !lastFinal ? [] : mode === 'rc' ? since(lastFinal) : commits;
    const bump =
      bumpCommits.reduce<BumpLevel | null>(
        (level, c) => higherBump(level, bumpLevelOf(parseCommitMessage(c.message))),
        null,
      ) ?? (lastFinal ? 'patch' : null);
    const declared = releaseOf(pkg.version);
    const target = lastFinal
      ? maxVersion(declared, bumpVersion(lastFinal.version, bump ?? 'patch'))
      : declared;
    // Never a version that is already tagged: rc numbers go one past the highest, and a final target is
    // always above lastFinal (or, with no final yet, above nothing tagged final).
    const next = mode === 'rc' ? withReleaseCandidate(target, nextCandidateNumber(tags, target)) : target;
    return { ...base, bump, next, tag: tagFormat.render(pkg.name, next), skipReason: null };
  });
  return { mode, head: history.head, packages: plans };
}

/**
 * Where the package's CHANGELOG.md was at a tag made by cut-release: its release commit changed exactly
 * the package's pyproject.toml and CHANGELOG.md, so this finds the file even after the folder moved.
 */
function changelogAt(ancestry: Ancestry, commit: string): string | null {
  const files = ancestry.commit(commit)?.files ?? [];
  const folder = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : '');
  const changelogs = files.filter((f) => f === 'CHANGELOG.md' || f.endsWith('/CHANGELOG.md'));
  const matching = changelogs.filter((c) => files.includes(`${folder(c)}pyproject.toml`));
  if (matching.length === 1) return matching[0];
  // A release that kept the declared version (the first final) changed only the changelog.
  const message = ancestry.commit(commit)?.message ?? '';
  return changelogs.length === 1 && files.length === 1 && parseReleaseCommitMessage(message)
    ? changelogs[0]
    : null;
}

/**
 * The commit a release was cut from: below a tag, the release commits of its run sit on one chain
 * (one parent each) on top of the base commit. A tag on a base branch commit is its own base. Null
 * when that is unknown: the chain leaves the walked history, or another tool tagged a commit of its own
 * branch.
 */
function releaseBaseOf(ancestry: Ancestry, tagCommit: string): string | null {
  // Another tool's tag on its own branch: where it grew from is unknown, so the tag's file is kept.
  const tagged = ancestry.commit(tagCommit);
  if (tagged && !ancestry.ofHead.has(tagCommit) && !parseReleaseCommitMessage(tagged.message)) return null;
  let current = tagged;
  while (current && current.parents.length === 1 && parseReleaseCommitMessage(current.message)) {
    current = ancestry.commit(current.parents[0]);
  }
  return current?.sha ?? null;
}

function groupTags(tags: readonly TagRecord[], packages: readonly Package[], format: TagFormat) {
  const names = new Set(packages.map((p) => p.name));
  const single = packages.length === 1 ? packages[0].name : null;
  const grouped = new Map<string, TaggedVersion[]>();
  for (const tag of tags) {
    const parsed = format.parse(tag.name, names);
    const name = parsed ? (parsed.name ?? single) : null;
    if (!parsed || name === null) continue;
    const list = grouped.get(name) ?? [];
    list.push({ tag: tag.name, version: parsed.version, commit: tag.commit });
    grouped.set(name, list);
  }
  return grouped;
}

function commitsByPackage(history: History, packages: readonly Package[], ofHead: Set<string>) {
  const ownership = new PackageOwnership(packages);
  const touching = new Map<string, CommitRecord[]>();
  for (const commit of history.commits) {
    if (!ofHead.has(commit.sha)) continue;
    const owners = new Set<string>();
    for (const file of commit.files) {
      const owner = ownership.ownerOf(file);
      if (owner) owners.add(owner.name);
    }
    for (const name of owners) {
      const list = touching.get(name) ?? [];
      list.push(commit);
      touching.set(name, list);
    }
  }
  return touching;
}

function highest(tags: readonly TaggedVersion[]): TaggedVersion | null {
  let best: TaggedVersion | null = null;
  for (const t of tags) if (!best || compareVersions(t.version, best.version) > 0) best = t;
  return best;
}

function nextCandidateNumber(tags: readonly TaggedVersion[], target: Version): number {
  let highestN = 0;
  for (const t of tags) highestN = Math.max(highestN, candidateNumber(t.version, target) ?? 0);
  return highestN + 1;
}
