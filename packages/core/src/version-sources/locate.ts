import { posix } from 'node:path';
import { tableIn as table, type TomlTable } from '../toml/pyproject.js';
import { VERSION_ASSIGNMENT_NAMES, type VersionFileFormat } from './version-file.js';

/**
 * Where a package's version lives (DESIGN.md, "Where a package's version lives"), in this order:
 * a static string in pyproject.toml, a version file a dynamic version points at, or the tags
 * themselves when the build backend derives the version from git.
 */
export type VersionSource =
  | { readonly kind: 'pyproject'; readonly file: string; readonly table: 'project' | 'tool.poetry' }
  | {
      readonly kind: 'file';
      /** Relative to the repository root. */
      readonly file: string;
      readonly format: VersionFileFormat;
      /** The setting that points at the file, for messages: `[tool.hatch.version] path`. */
      readonly via: string;
    }
  | {
      readonly kind: 'vcs';
      /** hatch-vcs, setuptools-scm, pdm scm, poetry-dynamic-versioning, uv-dynamic-versioning. */
      readonly backend: string;
      /** The setting that chooses which tags the backend reads: named when it built another version. */
      readonly tagSetting: string;
    };

/** A package whose version pyrelease cannot place: why, in words for the plan. */
export interface Unplaceable {
  readonly unplaceable: string;
}

const normalized = (requirement: string) =>
  requirement
    .trim()
    .split(/[\s<>=!~;[(@]/, 1)[0]
    .replace(/[-_.]+/g, '-')
    .toLowerCase();

/** A path the pyproject.toml gives, relative to the repository root in git's spelling (no `./`, `..` resolved). */
function joinPath(folder: string, file: string): string {
  const joined = posix.normalize(folder === '.' ? file : `${folder}/${file}`);
  return joined === '.' ? '' : joined.replace(/^\.\//, '').replace(/\/$/, '');
}

/** hatch's default regex source: `__version__`/`VERSION`, any case, the first one. */
const HATCH_PATTERN: VersionFileFormat = { kind: 'assignment', names: VERSION_ASSIGNMENT_NAMES, hatch: true };

/**
 * The version source of a package folder's pyproject.toml (`doc`, already parsed), or why none can be
 * placed. `files` holds the repository's files (POSIX, relative to the root) to find modules in.
 */
export function locateVersionSource(
  doc: TomlTable,
  pyprojectFile: string,
  folder: string,
  files: ReadonlySet<string>,
): VersionSource | Unplaceable {
  const project = table(doc, 'project');
  const poetry = table(doc, 'tool', 'poetry');
  if (typeof project?.version === 'string')
    return { kind: 'pyproject', file: pyprojectFile, table: 'project' };
  const dynamic = Array.isArray(project?.dynamic) && project.dynamic.includes('version');
  const system = table(doc, 'build-system');
  const backend = typeof system?.['build-backend'] === 'string' ? system['build-backend'] : '';
  const requires = new Set(
    (Array.isArray(system?.requires) ? system.requires : [])
      .filter((r): r is string => typeof r === 'string')
      .map(normalized),
  );
  // poetry-dynamic-versioning leaves a placeholder in [tool.poetry].version: the tag is the version.
  const pdv = table(doc, 'tool', 'poetry-dynamic-versioning');
  if (pdv && pdv.enable === true) {
    return {
      kind: 'vcs',
      backend: 'poetry-dynamic-versioning',
      tagSetting: '[tool.poetry-dynamic-versioning] pattern',
    };
  }
  if (typeof poetry?.version === 'string' && (!project || dynamic)) {
    return { kind: 'pyproject', file: pyprojectFile, table: 'tool.poetry' };
  }
  if (project && !dynamic) {
    return { unplaceable: `${pyprojectFile}: [project] has no version and does not declare it dynamic` };
  }
  if (!project) return { unplaceable: `${pyprojectFile}: [tool.poetry] has no version` };

  const inFolder = (path: string) => joinPath(folder, path);
  const existing = (path: string, via: string, format: VersionFileFormat): VersionSource | Unplaceable =>
    files.has(inFolder(path))
      ? { kind: 'file', file: inFolder(path), format, via }
      : { unplaceable: `${via} names ${path}, which does not exist in ${folder}` };

  const hatch = table(doc, 'tool', 'hatch', 'version');
  if (backend.startsWith('hatchling') || hatch) {
    if (!hatch) return { unplaceable: 'hatchling needs [tool.hatch.version] for a dynamic version' };
    const source = typeof hatch.source === 'string' ? hatch.source : 'regex';
    if (source === 'vcs') {
      return {
        kind: 'vcs',
        backend: 'hatch-vcs',
        tagSetting: '[tool.hatch.version] tag-pattern (or raw-options)',
      };
    }
    if (source === 'uv-dynamic-versioning') {
      return {
        kind: 'vcs',
        backend: 'uv-dynamic-versioning',
        tagSetting: '[tool.uv-dynamic-versioning] pattern',
      };
    }
    if (source !== 'regex')
      return {
        unplaceable: `[tool.hatch.version] source = "${source}" is not a version pyrelease can write`,
      };
    if (typeof hatch.path !== 'string') return { unplaceable: '[tool.hatch.version] has no path' };
    if (hatch.pattern !== undefined) {
      return {
        unplaceable:
          '[tool.hatch.version] pattern is custom; pyrelease writes only the default __version__ = "…" form',
      };
    }
    return existing(hatch.path, '[tool.hatch.version] path', HATCH_PATTERN);
  }

  const pdm = table(doc, 'tool', 'pdm', 'version');
  if (backend.startsWith('pdm') || pdm) {
    const source = typeof pdm?.source === 'string' ? pdm.source : null;
    if (source === 'scm')
      return { kind: 'vcs', backend: 'pdm scm', tagSetting: '[tool.pdm.version] tag_regex (or tag_filter)' };
    if (source === 'file' && typeof pdm?.path === 'string') {
      return existing(pdm.path, '[tool.pdm.version] path', { kind: 'assignment', names: ['__version__'] });
    }
    return {
      unplaceable: `[tool.pdm.version] source = ${JSON.stringify(source)} is not a version pyrelease can write`,
    };
  }

  const setuptoolsVersion = table(doc, 'tool', 'setuptools', 'dynamic')?.version;
  if (setuptoolsVersion !== undefined) {
    const spec = table(setuptoolsVersion);
    if (typeof spec?.attr === 'string') return setuptoolsAttr(doc, spec.attr, folder, files);
    const file = Array.isArray(spec?.file) && spec.file.length === 1 ? spec.file[0] : spec?.file;
    if (typeof file === 'string')
      return existing(file, '[tool.setuptools.dynamic] version file', { kind: 'text' });
    return {
      unplaceable:
        '[tool.setuptools.dynamic] version must be {attr = "…"} or one {file = "…"} for pyrelease to write it',
    };
  }
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
  if (backend.startsWith('flit')) {
    const module = table(doc, 'tool', 'flit', 'module')?.name;
    // flit's import name: the module's, else the project's with - as _; dots are sub-packages.
    const name = (
      typeof module === 'string' ? module : String(project.name ?? '').replace(/-/g, '_')
    ).replace(/\./g, '/');
    return moduleFile(name, folder, files, ['src', '.'], "flit (the module's __version__)", ['__version__']);
  }
  if (backend.startsWith('maturin'))
    return { unplaceable: 'maturin takes the version from Cargo.toml, which pyrelease does not write' };
  if (backend.startsWith('setuptools')) {
    return {
      unplaceable:
        'setuptools reads the dynamic version from setup.py or setup.cfg, which pyrelease does not write',
    };
  }
  return {
    unplaceable: `the dynamic version of build backend ${JSON.stringify(backend || 'none')} is not one pyrelease can place`,
  };
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
    return moduleFile(
      rest,
      joinPath(folder, mapped),
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
  return moduleFile(parts.join('/'), folder, files, roots, '[tool.setuptools.dynamic] version attr', [name]);
}

function moduleFile(
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
    const base = joinPath(folder, root === '.' ? '' : root).replace(/\/$/, '');
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
