import { posix } from 'node:path';
import type { Unplaceable, VersionSource } from './source.js';
import type { VersionFileFormat } from './version-file.js';

/** A path the pyproject.toml gives, relative to the repository root in git's spelling (no `./`, `..` resolved). */
export function pathInFolder(folder: string, file: string): string {
  const joined = posix.normalize(folder === '.' ? file : `${folder}/${file}`);
  return joined === '.' ? '' : joined.replace(/^\.\//, '').replace(/\/$/, '');
}

/** The version file a setting (`via`) names in the package folder, or why it cannot be used. */
export function namedVersionFile(
  folder: string,
  files: ReadonlySet<string>,
  path: string,
  via: string,
  format: VersionFileFormat,
): VersionSource | Unplaceable {
  const file = pathInFolder(folder, path);
  return files.has(file)
    ? { kind: 'file', file, format, via }
    : { unplaceable: `${via} names ${path}, which does not exist in ${folder}` };
}

/** The file of a Python module (`pkg/sub`) under the first of `roots` that holds it, assigning one of `names`. */
export function findModuleFile(
  modulePath: string,
  folder: string,
  files: ReadonlySet<string>,
  roots: readonly string[],
  via: string,
  names: readonly string[],
  isPackageFolder = false,
): VersionSource | Unplaceable {
  const tried: string[] = [];
  for (const root of roots) {
    const base = pathInFolder(folder, root === '.' ? '' : root).replace(/\/$/, '');
    const at = (p: string) => (base === '' || base === '.' ? p : `${base}/${p}`);
    const candidates =
      isPackageFolder && modulePath === ''
        ? [at('__init__.py')]
        : [at(`${modulePath}.py`), at(`${modulePath}/__init__.py`)];
    for (const candidate of candidates) {
      tried.push(candidate);
      if (files.has(candidate))
        return { kind: 'file', file: candidate, format: { kind: 'assignment', names }, via };
    }
  }
  return { unplaceable: `${via}: found no module file (looked for ${tried.slice(0, 4).join(', ')})` };
}
