import { oneLine, UserError } from '../errors.js';
import { CommandError } from '../git/exec.js';
import type { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import type { ReleaseMode, ReleasePlan } from '../plan/types.js';
import { formatPlanTable, formatReleaseCommit } from '../plan/format.js';
import { planAt } from '../plan/planner.js';
import { RepositoryLinks } from '../changelog/links.js';
import { findUnpublished, latestTagsOfChannel, type TaggedRelease } from '../publish/unpublished.js';
import {
  commitReleases,
  prepareReleases,
  releaseIdentity,
  type CommittedRelease,
  type PreparedRelease,
  type ReleasedPackage,
} from './prepare.js';
import { foreignCommits, isPerRunBranch, renderReleaseBranch } from './release-branch.js';
import { listRemote, tokenAuthEnv, type RemoteState } from '../git/remote.js';
import { RepositoryReader } from '../git/repository.js';
import { ACTION_SETTINGS, type SettingNames } from '../settings.js';
import { isValidRefComponent } from '../versioning/tags.js';

export interface CutReleaseOptions {
  readonly mode: ReleaseMode;
  readonly baseBranch: string;
  /** The release branch; `{date}` and `{sha}` make it a new branch per run (release flow §8). */
  readonly releaseBranch: string;
  readonly remote?: string;
  readonly push: boolean;
  readonly dryRun?: boolean;
  readonly allowDirty?: boolean;
  readonly skipBaseSyncCheck?: boolean;
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
  /** A maintenance line (`0.6`); empty: the configuration's `line`. */
  readonly line?: string;
  /** The commit CI tested (GITHUB_SHA); null: the checkout's HEAD. */
  readonly testedSha?: string | null;
  /** Authenticates https fetch and push for this run only. */
  readonly token?: string | null;
  /**
   * The repository's web address (`GITHUB_SERVER_URL/GITHUB_REPOSITORY`) that changelog entries link
   * into; absent: the remote's URL, when it names a repository on a web host.
   */
  readonly webUrl?: string;
  /**
   * The index the publish jobs upload to (its upload URL): when given, each package's newest tag of
   * the run's channel that this run does not release is checked there, and those whose version the
   * index lacks are returned as `unpublished` (an earlier run stopped before publishing them).
   */
  readonly indexUrl?: string;
  readonly now?: Date;
  /** Each network command is killed after this long (default 5 minutes). */
  readonly networkTimeoutMs?: number;
  /** Go back to the branch (or commit) the checkout was on once the release is committed: the CLI's way. */
  readonly restoreCheckout?: boolean;
  /** How messages name settings (default: action inputs). */
  readonly settingNames?: SettingNames;
}

export interface CutReleaseResult {
  readonly plan: ReleasePlan;
  /** The release branch's name in this run (per-run placeholders filled in). */
  readonly releaseBranch: string;
  /** Packages whose tag was created (and pushed, when pushing). */
  readonly released: readonly ReleasedPackage[];
  /** The release branch's new tip; null when nothing was released. */
  readonly releaseSha: string | null;
  readonly pushed: boolean;
  /** In dry-run mode: the commands a real run would execute. */
  readonly commands: readonly string[];
  /** Earlier tags of this channel whose version the index lacks (only with `indexUrl`). */
  readonly unpublished: readonly TaggedRelease[];
}

const DEFAULT_NETWORK_TIMEOUT_MS = 5 * 60_000;

/**
 * release flow §4 and §7: fetch, verify the base, reset the release branch to it, bump and commit each changed
 * package, tag, and push branch and tags in one atomic push. A hard failure leaves the remote untouched.
 */
export async function cutRelease(
  git: Git,
  options: CutReleaseOptions,
  logger: Logger,
): Promise<CutReleaseResult> {
  const run = await preflight(git, options, logger);
  const { remote, baseSha, releaseBranch, leaseSha, auth, timeoutMs, now } = run;
  const { mode } = options;
  const dryRun = options.dryRun ?? false;

  await fetch(git, { ...run, dryRun, logger });
  // The plan and the release commits read their files through one cat-file process.
  const { plan, prepared } = await git.keepReading(async () => {
    const plan = await planAt(git, {
      mode,
      head: baseSha,
      tags: run.tags,
      packageGlobs: options.packageGlobs,
      tagFormat: options.tagFormat,
      line: options.line,
    });
    for (const warning of plan.warnings) logger.warning(warning);
    logger.info(
      `${mode} plan of ${remote}/${options.baseBranch} (${baseSha.slice(0, 12)})\n${formatPlanTable(plan)}`,
    );
    const prepared = await prepareReleases(git, plan, now.toISOString().slice(0, 10), logger, run.links);
    for (const r of prepared) logger.info(formatReleaseCommit(r));
    return { plan, prepared };
  });
  // A run cancelled or failed between its push and its publish jobs left tags the index lacks.
  const unpublished = options.indexUrl
    ? await findUnpublished(
        latestTagsOfChannel(plan, new Set(prepared.map((r) => r.name))),
        options.indexUrl,
        logger,
      )
    : [];
  const nothing = {
    plan,
    releaseBranch,
    released: [],
    releaseSha: null,
    pushed: false,
    commands: [],
    unpublished,
  };
  if (prepared.length > 0 && run.perRun && leaseSha) {
    await assertReleasedByEarlierRun(git, { releaseBranch, baseSha, leaseSha, prepared, names: run.names });
    logger.info(
      `release branch ${releaseBranch} already exists and holds ${baseSha.slice(0, 12)}: an earlier run released this base commit, and a per-run release branch is never reset, so nothing is released`,
    );
    return nothing;
  }
  if (prepared.length === 0) {
    logger.info(
      `nothing to release in ${mode} mode at ${remote}/${options.baseBranch} (${baseSha.slice(0, 12)})`,
    );
    return nothing;
  }
  // The remote release branch, and a local one that the checkout would reset, lose nothing but
  // release commits (or commits that tags keep).
  const localSha = dryRun
    ? null
    : await new RepositoryReader(git).resolveCommit(`refs/heads/${releaseBranch}`);
  // Released history stays reachable from the packages' tags (after a base branch was rewritten).
  const tagged = plan.packages
    .flatMap((p) => [p.lastAny?.commit, p.lastFinal?.commit])
    .filter((c): c is string => c !== undefined);
  for (const tip of new Set([leaseSha, localSha ?? ''])) {
    if (!tip || tip === baseSha) continue;
    await assertOnlyReleaseCommits(git, {
      releaseBranch: tip === leaseSha ? releaseBranch : `${releaseBranch} (the local branch)`,
      baseBranch: options.baseBranch,
      baseSha,
      tip,
      kept: [...(leaseSha && tip !== leaseSha ? [leaseSha] : []), ...tagged],
      plan,
      names: run.names,
    });
  }
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
    return { ...nothing, released: prepared.map(toReleased), commands };
  }

  await warnAboutReplacedLocalTags(git, prepared, run.tags, logger);
  const committed = await commitAndCheckOut(git, { baseSha, releaseBranch, prepared, now }, logger);
  try {
    if (!options.push) {
      logger.info(
        `not pushed: ${releaseBranch} and ${committed.releases.length} tag(s) are local only (push is off); a later run replaces these local tags unless they are pushed`,
      );
      return { ...nothing, released: committed.releases.map(toReleased), releaseSha: committed.tip };
    }
    const tags = await pushRelease(
      git,
      { remote, releaseBranch, leaseSha, auth, timeoutMs, committed, pushArgs },
      logger,
    );
    logger.info(`pushed ${releaseBranch} and ${tags.length} tag(s) to ${remote} in one atomic push`);
    const released = committed.releases.filter((r) => tags.includes(r.tag)).map(toReleased);
    return { ...nothing, released, releaseSha: committed.tip, pushed: true };
  } finally {
    if (options.restoreCheckout) await restoreCheckout(git, run.startedOn, logger);
  }
}

interface RunContext {
  readonly remote: string;
  readonly baseBranch: string;
  readonly baseSha: string;
  /** The release branch's name for this run (per-run placeholders filled in). */
  readonly releaseBranch: string;
  readonly perRun: boolean;
  /** Where the remote's release branch is now ('' when it does not exist): the push's lease. */
  readonly leaseSha: string;
  readonly tags: RemoteState['tags'];
  /** Where changelog entries link to; null: plain text. */
  readonly links: RepositoryLinks | null;
  readonly auth: Record<string, string>;
  readonly timeoutMs: number;
  /** What HEAD was when the run started: a branch (`refs/heads/…`) or a commit when detached. */
  readonly startedOn: { readonly branch: string | null; readonly commit: string | null };
  readonly names: SettingNames;
  /** The run's one clock: the per-run branch name and the changelog date agree even across midnight. */
  readonly now: Date;
}

/** Every check before anything changes: inputs, the checkout, the remote's state and the tested commit. */
async function preflight(git: Git, options: CutReleaseOptions, logger: Logger): Promise<RunContext> {
  const names = options.settingNames ?? ACTION_SETTINGS;
  const remote = options.remote ?? 'origin';
  const { baseBranch } = options;
  const now = options.now ?? new Date();
  validateBranch('base-branch', baseBranch);
  const nameFor = (baseSha: string) => renderReleaseBranch(options.releaseBranch, { now, baseSha });
  validateBranch('release-branch', nameFor('0'.repeat(40)), options.releaseBranch);
  // Checked on the name as given (before any network call) and again once {date} and {sha} are filled in.
  const assertDiffers = (name: string) => {
    if (name === baseBranch) {
      throw new UserError(
        `release-branch must differ from base-branch (both are ${JSON.stringify(baseBranch)})`,
      );
    }
  };
  assertDiffers(options.releaseBranch);
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote))
    throw new UserError(`remote ${JSON.stringify(remote)} is not a remote name`);
  const timeoutMs = options.networkTimeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;

  const head = await git.run(['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] });
  const branch = head.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
  if (!branch) logger.warning('HEAD is detached (usual in GitHub Actions): continuing from the base branch');
  if (!options.allowDirty) await assertClean(git, names);

  const remoteUrl = await git
    .text(['remote', 'get-url', '--end-of-options', remote])
    .catch(() =>
      Promise.reject(new UserError(`remote ${JSON.stringify(remote)} is not configured in this repository`)),
    );
  const auth = tokenAuthEnv(remoteUrl, options.token);
  // A blobless checkout fetches the files the release reads from the same remote, with the same token.
  git.fetchObjectsWith(auth, timeoutMs);
  const state = await listRemote(git, remote, auth, timeoutMs);
  const baseSha = state.branches.get(baseBranch);
  if (!baseSha) throw new UserError(`the remote base branch ${remote}/${baseBranch} does not exist`);
  const releaseBranch = nameFor(baseSha);
  assertDiffers(releaseBranch);

  const tested = options.testedSha || (await git.text(['rev-parse', 'HEAD']));
  if (tested !== baseSha) {
    if (!options.skipBaseSyncCheck) {
      throw new UserError(
        `base moved since CI ran: the tested commit is ${tested.slice(0, 12)} but ${remote}/${baseBranch} is ${baseSha.slice(0, 12)}; release from the exact ${remote}/${baseBranch} commit, or ${names.flag('skip-base-sync-check')}`,
      );
    }
    logger.warning(
      `releasing ${remote}/${baseBranch} at ${baseSha.slice(0, 12)}, not the tested commit ${tested.slice(0, 12)} (${names.value('skip-base-sync-check')})`,
    );
  }
  const startedOn = {
    branch,
    commit: branch ? null : await git.text(['rev-parse', 'HEAD']).catch(() => null),
  };
  return {
    remote,
    baseBranch,
    baseSha,
    releaseBranch,
    perRun: isPerRunBranch(options.releaseBranch),
    leaseSha: state.branches.get(releaseBranch) ?? '',
    tags: state.tags,
    links: RepositoryLinks.fromUrl(options.webUrl || remoteUrl),
    auth,
    timeoutMs,
    startedOn,
    names,
    now,
  };
}

/**
 * DESIGN "Safety rules": a release branch is only ever reset over release commits. Anything else on it
 * (a hotfix on `master` given as release-branch by mistake) would be lost by the force push.
 */
async function assertOnlyReleaseCommits(
  git: Git,
  o: {
    releaseBranch: string;
    baseBranch: string;
    baseSha: string;
    tip: string;
    /** Commits whose history stays (the remote's tags, the remote branch): not lost by a reset. */
    kept: readonly string[];
    plan: ReleasePlan;
    names: SettingNames;
  },
): Promise<void> {
  const commits = await new RepositoryReader(git).readCommitsBetween([o.baseSha, ...o.kept], o.tip);
  const foreign = foreignCommits(
    commits,
    o.plan.packages.map((p) => p.package),
  );
  if (foreign.length === 0) return;
  const first = foreign[0];
  const subject = first.message.split('\n', 1)[0];
  throw new UserError(
    `release branch ${o.releaseBranch} holds ${foreign.length} commit(s) that are neither on ${o.baseBranch} nor release commits of pyrelease, the first ${first.sha.slice(0, 12)} ${JSON.stringify(subject.length > 72 ? `${subject.slice(0, 69)}...` : subject)}; resetting it would lose them, so nothing was changed: check ${o.names.value('release-branch')}, or bring those commits to ${o.baseBranch} first`,
  );
}

/**
 * A per-run release branch that exists already must hold this very release (a re-run whose tags are
 * gone): the base commit and a release commit for every planned version. Anything else, such as the
 * rc run's branch met by the final run of the same commit, is never reset.
 */
async function assertReleasedByEarlierRun(
  git: Git,
  o: {
    releaseBranch: string;
    baseSha: string;
    leaseSha: string;
    prepared: readonly PreparedRelease[];
    names: SettingNames;
  },
): Promise<void> {
  const contains = await git.run(['merge-base', '--is-ancestor', o.baseSha, o.leaseSha], {
    okExitCodes: [1],
  });
  if (contains.exitCode !== 0) {
    throw new UserError(
      `release branch ${o.releaseBranch} already exists and does not hold the base commit ${o.baseSha.slice(0, 12)}; a per-run release branch is created, never reset: put {sha} in ${o.names.value('release-branch')} so that each base commit gets its own`,
    );
  }
  const held = new Set(
    (await new RepositoryReader(git).readCommitsBetween(o.baseSha, o.leaseSha)).map((c) => c.message.trim()),
  );
  const missing = o.prepared.find((r) => !held.has(r.commitMessage));
  if (missing) {
    throw new UserError(
      `release branch ${o.releaseBranch} already exists without ${missing.commitMessage} (another run's release, e.g. the rc run of the same commit); a per-run release branch is created, never reset: give each mode its own ${o.names.value('release-branch')}, e.g. release/rc-{date}-{sha} and release/final-{date}-{sha}`,
    );
  }
}

/** A local run without push leaves its tags; the next run replaces them, and says so. */
async function warnAboutReplacedLocalTags(
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
async function commitAndCheckOut(
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

/** One atomic push of the branch and its tags; the tags the pushed release holds. */
async function pushRelease(
  git: Git,
  o: {
    remote: string;
    releaseBranch: string;
    leaseSha: string;
    auth: Record<string, string>;
    timeoutMs: number;
    committed: { tip: string; releases: readonly CommittedRelease[] };
    pushArgs: (tip: string, tags: readonly string[]) => string[];
  },
  logger: Logger,
): Promise<string[]> {
  const { remote, releaseBranch, leaseSha, auth, timeoutMs, committed } = o;
  let tags = committed.releases.map((r) => r.tag);
  try {
    await git.run(o.pushArgs(committed.tip, tags), { env: auth, timeoutMs });
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
    await git.run(o.pushArgs(committed.tip, tags), { env: auth, timeoutMs }).catch((retryError: unknown) => {
      throw pushFailure(retryError, releaseBranch, true);
    });
  }
  return tags;
}

/** The CLI's promise: after a local release the checkout is back where the user left it. */
async function restoreCheckout(git: Git, startedOn: RunContext['startedOn'], logger: Logger): Promise<void> {
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

/** Only what a caller may see: not the plan, the commit message or the files. */
function toReleased({
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

function validateBranch(input: string, branch: string, given = branch): void {
  if (!branch || !isValidRefComponent(branch) || branch.startsWith('-')) {
    throw new UserError(`${input} ${JSON.stringify(given)} is not a valid branch name`);
  }
}

async function assertClean(git: Git, names: SettingNames): Promise<void> {
  const status = await git.text(['status', '--porcelain', '--untracked-files=no']);
  if (status.trim() !== '') {
    const files = status
      .split('\n')
      .map((l) => l.slice(3))
      .slice(0, 5)
      .join(', ');
    throw new UserError(
      `the working tree has uncommitted changes (${files}); commit or stash them, or ${names.flag('allow-dirty')}`,
    );
  }
}

/**
 * Base branch, every tag (forced, so the plan sees the remote's) and the release branch's commits.
 * A dry run only fetches objects.
 */
async function fetch(
  git: Git,
  o: {
    remote: string;
    baseBranch: string;
    baseSha: string;
    releaseBranch: string;
    leaseSha: string;
    auth: Record<string, string>;
    timeoutMs: number;
    dryRun: boolean;
    logger: Logger;
  },
): Promise<void> {
  const refspecs = [
    `+refs/heads/${o.baseBranch}:refs/remotes/${o.remote}/${o.baseBranch}`,
    '+refs/tags/*:refs/tags/*',
    // What the release branch holds now, to check that a reset loses nothing.
    ...(o.leaseSha ? [`+refs/heads/${o.releaseBranch}:refs/remotes/${o.remote}/${o.releaseBranch}`] : []),
  ];
  // A dry run takes the objects and updates no ref. Not by naming each tag instead of the wildcard:
  // git matches named refspecs against the advertisement one by one, 40 s for 7,667 tags.
  const flags = o.dryRun ? ['--dry-run'] : [];
  // A shallow checkout (actions/checkout's default depth 1) would make its boundary commit look like it
  // changed every file and hide older commits: the plan needs the whole history.
  const shallow = await new RepositoryReader(git).isShallow();
  if (shallow) {
    o.logger.info('the checkout is shallow: fetching its full history, which the plan needs');
    // Without blobs where the remote allows it: the plan reads a few files, fetched when read.
    flags.push('--unshallow', '--filter=blob:none');
  }
  await git.run(['fetch', '--quiet', '--no-tags', '--stdin', ...flags, '--end-of-options', o.remote], {
    input: refspecs.map((r) => `${r}\n`).join(''),
    env: o.auth,
    timeoutMs: o.timeoutMs,
  });
  // An unshallowing fetch with a filter makes the clone a partial one.
  if (shallow) git.forgetCloneKind();
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

/** release flow §11 "Push failed on release branch": name the fix that works for protection and rulesets. */
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
