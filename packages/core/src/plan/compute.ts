import { isFinal } from '../versioning/version.js';
import { versionInMode } from '../versioning/channels.js';
import { DEFAULT_TAG_FORMAT, TagFormat } from '../versioning/tags.js';
import type { Package } from '../workspace/package.js';
import { cascadeDependencies } from './cascade.js';
import { alignGroups, holdGroup } from './groups.js';
import { packageFacts, planContext, type PackageFacts, type PlanContext } from './facts.js';
import {
  alreadyTagged,
  bareVersionTaken,
  formatNeedsFolder,
  nothingChanged,
  onlyQuietCommits,
  releasedInOtherLinesOnly,
  taggedInOtherShape,
  tagRefusedByGit,
  unpromotedCandidate,
  onIndexAlready,
  indexedVersions,
  firstVersionInChangelog,
  unpromotedQuiet,
  postReleaseInPreMode,
  type Skip,
} from './rules.js';
import { changesSinceFinal, targetVersion } from './target.js';
import type { DependencyUpdate, PackagePlan, PlanInput, PlannedDependency, ReleasePlan } from './types.js';

/**
 * The release plan (README, "How versions are chosen"), as a pure function of the packages, the tags and the history:
 * which packages are released, at which version, with which commits. Each package is planned on its
 * own (planPackage), then siblings whose requirements a release leaves behind are released too.
 */
export function computePlan(input: PlanInput): ReleasePlan {
  return completePlan(draftPlan(input), input.releasedRequirements);
}

/**
 * Every package planned on its own, before the cascade: what a plan with and a plan without the
 * dependents' published requirements share (the planner needs both in a workspace whose requirements
 * moved, and the packages' own plans are most of a plan's work).
 */
export interface PlanDraft {
  readonly ctx: PlanContext;
  readonly plans: readonly PackagePlan[];
  readonly warnings: readonly string[];
  /** Skipped for having nothing to release: a sibling's release may still require one. */
  readonly unchanged: ReadonlySet<string>;
}

export function draftPlan(input: PlanInput): PlanDraft {
  const ctx = planContext(input);
  const warnings: string[] = [];
  const unchanged = new Set<string>();
  const plans = input.packages.map((pkg) => recorded(planPackage(ctx, pkg, []), warnings, unchanged));
  return { ctx, plans, warnings, unchanged };
}

/**
 * The draft with the cascade of internal dependencies, given each dependent's requirements as its
 * previous tag has them (PlanInput.releasedRequirements; absent: unknown), and the version groups. The
 * draft stays as it is.
 */
export function completePlan(
  draft: PlanDraft,
  releasedRequirements: PlanInput['releasedRequirements'],
): ReleasePlan {
  const { input } = draft.ctx;
  // A group that cannot be released as one is held from the start, so no sibling is released for it.
  const held = new Map<string, string>();
  for (;;) {
    const settled = settleReleases(draft, releasedRequirements, held);
    if (settled.hold.size === 0) {
      return {
        mode: input.mode,
        head: input.history.head,
        packages: settled.plans,
        dependencyUpdates: settled.dependencyUpdates,
        unreleased: input.unreleased ?? [],
        warnings: [...new Set(settled.warnings)],
        line: draft.ctx.line?.text ?? null,
        releaseBranches: input.releaseBranches ?? [],
        lockFiles: input.lockFiles ?? [],
        fileModes: input.fileModes ?? new Map(),
      };
    }
    for (const [group, why] of settled.hold) held.set(group, why);
  }
}

/**
 * The cascade and the version groups, in turns until neither changes a plan: a group's version moves
 * its members' dependents, and a dependent released by the cascade moves its group. Each turn only
 * releases more or raises versions, so it ends. Groups in `held` are held whole first; a group found
 * that cannot be released is returned in `hold`, for the caller to start again with it held.
 */
function settleReleases(
  draft: PlanDraft,
  releasedRequirements: PlanInput['releasedRequirements'],
  held: ReadonlyMap<string, string>,
) {
  const { ctx } = draft;
  const warnings = [...draft.warnings];
  const unchanged = new Set(draft.unchanged);
  const plans = [...draft.plans];
  for (const group of ctx.input.groups ?? []) {
    const why = held.get(group.name);
    if (why === undefined) continue;
    warnings.push(holdGroup(plans, group, why));
    // Never released by the cascade either: the group stays together.
    for (const member of group.members) unchanged.delete(member);
  }
  const force = (index: number, because: PlannedDependency[]) => {
    if (!unchanged.has(plans[index].package.name)) return false;
    plans[index] = recorded(planPackage(ctx, plans[index].package, because), warnings, unchanged);
    return plans[index].next !== null;
  };
  for (let turn = 0; ; turn += 1) {
    const turnWarnings: string[] = [];
    const dependencyUpdates = cascadeDependencies(plans, releasedRequirements, force, (m) =>
      turnWarnings.push(m),
    );
    const aligned = alignGroups(ctx, plans, unchanged, held);
    if (aligned.hold.size > 0) return { plans, dependencyUpdates, warnings, hold: aligned.hold };
    if (!aligned.changed || turn > plans.length) {
      warnings.push(...turnWarnings, ...aligned.warnings);
      warnings.push(...unreleasedDependents(plans, dependencyUpdates, unchanged), ...taggedSamples(ctx));
      return { plans, dependencyUpdates, warnings, hold: aligned.hold };
    }
  }
}

/** One package's plan, why it is skipped, and what the plan says of it. */
interface PackageOutcome {
  readonly plan: PackagePlan;
  readonly skip: Skip | null;
  readonly warnings?: readonly (string | null)[];
}

/** A package's plan, with why it is skipped written down: a warning, or nothing of its own to release. */
function recorded(outcome: PackageOutcome, warnings: string[], unchanged: Set<string>): PackagePlan {
  const { plan, skip } = outcome;
  for (const warning of outcome.warnings ?? []) if (warning) warnings.push(warning);
  if (skip?.warn) warnings.push(`${plan.package.name}: not released: ${skip.reason}`);
  if (skip?.unchanged) unchanged.add(plan.package.name);
  return plan;
}

/**
 * One package's plan: the rules that keep it from a release, in order, then its target version and
 * the tag. `because`: siblings whose new version its requirements need (the cascade's second look).
 */
function planPackage(ctx: PlanContext, pkg: Package, because: readonly PlannedDependency[]): PackageOutcome {
  const facts = packageFacts(ctx, pkg);
  const skipped = (skip: Skip) => ({ plan: skippedPlan(facts, skip), skip });
  const early =
    formatNeedsFolder(facts) ??
    tagRefusedByGit(facts) ??
    releasedInOtherLinesOnly(ctx, facts) ??
    taggedInOtherShape(ctx, facts) ??
    nothingChanged(facts, because);
  if (early) return skipped(early);
  const { mode } = ctx.input;
  const since = changesSinceFinal(
    mode === 'final' ? facts.commits : facts.since(facts.lastFinal),
    facts.lastFinal,
    facts.tags.filter((t) => isFinal(t.version)),
  );
  const fulfilled = since.fulfilled.map(
    (f) =>
      `${pkg.name}: commit ${f.commit.slice(0, 12)} asks for Release-As: ${f.tag.version.text}, which ${f.tag.tag} released already: the footer is left out, and the commit counts by its type`,
  );
  const quiet = onlyQuietCommits(facts, because, since);
  if (quiet)
    return { ...skipped(quiet), warnings: [...fulfilled, mode === 'final' ? unpromotedQuiet(facts) : null] };
  const apiBreaking = since.releaseAs ? undefined : ctx.input.apiBreaking?.get(pkg.name);
  const { bump, target } = targetVersion(pkg, ctx.line, facts, since, because.length > 0, apiBreaking);
  // A group member's version is judged at the group's (plan/groups.ts), not at its own.
  const grouped = ctx.grouped.has(pkg.name);
  const bare = grouped
    ? null
    : (bareVersionTaken(ctx, facts, target) ?? firstVersionInChangelog(ctx, facts, target));
  if (bare) return skipped(bare);
  const postOnly = postReleaseInPreMode(mode, target);
  if (postOnly) return skipped(postOnly);
  // Never a version that is already tagged: pre-release and dev numbers go one past the highest, and
  // a final target is always above lastFinal (or, with no final yet, above nothing tagged final).
  // A pre-release the index has but no tag names (its tag deleted) is passed too, never waited on.
  const taken = [...facts.tags.map((t) => t.version), ...indexedVersions(ctx, pkg)];
  const next = versionInMode(mode, target, taken, pkg.name);
  const tagged = grouped ? null : (alreadyTagged(mode, facts, next) ?? onIndexAlready(ctx, facts, next));
  if (tagged) return skipped(tagged);
  const plan: PackagePlan = {
    ...facts.base,
    releaseAs: since.releaseAs,
    bump,
    next,
    tag: facts.written.render(next),
    skipReason: null,
    dependencies: because,
    ...(apiBreaking ? { apiBreaking } : {}),
  };
  return {
    plan,
    skip: null,
    warnings: [...fulfilled, mode === 'final' ? unpromotedCandidate(facts, next) : null],
  };
}

function skippedPlan(facts: PackageFacts, skip: Skip): PackagePlan {
  return {
    ...facts.base,
    releaseAs: null,
    bump: null,
    next: null,
    tag: null,
    skipReason: skip.reason,
    dependencies: [],
  };
}

/**
 * A folder left out as a sample (under docs/, tests/, …) whose project has tags in the default shape
 * was released before: leaving it out is said, not done in silence.
 */
function taggedSamples(ctx: PlanContext): string[] {
  const format = new TagFormat(DEFAULT_TAG_FORMAT);
  return (ctx.input.unreleased ?? []).flatMap((u) => {
    if (u.name === null || !u.sample) return [];
    const names = new Set([u.name]);
    const tag = ctx.assigned.unclaimed.find((t) => format.parse(t.name, names));
    return tag
      ? [`${u.path}: not released, though tags such as ${tag.name} are its releases: ${u.reason}`]
      : [];
  });
}

/** A requirement a sibling's new version leaves behind, on a package that is not released for a reason of its own. */
function unreleasedDependents(
  plans: readonly PackagePlan[],
  updates: readonly DependencyUpdate[],
  unchanged: ReadonlySet<string>,
): string[] {
  const warnings: string[] = [];
  for (const update of updates) {
    const dependent = plans.find((p) => p.package.name === update.dependent);
    if (dependent && dependent.next === null && !unchanged.has(update.dependent)) {
      warnings.push(
        `${update.dependent} requires ${update.requirement.text}, which ${update.dependency} ${update.version.text} does not satisfy, and is not released: ${dependent.skipReason}`,
      );
    }
  }
  return warnings;
}
