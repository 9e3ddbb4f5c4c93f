/**
 * Links into a repository's web pages on GitHub or GitHub Enterprise Server, built from parsed parts
 * only: a host name, an owner and a repository name that match strict patterns, a commit SHA, a
 * number, a tag encoded per path segment. Nothing from a commit message reaches a URL unparsed.
 */
export class RepositoryLinks {
  private constructor(
    /** `https://host[:port]/owner/name`, without credentials or a trailing slash. */
    readonly url: string,
  ) {}

  /**
   * The repository a URL names: `https://[user@]host[:port]/owner/name[.git]` (GITHUB_SERVER_URL and
   * GITHUB_REPOSITORY joined, or a remote's https URL), `ssh://[user@]host[:port]/owner/name[.git]`,
   * `git://…`, or scp-like `[user@]host:owner/name[.git]`. Null for anything else (a local path, an
   * ssh host alias without a dot): changelogs then carry no links.
   */
  static fromUrl(url: string): RepositoryLinks | null {
    const trimmed = url.trim();
    const web =
      /^(https?):\/\/(?:[^@/\s]*@)?([^/:@\s]+)(:\d{1,5})?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(trimmed);
    if (web) return RepositoryLinks.of(web[1], web[2], web[3] ?? '', web[4], web[5]);
    const ssh =
      /^(?:ssh|git\+ssh|git):\/\/(?:[^@/\s]*@)?([^/:@\s]+)(?::\d{1,5})?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(
        trimmed,
      );
    const scp = ssh
      ? null
      : /^(?:[^@/:\s]+@)?([^/:@\s]+):(?!\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(trimmed);
    const remote = ssh ?? scp;
    if (!remote || !remote[1].includes('.')) return null;
    // GitHub's ssh-over-443 host serves the same repositories as github.com.
    const host = remote[1].toLowerCase() === 'ssh.github.com' ? 'github.com' : remote[1];
    return RepositoryLinks.of('https', host, '', remote[2], remote[3]);
  }

  private static of(
    scheme: string,
    host: string,
    port: string,
    owner: string,
    name: string,
  ): RepositoryLinks | null {
    const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
    const hostValid = host.length <= 253 && host.split('.').every((l) => label.test(l));
    const segment = /^[A-Za-z0-9_.-]{1,100}$/;
    const valid = (s: string) => segment.test(s) && s !== '.' && s !== '..';
    if (!hostValid || !valid(owner) || !valid(name)) return null;
    return new RepositoryLinks(`${scheme}://${host.toLowerCase()}${port}/${owner}/${name}`);
  }

  commit(sha: string): string | null {
    return /^[0-9a-f]{7,64}$/.test(sha) ? `${this.url}/commit/${sha}` : null;
  }

  /** The compare view from one tag to another. */
  compare(from: string, to: string): string {
    return `${this.url}/compare/${refPath(from)}...${refPath(to)}`;
  }

  pullRequest(number: string): string | null {
    return /^[1-9][0-9]{0,9}$/.test(number) ? `${this.url}/pull/${number}` : null;
  }

  tag(tag: string): string {
    return `${this.url}/releases/tag/${refPath(tag)}`;
  }
}

/**
 * A ref in a URL path: each `/`-separated part percent-encoded, parentheses too, so that it cannot end
 * a Markdown link's destination early.
 */
function refPath(ref: string): string {
  return ref
    .split('/')
    .map((part) =>
      encodeURIComponent(part).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}
