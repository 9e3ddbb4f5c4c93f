import { gitConfigCount, type Git } from './git.js';
import type { TagRecord } from './records.js';

/** What the remote has: its branches and its tags (peeled to commits), from one `git ls-remote`. */
export interface RemoteState {
  readonly branches: ReadonlyMap<string, string>;
  readonly tags: readonly TagRecord[];
  /** Each tag's own object (an annotated tag's, else its commit): what a fetch of it would write. */
  readonly tagObjects: ReadonlyMap<string, string>;
}

export function parseLsRemote(text: string): RemoteState {
  const branches = new Map<string, string>();
  const tags = new Map<string, string>();
  const peeled = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (!sha || !ref) continue;
    if (ref.startsWith('refs/heads/')) branches.set(ref.slice('refs/heads/'.length), sha);
    else if (ref.startsWith('refs/tags/') && ref.endsWith('^{}')) peeled.set(ref.slice(10, -3), sha);
    else if (ref.startsWith('refs/tags/')) tags.set(ref.slice(10), sha);
  }
  return {
    branches,
    tags: [...tags].map(([name, sha]) => ({ name, commit: peeled.get(name) ?? sha })),
    tagObjects: tags,
  };
}

/** The branch the remote's HEAD names (`--symref`'s `ref: refs/heads/main<TAB>HEAD`); null: not said. */
export function parseRemoteHead(text: string): string | null {
  for (const line of text.split('\n')) {
    const [target, ref] = line.split('\t');
    if (ref === 'HEAD' && target?.startsWith('ref: refs/heads/'))
      return target.slice('ref: refs/heads/'.length);
  }
  return null;
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

/**
 * The remote's branches and tags. `--heads --tags` asks the server for those two prefixes only
 * (protocol v2's ref-prefix; a pattern would not be sent), so what a hosting service keeps beside them
 * (GitHub's refs/pull/*, two per pull request) is never transferred. Every tag is listed, not only the
 * packages' shapes: the plan looks at tags of any shape for lookalikes of a package's releases.
 */
export async function listRemote(git: Git, remote: string, env: Record<string, string>, timeoutMs: number) {
  const out = await git.text(['ls-remote', '--heads', '--tags', '--end-of-options', remote], {
    env,
    timeoutMs,
  });
  return parseLsRemote(out);
}

/**
 * The remote's default branch. A separate request, made only when a check needs it: ls-remote sends no
 * ref-prefix for a pattern such as HEAD, so this lists every ref of the remote.
 */
export async function remoteDefaultBranch(
  git: Git,
  remote: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string | null> {
  const out = await git.text(['ls-remote', '--symref', '--end-of-options', remote, 'HEAD'], {
    env,
    timeoutMs,
  });
  return parseRemoteHead(out);
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
