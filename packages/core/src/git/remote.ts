import { gitConfigCount, type Git } from './git.js';
import type { TagRecord } from './records.js';

/** What the remote has: its branches and its tags (peeled to commits), from one `git ls-remote`. */
export interface RemoteState {
  readonly branches: ReadonlyMap<string, string>;
  readonly tags: readonly TagRecord[];
  /** The branch the remote's HEAD names (the repository's default branch); null: not said. */
  readonly defaultBranch: string | null;
}

export function parseLsRemote(text: string): RemoteState {
  const branches = new Map<string, string>();
  const tags = new Map<string, string>();
  const peeled = new Map<string, string>();
  let defaultBranch: string | null = null;
  for (const line of text.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (!sha || !ref) continue;
    // `--symref`: `ref: refs/heads/main<TAB>HEAD`.
    if (ref === 'HEAD' && sha.startsWith('ref: refs/heads/')) defaultBranch = sha.slice(16);
    else if (ref.startsWith('refs/heads/')) branches.set(ref.slice('refs/heads/'.length), sha);
    else if (ref.startsWith('refs/tags/') && ref.endsWith('^{}')) peeled.set(ref.slice(10, -3), sha);
    else if (ref.startsWith('refs/tags/')) tags.set(ref.slice(10), sha);
  }
  return {
    branches,
    tags: [...tags].map(([name, sha]) => ({ name, commit: peeled.get(name) ?? sha })),
    defaultBranch,
  };
}

/**
 * Environment-only git configuration that authenticates https requests to the remote's host with
 * `token`: nothing is written to .git/config and the token never appears in a command line. The empty
 * first value clears an extraheader that actions/checkout may have persisted for the default token.
 */
export function tokenAuthEnv(
  remoteUrl: string,
  token: string | null | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (!token) return {};
  let url: URL;
  try {
    url = new URL(remoteUrl);
  } catch {
    return {};
  }
  if (url.protocol !== 'https:') return {};
  const key = `http.${url.protocol}//${url.host}/.extraheader`;
  const basic = basicAuthOf(token);
  // Appended after configuration the environment already carries (e.g. safe.directory in containers).
  const first = gitConfigCount(env.GIT_CONFIG_COUNT);
  return {
    GIT_CONFIG_COUNT: String(first + 2),
    [`GIT_CONFIG_KEY_${first}`]: key,
    [`GIT_CONFIG_VALUE_${first}`]: '',
    [`GIT_CONFIG_KEY_${first + 1}`]: key,
    [`GIT_CONFIG_VALUE_${first + 1}`]: `AUTHORIZATION: basic ${basic}`,
  };
}

export async function listRemote(git: Git, remote: string, env: Record<string, string>, timeoutMs: number) {
  // Patterns rather than --heads --tags, which would leave HEAD out: GitHub's refs/pull/* stay out.
  const patterns = ['HEAD', 'refs/heads/*', 'refs/tags/*'];
  const out = await git.text(['ls-remote', '--symref', '--end-of-options', remote, ...patterns], {
    env,
    timeoutMs,
  });
  return parseLsRemote(out);
}

function basicAuthOf(token: string): string {
  return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}

/**
 * Every form in which `token` travels once pyrelease uses it for git: as given, and as the Basic
 * authorization git sends (and its environment carries). Each is masked in the job's log.
 */
export function tokenForms(token: string): string[] {
  return [token, basicAuthOf(token)];
}
