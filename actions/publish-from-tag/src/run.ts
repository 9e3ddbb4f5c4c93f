import { tmpdir } from 'node:os';
import {
  DEFAULT_PUBLISH_BRANCHES,
  escapeMarkdown,
  Git,
  oneLine,
  parseExpectation,
  publishFromTag,
  type PublishResult,
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
  const result = await publishFromTag(
    new Git(process.cwd()),
    {
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
    },
    actionLogger,
  );
  core.setOutput('package', result.package);
  core.setOutput('version', result.version);
  core.setOutput('channel', result.channel);
  core.setOutput('repository-url', result.repositoryUrl);
  core.setOutput('files', result.files.map((f) => f.name).join(' '));
  core.setOutput('dist-dir', result.distDir ?? '');
  await appendSummary(
    [
      `### pyrelease publish-from-tag: ${escapeMarkdown(result.package)} ${escapeMarkdown(result.version)} (${result.channel})${dryRun ? ', dry run' : ''}`,
      '',
      `Index: ${escapeMarkdown(result.repositoryUrl)}`,
      '',
      '| file | sha256 | status |',
      '| --- | --- | --- |',
      ...result.files.map((f) => `| ${escapeMarkdown(f.name)} | \`${f.sha256}\` | ${STATUS[f.status]} |`),
    ].join('\n'),
  );
}
