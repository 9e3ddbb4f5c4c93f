import { getOctokit } from '@actions/github';
import { describeError, type Logger, type ReleasedPackage } from '../../../packages/core/src/index.js';

export interface GitHubTarget {
  readonly token: string;
  /** `owner/name`, as in GITHUB_REPOSITORY. */
  readonly repository: string;
  /** GITHUB_API_URL: github.com's API, a GHES server, or a test server. */
  readonly apiUrl: string;
  readonly timeoutMs?: number;
}

export interface CreatedRelease {
  readonly tag: string;
  readonly url: string | null;
}

/**
 * One GitHub Release per tag: a prerelease for rc, the changelog section as body. Publishing depends
 * only on tags (release flow §7), so any failure here is a warning and the release stands.
 */
export async function createGitHubReleases(
  released: readonly ReleasedPackage[],
  target: GitHubTarget,
  logger: Logger,
): Promise<CreatedRelease[]> {
  const [owner, repo] = target.repository.split('/');
  if (!owner || !repo) {
    logger.warning(
      `GitHub Releases skipped: GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`,
    );
    return released.map((r) => ({ tag: r.tag, url: null }));
  }
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const results: CreatedRelease[] = [];
  for (const r of released) {
    try {
      const response = await octokit.rest.repos.createRelease({
        owner,
        repo,
        tag_name: r.tag,
        name: r.tag,
        body: r.notes,
        prerelease: r.channel === 'rc',
        make_latest: r.channel === 'rc' ? 'false' : 'legacy',
        request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
      });
      logger.info(`created GitHub Release ${r.tag}: ${response.data.html_url}`);
      results.push({ tag: r.tag, url: response.data.html_url });
    } catch (error) {
      logger.warning(
        `could not create the GitHub Release for ${r.tag} (the tag is released and publishes anyway): ${describeError(error)}`,
      );
      results.push({ tag: r.tag, url: null });
    }
  }
  return results;
}

/**
 * Asks GitHub whether a branch is protected, for the release-branch guard (asked only of a release
 * branch that holds no release commit). An answer it cannot give is an error, which the guard counts
 * as protected.
 */
export function branchProtection(target: GitHubTarget): (branch: string) => Promise<boolean> {
  const [owner, repo] = target.repository.split('/');
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  return async (branch) => {
    if (!owner || !repo)
      throw new Error(`GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`);
    const response = await octokit.rest.repos.getBranch({
      owner,
      repo,
      branch,
      request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
    });
    return response.data.protected === true;
  };
}
