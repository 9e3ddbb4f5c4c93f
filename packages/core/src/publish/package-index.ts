import { UserError } from '../errors.js';
import { hideUrlCredentials } from '../log-safety.js';
import { isPreReleaseChannel, type Channel } from '../versioning/channels.js';
import { normalizeName } from '../versioning/tags.js';

export const PYPI_UPLOAD_URL = 'https://upload.pypi.org/legacy/';
export const TESTPYPI_UPLOAD_URL = 'https://test.pypi.org/legacy/';

/**
 * Where a channel's releases are uploaded by default: pre-releases and dev releases (alpha, beta, rc,
 * dev) to TestPyPI, finals and post releases to PyPI. An input (`repository-url`) overrides it.
 */
export function defaultIndexOf(channel: Channel): string {
  return isPreReleaseChannel(channel) ? TESTPYPI_UPLOAD_URL : PYPI_UPLOAD_URL;
}

/**
 * The index a release run checks (cut-release's `repository-url`): empty, the channel's default as
 * publish-from-tag uploads to it (defaultIndexOf); `none`, no index (one the runner cannot reach, or
 * packages published nowhere public).
 */
export function releaseIndexOf(setting: string, channel: Channel): string | null {
  if (setting.trim().toLowerCase() === 'none') return null;
  if (setting.trim() === '') return defaultIndexOf(channel);
  return setting.trim();
}

/** An index URL as messages show it: credentials written into it (a password, a token as the user) are `***`. */
export function shownUrl(url: string): string {
  return hideUrlCredentials(url);
}

/**
 * Where an index's other endpoints live, from its upload URL. PyPI uploads go to upload.pypi.org, but
 * its simple API and its OIDC endpoints live on pypi.org (TestPyPI: test.pypi.org for all three).
 */
export function indexEndpoints(repositoryUrl: string): { readonly simple: string; readonly base: string } {
  let url: URL;
  try {
    url = new URL(repositoryUrl);
  } catch {
    throw new UserError(`repository-url ${JSON.stringify(shownUrl(repositoryUrl))} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`repository-url ${JSON.stringify(shownUrl(repositoryUrl))} must be an http(s) URL`);
  }
  if (url.host === 'upload.pypi.org') url.host = 'pypi.org';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/legacy$/, '');
  const base = `${url.protocol}//${url.host}${path}`;
  return { simple: `${base}/simple/`, base };
}

/**
 * The files an index already has for a project, with their sha256 when it tells: PEP 691 JSON when
 * the index speaks it, else the PEP 503 HTML page. A project the index does not know (404, or
 * pypiserver's redirect to another index's page of the project) has none. Anything else that is not
 * a simple page (a redirect to a login, a page that is no project page) is an error: the index did
 * not answer, and nothing is guessed. `auth`: the `Authorization` header for an index with credentials.
 */
export async function existingFiles(
  simpleUrl: string,
  project: string,
  timeoutMs = 30_000,
  auth?: string,
): Promise<Map<string, string | null>> {
  const url = `${simpleUrl}${normalizeName(project)}/`;
  const response = await fetch(url, {
    headers: {
      Accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1',
      ...(auth ? { Authorization: auth } : {}),
    },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const files = new Map<string, string | null>();
  if (response.status === 404) return files;
  if (response.status >= 300 && response.status < 400) {
    if (isFallbackRedirect(response.headers.get('location'), project)) return files;
    throw new Error(`GET ${url} was redirected (${response.status}), not answered with its simple page`);
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const body = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    const data = JSON.parse(body) as { files?: { filename?: string; hashes?: { sha256?: string } }[] };
    for (const file of data.files ?? [])
      if (file.filename) files.set(file.filename, file.hashes?.sha256 ?? null);
    return files;
  }
  for (const match of body.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([^<]+)<\/a>/gi)) {
    const sha = /#sha256=([0-9a-f]{64})/i.exec(match[1]);
    files.set(match[2].trim(), sha ? sha[1].toLowerCase() : null);
  }
  if (files.size === 0 && !/pypi:repository-version|Links for/i.test(body)) {
    throw new Error(`GET ${url} answered a page that is not a simple project page`);
  }
  return files;
}

/** pypiserver sends a project it does not hold to another index's page of that project. */
function isFallbackRedirect(location: string | null, project: string): boolean {
  if (!location) return false;
  try {
    return new URL(location, 'http://x/').pathname
      .replace(/\/+$/, '')
      .endsWith(`/simple/${normalizeName(project)}`);
  } catch {
    return false;
  }
}
