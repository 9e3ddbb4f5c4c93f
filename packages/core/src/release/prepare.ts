import { insertChangelogSection } from '../changelog/file.js';
import type { RepositoryLinks } from '../changelog/links.js';
import { chooseChangelogStart, mergeChangelog, type ChangelogVersions } from '../changelog/merge.js';
import { renderChangelogSection, type ReleasedDependency } from '../changelog/section.js';
import { describeError, UserError } from '../errors.js';
import { modeToKeep } from './file-modes.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { silentLogger, type Logger } from '../logger.js';
import {
  releasedPackages,
  type PackagePlan,
  type PlannedDependency,
  type ReleasePlan,
} from '../plan/types.js';
import type { TaggedRelease } from '../publish/unpublished.js';
import { parseToml } from '../toml/pyproject.js';
import { versionUpdatersOf } from '../updaters/version-files.js';
import { setLockedVersion } from '../updaters/uv-lock.js';
import { setRequirementText } from '../updaters/requirements.js';
import { releaseCommitMessage } from '../versioning/release-commit.js';
import { channelOf } from '../versioning/channels.js';
import type { Version } from '../versioning/version.js';
import { dependenciesFirst } from '../workspace/dependency-order.js';

/** A released package: what the outputs, the summary and the GitHub Release tell. */
export interface ReleasedPackage extends TaggedRelease {
  /** The new changelog section: the tag's message and the GitHub Release's body. */
  readonly notes: string;
  /** The files its release commit changes. */
  readonly changes: readonly string[];
}

/** A file a release commit writes, whole. */
export interface FileEdit {
  readonly path: string;
  content: string;
}

/** A file a release commit writes, with the mode it has in the base tree (a new file: a plain one). */
export interface FileWrite extends FileEdit {
  readonly mode: string;
}

/** One package's release before it is committed: what its commit writes. */
export interface PreparedRelease extends ReleasedPackage {
  readonly plan: PackagePlan;
  readonly commitMessage: string;
  readonly files: readonly FileWrite[];
}

/**
 * Builds each released package's new pyproject.toml and CHANGELOG.md from the base tree (never from
 * the working tree), the CHANGELOG.md stored at its previous tag and the base branch's edits since.
 * One `cat-file` for all packages; a `git merge-file` only where both sides changed the changelog.
 */
export async function prepareReleases(
  git: Git,
  plan: ReleasePlan,
  date: string,
  logger: Logger = silentLogger,
  /** Where changelog links point (the repository's web pages); null: plain text. */
  links: RepositoryLinks | null = null,
): Promise<PreparedRelease[]> {
  const released = dependenciesFirst(releasedPackages(plan));
  const text = await readReleaseInputs(git, plan, released);
  const tree = new ReleaseTree(plan, text, readableLocks(plan, text, logger));
  const prepared: PreparedRelease[] = [];
  for (const p of released) {
    const version = p.next as Version;
    const files = tree.versionFiles(p, version);
    files.push(...tree.movedRequirements(p, files), ...tree.lockFiles(p, version));
    const section = renderChangelogSection({
      version: version.text,
      date,
      tag: p.tag as string,
      previousTag: p.previous?.tag ?? null,
      commits: p.commits,
      dependencies: p.dependencies.map((d) => releasedDependency(plan, d)),
      ...(p.group ? { group: p.group.name } : {}),
      apiBreaking: p.apiBreaking,
      sections: p.package.settings.changelogSections,
      bump: p.package.settings.bump,
      links,
    });
    if (p.package.changelogPath !== null) {
      const start = await changelogStart(
        git,
        p,
        p.package.changelogPath,
        changelogVersions(plan, p, text),
        logger,
      );
      files.push({ path: p.package.changelogPath, content: insertChangelogSection(start, section) });
    }
    prepared.push({
      plan: p,
      name: p.package.name,
      version: version.text,
      previous: p.previous?.version.text ?? null,
      tag: p.tag as string,
      path: p.package.path,
      channel: channelOf(version),
      commitMessage: releaseCommitMessage(p.package.name, version.text),
      notes: section,
      files: files.map((f) => ({ ...f, mode: modeToKeep(plan, f.path) })),
      changes: files.map((f) => f.path),
    });
  }
  return prepared;
}

/** Only what a caller may see: not the plan, the commit message or the files. */
export function toReleased({
  name,
  version,
  previous,
  tag,
  path,
  channel,
  notes,
  changes,
}: PreparedRelease): ReleasedPackage {
  return { name, version, previous, tag, path, channel, notes, changes };
}

/** A file's text by `<commit>:<path>` (null: absent, or no spec). */
type SpecText = (spec: string | null) => string | null;

/** Where a released package's changelog versions are: at its previous tag, where that was cut from, and the head's. */
function changelogSpecs(plan: ReleasePlan, p: PackagePlan) {
  const { commit, path, releasedFrom } = p.changelogSource;
  const keeps = p.package.changelogPath !== null;
  return {
    released: keeps && p.previous ? `${commit}:${path}` : null,
    releasedFrom: keeps && releasedFrom ? `${releasedFrom}:${path}` : null,
    base: keeps ? `${plan.head}:${p.package.changelogPath}` : null,
  };
}

function changelogVersions(plan: ReleasePlan, p: PackagePlan, text: SpecText): ChangelogVersions {
  const s = changelogSpecs(plan, p);
  return {
    released: text(s.released),
    releasedFrom: s.releasedFrom ? text(s.releasedFrom) : undefined,
    base: text(s.base),
  };
}

/** Every file the release commits start from, in one read: version files, changelogs, dependents, lock files. */
async function readReleaseInputs(
  git: Git,
  plan: ReleasePlan,
  released: readonly PackagePlan[],
): Promise<SpecText> {
  const atHead = (file: string) => `${plan.head}:${file}`;
  const pyprojectOf = new Map(plan.packages.map((p) => [p.package.name, p.package.pyprojectPath]));
  const dependents = plan.dependencyUpdates.map((u) => atHead(pyprojectOf.get(u.dependent) as string));
  const wanted = [
    ...(released.length > 0 ? dependents : []),
    ...released.flatMap((p) => [
      ...versionUpdatersOf(p.package).map((u) => atHead(u.file)),
      ...Object.values(changelogSpecs(plan, p)).filter((s): s is string => s !== null),
    ]),
    ...(released.length > 0 ? plan.lockFiles.map(atHead) : []),
  ];
  const contents = await new RepositoryReader(git).readFiles([...new Set(wanted)]);
  return (spec) => (spec ? (contents.get(spec)?.toString('utf8') ?? null) : null);
}

/** The head's uv.lock files; one that is not TOML lists nothing pyrelease can find: left as it is, said once. */
function readableLocks(plan: ReleasePlan, text: SpecText, logger: Logger): Map<string, string | null> {
  const locks = new Map(plan.lockFiles.map((f) => [f, text(`${plan.head}:${f}`)]));
  for (const [file, content] of locks) {
    if (content === null) continue;
    try {
      parseToml(content, file);
    } catch (error) {
      logger.warning(`${file}: left as it is: ${describeError(error)}`);
      locks.set(file, null);
    }
  }
  return locks;
}

/**
 * The files of the release commits as the chain grows: a file that several commits change (a lock file,
 * a sibling's pyproject.toml whose requirement moved) carries each commit's edit into the next. Each
 * release commit is computed from the base tree otherwise: two releases writing one version file would
 * lose an edit, so that is refused.
 */
class ReleaseTree {
  private readonly carried = new Map<string, string>();
  private readonly writtenBy = new Map<string, string>();
  private readonly pyprojectOf: ReadonlyMap<string, string>;

  constructor(
    private readonly plan: ReleasePlan,
    private readonly text: SpecText,
    private readonly locks: Map<string, string | null>,
  ) {
    this.pyprojectOf = new Map(plan.packages.map((p) => [p.package.name, p.package.pyprojectPath]));
  }

  private current(file: string): string {
    const text = this.carried.get(file) ?? this.text(`${this.plan.head}:${file}`);
    if (text === null) throw new UserError(`${file} is missing at ${this.plan.head}`);
    return text;
  }

  /** The files that carry the package's version, at the new version. */
  versionFiles(p: PackagePlan, version: Version): FileEdit[] {
    const files: FileEdit[] = [];
    for (const updater of versionUpdatersOf(p.package)) {
      const other = this.writtenBy.get(updater.file);
      if (other !== undefined) {
        throw new UserError(
          `${updater.file} holds the version of both ${other} and ${p.package.name}: each package needs a version file of its own`,
        );
      }
      this.writtenBy.set(updater.file, p.package.name);
      const content = updater.update(this.current(updater.file), version);
      this.carried.set(updater.file, content);
      files.push({ path: updater.file, content });
    }
    return files;
  }

  /**
   * The requirements on this release that it does not satisfy move up in this commit, so its tag is a
   * workspace that resolves (and its own, for pins and siblings released before). A requirement in a
   * file the commit writes already is edited there.
   */
  movedRequirements(p: PackagePlan, files: readonly FileEdit[]): FileEdit[] {
    const added: FileEdit[] = [];
    const moved = this.plan.dependencyUpdates.filter((u) =>
      u.ownCommit ? u.dependent === p.package.name : u.dependency === p.package.name,
    );
    for (const update of moved) {
      const file = this.pyprojectOf.get(update.dependent) as string;
      const content = setRequirementText(this.current(file), file, update.requirement, update.replacement);
      this.carried.set(file, content);
      const same = [...files, ...added].find((f) => f.path === file);
      if (same) same.content = content;
      else added.push({ path: file, content });
    }
    return added;
  }

  /** The uv.lock files that list the package, at its new version. */
  lockFiles(p: PackagePlan, version: Version): FileEdit[] {
    const files: FileEdit[] = [];
    for (const [file, current] of this.locks) {
      const updated = current === null ? null : setLockedVersion(current, file, p.package, version);
      if (updated === null || updated === current) continue;
      this.locks.set(file, updated);
      files.push({ path: file, content: updated });
    }
    return files;
  }
}

/** A sibling the release names (`alpha 2.0.0`) with the tag that version has: released now, or before. */
function releasedDependency(plan: ReleasePlan, { name, version }: PlannedDependency): ReleasedDependency {
  const sibling = plan.packages.find((p) => p.package.name === name);
  const tag =
    sibling?.next?.text === version.text
      ? sibling.tag
      : sibling?.previous?.version.text === version.text
        ? sibling.previous.tag
        : null;
  return { name, version: version.text, tag };
}

/** The changelog the new section goes on: released sections and base edits, merged when both changed. */
async function changelogStart(
  git: Git,
  p: PackagePlan,
  changelogPath: string,
  versions: ChangelogVersions,
  logger: Logger,
): Promise<string | null> {
  const tag = p.previous?.tag ?? '';
  const chosen = chooseChangelogStart(versions);
  if (!('merge' in chosen)) {
    if (chosen.because)
      logger.info(`${changelogPath}: continues from the base branch's file (${chosen.because} since ${tag})`);
    return chosen.text;
  }
  const merged = await mergeChangelog(git, versions, {
    path: changelogPath,
    tag,
    tagPath: p.changelogSource.path,
  });
  logger.info(`${changelogPath}: kept the edits made on the base branch since ${tag}`);
  return merged;
}
