import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import {
  API_CHECK_MODES,
  type ApiCheckMode,
  checkedOutMerge,
  chooseMergeMethod,
  FINAL_BRANCHES,
  Git,
  MERGE_METHODS,
  type MergeMethod,
  outputText,
  parseMode,
  previewFails,
  previewMarkdown,
  COMMENT_LIMIT,
  previewOutputs,
  previewRelease,
  type PullRequestText,
  type ReleaseMode,
  type SquashSettings,
  tokenForms,
  UserError,
} from '../../../packages/core/src/index.js';
import { booleanInput, choiceInput, listInput, stringInput } from '../../shared/src/inputs.js';
import { actionLogger, appendSummary, info } from '../../shared/src/log.js';
import { mergeSettings, upsertPreviewComment, type PullRequestTarget } from './pull-request-api.js';

/** The parts of a `pull_request` event the preview reads. */
interface PullRequestEvent {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly baseRef: string;
  readonly headSha: string;
  /** From a fork: the event's token may not write, so there is no comment. */
  readonly fromFork: boolean;
}

function pullRequestEvent(): PullRequestEvent {
  let event: { pull_request?: Record<string, unknown> } = {};
  try {
    event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
  } catch {
    // Said below: no pull request.
  }
  const pr = event.pull_request as
    | {
        number?: unknown;
        title?: unknown;
        body?: unknown;
        base?: { ref?: unknown; repo?: { full_name?: unknown } };
        head?: { sha?: unknown; repo?: { full_name?: unknown } | null };
      }
    | undefined;
  // pull_request_target checks out the base branch with a token that may write: never the merge.
  if (process.env.GITHUB_EVENT_NAME === 'pull_request_target') {
    throw new UserError(
      'release-preview plans the pull request\'s merge commit, which a pull_request_target run does not check out (it runs the base branch with a token that may write): run it in a workflow "on: pull_request"',
    );
  }
  if (!pr || typeof pr.number !== 'number' || typeof pr.title !== 'string') {
    throw new UserError(
      `release-preview runs on pull_request events, and this is ${process.env.GITHUB_EVENT_NAME || 'no event'}: run it in a workflow "on: pull_request"`,
    );
  }
  return {
    number: pr.number,
    title: pr.title,
    body: typeof pr.body === 'string' ? pr.body : '',
    baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : '',
    headSha: typeof pr.head?.sha === 'string' ? pr.head.sha : '',
    fromFork: pr.head?.repo?.full_name !== pr.base?.repo?.full_name,
  };
}

/** Input mode, else final for the final-branches and rc for the others. */
function modeFor(baseBranch: string): ReleaseMode {
  const given = stringInput('mode');
  if (given) return parseMode(given, 'input mode');
  return listInput('final-branches', FINAL_BRANCHES).includes(baseBranch) ? 'final' : 'rc';
}

/** How the pull request will be merged: the input, or with auto what the repository allows. */
async function mergeMethodOf(
  target: PullRequestTarget | null,
): Promise<{ method: MergeMethod; squash?: SquashSettings; titleMayBeCommit: boolean }> {
  const given = choiceInput('merge-method', [...MERGE_METHODS, 'auto'], 'auto');
  if (given !== 'auto') return { method: given, titleMayBeCommit: false };
  const settings = target ? await mergeSettings(target, actionLogger) : null;
  if (!settings) return { method: 'merge', titleMayBeCommit: true };
  return { ...chooseMergeMethod(settings.allowed), squash: settings.squash };
}

function targetOf(pr: PullRequestEvent, token: string): PullRequestTarget | null {
  const [owner, repo, ...rest] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token || !owner || !repo || rest.length > 0) return null;
  const apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
  return { token, owner, repo, number: pr.number, apiUrl };
}

/** The action: the event's pull request -> the preview of its merge -> summary, comment, outputs. */
export async function run(): Promise<void> {
  const token = stringInput('token');
  if (token) for (const form of tokenForms(token)) core.setSecret(form);
  const pr = pullRequestEvent();
  // Every input is read before the summary is written: a mistake in one changes nothing.
  const comment = booleanInput('comment', true);
  const commentAuthor = stringInput('comment-author', 'github-actions[bot]');
  const baseBranch = stringInput('base-branch') || pr.baseRef;
  const target = targetOf(pr, token);
  const merging = await mergeMethodOf(target);
  const apiCheck = choiceInput<ApiCheckMode | ''>('api-check', [...API_CHECK_MODES, ''], '');
  const git = new Git(process.cwd());
  const tempDir = process.env.RUNNER_TEMP || tmpdir();
  const pullRequest: PullRequestText = { number: pr.number, title: pr.title, body: pr.body };
  const preview = await previewRelease(git, {
    mode: modeFor(baseBranch),
    merge: (g) => checkedOutMerge(g, pr.headSha || undefined),
    ...merging,
    pullRequest,
    lint: choiceInput('lint', ['warn', 'strict'] as const, 'warn'),
    packageGlobs: listInput('packages'),
    tagFormat: stringInput('tag-format') || undefined,
    line: stringInput('line') || undefined,
    api: { tempDir, logger: actionLogger, mode: apiCheck || undefined, usedBy: 'release-preview' },
    tempDir,
  });
  for (const [name, value] of Object.entries(previewOutputs(preview)))
    core.setOutput(name, outputText(value));
  for (const w of preview.warnings) actionLogger.warning(w);
  for (const h of preview.headerProblems.filter((x) => !x.failing)) actionLogger.warning(h.text);
  await appendSummary(previewMarkdown(preview, { baseBranch }));
  if (!comment) info('input comment is false: the preview is in the job summary');
  else if (pr.fromFork) {
    info('a pull request from a fork: its token cannot comment, so the preview is in the job summary');
  } else if (target) {
    const body = previewMarkdown(preview, { baseBranch, marker: true, limit: COMMENT_LIMIT });
    await upsertPreviewComment(target, body, commentAuthor, actionLogger);
  }
  const failure = previewFails(preview);
  if (failure) throw new UserError(failure);
}
