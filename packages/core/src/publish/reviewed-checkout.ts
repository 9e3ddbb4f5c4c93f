import { matchesBranchPattern } from '../branch-pattern.js';
import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { unreviewedChange } from './release-chain.js';
import type { SettingNames } from '../settings.js';

/**
 * The branches a published tag's commit must have reached by default: the release flow's base branches
 * (test, master), where reviewed pull requests land, and its release branches, which only
 * cut-release pushes.
 */
export const DEFAULT_PUBLISH_BRANCHES: readonly string[] = ['test', 'master', 'release-test', 'release'];

/**
 * Write access to tags alone must not publish to the index: a tag whose commit holds work that reached
 * none of `branches` (names, per-run patterns or globs; local or remote-tracking, as the checkout has
 * them) is refused. pyrelease's own release commits on top of such a branch are the exception, checked
 * for what they change (unreviewedChange): a release branch is reset by the next run, so an older
 * release's tag is on no branch any more (one `for-each-ref`, one `log` of the commits between).
 */
export async function assertTagOnBranches(
  git: Git,
  o: {
    tag: string;
    tagCommit: string;
    branches: readonly string[];
    settings: SettingNames;
  },
): Promise<void> {
  const listed = await git.text(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes']);
  const reviewed = listed
    .split('\n')
    .filter((ref) => branchNameOf(ref).some((b) => matchesBranchPattern(b, o.branches)));
  const setting = o.settings.value('tag-branches');
  const named = `tag ${o.tag} (${o.tagCommit.slice(0, 12)})`;
  if (reviewed.length === 0) {
    throw new UserError(
      `${named} cannot be shown to hold reviewed work: no branch of this checkout is one of ${o.branches.join(', ')}; check out with fetch-depth: 0 so the branches are there, or list its branch in ${setting}`,
    );
  }
  const outside = await new RepositoryReader(git).readCommitsBetween(reviewed, o.tagCommit);
  const problem = await unreviewedChange(git, outside);
  if (problem === null) return;
  throw new UserError(
    `${named} holds work that reached none of the branches ${o.branches.join(', ')}: ${problem}; only work that reached a base or release branch is published, and pyrelease's own release commits on it: check out with fetch-depth: 0 so the branches are there, or list its branch in ${setting}`,
  );
}

/** `refs/heads/x` and `refs/remotes/<remote>/x` as the branch name `x`; a remote's HEAD is none. */
function branchNameOf(ref: string): string[] {
  if (ref.startsWith('refs/heads/')) return [ref.slice('refs/heads/'.length)];
  const rest = ref.startsWith('refs/remotes/') ? ref.slice('refs/remotes/'.length) : '';
  const name = rest.slice(rest.indexOf('/') + 1);
  return rest.includes('/') && name !== 'HEAD' ? [name] : [];
}

/**
 * What is built is what the tag holds: a tracked file changed, or one hidden from git's eye
 * (skip-worktree, assume-unchanged), an untracked file, or an ignored one in the package's folder
 * (a stale build/, a local module a backend would pick up) would go into the uploaded files.
 */
export async function assertCleanCheckout(
  git: Git,
  o: { tag: string; path: string; allowDirty: boolean; settings: SettingNames },
): Promise<void> {
  if (o.allowDirty) return;
  const status = await git.text(['status', '--porcelain', '--untracked-files=all', '--ignored=matching']);
  const inPackage = (file: string) => o.path === '.' || file.startsWith(`${o.path}/`);
  const changed = status
    .split('\n')
    .filter((l) => l.length > 3 && (!l.startsWith('!! ') || inPackage(l.slice(3))))
    .map((l) => (l.startsWith('!! ') ? `${l.slice(3)} (ignored)` : l.slice(3)));
  // `git ls-files -v` marks skip-worktree entries S and assume-unchanged ones in lower case.
  const flagged = await git.text(['ls-files', '-v']);
  const hidden = flagged
    .split('\n')
    .filter((l) => /^(S|[a-z]) /.test(l))
    .map((l) => `${l.slice(2)} (hidden from git status)`);
  const files = [...hidden, ...changed];
  if (files.length === 0) return;
  throw new UserError(
    `the checkout of tag ${o.tag} has changes (${files.slice(0, 5).join(', ')}): what is built must be exactly the tag's files; build from a clean checkout of the tag${o.settings.trustedPublishing ? '' : `, or ${o.settings.flag('allow-dirty')}`}`,
  );
}
