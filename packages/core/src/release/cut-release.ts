import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import type { ReleaseMode, ReleasePlan } from '../plan/types.js';
import { formatPlanHeading, formatPlanTable, formatReleaseCommit } from '../plan/format.js';
import { planCheckingApi } from '../api-check/plan.js';
import { userCacheDir } from '../publish/python.js';
import type { ApiCheckMode } from '../config/keys.js';
import { indexQuestion, PackageIndex } from '../publish/index-holdings.js';
import { findUnpublished, tagsOfChannel, type TaggedRelease } from '../publish/unpublished.js';
import type { SettingNames } from '../settings.js';
import { assertReleasedByEarlierRun, guardReleaseBranch } from './branch-guard.js';
import { commitAndCheckOut, restoreCheckout, warnAboutReplacedLocalTags } from './commit.js';
import { fetchForRelease } from './fetch.js';
import { preflight, type RunContext } from './preflight.js';
import { prepareReleases, toReleased, type PreparedRelease, type ReleasedPackage } from './prepare.js';
import { pushArgs, pushRelease } from './push.js';
import { openSigner, type Signer, type Signing } from './signing/signer.js';

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
   * The index the publish jobs upload to (its upload URL): when given, every planned version is looked
   * up there first (a version it has is not released), and the tags of the run's channel whose version
   * it lacks in whole or in part are returned as `unpublished` (an earlier run stopped before
   * publishing them). One request per package, shared by both.
   */
  readonly indexUrl?: string;
  /**
   * False when `indexUrl` is only the channel's default (the action's empty `repository-url`): it keeps
   * a held version from being tagged, but its gaps are not listed as unpublished (a private package
   * is not on it, and the publish jobs may upload elsewhere). Default true.
   */
  readonly indexNamed?: boolean;
  readonly now?: Date;
  /** Each network command is killed after this long (default 5 minutes). */
  readonly networkTimeoutMs?: number;
  /** Go back to the branch (or commit) the checkout was on once the release is committed: the CLI's way. */
  readonly restoreCheckout?: boolean;
  /** How messages name settings (default: action inputs). */
  readonly settingNames?: SettingNames;
  /**
   * Whether the hosting service protects a branch (GitHub's branch protection), asked only of a release
   * branch that holds no release commit; absent: not known (a local run).
   */
  readonly isProtectedBranch?: (branch: string) => Promise<boolean>;
  /** `api-check` for every package (the input or option); absent: each package's configuration. */
  readonly apiCheck?: ApiCheckMode;
  /** Where the API check writes the trees it compares and installs griffe (RUNNER_TEMP); default: userCacheDir(). */
  readonly tempDir?: string;
  /** Sign every release commit and tag (signing.ts); absent: unsigned. */
  readonly signing?: Signing;
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
  /** The remote release branch's tip as this run found it (null: it did not exist). */
  readonly releaseBranchTip: string | null;
}

/**
 * release flow §4 and §7: fetch, verify the base, reset the release branch to it, bump and commit each changed
 * package, tag, and push branch and tags in one atomic push. A hard failure leaves the remote untouched.
 */
export async function cutRelease(
  git: Git,
  options: CutReleaseOptions,
  logger: Logger,
): Promise<CutReleaseResult> {
  // A key that cannot sign stops the run before anything is fetched or written.
  const signer = options.signing ? await openSigner(options.signing, git) : null;
  try {
    return await runApartWhenDry(git, options, signer, logger);
  } finally {
    await signer?.dispose();
  }
}

async function runApartWhenDry(
  git: Git,
  options: CutReleaseOptions,
  signer: Signer | null,
  logger: Logger,
): Promise<CutReleaseResult> {
  if (!options.dryRun) return releaseRun(git, options, signer, logger);
  // A dry run changes nothing local either: what it fetches goes to a folder of its own, removed after.
  const apart = mkdtempSync(join(tmpdir(), 'pyrelease-dry-run-'));
  try {
    await git.keepApart(apart);
    return await releaseRun(git, options, signer, logger);
  } finally {
    await git.keepApart(null);
    rmSync(apart, { recursive: true, force: true });
  }
}

async function releaseRun(
  git: Git,
  options: CutReleaseOptions,
  signer: Signer | null,
  logger: Logger,
): Promise<CutReleaseResult> {
  const run = await preflight(git, options, logger);
  const dryRun = options.dryRun ?? false;
  await fetchForRelease(git, { ...run, dryRun, logger });
  const index = options.indexUrl ? new PackageIndex(options.indexUrl) : null;
  const { plan, prepared } = await planAndPrepare(git, run, { ...options, index }, logger);
  const unpublished =
    index && options.indexNamed !== false ? await findUnpublished(tagsOfChannel(plan), index, logger) : [];
  const { releaseBranch, baseSha } = run;
  const nothing = {
    plan,
    releaseBranch,
    released: [],
    releaseSha: null,
    pushed: false,
    commands: [],
    unpublished,
    releaseBranchTip: run.leaseSha || null,
  };
  if (prepared.length > 0 && run.perRun && run.leaseSha) {
    await assertReleasedByEarlierRun(git, { ...run, prepared });
    logger.info(
      `release branch ${releaseBranch} already exists and holds ${baseSha.slice(0, 12)}: an earlier run released this base commit, and a per-run release branch is never reset, so nothing is released`,
    );
    return nothing;
  }
  if (prepared.length === 0) {
    logger.info(
      `nothing to release in ${options.mode} mode at ${run.remote}/${options.baseBranch} (${baseSha.slice(0, 12)})`,
    );
    return nothing;
  }
  await guardReleaseBranch(git, run, plan, { dryRun, isProtected: options.isProtectedBranch });
  if (dryRun) {
    const commands = dryRunCommands(run, prepared, options.push);
    return { ...nothing, released: prepared.map(toReleased), commands };
  }
  await warnAboutReplacedLocalTags(git, prepared, run.tags, logger);
  const committed = await commitAndCheckOut(git, { ...run, prepared, signer }, logger);
  try {
    if (!options.push) {
      logger.info(
        `not pushed: ${releaseBranch} and ${committed.releases.length} tag(s) are local only (push is off); a later run replaces these local tags unless they are pushed`,
      );
      return { ...nothing, released: committed.releases.map(toReleased), releaseSha: committed.tip };
    }
    const tags = await pushRelease(git, { ...run, committed }, logger);
    logger.info(`pushed ${releaseBranch} and ${tags.length} tag(s) to ${run.remote} in one atomic push`);
    const released = committed.releases.filter((r) => tags.includes(r.tag)).map(toReleased);
    return { ...nothing, released, releaseSha: committed.tip, pushed: true };
  } finally {
    if (options.restoreCheckout) await restoreCheckout(git, run.startedOn, logger);
  }
}

/** The plan of the base commit and each release commit's files, read through one cat-file process. */
function planAndPrepare(
  git: Git,
  run: RunContext,
  options: CutReleaseOptions & { readonly index: PackageIndex | null },
  logger: Logger,
) {
  return git.keepReading(async () => {
    const request = {
      mode: options.mode,
      head: run.baseSha,
      tags: run.tags,
      packageGlobs: options.packageGlobs,
      tagFormat: options.tagFormat,
      line: options.line,
      index: options.index ? indexQuestion(options.index, logger) : undefined,
    };
    const api = {
      tempDir: options.tempDir ?? userCacheDir(),
      logger,
      mode: options.apiCheck,
      usedBy: 'cut-release',
    };
    const { plan } = await planCheckingApi(git, request, api);
    for (const warning of plan.warnings) logger.warning(warning);
    logger.info(
      `${formatPlanHeading(plan, `${run.remote}/${options.baseBranch}`)}\n${formatPlanTable(plan)}`,
    );
    const prepared = await prepareReleases(git, plan, run.now.toISOString().slice(0, 10), logger, run.links);
    for (const r of prepared) logger.info(formatReleaseCommit(r));
    return { plan, prepared };
  });
}

/** What a real run would do, for a dry run to print. */
function dryRunCommands(run: RunContext, prepared: readonly PreparedRelease[], push: boolean): string[] {
  return [
    `git checkout -B ${run.releaseBranch} ${run.baseSha}`,
    ...prepared.map(
      (r) => `commit "${r.commitMessage}" (${r.files.map((f) => f.path).join(', ')}) and tag ${r.tag}`,
    ),
    ...(push
      ? [
          `git ${pushArgs(
            run,
            '<release commit>',
            prepared.map((r) => r.tag),
          ).join(' ')}`,
        ]
      : []),
  ];
}
