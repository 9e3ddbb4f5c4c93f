import { bumpLevelOf, type BumpRules } from '../versioning/bump-rules.js';
import type { CommitIntent } from '../versioning/conventional.js';
import type { ChangelogSections } from '../config/changelog-sections.js';

/** Where the lines about siblings released with a package go, whatever `deps` is set to. */
export function dependenciesTitle(sections: ChangelogSections): string {
  return sections.types.get('deps') ?? 'Dependencies';
}

/**
 * The section a commit is listed in, or null when it is not listed: its type's entry; else, when it
 * releases something under `bump` (a type nobody configured, a free-form message), the
 * non-conventional section; else (chore, docs, ci, … by default) none. `type` is the type to look up
 * (`revert` for git's own `Revert "…"` messages).
 */
export function sectionOf(
  intent: CommitIntent,
  type: string | null,
  sections: ChangelogSections,
  bump: BumpRules,
): string | null {
  if (intent.breaking) return sections.breaking;
  if (type !== null && sections.types.has(type)) return sections.types.get(type) ?? null;
  return bumpLevelOf(intent, bump) !== null ? sections.nonConventional : null;
}

/** Every section title in the order they are shown: breaking first, dependencies last. */
export function sectionOrder(sections: ChangelogSections): string[] {
  const deps = dependenciesTitle(sections);
  const titles = [sections.breaking, ...sections.types.values(), sections.nonConventional, deps];
  return [...new Set(titles.filter((t): t is string => t !== null && t !== deps)), deps];
}
