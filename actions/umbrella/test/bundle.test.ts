import { describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { annotations, runAction, type Runtime } from '../../../test/support/action-runner.js';

describe.each<Runtime>(['node24', 'node20'])('dist/umbrella/index.js on %s', (runtime) => {
  it('runs the command it is given', async () => {
    const run = await runAction('umbrella', {
      runtime,
      cwd: tmpdir(),
      eventName: 'push',
      event: { head_commit: { message: 'release(core): 1.0.0' } },
      env: { GITHUB_REF: 'refs/heads/test', GITHUB_ACTOR: 'alice' },
      inputs: {
        command: 'loop-guard',
        'release-commit-pattern': '^release\\([^)]+\\): ',
        'release-branches': 'release-test, release',
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      proceed: 'false',
      reason: 'the head commit "release(core): 1.0.0" is a release commit (release-commit-pattern)',
    });
  });

  it('refuses an unknown command in one line', async () => {
    const run = await runAction('umbrella', { runtime, cwd: tmpdir(), inputs: { command: 'deploy' } });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      'input command must be one of loop-guard, cut-release, publish-from-tag, got "deploy"',
    ]);
  });
});
