import { UserError } from '../errors.js';
import type { ConfigTable } from './keys.js';

/**
 * Which section of a release's changelog lists which commits (`changelog-sections`): a commit type's
 * section title, or null for a type that is not listed. Breaking changes always have their section;
 * dependency lines go to the `deps` section.
 */
export interface ChangelogSections {
  readonly breaking: string;
  /** Commit type -> title (null: not listed), in the order the sections are shown. */
  readonly types: ReadonlyMap<string, string | null>;
  /** Commits without a conventional header, and types no entry names that still release. */
  readonly nonConventional: string | null;
}

export const DEFAULT_CHANGELOG_SECTIONS: ChangelogSections = {
  breaking: 'Breaking Changes',
  types: new Map([
    ['feat', 'Features'],
    ['fix', 'Bug Fixes'],
    ['perf', 'Performance Improvements'],
    ['revert', 'Reverts'],
    ['deps', 'Dependencies'],
  ]),
  nonConventional: 'Other',
};

const TYPE = /^[a-z][a-z0-9-]*$/;

/**
 * Reads a `[tool.pyrelease.changelog-sections]` table over `base` (the defaults, or the root's for a
 * package): each key a commit type, `non-conventional` or `breaking`; each value a section title or
 * false (not listed; `breaking` cannot be turned off).
 */
export function readChangelogSections(
  table: ConfigTable,
  file: string,
  base: ChangelogSections = DEFAULT_CHANGELOG_SECTIONS,
): ChangelogSections {
  const at = `${file}: [tool.pyrelease.changelog-sections]`;
  const types = new Map(base.types);
  let { breaking, nonConventional } = base;
  for (const [key, value] of Object.entries(table)) {
    const title = titleOf(value, `${at}.${key}`, file, key !== 'breaking');
    if (key === 'breaking') breaking = title as string;
    else if (key === 'non-conventional') nonConventional = title;
    else if (TYPE.test(key)) types.set(key, title);
    else {
      throw new UserError(
        `${at} has a key ${JSON.stringify(key)} that is not a commit type: keys are lower-case types such as feat, or non-conventional, or breaking`,
        { file },
      );
    }
  }
  return { breaking, types, nonConventional };
}

function titleOf(value: unknown, at: string, file: string, mayHide: boolean): string | null {
  if (value === false && mayHide) return null;
  if (typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value)) return value.trim();
  const expected = mayHide
    ? 'a section title on one line, or false to leave the type out'
    : 'a section title on one line';
  throw new UserError(`${at} must be ${expected}, got ${JSON.stringify(value)}`, { file });
}
