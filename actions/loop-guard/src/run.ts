// Imports stay lean on purpose (the core's lean.js and guard.js, no Octokit): loop-guard loads only
// what it runs.
import { readFileSync } from 'node:fs';
import { describeError, escapeMarkdown, UserError } from '../../../packages/core/src/lean.js';
import {
  compileReleaseCommitPattern,
  decideLoopGuard,
  DEFAULT_BOT_ACTORS,
  DEFAULT_RELEASE_BRANCHES,
  DEFAULT_RELEASE_COMMIT_PATTERN,
  PromotionRuleViolation,
} from '../../../packages/core/src/guard.js';
import { listInput, stringInput } from '../../shared/src/inputs.js';
import * as core from '@actions/core';
import { appendSummary, info } from '../../shared/src/log.js';

function readEvent(): Record<string, unknown> {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path)
    throw new UserError('GITHUB_EVENT_PATH is not set: loop-guard reads the event the runner provides');
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the event file GITHUB_EVENT_PATH=${path}: ${describeError(error)}`);
  }
  try {
    const event: unknown = JSON.parse(raw);
    if (event === null || typeof event !== 'object' || Array.isArray(event))
      throw new Error('not a JSON object');
    return event as Record<string, unknown>;
  } catch (error) {
    throw new UserError(
      `the event file GITHUB_EVENT_PATH=${path} is not a JSON object: ${describeError(error)}`,
    );
  }
}

function report(proceed: boolean, reason: string): Promise<void> {
  core.setOutput('proceed', String(proceed));
  core.setOutput('reason', reason);
  info(`loop-guard: ${proceed ? 'proceed' : 'skip'}: ${reason}`);
  return appendSummary(`**loop-guard:** ${proceed ? 'proceed' : 'skip'} — ${escapeMarkdown(reason)}`);
}

/** The action: inputs and event -> core -> outputs and summary. */
export async function run(): Promise<void> {
  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  if (!eventName) throw new UserError('GITHUB_EVENT_NAME is not set: loop-guard runs inside GitHub Actions');
  const settings = {
    botActors: listInput('bot-actors', DEFAULT_BOT_ACTORS),
    releaseCommitPattern: compileReleaseCommitPattern(
      stringInput('release-commit-pattern', DEFAULT_RELEASE_COMMIT_PATTERN),
    ),
    branches: listInput('branches'),
    releaseBranches: listInput('release-branches', DEFAULT_RELEASE_BRANCHES),
    prTargetBranch: stringInput('pr-target-branch'),
    prAllowedSources: listInput('pr-allowed-sources', ['test']),
  };
  const context = {
    eventName,
    event: readEvent(),
    actor: process.env.GITHUB_ACTOR ?? '',
    ref: process.env.GITHUB_REF ?? '',
  };
  try {
    const decision = decideLoopGuard(context, settings);
    await report(decision.proceed, decision.reason);
  } catch (error) {
    if (error instanceof PromotionRuleViolation) await report(false, error.message);
    throw error;
  }
}
