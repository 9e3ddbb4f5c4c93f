import { UserError } from '../errors.js';

/**
 * Version groups (`[[tool.pyrelease.groups]]`, docs/configuration.md "Version groups"): packages
 * released as one product. `fixed`: one version for all, every member released whenever one is;
 * `linked`: members released only when they change, at the highest version the group reaches.
 */
export type GroupVersioning = 'fixed' | 'linked';

/** A group as written: its name, its member patterns (names or folder globs) and its versioning. */
export interface GroupConfig {
  readonly name: string;
  readonly packages: readonly string[];
  readonly versioning: GroupVersioning;
}

const GROUP_KEYS = ['name', 'packages', 'versioning'];
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Reads `[[tool.pyrelease.groups]]` (`value`, as parsed from `file`): each mistake one line naming the key. */
export function readGroupConfigs(value: unknown, file: string): GroupConfig[] {
  const at = `${file}: ${file.endsWith('pyrelease.toml') ? '[[groups]]' : '[[tool.pyrelease.groups]]'}`;
  if (!Array.isArray(value)) throw new UserError(`${at} must be an array of tables`, { file });
  const names = new Set<string>();
  return value.map((table: unknown, i) => {
    const where = `${at} #${i + 1}`;
    if (table === null || typeof table !== 'object' || Array.isArray(table))
      throw new UserError(`${where} must be a table with name, packages and versioning`, { file });
    const t = table as Record<string, unknown>;
    const unknown = Object.keys(t).find((k) => !GROUP_KEYS.includes(k));
    if (unknown !== undefined)
      throw new UserError(
        `${where} has an unknown key ${JSON.stringify(unknown)}; known keys: ${GROUP_KEYS.join(', ')}`,
        { file },
      );
    // The name reaches changelogs, tag messages and logs: letters, digits and `.`, `_`, `-` only.
    if (typeof t.name !== 'string' || !GROUP_NAME.test(t.name))
      throw new UserError(
        `${where}.name must be a name of letters, digits, ".", "_" and "-" such as "acme", got ${JSON.stringify(t.name ?? null)}`,
        { file },
      );
    if (names.has(t.name))
      throw new UserError(`${at}: two groups are named ${JSON.stringify(t.name)}`, { file });
    names.add(t.name);
    const named = `${at} ${JSON.stringify(t.name)}`;
    if (
      !Array.isArray(t.packages) ||
      t.packages.length === 0 ||
      !t.packages.every((p) => typeof p === 'string' && p.trim() !== '')
    )
      throw new UserError(`${named}.packages must be a non-empty list of package names or folder globs`, {
        file,
      });
    // A group lists its members: a negation (`!libs/x`) would stand for every other package.
    const negated = (t.packages as string[]).find((p) => p.trim().startsWith('!'));
    if (negated !== undefined)
      throw new UserError(
        `${named}.packages names members, and ${JSON.stringify(negated)} is a negation: list the members instead`,
        { file },
      );
    const versioning = t.versioning ?? 'fixed';
    if (versioning !== 'fixed' && versioning !== 'linked')
      throw new UserError(
        `${named}.versioning must be "fixed" or "linked", got ${JSON.stringify(versioning)}`,
        { file },
      );
    return { name: t.name, packages: t.packages as string[], versioning };
  });
}
