// The layer order of docs/architecture.md, checked on every import (part of `npm run lint`):
// - a folder of packages/core/src imports only itself and the folders below it;
// - the action entries (actions/*/src) and the CLI (packages/cli/src) use the core's named surface,
//   packages/core/src/index.ts (or its light parts, lean.ts and guard.ts), and nothing behind it.
// Prints one line per import against the order and exits 1; `--root DIR` checks another checkout.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * From the bottom. `foundations` are the files at the top of packages/core/src (errors, logger, log
 * safety, setting names). A folder may import a folder of a lower rank; folders of one rank are peers
 * and do not import each other. `guard` (loop-guard) needs only the foundations.
 */
export const LAYERS = [
  ['foundations'],
  ['git'],
  ['versioning'],
  ['toml'],
  ['config'],
  ['version-sources', 'dependencies', 'changelog'],
  ['updaters'],
  ['workspace'],
  ['plan'],
  ['publish'],
  ['api-check'],
  ['release'],
  ['preview'],
];
/** Folders outside the order, with what they may import besides themselves. */
export const APART = { guard: ['foundations'] };

const CORE = 'packages/core/src';
/** The named surface: the files that may import from every layer, and the only ones entries import. */
const SURFACE = ['index.ts', 'lean.ts', 'guard.ts'];
const ENTRY_ROOTS = ['actions', 'packages/cli/src'];

function rankOf(folder) {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** The layer folder of a core file: its first folder under packages/core/src, or `foundations`. */
function folderOf(coreRelative) {
  const parts = coreRelative.split('/');
  return parts.length === 1 ? 'foundations' : parts[0];
}

function tsFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'test') found.push(...tsFiles(path));
    } else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** Relative specifiers of import and export statements (static and dynamic). */
function importsOf(text) {
  const specs = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)) specs.push(m[1]);
  return specs;
}

function allowed(from, to) {
  if (from === to) return true;
  if (from in APART) return APART[from].includes(to);
  const [a, b] = [rankOf(from), rankOf(to)];
  return a >= 0 && b >= 0 && b < a;
}

export function checkLayers(root) {
  const problems = [];
  const core = join(root, CORE);
  for (const file of tsFiles(core)) {
    const own = relative(core, file).split(sep).join('/');
    if (SURFACE.includes(own)) continue;
    const from = folderOf(own);
    if (rankOf(from) < 0 && !(from in APART)) {
      problems.push(
        `${CORE}/${own}: folder ${from} is not in the layer order (scripts/check-layers.mjs LAYERS)`,
      );
      continue;
    }
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = relative(core, resolve(dirname(file), spec))
        .split(sep)
        .join('/');
      if (target.startsWith('..')) continue;
      const to = folderOf(target);
      if (!allowed(from, to)) {
        problems.push(`${CORE}/${own} imports ${spec}: ${from} may not import ${to} (docs/architecture.md)`);
      }
    }
  }
  for (const entryRoot of ENTRY_ROOTS) {
    const dir = join(root, entryRoot);
    for (const file of tsFiles(dir)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = relative(root, resolve(dirname(file), spec))
          .split(sep)
          .join('/');
        const surface = SURFACE.map((f) => `${CORE}/${f.replace(/\.ts$/, '.js')}`);
        if (target.startsWith(`${CORE}/`) && !surface.includes(target)) {
          problems.push(
            `${relative(root, file).split(sep).join('/')} imports ${spec}: entries use the core's named surface, ${surface.join(' or ')}`,
          );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root =
    at > 0 ? resolve(process.argv[at + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkLayers(root);
  for (const p of problems) console.error(p);
  process.exit(problems.length > 0 ? 1 : 0);
}
