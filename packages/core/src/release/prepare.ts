import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertChangelogSection } from '../changelog/file.js';
import type { RepositoryLinks } from '../changelog/links.js';
import { chooseChangelogStart, mergeChangelog, type ChangelogVersions } from '../changelog/merge.js';
import { renderChangelogSection, type ReleasedDependency } from '../changelog/section.js';
import { describeError, UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { silentLogger, type Logger } from '../logger.js';
import {
  releasedPackages,
  type PackagePlan,
  type PlannedDependency,
  type ReleasePlan,
} from '../plan/types.js';
import { versionUpdatersOf } from '../updaters/version-files.js';
import { setLockedVersion } from '../updaters/uv-lock.js';
import { setRequirementText } from '../dependencies/requirements.js';
import { parseToml } from '../toml/pyproject.js';
import { releaseCommitMessage } from '../versioning/release-commit.js';
import { RepositoryReader } from '../git/repository.js';
import { channelOf } from '../versioning/version.js';
import type { TaggedRelease } from '../publish/unpublished.js';

export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** The identity of release commits when the repository has none configured (GitHub's own bot). */
export const BOT_IDENTITY: Identity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** A released package: what the outputs, the summary and the GitHub Release tell. */
export interface ReleasedPackage extends TaggedRelease {
  /** The new changelog section: the tag's message and the GitHub Release's body. */
  readonly notes: string;
  /** The files its release commit changes. */
  readonly changes: readonly string[];
}

/** One package's release before it is committed: what its commit writes. */
export interface PreparedRelease extends ReleasedPackage {
  readonly plan: PackagePlan;
  readonly commitMessage: string;
  readonly files: readonly { readonly path: string; content: string }[];
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
  const specs = (p: PackagePlan) => {
    const { commit, path, releasedFrom } = p.changelogSource;
    const keeps = p.package.changelogPath !== null;
    return {
      released: keeps && p.previous ? `${commit}:${path}` : null,
      releasedFrom: keeps && releasedFrom ? `${releasedFrom}:${path}` : null,
      base: keeps ? `${plan.head}:${p.package.changelogPath}` : null,
    };
  };
  const versionFiles = (p: PackagePlan) => versionUpdatersOf(p.package).map((u) => `${plan.head}:${u.file}`);
  const lockSpec = (file: string) => `${plan.head}:${file}`;
  const pyprojectOf = new Map(plan.packages.map((p) => [p.package.name, p.package.pyprojectPath]));
  const dependents = plan.dependencyUpdates.map((u) => `${plan.head}:${pyprojectOf.get(u.dependent)}`);
  const wanted = [
    ...(released.length > 0 ? dependents : []),
    ...released.flatMap((p) => [
      ...versionFiles(p),
      ...Object.values(specs(p)).filter((s): s is string => s !== null),
    ]),
    ...(released.length > 0 ? plan.lockFiles.map(lockSpec) : []),
  ];
  const contents = await new RepositoryReader(git).readFiles([...new Set(wanted)]);
  const text = (spec: string | null) => (spec ? (contents.get(spec)?.toString('utf8') ?? null) : null);
  // The release commits form one chain: a file that several commits change (a lock file, a sibling's
  // pyproject.toml whose requirement moved) carries each commit's edit into the next.
  const locks = new Map(plan.lockFiles.map((f) => [f, text(lockSpec(f))]));
  // A uv.lock that is not TOML lists nothing pyrelease can find: left as it is, said once.
  for (const [file, content] of locks) {
    if (content === null) continue;
    try {
      parseToml(content, file);
    } catch (error) {
      logger.warning(`${file}: left as it is: ${describeError(error)}`);
      locks.set(file, null);
    }
  }
  const carried = new Map<string, string>();
  const current = (file: string) => carried.get(file) ?? text(`${plan.head}:${file}`);
  const prepared: PreparedRelease[] = [];
  // Each release commit is computed from the base tree: two releases writing one file would lose an edit.
  const writtenBy = new Map<string, string>();
  for (const p of released) {
    const s = specs(p);
    const version = p.next as NonNullable<PackagePlan['next']>;
    const files: { path: string; content: string }[] = [];
    for (const updater of versionUpdatersOf(p.package)) {
      const other = writtenBy.get(updater.file);
      if (other !== undefined) {
        throw new UserError(
          `${updater.file} holds the version of both ${other} and ${p.package.name}: each package needs a version file of its own`,
        );
      }
      writtenBy.set(updater.file, p.package.name);
      const before = current(updater.file);
      if (before === null) throw new UserError(`${updater.file} is missing at ${plan.head}`);
      const content = updater.update(before, version);
      carried.set(updater.file, content);
      files.push({ path: updater.file, content });
    }
    // The requirements on this release that it does not satisfy move up in this commit, so its tag
    // is a workspace that resolves.
    const moved = plan.dependencyUpdates.filter((u) =>
      u.ownCommit ? u.dependent === p.package.name : u.dependency === p.package.name,
    );
    for (const update of moved) {
      const file = pyprojectOf.get(update.dependent) as string;
      const before = current(file);
      if (before === null) throw new UserError(`${file} is missing at ${plan.head}`);
      const content = setRequirementText(before, file, update.requirement, update.replacement);
      carried.set(file, content);
      const same = files.find((f) => f.path === file);
      if (same) same.content = content;
      else files.push({ path: file, content });
    }
    for (const [file, current] of locks) {
      const updated = current === null ? null : setLockedVersion(current, file, p.package, version);
      if (updated === null || updated === current) continue;
      locks.set(file, updated);
      files.push({ path: file, content: updated });
    }
    const section = renderChangelogSection({
      version: version.text,
      date,
      tag: p.tag as string,
      previousTag: p.previous?.tag ?? null,
      commits: p.commits,
      dependencies: p.dependencies.map((d) => releasedDependency(plan, d)),
      sections: p.package.settings.changelogSections,
      bump: p.package.settings.bump,
      links,
    });
    const versions = {
      released: text(s.released),
      releasedFrom: s.releasedFrom ? text(s.releasedFrom) : undefined,
      base: text(s.base),
    };
    if (p.package.changelogPath !== null) {
      const start = await changelogStart(git, p, p.package.changelogPath, versions, logger);
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
      files,
      changes: files.map((f) => f.path),
    });
  }
  return prepared;
}

/** A sibling a release names (`alpha 2.0.0`) with the tag that version has: released now, or before. */
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

/**
 * The released packages with each one after the siblings it requires, so its tag holds their new
 * versions and its moved requirements; among equals, and within a cycle, in plan order.
 */
function dependenciesFirst(released: PackagePlan[]): PackagePlan[] {
  const names = new Set(released.map((p) => p.package.name));
  const ordered: PackagePlan[] = [];
  const done = new Set<string>();
  let rest = [...released];
  while (rest.length > 0) {
    const ready = rest.filter((p) =>
      p.package.requirements.every((r) => !names.has(r.on) || done.has(r.on) || r.on === p.package.name),
    );
    // A cycle: take the first in plan order and go on.
    const take = ready.length > 0 ? ready : [rest[0]];
    for (const p of take) {
      ordered.push(p);
      done.add(p.package.name);
    }
    rest = rest.filter((p) => !take.includes(p));
  }
  return ordered;
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

/** The configured git identity, or the GitHub Actions bot when none is configured. */
export async function releaseIdentity(git: Git): Promise<Identity> {
  const out = await git.run(['config', '--get-regexp', '^user\\.(name|email)$'], { okExitCodes: [1] });
  const values = new Map<string, string>();
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space), line.slice(space + 1));
  }
  const name = values.get('user.name');
  const email = values.get('user.email');
  return name && email ? { name, email } : BOT_IDENTITY;
}

export interface CommittedRelease extends PreparedRelease {
  readonly commit: string;
}

/**
 * Writes one commit per release on top of `base` onto `ref` (replacing whatever it held) and an
 * annotated tag on each, all in one `git fast-import`. Tags of the same names are replaced too: they
 * can only be local leftovers of an earlier, unpushed run, since the plan skips released tags.
 */
export async function commitReleases(
  git: Git,
  options: {
    base: string;
    /** A full ref name, e.g. a scratch ref the caller checks out afterwards. */
    ref: string;
    releases: readonly PreparedRelease[];
    identity: Identity;
    now: Date;
  },
): Promise<{ tip: string; releases: CommittedRelease[] }> {
  const { base, ref, releases } = options;
  if (releases.length === 0) return { tip: base, releases: [] };
  const who = `${sanitize(options.identity.name)} <${sanitize(options.identity.email)}> ${Math.floor(options.now.getTime() / 1000)} +0000`;
  const chunks: Buffer[] = [];
  const line = (text: string) => chunks.push(Buffer.from(`${text}\n`, 'utf8'));
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    line(`data ${bytes.length}`);
    chunks.push(bytes, Buffer.from('\n'));
  };
  line('feature done');
  releases.forEach((release, index) => {
    const mark = index + 1;
    line(`commit ${ref}`);
    line(`mark :${mark}`);
    line(`author ${who}`);
    line(`committer ${who}`);
    data(release.commitMessage);
    line(index === 0 ? `from ${base}` : `from :${index}`);
    for (const file of release.files) {
      line(`M 100644 inline ${quotePath(file.path)}`);
      data(file.content);
    }
    line(`tag ${release.tag}`);
    line(`from :${mark}`);
    line(`tagger ${who}`);
    data(release.notes);
  });
  line('done');

  const marksDir = mkdtempSync(join(tmpdir(), 'pyrelease-marks-'));
  const marksFile = join(marksDir, 'marks');
  try {
    await git.run(['fast-import', '--quiet', '--force', `--export-marks=${marksFile}`], {
      input: Buffer.concat(chunks),
    });
    const marks = new Map<number, string>();
    for (const entry of readFileSync(marksFile, 'utf8').split('\n')) {
      const [mark, sha] = entry.split(' ');
      if (mark && sha) marks.set(Number(mark.slice(1)), sha);
    }
    const committed = releases.map((r, i) => ({ ...r, commit: marks.get(i + 1) as string }));
    return { tip: committed[committed.length - 1].commit, releases: committed };
  } finally {
    rmSync(marksDir, { recursive: true, force: true });
  }
}

/** fast-import identities end at `>` and lines at newlines: neither may appear inside a name. */
function sanitize(text: string): string {
  return text.replace(/[<>\r\n]/g, '').trim();
}

/** fast-import's C-style quoting for paths with spaces, quotes or non-ASCII bytes. */
function quotePath(path: string): string {
  if (!/[\s"\\]/.test(path) && !path.startsWith('"')) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
