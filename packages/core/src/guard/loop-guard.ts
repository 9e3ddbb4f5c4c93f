import { matchesBranchPattern } from '../branch-pattern.js';
import { UserError } from '../errors.js';

/** The triggering event as the runner describes it. */
export interface GuardContext {
  /** GITHUB_EVENT_NAME */
  readonly eventName: string;
  /** The JSON payload at GITHUB_EVENT_PATH. */
  readonly event: Record<string, unknown>;
  /** GITHUB_ACTOR */
  readonly actor: string;
  /** GITHUB_REF */
  readonly ref: string;
}

export interface GuardSettings {
  readonly botActors: readonly string[];
  readonly releaseCommitPattern: RegExp;
  /** workflow_run head branches that may release; empty: any. */
  readonly branches: readonly string[];
  /** Branches whose runs never release: names, per-run patterns (`release/rc-{date}-{sha}`) or globs. */
  readonly releaseBranches: readonly string[];
  /** The promotion rule: pull requests into this branch must come from `prAllowedSources`; empty: off. */
  readonly prTargetBranch: string;
  readonly prAllowedSources: readonly string[];
}

export interface GuardDecision {
  readonly proceed: boolean;
  /** One sentence, always set. */
  readonly reason: string;
}

/** The one case where loop-guard fails the job: a pull request that breaks the promotion rule. */
export class PromotionRuleViolation extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionRuleViolation';
  }
}

export const DEFAULT_BOT_ACTORS = ['github-actions[bot]'];
export const DEFAULT_RELEASE_COMMIT_PATTERN = '^release\\([^)]+\\): ';
export const DEFAULT_RELEASE_BRANCHES = ['release-test', 'release'];

export function compileReleaseCommitPattern(source: string): RegExp {
  try {
    // No `m` flag: only the start of the message counts, never a line of its body.
    return new RegExp(source);
  } catch (error) {
    throw new UserError(
      `input release-commit-pattern is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const login = (value: unknown): string | null => text(object(value)?.login);
const list = (items: readonly string[]) => items.join(', ');
const firstLine = (message: string) => {
  const line = message.split(/\r?\n/, 1)[0];
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};

/**
 * release flow §6: should this release job run? Options A (bot actor), B (release commit message) and C
 * (workflow_run conclusion and branch), plus pushes to the release branches and tags. Every skip is a
 * decision; only the promotion rule of release flow §1-2 throws.
 */
export function decideLoopGuard(ctx: GuardContext, settings: GuardSettings): GuardDecision {
  const skip = (reason: string): GuardDecision => ({ proceed: false, reason });
  const go = (reason: string): GuardDecision => ({ proceed: true, reason });

  if (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target') {
    return pullRequest(ctx, settings);
  }
  const run = ctx.eventName === 'workflow_run' ? object(ctx.event.workflow_run) : null;
  if (ctx.eventName === 'workflow_run' && !run) {
    throw new UserError('the workflow_run event at GITHUB_EVENT_PATH has no workflow_run object');
  }

  const actors = [ctx.actor, login(run?.actor), login(run?.triggering_actor)].filter((a): a is string => !!a);
  const bot = actors.find((a) => settings.botActors.includes(a));
  if (bot) return skip(`the actor ${bot} is a release bot (bot-actors), so this run was caused by a release`);

  if (run) {
    const conclusion = text(run.conclusion) ?? 'unknown';
    if (conclusion !== 'success')
      return skip(`the triggering workflow run concluded ${conclusion}, not success`);
    const runEvent = text(run.event);
    if (runEvent === 'pull_request' || runEvent === 'pull_request_target') {
      return skip('the triggering workflow run was for a pull request, not a push');
    }
    const branch = text(run.head_branch) ?? '';
    if (matchesBranchPattern(branch, settings.releaseBranches))
      return skip(`the triggering run was on release branch ${branch}`);
    if (settings.branches.length > 0 && !settings.branches.includes(branch)) {
      return skip(
        `the triggering run's branch ${branch || '(none)'} is not one of ${list(settings.branches)} (branches)`,
      );
    }
    const message = text(object(run.head_commit)?.message);
    if (message !== null && settings.releaseCommitPattern.test(message)) {
      return skip(`the head commit "${firstLine(message)}" is a release commit (release-commit-pattern)`);
    }
    return go(`the workflow run on ${branch} succeeded and was not caused by a release`);
  }

  if (ctx.ref.startsWith('refs/tags/'))
    return skip(`${ctx.ref} is a tag: tags publish, they never cut a release`);
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : '';
  if (matchesBranchPattern(branch, settings.releaseBranches))
    return skip(`${branch} is a release branch (release-branches)`);

  if (ctx.eventName === 'push') {
    if (ctx.event.deleted === true) return skip(`the push deleted ${branch || ctx.ref}`);
    const message = text(object(ctx.event.head_commit)?.message);
    if (message !== null && settings.releaseCommitPattern.test(message)) {
      return skip(`the head commit "${firstLine(message)}" is a release commit (release-commit-pattern)`);
    }
    return go(`push to ${branch || ctx.ref} by ${ctx.actor || 'an unknown actor'}`);
  }
  if (ctx.eventName === 'workflow_dispatch')
    return go(`manual run (workflow_dispatch) by ${ctx.actor || 'an unknown actor'}`);
  // schedule, repository_dispatch and any other event: nothing of ours triggers them except through
  // the bot actor or a tag, both handled above.
  return go(`event ${ctx.eventName} on ${ctx.ref || 'no ref'} is not caused by a release`);
}

function pullRequest(ctx: GuardContext, settings: GuardSettings): GuardDecision {
  const pr = object(ctx.event.pull_request);
  if (!pr) throw new UserError(`the ${ctx.eventName} event at GITHUB_EVENT_PATH has no pull_request object`);
  const base = object(pr.base);
  const head = object(pr.head);
  const into = text(base?.ref) ?? '';
  const from = text(head?.ref) ?? '';
  const number = typeof pr.number === 'number' ? `#${pr.number} ` : '';
  if (!settings.prTargetBranch || into !== settings.prTargetBranch) {
    return {
      proceed: true,
      reason: `pull request ${number}into ${into} is not restricted by the promotion rule`,
    };
  }
  const baseRepo = text(object(base?.repo)?.full_name);
  const headRepo = text(object(head?.repo)?.full_name);
  const fork = baseRepo !== null && headRepo !== null && baseRepo !== headRepo;
  const allowed = list(settings.prAllowedSources) || '(none)';
  if (fork || !settings.prAllowedSources.includes(from)) {
    const source = fork ? `${headRepo}:${from}` : from;
    throw new PromotionRuleViolation(
      `pull request ${number}from ${source} into ${into} breaks the promotion rule: only ${allowed} of this repository may open a pull request into ${into}`,
    );
  }
  // Fail closed: a head repository the event does not name (GitHub sends head.repo null once a fork
  // is deleted) cannot be shown to be this repository, whatever its branch is called.
  if (headRepo === null || baseRepo === null) {
    throw new PromotionRuleViolation(
      `pull request ${number}from ${from} of ${headRepo === null ? 'an unknown repository (head.repo is missing: a deleted fork?)' : headRepo} into ${into} breaks the promotion rule: only ${allowed} of this repository may open a pull request into ${into}, and the event does not name ${headRepo === null ? 'the head' : 'the base'} repository`,
    );
  }
  return {
    proceed: true,
    reason: `pull request ${number}from ${from} into ${into} follows the promotion rule`,
  };
}
