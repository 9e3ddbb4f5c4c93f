import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import { parseToml, projectNameOf, type TomlTable } from '../toml/pyproject.js';
import { readPackageConfig, type RepositoryConfig } from '../config/repository-config.js';
import { resolvePackageSettings, type PackageSettings } from '../config/package-settings.js';
import { isValidProjectName, normalizeName } from '../versioning/tags.js';
import { parseVersion, type Version } from '../versioning/version.js';
import { locateVersionSource, type VersionSource } from '../version-sources/locate.js';
import { findVersionSpan } from '../version-sources/version-file.js';
import { internalRequirementsOf, type InternalRequirement } from '../dependencies/requirements.js';

/** One Python package of the monorepo. */
export interface Package {
  /** PEP 503-normalized name: the name in tags, commit messages and outputs. */
  readonly name: string;
  /** The name as written in pyproject.toml. */
  readonly declaredName: string;
  /** Folder relative to the repository root, POSIX separators, `.` for the root. */
  readonly path: string;
  readonly pyprojectPath: string;
  /** Null when the package keeps no changelog (`changelog = false`). */
  readonly changelogPath: string | null;
  /** The version its files declare; null when the build derives it from the tags. */
  readonly version: Version | null;
  readonly versionSource: VersionSource;
  /** `version-files`, relative to the repository root: their `__version__` follows the release. */
  readonly versionFiles: readonly string[];
  readonly settings: PackageSettings;
  /** Its requirements on other packages of the monorepo, as the base branch writes them. */
  readonly requirements: readonly InternalRequirement[];
}

/** A folder that looks like a package but is not released, and why: shown in every plan. */
export interface UnreleasedFolder {
  readonly path: string;
  /** The normalized project name when the folder declares one. */
  readonly name: string | null;
  readonly reason: string;
}

/** The packages of a tree, and the folders that look like packages but cannot be released. */
export interface Discovery {
  readonly packages: Package[];
  readonly unreleased: UnreleasedFolder[];
}

export interface DiscoveryOptions {
  /** Package folder globs (inputs, options, `packages`); empty: every folder with a project. */
  readonly globs?: readonly string[];
  /** Where the globs come from, for messages (default `packages`). */
  readonly globsFrom?: string;
  /**
   * Whether a glob without wildcards names its folder on purpose, so that a folder it names that cannot
   * be released is an error (default true: `packages`); false for uv's member list.
   */
  readonly globsNameFolders?: boolean;
  readonly exclude?: readonly string[];
  readonly config?: RepositoryConfig;
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

/** uv's lock files, wherever they are (a workspace's at its root, a single project's in its folder). */
export function isLockFile(file: string): boolean {
  return (file === 'uv.lock' || file.endsWith('/uv.lock')) && !isSkipped(folderOf(file));
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
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

const LEGACY_FILES = new Set(['setup.py', 'setup.cfg']);

/** A package folder found in phase one: its pyproject.toml read, its version not yet. */
interface Candidate {
  readonly folder: string;
  readonly file: string;
  readonly doc: TomlTable;
  /** Named by a glob without wildcards: a folder that cannot be released is then an error. */
  readonly explicit: boolean;
}

/**
 * Discovery in two phases, so a caller reads every file it needs in two batches however many
 * packages there are: `findPackages` reads the pyproject.toml files and says which version files
 * it needs (`versionFiles`); `finish` reads those.
 */
export interface PendingDiscovery {
  readonly versionFiles: readonly string[];
  finish(read: (file: string) => string | null): Discovery;
}

/**
 * Finds the packages among a repository's files (POSIX paths relative to its root): every folder with a
 * pyproject.toml that names a project, or, when globs are given, exactly the folders they match.
 * `read` returns a file's text; here it is only asked for pyproject.toml files. Folders with only
 * setup.py or setup.cfg, packages whose version cannot be placed, `skip = true` and two folders of
 * one name are listed as unreleased; they fail the discovery only when a glob names them exactly.
 */
export function findPackages(
  files: readonly string[],
  read: (file: string) => string,
  options: DiscoveryOptions = {},
): PendingDiscovery {
  const globs = options.globs ?? [];
  const excluded = (options.exclude ?? []).map((glob) => picomatch(trimGlob(glob), { dot: false }));
  const isExcluded = (folder: string) => excluded.some((matches) => matches(folder));
  const fileSet = new Set(files);
  const pyprojectFolders = new Set<string>();
  const legacyFolders = new Set<string>();
  for (const f of files) {
    const folder = folderOf(f);
    if (isExcluded(folder)) continue;
    if (baseName(f) === 'pyproject.toml') pyprojectFolders.add(folder);
    else if (LEGACY_FILES.has(baseName(f))) legacyFolders.add(folder);
  }
  const unreleased: UnreleasedFolder[] = [];
  const candidates: Candidate[] = [];
  const explicitFolders = new Set<string>();
  const consider = (folder: string, explicit: boolean) => {
    if (!pyprojectFolders.has(folder)) {
      const reason = `only ${[...LEGACY_FILES].filter((f) => fileSet.has(joinPath(folder, f))).join(' and ')}: pyrelease reads versions from pyproject.toml`;
      if (explicit) throw new UserError(`packages: ${folder} cannot be released: ${reason}`);
      unreleased.push({ path: folder, name: null, reason });
      return;
    }
    const file = joinPath(folder, 'pyproject.toml');
    const doc = parseToml(read(file), file);
    if (projectNameOf(doc) === null) {
      // A pyproject.toml that names no project (a workspace root with only tool settings) is not a
      // package, unless its metadata lives in setup.py or setup.cfg.
      if (legacyFolders.has(folder)) {
        const reason = 'its project metadata is in setup.py or setup.cfg, which pyrelease does not write';
        if (explicit) throw new UserError(`packages: ${folder} cannot be released: ${reason}`);
        unreleased.push({ path: folder, name: null, reason });
      } else if (explicit) {
        throw new UserError(
          `${file}: no project name: expected a string in [project].name or [tool.poetry].name`,
          { file },
        );
      }
      return;
    }
    candidates.push({ folder, file, doc, explicit });
  };
  if (globs.length > 0) {
    const folders = new Set([...pyprojectFolders, ...legacyFolders]);
    for (const glob of globs) {
      const trimmed = trimGlob(glob);
      const matches = picomatch(trimmed, { dot: false });
      const matched = [...folders].filter((folder) => matches(folder));
      if (matched.length === 0 && options.globsNameFolders === false) {
        // uv accepts a member glob that matches nothing; a member named exactly needs its pyproject.toml.
        if (!picomatch.scan(trimmed).isGlob && !isExcluded(trimmed)) {
          unreleased.push({
            path: trimmed,
            name: null,
            reason: `${options.globsFrom ?? 'packages'} names it, but it has no pyproject.toml`,
          });
        }
        continue;
      }
      if (matched.length === 0) {
        throw new UserError(
          `${options.globsFrom ?? 'packages'}: ${JSON.stringify(glob)} matches no folder with a pyproject.toml`,
        );
      }
      const explicit = options.globsNameFolders !== false && !picomatch.scan(trimmed).isGlob;
      for (const folder of matched) {
        if (explicit) explicitFolders.add(folder);
        const listed = unreleased.find((u) => u.path === folder);
        // Named exactly after a wildcard matched it: as much an error as if it came first.
        if (listed && explicit)
          throw new UserError(`packages: ${folder} cannot be released: ${listed.reason}`);
        if (candidates.some((c) => c.folder === folder) || listed) continue;
        consider(folder, explicit);
      }
    }
  } else {
    for (const folder of [...new Set([...pyprojectFolders, ...legacyFolders])].sort()) {
      if (!isSkipped(folder)) consider(folder, false);
    }
  }

  const located = candidates.map((c) => ({
    ...c,
    source: locateVersionSource(c.doc, c.file, c.folder, fileSet),
  }));
  const versionFiles = located.flatMap((c) =>
    'kind' in c.source && c.source.kind === 'file' ? [c.source.file] : [],
  );
  return {
    versionFiles,
    finish(readMore) {
      const packages: Package[] = [];
      for (const c of located) {
        const result = toPackage(c, c.source, readMore, options.config, fileSet);
        if ('reason' in result) {
          if (c.explicit || explicitFolders.has(c.folder)) {
            throw new UserError(`packages: ${c.folder} cannot be released: ${result.reason}`, {
              file: c.file,
            });
          }
          unreleased.push(result);
        } else {
          packages.push(result);
        }
      }
      const kept = withoutTwins(packages, unreleased, explicitFolders);
      // Requirements on siblings, once every package's name is known.
      const names = new Set(kept.map((p) => p.name));
      const docs = new Map(located.map((c) => [c.folder, c.doc]));
      const withRequirements = kept.map((p) => ({
        ...p,
        requirements: internalRequirementsOf(docs.get(p.path) as TomlTable, names, p.name),
      }));
      return { packages: withRequirements, unreleased: sortByPath(unreleased) };
    },
  };
}

/** findPackages and finish with one reader (tests, and callers that hold every file already). */
export function discoverPackages(
  files: readonly string[],
  read: (file: string) => string,
  options: DiscoveryOptions = {},
): Discovery {
  return findPackages(files, read, options).finish(read);
}

function sortByPath<T extends { path: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Two folders of one project name cannot both be released (their tags would be the same): both are
 * listed as unreleased, unless a glob named one of them exactly, which then wins.
 */
function withoutTwins(
  packages: Package[],
  unreleased: UnreleasedFolder[],
  explicit: ReadonlySet<string>,
): Package[] {
  const byName = new Map<string, Package[]>();
  for (const pkg of packages) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const kept: Package[] = [];
  for (const [name, group] of byName) {
    if (group.length === 1) {
      kept.push(group[0]);
      continue;
    }
    const named = group.filter((p) => explicit.has(p.path));
    if (named.length > 1) {
      throw new UserError(
        `two packages are named ${name}: ${named[0].pyprojectPath} and ${named[1].pyprojectPath}`,
      );
    }
    for (const pkg of group) {
      if (pkg === named[0]) {
        kept.push(pkg);
        continue;
      }
      const others = group.filter((p) => p !== pkg).map((p) => p.path);
      unreleased.push({
        path: pkg.path,
        name,
        reason: `${others.join(', ')} is also named ${name}: exclude the one that is not released`,
      });
    }
  }
  return sortByPath(kept);
}

function toPackage(
  c: Candidate,
  source: ReturnType<typeof locateVersionSource>,
  read: (file: string) => string | null,
  config: RepositoryConfig | undefined,
  files: ReadonlySet<string>,
): Package | UnreleasedFolder {
  const declaredName = projectNameOf(c.doc) as string;
  if (!isValidProjectName(declaredName)) {
    throw new UserError(
      `${c.file}: project name ${JSON.stringify(declaredName)} is not a valid Python distribution name`,
      { file: c.file },
    );
  }
  const name = normalizeName(declaredName);
  // The root pyproject.toml's [tool.pyrelease] is the repository's configuration, checked as such.
  // The root configuration is also the root package's own table (checked as the repository's).
  const own =
    c.folder === '.'
      ? { table: config?.table ?? null, file: config?.file ?? c.file }
      : { table: readPackageConfig(c.doc, c.file), file: c.file };
  const settings = resolvePackageSettings({ table: config?.table ?? null, file: config?.file ?? null }, own);
  if (settings.skip) return { path: c.folder, name, reason: `skip = true in ${c.file}` };
  if ('unplaceable' in source) return { path: c.folder, name, reason: source.unplaceable };
  let version: Version | null = null;
  if (source.kind === 'pyproject') {
    const raw = (
      source.table === 'project'
        ? (c.doc.project as TomlTable)
        : ((c.doc.tool as TomlTable).poetry as TomlTable)
    ).version as string;
    version = parseVersion(raw, `${c.file}: [${source.table}].version`);
  } else if (source.kind === 'file') {
    const text = read(source.file);
    if (text === null)
      return { path: c.folder, name, reason: `${source.via} names ${source.file}, which cannot be read` };
    const span = findVersionSpan(text, source.format);
    // A module that imports its version, or assigns it twice: a layout to list, not a mistake.
    if (typeof span === 'string') {
      return { path: c.folder, name, reason: `${source.via} names ${source.file}, but ${span}` };
    }
    version = span.version;
  }
  const versionFiles = settings.versionFiles.map((f) => joinPath(c.folder, f));
  for (const f of versionFiles) {
    if (!files.has(f)) {
      throw new UserError(`${c.file}: [tool.pyrelease].version-files names ${f}, which does not exist`, {
        file: c.file,
      });
    }
  }
  return {
    name,
    declaredName,
    path: c.folder,
    pyprojectPath: c.file,
    changelogPath: settings.changelog === null ? null : joinPath(c.folder, settings.changelog),
    version,
    versionSource: source,
    versionFiles,
    settings,
    requirements: [],
  };
}

/**
 * Maps a changed file to the package that owns it: the nearest package folder above it, so a package
 * nested in another (or the root package) does not count its neighbours' changes. A folder that is not
 * released and sits in no package but the root owns its files too (null), so a legacy package's changes
 * do not release the root; inside a package it is part of it (a template with a setup.py).
 */
export class PackageOwnership {
  private readonly byPath: Map<string, Package | null>;
  constructor(packages: readonly Package[], unreleased: readonly UnreleasedFolder[] = []) {
    const inPackage = (folder: string) =>
      packages.some((p) => p.path !== '.' && folder.startsWith(`${p.path}/`));
    this.byPath = new Map<string, Package | null>(
      unreleased.filter((u) => !inPackage(u.path)).map((u) => [u.path, null]),
    );
    for (const p of packages) this.byPath.set(p.path, p);
  }
  ownerOf(file: string): Package | null {
    let folder = folderOf(file);
    for (;;) {
      const owner = this.byPath.get(folder);
      if (owner !== undefined) return owner;
      if (folder === '.') return null;
      folder = folderOf(folder);
    }
  }
}
