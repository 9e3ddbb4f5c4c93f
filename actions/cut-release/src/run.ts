import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  API_CHECK_MODES,
  channelsOfMode,
  isPreReleaseChannel,
  type ApiCheckMode,
  cutRelease,
  escapeMarkdown,
  formatPlanMarkdown,
  markdownFence,
  Git,
  parseMode,
  readReleaseTags,
  releaseIndexOf,
  releaseOutputs,
  outputText,
  parseChunkLimits,
  indexUrlSecrets,
  describeError,
  type ReleaseTag,
  tokenForms,
  type CutReleaseResult,
} from '../../../packages/core/src/index.js';
import * as core from '@actions/core';
import { booleanInput, choiceInput, listInput, requiredInput, stringInput } from '../../shared/src/inputs.js';
import { actionLogger, appendSummary } from '../../shared/src/log.js';
import { signingInputs } from './signing-inputs.js';
import {
  branchProtection,
  createGitHubReleases,
  createMissingGitHubReleases,
  type CreatedRelease,
  type GitHubTarget,
} from './github-releases.js';

/**
 * The commit CI tested. For `workflow_run` the run's own SHA is the default branch's tip, so the
 * tested commit is the triggering run's head_sha.
 */
function testedSha(): string | null {
  if (process.env.GITHUB_EVENT_NAME === 'workflow_run' && process.env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
      if (typeof event?.workflow_run?.head_sha === 'string') return event.workflow_run.head_sha;
    } catch {
      // An unreadable event falls back to GITHUB_SHA, which the base check then compares.
    }
  }
  return process.env.GITHUB_SHA || null;
}

/** The repository's web address on github.com or a GHES server, which changelog entries link into. */
function webUrl(): string | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  return server && repository ? `${server.replace(/\/+$/, '')}/${repository}` : undefined;
}

/** The action: inputs and event -> core -> outputs and summary. */
export async function run(): Promise<void> {
  const token = stringInput('token');
  // The token and the Basic authorization git sends with it: both are secrets in the log.
  if (token) for (const form of tokenForms(token)) core.setSecret(form);
  // An index URL may carry credentials (https://user:token@host/…): never shown either.
  for (const secret of indexUrlSecrets(stringInput('repository-url'))) core.setSecret(secret);
  const mode = parseMode(requiredInput('mode'), 'input mode');
  const dryRun = booleanInput('dry-run', false);
  const push = booleanInput('push', true);
  const chunks = parseChunkLimits(stringInput('publish-chunk-size'), stringInput('publish-max-chunks'), [
    'input publish-chunk-size',
    'input publish-max-chunks',
  ]);
  const github = {
    token,
    repository: process.env.GITHUB_REPOSITORY ?? '',
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
  };
  const result = await cutRelease(
    new Git(process.cwd()),
    {
      mode,
      baseBranch: requiredInput('base-branch'),
      releaseBranch: requiredInput('release-branch'),
      remote: stringInput('remote', 'origin'),
      push,
      dryRun,
      allowDirty: booleanInput('allow-dirty', false),
      skipBaseSyncCheck: booleanInput('skip-base-sync-check', false),
      packageGlobs: listInput('packages'),
      tagFormat: stringInput('tag-format') || undefined,
      line: stringInput('line') || undefined,
      // Empty: each package's configuration.
      apiCheck: choiceInput<ApiCheckMode | ''>('api-check', [...API_CHECK_MODES, ''], '') || undefined,
      tempDir: process.env.RUNNER_TEMP || tmpdir(),
      signing: signingInputs(process.env.RUNNER_TEMP || tmpdir()),
      testedSha: testedSha(),
      token: token || null,
      webUrl: webUrl(),
      indexUrl: releaseIndexOf(stringInput('repository-url'), channelsOfMode(mode)[0]) ?? undefined,
      indexNamed: stringInput('repository-url').trim() !== '',
      isProtectedBranch: token ? branchProtection(github) : undefined,
    },
    actionLogger,
  );
  // A dry run releases nothing, so its outputs say so: a publish job wired to them must not start.
  for (const [name, value] of Object.entries(releaseOutputs(result, dryRun, chunks)))
    core.setOutput(name, outputText(value));

  const created = await gitHubReleases(result, { token, github, dryRun, push });
  await writeSummary(result, created, { dryRun, push });
}

/**
 * This run's Releases, then those earlier runs left out (their tags are on the remote: a run that
 * pushes nothing still looks). A dry run and a run that does not push create none.
 */
async function gitHubReleases(
  result: CutReleaseResult,
  o: { token: string; github: GitHubTarget; dryRun: boolean; push: boolean },
): Promise<CreatedRelease[]> {
  if (o.dryRun || !o.push || !booleanInput('create-github-release', true)) return [];
  if (!o.token) {
    if (result.released.length > 0) core.warning('GitHub Releases skipped: input token is empty');
    return [];
  }
  const created = result.pushed ? await createGitHubReleases(result.released, o.github, actionLogger) : [];
  let earlier: ReleaseTag[][];
  try {
    earlier = await readReleaseTags(new Git(process.cwd()), result.plan, result.releaseBranchTip);
  } catch (error) {
    core.warning(
      `could not read the release tags to find those without a GitHub Release: ${describeError(error)}`,
    );
    return created;
  }
  // A final this run released is the latest; else the newest late final may be.
  const latestTaken = result.pushed && result.released.some((r) => !isPreReleaseChannel(r.channel));
  return [...created, ...(await createMissingGitHubReleases(earlier, o.github, actionLogger, latestTaken))];
}

async function writeSummary(
  result: CutReleaseResult,
  created: readonly CreatedRelease[],
  o: { dryRun: boolean; push: boolean },
): Promise<void> {
  const state = o.dryRun
    ? 'dry run, nothing changed'
    : result.pushed
      ? 'pushed'
      : o.push
        ? 'nothing to push'
        : 'not pushed (push: false)';
  const lines = [
    `### pyrelease cut-release: ${result.plan.mode} (${state})`,
    '',
    formatPlanMarkdown(result.plan),
    '',
  ];
  // What the plan left alone or could not tell (the API check's findings among them), as the log says.
  if (result.plan.warnings.length > 0) {
    lines.push('Warnings:', '', ...result.plan.warnings.map((w) => `- ${escapeMarkdown(w)}`), '');
  }
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  if (result.released.length > 0 && !o.dryRun) {
    lines.push('Released:', '');
    for (const r of result.released) {
      const url = created.find((c) => c.tag === r.tag)?.url;
      const tagUrl = `${server}/${repository}/releases/tag/${encodeURIComponent(r.tag)}`;
      lines.push(
        `- ${escapeMarkdown(r.tag)} (${r.channel})${url ? `: [GitHub Release](${url})` : repository ? `: [tag](${tagUrl})` : ''}`,
      );
    }
  } else if (result.released.length === 0) {
    lines.push('Nothing to release.');
  }
  lines.push(...lateReleaseLines(result, created));
  if (result.released.length > 0) {
    lines.push('', o.dryRun ? 'Release commits (would change):' : 'Release commits change:', '');
    for (const r of result.released)
      lines.push(`- ${escapeMarkdown(r.tag)}: ${r.changes.map(escapeMarkdown).join(', ')}`);
    lines.push('');
  }
  // The same section as the changelog, the tag and the GitHub Release.
  for (const r of result.released) {
    lines.push(
      `<details><summary>${o.dryRun ? 'Release notes (would be)' : 'Release notes'}: ${escapeMarkdown(r.tag)}</summary>`,
      '',
      r.notes,
      '</details>',
      '',
    );
  }
  if (o.dryRun && result.commands.length > 0) {
    lines.push('Would run:', '', ...markdownFence(result.commands));
  }
  await appendSummary(lines.join('\n'));
}

/** The Releases this run created for tags of earlier runs (those not among its own). */
function lateReleaseLines(result: CutReleaseResult, created: readonly CreatedRelease[]): string[] {
  const late = created.filter((c) => !result.released.some((r) => r.tag === c.tag));
  if (late.length === 0) return [];
  return [
    '',
    'GitHub Releases that earlier runs left out:',
    '',
    ...late.map(
      (c) =>
        `- ${escapeMarkdown(c.tag)}${c.url ? `: [GitHub Release](${c.url})` : ' (not created, see the warnings)'}`,
    ),
  ];
}
