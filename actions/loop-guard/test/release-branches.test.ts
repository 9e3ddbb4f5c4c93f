import { describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { runAction } from '../../../test/support/action-runner.js';

// The input as a workflow writes it for per-run release branches: one per line, globs allowed.
const RELEASE_BRANCHES = 'release/rc-{date}-{sha}\nrelease/{final,hotfix}-*';

function pushTo(branch: string) {
  return runAction('loop-guard', {
    cwd: tmpdir(),
    eventName: 'push',
    event: { ref: `refs/heads/${branch}`, head_commit: { message: 'fix: x' } },
    env: { GITHUB_ACTOR: 'alice', GITHUB_REF: `refs/heads/${branch}` },
    inputs: {
      'bot-actors': 'github-actions[bot]',
      'release-commit-pattern': '^release\\([^)]+\\): ',
      branches: '',
      'release-branches': RELEASE_BRANCHES,
      'pr-target-branch': '',
      'pr-allowed-sources': 'test',
    },
  });
}

describe('dist/loop-guard/index.js with per-run release branches', () => {
  it('never releases from a per-run release branch, and proceeds elsewhere', async () => {
    const perRun = await pushTo('release/rc-20261201-abcdef0');
    expect(perRun.code).toBe(0);
    expect(perRun.outputs).toEqual({
      proceed: 'false',
      reason: 'release/rc-20261201-abcdef0 is a release branch (release-branches)',
    });
    expect((await pushTo('release/final-20261201')).outputs.proceed).toBe('false');
    expect((await pushTo('test')).outputs.proceed).toBe('true');
  });
});
