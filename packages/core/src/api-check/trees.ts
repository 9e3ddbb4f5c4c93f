import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RepositoryReader } from '../git/repository.js';

/**
 * The Python files of a module at a commit, written out for griffe: read through the plan's cat-file,
 * folder by folder (one round each level, whatever the number of packages), then every file at once.
 * Nothing is checked out and nothing of the package runs.
 */

/** One module to write: `<root>/<module as a path>` (a folder or a `.py`/`.pyi` file) at `commit`, into `into`. */
export interface ModuleAt {
  readonly commit: string;
  /** Its folder in the repository (`libs/foo/src`), `.` for the root. */
  readonly root: string;
  /** Dotted (`acme.plugin`): written under `into/acme/plugin`. */
  readonly module: string;
  readonly into: string;
}

const TREE_MODE = '40000';
/** A file or folder name that stays where it is written: no separator, no line break, no NUL. */
const SAFE_NAME = /^[^/\\\0\r\n]+$/;
const PYTHON_FILE = /\.pyi?$/;
/** Folders that are never part of a module's API, however deep. */
const SKIPPED = new Set(['__pycache__', 'tests', 'test', '.git', 'node_modules']);

/** Writes every module's Python files; returns those that exist at their commit (by index in `modules`). */
export async function writeModules(
  reader: RepositoryReader,
  modules: readonly ModuleAt[],
): Promise<Set<number>> {
  const found = new Set<number>();
  /** `<commit>:<path>` of each blob to write, with where it goes. */
  const files = new Map<string, { index: number; target: string }[]>();
  const addFile = (spec: string, index: number, target: string) =>
    files.set(spec, [...(files.get(spec) ?? []), { index, target }]);
  const base = (m: ModuleAt) => `${m.root === '.' ? '' : `${m.root}/`}${m.module.replace(/\./g, '/')}`;
  // The module as a single file, beside the module as a folder.
  modules.forEach((m, index) => {
    for (const ext of ['.py', '.pyi'])
      addFile(`${m.commit}:${base(m)}${ext}`, index, join(m.into, `${m.module.replace(/\./g, '/')}${ext}`));
  });
  let level = modules.map((m, index) => ({
    index,
    commit: m.commit,
    path: base(m),
    target: join(m.into, ...m.module.split('.')),
  }));
  while (level.length > 0) {
    const trees = await reader.readTrees([...new Set(level.map((l) => `${l.commit}:${l.path}`))]);
    const next: typeof level = [];
    for (const folder of level) {
      const tree = trees.get(`${folder.commit}:${folder.path}`);
      if (!tree) continue;
      for (const entry of treeEntries(tree, folder.commit.length / 2)) {
        // git itself never writes these names, but a tree made by hand can hold them: never a path out.
        if (!SAFE_NAME.test(entry.name) || entry.name === '.' || entry.name === '..') continue;
        const path = `${folder.path}/${entry.name}`;
        const target = join(folder.target, entry.name);
        if (entry.mode === TREE_MODE && !SKIPPED.has(entry.name)) next.push({ ...folder, path, target });
        else if (/^100(644|755)$/.test(entry.mode) && PYTHON_FILE.test(entry.name))
          addFile(`${folder.commit}:${path}`, folder.index, target);
      }
    }
    level = next;
  }
  const blobs = await reader.readFiles([...files.keys()]);
  const folders = new Set<string>();
  for (const [spec, targets] of files) {
    const bytes = blobs.get(spec);
    if (!bytes) continue;
    for (const { index, target } of targets) {
      // Each folder made once: a module of many files costs one mkdir, not one per file.
      if (!folders.has(dirname(target))) mkdirSync(dirname(target), { recursive: true });
      folders.add(dirname(target));
      writeFileSync(target, bytes);
      found.add(index);
    }
  }
  return found;
}

/**
 * A raw git tree object's entries: `<mode> <name>\0<object id>` each, the id `idBytes` long (20 for
 * SHA-1 repositories, 32 for SHA-256 ones: the length of the commit's own id tells which).
 */
export function treeEntries(tree: Buffer, idBytes: number): { mode: string; name: string }[] {
  const entries: { mode: string; name: string }[] = [];
  let at = 0;
  while (at < tree.length) {
    const space = tree.indexOf(0x20, at);
    const nul = tree.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    entries.push({ mode: tree.toString('latin1', at, space), name: tree.toString('utf8', space + 1, nul) });
    at = nul + 1 + idBytes;
  }
  return entries;
}
