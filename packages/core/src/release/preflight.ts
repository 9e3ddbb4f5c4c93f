import { UserError } from '../errors.js';
import { hideUrlCredentials } from '../log-safety.js';
import type { Git } from '../git/git.js';
import { listRemote, remoteDefaultBranch, tokenAuthEnv, type RemoteState } from '../git/remote.js';
import type { Logger } from '../logger.js';
import { doing, waitingFor } from '../progress.js';
import { RepositoryLinks } from '../changelog/links.js';
import { ACTION_SETTINGS, type SettingNames } from '../settings.js';
import { isValidRefComponent } from '../versioning/tags.js';
import type { CutReleaseOptions } from './cut-release.js';
import { isPerRunBranch, renderReleaseBranch } from './release-branch.js';

const DEFAULT_NETWORK_TIMEOUT_MS = 5 * 60_000;

/** What a release run found before anything changed, and what every later step of it uses. */
export interface RunContext {
  readonly remote: string;
  readonly baseBranch: string;
  readonly baseSha: string;
  /** The release branch's name for this run (per-run placeholders filled in). */
  readonly releaseBranch: string;
  readonly perRun: boolean;
  /** Where the remote's release branch is now ('' when it does not exist): the push's lease. */
  readonly leaseSha: string;
  /** The remote's default branch (its HEAD), asked once when a check needs it; null: the remote did not say. */
  readonly defaultBranch: () => Promise<string | null>;
  readonly tags: RemoteState['tags'];
  /** Each remote tag's own object: the fetch brings the tags the checkout has otherwise or lacks. */
  readonly tagObjects: RemoteState['tagObjects'];
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
export async function preflight(git: Git, options: CutReleaseOptions, logger: Logger): Promise<RunContext> {
  const names = options.settingNames ?? ACTION_SETTINGS;
  const remote = options.remote ?? 'origin';
  const now = options.now ?? new Date();
  const nameFor = (baseSha: string) => renderReleaseBranch(options.releaseBranch, { now, baseSha });
  checkInputs(options, remote, () => nameFor('0'.repeat(40)), names);
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
  const state = await waitingFor(logger, doing(`asking ${remote} for its branches and tags`), () =>
    listRemote(git, remote, auth, timeoutMs),
  );
  const baseSha = state.branches.get(options.baseBranch);
  if (!baseSha) throw new UserError(`the remote base branch ${remote}/${options.baseBranch} does not exist`);
  const releaseBranch = nameFor(baseSha);
  assertDiffersFromBase(releaseBranch, options.baseBranch, names);
  await checkTestedCommit(git, { options, remote, baseSha, names }, logger);
  const startedOn = {
    branch,
    commit: branch ? null : await git.text(['rev-parse', 'HEAD']).catch(() => null),
  };
  return {
    remote,
    baseBranch: options.baseBranch,
    baseSha,
    releaseBranch,
    perRun: isPerRunBranch(options.releaseBranch),
    leaseSha: state.branches.get(releaseBranch) ?? '',
    defaultBranch: once(() => remoteDefaultBranch(git, remote, auth, timeoutMs)),
    tags: state.tags,
    tagObjects: state.tagObjects,
    links: RepositoryLinks.fromUrl(options.webUrl || remoteUrl),
    auth,
    timeoutMs,
    startedOn,
    names,
    now,
  };
}

/** `ask`, called at most once; its answer is kept. */
function once<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | null = null;
  return () => (answer ??= ask());
}

/**
 * The inputs, before any network call: branch names, and the release branch differs from the base
 * (checked on the name as given here, and again once {date} and {sha} are filled in).
 */
function checkInputs(
  options: CutReleaseOptions,
  remote: string,
  sampleReleaseBranch: () => string,
  names: SettingNames,
): void {
  validateBranch(names.value('base-branch'), options.baseBranch);
  validateBranch(names.value('release-branch'), sampleReleaseBranch(), options.releaseBranch);
  assertDiffersFromBase(options.releaseBranch, options.baseBranch, names);
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote))
    throw new UserError(`remote ${JSON.stringify(hideUrlCredentials(remote))} is not a remote name`);
}

function assertDiffersFromBase(releaseBranch: string, baseBranch: string, names: SettingNames): void {
  if (releaseBranch === baseBranch) {
    throw new UserError(
      `${names.value('release-branch')} must differ from ${names.value('base-branch')} (both are ${JSON.stringify(baseBranch)})`,
    );
  }
}

/**
 * The commit CI tested must be the base branch's tip, unless skip-base-sync-check says otherwise. With
 * no tested commit given (the CLI), the checkout's HEAD is the one under test.
 */
async function checkTestedCommit(
  git: Git,
  o: { options: CutReleaseOptions; remote: string; baseSha: string; names: SettingNames },
  logger: Logger,
): Promise<void> {
  const { options, remote, baseSha, names } = o;
  const tested = options.testedSha || (await git.text(['rev-parse', 'HEAD']));
  if (tested === baseSha) return;
  const base = `${remote}/${options.baseBranch}`;
  if (!options.skipBaseSyncCheck) {
    const skip = names.flag('skip-base-sync-check');
    throw new UserError(
      options.testedSha
        ? `base moved since CI ran: the tested commit is ${tested.slice(0, 12)} but ${base} is ${baseSha.slice(0, 12)}; release from the exact ${base} commit, or ${skip}`
        : `${await checkoutApartFrom(git, { tested, baseSha, base })}, or ${skip} to release ${base} as it is`,
    );
  }
  logger.warning(
    `releasing ${base} at ${baseSha.slice(0, 12)}, not the tested commit ${tested.slice(0, 12)} (${names.value('skip-base-sync-check')})`,
  );
}

/** How a local checkout stands apart from the remote's base branch, and what to do about it. */
async function checkoutApartFrom(
  git: Git,
  o: { tested: string; baseSha: string; base: string },
): Promise<string> {
  const checkout = `your checkout (HEAD ${o.tested.slice(0, 12)})`;
  const remote = `${o.base} (${o.baseSha.slice(0, 12)})`;
  // 128: the remote's commit is not here yet, which is the remote being ahead.
  const ancestor = (a: string, b: string) =>
    git.run(['merge-base', '--is-ancestor', a, b], { okExitCodes: [1, 128] }).then((r) => r.exitCode);
  const behind = await ancestor(o.tested, o.baseSha);
  if (behind === 0 || behind === 128) return `${remote} has commits ${checkout} lacks: pull first`;
  if ((await ancestor(o.baseSha, o.tested)) === 0)
    return `${checkout} has commits ${remote} lacks: push them first`;
  return `${checkout} is not ${remote}: check out ${o.base} first`;
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
