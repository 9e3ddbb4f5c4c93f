import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { oneLine, UserError } from '../errors.js';
import { CommandError, runCommand } from '../git/exec.js';
import type { Git } from '../git/git.js';

/**
 * Signing release commits and tags (docs/configuration.md, "Signed releases"): with a key the workflow
 * gives (`signing-key`, an OpenSSH or an armored OpenPGP private key), or with the user's own git
 * signing configuration (`--sign`: `user.signingkey`, `gpg.format`). The key lives only in a private
 * folder (0700, the key 0600) removed when the run ends, and reaches only the signing program.
 */
export type SigningFormat = 'ssh' | 'openpgp';

export type Signing =
  | {
      readonly kind: 'key';
      /** The private key's text. */
      readonly key: string;
      /** Absent: read from the key's text. */
      readonly format?: SigningFormat;
      readonly passphrase?: string;
      /** Where the private folder is made (RUNNER_TEMP). */
      readonly tempDir: string;
    }
  | { readonly kind: 'git-config' };

export interface Signer {
  readonly format: SigningFormat;
  /** The armored detached signature of `payload`, ending with a newline. */
  sign(payload: Buffer): Promise<string>;
  /** Removes the key and everything made for it (a gpg-agent is stopped). */
  dispose(): Promise<void>;
}

const SIGN_TIMEOUT_MS = 60_000;

/** A signer for `signing`, checked by signing once: a key that cannot sign is a one-line error here. */
export async function openSigner(signing: Signing, git: Git): Promise<Signer> {
  const signer = signing.kind === 'key' ? await keySigner(signing) : await gitConfigSigner(git);
  try {
    await signer.sign(Buffer.from('pyrelease checks that the signing key signs\n'));
  } catch (error) {
    await signer.dispose();
    throw error;
  }
  return signer;
}

/** `ssh` or `openpgp` from a private key's first line; null: neither. */
export function keyFormatOf(key: string): SigningFormat | null {
  const first = key.trim().split('\n', 1)[0].trim();
  if (first === '-----BEGIN OPENSSH PRIVATE KEY-----') return 'ssh';
  if (first === '-----BEGIN PGP PRIVATE KEY BLOCK-----') return 'openpgp';
  return null;
}

async function keySigner(given: Extract<Signing, { kind: 'key' }>): Promise<Signer> {
  // A secret pasted from another system may carry CRLF line ends and surrounding blank lines.
  const signing = { ...given, key: `${given.key.replace(/\r\n?/g, '\n').trim()}\n` };
  const found = keyFormatOf(signing.key);
  if (found === null) {
    throw new UserError(
      'signing-key is neither an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----) nor an armored OpenPGP private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)',
    );
  }
  if (signing.format && signing.format !== found) {
    throw new UserError(
      `signing-format is ${signing.format}, but signing-key is an ${found === 'ssh' ? 'OpenSSH' : 'OpenPGP'} key`,
    );
  }
  // mkdtemp makes the folder 0700: nobody else on the machine can read what goes in it.
  const dir = mkdtempSync(join(signing.tempDir, 'pyrelease-signing-'));
  const dispose = async () => rmSync(dir, { recursive: true, force: true });
  try {
    return found === 'ssh'
      ? await sshKeySigner(dir, signing, dispose)
      : await openPgpKeySigner(dir, signing, dispose);
  } catch (error) {
    await dispose();
    throw error;
  }
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function sshKeySigner(
  dir: string,
  signing: Extract<Signing, { kind: 'key' }>,
  dispose: () => Promise<void>,
): Promise<Signer> {
  const keyFile = join(dir, 'key');
  writePrivate(keyFile, signing.key);
  const open = await runCommand('ssh-keygen', ['-y', '-P', '', '-f', keyFile], {
    okExitCodes: [255, 1],
    timeoutMs: SIGN_TIMEOUT_MS,
  }).catch(missingProgram('ssh-keygen'));
  if (open.exitCode !== 0) {
    if (!/passphrase/i.test(open.stderr))
      throw new UserError(`signing-key cannot be read by ssh-keygen: ${oneLine(open.stderr)}`);
    if (!signing.passphrase)
      throw new UserError(
        'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)',
      );
    await removeSshPassphrase(dir, keyFile, signing.passphrase);
  }
  return {
    format: 'ssh',
    sign: async (payload) => sshSign(['-Y', 'sign', '-n', 'git', '-f', keyFile], payload),
    dispose,
  };
}

/**
 * Takes the passphrase off the key's copy in the private folder, once: ssh-keygen reads the old
 * passphrase from an askpass program (never from its arguments, which every process can read).
 */
async function removeSshPassphrase(dir: string, keyFile: string, passphrase: string): Promise<void> {
  const secret = join(dir, 'passphrase');
  writePrivate(secret, passphrase);
  const askpass = join(dir, 'askpass.mjs');
  const script = [
    `#!${process.execPath}`,
    "import { readFileSync } from 'node:fs';",
    `process.stdout.write(readFileSync(${JSON.stringify(secret)}, 'utf8') + '\\n');`,
    '',
  ];
  writeFileSync(askpass, script.join('\n'), { mode: 0o700 });
  try {
    const result = await runCommand('ssh-keygen', ['-p', '-N', '', '-f', keyFile], {
      extraEnv: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
      okExitCodes: [255, 1],
      timeoutMs: SIGN_TIMEOUT_MS,
    });
    if (result.exitCode !== 0)
      throw new UserError(`signing-passphrase does not open signing-key: ${oneLine(result.stderr)}`);
  } finally {
    rmSync(secret, { force: true });
    rmSync(askpass, { force: true });
  }
}

async function sshSign(args: readonly string[], payload: Buffer, program = 'ssh-keygen'): Promise<string> {
  const result = await runCommand(program, args, { input: payload, timeoutMs: SIGN_TIMEOUT_MS }).catch(
    signingFailed(program),
  );
  return result.stdout.toString('utf8');
}

async function openPgpKeySigner(
  dir: string,
  signing: Extract<Signing, { kind: 'key' }>,
  dispose: () => Promise<void>,
): Promise<Signer> {
  const home = join(dir, 'gnupg');
  mkdirSync(home, { mode: 0o700 });
  const env = { GNUPGHOME: home };
  const gpg = (args: readonly string[], input?: Buffer | string) =>
    runCommand('gpg', ['--batch', '--no-tty', ...args], { extraEnv: env, input, timeoutMs: SIGN_TIMEOUT_MS });
  await gpg(['--import'], signing.key).catch((error: unknown) => {
    throw new UserError(`signing-key cannot be imported by gpg: ${describe(error)}`);
  });
  const listed = (await gpg(['--with-colons', '--list-secret-keys'])).stdout.toString('utf8');
  const fingerprint = /^fpr:(?:[^:]*:){8}([0-9A-F]+):/m.exec(listed)?.[1];
  if (!fingerprint) throw new UserError('signing-key holds no OpenPGP secret key that gpg can use');
  const passphraseArgs: string[] = [];
  if (signing.passphrase) {
    writePrivate(join(dir, 'passphrase'), signing.passphrase);
    passphraseArgs.push('--passphrase-file', join(dir, 'passphrase'));
  }
  const stopAgent = async () => {
    await runCommand('gpgconf', ['--kill', 'gpg-agent'], { extraEnv: env, timeoutMs: SIGN_TIMEOUT_MS }).catch(
      () => undefined,
    );
    await dispose();
  };
  return {
    format: 'openpgp',
    sign: async (payload) => {
      const args = [
        '--pinentry-mode',
        'loopback',
        ...passphraseArgs,
        '--armor',
        '--detach-sign',
        '--local-user',
        fingerprint,
      ];
      const result = await gpg(args, payload).catch((error: unknown) => {
        const text = describe(error);
        // Without a passphrase, gpg in batch mode cannot ask for one; with a wrong one, it says so.
        if (/passphrase|can't get input/i.test(text))
          throw new UserError(
            signing.passphrase
              ? `signing-passphrase does not open signing-key: ${text}`
              : 'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)',
          );
        throw new UserError(`gpg cannot sign with signing-key: ${text}`);
      });
      return result.stdout.toString('utf8');
    },
    dispose: stopAgent,
  };
}

/**
 * `--sign`: the user's own git signing configuration, as `git commit -S` uses it: gpg.format (openpgp
 * by default, or ssh), user.signingkey, and the program (gpg.program, gpg.ssh.program). The keys stay
 * where the user keeps them (an agent, a keyring); nothing is copied.
 */
async function gitConfigSigner(git: Git): Promise<Signer> {
  const out = await git.run(
    ['config', '--get-regexp', '^(gpg\\.format|gpg\\.program|gpg\\.ssh\\.program|user\\.signingkey)$'],
    {
      okExitCodes: [1],
    },
  );
  const config = new Map<string, string>();
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) config.set(line.slice(0, space).toLowerCase(), line.slice(space + 1));
  }
  const format = config.get('gpg.format') ?? 'openpgp';
  const key = config.get('user.signingkey');
  const dispose = async () => undefined;
  if (format === 'ssh') {
    if (!key)
      throw new UserError(
        '--sign: git config gpg.format is ssh, but user.signingkey is not set (the key file to sign with)',
      );
    if (key.startsWith('key::'))
      throw new UserError(
        '--sign: user.signingkey holds a literal key (key::…); set it to the key file instead',
      );
    const file = key.startsWith('~/') ? join(homedir(), key.slice(2)) : key;
    const program = config.get('gpg.ssh.program') ?? 'ssh-keygen';
    return {
      format: 'ssh',
      sign: (payload) => sshSign(['-Y', 'sign', '-n', 'git', '-f', file], payload, program),
      dispose,
    };
  }
  if (format !== 'openpgp')
    throw new UserError(`--sign: git config gpg.format is ${format}; pyrelease signs with openpgp or ssh`);
  const program = config.get('gpg.program') ?? 'gpg';
  const user = key ? ['--local-user', key] : [];
  return {
    format: 'openpgp',
    sign: async (payload) => {
      const result = await runCommand(program, ['--armor', '--detach-sign', ...user], {
        input: payload,
        timeoutMs: 10 * SIGN_TIMEOUT_MS,
      }).catch(signingFailed(program));
      return result.stdout.toString('utf8');
    },
    dispose,
  };
}

function describe(error: unknown): string {
  return oneLine(error instanceof CommandError ? error.stderr.trim() || error.message : String(error));
}

function signingFailed(program: string) {
  return (error: unknown): never => {
    throw new UserError(`${program} cannot sign: ${describe(error)}`);
  };
}

function missingProgram(program: string) {
  return (error: unknown): never => {
    throw new UserError(`${program} cannot run (is OpenSSH installed?): ${describe(error)}`);
  };
}
