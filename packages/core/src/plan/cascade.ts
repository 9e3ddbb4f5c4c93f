import {
  isReadableRequirement,
  isUnpublishedRequirement,
  movedRequirementText,
  pinnedRequirementText,
  type InternalRequirement,
} from '../dependencies/requirements.js';
import type { Version } from '../versioning/version.js';
import type { DependencyUpdate, PackagePlan, PlannedDependency } from './types.js';

/** Each package's requirements on siblings as its previous tag has them (PlanInput.releasedRequirements). */
type ReleasedRequirements = ReadonlyMap<string, readonly InternalRequirement[]> | undefined;

/**
 * Internal dependencies (docs/configuration.md, "Internal dependencies"): a package whose
 * requirement on a released sibling does not admit the sibling's new version is released too (a patch
 * unless its own commits say more), unless what it published admits it already (with `cascade =
 * "always"`, whenever a sibling it requires is released); this cascades along
 * chains and ends on cycles, because the released set only grows. `force` re-plans a package with the
 * reasons and says whether it is released now. Returns every requirement to move, released or not.
 */
export function cascadeDependencies(
  plans: PackagePlan[],
  released: ReleasedRequirements,
  force: (index: number, because: PlannedDependency[]) => boolean,
  warn: (message: string) => void,
): DependencyUpdate[] {
  for (let grew = true; grew;) {
    grew = false;
    const next = newVersions(plans);
    plans.forEach((p, index) => {
      if (p.next !== null) return;
      const because = unmetRequirements(p, next, released);
      if (because.length > 0 && force(index, because)) grew = true;
    });
  }
  const final = newVersions(plans);
  const updates: DependencyUpdate[] = [];
  plans.forEach((p, index) => {
    const because = new Map(p.dependencies.map((d) => [dependencyKey(d), d]));
    for (const update of movedRequirements(p, plans, final, warn)) {
      updates.push(update);
      if (p.next && !update.ownCommit) {
        const d = { name: update.dependency, version: update.version };
        if (!because.has(dependencyKey(d))) because.set(dependencyKey(d), d);
      }
    }
    if (p.next && p.package.settings.pinWorkspaceDependencies) updates.push(...pins(p, plans, final));
    if (p.next && because.size !== p.dependencies.length)
      plans[index] = { ...p, dependencies: [...because.values()] };
  });
  return updates;
}

/** The sibling released at `version`, as one dependency: the text a plan and its JSON show. */
export function dependencyKey(d: PlannedDependency): string {
  return `${d.name} ${d.version.text}`;
}

function newVersions(plans: readonly PackagePlan[]): Map<string, Version> {
  return new Map(plans.flatMap((p) => (p.next ? [[p.package.name, p.next] as const] : [])));
}

function sameRequirement(a: InternalRequirement, b: InternalRequirement): boolean {
  return a.on === b.on && a.key.join('\0') === b.key.join('\0');
}

/** The siblings' new versions that an unreleased package's requirements (and what it published) do not admit. */
function unmetRequirements(
  p: PackagePlan,
  next: ReadonlyMap<string, Version>,
  released: ReleasedRequirements,
): PlannedDependency[] {
  const because = new Map<string, PlannedDependency>();
  const always = p.package.settings.cascade === 'always';
  for (const r of p.package.requirements) {
    const v = next.get(r.on);
    // A dependency group is not published metadata: it is kept consistent, never a reason to release.
    if (!v || isUnpublishedRequirement(r)) continue;
    if (always) {
      because.set(dependencyKey({ name: r.on, version: v }), { name: r.on, version: v });
      continue;
    }
    if (r.specifier.trim() === '' || !isReadableRequirement(r)) continue;
    if (movedRequirementText(r, v) === null) continue;
    const published = released?.get(p.package.name)?.find((x) => sameRequirement(x, r));
    if (p.previous && published && movedRequirementText(published, v) === null) continue;
    const d = { name: r.on, version: v };
    if (!because.has(dependencyKey(d))) because.set(dependencyKey(d), d);
  }
  return [...because.values()];
}

/**
 * The requirements of `p` that a sibling's version does not admit. A sibling released now moves the
 * requirement in its own commit. For a released package, a sibling released before counts too: the
 * base branch's text never moved, and its release must not publish less than what it published last
 * (its own commit moves it). A bare requirement admits every final (pins below bound it).
 */
function movedRequirements(
  p: PackagePlan,
  plans: readonly PackagePlan[],
  final: ReadonlyMap<string, Version>,
  warn: (message: string) => void,
): DependencyUpdate[] {
  const updates: DependencyUpdate[] = [];
  for (const r of p.package.requirements) {
    const sibling = plans.find((o) => o.package.name === r.on);
    const now = final.get(r.on);
    const v = now ?? (p.next ? sibling?.previous?.version : undefined);
    if (!v || r.specifier.trim() === '') continue;
    if (!isReadableRequirement(r)) {
      warn(
        `${p.package.name}: its requirement ${JSON.stringify(r.text)} on ${r.on} is not a version specifier pyrelease can read, so it was not checked against ${r.on} ${v.text}`,
      );
      continue;
    }
    const replacement = movedRequirementText(r, v);
    if (replacement === null) continue;
    updates.push(updateOf(p, r, v, replacement, { pin: false, ownCommit: !now }));
  }
  return updates;
}

/**
 * pin-workspace-dependencies: a released package's bare requirements get the version its sibling has
 * at this release (the new one, else its last tag of the release's channel).
 */
function pins(
  p: PackagePlan,
  plans: readonly PackagePlan[],
  final: ReadonlyMap<string, Version>,
): DependencyUpdate[] {
  const updates: DependencyUpdate[] = [];
  for (const r of p.package.requirements) {
    if (r.specifier.trim() !== '' || isUnpublishedRequirement(r)) continue;
    const sibling = plans.find((o) => o.package.name === r.on);
    const v = final.get(r.on) ?? sibling?.previous?.version;
    if (!v) continue;
    const replacement = pinnedRequirementText(r, v);
    if (replacement === null) continue;
    updates.push(updateOf(p, r, v, replacement, { pin: true, ownCommit: true }));
  }
  return updates;
}

function updateOf(
  p: PackagePlan,
  requirement: InternalRequirement,
  version: Version,
  replacement: string,
  how: Pick<DependencyUpdate, 'pin' | 'ownCommit'>,
): DependencyUpdate {
  return { dependent: p.package.name, dependency: requirement.on, version, requirement, replacement, ...how };
}
