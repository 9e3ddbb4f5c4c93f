import { UserError } from '../errors.js';
import type { CommitRecord } from '../git/records.js';
import { bumpLevelOf, bumpRulesFor } from '../versioning/bump-rules.js';
import { parseCommitMessage, releaseAsOf, type CommitIntent } from '../versioning/conventional.js';
import { lineOf, type ReleaseLine } from '../versioning/release-line.js';
import {
  bumpVersion,
  compareReleaseNumbers,
  finalReleaseOf,
  compareVersions,
  higherBump,
  isFinal,
  maxVersion,
  releaseOf,
  tryParseVersion,
  type BumpLevel,
  type Version,
} from '../versioning/version.js';
import type { Package } from '../workspace/package.js';
import type { PackagePlan, Promotion, TaggedVersion } from './types.js';

/** A commit and what its message says. */
export interface CommitChange {
  readonly commit: CommitRecord;
  readonly intent: CommitIntent;
}

/**
 * What decides a package's level and version: the commits since its last final (so rc and final
 * agree) with their intents, and the newest Release-As footer among them.
 */
export interface ChangesSinceFinal {
  readonly changes: readonly CommitChange[];
  readonly releaseAs: PackagePlan['releaseAs'];
  /** Release-As footers whose version a final tag of the package holds already: left out, and said. */
  readonly fulfilled: readonly { readonly commit: string; readonly tag: TaggedVersion }[];
}

/** `finals`: the package's final tags, whose versions a Release-As footer asks for in vain. */
export function changesSinceFinal(
  commits: readonly CommitRecord[],
  lastFinal: TaggedVersion | null,
  finals: readonly TaggedVersion[] = [],
): ChangesSinceFinal {
  const changes = commits.map((commit) => ({ commit, intent: parseCommitMessage(commit.message) }));
  return { changes, ...findReleaseAs(commits, lastFinal, finals) };
}

/**
 * The level a change releases for `pkg` (its `bump` rules, the pre-major ones while `from`, the
 * version bumped, is below 1.0.0); null: it releases nothing.
 */
export function levelOf(pkg: Package, change: CommitChange, from: TaggedVersion | null): BumpLevel | null {
  return bumpLevelOf(change.intent, bumpRulesFor(pkg.settings.bump, from?.version ?? null));
}

/** The tags a package has, and which of them its release counts from. */
interface TagsOf {
  readonly lastFinal: TaggedVersion | null;
  readonly lastAny: TaggedVersion | null;
  /** A final run's promoted rc: the final is never below it. */
  readonly promoted?: Promotion | null;
}

/**
 * The version a package is released at (before an rc number) and the level that got it there: a
 * Release-As footer's version; after a final, the final bumped by its changes (at least a patch, and
 * in a maintenance line never out of it), or the declared version when that is higher; before the
 * first final, the declared version, or for a version from the tags the initial version, never below
 * an rc already tagged; a final never below the rc it promotes. A target outside the maintenance line
 * is an error.
 */
export function targetVersion(
  pkg: Package,
  line: ReleaseLine | null,
  tags: TagsOf,
  since: ChangesSinceFinal,
  forDependency: boolean,
  apiBreaking?: readonly string[],
): { readonly bump: BumpLevel | null; readonly target: Version } {
  const { lastFinal, lastAny } = tags;
  // A release for a sibling's new version is at least a patch; a break the API check found, a major.
  const level = since.changes.reduce<BumpLevel | null>(
    (highest, c) => higherBump(highest, levelOf(pkg, c, lastFinal)),
    apiBreaking?.length ? 'major' : forDependency ? 'patch' : null,
  );
  let bump = lastFinal ? (level ?? 'patch') : null;
  const declared = pkg.version ? releaseOf(pkg.version) : null;
  let target: Version;
  if (since.releaseAs) {
    target = since.releaseAs.version;
  } else if (lastFinal) {
    const bumped = bumpInLine(pkg, line, lastFinal, since, bump ?? 'patch', apiBreaking);
    bump = bumped.bump;
    target =
      declared && (!line || lineOf(line, declared)) ? maxVersion(declared, bumped.version) : bumped.version;
  } else {
    const first = declared ?? pkg.settings.initialVersion;
    target = lastAny && !declared ? maxVersion(first, releaseOf(lastAny.version)) : first;
  }
  if (tags.promoted) target = maxVersion(target, releaseOf(tags.promoted.rc.version));
  if (line && !lineOf(line, target)) {
    throw new UserError(
      `${pkg.name}: ${target.text} is not in maintenance line ${line.text}: the version in ${pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath} or the Release-As footer must stay in it`,
    );
  }
  return { bump, target };
}

/**
 * The last final bumped by `bump`; a maintenance line takes only a patch of it, and a breaking change
 * it cannot release is an error naming the commit.
 */
function bumpInLine(
  pkg: Package,
  line: ReleaseLine | null,
  lastFinal: TaggedVersion,
  since: ChangesSinceFinal,
  bump: BumpLevel,
  apiBreaking: readonly string[] = [],
): { readonly bump: BumpLevel; readonly version: Version } {
  const bumped = bumpVersion(lastFinal.version, bump);
  if (!line || lineOf(line, bumped)) return { bump, version: bumped };
  if (apiBreaking.length > 0) {
    throw new UserError(
      `${pkg.name}: the API check found breaking changes since ${lastFinal.tag} (${apiBreaking.join('; ')}), which maintenance line ${line.text} cannot release (${lastFinal.version.text} -> ${bumped.text}): undo them in this line, or release them from the main line`,
    );
  }
  const breaking = since.changes.find((c) => c.intent.breaking);
  if (breaking) {
    throw new UserError(
      `${pkg.name}: commit ${breaking.commit.sha.slice(0, 12)} is a breaking change, which maintenance line ${line.text} cannot release (${lastFinal.version.text} -> ${bumped.text}): release it from the main line`,
    );
  }
  return { bump: 'patch', version: bumpVersion(lastFinal.version, 'patch') };
}

/**
 * The version a `Release-As:` footer sets, from the newest commit since the last final that has one.
 * It must be a final version above the last final: else a one-line error naming the commit. A footer
 * that asks for a version a final tag holds already (one written on `test` while a hotfix on `master`
 * asked for, and was released at, the same version) is fulfilled: it is left out, and the plan says so.
 */
function findReleaseAs(
  commits: readonly CommitRecord[],
  lastFinal: TaggedVersion | null,
  finals: readonly TaggedVersion[],
): Pick<ChangesSinceFinal, 'releaseAs' | 'fulfilled'> {
  const fulfilled: { commit: string; tag: TaggedVersion }[] = [];
  for (const commit of commits) {
    const text = releaseAsOf(commit.message);
    if (text === null) continue;
    const sha = commit.sha.slice(0, 12);
    const version = tryParseVersion(text);
    if (!version || !isFinal(version) || version.local !== null) {
      throw new UserError(
        `commit ${sha}: Release-As: ${JSON.stringify(text)} must be a final PEP 440 version such as 2.0.0 (or a post release of a published one, such as 1.4.0.post1)`,
      );
    }
    postOfPublishedFinal(sha, version, finals);
    if (lastFinal && compareVersions(version, lastFinal.version) <= 0) {
      const released = finals.find((t) => compareVersions(t.version, version) === 0);
      if (released) {
        fulfilled.push({ commit: commit.sha, tag: released });
        continue;
      }
      throw new UserError(
        `commit ${sha}: Release-As: ${version.text} is not above the last final release ${lastFinal.tag}; a newer commit with a Release-As above it replaces this one`,
      );
    }
    return { releaseAs: { version, commit: commit.sha }, fulfilled };
  }
  return { releaseAs: null, fulfilled };
}

/**
 * A post release fixes the packaging or docs of a published final: `Release-As: 1.4.0.post1` needs a
 * final tag of 1.4.0 (or of an earlier post of it), else it would publish a fix of nothing.
 */
function postOfPublishedFinal(sha: string, version: Version, finals: readonly TaggedVersion[]): void {
  if (version.post === null) return;
  const fixed = finals.some((t) => compareReleaseNumbers(t.version, version) === 0);
  if (fixed) return;
  throw new UserError(
    `commit ${sha}: Release-As: ${version.text} is a post release of ${finalReleaseOf(version).text}, which no final tag of the package holds: a post release fixes a published final`,
  );
}
