import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  actionDefaults,
  annotations,
  ROOT,
  RUNTIMES,
  runAction,
} from '../../../test/support/action-runner.js';
import { git, installHook, Monorepo } from '../../../test/support/repo.js';

/**
 * cut-release's signing inputs as the runner gives them: the key signs every release commit and tag
 * (git verify-commit and verify-tag with an allowed-signers file agree), and it is nowhere else: not in
 * the log, the outputs or the summary, not in the environment or the arguments of a repository hook,
 * and not in RUNNER_TEMP once the step ends.
 */

const keys = mkdtempSync(join(tmpdir(), 'pyrelease-keys-'));
let privateKey = '';
let allowedSigners = '';
beforeAll(() => {
  const file = join(keys, 'release');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'release', '-f', file]);
  privateKey = readFileSync(file, 'utf8');
  allowedSigners = join(keys, 'allowed_signers');
  writeFileSync(allowedSigners, `* ${readFileSync(`${file}.pub`, 'utf8')}`);
});
afterAll(() => rmSync(keys, { recursive: true, force: true }));

describe('cut-release signs with signing-key', () => {
  it('signs every commit and tag, and the key stays in its private folder', async () => {
    const repo = Monorepo.create([
      { path: 'libs/core', name: 'core', version: '0.1.0' },
      { path: 'libs/cli', name: 'cli', version: '0.3.0' },
    ]);
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pyrelease-runner-temp-'));
    const seen = join(keys, 'hook-saw');
    try {
      // A hook of the repository would see the environment and the arguments of the push: pyrelease runs
      // git with no hooks at all (git.ts), so the hook never runs.
      installHook(
        join(repo.work, '.git'),
        'pre-push',
        `#!/bin/sh\n{ env; echo "$@"; cat; } >> ${JSON.stringify(seen)}\nexit 0\n`,
      );
      const run = await runAction('cut-release', {
        cwd: repo.work,
        inputs: {
          ...actionDefaults('cut-release'),
          mode: 'final',
          'base-branch': 'test',
          'release-branch': 'release',
          'create-github-release': 'false',
          token: '',
          'signing-key': privateKey,
        },
        env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD'), RUNNER_TEMP: runnerTemp },
      });
      expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
      expect(run.outputs.tags).toBe('cli-v0.3.0 core-v0.1.0');
      const verify = (kind: string, ref: string) =>
        spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, kind, ref], {
          cwd: repo.origin,
        }).status;
      for (const tag of ['cli-v0.3.0', 'core-v0.1.0']) {
        expect([tag, verify('verify-tag', tag), verify('verify-commit', `${tag}^{commit}`)]).toEqual([
          tag,
          0,
          0,
        ]);
      }
      expect(git(repo.origin, ['cat-file', '-p', 'core-v0.1.0'])).toContain('-----BEGIN SSH SIGNATURE-----');
      // Nowhere else: each line of the key's body is looked for.
      const body = privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
      // The runner takes ::add-mask:: lines for itself (each line of the key is masked).
      const shown = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(shown.length).toBeLessThan(run.stdout.split('\n').length);
      const everywhere = [shown.join('\n'), run.stderr, JSON.stringify(run.outputs), run.summary];
      for (const line of body)
        for (const [i, text] of everywhere.entries())
          expect([i, line, text.includes(line)]).toEqual([i, line, false]);
      expect(existsSync(seen)).toBe(false);
      expect(readdirSync(runnerTemp).filter((f) => f.startsWith('pyrelease-signing-'))).toEqual([]);
      expect(run.stdout).toContain('(signed, ssh)');
    } finally {
      repo.cleanup();
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  it('refuses a bad key, format or passphrase input in one line, changing nothing', async () => {
    const repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    try {
      const cut = (inputs: Record<string, string>) =>
        runAction('cut-release', {
          cwd: repo.work,
          inputs: {
            ...actionDefaults('cut-release'),
            mode: 'final',
            'base-branch': 'test',
            'release-branch': 'release',
            'create-github-release': 'false',
            token: '',
            ...inputs,
          },
          env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
        });
      const refs = repo.originRefs();
      const cases: [Record<string, string>, string][] = [
        [{ 'signing-key': 'hunter2' }, 'signing-key is neither an SSH private key'],
        [{ 'signing-key': privateKey, 'signing-format': 'x509' }, 'input signing-format must be'],
        [
          { 'signing-passphrase': 'hunter2' },
          'signing-format and signing-passphrase need signing-key, which is empty',
        ],
      ];
      for (const [inputs, message] of cases) {
        const run = await cut(inputs);
        const errors = annotations(run.stdout, 'error');
        expect([run.code, errors.length, errors[0]?.startsWith(message)]).toEqual([1, 1, true]);
        // The runner takes ::add-mask:: lines for itself: no other line may hold the secret.
        const shown = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
        expect(shown.join('\n')).not.toContain('hunter2');
        expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
      }
      expect(repo.originRefs()).toBe(refs);
    } finally {
      repo.cleanup();
    }
  });

  it('removes the key and stops its gpg-agent when the runner cancels the step between two commands', async () => {
    // An index that takes the request and never answers: the run waits there with no child running,
    // when the cancel (SIGINT, the runner's first signal) comes.
    let asked = 0;
    const index = createServer(() => (asked += 1));
    await new Promise<void>((r) => index.listen(0, '127.0.0.1', r));
    const repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pyrelease-runner-temp-'));
    try {
      const url = `http://127.0.0.1:${(index.address() as AddressInfo).port}/`;
      const locked = join(keys, 'locked');
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', ' spaced words ', '-f', locked]);
      const gnupg = mkdtempSync(join(keys, 'gnupg-'));
      const pass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
      spawnSync(
        'gpg',
        ['--batch', ...pass, '--quick-gen-key', 'Bot <bot@example.com>', 'ed25519', 'sign', 'never'],
        {
          env: { ...process.env, GNUPGHOME: gnupg },
        },
      );
      const pgp = spawnSync(
        'gpg',
        ['--batch', ...pass, '--armor', '--export-secret-keys', 'bot@example.com'],
        {
          env: { ...process.env, GNUPGHOME: gnupg },
          encoding: 'utf8',
        },
      ).stdout;
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupg } });
      const given: Record<string, string>[] = [
        // A passphrase with spaces at both ends: the input keeps them.
        { 'signing-key': readFileSync(locked, 'utf8'), 'signing-passphrase': ' spaced words ' },
        { 'signing-key': pgp },
      ];
      for (const inputs of given) {
        asked = 0;
        const code = await cancelledRun(
          repo,
          runnerTemp,
          { ...inputs, 'repository-url': url },
          () => asked > 0,
        );
        expect(code).not.toBe(0);
        expect(readdirSync(runnerTemp).filter((f) => f.startsWith('pyrelease-signing-'))).toEqual([]);
        expect(agentsUnder(runnerTemp)).toEqual([]);
      }
    } finally {
      index.closeAllConnections();
      index.close();
      repo.cleanup();
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});

/** The bundle as the runner starts it, sent SIGINT (the runner's cancel) once `ready()`: its exit code. */
async function cancelledRun(
  repo: Monorepo,
  runnerTemp: string,
  inputs: Record<string, string>,
  ready: () => boolean,
): Promise<number | null> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? runnerTemp,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
  };
  const all = {
    ...actionDefaults('cut-release'),
    mode: 'final',
    'base-branch': 'test',
    'release-branch': 'release',
    token: '',
    ...inputs,
  };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(RUNTIMES.node24, [join(ROOT, 'dist/cut-release/index.js')], { cwd: repo.work, env });
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const deadline = Date.now() + 30_000;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(ready()).toBe(true);
  child.kill('SIGINT');
  return closed;
}

/** gpg-agents still running for a keyring under `dir`. */
function agentsUnder(dir: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const state = readFileSync(`/proc/${p}/stat`, 'utf8');
        return cmd.includes('gpg-agent') && cmd.includes(dir) && !/ Z /.test(state) ? [cmd] : [];
      } catch {
        return [];
      }
    });
}
