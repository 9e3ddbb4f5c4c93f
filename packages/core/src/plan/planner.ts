import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { TagRecord } from '../git/records.js';
import { completePlan, draftPlan } from './compute.js';
import { assignTags, historyBoundsOf } from './tag-assignment.js';
import {
  releasedPackages,
  type IndexQuestion,
  type IndexVersions,
  type PackagePlan,
  type PlanInput,
  type ReleaseMode,
  type ReleasePlan,
} from './types.js';
import type { Version } from '../versioning/version.js';
import { versionsInChangelog } from '../changelog/released-versions.js';
import { holdsVersion } from './rules.js';
import { readFinalCarries, readPromotions } from './promotion.js';
import { readFolderMoves } from './folder-moves.js';
import { RepositoryReader } from '../git/repository.js';
import { internalRequirementsOf, type InternalRequirement } from '../dependencies/requirements.js';
import { PYRELEASE_TOML, readRepositoryConfig, type RepositoryConfig } from '../config/repository-config.js';
import { parseToml } from '../toml/pyproject.js';
import { findPackages } from '../workspace/discovery.js';
import { isLockFile, type Discovery } from '../workspace/package.js';
import { readUvWorkspace } from '../workspace/uv.js';
import { resolveGroups } from '../workspace/groups.js';

export interface PlanRequest {
  readonly mode: ReleaseMode;
  /** The ref whose tree and history are released, e.g. `origin/test`. */
  readonly baseRef: string;
  /** Package folder globs; empty: discover every package. */
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
  /** A maintenance line (`0.6`); wins over the configuration's `line`. */
  readonly line?: string;
}

/** A plan of one commit with the tags given (a release passes the remote's). */
export type PlanAtRequest = Omit<PlanRequest, 'baseRef'> & {
  readonly head: string;
  readonly tags: readonly TagRecord[];
  /** The index the releases go to: every planned version is looked up there before it is planned. */
  readonly index?: IndexQuestion;
  /** Breaking changes the API check found, by package, that the bump is to cover (PlanInput.apiBreaking). */
  readonly apiBreaking?: ReadonlyMap<string, readonly string[]>;
};

/** Plans the base ref of the local repository with its local tags (the read-only `plan` command). */
export async function planFromRepository(git: Git, request: PlanRequest): Promise<ReleasePlan> {
  return planAt(git, await repositoryPlanRequest(git, request));
}

/** What planFromRepository plans: the base ref's commit, in a clone with its whole history, and the local tags. */
export async function repositoryPlanRequest(git: Git, request: PlanRequest): Promise<PlanAtRequest> {
  const reader = new RepositoryReader(git);
  const head = await reader.resolveCommit(request.baseRef);
  if (!head) throw new UserError(`base branch ${request.baseRef} does not exist in ${git.cwd}`);
  await requireWholeHistory(reader);
  return { ...request, head, tags: await reader.listTags() };
}

/** A plan of a shallow clone would count the boundary commits as changing every file: refused. */
export async function requireWholeHistory(reader: RepositoryReader): Promise<void> {
  if (await reader.isShallow()) {
    throw new UserError(
      'this repository is a shallow clone and the plan needs its whole history: run git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)',
    );
  }
}

/**
 * Computes the plan for commit `head` with the given tags (a release uses the remote's), reading the
 * repository with a fixed number of git processes: tree listing, one cat-file for every file, one
 * history walk.
 */
export function planAt(git: Git, request: PlanAtRequest): Promise<ReleasePlan> {
  // Each read depends on the one before it: one cat-file process serves them all.
  return git.keepReading(() => planWithReader(git, request));
}

async function planWithReader(git: Git, request: PlanAtRequest): Promise<ReleasePlan> {
  const { head } = request;
  const reader = new RepositoryReader(git);
  const { packages, unreleased, config, lockFiles, fileModes } = await readPackagesAt(
    reader,
    head,
    request.packageGlobs ?? [],
  );
  const withoutHistory = {
    mode: request.mode,
    packages,
    unreleased,
    tags: request.tags,
    tagFormat: request.tagFormat,
    line: request.line ?? config.line,
    releaseBranches: config.releaseBranches,
    groups: resolveGroups(
      config.groups ?? [],
      packages,
      unreleased,
      config.file ?? 'pyproject.toml',
      (request.packageGlobs ?? []).length > 0,
    ),
    lockFiles,
    fileModes,
    apiBreaking: request.apiBreaking,
  };
  // A final run's promotions come first: what a promoted rc released is read with the history.
  const withPromotions = {
    ...withoutHistory,
    promotions: await readPromotions(reader, withoutHistory, head),
    finalCarries: await readFinalCarries(reader, withoutHistory),
    changelogVersions: request.index ? undefined : await changelogVersionsAt(reader, withoutHistory, head),
  };
  // The walk stops where every package's counted tags agree that all is released.
  const history = await readFolderMoves(
    reader,
    await reader.readHistory(head, historyBoundsOf(withPromotions)),
  );
  // Every tag goes in: those that match no package's format may be its releases in another shape.
  const input: PlanInput = { ...withPromotions, history };
  const plan = await planOnce(reader, input);
  return request.index ? planAskingIndex(reader, input, plan, request.index) : plan;
}

/**
 * The plan with every planned version looked up on the index first: packages are asked once each,
 * and the plan is made again while a planned version is there (or the index could not say), since a
 * package left out changes what its dependents need.
 */
async function planAskingIndex(
  reader: RepositoryReader,
  input: PlanInput,
  first: ReleasePlan,
  index: IndexQuestion,
): Promise<ReleasePlan> {
  const known = new Map<string, IndexVersions>();
  let plan = first;
  for (;;) {
    const planned = releasedPackages(plan);
    const unasked = planned.map((p) => p.package.name).filter((name) => !known.has(name));
    if (unasked.length === 0) return plan;
    for (const [name, answer] of await index.ask(unasked)) known.set(name, answer);
    const held = (p: PackagePlan) => {
      const answer = known.get(p.package.name);
      return answer !== undefined && ('error' in answer || holdsVersion(answer.versions, p.next as Version));
    };
    if (!planned.some(held)) return plan;
    plan = await planOnce(reader, { ...input, index: { url: index.url, byPackage: new Map(known) } });
  }
}

/** Without an index: the versions each package without a tag has a CHANGELOG.md section for. */
async function changelogVersionsAt(
  reader: RepositoryReader,
  input: Omit<PlanInput, 'history'>,
  head: string,
): Promise<Map<string, Set<string>>> {
  const { tagsByPackage } = assignTags(input);
  const untagged = input.packages.filter((p) => p.changelogPath !== null && !tagsByPackage.has(p.name));
  const specs = untagged.map((p) => `${head}:${p.changelogPath}`);
  const texts = await reader.readFiles(specs);
  const versions = new Map<string, Set<string>>();
  untagged.forEach((p, i) => {
    const text = texts.get(specs[i]);
    if (text) versions.set(p.name, versionsInChangelog(text.toString('utf8')));
  });
  return versions;
}

/** One plan of the input: the packages' own plans, then the cascade with what dependents published. */
async function planOnce(reader: RepositoryReader, input: PlanInput): Promise<ReleasePlan> {
  const draft = draftPlan(input);
  const plan = completePlan(draft, undefined);
  if (plan.dependencyUpdates.length === 0) return plan;
  // What each dependent published at its previous tag decides whether it needs a release: one more
  // read through the same cat-file, however many packages.
  const names = new Set(input.packages.map((p) => p.name));
  const previous = plan.packages.filter(
    (p) => p.previous && plan.dependencyUpdates.some((u) => u.dependent === p.package.name),
  );
  const specs = previous.map((p) => `${p.previous?.commit}:${p.package.pyprojectPath}`);
  const texts = await reader.readFiles(specs);
  const releasedRequirements = new Map<string, InternalRequirement[]>();
  previous.forEach((p, i) => {
    const text = texts.get(specs[i])?.toString('utf8');
    if (text === undefined) return;
    try {
      releasedRequirements.set(
        p.package.name,
        internalRequirementsOf(parseToml(text, p.package.pyprojectPath), names, p.package.name),
      );
    } catch {
      // A file that no longer parses at an old tag tells nothing: the dependent is released.
    }
  });
  // Only the cascade is computed again: the packages' own plans stay as drafted.
  return completePlan(draft, releasedRequirements);
}

/** What a tree holds for pyrelease: its packages and the repository's configuration. */
export interface Workspace extends Discovery {
  readonly config: RepositoryConfig;
  /** Every uv.lock of the tree: a release rewrites its packages' versions in them. */
  readonly lockFiles: readonly string[];
  /** The tree's files that are not plain files, by path: their mode (`100755`, `120000`, `160000`). */
  readonly fileModes: ReadonlyMap<string, string>;
}

/**
 * The packages and configuration of the tree at `commit`: one tree listing and one batch read of every
 * pyproject.toml and the root pyrelease.toml. `globs` (inputs, options) win over the configuration's.
 */
export async function readPackagesAt(
  reader: RepositoryReader,
  commit: string,
  globs: readonly string[],
): Promise<Workspace> {
  const { files, modes } = await reader.listTree(commit);
  const pyprojects = files.filter((f) => f === 'pyproject.toml' || f.endsWith('/pyproject.toml'));
  const wanted = [...pyprojects, ...(files.includes(PYRELEASE_TOML) ? [PYRELEASE_TOML] : [])];
  const contents = await reader.readFiles(wanted.map((f) => `${commit}:${f}`));
  const read = (file: string) => (contents.get(`${commit}:${file}`) ?? Buffer.alloc(0)).toString('utf8');
  const root = pyprojects.includes('pyproject.toml')
    ? parseToml(read('pyproject.toml'), 'pyproject.toml')
    : null;
  const config = readRepositoryConfig(root, files.includes(PYRELEASE_TOML) ? read(PYRELEASE_TOML) : null);
  // Inputs and options win, then the configuration's packages, then a uv workspace's members.
  const uv = readUvWorkspace(root);
  const fromUv = globs.length === 0 && !config.packages && uv !== null;
  const chosen =
    globs.length > 0
      ? globs
      : (config.packages ?? (uv ? [...uv.members, ...(uv.rootIsPackage ? ['.'] : [])] : []));
  if (fromUv && chosen.length === 0) {
    throw new UserError(
      'pyproject.toml [tool.uv.workspace] has no members and its root is not a package (uv treats it as virtual): nothing to release',
      { file: 'pyproject.toml' },
    );
  }
  const pending = findPackages(files, read, {
    globs: chosen,
    globsFrom: fromUv ? 'pyproject.toml [tool.uv.workspace] members' : 'packages',
    globsNameFolders: !fromUv,
    exclude: [...(config.exclude ?? []), ...(uv?.exclude ?? [])],
    config,
  });
  const versionFiles = await reader.readFiles(pending.versionFiles.map((f) => `${commit}:${f}`));
  const { packages, unreleased } = pending.finish(
    (file) => versionFiles.get(`${commit}:${file}`)?.toString('utf8') ?? null,
  );
  if (packages.length === 0) {
    const why =
      unreleased.length > 0
        ? `; not released: ${unreleased.map((u) => `${u.path} (${u.reason})`).join(', ')}`
        : '';
    throw new UserError(
      `no package found at ${commit.slice(0, 12)}: expected folders with a pyproject.toml that names a project${why}`,
    );
  }
  return { packages, unreleased, config, lockFiles: files.filter(isLockFile), fileModes: modes };
}
