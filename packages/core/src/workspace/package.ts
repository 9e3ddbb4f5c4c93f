import type { RepositoryConfig } from '../config/repository-config.js';
import type { PackageSettings } from '../config/package-settings.js';
import type { Version } from '../versioning/version.js';
import type { VersionSource } from '../version-sources/source.js';
import type { InternalRequirement } from '../dependencies/requirements.js';

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
  /** Left out by default as tests, examples or docs (sampleFolderOf), not for a fault of its own. */
  readonly sample?: true;
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

/** The folder of a file (POSIX, relative to the root), `.` for the root. */
export function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** uv's lock files, wherever they are (a workspace's at its root, a single project's in its folder). */
export function isLockFile(file: string): boolean {
  return (file === 'uv.lock' || file.endsWith('/uv.lock')) && !isSkipped(folderOf(file));
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** A folder glob as written (with ./ in front or / at the end) in the form folders are matched in. */
export function trimGlob(glob: string): string {
  return (
    glob
      .trim()
      .replace(/^\.\/+/, '')
      .replace(/\/+$/, '') || '.'
  );
}

/** Folders no package lives in: tools' and builds' folders, and hidden ones. */
export function isSkipped(folder: string): boolean {
  return (
    folder !== '.' && folder.split('/').some((part) => SKIPPED_FOLDERS.has(part) || part.startsWith('.'))
  );
}

/**
 * Folders whose projects are fixtures, examples and documentation (a dummy project under `tests/`, a CLI's
 * `examples/`): never released unless a `packages` glob names that folder by its name.
 */
const SAMPLE_FOLDERS = new Set(['tests', 'test', 'examples', 'example', 'docs', 'fixtures']);

/** The part of `folder` that makes it a sample (`tests`, `examples`, …), or null. */
export function sampleFolderOf(folder: string): string | null {
  if (folder === '.') return null;
  return folder.split('/').find((part) => SAMPLE_FOLDERS.has(part.toLowerCase())) ?? null;
}

export function sortByPath<T extends { path: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
