import type { Git } from '../git/git.js';

/** Who release commits and tags are by: the checkout's git identity, else GitHub's own bot. */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** The identity of release commits when the repository has none configured (GitHub's own bot). */
export const BOT_IDENTITY: Identity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** The git settings whose names match `pattern` (`git config --get-regexp`), by lower-case name. */
export async function gitConfigValues(git: Git, pattern: string): Promise<Map<string, string>> {
  const out = await git.run(['config', '--get-regexp', pattern], { okExitCodes: [1] });
  const values = new Map<string, string>();
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space).toLowerCase(), line.slice(space + 1));
  }
  return values;
}

/** The identity `user.name` and `user.email` of `config` give, or the GitHub Actions bot without both. */
export function identityOf(config: ReadonlyMap<string, string>): Identity {
  const name = config.get('user.name');
  const email = config.get('user.email');
  return name && email ? { name, email } : BOT_IDENTITY;
}

/** The configured git identity, or the GitHub Actions bot when none is configured. */
export async function releaseIdentity(git: Git): Promise<Identity> {
  return identityOf(await gitConfigValues(git, '^user\\.(name|email)$'));
}
