import { UserError } from './errors.js';
import type { Git } from './git.js';
import { computePlan, type ReleaseMode, type ReleasePlan, type TagRecord } from './plan.js';
import { RepositoryReader } from './repository.js';
import { TagFormat } from './tags.js';
import { PYRELEASE_TOML, readRepositoryConfig, type RepositoryConfig } from './config/repository-config.js';
import { parseToml } from './pyproject.js';
import { discoverPackages, type Package } from './workspace.js';

export interface PlanRequest {
  readonly mode: ReleaseMode;
  /** The ref whose tree and history are released, e.g. `origin/test`. */
  readonly baseRef: string;
  /** Package folder globs; empty: discover every package. */
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
}

/** Plans the base ref of the local repository with its local tags (the read-only `plan` command). */
export async function planFromRepository(git: Git, request: PlanRequest): Promise<ReleasePlan> {
  const reader = new RepositoryReader(git);
  const head = await reader.resolveCommit(request.baseRef);
  if (!head) throw new UserError(`base branch ${request.baseRef} does not exist in ${git.cwd}`);
  if (await reader.isShallow()) {
    throw new UserError(
      'this repository is a shallow clone and the plan needs its whole history: run git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)',
    );
  }
  return planAt(git, { ...request, head, tags: await reader.listTags() });
}

/**
 * Computes the plan for commit `head` with the given tags (a release uses the remote's), reading the
 * repository with a fixed number of git processes: tree listing, one batch read, one history walk.
 */
export async function planAt(
  git: Git,
  request: Omit<PlanRequest, 'baseRef'> & { readonly head: string; readonly tags: readonly TagRecord[] },
): Promise<ReleasePlan> {
  const { head } = request;
  const reader = new RepositoryReader(git);
  const { packages, config } = await readPackagesAt(reader, head, request.packageGlobs ?? []);
  // An input or option wins over the configuration, which wins over the default.
  const tagFormat = new TagFormat(request.tagFormat ?? config.tagFormat);
  // Only the tags of these packages are release history; other tags may not even point at commits.
  const names = new Set(packages.map((p) => p.name));
  const tags = request.tags.filter((t) => tagFormat.parse(t.name, names) !== null);
  const history = await reader.readHistory(head, [...new Set(tags.map((t) => t.commit))]);
  return computePlan({ mode: request.mode, packages, tags, history, tagFormat });
}

/** What a tree holds for pyrelease: its packages and the repository's configuration. */
export interface Workspace {
  readonly packages: Package[];
  readonly config: RepositoryConfig;
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
  const files = await reader.listFiles(commit);
  const pyprojects = files.filter((f) => f === 'pyproject.toml' || f.endsWith('/pyproject.toml'));
  const wanted = [...pyprojects, ...(files.includes(PYRELEASE_TOML) ? [PYRELEASE_TOML] : [])];
  const contents = await reader.readFiles(wanted.map((f) => `${commit}:${f}`));
  const read = (file: string) => (contents.get(`${commit}:${file}`) ?? Buffer.alloc(0)).toString('utf8');
  const config = readRepositoryConfig(
    pyprojects.includes('pyproject.toml') ? parseToml(read('pyproject.toml'), 'pyproject.toml') : null,
    files.includes(PYRELEASE_TOML) ? read(PYRELEASE_TOML) : null,
  );
  const chosen = globs.length > 0 ? globs : (config.packages ?? []);
  const packages = discoverPackages(files, read, chosen, config.exclude ?? []);
  if (packages.length === 0) {
    throw new UserError(
      `no package found at ${commit.slice(0, 12)}: expected folders with a pyproject.toml that names a project`,
    );
  }
  return { packages, config };
}
