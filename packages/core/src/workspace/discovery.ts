import { UserError } from '../errors.js';
import type { TomlTable } from '../toml/pyproject.js';
import type { RepositoryConfig } from '../config/repository-config.js';
import { locateVersionSource } from '../version-sources/locate.js';
import { internalRequirementsOf } from '../dependencies/requirements.js';
import { findCandidates, type Candidates } from './candidates.js';
import {
  sortByPath,
  type Discovery,
  type DiscoveryOptions,
  type Package,
  type UnreleasedFolder,
} from './package.js';
import { toPackage, type LocatedCandidate } from './to-package.js';

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
  const fileSet = new Set(files);
  const found = findCandidates(fileSet, read, options);
  const located = found.candidates.map((c) => ({
    ...c,
    source: locateVersionSource(c.doc, c.file, c.folder, fileSet),
  }));
  return {
    versionFiles: versionFilesNeeded(located),
    finish: (readMore) => finish(located, found, readMore, options.config, fileSet),
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

/** The version files the packages' versions live in: the second batch of reads. */
function versionFilesNeeded(located: readonly LocatedCandidate[]): string[] {
  return located.flatMap((c) => ('kind' in c.source && c.source.kind === 'file' ? [c.source.file] : []));
}

/** Phase two: the packages, the folders that cannot be released and why, and the requirements on siblings. */
function finish(
  located: readonly LocatedCandidate[],
  found: Candidates,
  read: (file: string) => string | null,
  config: RepositoryConfig | undefined,
  files: ReadonlySet<string>,
): Discovery {
  const packages = releasable(located, found, read, config, files);
  const kept = withoutTwins(packages, found.unreleased, found.explicitFolders);
  return { packages: withRequirements(kept, located), unreleased: sortByPath(found.unreleased) };
}

/** The candidates that can be released; the others are listed as unreleased (an error when named exactly). */
function releasable(
  located: readonly LocatedCandidate[],
  found: Candidates,
  read: (file: string) => string | null,
  config: RepositoryConfig | undefined,
  files: ReadonlySet<string>,
): Package[] {
  const packages: Package[] = [];
  for (const c of located) {
    const result = toPackage(c, read, config, files);
    if ('reason' in result) {
      if (c.explicit || found.explicitFolders.has(c.folder)) {
        throw new UserError(`packages: ${c.folder} cannot be released: ${result.reason}`, {
          file: c.file,
        });
      }
      found.unreleased.push(result);
    } else {
      packages.push(result);
    }
  }
  return packages;
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

/** Requirements on siblings, once every package's name is known. */
function withRequirements(kept: readonly Package[], located: readonly LocatedCandidate[]): Package[] {
  const names = new Set(kept.map((p) => p.name));
  const docs = new Map(located.map((c) => [c.folder, c.doc]));
  return kept.map((p) => ({
    ...p,
    requirements: internalRequirementsOf(docs.get(p.path) as TomlTable, names, p.name),
  }));
}
