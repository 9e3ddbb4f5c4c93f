import { UserError } from '../errors.js';
import { DEFAULT_BUMP_RULES, type BumpRules } from '../versioning/bump-rules.js';
import {
  DEFAULT_CHANGELOG_SECTIONS,
  readChangelogSections,
  type ChangelogSections,
} from './changelog-sections.js';
import { isFinal, parseVersion, type Version } from '../versioning/version.js';
import type { ApiCheckMode, ConfigTable } from './keys.js';

/** One package's settings: the root configuration's, overridden by the package's own table. */
export interface PackageSettings {
  readonly tagFormat?: string;
  readonly previousTagFormats: readonly string[];
  /** The changelog's path relative to the package folder; null: the package keeps none. */
  readonly changelog: string | null;
  readonly versionFiles: readonly string[];
  readonly ignorePaths: readonly string[];
  readonly bump: BumpRules;
  /** Which changelog section lists which commit types. */
  readonly changelogSections: ChangelogSections;
  readonly initialVersion: Version;
  readonly skip: boolean;
  /** Write `name>=V` into its bare requirements on siblings when it is released. */
  readonly pinWorkspaceDependencies: boolean;
  /**
   * When a sibling it requires is released, it is released too: only when the requirement does not
   * admit the new version (`when-needed`), or every time (`always`, changesets' rule).
   */
  readonly cascade: 'when-needed' | 'always';
  /** What a breaking change of the public API that the planned bump does not cover does (api-check.ts). */
  readonly apiCheck: ApiCheckMode;
  /** `api-modules`: the modules that are its public API; null: found from the build configuration. */
  readonly apiModules: readonly string[] | null;
  /**
   * The package's own table sets `tag-format` or `previous-tag-formats`: its maintainer has said which
   * tags are its own, so tags of other shapes in its folder are not taken for its releases.
   */
  readonly tagsDeclared: boolean;
}

export const DEFAULT_IGNORE_PATHS: readonly string[] = ['uv.lock'];
export const DEFAULT_INITIAL_VERSION = '0.1.0';

/**
 * The settings of one package: each key from the package's `[tool.pyrelease]` when it sets it, else
 * the root configuration's, else the default. `file`s name where each table came from for messages.
 */
export function resolvePackageSettings(
  root: { readonly table: ConfigTable | null; readonly file: string | null },
  own: { readonly table: ConfigTable | null; readonly file: string },
): PackageSettings {
  const pick = <T>(key: string): { value: T; file: string } | undefined => {
    if (own.table && own.table[key] !== undefined) return { value: own.table[key] as T, file: own.file };
    if (root.table && root.table[key] !== undefined)
      return { value: root.table[key] as T, file: root.file ?? own.file };
    return undefined;
  };
  const changelog = pick<string | false>('changelog');
  const initial = pick<string>('initial-version');
  const { bump, changelogSections } = mergedTables(root, own);
  const versionFiles = own.table?.['version-files'] as string[] | undefined;
  const initialVersion = parseVersion(
    initial?.value ?? DEFAULT_INITIAL_VERSION,
    `${initial?.file ?? own.file}: [tool.pyrelease].initial-version`,
  );
  if (!isFinal(initialVersion) || initialVersion.local !== null) {
    throw new UserError(
      `${initial?.file ?? own.file}: [tool.pyrelease].initial-version must be a final version such as 0.1.0, got ${JSON.stringify(initial?.value)}`,
      { file: initial?.file ?? own.file },
    );
  }
  return {
    tagFormat: pick<string>('tag-format')?.value,
    previousTagFormats: pick<string[]>('previous-tag-formats')?.value ?? [],
    changelog:
      changelog === undefined
        ? 'CHANGELOG.md'
        : changelog.value === false
          ? null
          : checkRelativePath(changelog.value, changelog.file, 'changelog'),
    // A package's own files: the root configuration's version-files are the root package's alone.
    versionFiles: (versionFiles ?? []).map((p) => checkRelativePath(p, own.file, 'version-files')),
    ignorePaths: pick<string[]>('ignore-paths')?.value ?? DEFAULT_IGNORE_PATHS,
    bump,
    changelogSections,
    initialVersion,
    skip: own.table?.skip === true,
    pinWorkspaceDependencies: pick<boolean>('pin-workspace-dependencies')?.value === true,
    cascade: pick<'when-needed' | 'always'>('cascade')?.value ?? 'when-needed',
    apiCheck: pick<ApiCheckMode>('api-check')?.value ?? 'warn',
    apiModules: (own.table?.['api-modules'] as string[] | undefined) ?? null,
    tagsDeclared:
      own.table?.['tag-format'] !== undefined || own.table?.['previous-tag-formats'] !== undefined,
  };
}

/**
 * The tables that merge key by key: a package that sets only `non-conventional` keeps the root's bump
 * lists, one that titles `docs` keeps the root's other changelog titles.
 */
function mergedTables(
  root: { readonly table: ConfigTable | null; readonly file: string | null },
  own: { readonly table: ConfigTable | null; readonly file: string },
): Pick<PackageSettings, 'bump' | 'changelogSections'> {
  const rootFile = root.file ?? own.file;
  const rootBump = root.table?.bump
    ? readBumpRules(root.table.bump as ConfigTable, rootFile, DEFAULT_BUMP_RULES, null)
    : DEFAULT_BUMP_RULES;
  const bump = own.table?.bump
    ? readBumpRules(own.table.bump as ConfigTable, own.file, rootBump, root.table?.bump ? rootFile : null)
    : rootBump;
  const sectionsTable = (t: ConfigTable | null) => t?.['changelog-sections'] as ConfigTable | undefined;
  const rootSections = sectionsTable(root.table)
    ? readChangelogSections(sectionsTable(root.table) as ConfigTable, rootFile)
    : DEFAULT_CHANGELOG_SECTIONS;
  const changelogSections = sectionsTable(own.table)
    ? readChangelogSections(sectionsTable(own.table) as ConfigTable, own.file, rootSections)
    : rootSections;
  return { bump, changelogSections };
}

/** A path inside the package folder, POSIX, without `./`; one that leaves the folder is refused. */
function checkRelativePath(path: string, file: string, key: string): string {
  const clean = path.replace(/^\.\/+/, '');
  if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..') || clean.includes('\\')) {
    throw new UserError(
      `${file}: [tool.pyrelease].${key} must be a path inside the package folder (POSIX, no ..), got ${JSON.stringify(path)}`,
      { file },
    );
  }
  return clean;
}

const BUMP_KEYS = new Set(['minor', 'patch', 'non-conventional']);

/**
 * A bump table over `base`: each key it sets wins. Its `pre-major` table (the rules below 1.0.0) is
 * read over the table's own rules, so it says only what differs ("features are patches until 1.0").
 */
function readBumpRules(
  table: ConfigTable,
  file: string,
  base: BumpRules,
  baseFile: string | null,
): BumpRules {
  const { 'pre-major': preMajor, ...rest } = table;
  const rules = readBumpTable(rest, file, { rules: base, file: baseFile }, '[tool.pyrelease.bump]');
  if (preMajor === undefined) return base.preMajor ? { ...rules, preMajor: base.preMajor } : rules;
  if (preMajor === null || typeof preMajor !== 'object' || Array.isArray(preMajor)) {
    throw new UserError(
      `${file}: [tool.pyrelease.bump].pre-major must be a table such as { minor = [], patch = ["feat", "fix"] }, got ${JSON.stringify(preMajor)}`,
      { file },
    );
  }
  const below = readBumpTable(
    preMajor as ConfigTable,
    file,
    base.preMajor ? { rules: base.preMajor, file: baseFile } : { rules, file },
    '[tool.pyrelease.bump.pre-major]',
  );
  return { ...rules, preMajor: below };
}

/**
 * One bump table over `base` (the rules it merges into, and the file they came from; null: the
 * defaults). A type in both lists is an error that names where each list was written.
 */
function readBumpTable(
  table: ConfigTable,
  file: string,
  over: { readonly rules: Omit<BumpRules, 'preMajor'>; readonly file: string | null },
  label: string,
): Omit<BumpRules, 'preMajor'> {
  const base = over.rules;
  const at = `${file}: ${label}`;
  for (const key of Object.keys(table)) {
    if (!BUMP_KEYS.has(key)) {
      throw new UserError(
        `${at} has an unknown key ${JSON.stringify(key)}; known keys: minor, patch, non-conventional${label.endsWith('pre-major]') ? '' : ', pre-major'} (a breaking change is always major)`,
        { file },
      );
    }
  }
  const types = (key: 'minor' | 'patch'): string[] => {
    const value = table[key];
    if (value === undefined) return [...base[key]];
    if (
      !Array.isArray(value) ||
      !value.every((v) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9-]*$/.test(v))
    ) {
      throw new UserError(
        `${at}.${key} must be a list of commit types such as ["feat"], got ${JSON.stringify(value)}`,
        { file },
      );
    }
    return value.map((v: string) => v.toLowerCase());
  };
  const minor = types('minor');
  const patch = types('patch');
  const both = minor.filter((t) => patch.includes(t));
  if (both.length > 0) {
    const from = (key: string) =>
      table[key] !== undefined ? file : over.file === null ? 'the default' : over.file;
    const where =
      from('minor') === file && from('patch') === file
        ? ''
        : ` (minor from ${from('minor')}, patch from ${from('patch')}: a package's list replaces the root's list of that key, so set both)`;
    throw new UserError(`${at}: ${both.join(', ')} is in both minor and patch${where}`, { file });
  }
  const nonConventional = table['non-conventional'] ?? base.nonConventional;
  if (nonConventional !== 'patch' && nonConventional !== 'ignore') {
    throw new UserError(
      `${at}.non-conventional must be "patch" or "ignore", got ${JSON.stringify(nonConventional)}`,
      { file },
    );
  }
  return { minor, patch, nonConventional };
}
