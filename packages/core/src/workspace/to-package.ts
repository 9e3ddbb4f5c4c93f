import { UserError } from '../errors.js';
import { projectNameOf, type TomlTable } from '../toml/pyproject.js';
import { readPackageConfig, type RepositoryConfig } from '../config/repository-config.js';
import { resolvePackageSettings, type PackageSettings } from '../config/package-settings.js';
import { isValidProjectName, normalizeName } from '../versioning/tags.js';
import { parseVersion, type Version } from '../versioning/version.js';
import type { Unplaceable, VersionSource } from '../version-sources/source.js';
import { findVersionSpan } from '../version-sources/version-file.js';
import type { Candidate } from './candidates.js';
import { joinPath, type Package, type UnreleasedFolder } from './package.js';

/** A candidate with its version source located (or why none can be placed). */
export interface LocatedCandidate extends Candidate {
  readonly source: VersionSource | Unplaceable;
}

/**
 * Phase two for one candidate, once the version files it needs are read: the package (its requirements
 * not yet filled in), or why it is not released.
 */
export function toPackage(
  c: LocatedCandidate,
  read: (file: string) => string | null,
  config: RepositoryConfig | undefined,
  files: ReadonlySet<string>,
): Package | UnreleasedFolder {
  const { source } = c;
  const declaredName = projectNameOf(c.doc) as string;
  // A template's `$pkg` or `{{ name }}`: listed, never fatal, unless packages names the folder.
  if (!isValidProjectName(declaredName)) {
    return {
      path: c.folder,
      name: null,
      reason: `${c.file}: project name ${JSON.stringify(declaredName)} is not a valid Python distribution name`,
    };
  }
  const name = normalizeName(declaredName);
  const settings = settingsOf(c, config);
  if (settings.skip) return { path: c.folder, name, reason: `skip = true in ${c.file}` };
  if (isPrivate(c.doc)) {
    return {
      path: c.folder,
      name,
      reason: `${c.file} has the classifier ${PRIVATE_CLASSIFIER}: it is never uploaded`,
    };
  }
  if ('unplaceable' in source) return { path: c.folder, name, reason: source.unplaceable };
  const declared = declaredVersion(c, source, read);
  if ('reason' in declared) return { path: c.folder, name, reason: declared.reason };
  const versionFiles = versionFilesOf(c, settings, files);
  return {
    name,
    declaredName,
    path: c.folder,
    pyprojectPath: c.file,
    changelogPath: settings.changelog === null ? null : joinPath(c.folder, settings.changelog),
    version: declared.version,
    versionSource: source,
    versionFiles,
    settings,
    requirements: [],
  };
}

/** The trove classifier that marks a project never to be uploaded (PyPI refuses it). */
const PRIVATE_CLASSIFIER = 'Private :: Do Not Upload';

function isPrivate(doc: TomlTable): boolean {
  const project = doc.project as TomlTable | undefined;
  const poetry = (doc.tool as TomlTable | undefined)?.poetry as TomlTable | undefined;
  return [project?.classifiers, poetry?.classifiers].some(
    (list) =>
      Array.isArray(list) &&
      list.some(
        (c) => typeof c === 'string' && c.trim().toLowerCase().startsWith(PRIVATE_CLASSIFIER.toLowerCase()),
      ),
  );
}

function settingsOf(c: Candidate, config: RepositoryConfig | undefined): PackageSettings {
  // The root pyproject.toml's [tool.pyrelease] is the repository's configuration, checked as such.
  // The root configuration is also the root package's own table (checked as the repository's).
  const own =
    c.folder === '.'
      ? { table: config?.table ?? null, file: config?.file ?? c.file }
      : { table: readPackageConfig(c.doc, c.file), file: c.file };
  return resolvePackageSettings({ table: config?.table ?? null, file: config?.file ?? null }, own);
}

/** The version the package's files declare (null when the build derives it from the tags), or why not. */
function declaredVersion(
  c: Candidate,
  source: VersionSource,
  read: (file: string) => string | null,
): { readonly version: Version | null } | { readonly reason: string } {
  if (source.kind === 'pyproject') {
    const raw = (
      source.table === 'project'
        ? (c.doc.project as TomlTable)
        : ((c.doc.tool as TomlTable).poetry as TomlTable)
    ).version as string;
    return { version: parseVersion(raw, `${c.file}: [${source.table}].version`) };
  }
  if (source.kind !== 'file') return { version: null };
  const text = read(source.file);
  if (text === null) return { reason: `${source.via} names ${source.file}, which cannot be read` };
  const span = findVersionSpan(text, source.format);
  // A module that imports its version, or assigns it twice: a layout to list, not a mistake.
  if (typeof span === 'string') return { reason: `${source.via} names ${source.file}, but ${span}` };
  return { version: span.version };
}

/** Its `version-files`, relative to the repository root: each must exist. */
function versionFilesOf(c: Candidate, settings: PackageSettings, files: ReadonlySet<string>): string[] {
  const versionFiles = settings.versionFiles.map((f) => joinPath(c.folder, f));
  for (const f of versionFiles) {
    if (!files.has(f)) {
      throw new UserError(`${c.file}: [tool.pyrelease].version-files names ${f}, which does not exist`, {
        file: c.file,
      });
    }
  }
  return versionFiles;
}
