import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnvironment, CommandError, Git, runCommand } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-exec-'));
  dirs.push(dir);
  return dir;
}

// A shell here plays a program whose child (an ssh master, git's transport helper, a hook's background
// job) keeps the pipes open after the program itself is gone.
describe('runCommand time limit', () => {
  it('answers when the command exits in time, although a child of it still holds the pipes', async () => {
    const started = Date.now();
    const result = await runCommand('sh', ['-c', 'echo hi; sleep 6 & exit 0'], { timeoutMs: 500 });
    expect(result.stdout.toString()).toBe('hi\n');
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('gives up on a command that hangs, without waiting for its child to let go of the pipes', async () => {
    const started = Date.now();
    const error = await runCommand('sh', ['-c', 'echo started >&2; sleep 6 & sleep 6'], {
      timeoutMs: 500,
      displayName: 'hanging',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(
      'hanging -c echo started >&2; sleep 6 & sleep 6 failed: timed out after 1 s',
    );
    expect((error as CommandError).stderr).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('the environment of a child process', () => {
  const step = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    INPUT_PASSWORD: 'pypi-secret',
    INPUT_TOKEN: 'ghs_token',
    'INPUT_BUILD-COMMAND': 'python -m build',
    input_lowercase: 'x',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/',
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_RUNTIME_URL: 'https://runtime.example/',
    ACTIONS_RESULTS_URL: 'https://results.example/',
    ACTIONS_CACHE_URL: 'https://cache.example/',
    GITHUB_TOKEN: 'ghs_job',
    GH_TOKEN: 'ghs_gh',
    PYRELEASE_TOKEN: 'cli-token',
    PYRELEASE_PASSWORD: 'cli-password',
    TWINE_PASSWORD: 'outer-twine-password',
    GITHUB_REPOSITORY: 'o/r',
    GIT_CONFIG_COUNT: '1',
    PIP_INDEX_URL: 'https://mirror.example/simple',
    RUNNER_TEMP: '/tmp/runner',
  };

  it('is pyrelease’s own without the step’s inputs, the runner’s tokens and the known secrets', () => {
    expect(childEnvironment(step)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_REPOSITORY: 'o/r',
      GIT_CONFIG_COUNT: '1',
      PIP_INDEX_URL: 'https://mirror.example/simple',
      RUNNER_TEMP: '/tmp/runner',
    });
    expect(step.INPUT_PASSWORD).toBe('pypi-secret');
  });

  it('is what runCommand and Git give a child, with only the extra variables of that one command', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { INPUT_PASSWORD: 'pypi-secret', GITHUB_TOKEN: 'ghs_job' });
    try {
      const env = (await runCommand('sh', ['-c', 'env'], { extraEnv: { ONLY_HERE: '1' } })).stdout;
      expect(env.toString()).toContain('ONLY_HERE=1');
      expect(env.toString()).not.toMatch(/pypi-secret|ghs_job/);
      const dir = tempDir();
      const git = new Git(dir);
      await git.run(['init', '--quiet']);
      const viaGit = await git.text(['-c', 'alias.dump=!env', 'dump'], { env: { FOR_GIT: 'yes' } });
      expect(viaGit).toContain('FOR_GIT=yes');
      expect(viaGit).toContain('LC_ALL=C');
      expect(viaGit).not.toMatch(/pypi-secret|ghs_job/);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});
