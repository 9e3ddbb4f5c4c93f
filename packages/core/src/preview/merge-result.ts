import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { requireWholeHistory } from '../plan/planner.js';

/**
 * The commit a pull request's merge makes, which the preview plans: GitHub's own merge commit (what
 * actions/checkout checks out for `pull_request`), one made here for the CLI, or the commit a squash
 * merge would make. Commits are written only while the caller keeps objects apart (Git.keepApart).
 */

export interface MergeResult {
  /** The merge commit: the tree and history the base branch has after the merge. */
  readonly head: string;
  /** The base branch's tip it merges into. */
  readonly base: string;
  /** The pull request's head. */
  readonly tip: string;
}

/** Who the commits written here are by: nobody's, and never pushed. */
const PREVIEW_IDENTITY = {
  GIT_AUTHOR_NAME: 'pyrelease preview',
  GIT_AUTHOR_EMAIL: 'preview@pyrelease.invalid',
  GIT_COMMITTER_NAME: 'pyrelease preview',
  GIT_COMMITTER_EMAIL: 'preview@pyrelease.invalid',
};

/**
 * HEAD as GitHub's merge commit of the pull request: its first parent the base, its second the pull
 * request's head (`expectedTip`, from the event, when known).
 */
export async function checkedOutMerge(git: Git, expectedTip?: string): Promise<MergeResult> {
  const reader = new RepositoryReader(git);
  // A shallow checkout would plan every package from nothing: refused, naming fetch-depth: 0.
  await requireWholeHistory(reader);
  const head = await reader.resolveCommit('HEAD');
  const commit = head ? (await reader.readCommits([head])).get(head) : undefined;
  const checkout =
    "check out the pull request's merge commit (actions/checkout's default for pull_request events) with fetch-depth: 0";
  if (!head || !commit || commit.parents.length !== 2) {
    throw new UserError(
      `release-preview plans the merge result, and HEAD is not a merge commit: ${checkout}`,
    );
  }
  if (expectedTip && commit.parents[1] !== expectedTip) {
    throw new UserError(
      `HEAD ${head.slice(0, 12)} does not merge the pull request's head ${expectedTip.slice(0, 12)}: ${checkout}`,
    );
  }
  return { head, base: commit.parents[0], tip: commit.parents[1] };
}

/** The merge of `tip` into `base` as GitHub makes it (the CLI's preview): conflicts are an error. */
export async function mergeLocally(git: Git, base: string, tip: string): Promise<MergeResult> {
  const merged = await git.run(['merge-tree', '--write-tree', '--no-messages', '--name-only', base, tip], {
    okExitCodes: [1, 129],
  });
  const [tree, ...conflicts] = merged.stdout.toString('utf8').split('\n').filter(Boolean);
  if (merged.exitCode === 129) {
    throw new UserError('pyrelease preview needs git 2.38 or later (git merge-tree --write-tree)');
  }
  if (merged.exitCode === 1) {
    throw new UserError(
      `the branch does not merge cleanly into the base (conflicts in ${conflicts.join(', ')}): merge the base into it first`,
    );
  }
  const head = await commitTree(git, tree, [base, tip], `Merge ${tip} into ${base}\n`);
  return { head, base, tip };
}

/** The commit "Squash and merge" makes of `merge`: its tree, on the base alone, with `message`. */
export async function squashedMerge(git: Git, merge: MergeResult, message: string): Promise<string> {
  return commitTree(git, `${merge.head}^{tree}`, [merge.base], message);
}

async function commitTree(git: Git, tree: string, parents: readonly string[], message: string) {
  return git.text(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], {
    input: message,
    env: PREVIEW_IDENTITY,
  });
}
