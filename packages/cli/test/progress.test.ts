import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { tokenForms } from '../../core/src/index.js';
import { ROOT, RUNTIMES } from '../../../test/support/action-runner.js';
import { GitHttpsServer } from '../../../test/support/git-https.js';
import { Monorepo } from '../../../test/support/repo.js';
import { cliIn } from './cli-runner.js';

const PACKAGES = [
  { path: 'packages/core', name: 'aetherflow-core', version: '0.1.0' },
  { path: 'packages/scheduler', name: 'aetherflow-scheduler', version: '0.3.0', style: 'poetry' as const },
];
const RELEASE = ['cut-release', '--mode', 'final', '--base-branch', 'test', '--release-branch', 'release'];
const ESC = '\u001b';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

/** Every "still …" line names the step whose start line came last: a reminder of what is running. */
function stepsOf(lines: readonly string[]): { steps: string[]; still: Map<string, number> } {
  const steps: string[] = [];
  const still = new Map<string, number>();
  for (const line of lines) {
    const reminder = /^still (.*) \(\d+ s\)$/.exec(line);
    if (!reminder) {
      steps.push(line);
      continue;
    }
    expect(`${reminder[1]}...`).toBe(steps.at(-1));
    still.set(reminder[1], (still.get(reminder[1]) ?? 0) + 1);
  }
  return { steps, still };
}

describe('progress at a terminal', () => {
  it('says before each network step what it waits on, and "still …" while it waits', async () => {
    repo = Monorepo.create(PACKAGES);
    // The index answers only once the CLI has said it is still waiting for it: no clock in the test.
    let sawStill = () => {};
    const still = new Promise<void>((resolve) => (sawStill = resolve));
    const index = createServer((_, res) => void still.then(() => res.writeHead(404).end()));
    await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(index.address() as AddressInfo).port}`;
    try {
      const run = await cliIn(repo.work, [...RELEASE, '--push', '--repository-url', `${url}/legacy/`], {
        terminal: { stderrIsTerminal: true, env: { NO_COLOR: '1' } },
        progressIntervalMs: 20,
        stderr: (line) => line.startsWith(`still asking ${url}`) && sawStill(),
      });
      expect(run.code).toBe(0);
      const { steps, still: reminders } = stepsOf(run.stderr.split('\n'));
      expect(steps).toEqual([
        'asking origin for its branches and tags...',
        // The checkout has every tag the remote lists: only the branch is fetched.
        'fetching origin/test...',
        `asking ${url}/simple/ which versions it holds of 2 package(s)...`,
        'pushing release and 2 tag(s) to origin...',
      ]);
      expect(reminders.get(`asking ${url}/simple/ which versions it holds of 2 package(s)`)).toBeGreaterThan(
        0,
      );
      expect(repo.originTags()).toEqual(['aetherflow-core-v0.1.0', 'aetherflow-scheduler-v0.3.0']);
    } finally {
      index.close();
    }
  });

  it('says nothing of progress into a pipe, and colours only a terminal that takes colour', async () => {
    repo = Monorepo.create([
      ...PACKAGES,
      { path: 'integrations/chroma', name: 'chroma-haystack', version: '1.0.0' },
    ]);
    // A tag of a shape its package does not write: a warning.
    repo.git('tag', 'integrations/chroma-v1.0.0');
    repo.git('push', '--quiet', 'origin', 'integrations/chroma-v1.0.0');
    const piped = await cliIn(repo.work, [...RELEASE, '--dry-run']);
    expect(piped.stderr).toMatch(/^warning: chroma-haystack: not released: [^\n]+$/);
    const plan = ['plan', '--mode', 'final', '--base-branch', 'test'];
    const coloured = await cliIn(repo.work, plan, {
      terminal: { stdoutIsTerminal: true, stderrIsTerminal: true, env: { TERM: 'xterm' } },
    });
    expect(coloured.stderr).toMatch(
      new RegExp(`^${ESC}\\[33mwarning:${ESC}\\[0m chroma-haystack: not released: `),
    );
    expect(coloured.stdout.split('\n')[0]).toMatch(
      new RegExp(`^${ESC}\\[1mfinal plan of origin/test at [0-9a-f]{12}${ESC}\\[0m$`),
    );
    for (const env of [{ NO_COLOR: '1' }, { GITHUB_ACTIONS: 'true' }]) {
      const run = await cliIn(repo.work, plan, {
        terminal: { stdoutIsTerminal: true, stderrIsTerminal: true, env },
      });
      expect(`${run.stdout}${run.stderr}`).not.toContain(ESC);
    }
    const json = await cliIn(repo.work, [...plan, '--json'], {
      terminal: { stdoutIsTerminal: true, stderrIsTerminal: true, env: {} },
    });
    expect(JSON.parse(json.stdout).mode).toBe('final');
    expect(json.stderr).not.toContain(ESC);
    expect(
      await cliIn(repo.work, [...plan, '--no-color'], {
        terminal: { stdoutIsTerminal: true, stderrIsTerminal: true, env: {} },
      }),
    ).toEqual({
      code: 0,
      stdout: expect.not.stringContaining(ESC),
      stderr: expect.stringMatching(/^warning: chroma-haystack: not released: /),
    });
  });
});

describe('the installed bin at a real terminal', () => {
  it('colours its own words and shows control characters from the repository escaped', () => {
    const hostile = `packages/x${ESC}]0;owned\u0007${ESC}[2K`;
    repo = Monorepo.create([{ path: hostile, name: 'hostile', version: '1.0.0' }]);
    // The bin as npm links it, run by the Node that GitHub's runners use, under a pseudo-terminal.
    const bin = mkdtempSync(join(tmpdir(), 'pyrelease-bin-'));
    try {
      symlinkSync(join(ROOT, 'dist/cli/index.js'), join(bin, 'pyrelease'));
      symlinkSync(RUNTIMES.node24, join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TERM: 'xterm' };
      delete env.NO_COLOR;
      delete env.GITHUB_ACTIONS;
      const atTerminal = (...args: string[]) =>
        spawnSync('script', ['-qec', ['pyrelease', ...args].join(' '), '/dev/null'], {
          cwd: repo.work,
          encoding: 'utf8',
          env,
        });
      const run = atTerminal('plan', '--mode', 'final', '--base-branch', 'test');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`^${ESC}\\[1mfinal plan of origin/test at [0-9a-f]{12}${ESC}\\[0m\r\n`),
      );
      expect(run.stdout).toContain('packages/x\\x1b]0;owned\\x07\\x1b[2K');
      expect(run.stdout.replace(new RegExp(`${ESC}\\[[01]m`, 'g'), '')).not.toContain(ESC);
      // JSON at a terminal stays JSON, with a DEL from a commit subject in it.
      repo.commit('feat(hostile): del\u007fchar', { [`${hostile}/y.py`]: '1\n' });
      repo.git('push', '--quiet', 'origin', 'test');
      const json = atTerminal('plan', '--mode', 'rc', '--base-branch', 'test', '--json');
      expect(json.status).toBe(0);
      expect(json.stdout).toContain('del\\u007fchar');
      const parsed = JSON.parse(json.stdout.replace(/\r\n/g, '\n'));
      expect(parsed.packages[0].commits[0].subject).toBe('feat(hostile): del\u007fchar');
      const plain = atTerminal('plan', '--mode', 'final', '--base-branch', 'test', '--no-color');
      expect(plain.stdout).toMatch(/^final plan of origin\/test at /);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('a reader that goes away', () => {
  it('ends no release half-way: a local release still puts the checkout back when the pipe closes', async () => {
    repo = Monorepo.create([
      { path: 'libs/a', name: 'a', version: '1.0.0' },
      { path: 'libs/b', name: 'b', version: '1.0.0' },
    ]);
    // `pyrelease … -v 2>&1 | head -1`: both streams into a pipe whose reader leaves after one chunk.
    const run = spawn(
      RUNTIMES.node24,
      [
        join(ROOT, 'dist/cli/index.js'),
        'cut-release',
        '--mode',
        'rc',
        '--base-branch',
        'test',
        '--release-branch',
        'release-test',
        '-v',
      ],
      { cwd: repo.work, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [run.stdout, run.stderr]) stream.once('data', () => stream.destroy());
    const code = await new Promise((resolve) => run.on('close', resolve));
    expect(code).toBe(0);
    expect(repo.git('branch', '--show-current')).toBe('test');
    expect(repo.git('tag', '--list').split('\n').sort()).toEqual(['a-v1.0.0rc1', 'b-v1.0.0rc1']);
  });
});

describe('--verbose', () => {
  it('shows each git command, and never the token that authenticates them', async () => {
    repo = Monorepo.create(PACKAGES);
    const token = 'ghs_verboseNeverShowsThis0123456789';
    const server = await new GitHttpsServer(repo.origin, token, 'octo').start();
    const saved = { ...process.env };
    try {
      repo.git('remote', 'set-url', 'origin', server.url);
      Object.assign(process.env, server.env, { PYRELEASE_TOKEN: token });
      const run = await cliIn(repo.work, [...RELEASE, '--push', '--verbose']);
      expect(run.code).toBe(0);
      const lines = run.stderr.split('\n');
      expect(lines).toContain('+ git ls-remote --heads --tags --end-of-options origin');
      expect(lines).toContain('asking origin for its branches and tags...');
      expect(lines.find((l) => l.startsWith('+ git push --atomic --porcelain'))).toMatch(
        /^\+ git push --atomic --porcelain --force-with-lease=refs\/heads\/release: --end-of-options origin [0-9a-f]{40}:refs\/heads\/release refs\/tags\/aetherflow-core-v0\.1\.0:refs\/tags\/aetherflow-core-v0\.1\.0 /,
      );
      for (const form of tokenForms(token)) expect(`${run.stdout}\n${run.stderr}`).not.toContain(form);
      // Only the release's commands: the trace stops with the command.
      const after = await cliIn(repo.work, ['plan', '--mode', 'final', '--base-branch', 'test']);
      expect(after.stderr).toBe('');
    } finally {
      process.env = saved;
      await server.stop();
    }
  });
});
