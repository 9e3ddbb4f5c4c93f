import { UserError } from '../errors.js';
import { versionInMode } from '../versioning/channels.js';
import { lineOf } from '../versioning/release-line.js';
import {
  bumpVersion,
  compareVersions,
  higherBump,
  maxVersion,
  releaseOf,
  type BumpLevel,
  type Version,
} from '../versioning/version.js';
import type { VersionGroup } from '../workspace/groups.js';
import type { PlanContext } from './facts.js';
import { indexedVersions, onIndexAlready } from './rules.js';
import type { PackagePlan } from './types.js';

/**
 * Version groups in the plan (docs/configuration.md, "Version groups"), after each package is planned
 * on its own and the cascade has run: a fixed group's members are all released at one version whenever
 * one is; a linked group's released members at the highest version any of them reaches. The group's
 * version is the highest of its released members' own targets (a Release-As footer on any member sets
 * it), and for a fixed group also above every member's last final bumped by the group's level, so
 * members that differ today start at the highest of them. Pre-release and dev numbers go one past
 * every member's. A fixed group with a member that cannot be released (a warning of its own) is held
 * whole: its members never drift apart.
 */
export interface GroupAlignment {
  /** Whether a plan changed: the cascade runs again on the new versions. */
  readonly changed: boolean;
  /**
   * Groups that cannot be released as one (a fixed group's member that cannot be released, a member's
   * group version on the index already), with the reason: the plan starts again with them held.
   */
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
      hold.set(
        group.name,
        `${plans[blocker].package.name} cannot be released (${plans[blocker].skipReason})`,
      );
      continue;
    }
    const releasing = group.versioning === 'fixed' ? members : members.filter((i) => plans[i].next !== null);
    const version = groupVersion(
      ctx,
      group,
      releasing.map((i) => plans[i]),
    );
    const taken = members.flatMap((i) => [
      ...plans[i].tags.map((t) => t.version),
      ...indexedVersions(ctx, plans[i].package),
    ]);
    for (const i of releasing) {
      const next = versionInMode(ctx.input.mode, version.target, taken, plans[i].package.name);
      const onIndex = onIndexAlready(ctx, { pkg: plans[i].package, written: tagPattern(plans[i]) }, next);
      if (onIndex) {
        hold.set(group.name, `${plans[i].package.name} ${next.text} cannot be released (${onIndex.reason})`);
        break;
      }
      if (plans[i].next?.text === next.text && plans[i].group) continue;
      plans[i] = releasedWithGroup(plans[i], group, next, version.level);
      changed = true;
    }
    warnings.push(
      ...introduction(
        group,
        releasing.map((i) => plans[i]),
        version.target,
      ),
    );
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
      skipReason: `${HELD} ${group.name}: ${why}`,
      dependencies: [],
    };
  }
  return `version group ${group.name}: not released, since ${why}: ${group.versioning === 'fixed' ? 'a fixed group is released whole' : "a linked group's members are released at one version"}`;
}

const HELD = 'held with version group';

function memberIndexes(plans: readonly PackagePlan[], group: VersionGroup): number[] {
  const names = new Set(group.members);
  return plans.flatMap((p, i) => (names.has(p.package.name) ? [i] : []));
}

/** Not released, and not for want of changes: the plan could not release it (a warning, a tag, a line). */
function blocks(plan: PackagePlan, unchanged: ReadonlySet<string>): boolean {
  return plan.next === null && !unchanged.has(plan.package.name) && !plan.skipReason?.startsWith(HELD);
}

/** The group's version before any pre-release number, and the level that got it there. */
function groupVersion(
  ctx: PlanContext,
  group: VersionGroup,
  releasing: readonly PackagePlan[],
): { readonly target: Version; readonly level: BumpLevel | null } {
  const own = releasing.filter((p) => p.next !== null);
  const releaseAs = own.flatMap((p) => (p.releaseAs ? [p.releaseAs] : []));
  const level = own.reduce<BumpLevel | null>((l, p) => higherBump(l, p.bump), null);
  let target = own.map((p) => releaseOf(p.next as Version)).reduce(maxVersion);
  if (releaseAs.length > 0) {
    target = releaseAs.map((r) => r.version).reduce(maxVersion);
    const below = releasing.find((p) => p.lastFinal && compareVersions(target, p.lastFinal.version) <= 0);
    if (below?.lastFinal) {
      const footer = releaseAs.find((r) => compareVersions(r.version, target) === 0) as { commit: string };
      throw new UserError(
        `commit ${footer.commit.slice(0, 12)}: Release-As: ${target.text} sets version group ${group.name}'s version, but member ${below.package.name} is at ${below.lastFinal.tag} already`,
      );
    }
  } else {
    for (const p of releasing) target = maxVersion(target, floorOf(ctx, p, level));
  }
  if (ctx.line && !lineOf(ctx.line, target)) {
    throw new UserError(
      `version group ${group.name}: ${target.text} is not in maintenance line ${ctx.line.text}: its members' versions must stay in it`,
    );
  }
  return { target, level };
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

function tagPattern(plan: PackagePlan) {
  return { render: (v: Version) => plan.tagShape.replace('{version}', v.text) };
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
    tag: plan.tagShape.replace('{version}', next.text),
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
