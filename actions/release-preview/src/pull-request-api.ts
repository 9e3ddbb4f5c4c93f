import { getOctokit } from '@actions/github';
import {
  describeError,
  PREVIEW_MARKER,
  type AllowedMergeMethods,
  type Logger,
  type SquashSettings,
} from '../../../packages/core/src/index.js';

/** What the preview asks of GitHub's API: the repository's merge settings, and its one comment. */

export interface PullRequestTarget {
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** GITHUB_API_URL: github.com's API, a GHES server, or a test server. */
  readonly apiUrl: string;
}

const TIMEOUT_MS = 30_000;
const request = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });

/**
 * The merge methods the repository allows and what its squash commits say (GET /repos/{owner}/{repo});
 * null, with a warning, when the API does not tell (a token that may not read them).
 */
export async function mergeSettings(
  target: PullRequestTarget,
  logger: Logger,
): Promise<{ allowed: AllowedMergeMethods; squash: SquashSettings } | null> {
  try {
    const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
    const { data } = await octokit.rest.repos.get({
      owner: target.owner,
      repo: target.repo,
      request: request(),
    });
    const { allow_merge_commit: merge, allow_squash_merge: squash, allow_rebase_merge: rebase } = data;
    if (typeof merge !== 'boolean' || typeof squash !== 'boolean' || typeof rebase !== 'boolean') {
      logger.warning(
        'merge-method auto: the API did not say which merge methods the repository allows: the commits are planned as they are; set merge-method to be sure',
      );
      return null;
    }
    return {
      allowed: { merge, squash, rebase },
      squash: {
        title: data.squash_merge_commit_title === 'PR_TITLE' ? 'PR_TITLE' : 'COMMIT_OR_PR_TITLE',
        message:
          data.squash_merge_commit_message === 'PR_BODY' || data.squash_merge_commit_message === 'BLANK'
            ? data.squash_merge_commit_message
            : 'COMMIT_MESSAGES',
      },
    };
  } catch (error) {
    logger.warning(
      `merge-method auto: could not read the repository's merge settings (${describeError(error)}): the commits are planned as they are; set merge-method to be sure`,
    );
    return null;
  }
}

/**
 * Creates the preview's comment, or updates the one `author` wrote before (found by the marker it
 * starts with: a comment of anyone else that copies the marker is left alone). A failure is a warning:
 * the job summary has the preview anyway.
 */
export async function upsertPreviewComment(
  target: PullRequestTarget,
  body: string,
  author: string,
  logger: Logger,
): Promise<void> {
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const at = { owner: target.owner, repo: target.repo };
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...at,
      issue_number: target.number,
      per_page: 100,
      request: request(),
    });
    const mine = comments.find((c) => c.user?.login === author && c.body?.startsWith(PREVIEW_MARKER));
    if (mine) {
      await octokit.rest.issues.updateComment({ ...at, comment_id: mine.id, body, request: request() });
      logger.info(`updated the preview comment on pull request #${target.number}`);
    } else {
      const created = await octokit.rest.issues.createComment({
        ...at,
        issue_number: target.number,
        body,
        request: request(),
      });
      logger.info(`commented the preview on pull request #${target.number}`);
      // A token of another identity (a PAT, an App's) writes as it: the next run would look for the
      // comment of `author`, miss this one and add another.
      const login = created.data.user?.login;
      if (login && login !== author)
        logger.warning(
          `the preview comment was written as ${login}, but comment-author is ${author}: set comment-author: ${login}, or each run adds a comment instead of updating this one`,
        );
    }
  } catch (error) {
    logger.warning(
      `could not comment on pull request #${target.number} (the job summary has the preview; the workflow needs permissions: pull-requests: write): ${describeError(error)}`,
    );
  }
}
