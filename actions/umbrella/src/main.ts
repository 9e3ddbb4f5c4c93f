import { UserError } from '../../../packages/core/src/lean.js';
import { stringInput } from '../../shared/src/inputs.js';
import { runAction } from '../../shared/src/log.js';

/**
 * `uses: org/pyrelease@v1` with `command: loop-guard|cut-release|publish-from-tag|release-preview`. Each command's code
 * is loaded only when chosen, so loop-guard through the umbrella does not load Octokit.
 */
const COMMANDS: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  'loop-guard': () => import('../../loop-guard/src/run.js'),
  'cut-release': () => import('../../cut-release/src/run.js'),
  'publish-from-tag': () => import('../../publish-from-tag/src/run.js'),
  'release-preview': () => import('../../release-preview/src/run.js'),
};

await runAction(async () => {
  const command = stringInput('command');
  const load = COMMANDS[command];
  if (!load) {
    throw new UserError(
      `input command must be one of ${Object.keys(COMMANDS).join(', ')}, got ${JSON.stringify(command)}`,
    );
  }
  await (await load()).run();
});
