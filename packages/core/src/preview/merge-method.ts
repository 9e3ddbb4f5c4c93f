import type { CommitRecord } from '../git/records.js';

/**
 * How a pull request reaches its base branch, and what commit a squash merge makes of it: GitHub's own
 * rules (the repository's settings `squash_merge_commit_title` and `squash_merge_commit_message`), so
 * the preview plans the commit the release will read. Pure.
 */

export const MERGE_METHODS = ['merge', 'squash', 'rebase'] as const;

/** Base branches that release finals when no mode is given (the release flow's master; main). */
export const FINAL_BRANCHES: readonly string[] = ['master', 'main'];
export type MergeMethod = (typeof MERGE_METHODS)[number];

/** What the repository allows (GET /repos/{owner}/{repo}: allow_merge_commit, …). */
export interface AllowedMergeMethods {
  readonly merge: boolean;
  readonly squash: boolean;
  readonly rebase: boolean;
}

/** GitHub's settings for the commit a squash merge writes. */
export interface SquashSettings {
  /** `PR_TITLE`, or `COMMIT_OR_PR_TITLE`: a single commit's own subject, else the title. */
  readonly title: 'PR_TITLE' | 'COMMIT_OR_PR_TITLE';
  /** `COMMIT_MESSAGES` (a `* <message>` bullet per commit), `PR_BODY` or `BLANK`. */
  readonly message: 'COMMIT_MESSAGES' | 'PR_BODY' | 'BLANK';
}

/** A repository's defaults, which a repository that never changed them has. */
export const GITHUB_SQUASH_DEFAULTS: SquashSettings = {
  title: 'COMMIT_OR_PR_TITLE',
  message: 'COMMIT_MESSAGES',
};

export interface PullRequestText {
  readonly number: number;
  readonly title: string;
  readonly body: string;
}

/**
 * The method a pull request will be merged with when the repository decides (`merge-method: auto`):
 * the only one it allows; with several the reviewer chooses, so the commits are planned as they are and
 * `titleMayBeCommit` says the title could become the commit (its lint is then a warning).
 */
export function chooseMergeMethod(allowed: AllowedMergeMethods): {
  readonly method: MergeMethod;
  readonly titleMayBeCommit: boolean;
} {
  const methods = MERGE_METHODS.filter((m) => allowed[m]);
  if (methods.length === 1) return { method: methods[0], titleMayBeCommit: methods[0] === 'squash' };
  return { method: methods.includes('merge') ? 'merge' : 'rebase', titleMayBeCommit: allowed.squash };
}

/**
 * The message of the commit "Squash and merge" writes: its subject (the title, or a single commit's
 * subject under COMMIT_OR_PR_TITLE) with ` (#N)`, then the body the settings choose. `commits`: the pull
 * request's own commits, oldest first, merges left out (GitHub lists those it squashes).
 */
export function squashMessage(
  pr: PullRequestText,
  commits: readonly CommitRecord[],
  settings: SquashSettings,
): { readonly header: string; readonly from: 'title' | 'commit'; readonly message: string } {
  const single = commits.length === 1 && settings.title === 'COMMIT_OR_PR_TITLE' ? commits[0] : null;
  const headline = (single ? single.message.split('\n', 1)[0] : pr.title).trim();
  const subject = `${headline} (#${pr.number})`;
  const body = single
    ? single.message.replace(/\r\n?/g, '\n').split('\n').slice(1).join('\n').trim()
    : settings.message === 'COMMIT_MESSAGES'
      ? commits.map((c) => `* ${c.message.replace(/\r\n?/g, '\n').trim()}`).join('\n\n')
      : settings.message === 'PR_BODY'
        ? pr.body.replace(/\r\n?/g, '\n').trim()
        : '';
  const message = body ? `${subject}\n\n${body}\n` : `${subject}\n`;
  return { header: headline, from: single ? 'commit' : 'title', message };
}
