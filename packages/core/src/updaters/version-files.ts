import { setPyProjectVersion } from './pyproject-version.js';
import type { Version } from '../versioning/version.js';
import type { VersionSource } from '../version-sources/source.js';
import { setVersionInFile, VERSION_ASSIGNMENT_NAMES } from '../version-sources/version-file.js';

/** What a package says about the files that carry its version (a workspace Package is one). */
export interface VersionedFiles {
  readonly versionSource: VersionSource;
  /** `version-files`, relative to the repository root. */
  readonly versionFiles: readonly string[];
  /** Null when the package keeps no changelog. */
  readonly changelogPath: string | null;
}

/**
 * One file a release rewrites to the new version (release-please's "updater"): which file, and the
 * surgical edit that changes only its version string.
 */
export interface VersionUpdater {
  readonly file: string;
  update(text: string, version: Version): string;
}

/**
 * The files that carry a package's version: its pyproject.toml for a static version, the version file
 * a dynamic version points at, and its `version-files`. A version derived from tags has none of its own.
 */
export function versionUpdatersOf(pkg: VersionedFiles): VersionUpdater[] {
  const updaters: VersionUpdater[] = [];
  const source = pkg.versionSource;
  if (source.kind === 'pyproject') {
    updaters.push({ file: source.file, update: (text, v) => setPyProjectVersion(text, source.file, v) });
  } else if (source.kind === 'file') {
    updaters.push({
      file: source.file,
      update: (text, v) => setVersionInFile(text, source.file, source.format, v),
    });
  }
  for (const file of pkg.versionFiles) {
    if (updaters.some((u) => u.file === file)) continue;
    const format = { kind: 'assignment', names: VERSION_ASSIGNMENT_NAMES } as const;
    updaters.push({ file, update: (text, v) => setVersionInFile(text, file, format, v) });
  }
  return updaters;
}

/** The files a package's release commit changes: those that carry its version, and its changelog. */
export function releaseFilesOf(pkg: VersionedFiles): string[] {
  const files = versionUpdatersOf(pkg).map((u) => u.file);
  return pkg.changelogPath ? [...files, pkg.changelogPath] : files;
}
