import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, RecordingLogger } from '../../packages/core/src/index.js';
import { ROOT, runAction, RUNTIMES } from '../support/action-runner.js';
import { git, installHook, Monorepo } from '../support/repo.js';

let repo: Monorepo | null = null;
const dirs: string[] = [];
afterEach(() => {
  repo?.cleanup();
  repo = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const packages = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ path: `libs/pkg${i}`, name: `pkg${i}`, version: '1.0.0' }));

describe('big inputs', () => {
  it('releases 200 packages and a 5 MB changelog in one run, with as many git processes as for 20', async () => {
    const counts: number[] = [];
    for (const n of [20, 200]) {
      repo = Monorepo.create(packages(n));
      const big = Array.from(
        { length: 85_000 },
        (_, i) => `- entry ${i} of an old release, kept byte for byte (abcdef${i % 10})`,
      ).join('\n');
      expect(big.length).toBeGreaterThan(5_000_000);
      repo.commit('docs: a long history', { 'libs/pkg0/CHANGELOG.md': `# Changelog\n\n${big}\n` });
      repo.git('push', '--quiet', 'origin', 'test');
      const gitRunner = new Git(repo.work);
      const result = await cutRelease(
        gitRunner,
        { mode: 'rc', baseBranch: 'test', releaseBranch: 'release-test', push: true },
        new RecordingLogger(),
      );
      expect(result.released).toHaveLength(n);
      expect(git(repo.origin, ['tag', '--list']).split('\n')).toHaveLength(n);
      const log = git(repo.origin, ['show', 'pkg0-v1.0.0rc1:libs/pkg0/CHANGELOG.md']);
      expect(log.startsWith('# Changelog\n\n## 1.0.0rc1 (')).toBe(true);
      expect(log.endsWith(big)).toBe(true);
      counts.push(gitRunner.processCount);
      repo.cleanup();
      repo = null;
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

/**
 * Whether any process of the process group `pgid` is still running. Read from /proc rather than asked
 * with kill(0): an orphan that has exited but was not yet reaped (a container's PID 1 may never reap it)
 * still answers kill(0).
 */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
    } catch {
      continue; // The process ended while the list was read.
    }
    // After "pid (comm)": state, ppid, pgrp. comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * Runs the cut-release bundle and sends it SIGINT, then SIGTERM, after `delayMs` (the runner's cancel),
 * to the bundle's own process only: a `git push` it started may outlive it. Resolves once every process
 * the run started has ended (its own process group is empty), so that what the remote holds afterwards
 * is final: a fixed wait would race a push still running on a slow machine.
 */
function cancelledRun(cwd: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(RUNTIMES.node24, [join(ROOT, 'dist/cut-release/index.js')], {
      cwd,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        INPUT_MODE: 'rc',
        'INPUT_BASE-BRANCH': 'test',
        'INPUT_RELEASE-BRANCH': 'release-test',
        'INPUT_CREATE-GITHUB-RELEASE': 'false',
        // The default index is the real TestPyPI: never asked by a test.
        'INPUT_REPOSITORY-URL': 'none',
      },
      stdio: 'ignore',
    });
    setTimeout(() => child.kill('SIGINT'), delayMs);
    setTimeout(() => child.kill('SIGTERM'), delayMs + 50);
    child.on('close', () => {
      const pgid = child.pid as number;
      const deadline = Date.now() + 60_000;
      const poll = setInterval(() => {
        if (!groupAlive(pgid)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          reject(new Error('a process of the cancelled run was still running after 60 s'));
        }
      }, 20);
    });
  });
}

describe('cancellation (release flow §8: cancel-in-progress)', () => {
  it('leaves the remote untouched or fully released wherever the run is stopped, and the next run completes', async () => {
    repo = Monorepo.create(packages(5));
    // A slow remote keeps the push open long enough to be cancelled in the middle of it.
    installHook(
      repo.origin,
      'pre-receive',
      `#!/bin/sh\ncat >/dev/null\ntouch "${repo.root}/push-started"\nsleep 1\nexit 0\n`,
    );
    const before = repo.originRefs();
    const outcomes = new Set<string>();
    for (const delay of [30, 120, 250, 400, 600, 900, 1400]) {
      // Each attempt starts from a fresh checkout, as a new job would.
      const clone = mkdtempSync(join(tmpdir(), 'pyrelease-cancel-'));
      dirs.push(clone);
      git(clone, ['clone', '--quiet', '--branch', 'test', repo.origin, 'w']);
      await cancelledRun(join(clone, 'w'), delay);
      const refs = repo.originRefs();
      const tags = repo.originTags();
      const branch = refs.includes('refs/heads/release-test');
      if (refs === before) outcomes.add('untouched');
      else {
        // Never a branch without its tags, nor tags without their branch.
        expect([branch, tags]).toEqual([
          true,
          ['pkg0-v1.0.0rc1', 'pkg1-v1.0.0rc1', 'pkg2-v1.0.0rc1', 'pkg3-v1.0.0rc1', 'pkg4-v1.0.0rc1'],
        ]);
        for (const tag of tags)
          expect(git(repo.origin, ['merge-base', '--is-ancestor', tag, 'release-test'])).toBe('');
        outcomes.add('released');
        break;
      }
    }
    expect(existsSync(join(repo.root, 'push-started')) || outcomes.has('untouched')).toBe(true);
    // The next run releases whatever the cancelled ones did not, or nothing if one already did.
    const next = mkdtempSync(join(tmpdir(), 'pyrelease-next-'));
    dirs.push(next);
    git(next, ['clone', '--quiet', '--branch', 'test', repo.origin, 'w']);
    writeFileSync(join(next, 'noop'), '');
    const result = await cutRelease(
      new Git(join(next, 'w')),
      { mode: 'rc', baseBranch: 'test', releaseBranch: 'release-test', push: true },
      new RecordingLogger(),
    );
    expect(repo.originTags()).toHaveLength(5);
    expect(result.released.length === 5 || result.released.length === 0).toBe(true);
    expect(git(repo.origin, ['tag', '--list', '*rc2'])).toBe('');
  });
});

/** The git on PATH, which the wrapper below hands every call it does not stop. */
function realGit(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'git'))) return join(dir, 'git');
  }
  throw new Error('git is not on PATH');
}

/**
 * A `git` that counts its calls and, at call number $STOP_AT, records the subcommand and waits to be
 * killed instead of running it: the run is stopped exactly before that step. The count is taken under a
 * lock: git processes may start at the same moment (the kept-open cat-file and the next command), and
 * two that read the file together would both take one number, or read it while the other truncates it.
 */
function stoppingGit(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh
while ! mkdir "$GIT_CALLS.lock" 2>/dev/null; do sleep 0.01; done
n=$(cat "$GIT_CALLS" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$GIT_CALLS"
rmdir "$GIT_CALLS.lock"
if [ "$n" = "$STOP_AT" ]; then echo "$1" >"$STOPPED_AT"; exec sleep 60; fi
exec "${realGit()}" "$@"
`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

/** Runs the cut-release bundle until it reaches git call `stopAt`, then cancels the whole process tree. */
function runStoppedAt(cwd: string, bin: string, stopAt: number, baseSha: string): Promise<string | null> {
  const state = mkdtempSync(join(tmpdir(), 'pyrelease-stop-'));
  dirs.push(state);
  const stoppedAt = join(state, 'stopped-at');
  return new Promise((resolve) => {
    const child = spawn(RUNTIMES.node24, [join(ROOT, 'dist/cut-release/index.js')], {
      cwd,
      detached: true,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: process.env.HOME,
        GIT_CALLS: join(state, 'calls'),
        STOP_AT: String(stopAt),
        STOPPED_AT: stoppedAt,
        GITHUB_SHA: baseSha,
        INPUT_MODE: 'rc',
        'INPUT_BASE-BRANCH': 'test',
        'INPUT_RELEASE-BRANCH': 'release-test',
        'INPUT_CREATE-GITHUB-RELEASE': 'false',
        // The default index is the real TestPyPI: never asked by a test.
        'INPUT_REPOSITORY-URL': 'none',
      },
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      if (!existsSync(stoppedAt) || readFileSync(stoppedAt, 'utf8') === '') return;
      clearInterval(poll);
      // The runner's cancel: SIGINT, then SIGTERM, to the step's processes.
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(-(child.pid as number), name);
        } catch {
          // The group is already gone.
        }
      };
      signal('SIGINT');
      setTimeout(() => signal('SIGTERM'), 50);
    }, 20);
    child.on('close', () => {
      clearInterval(poll);
      resolve(existsSync(stoppedAt) ? readFileSync(stoppedAt, 'utf8').trim() : null);
    });
  });
}

describe('cancellation before each git step, then a re-run in the same checkout', () => {
  it('leaves the remote untouched and the checkout re-runnable wherever the run is stopped', async () => {
    const tagsOf5 = [
      'pkg0-v1.0.0rc1',
      'pkg1-v1.0.0rc1',
      'pkg2-v1.0.0rc1',
      'pkg3-v1.0.0rc1',
      'pkg4-v1.0.0rc1',
    ];
    const stoppedAt: string[] = [];
    for (let stopAt = 1; ; stopAt += 1) {
      repo = Monorepo.create(packages(5));
      const bin = stoppingGit(repo.root);
      const baseSha = repo.git('rev-parse', 'HEAD');
      const before = repo.originRefs();
      const step = await runStoppedAt(repo.work, bin, stopAt, baseSha);
      if (step === null) {
        // Past the last git call: the run completed on its own.
        expect(repo.originTags()).toEqual(tagsOf5);
        break;
      }
      stoppedAt.push(step);
      expect(repo.originRefs()).toBe(before);
      // The next run, in the very checkout the cancelled one left behind, completes the release.
      const rerun = await runAction('cut-release', {
        cwd: repo.work,
        inputs: {
          mode: 'rc',
          'base-branch': 'test',
          'release-branch': 'release-test',
          'create-github-release': 'false',
        },
        env: { GITHUB_SHA: baseSha },
      });
      expect([step, rerun.code, rerun.stdout.split('\n').filter((l) => l.startsWith('::error'))]).toEqual([
        step,
        0,
        [],
      ]);
      expect(repo.originTags()).toEqual(tagsOf5);
      for (const tag of tagsOf5)
        expect(git(repo.origin, ['merge-base', '--is-ancestor', tag, 'release-test'])).toBe('');
      expect(repo.git('status', '--porcelain')).toBe('');
      expect(repo.git('for-each-ref', 'refs/pyrelease')).toBe('');
      repo.cleanup();
      repo = null;
    }
    // Every step was a stopping point, the local ones included.
    expect(stoppedAt).toEqual(
      expect.arrayContaining(['ls-remote', 'fetch', 'fast-import', 'checkout', 'update-ref', 'push']),
    );
  });
});
