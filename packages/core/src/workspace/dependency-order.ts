import type { InternalRequirement } from '../dependencies/requirements.js';

/** Something that belongs to one package of the workspace: a plan or a release of it. */
interface OfPackage {
  readonly package: { readonly name: string; readonly requirements: readonly InternalRequirement[] };
}

/**
 * `items` with each one after the siblings its package requires (among `items`), so a release's tag
 * holds their new versions and its moved requirements; among equals, and within a cycle, in the given
 * order.
 */
export function dependenciesFirst<T extends OfPackage>(items: readonly T[]): T[] {
  const names = new Set(items.map((p) => p.package.name));
  const ordered: T[] = [];
  const done = new Set<string>();
  let rest = [...items];
  while (rest.length > 0) {
    const ready = rest.filter((p) =>
      p.package.requirements.every((r) => !names.has(r.on) || done.has(r.on) || r.on === p.package.name),
    );
    // A cycle: take the first in the given order and go on.
    const take = ready.length > 0 ? ready : [rest[0]];
    for (const p of take) {
      ordered.push(p);
      done.add(p.package.name);
    }
    rest = rest.filter((p) => !take.includes(p));
  }
  return ordered;
}
