import { describeError, UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { quotedSubject } from '../git/records.js';
import { RepositoryReader } from '../git/repository.js';
import type { ReleasePlan } from '../plan/types.js';
import type { SettingNames } from '../settings.js';
import type { PreparedRelease } from './prepare.js';
import type { RunContext } from './preflight.js';
import { foreignCommits, isReleaseCommit } from './release-branch.js';
import { matchesBranchPattern } from '../branch-pattern.js';

/** The release-branch guard: what a release branch holds before a run resets or reuses it. */

/**
 * The remote release branch, and a local one that the checkout would reset, lose nothing but release
 * commits (or commits that tags keep). Released history stays reachable from the packages' tags (after
 * a base branch was rewritten).
 */
export async function guardReleaseBranch(
  git: Git,
  run: RunContext,
  plan: ReleasePlan,
  o: { dryRun: boolean; isProtected?: (branch: string) => Promise<boolean> },
): Promise<void> {
  const { releaseBranch, leaseSha, baseSha } = run;
  const localSha = o.dryRun
    ? null
    : await new RepositoryReader(git).resolveCommit(`refs/heads/${releaseBranch}`);
  // Every tag's commit: a release commit written before its package's folder moved no longer has the
  // shape of one, but a tag keeps it, so a reset loses nothing.
  const tagged = plan.packages
    .flatMap((p) => [p.lastAny?.commit, p.lastFinal?.commit, ...p.tags.map((t) => t.commit)])
    .filter((c): c is string => c !== undefined);
  for (const tip of new Set([leaseSha, localSha ?? ''])) {
    if (!tip) continue;
    const label = tip === leaseSha ? releaseBranch : `${releaseBranch} (the local branch)`;
    if (tip !== baseSha) {
      await assertOnlyReleaseCommits(git, {
        releaseBranch: label,
        baseBranch: run.baseBranch,
        baseSha,
        tip,
        kept: [...(leaseSha && tip !== leaseSha ? [leaseSha] : []), ...tagged],
        plan,
        names: run.names,
      });
    }
    await assertNotAnotherKindOfBranch(git, { run, plan, tip, label, isProtected: o.isProtected });
  }
}

/** What a repository's base branches are called: a release branch of such a name is a mistake until said otherwise. */
const BASE_BRANCH_NAMES = ['main', 'master', 'test', 'develop', 'development', 'dev', 'trunk', 'staging'];

/**
 * DESIGN "Safety rules": an existing branch that never held a release commit of pyrelease, and that is
 * named like a base branch, is the remote's default branch or is protected, is somebody's branch, not
 * a release branch (`release-branch: master` just after a fast-forward promotion would force-move
 * master). It is reset only when the configuration's `release-branches` names it.
 */
async function assertNotAnotherKindOfBranch(
  git: Git,
  o: {
    run: RunContext;
    plan: ReleasePlan;
    tip: string;
    /** The branch as messages name it. */
    label: string;
    isProtected?: (branch: string) => Promise<boolean>;
  },
): Promise<void> {
  const { run, plan, tip } = o;
  const branch = run.releaseBranch;
  if (matchesBranchPattern(branch, plan.releaseBranches ?? [])) return;
  // A branch that held a release of pyrelease is a release branch, whatever its name. Looked at
  // first, in the checkout: the remote's default branch and the branch's protection are asked only
  // about a branch that never held one.
  if (await holdsReleaseCommit(git, { baseSha: run.baseSha, tip, plan })) return;
  const named = BASE_BRANCH_NAMES.includes(branch)
    ? 'is named like a base branch'
    : branch === (await run.defaultBranch())
      ? "is the repository's default branch"
      : null;
  const kind = named ?? (o.isProtected ? await protection(o.isProtected, branch) : null);
  if (!kind) return;
  throw new UserError(
    `release branch ${o.label} ${kind} and holds no release commit of pyrelease, so it is somebody's branch and resetting it would move it: nothing was changed; check ${run.names.value('release-branch')}, or name ${branch} in release-branches of the root [tool.pyrelease] if it is a release branch`,
  );
}

/** Whether the service protects `branch`; a question it cannot answer counts as yes (fail closed). */
async function protection(ask: (branch: string) => Promise<boolean>, branch: string): Promise<string | null> {
  try {
    return (await ask(branch)) ? 'is a protected branch' : null;
  } catch (error) {
    return `may be a protected branch (asking failed: ${describeError(error)})`;
  }
}

/**
 * A release commit on the branch that its base does not hold, or the branch's tip itself (a release
 * branch merged back into the base).
 */
async function holdsReleaseCommit(
  git: Git,
  o: { baseSha: string; tip: string; plan: ReleasePlan },
): Promise<boolean> {
  const reader = new RepositoryReader(git);
  const packages = o.plan.packages.map((p) => p.package);
  const ahead = o.tip === o.baseSha ? [] : await reader.readCommitsBetween(o.baseSha, o.tip);
  if (ahead.some((c) => isReleaseCommit(c, packages))) return true;
  const [tipCommit] = await reader.readCommitsBetween(`${o.tip}^@`, o.tip);
  return tipCommit !== undefined && isReleaseCommit(tipCommit, packages);
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
  throw new UserError(
    `release branch ${o.releaseBranch} holds ${foreign.length} commit(s) that are neither on ${o.baseBranch} nor release commits of pyrelease, the first ${first.sha.slice(0, 12)} ${quotedSubject(first)}; resetting it would lose them, so nothing was changed: check ${o.names.value('release-branch')}, or bring those commits to ${o.baseBranch} first`,
  );
}

/**
 * A per-run release branch that exists already must hold this very release (a re-run whose tags are
 * gone): the base commit and a release commit for every planned version. Anything else, such as the
 * rc run's branch met by the final run of the same commit, is never reset.
 */
export async function assertReleasedByEarlierRun(
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
