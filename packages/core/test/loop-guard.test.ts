import { describe, expect, it } from '@jest/globals';
import {
  compileReleaseCommitPattern,
  decideLoopGuard,
  DEFAULT_RELEASE_COMMIT_PATTERN,
  PromotionRuleViolation,
  UserError,
  type GuardContext,
  type GuardSettings,
} from '../src/index.js';

const settings: GuardSettings = {
  botActors: ['github-actions[bot]', 'release-app[bot]'],
  releaseCommitPattern: compileReleaseCommitPattern(DEFAULT_RELEASE_COMMIT_PATTERN),
  branches: [],
  releaseBranches: ['release-test', 'release'],
  prTargetBranch: 'master',
  prAllowedSources: ['test'],
};

const repo = { full_name: 'octo/aetherflow' };
const push = (
  ref: string,
  message: string,
  actor = 'alice',
  extra: Record<string, unknown> = {},
): GuardContext => ({
  eventName: 'push',
  actor,
  ref,
  event: { ref, head_commit: { id: 'abc', message }, pusher: { name: actor }, repository: repo, ...extra },
});
const workflowRun = (run: Record<string, unknown>, actor = 'alice'): GuardContext => ({
  eventName: 'workflow_run',
  actor,
  ref: 'refs/heads/master',
  event: {
    action: 'completed',
    workflow_run: {
      name: 'CI',
      conclusion: 'success',
      event: 'push',
      head_branch: 'test',
      head_sha: 'abc',
      head_commit: { message: 'fix: x' },
      actor: { login: actor },
      triggering_actor: { login: actor },
      ...run,
    },
  },
});
const pullRequest = (
  from: string,
  into: string,
  headRepo = repo,
  eventName = 'pull_request',
): GuardContext => ({
  eventName,
  actor: 'alice',
  ref: 'refs/pull/7/merge',
  event: {
    number: 7,
    pull_request: { number: 7, head: { ref: from, repo: headRepo }, base: { ref: into, repo } },
  },
});

describe('loop-guard decisions', () => {
  it.each<[string, GuardContext, boolean, string]>([
    ['a push to test by a person', push('refs/heads/test', 'fix: x'), true, 'push to test by alice'],
    [
      'a push by the bot (option A)',
      push('refs/heads/test', 'fix: x', 'github-actions[bot]'),
      false,
      'the actor github-actions[bot] is a release bot (bot-actors), so this run was caused by a release',
    ],
    [
      'a push whose head is a release commit (option B)',
      push('refs/heads/test', 'release(core): 0.1.0rc1\n\nbody'),
      false,
      'the head commit "release(core): 0.1.0rc1" is a release commit (release-commit-pattern)',
    ],
    [
      'a commit that only imitates a release in its body',
      push('refs/heads/test', 'fix: x\n\nrelease(core): 1.0'),
      true,
      'push to test by alice',
    ],
    [
      'a push to the release branch',
      push('refs/heads/release-test', 'release(core): 0.1.0rc1', 'bob'),
      false,
      'release-test is a release branch (release-branches)',
    ],
    [
      'a tag push',
      push('refs/tags/core-v0.1.0rc1', 'release(core): 0.1.0rc1', 'bob'),
      false,
      'refs/tags/core-v0.1.0rc1 is a tag: tags publish, they never cut a release',
    ],
    [
      'a branch deletion',
      { ...push('refs/heads/test', ''), event: { ref: 'refs/heads/test', deleted: true, head_commit: null } },
      false,
      'the push deleted test',
    ],
    [
      'a successful CI run on test (option C)',
      workflowRun({}),
      true,
      'the workflow run on test succeeded and was not caused by a release',
    ],
    [
      'a failed CI run',
      workflowRun({ conclusion: 'failure' }),
      false,
      'the triggering workflow run concluded failure, not success',
    ],
    [
      'a cancelled CI run',
      workflowRun({ conclusion: 'cancelled' }),
      false,
      'the triggering workflow run concluded cancelled, not success',
    ],
    [
      'a CI run started by the bot',
      workflowRun({}, 'github-actions[bot]'),
      false,
      'the actor github-actions[bot] is a release bot (bot-actors), so this run was caused by a release',
    ],
    [
      'a CI run re-run by the bot app',
      workflowRun({ triggering_actor: { login: 'release-app[bot]' } }),
      false,
      'the actor release-app[bot] is a release bot (bot-actors), so this run was caused by a release',
    ],
    [
      'a CI run for a pull request',
      workflowRun({ event: 'pull_request', head_branch: 'feature/x' }),
      false,
      'the triggering workflow run was for a pull request, not a push',
    ],
    [
      'a CI run on the release branch',
      workflowRun({ head_branch: 'release' }),
      false,
      'the triggering run was on release branch release',
    ],
    [
      'a CI run of a release commit',
      workflowRun({ head_commit: { message: 'release(core): 0.1.0' } }),
      false,
      'the head commit "release(core): 0.1.0" is a release commit (release-commit-pattern)',
    ],
    [
      'a manual run',
      { eventName: 'workflow_dispatch', actor: 'carol', ref: 'refs/heads/master', event: { inputs: {} } },
      true,
      'manual run (workflow_dispatch) by carol',
    ],
    [
      'a manual run on a release branch',
      { eventName: 'workflow_dispatch', actor: 'carol', ref: 'refs/heads/release', event: {} },
      false,
      'release is a release branch (release-branches)',
    ],
    [
      'a schedule',
      { eventName: 'schedule', actor: 'carol', ref: 'refs/heads/master', event: { schedule: '0 0 * * *' } },
      true,
      'event schedule on refs/heads/master is not caused by a release',
    ],
    [
      'a create event for a tag',
      { eventName: 'create', actor: 'bob', ref: 'refs/tags/x-v1', event: { ref_type: 'tag' } },
      false,
      'refs/tags/x-v1 is a tag: tags publish, they never cut a release',
    ],
    [
      'a release event by the bot',
      { eventName: 'release', actor: 'github-actions[bot]', ref: 'refs/tags/x-v1', event: {} },
      false,
      'the actor github-actions[bot] is a release bot (bot-actors), so this run was caused by a release',
    ],
    [
      'a pull request from test into master',
      pullRequest('test', 'master'),
      true,
      'pull request #7 from test into master follows the promotion rule',
    ],
    [
      'a pull request from a feature into test',
      pullRequest('feature/x', 'test'),
      true,
      'pull request #7 into test is not restricted by the promotion rule',
    ],
    [
      'a pull_request_target from test into master',
      pullRequest('test', 'master', repo, 'pull_request_target'),
      true,
      'pull request #7 from test into master follows the promotion rule',
    ],
  ])('%s', (_name, context, proceed, reason) => {
    expect(decideLoopGuard(context, settings)).toEqual({ proceed, reason });
  });

  it('limits workflow_run head branches when branches are given', () => {
    const limited = { ...settings, branches: ['test', 'master'] };
    expect(decideLoopGuard(workflowRun({ head_branch: 'master' }), limited).proceed).toBe(true);
    expect(decideLoopGuard(workflowRun({ head_branch: 'feature/x' }), limited)).toEqual({
      proceed: false,
      reason: "the triggering run's branch feature/x is not one of test, master (branches)",
    });
  });

  it('fails a pull request into master from any other branch, naming both', () => {
    expect(() => decideLoopGuard(pullRequest('feature/x', 'master'), settings)).toThrow(
      PromotionRuleViolation,
    );
    expect(() => decideLoopGuard(pullRequest('feature/x', 'master'), settings)).toThrow(
      'pull request #7 from feature/x into master breaks the promotion rule: only test of this repository may open a pull request into master',
    );
  });

  it("fails a fork's test branch: only this repository's test may promote", () => {
    expect(() =>
      decideLoopGuard(pullRequest('test', 'master', { full_name: 'mallory/aetherflow' }), settings),
    ).toThrow('pull request #7 from mallory/aetherflow:test into master breaks the promotion rule');
  });

  it("fails closed on a pull request whose head repository is unknown (a deleted fork's test branch)", () => {
    const deleted = pullRequest('test', 'master', null as unknown as typeof repo);
    expect(() => decideLoopGuard(deleted, settings)).toThrow(
      'pull request #7 from test of an unknown repository (head.repo is missing: a deleted fork?) into master breaks the promotion rule: only test of this repository may open a pull request into master, and the event does not name the head repository',
    );
    const noBase = pullRequest('test', 'master');
    const pr = (noBase.event.pull_request as { base: Record<string, unknown> }).base;
    delete pr.repo;
    expect(() => decideLoopGuard(noBase, settings)).toThrow(
      'and the event does not name the base repository',
    );
    // This repository's own test branch still promotes.
    expect(decideLoopGuard(pullRequest('test', 'master'), settings).proceed).toBe(true);
  });

  it('has no promotion rule when pr-target-branch is empty', () => {
    expect(
      decideLoopGuard(pullRequest('feature/x', 'master'), { ...settings, prTargetBranch: '' }).proceed,
    ).toBe(true);
  });

  it('reports payloads that lack their event object and invalid patterns clearly', () => {
    expect(() =>
      decideLoopGuard({ eventName: 'workflow_run', actor: 'a', ref: '', event: {} }, settings),
    ).toThrow('the workflow_run event at GITHUB_EVENT_PATH has no workflow_run object');
    expect(() =>
      decideLoopGuard({ eventName: 'pull_request', actor: 'a', ref: '', event: { number: 1 } }, settings),
    ).toThrow('the pull_request event at GITHUB_EVENT_PATH has no pull_request object');
    expect(() => compileReleaseCommitPattern('release(')).toThrow(UserError);
    expect(() => compileReleaseCommitPattern('release(')).toThrow(
      /^input release-commit-pattern is not a valid regular expression: /,
    );
  });

  it('tolerates odd fields: missing head commit, non-string messages, long subjects', () => {
    expect(
      decideLoopGuard(
        { eventName: 'push', actor: 'a', ref: 'refs/heads/test', event: { head_commit: { message: 42 } } },
        settings,
      ).proceed,
    ).toBe(true);
    expect(
      decideLoopGuard({ eventName: 'push', actor: '', ref: 'refs/heads/test', event: {} }, settings).reason,
    ).toBe('push to test by an unknown actor');
    const long = `release(core): ${'x'.repeat(200)}`;
    expect(decideLoopGuard(push('refs/heads/test', long), settings).reason).toMatch(
      /^the head commit "release\(core\): x+\.\.\." is a release commit/,
    );
    expect(decideLoopGuard(workflowRun({ conclusion: null, head_branch: null }), settings).reason).toBe(
      'the triggering workflow run concluded unknown, not success',
    );
  });
});

describe('release branches as per-run names and globs (release flow §8)', () => {
  const perRun = {
    ...settings,
    releaseBranches: ['release/rc-{date}-{sha}', 'hotfix/**', 'rel-?', 'x/{a,b*}'],
  };
  it.each([
    ['release/rc-20261201-abcdef0', false],
    ['release/rc-20261201-abcdef0123456789abcdef0123456789abcdef01', false],
    ['hotfix/a/b', false],
    ['rel-1', false],
    ['release/rc-2026120-abcdef0', true],
    ['release/rc-20261201-ABCDEF0', true],
    ['release/rc-20261201-abcdef0/x', true],
    ['rel-12', true],
    ['x/a', false],
    ['x/bcd', false],
    ['x/c', true],
    ['x/{a,b*}', false],
    ['test', true],
  ])('a push to %s proceeds: %s', (branch, proceeds) => {
    expect(decideLoopGuard(push(`refs/heads/${branch}`, 'fix: x'), perRun).proceed).toBe(proceeds);
  });

  it('matches a workflow_run head branch the same way', () => {
    const decision = decideLoopGuard(workflowRun({ head_branch: 'release/rc-20261201-abcdef0' }), perRun);
    expect(decision).toEqual({
      proceed: false,
      reason: 'the triggering run was on release branch release/rc-20261201-abcdef0',
    });
  });
});
