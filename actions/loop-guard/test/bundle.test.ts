import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, runAction, type Runtime } from '../../../test/support/action-runner.js';
import { runnerCommands } from '../../../test/support/runner-log.js';

const cwd = tmpdir();

function guard(
  runtime: Runtime,
  eventName: string,
  event: unknown,
  env: Record<string, string> = {},
  inputs: Record<string, string> = {},
) {
  return runAction('loop-guard', {
    runtime,
    cwd,
    eventName,
    event,
    env: { GITHUB_ACTOR: 'alice', GITHUB_REF: 'refs/heads/test', ...env },
    // The defaults of loop-guard/action.yml, as the runner passes them.
    inputs: {
      'bot-actors': 'github-actions[bot]',
      'release-commit-pattern': '^release\\([^)]+\\): ',
      branches: '',
      'release-branches': 'release-test, release',
      'pr-target-branch': '',
      'pr-allowed-sources': 'test',
      ...inputs,
    },
  });
}

describe.each<Runtime>(['node24', 'node20'])('dist/loop-guard/index.js on %s', (runtime) => {
  it('proceeds on a push to test and says why in the outputs, the log and the summary', async () => {
    const run = await guard(runtime, 'push', { ref: 'refs/heads/test', head_commit: { message: 'fix: x' } });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ proceed: 'true', reason: 'push to test by alice' });
    expect(run.stdout).toContain('loop-guard: proceed: push to test by alice');
    expect(run.summary).toBe('**loop-guard:** proceed — push to test by alice\n');
  });

  it('skips a release commit pushed by the bot with exit code 0', async () => {
    const run = await guard(
      runtime,
      'push',
      { head_commit: { message: 'release(core): 0.1.0' } },
      { GITHUB_ACTOR: 'github-actions[bot]' },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.proceed).toBe('false');
    expect(run.outputs.reason).toBe(
      'the actor github-actions[bot] is a release bot (bot-actors), so this run was caused by a release',
    );
  });

  it('skips a failed workflow_run', async () => {
    const run = await guard(
      runtime,
      'workflow_run',
      { workflow_run: { conclusion: 'failure', head_branch: 'test', actor: { login: 'alice' } } },
      {},
      { branches: 'test, master' },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      proceed: 'false',
      reason: 'the triggering workflow run concluded failure, not success',
    });
  });

  it('fails a pull request into master from a feature branch, naming both branches', async () => {
    const run = await guard(
      runtime,
      'pull_request',
      { pull_request: { number: 12, head: { ref: 'feature/login' }, base: { ref: 'master' } } },
      { GITHUB_REF: 'refs/pull/12/merge' },
      { 'pr-target-branch': 'master' },
    );
    expect(run.code).toBe(1);
    const message =
      'pull request #12 from feature/login into master breaks the promotion rule: only test of this repository may open a pull request into master';
    expect(annotations(run.stdout, 'error')).toEqual([message]);
    expect(run.outputs).toEqual({ proceed: 'false', reason: message });
  });

  it('fails a pull request into master from test whose fork was deleted (head.repo null): fail closed', async () => {
    const repo = { full_name: 'octo/aetherflow' };
    const event = {
      pull_request: { number: 13, head: { ref: 'test', repo: null }, base: { ref: 'master', repo } },
    };
    const run = await guard(
      runtime,
      'pull_request',
      event,
      { GITHUB_REF: 'refs/pull/13/merge' },
      {
        'pr-target-branch': 'master',
      },
    );
    expect(run.code).toBe(1);
    expect(run.outputs.proceed).toBe('false');
    expect(annotations(run.stdout, 'error')).toEqual([
      'pull request #13 from test of an unknown repository (head.repo is missing: a deleted fork?) into master breaks the promotion rule: only test of this repository may open a pull request into master, and the event does not name the head repository',
    ]);
    // The same pull request from this repository's test passes.
    const own = { pull_request: { ...event.pull_request, head: { ref: 'test', repo } } };
    const ok = await guard(
      runtime,
      'pull_request',
      own,
      { GITHUB_REF: 'refs/pull/13/merge' },
      {
        'pr-target-branch': 'master',
      },
    );
    expect([ok.code, ok.outputs.proceed]).toEqual([0, 'true']);
  });

  it('rejects an invalid pattern and a missing or broken event file in one line, without a stack', async () => {
    let run = await guard(runtime, 'push', {}, {}, { 'release-commit-pattern': '(' });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^input release-commit-pattern is not a valid regular expression: /,
    );
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-event-'));
    try {
      run = await guard(runtime, 'push', {}, { GITHUB_EVENT_PATH: join(dir, 'missing.json') });
      expect(run.code).toBe(1);
      expect(annotations(run.stdout, 'error')[0]).toMatch(
        /^cannot read the event file GITHUB_EVENT_PATH=.*missing\.json: /,
      );
      run = await guard(runtime, '', {});
      expect(annotations(run.stdout, 'error')).toEqual([
        'GITHUB_EVENT_NAME is not set: loop-guard runs inside GitHub Actions',
      ]);
      run = await guard(runtime, 'push', ['not', 'an', 'object']);
      expect(annotations(run.stdout, 'error')[0]).toMatch(/is not a JSON object: /);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cannot be steered by a hostile commit message into workflow commands', async () => {
    // The reason quotes the subject: the runner reads `##[…]` anywhere in a line and ends lines at `\r`.
    for (const message of [
      'release(x): 1\n::set-output name=proceed::true\n::error::fake',
      'release(x): 1 ##[set-output name=proceed]true',
      'release(x): 1\r  ::error::fake\r::stop-commands::x',
    ]) {
      const run = await guard(runtime, 'push', { head_commit: { message } });
      expect(run.outputs.proceed).toBe('false');
      expect(runnerCommands(run.stdout)).toEqual([]);
      expect(runnerCommands(run.stderr)).toEqual([]);
    }
  });
});
