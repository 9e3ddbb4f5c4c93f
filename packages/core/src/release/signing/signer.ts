import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { childEnvironment, cleanUpOnStop, runCommand } from '../../git/exec.js';
import { reason } from '../push.js';
import type { Git } from '../../git/git.js';
import type { Identity } from '../identity.js';
import { gitConfigSigner } from './git-config.js';
import { openPgpKeySigner } from './openpgp.js';
import { sshKeySigner } from './ssh.js';

/**
 * Signing release commits and tags (docs/configuration.md, "Signed releases"): with a key the workflow
 * gives (`signing-key`, an OpenSSH or an armored OpenPGP private key), or with the user's own git
 * signing configuration (`--sign`: `user.signingkey`, `gpg.format`). A given key lives only in a
 * private folder (0700, the key 0600) removed when the run ends, also when a stop signal ends it, and
 * reaches only the signing program.
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

export type KeySigning = Extract<Signing, { kind: 'key' }>;

export interface Signer {
  readonly format: SigningFormat;
  /** The armored detached signature of `payload`, ending with a newline. */
  sign(payload: Buffer): Promise<string>;
  /** The e-mail addresses the key stands for (OpenPGP user ids); absent: the key names none (SSH). */
  readonly emails?: readonly string[];
  /** Removes the key and everything made for it (a gpg-agent is stopped). */
  dispose(): Promise<void>;
}

export const SIGN_TIMEOUT_MS = 60_000;

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

/**
 * Why GitHub would not show the release commits as verified: an OpenPGP key none of whose user ids
 * is the committer's e-mail (GitHub matches the two). Null: nothing to say (an SSH key names no one).
 */
export function unverifiedIdentity(signer: Signer, identity: Identity): string | null {
  const emails = signer.emails;
  if (!emails || emails.some((e) => e.toLowerCase() === identity.email.toLowerCase())) return null;
  return `the release commits are signed by a key for ${emails.join(', ') || 'no e-mail'}, but committed as ${identity.email}: GitHub shows them as unverified, and a branch that requires signed commits refuses them; commit as the key's e-mail (git config user.email before cut-release)`;
}

/** `ssh` or `openpgp` from a private key's first line; null: neither. */
export function keyFormatOf(key: string): SigningFormat | null {
  const first = key.trim().split('\n', 1)[0].trim();
  // ssh-keygen signs with OpenSSH keys and with PEM ones (RSA, EC, DSA, PKCS#8) alike.
  if (/^-----BEGIN (OPENSSH |RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----$/.test(first)) return 'ssh';
  if (first === '-----BEGIN PGP PRIVATE KEY BLOCK-----') return 'openpgp';
  return null;
}

async function keySigner(given: KeySigning): Promise<Signer> {
  // A secret pasted from another system may carry CRLF line ends and surrounding blank lines.
  const signing = { ...given, key: `${given.key.replace(/\r\n?/g, '\n').trim()}\n` };
  const found = keyFormatOf(signing.key);
  if (found === null) {
    throw new UserError(
      'signing-key is neither an SSH private key (-----BEGIN OPENSSH PRIVATE KEY-----, or PEM) nor an armored OpenPGP private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)',
    );
  }
  if (signing.format && signing.format !== found) {
    throw new UserError(
      `signing-format is ${signing.format}, but signing-key is an ${found === 'ssh' ? 'SSH' : 'OpenPGP'} key`,
    );
  }
  if (signing.passphrase && /[\r\n]/.test(signing.passphrase))
    throw new UserError('signing-passphrase holds a line break, which neither ssh-keygen nor gpg can take');
  // mkdtemp makes the folder 0700: nobody else on the machine can read what goes in it.
  const dir = mkdtempSync(join(signing.tempDir, 'pyrelease-signing-'));
  const cleanUp = () => removePrivateFolder(dir);
  // A stop signal ends pyrelease without running its finally blocks: the folder goes then too.
  const forget = cleanUpOnStop(cleanUp);
  const dispose = async () => {
    forget();
    cleanUp();
  };
  try {
    return found === 'ssh'
      ? await sshKeySigner(dir, signing, dispose)
      : await openPgpKeySigner(dir, signing, dispose);
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The private folder and a gpg-agent started for its keyring, synchronously (also in a signal's handler). */
function removePrivateFolder(dir: string): void {
  const home = join(dir, 'gnupg');
  if (existsSync(home))
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], {
      env: { ...childEnvironment(), GNUPGHOME: home },
      timeout: 10_000,
      stdio: 'ignore',
    });
  rmSync(dir, { recursive: true, force: true });
}

export function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Runs a signing program on `payload`: its armored signature, or a one-line error from `failed`. */
export async function signWith(
  program: string,
  args: readonly string[],
  payload: Buffer,
  failed: (text: string) => string = (text) => `${program} cannot sign: ${text}`,
  extraEnv?: Record<string, string>,
): Promise<string> {
  const result = await runCommand(program, args, {
    input: payload,
    timeoutMs: SIGN_TIMEOUT_MS,
    extraEnv,
  }).catch((error: unknown) => {
    throw new UserError(failed(reason(error)));
  });
  return result.stdout.toString('utf8');
}
