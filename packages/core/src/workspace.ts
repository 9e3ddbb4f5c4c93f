import picomatch from 'picomatch';
import { UserError } from './errors.js';
import { parseToml, projectNameOf, pyProjectFromDocument, type TomlTable } from './pyproject.js';
import { validatePackageConfig } from './config/repository-config.js';
import { normalizeName } from './tags.js';
import type { Version } from './version.js';

/** One Python package of the monorepo. */
export interface Package {
  /** PEP 503-normalized name: the name in tags, commit messages and outputs. */
  readonly name: string;
  /** The name as written in pyproject.toml. */
  readonly declaredName: string;
  /** Folder relative to the repository root, POSIX separators, `.` for the root. */
  readonly path: string;
  readonly pyprojectPath: string;
  readonly changelogPath: string;
  readonly version: Version;
  readonly versionTable: 'project' | 'tool.poetry';
}

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.venv',
  'venv',
  'build',
  'dist',
  '.git',
  '__pycache__',
  'site-packages',
]);

export function joinPath(folder: string, file: string): string {
  return folder === '.' ? file : `${folder}/${file}`;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** A folder glob as written (with ./ in front or / at the end) in the form folders are matched in. */
function trimGlob(glob: string): string {
  return (
    glob
      .trim()
      .replace(/^\.\/+/, '')
      .replace(/\/+$/, '') || '.'
  );
}

function isSkipped(folder: string): boolean {
  return (
    folder !== '.' && folder.split('/').some((part) => SKIPPED_FOLDERS.has(part) || part.startsWith('.'))
  );
}

/**
 * Finds the packages among a repository's files (POSIX paths relative to its root): every folder with a
 * pyproject.toml that names a project, or, when `globs` are given, exactly the folders they match.
 * `read` returns a file's text; it is only asked for pyproject.toml files.
 */
export function discoverPackages(
  files: readonly string[],
  read: (file: string) => string,
  globs: readonly string[] = [],
  exclude: readonly string[] = [],
): Package[] {
  const excluded = exclude.map((glob) => picomatch(trimGlob(glob), { dot: false }));
  const pyprojects = files.filter(
    (f) =>
      (f === 'pyproject.toml' || f.endsWith('/pyproject.toml')) &&
      !excluded.some((matches) => matches(folderOf(f))),
  );
  const packages: Package[] = [];
  if (globs.length > 0) {
    const folders = new Set(pyprojects.map(folderOf));
    for (const glob of globs) {
      const matches = picomatch(trimGlob(glob), { dot: false });
      const matched = [...folders].filter((folder) => matches(folder));
      if (matched.length === 0) {
        throw new UserError(`packages: ${JSON.stringify(glob)} matches no folder with a pyproject.toml`);
      }
      for (const folder of matched) {
        if (packages.some((p) => p.path === folder)) continue;
        const file = joinPath(folder, 'pyproject.toml');
        packages.push(toPackage(folder, file, parseToml(read(file), file)));
      }
    }
  } else {
    for (const file of pyprojects) {
      const folder = folderOf(file);
      if (isSkipped(folder)) continue;
      const doc = parseToml(read(file), file);
      // A pyproject.toml that names no project (a workspace root with only tool settings) is not a package.
      if (projectNameOf(doc) === null) continue;
      packages.push(toPackage(folder, file, doc));
    }
  }
  packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byName = new Map<string, Package>();
  for (const pkg of packages) {
    const twin = byName.get(pkg.name);
    if (twin) {
      throw new UserError(
        `two packages are named ${pkg.name}: ${twin.pyprojectPath} and ${pkg.pyprojectPath}`,
      );
    }
    byName.set(pkg.name, pkg);
  }
  return packages;
}

function toPackage(folder: string, file: string, doc: TomlTable): Package {
  // The root pyproject.toml's [tool.pyrelease] is the repository's configuration, checked as such.
  if (folder !== '.') validatePackageConfig(doc, file);
  const info = pyProjectFromDocument(doc, file);
  return {
    name: normalizeName(info.name),
    declaredName: info.name,
    path: folder,
    pyprojectPath: file,
    changelogPath: joinPath(folder, 'CHANGELOG.md'),
    version: info.version,
    versionTable: info.versionTable,
  };
}

/**
 * Maps a changed file to the package that owns it: the nearest package folder above it, so a package
 * nested in another (or the root package) does not count its neighbours' changes.
 */
export class PackageOwnership {
  private readonly byPath: Map<string, Package>;
  constructor(packages: readonly Package[]) {
    this.byPath = new Map(packages.map((p) => [p.path, p]));
  }
  ownerOf(file: string): Package | null {
    let folder = folderOf(file);
    for (;;) {
      const owner = this.byPath.get(folder);
      if (owner) return owner;
      if (folder === '.') return null;
      folder = folderOf(folder);
    }
  }
}
