import type { CommitRecord, History, TagRecord } from '../git/records.js';
import type { InternalRequirement } from '../dependencies/requirements.js';
import type { BumpLevel, Version } from '../versioning/version.js';
import type { Package, UnreleasedFolder } from '../workspace/package.js';
import type { VersionGroup } from '../workspace/groups.js';
import type { GroupVersioning } from '../config/groups.js';

/** The plan's data: what goes in (PlanInput) and what comes out (ReleasePlan, one PackagePlan each). */

export { parseMode, type ReleaseMode } from '../versioning/channels.js';
import type { ReleaseMode } from '../versioning/channels.js';

export interface TaggedVersion {
  readonly tag: string;
  readonly version: Version;
  readonly commit: string;
  /**
   * Read through a previous-tag-format without a name that several packages list (`v1.4.0` of a
   * repository that released them together): their history, never a tag to publish from.
   */
  readonly shared?: boolean;
}

/** An rc that a final run releases as it is (promotion.ts): the final's changes are the rc's. */
/** Which rcs of its own version a package's last final carries (promotion.ts, readFinalCarries). */
export interface FinalCarry {
  /** The commit each such rc was cut from, by tag: a final whose history reaches it carries it. */
  readonly rcBases: ReadonlyMap<string, string>;
  /** The rcs the final carries by its files (a squash or a rebase of them), by tag. */
  readonly byFiles: ReadonlySet<string>;
}

export interface Promotion {
  /** The rc tag whose release the final promotes. */
  readonly rc: TaggedVersion;
  /** The base commit the rc was cut from: its history holds what the rc released. */
  readonly base: string;
}

/** A sibling at the version that a package's requirement had to move to (the package's release names it). */
export interface PlannedDependency {
  readonly name: string;
  readonly version: Version;
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
  /** In a final run, the rc whose files the head has: the final releases its commits, never below it. */
  readonly promoted?: Promotion | null;
  /** Every tag of the package the plan reads (in the maintenance line, if any). */
  readonly tags: readonly TaggedVersion[];
  /** The tag the release's changes are counted from: lastAny in the pre-release and dev modes, lastFinal in final mode. */
  readonly previous: TaggedVersion | null;
  /** Commits since `previous` that touch the package, newest first: the release's changelog. */
  readonly commits: readonly CommitRecord[];
  /** The level from the Conventional Commits since lastFinal; null when nothing is released or no final exists yet. */
  readonly bump: BumpLevel | null;
  readonly next: Version | null;
  readonly tag: string | null;
  /** Why the package is not released; null when it is. */
  readonly skipReason: string | null;
  /** Siblings whose new version its requirements had to move to: why it is released without changes of its own. */
  readonly dependencies: readonly PlannedDependency[];
  /**
   * Breaking changes of its public API that the API check found and no commit announced, in words: they
   * raised the bump (api-check = "raise") and are listed in the changelog. Absent: none.
   */
  readonly apiBreaking?: readonly string[];
  /**
   * Released with its version group (plan/groups.ts): the group, and the version the package's own
   * changes asked for (null: none, released because the group is).
   */
  readonly group?: {
    readonly name: string;
    readonly versioning: GroupVersioning;
    readonly own: Version | null;
  };
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
  /** The configuration's `release-branches`: names the release-branch guard may reset (none: absent). */
  readonly releaseBranches?: readonly string[];
  /** Every uv.lock of the head's tree: releases rewrite their versions there. */
  readonly lockFiles: readonly string[];
  /** The head tree's files that are not plain files, by path: their mode, which a release keeps. */
  readonly fileModes: ReadonlyMap<string, string>;
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
  readonly releaseBranches?: readonly string[];
  readonly lockFiles?: readonly string[];
  /** The head tree's files that are not plain files (executables, links, submodules), by path: their mode. */
  readonly fileModes?: ReadonlyMap<string, string>;
  /**
   * Each package's requirements on siblings as its previous tag has them (what it published): a
   * sibling's new version that those admit already needs no new release of it. Absent: unknown.
   */
  readonly releasedRequirements?: ReadonlyMap<string, readonly InternalRequirement[]>;
  /** In a final run, the rc each package's head files are (by package name): what the final promotes. */
  readonly promotions?: ReadonlyMap<string, Promotion>;
  /** By package: the rcs of its last final's version that the final carries (absent: all of them). */
  readonly finalCarries?: ReadonlyMap<string, FinalCarry>;
  /** What the index the releases go to holds (absent: no index known): a version it has is never tagged. */
  readonly index?: IndexHoldingsByPackage;
  /**
   * Without an index: the versions that the CHANGELOG.md at the head of each package without a tag has a
   * section for (a package moved in from another repository), by package name.
   */
  readonly changelogVersions?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * By package: breaking changes of its public API that the API check found since its last final and
   * that its bump is to cover (api-check = "raise"), in words.
   */
  readonly apiBreaking?: ReadonlyMap<string, readonly string[]>;
  /** Version groups (`[[tool.pyrelease.groups]]`), their members found among `packages`. */
  readonly groups?: readonly VersionGroup[];
}

/** The versions an index holds of each package asked (by name), or why it could not be asked. */
export type IndexVersions = { readonly versions: ReadonlySet<string> } | { readonly error: string };

export interface IndexHoldingsByPackage {
  /** The index's simple API, as messages name it. */
  readonly url: string;
  /** The packages asked so far; one not asked is not judged. */
  readonly byPackage: ReadonlyMap<string, IndexVersions>;
}

/** How a plan asks an index (one question per package, a few at a time), passed in by the release. */
export interface IndexQuestion {
  readonly url: string;
  ask(names: readonly string[]): Promise<ReadonlyMap<string, IndexVersions>>;
}
export function releasedPackages(plan: ReleasePlan): PackagePlan[] {
  return plan.packages.filter((p) => p.next !== null);
}
