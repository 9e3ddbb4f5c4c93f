import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine, UserError } from '../../errors.js';
import { runCommand } from '../../git/exec.js';
import { reason } from '../push.js';
import { SIGN_TIMEOUT_MS, signWith, writePrivate, type KeySigning, type Signer } from './signer.js';

/** An OpenSSH key given as text: its copy in the private folder signs with `ssh-keygen -Y sign`. */
export async function sshKeySigner(
  dir: string,
  signing: KeySigning,
  dispose: () => Promise<void>,
): Promise<Signer> {
  const keyFile = join(dir, 'key');
  writePrivate(keyFile, signing.key);
  const open = await publicHalf(keyFile);
  if (open.exitCode !== 0) {
    if (!/passphrase/i.test(open.stderr))
      throw new UserError(`signing-key cannot be read by ssh-keygen: ${oneLine(open.stderr)}`);
    if (!signing.passphrase)
      throw new UserError(
        'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)',
      );
    await removeSshPassphrase(dir, keyFile, signing.passphrase);
  }
  // ssh-keygen -Y sign reads the public half beside a PEM key: written there from the private one.
  const publicKey = open.exitCode === 0 ? open.stdout : (await publicHalf(keyFile)).stdout;
  writeFileSync(`${keyFile}.pub`, publicKey);
  return {
    format: 'ssh',
    sign: (payload) => signWith('ssh-keygen', ['-Y', 'sign', '-n', 'git', '-f', keyFile], payload),
    dispose,
  };
}

/** `ssh-keygen -y`: the public key of a private key without a passphrase (exit 1 or 255 otherwise). */
function publicHalf(keyFile: string) {
  return runCommand('ssh-keygen', ['-y', '-P', '', '-f', keyFile], {
    okExitCodes: [255, 1],
    timeoutMs: SIGN_TIMEOUT_MS,
  }).catch((error: unknown) => {
    throw new UserError(`ssh-keygen cannot run (is OpenSSH installed?): ${reason(error)}`);
  });
}

/**
 * Takes the passphrase off the key's copy in the private folder, once: ssh-keygen reads the old
 * passphrase from an askpass program (never from its arguments, which every process can read). The
 * copy is removed with the folder, also when a stop signal ends the run.
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
