import { tmpdir } from 'node:os';
import {
  Git,
  parseExpectation,
  publishFromTag,
  type PublishResult,
} from '../../../packages/core/src/index.js';
import { actionLogger, booleanInput, stringInput } from '../../shared/src/inputs.js';
import * as runner from '../../shared/src/runner.js';

const STATUS: Record<PublishResult['files'][number]['status'], string> = {
  verified: 'built and verified (dry run)',
  uploaded: 'uploaded',
  skipped: 'already on the index, skipped',
  'skipped-different': 'already on the index with a different sha256, skipped',
};

/** The action: inputs and event -> core -> outputs and summary. */
export async function run(): Promise<void> {
  const password = stringInput('password');
  runner.setSecret(password);
  const dryRun = booleanInput('dry-run', false);
  const result = await publishFromTag(
    new Git(process.cwd()),
    {
      tag: stringInput('tag') || null,
      ref: process.env.GITHUB_REF ?? null,
      tagFormat: stringInput('tag-format') || undefined,
      expect: parseExpectation(stringInput('expect', 'any')),
      repositoryUrl: stringInput('repository-url') || null,
      password: password || null,
      skipExisting: booleanInput('skip-existing', false),
      dryRun,
      buildCommand: stringInput('build-command') || null,
      tempDir: process.env.RUNNER_TEMP || tmpdir(),
      oidc: {
        requestUrl: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
        requestToken: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      },
      mask: runner.setSecret,
    },
    actionLogger,
  );
  runner.setOutput('package', result.package);
  runner.setOutput('version', result.version);
  runner.setOutput('channel', result.channel);
  runner.setOutput('repository-url', result.repositoryUrl);
  runner.setOutput('files', result.files.map((f) => f.name).join(' '));
  runner.appendSummary(
    [
      `### pyrelease publish-from-tag: ${result.package} ${result.version} (${result.channel})${dryRun ? ', dry run' : ''}`,
      '',
      `Index: ${result.repositoryUrl}`,
      '',
      '| file | sha256 | status |',
      '| --- | --- | --- |',
      ...result.files.map((f) => `| ${f.name} | \`${f.sha256}\` | ${STATUS[f.status]} |`),
    ].join('\n'),
  );
}
