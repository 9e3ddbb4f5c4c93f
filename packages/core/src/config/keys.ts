import { UserError } from '../errors.js';
import { nearestWord } from '../text.js';

/**
 * The keys of `[tool.pyrelease]` (docs/configuration.md), kebab-case like the inputs. Where a key
 * may be set: the repository root (root `pyproject.toml` or `pyrelease.toml`), a package's own
 * pyproject.toml, or both (the package's value wins for that package).
 */
export type ConfigScope = 'root' | 'package' | 'both';

interface KeySpec {
  readonly scope: ConfigScope;
  /** What the value must be, as the error says it ("a list of strings"). */
  readonly expected: string;
  readonly valid: (value: unknown) => boolean;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** What the API check does with a breaking change the planned bump does not cover (docs/configuration.md). */
export type ApiCheckMode = 'off' | 'warn' | 'raise' | 'fail';
export const API_CHECK_MODES: readonly ApiCheckMode[] = ['off', 'warn', 'raise', 'fail'];
export const isApiCheckMode = (v: unknown): v is ApiCheckMode => API_CHECK_MODES.includes(v as ApiCheckMode);
/** A dotted Python module name (`acme.plugin`): identifiers, no leading dot. */
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

export const CONFIG_KEYS: Readonly<Record<string, KeySpec>> = {
  packages: { scope: 'root', expected: 'a list of folder globs', valid: isStringList },
  exclude: { scope: 'root', expected: 'a list of folder globs', valid: isStringList },
  'tag-format': { scope: 'both', expected: 'a string such as "{name}-v{version}"', valid: isString },
  skip: { scope: 'package', expected: 'true or false', valid: (v) => typeof v === 'boolean' },
  'previous-tag-formats': { scope: 'both', expected: 'a list of strings', valid: isStringList },
  changelog: { scope: 'both', expected: 'a path or false', valid: (v) => isString(v) || v === false },
  'version-files': { scope: 'both', expected: 'a list of paths', valid: isStringList },
  'ignore-paths': { scope: 'both', expected: 'a list of globs', valid: isStringList },
  bump: {
    scope: 'both',
    expected: 'a table such as { minor = ["feat"], patch = ["fix"] }',
    valid: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  },
  'initial-version': { scope: 'both', expected: 'a PEP 440 version string', valid: isString },
  line: {
    scope: 'root',
    expected: 'leading release numbers such as "0.6"',
    valid: (v) => isString(v) && /^\d+(\.\d+)?$/.test(v),
  },
  'release-branches': {
    scope: 'root',
    expected: 'a list of branch names or patterns such as ["release", "release/*"]',
    valid: isStringList,
  },
  'pin-workspace-dependencies': {
    scope: 'both',
    expected: 'true or false',
    valid: (v) => typeof v === 'boolean',
  },
  cascade: {
    scope: 'both',
    expected: '"when-needed" or "always"',
    valid: (v) => v === 'when-needed' || v === 'always',
  },
  'api-check': {
    scope: 'both',
    expected: '"off", "warn", "raise" or "fail"',
    valid: (v) => isApiCheckMode(v),
  },
  'api-modules': {
    scope: 'both',
    expected: 'a list of module names such as ["mypkg"] or ["acme.plugin"]',
    valid: (v) => isStringList(v) && v.length > 0 && v.every((m) => MODULE_NAME.test(m)),
  },
  groups: {
    scope: 'root',
    expected: 'an array of tables ([[tool.pyrelease.groups]] with name, packages and versioning)',
    valid: (v) => Array.isArray(v),
  },
  'changelog-sections': {
    scope: 'both',
    expected: 'a table such as { perf = "Performance", docs = false }',
    valid: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  },
};

/** The validated keys of one `[tool.pyrelease]` table, as written. */
export type ConfigTable = Readonly<Record<string, unknown>>;

/**
 * Checks one `[tool.pyrelease]` table: every key known, allowed where it is, of the right type. Each
 * mistake is a one-line error naming the file and the key.
 */
export function validateConfigTable(table: unknown, file: string, where: 'root' | 'package'): ConfigTable {
  const at = `${file}: [tool.pyrelease]`;
  if (table === null || typeof table !== 'object' || Array.isArray(table))
    throw new UserError(`${at} must be a table`, { file });
  for (const [key, value] of Object.entries(table)) {
    const spec = CONFIG_KEYS[key];
    if (!spec) {
      const near = nearestWord(key.replace(/_/g, '-'), Object.keys(CONFIG_KEYS));
      const hint = near ? ` (did you mean ${JSON.stringify(near)}?)` : '';
      throw new UserError(
        `${at} has an unknown key ${JSON.stringify(key)}${hint}; known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`,
        { file },
      );
    }
    if (spec.scope === 'root' && where === 'package') {
      throw new UserError(
        `${at}.${key} belongs in the repository's root configuration (root pyproject.toml or pyrelease.toml), not in a package's`,
        { file },
      );
    }
    if (spec.scope === 'package' && where === 'root') {
      throw new UserError(
        `${at}.${key} belongs in a package's own pyproject.toml, not in the root configuration`,
        {
          file,
        },
      );
    }
    if (!spec.valid(value))
      throw new UserError(`${at}.${key} must be ${spec.expected}, got ${describe(value)}`, { file });
  }
  return table as ConfigTable;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (value !== null && typeof value === 'object') return 'a table';
  return JSON.stringify(typeof value === 'bigint' ? Number(value) : value);
}
