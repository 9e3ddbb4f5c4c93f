import picomatch from 'picomatch';
import type { GroupConfig, GroupVersioning } from '../config/groups.js';
import { UserError } from '../errors.js';
import { normalizeName } from '../versioning/tags.js';
import { trimGlob, type Package, type UnreleasedFolder } from './package.js';

/** A version group with its members found: package names, in the order of the packages. */
export interface VersionGroup {
  readonly name: string;
  readonly versioning: GroupVersioning;
  readonly members: readonly string[];
}

/**
 * Each group's members among `packages`: a pattern is a package's name (in any spelling PEP 503
 * normalizes alike) or a glob of its folder. A pattern that finds no package is an error (a folder
 * that is not released is named with its reason); so is a package two groups claim. With a `packages`
 * selection (`selected`), patterns are matched within it and one that finds nothing there is not an error.
 */
export function resolveGroups(
  configs: readonly GroupConfig[],
  packages: readonly Package[],
  unreleased: readonly UnreleasedFolder[],
  file: string,
  selected = false,
): VersionGroup[] {
  const owner = new Map<string, string>();
  return configs.flatMap((group) => {
    const members = new Set<string>();
    for (const pattern of group.packages) {
      const found = packages.filter((p) => matchesPattern(pattern, p.name, p.path));
      if (found.length === 0 && !selected)
        throw new UserError(noMember(group, pattern, unreleased, file), { file });
      for (const pkg of found) {
        const other = owner.get(pkg.name);
        if (other !== undefined && other !== group.name)
          throw new UserError(
            `${file}: ${pkg.name} is in two version groups, ${JSON.stringify(other)} and ${JSON.stringify(group.name)}: a package is in one group at most`,
            { file },
          );
        owner.set(pkg.name, group.name);
        members.add(pkg.name);
      }
    }
    const ordered = packages.filter((p) => members.has(p.name)).map((p) => p.name);
    return ordered.length > 0 ? [{ name: group.name, versioning: group.versioning, members: ordered }] : [];
  });
}

function matchesPattern(pattern: string, name: string, path: string): boolean {
  if (normalizeName(pattern) === normalizeName(name) && !pattern.includes('/')) return true;
  return picomatch(trimGlob(pattern), { dot: false })(path);
}

function noMember(
  group: GroupConfig,
  pattern: string,
  unreleased: readonly UnreleasedFolder[],
  file: string,
): string {
  const folder = unreleased.find((u) => matchesPattern(pattern, u.name ?? '', u.path));
  const why = folder ? `: ${folder.path} is not released (${folder.reason})` : '';
  return `${file}: version group ${JSON.stringify(group.name)}: ${JSON.stringify(pattern)} names no package${why}`;
}
