import { UserError } from '../errors.js';
import type { HistoryBounds, TagRecord } from '../git/records.js';
import { lineOf, parseLine } from '../versioning/release-line.js';
import { DEFAULT_TAG_FORMAT, formatNamesPackage, PackageTagPattern, TagMatcher } from '../versioning/tags.js';
import { compareReleaseNumbers, compareVersions, isFinal } from '../versioning/version.js';
import type { Package } from '../workspace/package.js';
import type { PlanInput, ReleaseMode, TaggedVersion } from './types.js';

/**
 * Which tags are whose: each package's tag patterns, the tags they match (in the maintenance line, if
 * any), and the tags each package's plan counts from, which also bound the history read.
 */

/**
 * The tag patterns of each package: the format it writes, then those its older tags used. A root
 * package cannot fill `{dir}` or `{path}`: such formats are left out (the plan says why).
 */
export function tagPatternsOf(pkg: Package, override?: string): PackageTagPattern[] {
  const formats = [
    override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT,
    ...pkg.settings.previousTagFormats,
  ];
  return formats.map((f) => new PackageTagPattern(f, pkg)).filter((p) => p.usable);
}

export function writtenFormatOf(pkg: Package, override?: string): string {
  return override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT;
}

/** The tags of each package (in the maintenance line, if any), and those no package claims. */
export interface AssignedTags {
  readonly tagsByPackage: ReadonlyMap<string, TaggedVersion[]>;
  /** Packages with tags outside the maintenance line only. */
  readonly outOfLine: ReadonlySet<string>;
  readonly unclaimed: readonly TagRecord[];
}

/**
 * assignTags' answers by tag list and package list: the planner asks for the bounds, then plans (twice
 * in a workspace whose requirements moved), and parsing 38,000 tag versions each time was most of a
 * plan's time on a long history. A caller may change its arrays between calls (the input is read-only
 * to the plan, not frozen): an answer is reused only while both hold the same records.
 */
interface AssignedEntry {
  readonly tags: readonly TagRecord[];
  readonly packages: readonly Package[];
  readonly key: string;
  readonly assigned: AssignedTags;
}
const assignedTags = new WeakMap<readonly TagRecord[], AssignedEntry>();

export function assignTags(input: Omit<PlanInput, 'history'>): AssignedTags {
  const key = JSON.stringify([input.tagFormat ?? null, input.line ?? null]);
  const same = <T>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  const cached = assignedTags.get(input.tags);
  if (
    cached &&
    cached.key === key &&
    same(cached.tags, input.tags) &&
    same(cached.packages, input.packages)
  ) {
    return cached.assigned;
  }
  const assigned = readTags(input);
  assignedTags.set(input.tags, { tags: [...input.tags], packages: [...input.packages], key, assigned });
  return assigned;
}

function readTags(input: Omit<PlanInput, 'history'>): AssignedTags {
  const { packages } = input;
  const line = input.line ? parseLine(input.line) : null;
  const patterns = new Map(packages.map((p) => [p.name, tagPatternsOf(p, input.tagFormat)]));
  const shared = sharedShapes(packages, input.tagFormat);
  checkDistinctShapes(packages, patterns, input.tagFormat, shared);
  const matcher = new TagMatcher(
    packages.flatMap((p) => (patterns.get(p.name) ?? []).map((pattern) => ({ pattern, owner: p.name }))),
  );
  const tagsByPackage = new Map<string, TaggedVersion[]>();
  const outOfLine = new Set<string>();
  const unclaimed: TagRecord[] = [];
  for (const tag of input.tags) {
    const found = matcher.match(tag.name);
    if (!found) {
      unclaimed.push(tag);
      continue;
    }
    // A maintenance line counts only its own tags: the main line's are another history.
    if (line && !lineOf(line, found.version)) {
      outOfLine.add(found.owner);
      continue;
    }
    const owners = shared.get(found.pattern.shape) ?? [found.owner];
    for (const owner of owners) {
      const list = tagsByPackage.get(owner) ?? [];
      const record = { tag: tag.name, version: found.version, commit: tag.commit };
      list.push(owners.length > 1 ? { ...record, shared: true } : record);
      tagsByPackage.set(owner, list);
    }
  }
  return { tagsByPackage, outOfLine, unclaimed };
}

/**
 * The tags a package's plan counts from: its last release of any kind and its last final, `previous`
 * (lastAny in the pre-release and dev modes, lastFinal in final mode), and the tags whose contents
 * count as released, from the first pre-release of the lowest counted release up to the highest (in a
 * pre-release mode the pre-releases that a final promoted by a squash merge; in final mode the final
 * and its pre-releases). Older tags say nothing more: what they released, the counted release either
 * contains or left out (a maintenance fix merged forward was never in the newer line).
 * Dev releases count only for the next dev release: an alpha, beta, rc or final run reads the
 * package as if they were not there, so a nightly build is never taken for a release of its changes.
 */
export function countedTags(mode: ReleaseMode, all: readonly TaggedVersion[]) {
  const tags = mode === 'dev' ? all : all.filter((t) => t.version.dev === null);
  const lastAny = highest(tags);
  const lastFinal = highest(tags.filter((t) => isFinal(t.version)));
  const previous = mode === 'final' ? lastFinal : lastAny;
  const lowest = lastFinal ?? (mode === 'final' ? null : lastAny);
  const counting =
    lowest && previous
      ? tags.filter(
          (t) =>
            compareReleaseNumbers(t.version, lowest.version) >= 0 &&
            compareVersions(t.version, previous.version) <= 0,
        )
      : [];
  return { lastAny, lastFinal, previous, counting };
}

/**
 * The pre-releases above a package's last final (all of them before its first final): what a final
 * run may promote. Newest first. Dev releases are none of them: a final run never reads them.
 */
export function pendingPreReleases(tags: readonly TaggedVersion[]): TaggedVersion[] {
  const { lastFinal } = countedTags('final', tags);
  return tags
    .filter(
      (t) =>
        !isFinal(t.version) &&
        t.version.dev === null &&
        (!lastFinal || compareVersions(t.version, lastFinal.version) > 0),
    )
    .sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * How far the history read goes (HistoryBounds): the commits of the tags every package counts from,
 * and the folders of the packages without a final release.
 */
export function historyBoundsOf(input: Omit<PlanInput, 'history'>): HistoryBounds {
  const { tagsByPackage } = assignTags(input);
  const tagCommits = new Set<string>();
  const fullHistoryPaths: string[] = [];
  for (const pkg of input.packages) {
    const tags = tagsByPackage.get(pkg.name) ?? [];
    const { lastFinal, counting } = countedTags(input.mode, tags);
    for (const t of counting) tagCommits.add(t.commit);
    if (!lastFinal) fullHistoryPaths.push(pkg.path);
  }
  // A final run reads what the rcs it promotes released (promotion.ts).
  for (const promotion of input.promotions?.values() ?? []) tagCommits.add(promotion.base);
  return { tagCommits: [...tagCommits], fullHistoryPaths };
}

/**
 * The previous-tag-formats without a name (`v{version}`) that several packages list, by shape: the
 * tags of a repository that released them together are each one's history. A format they write is
 * never shared.
 */
export function sharedShapes(packages: readonly Package[], override?: string): Map<string, string[]> {
  const byShape = new Map<string, string[]>();
  for (const pkg of packages) {
    for (const format of pkg.settings.previousTagFormats) {
      if (formatNamesPackage(format) || format === writtenFormatOf(pkg, override)) continue;
      const shape = new PackageTagPattern(format, pkg).shape;
      byShape.set(shape, [...(byShape.get(shape) ?? []), pkg.name]);
    }
  }
  const written = new Set(packages.map((p) => new PackageTagPattern(writtenFormatOf(p, override), p).shape));
  return new Map([...byShape].filter(([shape, owners]) => owners.length > 1 && !written.has(shape)));
}

/**
 * Two packages whose formats (written or previous) give the same tags could never be told apart:
 * one package's history would be taken for the other's. A one-line error naming both. A shape that
 * several packages list as a previous format without a name (`shared`) is their common history.
 */
function checkDistinctShapes(
  packages: readonly Package[],
  patterns: ReadonlyMap<string, PackageTagPattern[]>,
  override: string | undefined,
  shared: ReadonlyMap<string, string[]>,
) {
  const byShape = new Map<string, string>();
  for (const pkg of packages) {
    for (const [i, pattern] of (patterns.get(pkg.name) as PackageTagPattern[]).entries()) {
      const other = byShape.get(pattern.shape);
      if (other !== undefined && other !== pkg.name && !shared.has(pattern.shape)) {
        const setting =
          i === 0 && pattern.format === writtenFormatOf(pkg, override)
            ? 'tag-format'
            : 'previous-tag-formats';
        const named = formatNamesPackage(pattern.format);
        throw new UserError(
          named
            ? `${setting} gives ${other} and ${pkg.name} the same tags (${pattern.shape}): use {name} or {path} to tell them apart`
            : `${setting} ${JSON.stringify(pattern.format)} has no {name}, so it fits only a single package, but ${packages.length} were found`,
        );
      }
      byShape.set(pattern.shape, pkg.name);
    }
  }
}

function highest(tags: readonly TaggedVersion[]): TaggedVersion | null {
  let best: TaggedVersion | null = null;
  for (const t of tags) if (!best || compareVersions(t.version, best.version) > 0) best = t;
  return best;
}
