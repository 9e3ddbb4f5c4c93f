import { tableIn as table } from '../toml/pyproject.js';
import { findModuleFile } from './module-file.js';
import type { DynamicVersionQuery, Unplaceable, VersionSource } from './source.js';

/** flit's version: the `__version__` of the module it builds. Null when the backend is not flit. */
export function flitVersionSource(query: DynamicVersionQuery): VersionSource | Unplaceable | null {
  const { doc, backend, folder, files } = query;
  if (!backend.startsWith('flit')) return null;
  const module = table(doc, 'tool', 'flit', 'module')?.name;
  // flit's import name: the module's, else the project's with - as _; dots are sub-packages.
  const name = (
    typeof module === 'string' ? module : String(table(doc, 'project')?.name ?? '').replace(/-/g, '_')
  ).replace(/\./g, '/');
  return findModuleFile(name, folder, files, ['src', '.'], "flit (the module's __version__)", [
    '__version__',
  ]);
}
