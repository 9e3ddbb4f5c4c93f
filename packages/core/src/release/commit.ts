import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import type { RemoteState } from '../git/remote.js';
import { commitReleases, releaseIdentity, type PreparedRelease } from './prepare.js';
import type { RunContext } from './preflight.js';
import { reason } from './push.js';

/** A local run without push leaves its tags; the next run replaces them, and says so. */
export async function warnAboutReplacedLocalTags(
  git: Git,
  prepared: readonly PreparedRelease[],
  remoteTags: RemoteState['tags'],
  logger: Logger,
): Promise<void> {
  const local = await git.text([
    'for-each-ref',
    '--format=%(refname:strip=2)',
    ...prepared.map((r) => `refs/tags/${r.tag}`),
  ]);
  const onRemote = new Set(remoteTags.map((t) => t.name));
  for (const tag of local.split('\n').filter(Boolean)) {
    if (!onRemote.has(tag))
      logger.warning(`local tag ${tag} was left by an earlier run that did not push: this run replaces it`);
  }
}

/**
 * Commits and tags go to a scratch ref first and the checkout follows in one command, so a run
 * stopped in between leaves the local branch and working tree as they were, not half moved.
 */
export async function commitAndCheckOut(
  git: Git,
  o: { baseSha: string; releaseBranch: string; prepared: readonly PreparedRelease[]; now: Date },
  logger: Logger,
) {
  const scratchRef = 'refs/pyrelease/release-tip';
  const identity = await releaseIdentity(git);
  const committed = await commitReleases(git, {
    base: o.baseSha,
    ref: scratchRef,
    releases: o.prepared,
    identity,
    now: o.now,
  }).catch((error: unknown) => {
    throw new UserError(`cannot commit the release on ${o.releaseBranch}: ${reason(error)}`);
  });
  await git
    .run(['checkout', '--quiet', '--no-track', '-B', o.releaseBranch, committed.tip])
    .catch(async (error: unknown) => {
      // Leave no tag of an unpushed release behind: a later `git push --tags` would publish it.
      const refs = [scratchRef, ...committed.releases.map((r) => `refs/tags/${r.tag}`)];
      await git.run(['update-ref', '--stdin'], { input: refs.map((r) => `delete ${r}\n`).join('') });
      throw new UserError(
        `cannot create or reset release branch ${o.releaseBranch} at the release commit ${committed.tip.slice(0, 12)}: ${reason(error)}`,
      );
    });
  await git.run(['update-ref', '-d', scratchRef]);
  for (const r of committed.releases)
    logger.info(`committed ${r.commitMessage} (${r.commit.slice(0, 12)}) and tagged ${r.tag}`);
  return committed;
}

/** The CLI's promise: after a local release the checkout is back where the user left it. */
export async function restoreCheckout(
  git: Git,
  startedOn: RunContext['startedOn'],
  logger: Logger,
): Promise<void> {
  // A branch name from symbolic-ref, or a SHA; the `--` keeps git from reading either as a path.
  const args = startedOn.branch
    ? ['checkout', '--quiet', startedOn.branch.replace(/^refs\/heads\//, ''), '--']
    : startedOn.commit
      ? ['checkout', '--quiet', '--detach', startedOn.commit, '--']
      : null;
  if (!args) return;
  await git.run(args).catch((error: unknown) => {
    logger.warning(`the checkout stays on the release branch: cannot go back (${reason(error)})`);
  });
}
