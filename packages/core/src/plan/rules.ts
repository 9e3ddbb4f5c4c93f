import { formatNamesPackage, isValidRefComponent } from '../versioning/tags.js';
import { compareVersions, releaseOf, tryParseVersion, type Version } from '../versioning/version.js';
import type { PackageFacts, PlanContext } from './facts.js';
import { levelOf, type ChangesSinceFinal } from './target.js';
import { pendingPreReleases } from './tag-assignment.js';
import type { PlannedDependency, ReleaseMode } from './types.js';

/**
 * Why a package is not released, each a rule of its own, in the order the plan asks them: a rule that
 * answers ends the package's plan. A rule returns null when it has nothing against the release.
 */
export interface Skip {
  readonly reason: string;
  /** The plan could not decide and left the package alone: shown as a warning. */
  readonly warn?: boolean;
  /** Nothing of its own to release: a sibling's new version may still require a release (the cascade). */
  readonly unchanged?: boolean;
}

/** A root package cannot fill a tag-format's `{dir}` or `{path}`. */
export function formatNeedsFolder(facts: PackageFacts): Skip | null {
  if (facts.written.usable) return null;
  return {
    warn: true,
    reason: `tag-format ${JSON.stringify(facts.written.format)} uses {dir} or {path}, which a root package has none of: give it a tag-format with {name} (in the root configuration, or as the tag-format input or option)`,
  };
}

/**
 * A tag git refuses (a folder with a space, `~`, `^`, `:`, `..` in it, filled into `{dir}` or `{path}`)
 * could only fail at the push, after the release was committed: the plan says so and names the folder.
 */
export function tagRefusedByGit(facts: PackageFacts): Skip | null {
  const sample = facts.written.shape.replace('{version}', '1.0.0');
  if (isValidRefComponent(sample)) return null;
  return {
    warn: true,
    reason: `its tags (${JSON.stringify(facts.written.shape)}, tag-format ${JSON.stringify(facts.written.format)}) are not valid git tag names: rename the folder ${facts.pkg.path}, or use a tag-format that names the package by {name}`,
  };
}

/** A maintenance line counts only its own tags: a package released only in other lines waits for its own branch. */
export function releasedInOtherLinesOnly(ctx: PlanContext, facts: PackageFacts): Skip | null {
  if (!ctx.line || facts.tags.length > 0 || !ctx.assigned.outOfLine.has(facts.pkg.name)) return null;
  return {
    reason: `no release in line ${ctx.line.text} yet: it is released from its own maintenance branch`,
  };
}

/**
 * Tags in a shape its formats do not read look like its releases: planning it from nothing would
 * release them again. The reason names the tag and, when it can be worked out, the tag-format that reads it.
 */
export function taggedInOtherShape(ctx: PlanContext, facts: PackageFacts): Skip | null {
  const { pkg } = facts;
  if (facts.tags.length > 0 || facts.commits.length === 0 || pkg.settings.tagsDeclared) return null;
  const lookalike = ctx.lookalikes.newestFor(pkg);
  if (!lookalike) return null;
  const where = formatNamesPackage(lookalike.format ?? '')
    ? 'in the root configuration for every package tagged so, or in its own [tool.pyrelease]'
    : 'in its own [tool.pyrelease]';
  const advice = lookalike.format
    ? `set tag-format = ${JSON.stringify(lookalike.format)} ${where}, or list it in previous-tag-formats to write ${facts.written.shape} from now on`
    : `set tag-format in its own [tool.pyrelease] to their shape, or list that shape in previous-tag-formats`;
  return {
    warn: true,
    reason: `tags such as ${lookalike.tag} look like its releases, but none matches ${facts.written.shape}: ${advice} (previous-tag-formats = [] only if it never had a release in that shape)`,
  };
}

/** No commit since its previous release, and no sibling's release that requires one. */
export function nothingChanged(facts: PackageFacts, because: readonly PlannedDependency[]): Skip | null {
  if (facts.commits.length > 0 || because.length > 0) return null;
  return {
    unchanged: true,
    reason: facts.previous ? `no changes since ${facts.previous.tag}` : `no commit touches ${facts.pkg.path}`,
  };
}

/** A package that was released before is released again only for a change a user installs. */
export function onlyQuietCommits(
  facts: PackageFacts,
  because: readonly PlannedDependency[],
  since: ChangesSinceFinal,
): Skip | null {
  const { previous, pkg } = facts;
  if (!previous || because.length > 0) return null;
  const changed = new Set(facts.commits.map((c) => c.sha));
  if (since.releaseAs && changed.has(since.releaseAs.commit)) return null;
  const own = since.changes.filter((c) => changed.has(c.commit.sha));
  if (own.some((c) => levelOf(pkg, c, facts.lastFinal) !== null)) return null;
  return {
    unchanged: true,
    reason: `only commits that release nothing (${describeTypes(own.map((c) => c.intent.type))}) since ${previous.tag}`,
  };
}

/**
 * A repository that was one package tagged `v1.4.0`: a package planned from nothing at 1.4.0 would
 * publish that version again. Declaring no previous tags would release it anyway, so the advice is to
 * read the bare tags as its own (several packages may share them).
 */
/** What the rules that judge one version read of a package: a group asks them at its own version. */
export type VersionFacts = Pick<PackageFacts, 'pkg' | 'lastAny' | 'tags'> & {
  readonly written: { render(version: Version): string };
};

/**
 * Why `next` (of `target`) cannot be tagged for the package, whatever else holds: a bare tag or a
 * CHANGELOG.md section has the first version already, a tag holds it, or the index has it.
 */
export function versionRefused(
  ctx: PlanContext,
  facts: VersionFacts,
  target: Version,
  next: Version,
): Skip | null {
  return (
    bareVersionTaken(ctx, facts, target) ??
    firstVersionInChangelog(ctx, facts, target) ??
    alreadyTagged(ctx.input.mode, facts, next) ??
    onIndexAlready(ctx, facts, next)
  );
}

export function bareVersionTaken(ctx: PlanContext, facts: VersionFacts, target: Version): Skip | null {
  if (facts.lastAny || ctx.input.packages.length <= 1 || facts.pkg.settings.tagsDeclared) return null;
  const bare = ctx.lookalikes.bareTagOf(target);
  if (!bare) return null;
  const format = bare.name.startsWith('v') || bare.name.startsWith('V') ? 'v{version}' : '{version}';
  return {
    warn: true,
    reason: `tag ${bare.name} holds the version ${target.text} it would release first: if the repository's bare tags released it (alone or with siblings), set previous-tag-formats = ["${format}"] in its own [tool.pyrelease], so its next version follows them; previous-tag-formats = [] only if no version of it was ever released`,
  };
}

/**
 * A version the index has already is never tagged: uploaded from elsewhere, or its tag deleted. An
 * index that could not be asked releases nothing of the package in this run, for the same reason.
 */
export function onIndexAlready(
  ctx: PlanContext,
  facts: Pick<PackageFacts, 'pkg'> & { readonly written: { render(v: Version): string } },
  next: Version,
): Skip | null {
  const index = ctx.input.index;
  const answer = index?.byPackage.get(facts.pkg.name);
  if (!index || !answer) return null;
  if ('error' in answer) {
    return {
      warn: true,
      reason: `could not ask ${index.url} whether ${next.text} is there already (${answer.error}): not released in this run, which never tags a version the index may have; the next run asks again`,
    };
  }
  if (!holdsVersion(answer.versions, next)) return null;
  return {
    warn: true,
    reason: `${next.text} is on ${index.url} already, though no tag here released it (uploaded from elsewhere, or its tag deleted): tag the commit it was built from as ${facts.written.render(next)}, or release a higher version with a Release-As footer`,
  };
}

/** The versions the index holds of a package, as far as it was asked (none: not asked, or no answer). */
export function indexedVersions(ctx: PlanContext, pkg: { readonly name: string }): Version[] {
  const answer = ctx.input.index?.byPackage.get(pkg.name);
  if (!answer || 'error' in answer) return [];
  return [...answer.versions].flatMap((text) => tryParseVersion(text) ?? []);
}

/** Whether `versions` (texts) hold `version` in any spelling (`1.3` is `1.3.0`, as pip compares). */
export function holdsVersion(versions: Iterable<string>, version: Version): boolean {
  for (const text of versions) {
    const held = tryParseVersion(text);
    if (held && compareVersions(held, version) === 0) return true;
  }
  return false;
}

/**
 * Without an index: a package with no tag whose CHANGELOG.md already has a section for the version it
 * would release first was released before, elsewhere (a package moved in from another repository).
 */
export function firstVersionInChangelog(ctx: PlanContext, facts: VersionFacts, target: Version): Skip | null {
  if (ctx.input.index || facts.lastAny) return null;
  const sections = ctx.input.changelogVersions?.get(facts.pkg.name);
  if (!sections || !holdsVersion(sections, target)) return null;
  return {
    warn: true,
    reason: `its ${facts.pkg.changelogPath ?? 'CHANGELOG.md'} has a section for ${target.text}, the version it would release first, and no tag here released it (moved in from another repository?): tag the commit that released it as ${facts.written.render(target)}, or release a higher version with a Release-As footer`,
  };
}

/**
 * A post release (`Release-As: 1.4.0.post1`) is a fix of a published final: an alpha, beta or rc
 * run leaves it to the final run, and says so (a dev run makes `1.4.0.post1.dev1`).
 */
export function postReleaseInPreMode(mode: ReleaseMode, target: Version): Skip | null {
  if (target.post === null || mode === 'final' || mode === 'dev') return null;
  return {
    warn: true,
    reason: `${target.text} is a post release, which only a final run releases: PEP 440 has no ${mode} of a post release`,
  };
}

/** A final target is never a version that is tagged already (rc numbers always go one past the highest). */
export function alreadyTagged(
  mode: ReleaseMode,
  facts: Pick<VersionFacts, 'tags'>,
  next: Version,
): Skip | null {
  if (mode !== 'final' || !facts.tags.some((t) => t.version.text === next.text)) return null;
  return { reason: `${next.text} is tagged already` };
}

function describeTypes(types: readonly (string | null)[]): string {
  const names = [...new Set(types.map((t) => t ?? 'non-conventional'))];
  return names.join(', ');
}

/**
 * A final below an rc above the last final that it does not promote (the head's folder is not where
 * that rc was cut: a commit on master alone, or a promotion the rc run has not seen yet): released as
 * the head's commits say, and said, since a version below a tested rc surprises. Null: nothing to say.
 */
export function unpromotedCandidate(facts: PackageFacts, next: Version): string | null {
  if (facts.promoted) return null;
  const [newest] = pendingPreReleases(facts.tags);
  if (!newest || compareVersions(releaseOf(newest.version), next) <= 0) return null;
  return `${facts.pkg.name}: final ${next.text} is below ${newest.tag}, which it does not promote: ${facts.pkg.path} at the head is not the folder that rc was cut from, so the final counts the head's own commits; promote the tested commit unchanged to release the rc`;
}

/**
 * A final run that releases nothing of a package whose rc above the last final it does not promote
 * (a squash whose message lost the rc's commits, a quiet commit on master alone): the tested rc waits,
 * and that is said. Null: nothing to say.
 */
export function unpromotedQuiet(facts: PackageFacts): string | null {
  if (facts.promoted) return null;
  const [newest] = pendingPreReleases(facts.tags);
  if (!newest) return null;
  return `${facts.pkg.name}: not released, and ${newest.tag} is not promoted: ${facts.pkg.path} at the head is not the folder that rc was cut from, and the head's own commits release nothing; promote the tested commit unchanged to release the rc`;
}
