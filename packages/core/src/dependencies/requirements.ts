import { tableIn as table, type TomlTable } from '../toml/pyproject.js';
import { normalizeName } from '../versioning/tags.js';
import { moveSpecifierTo, parseSpecifierSet } from './specifier.js';
import type { Version } from '../versioning/version.js';

/** One PEP 508 requirement string, read for its name and where its version specifier sits. */
export interface ParsedRequirement {
  /** Normalized (PEP 503). */
  readonly name: string;
  readonly specifier: string;
  /** Offsets of the specifier in the requirement text (an empty range after the name and extras when bare). */
  readonly start: number;
  readonly end: number;
  /** `name @ url`: a direct reference, never rewritten. */
  readonly direct: boolean;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*/;

/** The parts of a PEP 508 requirement that pyrelease reads; null when it is not one. */
export function parseRequirement(text: string): ParsedRequirement | null {
  const name = NAME.exec(text);
  if (!name) return null;
  const i = name[0].length;
  const markerAt = text.indexOf(';', i);
  const head = markerAt < 0 ? text.length : markerAt;
  if (text[i] === '@') return { name: normalizeName(name[1]), specifier: '', start: i, end: i, direct: true };
  let start = i;
  let end = head;
  // `name (>=1.0)`: the older spelling with parentheses.
  const open = text.slice(i, head).match(/^\(\s*/);
  if (open) {
    const close = text.lastIndexOf(')', head);
    if (close < 0) return null;
    start = i + open[0].length;
    end = close;
  }
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  return { name: normalizeName(name[1]), specifier: text.slice(start, end), start, end, direct: false };
}

/** Where a requirement on another package of the monorepo is written in a pyproject.toml. */
export interface InternalRequirement {
  /** The package required (normalized name). */
  readonly on: string;
  readonly specifier: string;
  /** The TOML key path of the array or value: `project.dependencies`, `tool.poetry.dependencies.alpha`. */
  readonly key: readonly string[];
  /** The element's index in a PEP 621 array; null for a Poetry value. */
  readonly index: number | null;
  /** The whole requirement text (PEP 508) or Poetry constraint, as written. */
  readonly text: string;
}

/** A PEP 735 `[dependency-groups]` requirement: never published, so it never makes a sibling's release. */
export function isUnpublishedRequirement(r: InternalRequirement): boolean {
  return r.key[0] === 'dependency-groups';
}

/**
 * The requirements of a pyproject.toml on the packages named in `names`: `[project].dependencies`,
 * each `[project.optional-dependencies]` group, each `[dependency-groups]` group (PEP 735), and Poetry's `[tool.poetry.dependencies]` (a string
 * constraint or a table's `version`). Direct references (`name @ url`) are not version constraints.
 */
export function internalRequirementsOf(
  doc: TomlTable,
  names: ReadonlySet<string>,
  self: string,
): InternalRequirement[] {
  const found: InternalRequirement[] = [];
  const fromArray = (value: unknown, key: string[]) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const parsed = parseRequirement(item);
      if (!parsed || parsed.direct || parsed.name === self || !names.has(parsed.name)) return;
      found.push({ on: parsed.name, specifier: parsed.specifier, key, index, text: item });
    });
  };
  const project = table(doc, 'project');
  fromArray(project?.dependencies, ['project', 'dependencies']);
  const optional = table(project, 'optional-dependencies') ?? {};
  for (const [group, list] of Object.entries(optional))
    fromArray(list, ['project', 'optional-dependencies', group]);
  // PEP 735 groups: strings are requirements, `{include-group = …}` tables are skipped.
  for (const [group, list] of Object.entries(table(doc, 'dependency-groups') ?? {}))
    fromArray(list, ['dependency-groups', group]);
  const poetry = table(doc, 'tool', 'poetry', 'dependencies') ?? {};
  for (const [dep, value] of Object.entries(poetry)) {
    const on = normalizeName(dep);
    if (on === self || !names.has(on)) continue;
    if (typeof value === 'string')
      found.push({
        on,
        specifier: value,
        key: ['tool', 'poetry', 'dependencies', dep],
        index: null,
        text: value,
      });
    const version = table(value)?.version;
    if (typeof version === 'string') {
      found.push({
        on,
        specifier: version,
        key: ['tool', 'poetry', 'dependencies', dep, 'version'],
        index: null,
        text: version,
      });
    }
  }
  return found;
}

/**
 * A Poetry constraint as PEP 440 clauses, and back: a bare version is an exact pin (`1.0.0`), clauses
 * are separated by commas or spaces. `||` (either of two) has no PEP 440 form: null.
 */
function poetryClauses(text: string): { pep440: string; bare: boolean[]; separator: string } | null {
  if (text.includes('||') || text.trim() === '*') return null;
  const tokens = text
    .trim()
    .replace(/(>=|<=|==|!=|~=|>|<|\^|~)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter(Boolean);
  const bare = tokens.map((t) => /^\d/.test(t));
  const pep440 = tokens.map((t, i) => (bare[i] ? `==${t}` : t)).join(',');
  return parseSpecifierSet(pep440) ? { pep440, bare, separator: text.includes(',') ? ', ' : ' ' } : null;
}

/** Whether pyrelease can read a requirement's specifier (empty counts: it admits every final). */
export function isReadableRequirement(requirement: InternalRequirement): boolean {
  if (requirement.specifier.trim() === '' || requirement.specifier.trim() === '*') return true;
  if (requirement.index === null) return poetryClauses(requirement.specifier) !== null;
  return parseSpecifierSet(requirement.specifier) !== null;
}

/** The new text of a requirement whose specifier moves up to `version`; null when it admits it already. */
export function movedRequirementText(requirement: InternalRequirement, version: Version): string | null {
  if (requirement.index === null) {
    const poetry = poetryClauses(requirement.specifier);
    const moved = poetry ? moveSpecifierTo(poetry.pep440, version) : null;
    if (!poetry || moved === null) return null;
    // Back to Poetry's spelling: exact pins bare again, its own separator.
    const clauses = moved.split(',');
    return clauses
      .map((c, i) =>
        poetry.bare[i] && c.startsWith('==') && clauses.length === poetry.bare.length ? c.slice(2) : c,
      )
      .join(poetry.separator);
  }
  const parsed = parseRequirement(requirement.text) as ParsedRequirement;
  const moved = moveSpecifierTo(parsed.specifier, version);
  if (moved === null) return null;
  return requirement.text.slice(0, parsed.start) + moved + requirement.text.slice(parsed.end);
}

/** A bare requirement with a lower bound at `version` (`alpha[x] ; marker` -> `alpha[x]>=1.2.0 ; marker`). */
export function pinnedRequirementText(requirement: InternalRequirement, version: Version): string | null {
  if (requirement.index === null)
    return requirement.specifier.trim() === '*' || requirement.specifier.trim() === ''
      ? `>=${version.text}`
      : null;
  const parsed = parseRequirement(requirement.text);
  if (!parsed || parsed.direct || parsed.specifier !== '') return null;
  const head = requirement.text.slice(0, parsed.start).trimEnd();
  const rest = requirement.text.slice(parsed.start);
  return `${head}>=${version.text}${rest.startsWith(';') ? ` ${rest}` : rest}`;
}
