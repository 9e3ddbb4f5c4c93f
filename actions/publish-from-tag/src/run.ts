import { tmpdir } from 'node:os';
import {
  DEFAULT_PUBLISH_BRANCHES,
  escapeMarkdown,
  failedTags,
  Git,
  oneLine,
  parseExpectation,
  parseTagList,
  publishFromTag,
  publishFromTags,
  tagFromRef,
  UserError,
  type PublishOptions,
  type PublishResult,
  type TagOutcome,
} from '../../../packages/core/src/index.js';
import * as core from '@actions/core';
import { booleanInput, listInput, stringInput } from '../../shared/src/inputs.js';
import { actionLogger, appendSummary } from '../../shared/src/log.js';

const STATUS: Record<PublishResult['files'][number]['status'], string> = {
  verified: 'built and verified, not uploaded',
  uploaded: 'uploaded',
  confirmed: 'on the index with this sha256 (uploaded by this job or a concurrent one)',
  skipped: 'already on the index, skipped',
  'skipped-different': 'already on the index with a different sha256, skipped',
};

/** core.getIDToken, its multi-line error reduced to the HTTP status it reports. */
async function runnerIdToken(audience: string): Promise<string> {
  try {
    return await core.getIDToken(audience);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = /Error Code\s*:\s*(\d+)/.exec(message)?.[1];
    throw new Error(status ? `HTTP ${status}` : oneLine(message));
  }
}

/** The action: inputs and event -> core -> outputs and summary. */
export async function run(): Promise<void> {
  const password = stringInput('password');
  if (password) core.setSecret(password);
  const dryRun = booleanInput('dry-run', false);
  const tags = parseTagList(stringInput('tags'));
  if (tags.length === 0 && stringInput('tags')) throw new UserError('input tags names no tag');
  if (tags.length > 0 && stringInput('tag'))
    throw new UserError('set input tag or input tags, not both: tags publishes several, tag one');
  const options = publishOptions(password, dryRun);
  const git = new Git(process.cwd());
  if (tags.length === 0) {
    const result = await publishFromTag(git, options, actionLogger);
    setOutputs([{ tag: options.tag || tagFromRef(options.ref), result, error: null }], result.distDir);
    core.setOutput('package', result.package);
    core.setOutput('version', result.version);
    core.setOutput('channel', result.channel);
    core.setOutput('repository-url', result.repositoryUrl);
    await appendSummary(summary(result, dryRun));
    return;
  }
  const { outcomes, distDir } = await publishFromTags(git, tags, options, actionLogger);
  setOutputs(outcomes, distDir);
  const done = outcomes.flatMap((o) => (o.result ? [summary(o.result, dryRun)] : []));
  const failed = outcomes.flatMap((o) =>
    o.error !== null ? [`- ${escapeMarkdown(o.tag)}: ${escapeMarkdown(o.error)}`] : [],
  );
  const notPublished = failed.length > 0 ? [['### Not published', '', ...failed].join('\n')] : [];
  await appendSummary([...done, ...notPublished].join('\n\n'));
  const failure = failedTags(outcomes);
  if (failure) throw new UserError(failure);
}

function publishOptions(password: string, dryRun: boolean): PublishOptions {
  return {
    tag: stringInput('tag') || null,
    ref: process.env.GITHUB_REF ?? null,
    tagFormat: stringInput('tag-format') || undefined,
    branches: listInput('tag-branches', DEFAULT_PUBLISH_BRANCHES),
    expect: parseExpectation(stringInput('expect', 'any')),
    repositoryUrl: stringInput('repository-url') || null,
    password: password || null,
    skipExisting: booleanInput('skip-existing', false),
    dryRun,
    upload: booleanInput('upload', true),
    attestations: booleanInput('attestations', true),
    dist: stringInput('dist') || null,
    buildCommand: stringInput('build-command') || null,
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    oidc: {
      // Without `permissions: id-token: write` the runner gives the step no way to ask for a token.
      idToken:
        process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
          ? runnerIdToken
          : undefined,
    },
    mask: (secret) => core.setSecret(secret),
  };
}

/** The outputs every run sets: `published`, `failed`, `files` and `dist-dir`. */
function setOutputs(outcomes: readonly TagOutcome[], distDir: string | null): void {
  const published = outcomes.flatMap((o) =>
    o.result
      ? [
          {
            tag: o.tag,
            package: o.result.package,
            version: o.result.version,
            channel: o.result.channel,
            files: o.result.files.map((f) => f.name),
          },
        ]
      : [],
  );
  core.setOutput('published', JSON.stringify(published));
  const failed = outcomes.flatMap((o) => (o.error !== null ? [{ tag: o.tag, error: o.error }] : []));
  core.setOutput('failed', JSON.stringify(failed));
  core.setOutput('files', published.flatMap((p) => p.files).join(' '));
  core.setOutput('dist-dir', distDir ?? '');
}

function summary(result: PublishResult, dryRun: boolean): string {
  return [
    `### pyrelease publish-from-tag: ${escapeMarkdown(result.package)} ${escapeMarkdown(result.version)} (${result.channel})${dryRun ? ', dry run' : ''}`,
    '',
    `Index: ${escapeMarkdown(result.repositoryUrl)}`,
    '',
    '| file | sha256 | status |',
    '| --- | --- | --- |',
    ...result.files.map((f) => `| ${escapeMarkdown(f.name)} | \`${f.sha256}\` | ${STATUS[f.status]} |`),
  ].join('\n');
}
