import { UserError } from './errors.js';
import type { Git } from './git.js';
import { computePlan, type ReleaseMode, type ReleasePlan } from './plan.js';
import { RepositoryReader } from './repository.js';
import { TagFormat } from './tags.js';
import { discoverPackages } from './workspace.js';

export interface PlanRequest {
  readonly mode: ReleaseMode;
  /** The ref whose tree and history are released, e.g. `origin/test`. */
  readonly baseRef: string;
  /** Package folder globs; empty: discover every package. */
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
}

/** Reads the repository (a fixed number of git processes) and computes the plan for `baseRef`. */
export async function planFromRepository(git: Git, request: PlanRequest): Promise<ReleasePlan> {
  const tagFormat = new TagFormat(request.tagFormat);
  const reader = new RepositoryReader(git);
  const head = await reader.resolveCommit(request.baseRef);
  if (!head) throw new UserError(`base branch ${request.baseRef} does not exist in ${git.cwd}`);

  const files = await reader.listFiles(head);
  const pyprojects = files.filter((f) => f === 'pyproject.toml' || f.endsWith('/pyproject.toml'));
  const contents = await reader.readFiles(pyprojects.map((f) => `${head}:${f}`));
  const read = (file: string) => (contents.get(`${head}:${file}`) ?? Buffer.alloc(0)).toString('utf8');
  const packages = discoverPackages(files, read, request.packageGlobs ?? []);
  if (packages.length === 0) {
    throw new UserError(
      `no package found at ${request.baseRef}: expected folders with a pyproject.toml that names a project`,
    );
  }

  const tags = await reader.listTags();
  const history = await reader.readHistory(head, [...new Set(tags.map((t) => t.commit))]);
  return computePlan({ mode: request.mode, packages, tags, history, tagFormat });
}
