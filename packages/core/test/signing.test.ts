import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, RecordingLogger } from '../src/index.js';
import { traceCommands } from '../src/git/exec.js';
import type { Signing } from '../src/release/signing/signer.js';
import { git, installHook, Monorepo } from '../../../test/support/repo.js';

/**
 * Signed release commits and tags with real keys made here (ssh-keygen, gpg --batch), verified by git
 * itself (verify-commit, verify-tag with an allowed-signers file or a keyring of the public key), and a
 * bare origin whose pre-receive hook plays GitHub's "Require signed commits".
 */

const keys = mkdtempSync(join(tmpdir(), 'pyrelease-keys-'));
const gnupgVerify = join(keys, 'gnupg-verify');

function run(program: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  const result = spawnSync(program, args, { encoding: 'utf8', env: { ...process.env, ...env }, input });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** An ed25519 OpenSSH key, with `passphrase` if given: its private key's text and its public key's. */
function sshKey(name: string, passphrase = ''): { privateKey: string; publicKey: string } {
  const file = join(keys, name);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', file]);
  return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
}

/** An OpenPGP signing key made by gpg --batch, exported armored; its public key goes into the verifying keyring. */
function openPgpKey(email: string, passphrase = ''): string {
  const home = mkdtempSync(join(keys, 'gnupg-'));
  const env = { GNUPGHOME: home };
  const pass = ['--pinentry-mode', 'loopback', '--passphrase', passphrase];
  run(
    'gpg',
    ['--batch', ...pass, '--quick-gen-key', `Release Bot <${email}>`, 'ed25519', 'sign', 'never'],
    env,
  );
  const secret = run('gpg', ['--batch', ...pass, '--armor', '--export-secret-keys', email], env);
  const pub = run('gpg', ['--batch', '--armor', '--export', email], env);
  run('gpg', ['--batch', '--import'], { GNUPGHOME: gnupgVerify }, pub);
  run('gpgconf', ['--kill', 'gpg-agent'], env);
  return secret;
}

let ssh: { privateKey: string; publicKey: string };
let allowedSigners: string;
beforeAll(() => {
  run('mkdir', ['-m', '700', gnupgVerify]);
  ssh = sshKey('release');
  allowedSigners = join(keys, 'allowed_signers');
  writeFileSync(allowedSigners, `* ${ssh.publicKey}\n`);
});
afterAll(() => {
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupgVerify } });
  rmSync(keys, { recursive: true, force: true });
});

let repo: Monorepo;
afterEach(() => repo?.cleanup());

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/cli', name: 'cli', version: '0.3.0' },
];

async function release(signing?: Signing) {
  repo.git('checkout', '--quiet', 'test');
  const logger = new RecordingLogger();
  const result = await cutRelease(
    new Git(repo.work),
    { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true, signing },
    logger,
  );
  return { result, logger };
}

/** git verify-commit / verify-tag in the origin, with the SSH allowed signers and the OpenPGP keyring. */
function verify(kind: 'verify-commit' | 'verify-tag', ref: string): { ok: boolean; output: string } {
  const result = spawnSync(
    'git',
    ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, kind, '--raw', ref],
    { cwd: repo.origin, encoding: 'utf8', env: { ...process.env, GNUPGHOME: gnupgVerify } },
  );
  return { ok: result.status === 0, output: result.stderr };
}

describe('signed release commits and tags', () => {
  it.each(['ssh', 'openpgp'] as const)(
    'signs every release commit and tag with a %s key, verified by git',
    async (format) => {
      repo = Monorepo.create(PACKAGES);
      const key = format === 'ssh' ? ssh.privateKey : openPgpKey('bot@example.com');
      const before = readdirSync(tmpdir()).filter((f) => f.startsWith('pyrelease-signing-'));
      const { result, logger } = await release({ kind: 'key', key, tempDir: tmpdir() });
      expect(result.released.map((r) => r.tag)).toEqual(['cli-v0.3.0', 'core-v0.1.0']);
      for (const r of result.released) {
        expect([r.tag, verify('verify-tag', r.tag).ok]).toEqual([r.tag, true]);
        expect([r.tag, verify('verify-commit', `${r.tag}^{commit}`).ok]).toEqual([r.tag, true]);
      }
      // The branch's tip is the last signed commit, on the first, on the base.
      expect(git(repo.origin, ['rev-list', '--count', 'test..release'])).toBe('2');
      expect(logger.lines.some((l) => l.message.includes(`(signed, ${format})`))).toBe(true);
      // The private folder is gone, and no line logged holds the key.
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith('pyrelease-signing-'))).toEqual(before);
      const body = key.split('\n')[3];
      expect(JSON.stringify(logger)).not.toContain(body);
    },
  );

  it('signs with a passphrase-protected key given its passphrase; without it, one line and nothing pushed', async () => {
    repo = Monorepo.create(PACKAGES);
    const locked = sshKey('locked', 'correct horse');
    writeFileSync(allowedSigners, `* ${ssh.publicKey}\n* ${locked.publicKey}\n`);
    const refs = repo.originRefs();
    await expect(release({ kind: 'key', key: locked.privateKey, tempDir: tmpdir() })).rejects.toThrow(
      'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)',
    );
    await expect(
      release({ kind: 'key', key: locked.privateKey, passphrase: 'wrong', tempDir: tmpdir() }),
    ).rejects.toThrow(/^signing-passphrase does not open signing-key/);
    expect(repo.originRefs()).toBe(refs);
    const { result } = await release({
      kind: 'key',
      key: locked.privateKey,
      passphrase: 'correct horse',
      tempDir: tmpdir(),
    });
    expect(verify('verify-commit', result.releaseSha as string)).toEqual({
      ok: true,
      output: expect.any(String),
    });
    const pgp = openPgpKey('locked@example.com', 'pgp secret');
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): x', { 'libs/core/x.py': 'X = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    await expect(release({ kind: 'key', key: pgp, tempDir: tmpdir() })).rejects.toThrow(
      'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)',
    );
    const signed = await release({ kind: 'key', key: pgp, passphrase: 'pgp secret', tempDir: tmpdir() });
    expect(verify('verify-tag', 'core-v0.1.1')).toEqual({ ok: true, output: expect.any(String) });
    expect(signed.result.released.map((r) => r.tag)).toEqual(['core-v0.1.1']);
  });

  it('signs with a PEM SSH key (RSA) as with an OpenSSH one', async () => {
    repo = Monorepo.create(PACKAGES);
    const file = join(keys, 'pem-rsa');
    run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-f', file]);
    writeFileSync(allowedSigners, `* ${ssh.publicKey}\n* ${readFileSync(`${file}.pub`, 'utf8').trim()}\n`);
    const pem = readFileSync(file, 'utf8');
    expect(pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    const { result } = await release({ kind: 'key', key: pem, tempDir: tmpdir() });
    expect(verify('verify-tag', 'core-v0.1.0')).toEqual({ ok: true, output: expect.any(String) });
    expect(verify('verify-commit', result.releaseSha as string)).toEqual({
      ok: true,
      output: expect.any(String),
    });
  });

  it('reads a key pasted with CRLF line ends and blank lines around it', async () => {
    repo = Monorepo.create(PACKAGES);
    const pasted = `\r\n${ssh.privateKey.replace(/\n/g, '\r\n')}\r\n\r\n`;
    const { result } = await release({ kind: 'key', key: pasted, tempDir: tmpdir() });
    expect(verify('verify-commit', result.releaseSha as string)).toEqual({
      ok: true,
      output: expect.any(String),
    });
  });

  it('refuses a key it cannot read, before anything is fetched', async () => {
    repo = Monorepo.create(PACKAGES);
    await expect(release({ kind: 'key', key: 'not a key', tempDir: tmpdir() })).rejects.toThrow(
      'signing-key is neither an SSH private key (-----BEGIN OPENSSH PRIVATE KEY-----, or PEM) nor an armored OpenPGP private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)',
    );
    await expect(
      release({ kind: 'key', key: ssh.privateKey, format: 'openpgp', tempDir: tmpdir() }),
    ).rejects.toThrow('signing-format is openpgp, but signing-key is an SSH key');
    const broken = ssh.privateKey.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    await expect(release({ kind: 'key', key: broken, tempDir: tmpdir() })).rejects.toThrow(/^signing-key/);
    expect(repo.originTags()).toEqual([]);
  });

  it('passes a branch that requires signed commits when signing, and names the fix when not', async () => {
    repo = Monorepo.create(PACKAGES);
    // GitHub's "Require signed commits", played by a hook: every new commit must verify.
    git(repo.origin, ['config', 'gpg.ssh.allowedSignersFile', allowedSigners]);
    installHook(
      repo.origin,
      'pre-receive',
      [
        '#!/bin/sh',
        'while read old new ref; do',
        '  for c in $(git rev-list "$new" --not --all); do',
        '    git verify-commit "$c" >/dev/null 2>&1 || {',
        '      echo "error: GH006: Protected branch update failed for $ref." >&2',
        '      echo "error: Commits must have verified signatures." >&2',
        '      exit 1',
        '    }',
        '  done',
        'done',
        '',
      ].join('\n'),
    );
    await expect(release()).rejects.toThrow(
      /^push of release was rejected because the branch requires signed commits \(nothing was pushed\): .*Commits must have verified signatures\..* — give cut-release a signing key \(the signing-key input/,
    );
    expect(repo.originTags()).toEqual([]);
    const { result } = await release({ kind: 'key', key: ssh.privateKey, tempDir: tmpdir() });
    expect(result.pushed).toBe(true);
    expect(repo.originTags()).toEqual(['cli-v0.3.0', 'core-v0.1.0']);
  });

  it('starts as many git processes for 8 packages as for 2: the signing program runs twice per release', async () => {
    const counts = async (n: number) => {
      repo?.cleanup();
      repo = Monorepo.create(
        Array.from({ length: n }, (_, i) => ({ path: `libs/p${i}`, name: `p${i}`, version: '0.1.0' })),
      );
      const started: string[] = [];
      traceCommands((command) => started.push(command));
      try {
        const { result } = await release({ kind: 'key', key: ssh.privateKey, tempDir: tmpdir() });
        expect(result.released).toHaveLength(n);
      } finally {
        traceCommands(null);
      }
      return {
        git: started.filter((c) => c === 'git').length,
        signing: started.filter((c) => c === 'ssh-keygen').length,
      };
    };
    const two = await counts(2);
    const eight = await counts(8);
    expect(eight.git).toBe(two.git);
    // One check that the key reads, one that it signs, then a commit and a tag per release.
    expect([two.signing, eight.signing]).toEqual([2 + 2 * 2, 2 + 2 * 8]);
  });

  it("warns when GitHub would not show the commits verified: the OpenPGP key is not the committer's", async () => {
    repo = Monorepo.create(PACKAGES);
    const { logger } = await release({
      kind: 'key',
      key: openPgpKey('other-bot@example.com'),
      tempDir: tmpdir(),
    });
    expect(logger.warnings).toContain(
      "the release commits are signed by a key for other-bot@example.com, but committed as maintainer@example.com: GitHub shows them as unverified, and a branch that requires signed commits refuses them; commit as the key's e-mail (git config user.email before cut-release)",
    );
    repo.cleanup();
    repo = Monorepo.create(PACKAGES);
    const own = await release({ kind: 'key', key: openPgpKey('maintainer@example.com'), tempDir: tmpdir() });
    expect(own.logger.warnings).toEqual([]);
  });

  it('refuses a keyring of several signing keys, and a passphrase with a line break, in one line', async () => {
    repo = Monorepo.create(PACKAGES);
    const both = `${openPgpKey('one@example.com')}\n${openPgpKey('two@example.com')}`;
    await expect(release({ kind: 'key', key: both, tempDir: tmpdir() })).rejects.toThrow(
      'signing-key holds 2 secret keys that can sign: export only the one to sign with (gpg --armor --export-secret-keys <its key id>)',
    );
    await expect(
      release({ kind: 'key', key: ssh.privateKey, passphrase: 'two\nlines', tempDir: tmpdir() }),
    ).rejects.toThrow('signing-passphrase holds a line break, which neither ssh-keygen nor gpg can take');
    expect(repo.originTags()).toEqual([]);
  });

  it("--sign with openpgp signs with the committer's key when user.signingkey is unset, by gpg.openpgp.program", async () => {
    repo = Monorepo.create(PACKAGES);
    const home = mkdtempSync(join(keys, 'gnupg-user-'));
    const pass = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    for (const who of ['Someone Else <other@example.com>', 'Test Maintainer <maintainer@example.com>'])
      run('gpg', ['--batch', ...pass, '--quick-gen-key', who, 'ed25519', 'sign', 'never'], {
        GNUPGHOME: home,
      });
    run(
      'gpg',
      ['--batch', '--import'],
      { GNUPGHOME: gnupgVerify },
      run('gpg', ['--batch', '--armor', '--export'], { GNUPGHOME: home }),
    );
    repo.git('config', 'gpg.program', '/bin/false');
    repo.git('config', 'gpg.openpgp.program', 'gpg');
    const saved = process.env.GNUPGHOME;
    process.env.GNUPGHOME = home;
    try {
      const { result } = await release({ kind: 'git-config' });
      const signedBy = spawnSync('git', ['verify-commit', '--raw', result.releaseSha as string], {
        cwd: repo.origin,
        encoding: 'utf8',
        env: { ...process.env, GNUPGHOME: gnupgVerify },
      });
      expect([
        signedBy.status,
        /GOODSIG \w+ Test Maintainer <maintainer@example.com>/.test(signedBy.stderr),
      ]).toEqual([0, true]);
    } finally {
      process.env.GNUPGHOME = saved;
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
      if (saved === undefined) delete process.env.GNUPGHOME;
    }
  });

  it('--sign with an SSH key that asks for its passphrase and no agent: one line that says to add it to ssh-agent', async () => {
    repo = Monorepo.create(PACKAGES);
    const file = join(keys, 'user-locked');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret words', '-f', file]);
    repo.git('config', 'gpg.format', 'ssh');
    repo.git('config', 'user.signingkey', file);
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      await expect(release({ kind: 'git-config' })).rejects.toThrow(
        `--sign: the key asks for its passphrase, and pyrelease signs without a terminal: add it to ssh-agent (ssh-add ${file}) first`,
      );
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
    expect(repo.originTags()).toEqual([]);
  });
});
