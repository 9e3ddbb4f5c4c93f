import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Git } from '../../git/git.js';
import { gitConfigValues, identityOf } from '../identity.js';
import { signWith, type Signer } from './signer.js';

/** The settings `--sign` reads: git's signing configuration and the identity. */
const SIGNING_SETTINGS =
  '^(gpg\\.format|gpg\\.program|gpg\\.openpgp\\.program|gpg\\.ssh\\.program|user\\.(signingkey|name|email))$';

/**
 * `--sign`: the user's own git signing configuration, as `git commit -S` uses it: gpg.format (openpgp
 * by default, or ssh), user.signingkey (for openpgp, else the committer's identity), and the program
 * (gpg.openpgp.program or gpg.program, gpg.ssh.program). The keys stay where the user keeps them (an
 * agent, a keyring); nothing is copied. pyrelease starts programs without a terminal, so a key that
 * asks for its passphrase must be in an agent first.
 */
export async function gitConfigSigner(git: Git): Promise<Signer> {
  // One read for the signing settings and the identity a key of its own falls back to.
  const config = await gitConfigValues(git, SIGNING_SETTINGS);
  const format = config.get('gpg.format') ?? 'openpgp';
  const key = config.get('user.signingkey');
  const dispose = async () => undefined;
  const noTerminal = (agent: string) => (text: string) =>
    /passphrase|pinentry|ioctl|tty/i.test(text)
      ? `--sign: the key asks for its passphrase, and pyrelease signs without a terminal: ${agent} first (${text})`
      : `--sign: cannot sign: ${text}`;
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
    const args = ['-Y', 'sign', '-n', 'git', '-f', file];
    return {
      format: 'ssh',
      sign: (p) => signWith(program, args, p, noTerminal(`add it to ssh-agent (ssh-add ${file})`)),
      dispose,
    };
  }
  if (format !== 'openpgp')
    throw new UserError(`--sign: git config gpg.format is ${format}; pyrelease signs with openpgp or ssh`);
  const program = config.get('gpg.openpgp.program') ?? config.get('gpg.program') ?? 'gpg';
  // As git does: without user.signingkey, the key of the committer's identity.
  const identity = identityOf(config);
  const user = key ?? `${identity.name} <${identity.email}>`;
  const args = ['--armor', '--detach-sign', '--local-user', user];
  const unlock = 'unlock it in gpg-agent (sign anything once with gpg at a terminal)';
  return { format: 'openpgp', sign: (p) => signWith(program, args, p, noTerminal(unlock)), dispose };
}
