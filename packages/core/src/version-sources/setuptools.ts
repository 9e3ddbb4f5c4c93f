import { tableIn as table, type TomlTable } from '../toml/pyproject.js';
import { findModuleFile, namedVersionFile, pathInFolder } from './module-file.js';
import type { DynamicVersionQuery, Unplaceable, VersionSource } from './source.js';

/**
 * setuptools' `[tool.setuptools.dynamic] version`: a module's attribute or one file. Null when the
 * pyproject.toml has no such setting.
 */
export function setuptoolsDynamicSource(query: DynamicVersionQuery): VersionSource | Unplaceable | null {
  const { doc, folder, files } = query;
  const setuptoolsVersion = table(doc, 'tool', 'setuptools', 'dynamic')?.version;
  if (setuptoolsVersion === undefined) return null;
  const spec = table(setuptoolsVersion);
  if (typeof spec?.attr === 'string') return setuptoolsAttr(doc, spec.attr, folder, files);
  const file = Array.isArray(spec?.file) && spec.file.length === 1 ? spec.file[0] : spec?.file;
  if (typeof file === 'string')
    return namedVersionFile(folder, files, file, '[tool.setuptools.dynamic] version file', { kind: 'text' });
  return {
    unplaceable:
      '[tool.setuptools.dynamic] version must be {attr = "…"} or one {file = "…"} for pyrelease to write it',
  };
}

/** setuptools-scm, as a build requirement or by its settings: the tags. Null when it is neither. */
export function setuptoolsScmSource(query: DynamicVersionQuery): VersionSource | null {
  const { doc, requires } = query;
  if (
    requires.has('setuptools-scm') ||
    table(doc, 'tool', 'setuptools_scm') ||
    table(doc, 'tool', 'setuptools-scm')
  ) {
    return {
      kind: 'vcs',
      backend: 'setuptools-scm',
      tagSetting: '[tool.setuptools_scm] tag_regex (or git_describe_command)',
    };
  }
  return null;
}

/** `attr = "pkg.sub.__version__"`: the module file under the package-dir setuptools would use. */
function setuptoolsAttr(
  doc: TomlTable,
  attr: string,
  folder: string,
  files: ReadonlySet<string>,
): VersionSource | Unplaceable {
  const parts = attr.split('.');
  const name = parts.pop() as string;
  if (parts.length === 0)
    return { unplaceable: `[tool.setuptools.dynamic] version attr ${JSON.stringify(attr)} names no module` };
  const packageDir = table(doc, 'tool', 'setuptools', 'package-dir') ?? {};
  const where = table(doc, 'tool', 'setuptools', 'packages', 'find')?.where;
  const roots: string[] = [];
  const mapped = packageDir[parts[0]];
  if (typeof mapped === 'string') {
    // `pkg = "lib/pkg"` maps the top-level package itself.
    const rest = parts.slice(1).join('/');
    return findModuleFile(
      rest,
      pathInFolder(folder, mapped),
      files,
      ['.'],
      '[tool.setuptools.dynamic] version attr',
      [name],
      true,
    );
  }
  if (typeof packageDir[''] === 'string') roots.push(packageDir[''] as string);
  if (Array.isArray(where)) roots.push(...where.filter((w): w is string => typeof w === 'string'));
  // Auto-discovery prefers the src layout.
  roots.push('src', '.');
  return findModuleFile(parts.join('/'), folder, files, roots, '[tool.setuptools.dynamic] version attr', [
    name,
  ]);
}
