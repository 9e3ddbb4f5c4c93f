import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { runCommand } from '../../git/exec.js';
import { reason } from '../push.js';
import { SIGN_TIMEOUT_MS, writePrivate, type KeySigning, type Signer } from './signer.js';

/** An armored OpenPGP key given as text: imported into a keyring of its own in the private folder. */
export async function openPgpKeySigner(
  dir: string,
  signing: KeySigning,
  dispose: () => Promise<void>,
): Promise<Signer> {
  const home = join(dir, 'gnupg');
  mkdirSync(home, { mode: 0o700 });
  const gpg = (args: readonly string[], input?: Buffer | string) =>
    runCommand('gpg', ['--batch', '--no-tty', ...args], {
      extraEnv: { GNUPGHOME: home },
      input,
      timeoutMs: SIGN_TIMEOUT_MS,
    });
  await gpg(['--import'], signing.key).catch((error: unknown) => {
    throw new UserError(`signing-key cannot be imported by gpg: ${reason(error)}`);
  });
  const key = signingKeyOf((await gpg(['--with-colons', '--list-secret-keys'])).stdout.toString('utf8'));
  const passphrase: string[] = [];
  if (signing.passphrase) {
    writePrivate(join(dir, 'passphrase'), signing.passphrase);
    passphrase.push('--passphrase-file', join(dir, 'passphrase'));
  }
  const args = [
    '--pinentry-mode',
    'loopback',
    ...passphrase,
    '--armor',
    '--detach-sign',
    '--local-user',
    key.fingerprint,
  ];
  return {
    format: 'openpgp',
    emails: key.emails,
    sign: async (payload) => {
      const result = await gpg(args, payload).catch((error: unknown) => {
        const text = reason(error);
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
    dispose,
  };
}

/**
 * The one secret key that can sign (its capabilities name S), with its user ids' e-mails: a keyring
 * exported whole holds several, and which of them signs must not be a guess.
 */
function signingKeyOf(listing: string): { fingerprint: string; emails: string[] } {
  const keys: { fingerprint: string; canSign: boolean; emails: string[] }[] = [];
  for (const line of listing.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === 'sec') keys.push({ fingerprint: '', canSign: /S/.test(fields[11] ?? ''), emails: [] });
    const key = keys[keys.length - 1];
    if (!key) continue;
    if (fields[0] === 'fpr' && key.fingerprint === '') key.fingerprint = fields[9] ?? '';
    const email = fields[0] === 'uid' ? /<([^>]+)>/.exec(fields[9] ?? '')?.[1] : undefined;
    if (email) key.emails.push(email);
  }
  const signing = keys.filter((k) => k.canSign && k.fingerprint);
  if (signing.length === 0) throw new UserError('signing-key holds no OpenPGP secret key that can sign');
  if (signing.length > 1)
    throw new UserError(
      `signing-key holds ${signing.length} secret keys that can sign: export only the one to sign with (gpg --armor --export-secret-keys <its key id>)`,
    );
  return signing[0];
}
