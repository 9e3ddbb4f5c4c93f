import { getOctokit } from '@actions/github';
import {
  describeError,
  isPreReleaseChannel,
  type Channel,
  type Logger,
  type ReleasedPackage,
  type ReleaseTag,
} from '../../../packages/core/src/index.js';
import {
  latestOfBacklog,
  missingReleases,
  RELEASE_LIST_PAGE,
  type Backlog,
  type ListedRelease,
} from './release-backlog.js';

type Octokit = ReturnType<typeof getOctokit>;

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

/** What a GitHub Release is made of: its tag, the notes as body, its channel (alpha, beta, rc, dev: a prerelease). */
interface ReleaseOfTag {
  readonly tag: string;
  readonly notes: string;
  readonly channel: Channel;
}

/** owner and repo of GITHUB_REPOSITORY, or null (said once in a warning) when it is not owner/name. */
function repositoryOf(target: GitHubTarget, logger: Logger): { owner: string; repo: string } | null {
  const [owner, repo, ...rest] = target.repository.split('/');
  if (owner && repo && rest.length === 0) return { owner, repo };
  logger.warning(
    `GitHub Releases skipped: GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`,
  );
  return null;
}

/**
 * Creates one Release, complete in one request (a repository with immutable releases cannot edit it
 * later). Any failure is a warning: publishing depends only on tags (release flow §7).
 */
async function createRelease(
  octokit: Octokit,
  at: { owner: string; repo: string; target: GitHubTarget },
  release: ReleaseOfTag & { latest: boolean },
  logger: Logger,
): Promise<CreatedRelease> {
  try {
    const response = await octokit.rest.repos.createRelease({
      owner: at.owner,
      repo: at.repo,
      tag_name: release.tag,
      name: release.tag,
      body: release.notes,
      prerelease: isPreReleaseChannel(release.channel),
      make_latest: release.latest ? 'legacy' : 'false',
      request: { signal: AbortSignal.timeout(at.target.timeoutMs ?? 30_000) },
    });
    logger.info(`created GitHub Release ${release.tag}: ${response.data.html_url}`);
    return { tag: release.tag, url: response.data.html_url };
  } catch (error) {
    logger.warning(
      `could not create the GitHub Release for ${release.tag} (the tag is released and publishes anyway; the next run creates it): ${describeError(error)}`,
    );
    return { tag: release.tag, url: null };
  }
}

/** One GitHub Release per tag of this run: a prerelease below a final, the changelog section as body. */
export async function createGitHubReleases(
  released: readonly ReleasedPackage[],
  target: GitHubTarget,
  logger: Logger,
): Promise<CreatedRelease[]> {
  const at = repositoryOf(target, logger);
  if (!at) return released.map((r) => ({ tag: r.tag, url: null }));
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const results: CreatedRelease[] = [];
  for (const r of released) {
    results.push(
      await createRelease(
        octokit,
        { ...at, target },
        { ...r, latest: !isPreReleaseChannel(r.channel) },
        logger,
      ),
    );
  }
  return results;
}

/**
 * The Releases an earlier run did not create (killed during the request, or an API error), found with
 * one list call and created now, oldest first, for tags on the release branch as this run found it
 * (a tag pushed alone is named in a warning, never given a Release by pyrelease's token). The newest
 * late final is made the latest when this run made no final of its own and no listed Release is newer.
 * Failures are warnings.
 */
export async function createMissingGitHubReleases(
  tagsByPackage: readonly (readonly ReleaseTag[])[],
  target: GitHubTarget,
  logger: Logger,
  latestTaken: boolean,
): Promise<CreatedRelease[]> {
  if (tagsByPackage.every((tags) => tags.length === 0)) return [];
  const at = repositoryOf(target, logger);
  if (!at) return [];
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  let listed: ListedRelease[];
  try {
    const response = await octokit.rest.repos.listReleases({
      ...at,
      per_page: RELEASE_LIST_PAGE,
      request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
    });
    listed = response.data.map((r) => ({ tag: r.tag_name, createdAt: new Date(r.created_at) }));
  } catch (error) {
    logger.warning(
      `could not list the GitHub Releases to find tags an earlier run left without one: ${describeError(error)}`,
    );
    return [];
  }
  const backlog = missingReleases(tagsByPackage, listed);
  warnAboutBacklog(backlog, logger);
  const latest = latestTaken ? null : latestOfBacklog(backlog.create, listed);
  const results: CreatedRelease[] = [];
  for (const t of backlog.create) {
    logger.info(`tag ${t.tag} has no GitHub Release (an earlier run did not create it): creating it`);
    results.push(await createRelease(octokit, { ...at, target }, { ...t, latest: t === latest }, logger));
  }
  return results;
}

function warnAboutBacklog(backlog: Backlog, logger: Logger): void {
  if (backlog.later.length > 0) {
    logger.warning(
      `${backlog.create.length + backlog.later.length} tags have no GitHub Release; this run creates ${backlog.create.length}, the next run goes on with ${backlog.later.map((t) => t.tag).join(', ')}`,
    );
  }
  if (backlog.elsewhere.length > 0) {
    logger.warning(
      `tags without a GitHub Release that are not on the release branch as this run found it, so pyrelease does not create one (a tag pushed without its run's branch): ${backlog.elsewhere.map((t) => t.tag).join(', ')}; create their Releases by hand if they are releases`,
    );
  }
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
