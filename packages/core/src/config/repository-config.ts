import { UserError } from '../errors.js';
import { parseToml, type TomlTable } from '../toml/pyproject.js';
import { readGroupConfigs, type GroupConfig } from './groups.js';
import { validateConfigTable, type ConfigTable } from './keys.js';

/** `pyrelease.toml` at the repository root: the keys of `[tool.pyrelease]` at its top level. */
export const PYRELEASE_TOML = 'pyrelease.toml';

/** The repository-wide settings, from the root configuration; absent keys are undefined. */
export interface RepositoryConfig {
  /** Where they came from (for messages); null when the repository has no configuration. */
  readonly file: string | null;
  readonly packages?: readonly string[];
  readonly exclude?: readonly string[];
  readonly tagFormat?: string;
  readonly line?: string;
  /**
   * Branches that are release branches although they are named like a base branch (or are the
   * default or a protected one): the release-branch guard resets them without a release commit on them.
   */
  readonly releaseBranches?: readonly string[];
  /** Version groups (`[[tool.pyrelease.groups]]`): packages released as one product. */
  readonly groups?: readonly GroupConfig[];
  /** The whole validated table: the defaults of every package's settings. */
  readonly table: ConfigTable | null;
}

/**
 * The root configuration: `[tool.pyrelease]` of the root pyproject.toml, or the top level of a root
 * pyrelease.toml. Both at once is a mistake (which would win?), named in one line.
 */
export function readRepositoryConfig(
  rootPyproject: TomlTable | null,
  pyreleaseToml: string | null,
): RepositoryConfig {
  const inPyproject = (rootPyproject?.tool as TomlTable | undefined)?.pyrelease;
  if (inPyproject !== undefined && pyreleaseToml !== null) {
    throw new UserError(
      `${PYRELEASE_TOML} and pyproject.toml [tool.pyrelease] both configure pyrelease: keep one of them`,
      { file: PYRELEASE_TOML },
    );
  }
  let table: ConfigTable | null = null;
  let file: string | null = null;
  if (pyreleaseToml !== null) {
    file = PYRELEASE_TOML;
    table = validateConfigTable(parseToml(pyreleaseToml, file), file, 'root');
  } else if (inPyproject !== undefined) {
    file = 'pyproject.toml';
    table = validateConfigTable(inPyproject, file, 'root');
  }
  if (!table) return { file: null, table: null };
  return {
    file,
    packages: table.packages as string[] | undefined,
    exclude: table.exclude as string[] | undefined,
    tagFormat: table['tag-format'] as string | undefined,
    line: table.line as string | undefined,
    releaseBranches: table['release-branches'] as string[] | undefined,
    groups: table.groups === undefined ? undefined : readGroupConfigs(table.groups, file as string),
    table,
  };
}

/** A package's own `[tool.pyrelease]`, checked (its keys are the package-level ones); null: none. */
export function readPackageConfig(doc: TomlTable, file: string): ConfigTable | null {
  const table = (doc.tool as TomlTable | undefined)?.pyrelease;
  return table === undefined ? null : validateConfigTable(table, file, 'package');
}
