import { UserError } from '../errors.js';
import { tableIn as table, type TomlTable } from '../toml/pyproject.js';

/** A uv workspace as its root pyproject.toml declares it (`[tool.uv.workspace]`). */
export interface UvWorkspace {
  /** Member folder globs, relative to the root. */
  readonly members: readonly string[];
  readonly exclude: readonly string[];
  /** The root is a member that is built: it has a [project], is not `package = false`, and builds. */
  readonly rootIsPackage: boolean;
}

function globs(value: unknown, file: string, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new UserError(`${file}: [tool.uv.workspace].${key} must be a list of folder globs`, { file });
  }
  return value as string[];
}

/**
 * The workspace of a root pyproject.toml, or null when it declares none. As uv decides it, the root is
 * a package only when it has a [project] and builds: `[tool.uv] package = true`, or a build-system and
 * no `package = false` (a virtual root holds only the workspace's settings).
 */
export function readUvWorkspace(root: TomlTable | null, file = 'pyproject.toml'): UvWorkspace | null {
  const workspace = root ? table(root, 'tool', 'uv', 'workspace') : null;
  if (!root || !workspace) return null;
  const packaged = table(root, 'tool', 'uv')?.package;
  const builds = packaged === true || (packaged !== false && table(root, 'build-system') !== null);
  return {
    members: globs(workspace.members, file, 'members'),
    exclude: globs(workspace.exclude, file, 'exclude'),
    rootIsPackage: table(root, 'project') !== null && builds,
  };
}
