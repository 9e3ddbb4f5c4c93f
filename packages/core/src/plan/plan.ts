import picomatch from 'picomatch';
import { bumpLevelOf } from '../versioning/bump-rules.js';
import { parseCommitMessage, releaseAsOf } from '../versioning/conventional.js';
import { UserError } from '../errors.js';
import { Ancestry } from './ancestry.js';
import type { CommitRecord, History, HistoryBounds, TagRecord } from '../git/records.js';

export type { HistoryBounds, TagRecord } from '../git/records.js';
import { parseReleaseCommitMessage } from '../versioning/release-commit.js';
import { DEFAULT_TAG_FORMAT, PackageTagPattern, TagMatcher } from '../versioning/tags.js';
import { lineOf, parseLine } from '../versioning/release-line.js';
import {
  bumpVersion,
  candidateNumber,
  compareVersions,
  compareReleaseNumbers,
  higherBump,
  isFinal,
  maxVersion,
  releaseOf,
  tryParseVersion,
  withReleaseCandidate,
  type BumpLevel,
  type Version,
} from '../versioning/version.js';
import { PackageOwnership, type Package, type UnreleasedFolder } from '../workspace/discovery.js';
import {
  isReadableRequirement,
  movedRequirementText,
  pinnedRequirementText,
  type InternalRequirement,
} from '../dependencies/requirements.js';

export type ReleaseMode = 'rc' | 'final';

export function parseMode(value: string, what = 'mode'): ReleaseMode {
  if (value === 'rc' || value === 'final') return value;
  throw new UserError(`${what} must be rc or final, got ${JSON.stringify(value)}`);
}

export interface TaggedVersion {
  readonly tag: string;
  readonly version: Version;
  readonly commit: string;
}

export interface PackagePlan {
  readonly package: Package;
  /** The version the base branch's files declare; null when the build derives it from the tags. */
  readonly declared: Version | null;
  /** The tag with `{version}` left in, e.g. `integrations/chroma-v{version}`. */
  readonly tagShape: string;
  /** A `Release-As:` footer since the last final that sets the version: its version and commit. */
  readonly releaseAs: { readonly version: Version; readonly commit: string } | null;
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
  /** Siblings released in this run whose new version its requirements had to move to (`alpha 2.0.0`). */
  readonly dependencies: readonly string[];
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

/**
 * A requirement of one package on another that the other's new version does not satisfy: it moves up
 * in the other's release commit, so every tag is a workspace that resolves.
 */
export interface DependencyUpdate {
  readonly dependent: string;
  readonly dependency: string;
  readonly version: Version;
  readonly requirement: InternalRequirement;
  /** The requirement's new text. */
  readonly replacement: string;
  /** A lower bound written into a bare requirement (`pin-workspace-dependencies`). */
  readonly pin: boolean;
  /**
   * Written in the dependent's own release commit (a pin, or a sibling released in an earlier run);
   * otherwise in the dependency's, which comes first.
   */
  readonly ownCommit: boolean;
}

export interface ReleasePlan {
  readonly mode: ReleaseMode;
  readonly head: string;
  readonly packages: readonly PackagePlan[];
  readonly dependencyUpdates: readonly DependencyUpdate[];
  /** Folders that look like packages but are not released, with the reason. */
  readonly unreleased: readonly UnreleasedFolder[];
  /** What the plan could not decide for a package and left alone, by package: shown as warnings. */
  readonly warnings: readonly string[];
  /** The maintenance line (`line = "0.6"`) the plan keeps to; null: the main line. */
  readonly line: string | null;
  /** Every uv.lock of the head's tree: releases rewrite their versions there. */
  readonly lockFiles: readonly string[];
}

export interface PlanInput {
  readonly mode: ReleaseMode;
  readonly packages: readonly Package[];
  readonly unreleased?: readonly UnreleasedFolder[];
  readonly tags: readonly TagRecord[];
  readonly history: History;
  /** An input or option: wins over every package's configured format. */
  readonly tagFormat?: string;
  /** Only tags of this line count, and releases stay in it (`0.6`). */
  readonly line?: string;
  readonly lockFiles?: readonly string[];
  /**
   * Each package's requirements on siblings as its previous tag has them (what it published): a
   * sibling's new version that those admit already needs no new release of it. Absent: unknown.
   */
  readonly releasedRequirements?: ReadonlyMap<string, readonly InternalRequirement[]>;
}

/**
 * The tag patterns of each package: the format it writes, then those its older tags used. A root
 * package cannot fill `{dir}` or `{path}`: such formats are left out (the plan says why).
 */
export function tagPatternsOf(pkg: Package, override?: string): PackageTagPattern[] {
  const formats = [
    override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT,
    ...pkg.settings.previousTagFormats,
  ];
  return formats.map((f) => new PackageTagPattern(f, pkg)).filter((p) => p.usable);
}

function writtenFormatOf(pkg: Package, override?: string): string {
  return override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT;
}

/**
 * Tag shapes that real monorepos use. A package whose folder has tags of one of these, but none in
 * its configured formats, was released under another format: planning it from nothing would release
 * published versions again, so it is not released and named instead.
 */
const COMMON_TAG_FORMATS = [
  '{name}-v{version}',
  '{name}-{version}',
  '{name}=={version}',
  '{name}@{version}',
  '{name}/v{version}',
  '{name}/{version}',
  '{name}_v{version}',
  '{dir}-v{version}',
  '{dir}-{version}',
  '{dir}@{version}',
  '{dir}/v{version}',
  '{dir}/{version}',
  '{path}-v{version}',
  '{path}/v{version}',
  '{path}/{version}',
];
const SINGLE_PACKAGE_FORMATS = ['v{version}', '{version}'];
const SINGLE_PACKAGE_PATTERNS = SINGLE_PACKAGE_FORMATS.map(
  (f) => new PackageTagPattern(f, { name: 'x', path: '.' }),
);

export function releasedPackages(plan: ReleasePlan): PackagePlan[] {
  return plan.packages.filter((p) => p.next !== null);
}

/**
 * The release plan of DESIGN.md, as a pure function of the packages, the tags and the history:
 * which packages are released, at which version, with which commits.
 */
export function computePlan(input: PlanInput): ReleasePlan {
  const { mode, packages, history } = input;
  const line = input.line ? parseLine(input.line) : null;
  const { tagsByPackage, outOfLine, unclaimed } = assignTags(input);
  const ancestry = new Ancestry(history);
  const touching = commitsByPackage(history.commits, packages, input.unreleased ?? [], ancestry.ofHead);
  const touchingOlder = commitsByPackage(history.older ?? [], packages, input.unreleased ?? [], null);
  const warnings: string[] = [];

  /** Skipped for having nothing to release: a sibling's release may still require one. */
  const unchanged = new Set<string>();
  const planOne = (pkg: Package, because: readonly string[]): PackagePlan => {
    const written = new PackageTagPattern(writtenFormatOf(pkg, input.tagFormat), pkg);
    const current = written.usable ? written : null;
    const tags = tagsByPackage.get(pkg.name) ?? [];
    const { lastAny, lastFinal, previous, counting } = countedTags(mode, tags);
    // Released already: everything the counting tags up to `from` contain. Not only `from` itself,
    // whose history may lack commits that reached it by a squash merge (a final on master after rcs on
    // test). Older commits, read for a package without a final, are contained by every counting tag.
    const since = (from: TaggedVersion | null) => {
      const all = touching.get(pkg.name) ?? [];
      if (!from) return [...all, ...(touchingOlder.get(pkg.name) ?? [])];
      const upTo = counting.filter((t) => compareVersions(t.version, from.version) <= 0).map((t) => t.commit);
      const excluded = ancestry.headCommitsReachableFrom(upTo);
      return all.filter((c) => !excluded.has(c.sha));
    };
    const commits = since(previous);
    const changelogPath = pkg.changelogPath ?? joinChangelog(pkg);
    const changelogSource = previous
      ? {
          commit: previous.commit,
          path: changelogAt(ancestry, previous.commit, changelogPath) ?? changelogPath,
          releasedFrom: releaseBaseOf(ancestry, previous.commit),
        }
      : { commit: history.head, path: changelogPath, releasedFrom: null };
    const base = {
      package: pkg,
      declared: pkg.version,
      tagShape: written.shape,
      lastFinal,
      lastAny,
      previous,
      commits,
      changelogSource,
    };
    const skipped = (skipReason: string): PackagePlan => ({
      ...base,
      releaseAs: null,
      bump: null,
      next: null,
      tag: null,
      skipReason,
      dependencies: [],
    });
    const notReleased = (reason: string) => {
      warnings.push(`${pkg.name}: not released: ${reason}`);
      return skipped(reason);
    };
    if (!current) {
      return notReleased(
        `tag-format ${JSON.stringify(written.format)} uses {dir} or {path}, which a root package has none of: use {name} in the tag-format input or the root configuration`,
      );
    }
    if (line && tags.length === 0 && outOfLine.has(pkg.name)) {
      return skipped(`no release in line ${line.text} yet: it is released from its own maintenance branch`);
    }
    if (tags.length === 0 && commits.length > 0 && !pkg.settings.tagsDeclared) {
      const lookalike = tagInOtherShape(pkg, unclaimed, packages.length === 1);
      if (lookalike) {
        return notReleased(
          `tags such as ${lookalike} look like its releases, but none matches ${written.shape}: set tag-format, or previous-tag-formats for the old shape (previous-tag-formats = [] in its own [tool.pyrelease] if they are not its tags)`,
        );
      }
    }
    if (commits.length === 0 && because.length === 0) {
      unchanged.add(pkg.name);
      return skipped(previous ? `no changes since ${previous.tag}` : `no commit touches ${pkg.path}`);
    }
    // The level and any Release-As always come from the commits since the last final, so rc and final
    // agree. Before the first final there is nothing to bump from: the declared version is released.
    const sinceFinal = mode === 'rc' ? since(lastFinal) : commits;
    const intents = sinceFinal.map((c) => ({ commit: c, intent: parseCommitMessage(c.message) }));
    const levelOf = (i: (typeof intents)[number]) => bumpLevelOf(i.intent, pkg.settings.bump);
    const releaseAs = findReleaseAs(sinceFinal, lastFinal);
    // A package that was released before is released again only for a change a user installs.
    const changed = new Set(commits.map((c) => c.sha));
    if (
      previous &&
      because.length === 0 &&
      !(releaseAs && changed.has(releaseAs.commit)) &&
      !intents.some((i) => changed.has(i.commit.sha) && levelOf(i) !== null)
    ) {
      unchanged.add(pkg.name);
      return skipped(
        `only commits that release nothing (${describeTypes(intents.filter((i) => changed.has(i.commit.sha)).map((i) => i.intent.type))}) since ${previous.tag}`,
      );
    }
    // A release for a sibling's new version is at least a patch.
    let bump = lastFinal
      ? (intents.reduce<BumpLevel | null>(
          (level, i) => higherBump(level, levelOf(i)),
          because.length > 0 ? 'patch' : null,
        ) ?? 'patch')
      : null;
    const declared = pkg.version ? releaseOf(pkg.version) : null;
    let target: Version;
    if (releaseAs) {
      target = releaseAs.version;
    } else if (lastFinal) {
      let bumped = bumpVersion(lastFinal.version, bump ?? 'patch');
      if (line && !lineOf(line, bumped)) {
        const breaking = intents.find((i) => i.intent.breaking);
        if (breaking) {
          throw new UserError(
            `${pkg.name}: commit ${breaking.commit.sha.slice(0, 12)} is a breaking change, which maintenance line ${line.text} cannot release (${lastFinal.version.text} -> ${bumped.text}): release it from the main line`,
          );
        }
        bump = 'patch';
        bumped = bumpVersion(lastFinal.version, 'patch');
      }
      target = declared && (!line || lineOf(line, declared)) ? maxVersion(declared, bumped) : bumped;
    } else {
      // No final yet: the declared version, or for a version derived from tags the initial version;
      // never below an rc already tagged.
      const first = declared ?? pkg.settings.initialVersion;
      target = lastAny && !declared ? maxVersion(first, releaseOf(lastAny.version)) : first;
    }
    if (line && !lineOf(line, target)) {
      throw new UserError(
        `${pkg.name}: ${target.text} is not in maintenance line ${line.text}: the version in ${pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath} or the Release-As footer must stay in it`,
      );
    }
    // A repository that was one package tagged v1.4.0: a package planned from nothing at 1.4.0 would
    // publish that version again.
    if (!lastAny && packages.length > 1 && !pkg.settings.tagsDeclared) {
      const bare = unclaimed.find((t) =>
        SINGLE_PACKAGE_PATTERNS.some((f) => f.parse(t.name)?.text === target.text),
      );
      if (bare) {
        return notReleased(
          `tag ${bare.name} holds the version ${target.text} it would release first: set previous-tag-formats if that tag is its release (previous-tag-formats = [] in its own [tool.pyrelease] if not)`,
        );
      }
    }
    // Never a version that is already tagged: rc numbers go one past the highest, and a final target is
    // always above lastFinal (or, with no final yet, above nothing tagged final).
    const next = mode === 'rc' ? withReleaseCandidate(target, nextCandidateNumber(tags, target)) : target;
    if (mode === 'final' && tags.some((t) => t.version.text === next.text)) {
      return skipped(`${next.text} is tagged already`);
    }
    return {
      ...base,
      releaseAs,
      bump,
      next,
      tag: current.render(next),
      skipReason: null,
      dependencies: because,
    };
  };
  const plans = packages.map((pkg) => planOne(pkg, []));
  const dependencyUpdates = cascadeDependencies(
    plans,
    input.releasedRequirements,
    (index, because) => {
      if (!unchanged.has(plans[index].package.name)) return false;
      plans[index] = planOne(plans[index].package, because);
      return plans[index].next !== null;
    },
    (message) => warnings.push(message),
  );
  for (const update of dependencyUpdates) {
    const dependent = plans.find((p) => p.package.name === update.dependent);
    if (dependent && dependent.next === null && !unchanged.has(update.dependent)) {
      warnings.push(
        `${update.dependent} requires ${update.requirement.text}, which ${update.dependency} ${update.version.text} does not satisfy, and is not released: ${dependent.skipReason}`,
      );
    }
  }
  return {
    mode,
    head: history.head,
    packages: plans,
    dependencyUpdates,
    unreleased: input.unreleased ?? [],
    warnings,
    line: line?.text ?? null,
    lockFiles: input.lockFiles ?? [],
  };
}

/** The tags of each package (in the maintenance line, if any), and those no package claims. */
interface AssignedTags {
  readonly tagsByPackage: ReadonlyMap<string, TaggedVersion[]>;
  /** Packages with tags outside the maintenance line only. */
  readonly outOfLine: ReadonlySet<string>;
  readonly unclaimed: readonly TagRecord[];
}

/**
 * assignTags' answers by tag list and package list: the planner asks for the bounds, then plans (twice
 * in a workspace whose requirements moved), and parsing 38,000 tag versions each time was most of a
 * plan's time on a long history. A caller may change its arrays between calls (the input is read-only
 * to the plan, not frozen): an answer is reused only while both hold the same records.
 */
interface AssignedEntry {
  readonly tags: readonly TagRecord[];
  readonly packages: readonly Package[];
  readonly key: string;
  readonly assigned: AssignedTags;
}
const assignedTags = new WeakMap<readonly TagRecord[], AssignedEntry>();

function assignTags(input: Omit<PlanInput, 'history'>): AssignedTags {
  const key = JSON.stringify([input.tagFormat ?? null, input.line ?? null]);
  const same = <T>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  const cached = assignedTags.get(input.tags);
  if (
    cached &&
    cached.key === key &&
    same(cached.tags, input.tags) &&
    same(cached.packages, input.packages)
  ) {
    return cached.assigned;
  }
  const assigned = readTags(input);
  assignedTags.set(input.tags, { tags: [...input.tags], packages: [...input.packages], key, assigned });
  return assigned;
}

function readTags(input: Omit<PlanInput, 'history'>): AssignedTags {
  const { packages } = input;
  const line = input.line ? parseLine(input.line) : null;
  const patterns = new Map(packages.map((p) => [p.name, tagPatternsOf(p, input.tagFormat)]));
  checkDistinctShapes(packages, patterns, input.tagFormat);
  const matcher = new TagMatcher(
    packages.flatMap((p) => (patterns.get(p.name) ?? []).map((pattern) => ({ pattern, owner: p.name }))),
  );
  const tagsByPackage = new Map<string, TaggedVersion[]>();
  const outOfLine = new Set<string>();
  const unclaimed: TagRecord[] = [];
  for (const tag of input.tags) {
    const found = matcher.match(tag.name);
    if (!found) {
      unclaimed.push(tag);
      continue;
    }
    // A maintenance line counts only its own tags: the main line's are another history.
    if (line && !lineOf(line, found.version)) {
      outOfLine.add(found.owner);
      continue;
    }
    const list = tagsByPackage.get(found.owner) ?? [];
    list.push({ tag: tag.name, version: found.version, commit: tag.commit });
    tagsByPackage.set(found.owner, list);
  }
  return { tagsByPackage, outOfLine, unclaimed };
}

/**
 * The tags a package's plan counts from: its last release of any kind and its last final, `previous`
 * (lastAny in rc mode, lastFinal in final mode), and the tags whose contents count as released, from the
 * first pre-release of the lowest counted release up to the highest (in rc mode the rcs that a final
 * promoted by a squash merge; in final mode the final and its rcs). Older tags say nothing more: what
 * they released, the counted release either contains or left out (a maintenance fix merged forward
 * was never in the newer line).
 */
function countedTags(mode: ReleaseMode, tags: readonly TaggedVersion[]) {
  const lastAny = highest(tags);
  const lastFinal = highest(tags.filter((t) => isFinal(t.version)));
  const previous = mode === 'rc' ? lastAny : lastFinal;
  const lowest = lastFinal ?? (mode === 'rc' ? lastAny : null);
  const counting =
    lowest && previous
      ? tags.filter(
          (t) =>
            compareReleaseNumbers(t.version, lowest.version) >= 0 &&
            compareVersions(t.version, previous.version) <= 0,
        )
      : [];
  return { lastAny, lastFinal, previous, counting };
}

export function historyBoundsOf(input: Omit<PlanInput, 'history'>): HistoryBounds {
  const { tagsByPackage } = assignTags(input);
  const tagCommits = new Set<string>();
  const fullHistoryPaths: string[] = [];
  for (const pkg of input.packages) {
    const tags = tagsByPackage.get(pkg.name) ?? [];
    const { lastFinal, counting } = countedTags(input.mode, tags);
    for (const t of counting) tagCommits.add(t.commit);
    if (!lastFinal) fullHistoryPaths.push(pkg.path);
  }
  return { tagCommits: [...tagCommits], fullHistoryPaths };
}

/**
 * Internal dependencies (DESIGN.md, "uv workspaces and internal dependencies"): a package whose
 * requirement on a released sibling does not admit the sibling's new version is released too (a patch
 * unless its own commits say more), unless what it published admits it already; this cascades along
 * chains and ends on cycles, because the released set only grows. `force` re-plans a package with the
 * reasons and says whether it is released now. Returns every requirement to move, released or not.
 */
function cascadeDependencies(
  plans: PackagePlan[],
  released: ReadonlyMap<string, readonly InternalRequirement[]> | undefined,
  force: (index: number, because: string[]) => boolean,
  warn: (message: string) => void,
): DependencyUpdate[] {
  const versions = () => new Map(plans.flatMap((p) => (p.next ? [[p.package.name, p.next] as const] : [])));
  const sameRequirement = (a: InternalRequirement, b: InternalRequirement) =>
    a.on === b.on && a.key.join('\0') === b.key.join('\0');
  for (let grew = true; grew;) {
    grew = false;
    const next = versions();
    plans.forEach((p, index) => {
      if (p.next !== null) return;
      const because = new Set<string>();
      for (const r of p.package.requirements) {
        const v = next.get(r.on);
        if (!v || r.specifier.trim() === '' || !isReadableRequirement(r)) continue;
        if (movedRequirementText(r, v) === null) continue;
        const published = released?.get(p.package.name)?.find((x) => sameRequirement(x, r));
        if (p.previous && published && movedRequirementText(published, v) === null) continue;
        because.add(`${r.on} ${v.text}`);
      }
      if (because.size > 0 && force(index, [...because])) grew = true;
    });
  }
  const final = versions();
  const updates: DependencyUpdate[] = [];
  plans.forEach((p, index) => {
    const because = new Set(p.dependencies);
    for (const r of p.package.requirements) {
      const sibling = plans.find((o) => o.package.name === r.on);
      // A sibling released now moves the requirement in its own commit. For a released package, a
      // sibling released before counts too: the base branch's text never moved, and its release must
      // not publish less than what it published last (its own commit moves it).
      const now = final.get(r.on);
      const v = now ?? (p.next ? sibling?.previous?.version : undefined);
      // A bare requirement admits every final; pin-workspace-dependencies bounds it (below).
      if (!v || r.specifier.trim() === '') continue;
      if (!isReadableRequirement(r)) {
        warn(
          `${p.package.name}: its requirement ${JSON.stringify(r.text)} on ${r.on} is not a version specifier pyrelease can read, so it was not checked against ${r.on} ${v.text}`,
        );
        continue;
      }
      const replacement = movedRequirementText(r, v);
      if (replacement === null) continue;
      updates.push({
        dependent: p.package.name,
        dependency: r.on,
        version: v,
        requirement: r,
        replacement,
        pin: false,
        ownCommit: !now,
      });
      if (p.next && now) because.add(`${r.on} ${v.text}`);
    }
    // pin-workspace-dependencies: a released package's bare requirements get the version its
    // sibling has at this release (the new one, else its last tag of the release's channel).
    if (p.next && p.package.settings.pinWorkspaceDependencies) {
      for (const r of p.package.requirements) {
        if (r.specifier.trim() !== '') continue;
        const sibling = plans.find((o) => o.package.name === r.on);
        const v = final.get(r.on) ?? sibling?.previous?.version;
        if (!v) continue;
        const replacement = pinnedRequirementText(r, v);
        if (replacement !== null) {
          updates.push({
            dependent: p.package.name,
            dependency: r.on,
            version: v,
            requirement: r,
            replacement,
            pin: true,
            ownCommit: true,
          });
        }
      }
    }
    if (p.next && because.size !== p.dependencies.length) plans[index] = { ...p, dependencies: [...because] };
  });
  return updates;
}

function joinChangelog(pkg: Package): string {
  return pkg.path === '.' ? 'CHANGELOG.md' : `${pkg.path}/CHANGELOG.md`;
}

function describeTypes(types: readonly (string | null)[]): string {
  const names = [...new Set(types.map((t) => t ?? 'non-conventional'))];
  return names.join(', ');
}

/**
 * Two packages whose formats (written or previous) give the same tags could never be told apart:
 * one package's history would be taken for the other's. A one-line error naming both.
 */
function checkDistinctShapes(
  packages: readonly Package[],
  patterns: ReadonlyMap<string, PackageTagPattern[]>,
  override: string | undefined,
) {
  const byShape = new Map<string, string>();
  for (const pkg of packages) {
    for (const [i, pattern] of (patterns.get(pkg.name) as PackageTagPattern[]).entries()) {
      const other = byShape.get(pattern.shape);
      if (other !== undefined && other !== pkg.name) {
        const setting =
          i === 0 && pattern.format === writtenFormatOf(pkg, override)
            ? 'tag-format'
            : 'previous-tag-formats';
        const named = ['{name}', '{dir}', '{path}'].some((p) => pattern.format.includes(p));
        throw new UserError(
          named
            ? `${setting} gives ${other} and ${pkg.name} the same tags (${pattern.shape}): use {name} or {path} to tell them apart`
            : `${setting} ${JSON.stringify(pattern.format)} has no {name}, so it fits only a single package, but ${packages.length} were found`,
        );
      }
      byShape.set(pattern.shape, pkg.name);
    }
  }
}

/** The newest tag among `tags` that reads as one of the package's releases under a common shape. */
function tagInOtherShape(pkg: Package, tags: readonly TagRecord[], single: boolean): string | null {
  const formats = [...COMMON_TAG_FORMATS, ...(single ? SINGLE_PACKAGE_FORMATS : [])].filter(
    (f) => pkg.path !== '.' || !(f.includes('{dir}') || f.includes('{path}')),
  );
  const shapes = formats.map((f) => new PackageTagPattern(f, pkg));
  // Every shape of a monorepo holds the name or the folder: a tag with neither is skipped unread.
  const dir = pkg.path.slice(pkg.path.lastIndexOf('/') + 1).toLowerCase();
  const name = pkg.name.replace(/-/g, '');
  const mayMatch = (tag: string) => {
    const lower = tag.toLowerCase();
    return (pkg.path !== '.' && lower.includes(dir)) || lower.replace(/[-_.]/g, '').includes(name);
  };
  let found: { tag: string; version: Version } | null = null;
  for (const tag of tags) {
    if (!single && !mayMatch(tag.name)) continue;
    for (const shape of shapes) {
      const version = shape.parse(tag.name);
      if (version && (!found || compareVersions(version, found.version) > 0))
        found = { tag: tag.name, version };
    }
  }
  return found?.tag ?? null;
}

/**
 * The version a `Release-As:` footer sets, from the newest commit since the last final that has one.
 * It must be a final version above the last final: else a one-line error naming the commit.
 */
function findReleaseAs(commits: readonly CommitRecord[], lastFinal: TaggedVersion | null) {
  for (const commit of commits) {
    const text = releaseAsOf(commit.message);
    if (text === null) continue;
    const sha = commit.sha.slice(0, 12);
    const version = tryParseVersion(text);
    if (!version || !isFinal(version) || version.post !== null || version.local !== null) {
      throw new UserError(
        `commit ${sha}: Release-As: ${JSON.stringify(text)} must be a final PEP 440 version such as 2.0.0`,
      );
    }
    if (lastFinal && compareVersions(version, lastFinal.version) <= 0) {
      throw new UserError(
        `commit ${sha}: Release-As: ${version.text} is not above the last final release ${lastFinal.tag}; a newer commit with a Release-As above it replaces this one`,
      );
    }
    return { version, commit: commit.sha };
  }
  return null;
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
  return same.length === 1 && parseReleaseCommitMessage(record?.message ?? '') ? same[0] : null;
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

/**
 * The commits of the head's history (`ofHead`; null: all of `commits`) that touch each package: a file
 * in its folder (not in a nested package's, nor matched by its `ignore-paths`).
 */
function commitsByPackage(
  commits: readonly CommitRecord[],
  packages: readonly Package[],
  unreleased: readonly UnreleasedFolder[],
  ofHead: Set<string> | null,
) {
  const ownership = new PackageOwnership(packages, unreleased);
  const ignored = new Map(
    packages.map((p) => [p.name, p.settings.ignorePaths.map((g) => picomatch(g, { dot: true }))]),
  );
  const touching = new Map<string, CommitRecord[]>();
  for (const commit of commits) {
    if (ofHead && !ofHead.has(commit.sha)) continue;
    const owners = new Set<string>();
    for (const file of commit.files) {
      const owner = ownership.ownerOf(file);
      if (!owner) continue;
      const relative = owner.path === '.' ? file : file.slice(owner.path.length + 1);
      if (!(ignored.get(owner.name) ?? []).some((matches) => matches(relative))) owners.add(owner.name);
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
