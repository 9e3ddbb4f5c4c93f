import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from '../src/index.js';
import { runCommand } from '../src/git/exec.js';
import { CommandError } from '../src/git/exec/command-error.js';
import { childEnvironment } from '../src/git/exec/environment.js';
import { ROOT, RUNTIMES } from '../../../test/support/action-runner.js';

const dirs: string[] = [];
const pids: number[] = [];
afterEach(() => {
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  // A test that failed must not leave its sleepers behind.
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-exec-'));
  dirs.push(dir);
  return dir;
}

/** A process that exists and is not a zombie waiting for a parent that never reaps it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/** The pid a fixture script wrote to `file`, once it is there. */
async function pidFrom(file: string): Promise<number> {
  for (let i = 0; i < 200 && !(existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')); i += 1)
    await new Promise((r) => setTimeout(r, 20));
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  pids.push(pid);
  return pid;
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

  it('answers a command that exited while a child holds its pipes without any time limit set', async () => {
    const started = Date.now();
    const result = await runCommand('sh', ['-c', 'echo hi; echo warn >&2; sleep 6 & exit 3'], {
      okExitCodes: [3],
    });
    expect([result.stdout.toString(), result.stderr, result.exitCode]).toEqual(['hi\n', 'warn\n', 3]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads every byte a command printed just before it exited', async () => {
    const result = await runCommand('sh', ['-c', 'head -c 3000000 /dev/zero; echo end'], {});
    expect(result.stdout.length).toBe(3_000_004);
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

  it('kills the children of a command that timed out, not only the command', async () => {
    const file = join(tempDir(), 'grandchild');
    const error = await runCommand('sh', ['-c', `sleep 30 & echo $! >"${file}"; sleep 30`], {
      timeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(await goneWithin(await pidFrom(file), 3000)).toBe(true);
  });

  it('kills a child that ignores SIGTERM with SIGKILL after a grace', async () => {
    const file = join(tempDir(), 'grandchild');
    const started = Date.now();
    const error = await runCommand(
      'sh',
      ['-c', `sh -c 'trap "" TERM; while :; do sleep 1; done' & echo $! >"${file}"; sleep 30`],
      { timeoutMs: 500 },
    ).catch((e: unknown) => e);
    expect((error as CommandError).message).toMatch(/failed: timed out after 1 s$/);
    expect(await goneWithin(await pidFrom(file), 5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

describe('runCommand exit by a signal', () => {
  for (const signal of ['KILL', 'TERM'] as const) {
    it(`names SIG${signal}, never "exit code null"`, async () => {
      const error = await runCommand('sh', ['-c', `kill -${signal} $$`], { displayName: 'sh' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommandError);
      expect((error as CommandError).message).toBe(`sh -c kill -${signal} $$ failed: killed by SIG${signal}`);
      expect((error as CommandError).signal).toBe(`SIG${signal}`);
    });
  }

  it('names the signal before what the command printed', async () => {
    const error = await runCommand('sh', ['-c', 'echo "about to go" >&2; kill -KILL $$']).catch(
      (e: unknown) => e,
    );
    expect((error as CommandError).message).toBe(
      'sh -c echo "about to go" >&2; kill -KILL $$ failed: killed by SIGKILL: about to go',
    );
  });
});

describe('runCommand output', () => {
  it('keeps the head and the tail of a log of 300 MB, with the size of what was left out', async () => {
    const script =
      'echo first; head -c 300000000 /dev/zero | tr "\\000" x; echo; echo last;' +
      'echo error-first >&2; head -c 30000000 /dev/zero | tr "\\000" y >&2; echo error-last >&2';
    const result = await runCommand('sh', ['-c', script], { stdout: 'log' });
    const stdout = result.stdout.toString('utf8');
    expect(stdout.length).toBeLessThan(200 * 1024);
    expect(stdout.startsWith('first\nxxxx')).toBe(true);
    expect(stdout.endsWith('xxxx\nlast\n')).toBe(true);
    expect(stdout).toMatch(/\n\[pyrelease: 299,8\d\d,\d\d\d bytes left out\]\n/);
    expect(result.stderr.length).toBeLessThan(200 * 1024);
    expect(result.stderr.startsWith('error-first\nyyy')).toBe(true);
    expect(result.stderr.endsWith('yyyerror-last\n')).toBe(true);
  });

  it('stops a command whose data passes the limit and fails in one line naming the limit', async () => {
    const started = Date.now();
    const error = await runCommand('sh', ['-c', 'head -c 10000000 /dev/zero; sleep 30'], {
      displayName: 'zeros',
      maxOutputBytes: 1024 * 1024,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(
      'zeros -c head -c 10000000 /dev/zero; sleep 30 failed: printed more than 1 MiB on stdout, the most pyrelease reads from one command',
    );
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('keeps data whole below the limit', async () => {
    const result = await runCommand('sh', ['-c', 'head -c 1048576 /dev/zero'], { maxOutputBytes: 1048576 });
    expect(result.stdout.length).toBe(1048576);
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
    GITHUB_ENV: '/runner/env',
    GITHUB_OUTPUT: '/runner/output',
    GITHUB_PATH: '/runner/path',
    GITHUB_STATE: '/runner/state',
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
      const env = (await runCommand('sh', ['-c', 'env'], { stdout: 'log', extraEnv: { ONLY_HERE: '1' } }))
        .stdout;
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

/** A `git` that records its pid and a background child's, then waits to be killed. */
function hangingGit(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nsleep 60 &\necho $! >"${dir}/grandchild"\necho $$ >"${dir}/child"\nexec sleep 61\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

describe('pyrelease stopped by SIGINT or SIGTERM', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`passes ${signal} on to the group of the command it is running, then ends as ${signal} ends it`, async () => {
      const dir = tempDir();
      const bin = hangingGit(dir);
      const cli = spawn(
        RUNTIMES.node24,
        [join(ROOT, 'dist/cli/index.js'), 'plan', '--mode', 'rc', '--base-branch', 'main'],
        { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir }, stdio: 'ignore' },
      );
      const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        cli.on('exit', (code, sig) => resolve([code, sig])),
      );
      const child = await pidFrom(join(dir, 'child'));
      const grandchild = await pidFrom(join(dir, 'grandchild'));
      // Only pyrelease gets the signal, as from the runner; its children sit in their own group.
      cli.kill(signal);
      const started = Date.now();
      const [code, sig] = await ended;
      expect(sig === signal || code === 128 + (signal === 'SIGINT' ? 2 : 15)).toBe(true);
      expect(await goneWithin(child, 1000)).toBe(true);
      // A background job of sh ignores SIGINT: the group gets SIGKILL after the grace.
      expect(await goneWithin(grandchild, 1000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(4000);
    });
  }
});
