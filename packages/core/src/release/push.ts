import { oneLine, UserError } from '../errors.js';
import { CommandError } from '../git/exec.js';
import type { Git } from '../git/git.js';
import { listRemote } from '../git/remote.js';
import type { Logger } from '../logger.js';
import { doing, waitingFor } from '../progress.js';
import type { CommittedRelease } from './commit.js';

/** The atomic push of the release branch to `tip` and `tags`, leased on where this run found the branch. */
export function pushArgs(
  run: { readonly remote: string; readonly releaseBranch: string; readonly leaseSha: string },
  tip: string,
  tags: readonly string[],
): string[] {
  return [
    'push',
    '--atomic',
    '--porcelain',
    `--force-with-lease=refs/heads/${run.releaseBranch}:${run.leaseSha}`,
    '--end-of-options',
    run.remote,
    `${tip}:refs/heads/${run.releaseBranch}`,
    ...tags.map((t) => `refs/tags/${t}:refs/tags/${t}`),
  ];
}

/** One atomic push of the branch and its tags; the tags the pushed release holds. */
export async function pushRelease(
  git: Git,
  o: {
    remote: string;
    releaseBranch: string;
    leaseSha: string;
    auth: Record<string, string>;
    timeoutMs: number;
    committed: { tip: string; releases: readonly CommittedRelease[] };
  },
  logger: Logger,
): Promise<string[]> {
  const { remote, releaseBranch, leaseSha, auth, timeoutMs, committed } = o;
  let tags = committed.releases.map((r) => r.tag);
  try {
    await waitingFor(logger, doing(`pushing ${releaseBranch} and ${tags.length} tag(s) to ${remote}`), () =>
      git.run(pushArgs(o, committed.tip, tags), { env: auth, timeoutMs }),
    );
  } catch (error) {
    // Classify the failure against the remote as it is now: an atomic push changed nothing there.
    const remoteNow = await listRemote(git, remote, auth, timeoutMs).catch(() => null);
    // The remote may have taken the push before the error (a connection lost or timed out afterwards).
    const landed =
      remoteNow !== null &&
      remoteNow.branches.get(releaseBranch) === committed.tip &&
      committed.releases.every((r) => remoteNow.tags.some((t) => t.name === r.tag && t.commit === r.commit));
    if (landed) {
      logger.warning(
        `git push reported a failure, but ${remote} holds ${releaseBranch} and every tag of this release: the push is done (${reason(error)})`,
      );
      return tags;
    }
    const taken = remoteNow ? tags.filter((t) => remoteNow.tags.some((r) => r.name === t)) : [];
    const leaseHolds = remoteNow !== null && (remoteNow.branches.get(releaseBranch) ?? '') === leaseSha;
    if (taken.length === 0 || !leaseHolds) throw pushFailure(error, releaseBranch, leaseHolds);
    for (const t of taken) logger.warning(`tag ${t} already exists on ${remote}: left out of the push`);
    tags = tags.filter((t) => !taken.includes(t));
    await git.run(pushArgs(o, committed.tip, tags), { env: auth, timeoutMs }).catch((retryError: unknown) => {
      throw pushFailure(retryError, releaseBranch, true);
    });
  }
  return tags;
}

/** What went wrong, on one line (git's stderr often spans several). */
export function reason(error: unknown): string {
  return oneLine(
    error instanceof CommandError
      ? error.stderr.trim() || error.message
      : error instanceof Error
        ? error.message
        : String(error),
  );
}

/** release flow §11 "Push failed on release branch": name the fix that works for protection and rulesets. */
function pushFailure(error: unknown, releaseBranch: string, leaseHolds: boolean): UserError {
  const detail = reason(error).replace(/\s+/g, ' ');
  // GitHub's "Require signed commits" (branch protection or a ruleset) names the signatures.
  if (/verified signatures|must be signed|signed commits/i.test(detail)) {
    return new UserError(
      `push of ${releaseBranch} was rejected because the branch requires signed commits (nothing was pushed): ${detail} — give cut-release a signing key (the signing-key input, an SSH or OpenPGP private key kept as a secret; on the CLI, --sign with your git signing configuration), and register its public key with the identity that releases`,
    );
  }
  if (/GH006|GH013|protected branch|ruleset/i.test(detail)) {
    return new UserError(
      `push of ${releaseBranch} was rejected by branch protection or a ruleset (nothing was pushed): ${detail} — the default GITHUB_TOKEN ("GitHub Actions" integration) cannot be added to a repository ruleset's bypass list, so pass cut-release a token from a GitHub App that is on the bypass list (actions/create-github-app-token), or leave the release branches out of rulesets that require pull requests`,
    );
  }
  // The branch is where this run found it, yet the remote refused: it denies moving the branch to a
  // commit that does not descend from it (receive.denyNonFastForwards or a similar server rule).
  if (leaseHolds && /non-fast-forward/i.test(detail)) {
    return new UserError(
      `push of ${releaseBranch} was rejected because the remote does not allow force pushes to it (nothing was pushed): ${detail} — every release resets the release branch to the base commit, so allow force pushes on ${releaseBranch} for the identity that releases`,
    );
  }
  if (/stale info|fetch first|non-fast-forward/i.test(detail)) {
    return new UserError(
      `push of ${releaseBranch} was rejected because it changed on the remote since this run read it (another release run?); nothing was pushed: ${detail}`,
    );
  }
  return new UserError(`cannot push ${releaseBranch} and its tags (nothing was pushed): ${detail}`);
}
