import { RepositoryReader, UserError, type Git } from '../../core/src/index.js';

/** The branch a command plans from, as the user names it (`plan`, `preview`). */

/** The remote-tracking branch when there is one (what a release would use), else the local branch. */
export async function resolveBaseRef(git: Git, remote: string, branch: string): Promise<string> {
  const reader = new RepositoryReader(git);
  for (const ref of [`refs/remotes/${remote}/${branch}`, `refs/heads/${branch}`]) {
    if (await reader.resolveCommit(ref)) return ref;
  }
  throw new UserError(`base branch ${branch} exists neither as ${remote}/${branch} nor as a local branch`);
}

/** `origin/test` for a remote-tracking branch, `test (local branch)` for a local one. */
export function branchLabel(ref: string, remote: string): string {
  const tracking = `refs/remotes/${remote}/`;
  return ref.startsWith(tracking)
    ? `${remote}/${ref.slice(tracking.length)}`
    : `${ref.replace(/^refs\/heads\//, '')} (local branch)`;
}
