import { oneLine, UserError } from './errors.js';
import { CommandError } from './exec.js';
import type { Git } from './git.js';
import type { Logger } from './logger.js';
import type { ReleaseMode, ReleasePlan } from './plan.js';
import { formatPlanTable } from './plan-format.js';
import { planAt } from './planner.js';
import {
  commitReleases,
  prepareReleases,
  releaseIdentity,
  type PreparedRelease,
  type ReleasedPackage,
} from './release.js';
import { listRemote, tokenAuthEnv } from './remote.js';
import { RepositoryReader } from './repository.js';
import { isValidRefComponent } from './tags.js';

export interface CutReleaseOptions {
  readonly mode: ReleaseMode;
  readonly baseBranch: string;
  readonly releaseBranch: string;
  readonly remote?: string;
  readonly push: boolean;
  readonly dryRun?: boolean;
  readonly allowDirty?: boolean;
  readonly skipBaseSyncCheck?: boolean;
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
  /** The commit CI tested (GITHUB_SHA); null: the checkout's HEAD. */
  readonly testedSha?: string | null;
  /** Authenticates https fetch and push for this run only. */
  readonly token?: string | null;
  readonly now?: Date;
  /** Each network command is killed after this long (default 5 minutes). */
  readonly networkTimeoutMs?: number;
}

export interface CutReleaseResult {
  readonly plan: ReleasePlan;
  /** Packages whose tag was created (and pushed, when pushing). */
  readonly released: readonly ReleasedPackage[];
  /** The release branch's new tip; null when nothing was released. */
  readonly releaseSha: string | null;
  readonly pushed: boolean;
  /** In dry-run mode: the commands a real run would execute. */
  readonly commands: readonly string[];
}

const DEFAULT_NETWORK_TIMEOUT_MS = 5 * 60_000;

/**
 * spec §4 and §7: fetch, verify the base, reset the release branch to it, bump and commit each changed
 * package, tag, and push branch and tags in one atomic push. A hard failure leaves the remote untouched.
 */
export async function cutRelease(
  git: Git,
  options: CutReleaseOptions,
  logger: Logger,
): Promise<CutReleaseResult> {
  const remote = options.remote ?? 'origin';
  const { baseBranch, releaseBranch, mode } = options;
  validateBranch('base-branch', baseBranch);
  validateBranch('release-branch', releaseBranch);
  if (baseBranch === releaseBranch) {
    throw new UserError(
      `release-branch must differ from base-branch (both are ${JSON.stringify(baseBranch)})`,
    );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote))
    throw new UserError(`remote ${JSON.stringify(remote)} is not a remote name`);
  const timeoutMs = options.networkTimeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
  const dryRun = options.dryRun ?? false;

  const head = await git.run(['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] });
  if (head.exitCode !== 0)
    logger.warning('HEAD is detached (usual in GitHub Actions): continuing from the base branch');
  if (!options.allowDirty) await assertClean(git);

  const remoteUrl = await git
    .text(['remote', 'get-url', '--end-of-options', remote])
    .catch(() =>
      Promise.reject(new UserError(`remote ${JSON.stringify(remote)} is not configured in this repository`)),
    );
  const auth = tokenAuthEnv(remoteUrl, options.token);
  const state = await listRemote(git, remote, auth, timeoutMs);
  const baseSha = state.branches.get(baseBranch);
  if (!baseSha) throw new UserError(`the remote base branch ${remote}/${baseBranch} does not exist`);
  const leaseSha = state.branches.get(releaseBranch) ?? '';

  const tested = options.testedSha || (await git.text(['rev-parse', 'HEAD']));
  if (tested !== baseSha) {
    if (!options.skipBaseSyncCheck) {
      throw new UserError(
        `base moved since CI ran: the tested commit is ${tested.slice(0, 12)} but ${remote}/${baseBranch} is ${baseSha.slice(0, 12)}; release from the exact ${remote}/${baseBranch} commit, or set skip-base-sync-check`,
      );
    }
    logger.warning(
      `releasing ${remote}/${baseBranch} at ${baseSha.slice(0, 12)}, not the tested commit ${tested.slice(0, 12)} (skip-base-sync-check)`,
    );
  }

  await fetch(git, { remote, baseBranch, baseSha, auth, timeoutMs, dryRun, logger });
  const plan = await planAt(git, {
    mode,
    head: baseSha,
    tags: state.tags,
    packageGlobs: options.packageGlobs,
    tagFormat: options.tagFormat,
  });
  logger.info(`${mode} plan of ${remote}/${baseBranch} (${baseSha.slice(0, 12)})\n${formatPlanTable(plan)}`);
  const now = options.now ?? new Date();
  const prepared = await prepareReleases(git, plan, now.toISOString().slice(0, 10));
  const pushArgs = (tip: string, tags: readonly string[]) => [
    'push',
    '--atomic',
    '--porcelain',
    `--force-with-lease=refs/heads/${releaseBranch}:${leaseSha}`,
    '--end-of-options',
    remote,
    `${tip}:refs/heads/${releaseBranch}`,
    ...tags.map((t) => `refs/tags/${t}:refs/tags/${t}`),
  ];

  if (prepared.length === 0) {
    logger.info(`nothing to release in ${mode} mode at ${remote}/${baseBranch} (${baseSha.slice(0, 12)})`);
    return { plan, released: [], releaseSha: null, pushed: false, commands: [] };
  }
  if (dryRun) {
    const commands = [
      `git checkout -B ${releaseBranch} ${baseSha}`,
      ...prepared.map(
        (r) => `commit "${r.commitMessage}" (${r.files.map((f) => f.path).join(', ')}) and tag ${r.tag}`,
      ),
      ...(options.push
        ? [
            `git ${pushArgs(
              '<release commit>',
              prepared.map((r) => r.tag),
            ).join(' ')}`,
          ]
        : []),
    ];
    return { plan, released: prepared.map(toReleased), releaseSha: null, pushed: false, commands };
  }

  // Commits and tags go to a scratch ref first and the checkout follows in one command, so a run
  // stopped in between leaves the local branch and working tree as they were, not half moved.
  const scratchRef = 'refs/pyrelease/release-tip';
  const identity = await releaseIdentity(git);
  const committed = await commitReleases(git, {
    base: baseSha,
    ref: scratchRef,
    releases: prepared,
    identity,
    now,
  }).catch((error: unknown) => {
    throw new UserError(`cannot commit the release on ${releaseBranch}: ${reason(error)}`);
  });
  await git
    .run(['checkout', '--quiet', '--no-track', '-B', releaseBranch, committed.tip])
    .catch(async (error: unknown) => {
      // Leave no tag of an unpushed release behind: a later `git push --tags` would publish it.
      const refs = [scratchRef, ...committed.releases.map((r) => `refs/tags/${r.tag}`)];
      await git.run(['update-ref', '--stdin'], { input: refs.map((r) => `delete ${r}\n`).join('') });
      throw new UserError(
        `cannot create or reset release branch ${releaseBranch} at the release commit ${committed.tip.slice(0, 12)}: ${reason(error)}`,
      );
    });
  await git.run(['update-ref', '-d', scratchRef]);
  for (const r of committed.releases)
    logger.info(`committed ${r.commitMessage} (${r.commit.slice(0, 12)}) and tagged ${r.tag}`);
  if (!options.push) {
    logger.info(
      `not pushed: ${releaseBranch} and ${committed.releases.length} tag(s) are local only (push is off)`,
    );
    return {
      plan,
      released: committed.releases.map(toReleased),
      releaseSha: committed.tip,
      pushed: false,
      commands: [],
    };
  }

  let tags = committed.releases.map((r) => r.tag);
  try {
    await git.run(pushArgs(committed.tip, tags), { env: auth, timeoutMs });
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
    } else {
      const taken = remoteNow ? tags.filter((t) => remoteNow.tags.some((r) => r.name === t)) : [];
      const leaseHolds = remoteNow !== null && (remoteNow.branches.get(releaseBranch) ?? '') === leaseSha;
      if (taken.length === 0 || !leaseHolds) throw pushFailure(error, releaseBranch, leaseHolds);
      for (const t of taken) logger.warning(`tag ${t} already exists on ${remote}: left out of the push`);
      tags = tags.filter((t) => !taken.includes(t));
      await git.run(pushArgs(committed.tip, tags), { env: auth, timeoutMs }).catch((retryError: unknown) => {
        throw pushFailure(retryError, releaseBranch, true);
      });
    }
  }
  logger.info(`pushed ${releaseBranch} and ${tags.length} tag(s) to ${remote} in one atomic push`);
  const released = committed.releases.filter((r) => tags.includes(r.tag)).map(toReleased);
  return { plan, released, releaseSha: committed.tip, pushed: true, commands: [] };
}

/** Only what a caller may see: not the plan, the commit message or the files. */
function toReleased({
  name,
  version,
  previous,
  tag,
  path,
  channel,
  notes,
}: PreparedRelease): ReleasedPackage {
  return { name, version, previous, tag, path, channel, notes };
}

function validateBranch(input: string, branch: string): void {
  if (!branch || !isValidRefComponent(branch) || branch.startsWith('-')) {
    throw new UserError(`${input} ${JSON.stringify(branch)} is not a valid branch name`);
  }
}

async function assertClean(git: Git): Promise<void> {
  const status = await git.text(['status', '--porcelain', '--untracked-files=no']);
  if (status.trim() !== '') {
    const files = status
      .split('\n')
      .map((l) => l.slice(3))
      .slice(0, 5)
      .join(', ');
    throw new UserError(
      `the working tree has uncommitted changes (${files}); commit or stash them, or set allow-dirty`,
    );
  }
}

/** Base branch and every tag, forced, so the plan sees the remote's tags. A dry run only fetches objects. */
async function fetch(
  git: Git,
  o: {
    remote: string;
    baseBranch: string;
    baseSha: string;
    auth: Record<string, string>;
    timeoutMs: number;
    dryRun: boolean;
    logger: Logger;
  },
): Promise<void> {
  const refspecs = [
    `+refs/heads/${o.baseBranch}:refs/remotes/${o.remote}/${o.baseBranch}`,
    '+refs/tags/*:refs/tags/*',
  ];
  // A dry run takes the objects and updates no ref. Not by naming each tag instead of the wildcard:
  // git matches named refspecs against the advertisement one by one, 40 s for 7,667 tags.
  const flags = o.dryRun ? ['--dry-run'] : [];
  // A shallow checkout (actions/checkout's default depth 1) would make its boundary commit look like it
  // changed every file and hide older commits: the plan needs the whole history.
  if (await new RepositoryReader(git).isShallow()) {
    o.logger.info('the checkout is shallow: fetching its full history, which the plan needs');
    flags.push('--unshallow');
  }
  await git.run(['fetch', '--quiet', '--no-tags', '--stdin', ...flags, '--end-of-options', o.remote], {
    input: refspecs.map((r) => `${r}\n`).join(''),
    env: o.auth,
    timeoutMs: o.timeoutMs,
  });
  const fetched = await git.run(['cat-file', '-e', `${o.baseSha}^{commit}`], { okExitCodes: [1, 128] });
  if (fetched.exitCode !== 0) {
    throw new UserError(
      `base moved while fetching: ${o.remote}/${o.baseBranch} no longer points at ${o.baseSha.slice(0, 12)}`,
    );
  }
}

/** What went wrong, on one line (git's stderr often spans several). */
function reason(error: unknown): string {
  return oneLine(
    error instanceof CommandError
      ? error.stderr.trim() || error.message
      : error instanceof Error
        ? error.message
        : String(error),
  );
}

/** spec §11 "Push failed on release branch": name the fix that works for protection and rulesets. */
function pushFailure(error: unknown, releaseBranch: string, leaseHolds: boolean): UserError {
  const detail = reason(error).replace(/\s+/g, ' ');
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
