import { UserError } from '../errors.js';
import { versionInMode } from '../versioning/channels.js';
import { lineOf } from '../versioning/release-line.js';
import {
  bumpVersion,
  compareReleaseNumbers,
  compareVersions,
  finalReleaseOf,
  higherBump,
  isFinal,
  maxVersion,
  releaseOf,
  type BumpLevel,
  type Version,
} from '../versioning/version.js';
import type { VersionGroup } from '../workspace/groups.js';
import type { PlanContext } from './facts.js';
import { indexedVersions, versionRefused } from './rules.js';
import type { PackagePlan } from './types.js';

/**
 * Version groups in the plan (docs/configuration.md, "Version groups"), after each package is planned
 * on its own and the cascade has run: a fixed group's members are all released at one version whenever
 * one is; a linked group's changed members at the highest version any of them reaches. The group's
 * version is the highest its releasing members' own targets ask for (a Release-As footer's included),
 * and for a fixed group also above every member's last final by the group's level, so members that
 * differ today start at the highest of them. Pre-release and dev numbers go one past every member's.
 * What keeps one version from being tagged (the index has it, a tag holds it) is asked at the group's
 * version, not at a member's own: a group that cannot be released as one is held whole.
 */
export interface GroupAlignment {
  /** Whether a plan changed: the cascade runs again on the new versions. */
  readonly changed: boolean;
  /** Groups that cannot be released as one, with the reason: the plan starts again with them held. */
  readonly hold: ReadonlyMap<string, string>;
  readonly warnings: readonly string[];
}

export function alignGroups(
  ctx: PlanContext,
  plans: PackagePlan[],
  unchanged: ReadonlySet<string>,
  held: ReadonlyMap<string, string>,
): GroupAlignment {
  let changed = false;
  const hold = new Map<string, string>();
  const warnings: string[] = [];
  for (const group of ctx.input.groups ?? []) {
    if (held.has(group.name)) continue;
    const members = memberIndexes(plans, group);
    if (!members.some((i) => plans[i].next !== null)) continue;
    const blocker =
      group.versioning === 'fixed' ? members.find((i) => blocks(plans[i], unchanged)) : undefined;
    if (blocker !== undefined) {
      const { name } = plans[blocker].package;
      hold.set(group.name, `${name} cannot be released (${plans[blocker].skipReason})`);
      continue;
    }
    const releasing = releasingMembers(ctx, group, members, plans);
    const version = groupVersion(ctx, group, releasing, warnings);
    const taken = members.flatMap((i) => [
      ...plans[i].tags.map((t) => t.version),
      ...indexedVersions(ctx, plans[i].package),
    ]);
    const next = versionInMode(ctx.input.mode, version.target, taken, `version group ${group.name}`);
    const refused = releasing
      .map((p) => ({ p, skip: versionRefused(ctx, factsOf(p), version.target, next) }))
      .find((r) => r.skip !== null);
    if (refused) {
      hold.set(
        group.name,
        `${refused.p.package.name} ${next.text} cannot be released (${refused.skip?.reason})`,
      );
      continue;
    }
    for (const p of releasing) {
      const i = plans.indexOf(p);
      if (p.next?.text === next.text && p.group) continue;
      plans[i] = releasedWithGroup(p, group, next, version.level);
      changed = true;
    }
    warnings.push(...introduction(group, releasing, version.target));
  }
  return { changed, hold, warnings };
}

/**
 * A group held whole, `why` naming the member that cannot be released: each other member not
 * released, with that reason; the warning to show.
 */
export function holdGroup(plans: PackagePlan[], group: VersionGroup, why: string): string {
  for (const i of memberIndexes(plans, group)) {
    if (plans[i].next === null) continue;
    plans[i] = {
      ...plans[i],
      releaseAs: null,
      bump: null,
      next: null,
      tag: null,
      skipReason: `held with version group ${group.name}: ${why}`,
      dependencies: [],
    };
  }
  const whole =
    group.versioning === 'fixed'
      ? 'a fixed group is released whole'
      : "a linked group's members are released at one version";
  return `version group ${group.name}: not released, since ${why}: ${whole}`;
}

function memberIndexes(plans: readonly PackagePlan[], group: VersionGroup): number[] {
  const names = new Set(group.members);
  return plans.flatMap((p, i) => (names.has(p.package.name) ? [i] : []));
}

/**
 * Not released, and not for want of changes: the plan could not release it (a warning, a line). A held
 * group's members are never asked: alignGroups passes held groups by.
 */
function blocks(plan: PackagePlan, unchanged: ReadonlySet<string>): boolean {
  return plan.next === null && !unchanged.has(plan.package.name);
}

/**
 * The members released in this run: every member of a fixed group; a linked group's members with
 * changes of their own, and, before a final, those whose pre-release above their last final is below
 * the group's version now (their final will be at the group's version, so their pre-release is too:
 * a final is never a version no pre-release tested).
 */
function releasingMembers(
  ctx: PlanContext,
  group: VersionGroup,
  members: readonly number[],
  plans: readonly PackagePlan[],
): PackagePlan[] {
  if (group.versioning === 'fixed') return members.map((i) => plans[i]);
  const own = members.map((i) => plans[i]).filter((p) => p.next !== null);
  if (ctx.input.mode === 'final') return own;
  const highest = own.map(targetOf).reduce(maxVersion);
  const pending = members
    .map((i) => plans[i])
    .filter(
      (p) =>
        p.next === null &&
        p.lastAny !== null &&
        !isFinal(p.lastAny.version) &&
        (!p.lastFinal || compareVersions(p.lastAny.version, p.lastFinal.version) > 0) &&
        compareVersions(releaseOf(p.lastAny.version), highest) < 0,
    );
  return [...own, ...pending];
}

/** The release a member's own plan asks for, before a pre-release number (its pending one's, if none). */
function targetOf(p: PackagePlan): Version {
  if (p.next) return releaseOf(p.next);
  return releaseOf((p.lastAny ?? p.lastFinal)?.version ?? p.package.settings.initialVersion);
}

/**
 * The group's version before any pre-release number, and the level that got it there: the highest
 * target its releasing members ask for; a fixed group's at least every member's last final bumped by
 * the group's level (or their first versions). A post release (a Release-As footer's) is the group's
 * only when every releasing member has the final it fixes.
 */
function groupVersion(
  ctx: PlanContext,
  group: VersionGroup,
  releasing: readonly PackagePlan[],
  warnings: string[],
): { readonly target: Version; readonly level: BumpLevel | null } {
  const own = releasing.filter((p) => p.next !== null);
  const level = own.reduce<BumpLevel | null>((l, p) => higherBump(l, p.bump), null);
  // What the members ask for: their own targets (in a linked group, also their pending pre-releases').
  const asking = group.versioning === 'linked' ? releasing : own;
  let target = asking.map(targetOf).reduce(maxVersion);
  if (target.post !== null) {
    requirePublishedFinal(group, releasing, target);
  } else if (group.versioning === 'fixed') {
    for (const p of releasing) target = maxVersion(target, floorOf(ctx, p, level));
  }
  for (const p of own) {
    if (p.releaseAs && compareVersions(p.releaseAs.version, target) < 0)
      warnings.push(
        `${p.package.name}: commit ${p.releaseAs.commit.slice(0, 12)} asks for Release-As: ${p.releaseAs.version.text}, but version group ${group.name} is released at ${target.text}: its members need that much`,
      );
  }
  if (ctx.line && !lineOf(ctx.line, target)) {
    throw new UserError(
      `version group ${group.name}: ${target.text} is not in maintenance line ${ctx.line.text}: its members' versions must stay in it`,
    );
  }
  return { target, level };
}

/** A post release of a group fixes a final every member published: else a one-line error naming one that did not. */
function requirePublishedFinal(group: VersionGroup, releasing: readonly PackagePlan[], post: Version): void {
  const without = releasing.find(
    (p) => !p.tags.some((t) => isFinal(t.version) && compareReleaseNumbers(t.version, post) === 0),
  );
  if (!without) return;
  const footer = releasing.find((p) => p.releaseAs && compareVersions(p.releaseAs.version, post) === 0);
  const where = footer?.releaseAs ? `commit ${footer.releaseAs.commit.slice(0, 12)}: ` : '';
  throw new UserError(
    `${where}Release-As: ${post.text} would release version group ${group.name} at a post release, but member ${without.package.name} has no final ${finalReleaseOf(post).text} to fix: a post release fixes a published final`,
  );
}

/**
 * The lowest version a member may be released at next: above its last final by the group's level, or
 * its first version; outside final runs, never below a pre-release of it already tagged (its commits
 * since the last final asked for that much).
 */
function floorOf(ctx: PlanContext, p: PackagePlan, level: BumpLevel | null): Version {
  const first = p.declared ? releaseOf(p.declared) : p.package.settings.initialVersion;
  const floor = p.lastFinal
    ? bumpVersion(p.lastFinal.version, ctx.line ? 'patch' : (level ?? 'patch'))
    : first;
  // A final run releases what the head has, as a member's own plan does (promotion.ts).
  return p.lastAny && ctx.input.mode !== 'final' ? maxVersion(floor, releaseOf(p.lastAny.version)) : floor;
}

/** What the version rules read of a member (rules.ts, versionRefused). */
function factsOf(plan: PackagePlan) {
  return {
    pkg: plan.package,
    lastAny: plan.lastAny,
    tags: plan.tags,
    written: { render: (v: Version) => tagOf(plan, v) },
  };
}

/** The member's tag of `version`: its tag shape filled in, as PackageTagPattern.render does. */
function tagOf(plan: PackagePlan, version: Version): string {
  return plan.tagShape.replace('{version}', version.text);
}

function releasedWithGroup(
  plan: PackagePlan,
  group: VersionGroup,
  next: Version,
  level: BumpLevel | null,
): PackagePlan {
  const own = plan.group ? plan.group.own : plan.next ? releaseOf(plan.next) : null;
  return {
    ...plan,
    bump: plan.lastFinal ? (plan.bump ?? level ?? 'patch') : null,
    next,
    tag: tagOf(plan, next),
    skipReason: null,
    group: { name: group.name, versioning: group.versioning, own },
  };
}

/**
 * A fixed group whose members' versions differ today (their last finals, or the versions their files
 * declare before a first release) starts at the highest of them: said in the plan.
 */
function introduction(group: VersionGroup, released: readonly PackagePlan[], target: Version): string[] {
  const current = released.flatMap((p) => {
    const version = p.lastFinal?.version ?? p.declared;
    return version ? [{ name: p.package.name, version: releaseOf(version).text }] : [];
  });
  if (group.versioning !== 'fixed' || new Set(current.map((c) => c.version)).size < 2) return [];
  const listed = current.map((c) => `${c.name} ${c.version}`).join(', ');
  return [
    `version group ${group.name}: its members' versions differ (${listed}): all are released at ${target.text}, and stay together from now on`,
  ];
}
