import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiCheckRequest, ApiReport } from '../api-check/check.js';
import { planCheckingApi } from '../api-check/plan.js';
import type { RepositoryLinks } from '../changelog/links.js';
import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { CommitRecord } from '../git/records.js';
import { RepositoryReader } from '../git/repository.js';
import { RecordingLogger } from '../logger.js';
import type { ReleaseMode, ReleasePlan } from '../plan/types.js';
import { prepareReleases, toReleased, type ReleasedPackage } from '../release/prepare.js';
import { HEADER_SHAPE, isReleaseHeader, squashHeaderProblem, unreadableCommits } from './commit-lint.js';
import { squashedMessagesOf } from '../versioning/conventional.js';
import {
  GITHUB_SQUASH_DEFAULTS,
  squashMessage,
  type MergeMethod,
  type PullRequestText,
  type SquashSettings,
} from './merge-method.js';
import { squashedMerge, type MergeResult } from './merge-result.js';

/**
 * What merging a pull request releases (docs/configuration.md, release-preview): the plan of the
 * commit the merge makes, in the mode its base branch releases, with the changelog section each
 * release would get. Nothing is changed: the commits it writes (a squash's) go to a folder apart.
 */

export interface PreviewRequest {
  readonly mode: ReleaseMode;
  /** The merge to plan, found or made while objects are kept apart (checkedOutMerge, mergeLocally). */
  readonly merge: (git: Git) => Promise<MergeResult>;
  readonly method: MergeMethod;
  /** The pull request; a squash needs its title (the CLI's --title). */
  readonly pullRequest: PullRequestText | null;
  readonly squash?: SquashSettings;
  /** With several methods allowed, whether "Squash and merge" may make the title the commit (a warning). */
  readonly titleMayBeCommit?: boolean;
  /** `strict`: a commit header the release cannot read fails the check; `warn` says so. */
  readonly lint: 'warn' | 'strict';
  readonly packageGlobs?: readonly string[];
  readonly tagFormat?: string;
  readonly line?: string;
  readonly api: ApiCheckRequest | null;
  readonly links?: RepositoryLinks | null;
  readonly tempDir: string;
}

/** A problem with a header the release reads; `failing` ones fail the check. */
export interface HeaderProblem {
  readonly text: string;
  readonly failing: boolean;
}

export interface ReleasePreview {
  readonly mode: ReleaseMode;
  readonly method: MergeMethod;
  /** The commit planned: the merge commit, or the squash commit made apart. */
  readonly head: string;
  /** Null when the merge stops every release before a plan exists (`blocked` says why). */
  readonly plan: ReleasePlan | null;
  readonly api: ApiReport | null;
  /** Each release the merge makes, with its changelog section (`notes`). */
  readonly releases: readonly ReleasedPackage[];
  /** What stops the release after this merge (a plan or changelog error): the check fails. */
  readonly blocked: string | null;
  readonly headerProblems: readonly HeaderProblem[];
  readonly warnings: readonly string[];
}

export async function previewRelease(git: Git, request: PreviewRequest): Promise<ReleasePreview> {
  const apart = mkdtempSync(join(request.tempDir, 'pyrelease-preview-'));
  try {
    await git.keepApart(apart);
    return await git.keepReading(() => previewApart(git, request));
  } finally {
    await git.keepApart(null);
    rmSync(apart, { recursive: true, force: true });
  }
}

async function previewApart(git: Git, request: PreviewRequest): Promise<ReleasePreview> {
  const reader = new RepositoryReader(git);
  const merge = await request.merge(git);
  const own = (await reader.readCommitsBetween(merge.base, merge.tip)).filter((c) => c.parents.length < 2);
  const { head, headerProblems } = await commitToPlan(git, { ...request, merge }, own);
  const shown = { mode: request.mode, method: request.method, head, headerProblems };
  const notes = new RecordingLogger();
  let plan: ReleasePlan | null = null;
  let api: ApiReport | null = null;
  // The plan of a commit with the request's inputs: the merge's, and the base's when that fails.
  const tags = await reader.listTags();
  const planOf = (commit: string, check: ApiCheckRequest | null) =>
    planCheckingApi(
      git,
      {
        mode: request.mode,
        head: commit,
        tags,
        packageGlobs: request.packageGlobs,
        tagFormat: request.tagFormat,
        line: request.line,
      },
      check,
    );
  try {
    ({ plan, api } = await planOf(head, request.api));
    const date = new Date().toISOString().slice(0, 10);
    const releases = (await prepareReleases(git, plan, date, notes, request.links ?? null)).map(toReleased);
    return { ...shown, plan, api, releases, blocked: null, warnings: [...plan.warnings, ...notes.warnings] };
  } catch (error) {
    // What would stop the release after the merge (an invalid pyproject.toml, a changelog that cannot
    // be merged, the API check's `fail`) is the preview's finding, shown where the plan would be.
    if (!(error instanceof UserError)) throw error;
    if (plan === null) await failIfBaseFails(() => planOf(merge.base, null), error);
    const warnings = [...(plan?.warnings ?? []), ...notes.warnings];
    return { ...shown, plan, api, releases: [], blocked: error.message, warnings };
  }
}

/**
 * A plan that fails on the merge fails on the base alone too when the fault is an input (a tag-format,
 * packages, a line) or a file the base already has: then it is no finding of the pull request, and the
 * run fails with the error itself rather than saying that merging stops the release.
 */
async function failIfBaseFails(planBase: () => Promise<unknown>, error: UserError): Promise<void> {
  const failure = await planBase().then(
    () => null,
    (baseError: unknown) => (baseError instanceof UserError ? baseError : null),
  );
  if (failure?.message === error.message)
    throw new UserError(
      `${error.message} (the base branch alone fails so: the fault is an input or the base branch's files, not this pull request)`,
    );
}

/** The merge commit, or for a squash the commit it makes; and what is wrong with the headers. */
async function commitToPlan(
  git: Git,
  request: Omit<PreviewRequest, 'merge'> & { readonly merge: MergeResult },
  own: readonly CommitRecord[],
): Promise<{ head: string; headerProblems: HeaderProblem[] }> {
  const pr = request.pullRequest;
  if (request.method === 'squash') {
    if (!pr) throw new UserError('a squash merge makes the title the commit: give the title (--title)');
    const squash = squashMessage(pr, own, request.squash ?? GITHUB_SQUASH_DEFAULTS);
    const problem = squashHeaderProblem(squash.header, squash.from);
    // The release also reads the `* <header>` bullets of the squash's body (GitHub's COMMIT_MESSAGES):
    // with one it can read, an unreadable title is a warning, not a failure.
    const readableBullet = (squashedMessagesOf(squash.message) ?? []).some((m) =>
      isReleaseHeader(m.split('\n', 1)[0]),
    );
    return {
      head: await squashedMerge(git, request.merge, squash.message),
      headerProblems: problem ? [{ text: problem, failing: !readableBullet }] : [],
    };
  }
  const problems: HeaderProblem[] = unreadableCommits(own).map((c) => ({
    text: `commit ${c.sha.slice(0, 7)} ${JSON.stringify(c.message.split('\n', 1)[0])} is not a Conventional Commits header, so the release cannot tell what it changes: reword it to ${HEADER_SHAPE}`,
    failing: request.lint === 'strict',
  }));
  const title = request.titleMayBeCommit && pr ? squashHeaderProblem(pr.title.trim(), 'title') : null;
  if (title) problems.unshift({ text: `if squash-merged, ${title}`, failing: false });
  return { head: request.merge.head, headerProblems: problems };
}
