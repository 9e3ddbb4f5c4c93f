import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, ROOT, runAction, type Runtime } from '../../../test/support/action-runner.js';

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
      'input command must be one of loop-guard, cut-release, publish-from-tag, release-preview, got "deploy"',
    ]);
  });

  it('loads only the chosen command: loop-guard runs without any chunk of the other commands', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'pyrelease-umbrella-'));
    try {
      cpSync(join(ROOT, 'dist/umbrella'), copy, { recursive: true });
      // Octokit is cut-release's, twine's upload publish-from-tag's: no chunk holding either may be needed.
      const others = readdirSync(copy).filter(
        (f) =>
          /^\d+\.index\.js$/.test(f) &&
          /class Octokit|--non-interactive/.test(readFileSync(join(copy, f), 'utf8')),
      );
      expect(others.length).toBeGreaterThan(0);
      for (const f of others) rmSync(join(copy, f));
      const run = await runAction('umbrella', {
        runtime,
        bundle: join(copy, 'index.js'),
        cwd: tmpdir(),
        eventName: 'push',
        event: { head_commit: { message: 'fix: x' } },
        env: { GITHUB_REF: 'refs/heads/test', GITHUB_ACTOR: 'alice' },
        inputs: { command: 'loop-guard', 'release-branches': 'release-test, release' },
      });
      expect([run.code, run.outputs.proceed, run.stderr]).toEqual([0, 'true', '']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
