import type { TomlTable } from '../toml/pyproject.js';

/**
 * Which modules are a package's public API (issue: the API check), found from the build configuration
 * pyrelease reads already, or set with `api-modules`. Pure: the pyproject.toml table and the tree's
 * file list in, the modules out.
 */

/** A top-level module of the API: its dotted name, and the folder (relative to the package) it is found in. */
export interface ApiModule {
  readonly name: string;
  /** `src`, `.`, or another folder a build configuration names: griffe's search path. */
  readonly root: string;
}

export type ApiModules =
  | { readonly modules: readonly ApiModule[]; readonly from: string }
  /** Python code, but no way to tell which of it is the API: said in the plan. */
  | { readonly unmapped: string }
  /** No Python module at all (a data or namespace-only package): nothing to compare. */
  | { readonly none: string };

/** Folders that are never a package's API, though they hold Python files. */
const NOT_API = new Set([
  'tests',
  'test',
  'testing',
  'docs',
  'doc',
  'examples',
  'example',
  'scripts',
  'benchmarks',
]);
/** Top-level files that are never a module of the API. */
const NOT_API_FILES = new Set(['setup.py', 'conftest.py', 'noxfile.py', 'tasks.py', 'fabfile.py']);

/**
 * The API modules of the package in `folder`: `api-modules`, else the first build configuration that
 * names them (hatch's wheel `packages`, setuptools' `packages`/`py-modules` with `package-dir`, flit's
 * module, Poetry's `packages`), else the module named after the project in `src/` or the folder.
 * `files`: every file of the tree, relative to the repository root.
 */
export function apiModulesOf(
  doc: TomlTable,
  folder: string,
  projectName: string,
  configured: readonly string[] | null,
  files: ReadonlySet<string>,
): ApiModules {
  const own = ownFiles(folder, files);
  const importName = projectName.replace(/[-.]+/g, '_').toLowerCase();
  // Tests and scripts beside a module are no API of their own, but a module may have any name.
  const named = new Set([importName, ...(configured ?? []).map((m) => m.split('.', 1)[0])]);
  const python = own.filter((f) => {
    const first = f.split('/', 1)[0];
    return /\.pyi?$/.test(f) && (named.has(first) || !NOT_API.has(first)) && !NOT_API_FILES.has(f);
  });
  if (python.length === 0) return { none: 'it has no Python module' };
  const exists = (root: string, name: string) => moduleExists(own, root, name);
  if (configured) {
    const modules = configured.map((name) => ({
      name,
      root: ['src', '.'].find((root) => exists(root, name)) ?? null,
    }));
    const missing = modules.find((m) => m.root === null);
    if (missing) {
      return {
        unmapped: `api-modules names ${missing.name}, which is neither in src/ nor in the package folder`,
      };
    }
    return { modules: modules as ApiModule[], from: 'api-modules' };
  }
  const built = fromBuildConfiguration(doc, own);
  if (built) return built;
  for (const root of ['src', '.']) {
    if (exists(root, importName)) {
      return {
        modules: [{ name: importName, root }],
        from: root === 'src' ? 'the src layout' : 'the flat layout',
      };
    }
  }
  return {
    unmapped: `no module ${importName} in src/ or the package folder, and no build configuration names its modules: set api-modules`,
  };
}

/** The package's files, relative to its folder. */
function ownFiles(folder: string, files: ReadonlySet<string>): string[] {
  const prefix = folder === '.' ? '' : `${folder}/`;
  const own: string[] = [];
  for (const f of files) {
    if (!f.startsWith(prefix)) continue;
    own.push(f.slice(prefix.length));
  }
  return own;
}

/** A package (`name/__init__.py`, or a namespace folder of .py files) or a module file under `root`. */
function moduleExists(own: readonly string[], root: string, name: string): boolean {
  const base = root === '.' ? '' : `${root}/`;
  const path = `${base}${name.replace(/\./g, '/')}`;
  return own.some(
    (f) => f === `${path}.py` || f === `${path}.pyi` || (f.startsWith(`${path}/`) && /\.pyi?$/.test(f)),
  );
}

function table(value: unknown): TomlTable | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as TomlTable)
    : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** A folder path as a module: its last part the name, the rest its root (`src/acme` -> acme in src). */
function moduleAt(path: string): ApiModule {
  const clean = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const slash = clean.lastIndexOf('/');
  const file = clean.slice(slash + 1).replace(/\.pyi?$/, '');
  return { name: file, root: slash < 0 ? '.' : clean.slice(0, slash) };
}

/** The modules a build configuration names, in the order the backends are tried. */
function fromBuildConfiguration(doc: TomlTable, own: readonly string[]): ApiModules | null {
  const tool = table(doc.tool);
  const hatch = strings(table(table(table(table(tool?.hatch)?.build)?.targets)?.wheel)?.packages);
  if (hatch?.length) return { modules: hatch.map(moduleAt), from: 'hatch packages' };
  const setuptools = fromSetuptools(table(tool?.setuptools), own);
  if (setuptools) return setuptools;
  const flit = table(table(tool?.flit)?.module)?.name;
  if (typeof flit === 'string') {
    const root = moduleExists(own, 'src', flit) ? 'src' : '.';
    return { modules: [{ name: flit, root }], from: 'flit module' };
  }
  const poetry = table(tool?.poetry)?.packages;
  if (Array.isArray(poetry)) {
    const modules = poetry.flatMap((entry) => {
      const e = table(entry);
      if (typeof e?.include !== 'string' || /[*?[]/.test(e.include)) return [];
      const from = typeof e.from === 'string' ? e.from.replace(/\/+$/, '') : '.';
      const at = moduleAt(e.include);
      return [{ name: at.name, root: at.root === '.' ? from : `${from}/${at.root}`.replace(/^\.\//, '') }];
    });
    if (modules.length > 0) return { modules, from: 'Poetry packages' };
  }
  return null;
}

/** setuptools' `packages` (a list; their top-level names) and `py-modules`, under `package-dir`'s root. */
function fromSetuptools(setuptools: TomlTable | undefined, own: readonly string[]): ApiModules | null {
  if (!setuptools) return null;
  const packageDir = table(setuptools['package-dir']);
  const root =
    typeof packageDir?.[''] === 'string' ? (packageDir[''] as string).replace(/\/+$/, '') || '.' : null;
  const listed = [
    ...(strings(setuptools.packages) ?? []).filter((p) => !p.includes('.')),
    ...(strings(setuptools['py-modules']) ?? []),
  ];
  if (listed.length > 0) {
    const at = (name: string) => root ?? (moduleExists(own, 'src', name) ? 'src' : '.');
    return { modules: listed.map((name) => ({ name, root: at(name) })), from: 'setuptools packages' };
  }
  const find = table(table(setuptools.packages)?.find);
  const where = strings(find?.where)?.[0];
  if (where === undefined) return null;
  const base = where.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
  const prefix = base === '.' ? '' : `${base}/`;
  const names = new Set(
    own
      .filter((f) => f.startsWith(prefix) && f.slice(prefix.length).split('/').length === 2)
      .filter((f) => f.endsWith('/__init__.py'))
      .map((f) => f.slice(prefix.length).split('/', 1)[0])
      .filter((name) => !NOT_API.has(name)),
  );
  if (names.size === 0) return null;
  return {
    modules: [...names].sort().map((name) => ({ name, root: base })),
    from: 'setuptools packages.find',
  };
}
