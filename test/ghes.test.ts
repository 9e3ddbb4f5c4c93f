import { describe, expect, it } from '@jest/globals';
import { actionDefaults, annotations, runAction } from './support/action-runner.js';
import { FakeGitHub } from './support/fake-github.js';
import { Monorepo } from './support/repo.js';

/**
 * GitHub Enterprise Server: the API lives at https://<host>/api/v3 (GITHUB_API_URL) and the web pages at
 * https://<host> (GITHUB_SERVER_URL). The fake answers only under /api/v3, so a request that went to
 * api.github.com's paths fails the run here as it would there.
 */
const github = FakeGitHub.forSuite('/api/v3');
const SERVER = 'https://ghe.example';

/** cut-release, final from test, as the runner runs it on the server. */
function cut(repo: Monorepo) {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      ...actionDefaults('cut-release'),
      mode: 'final',
      'base-branch': 'test',
      'release-branch': 'release',
      token: 'ghs_enterpriseToken',
    },
    env: {
      GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: SERVER,
      GITHUB_REPOSITORY: 'acme/mono',
    },
  });
}

describe('on a GitHub Enterprise Server', () => {
  it("creates cut-release's GitHub Releases through the server's API, with links to its web pages", async () => {
    const repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    try {
      const run = await cut(repo);
      expect([run.code, annotations(run.stdout, 'error'), annotations(run.stdout, 'warning')]).toEqual([
        0,
        [],
        [],
      ]);
      expect(github.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
      const calls = github.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
      expect(calls).toContain('POST /api/v3/repos/acme/mono/releases');
      expect(calls.every((c) => c.split(' ')[1].startsWith('/api/v3/'))).toBe(true);
      expect(github.releases.map((r) => r.tag_name)).toEqual(['core-v0.1.0']);
      expect(github.requests[0].headers.authorization).toBe('token ghs_enterpriseToken');
      // Changelog links point at the server's web pages.
      repo.commit('fix(core): a retry', { 'libs/core/src/core/retry.py': 'N = 3\n' });
      repo.git('push', '--quiet', 'origin', 'HEAD:test');
      const second = await cut(repo);
      expect([second.code, second.outputs.tags]).toEqual([0, 'core-v0.1.1']);
      const notes = github.releases.find((r) => r.tag_name === 'core-v0.1.1')?.body ?? '';
      expect(notes).toContain(`(${SERVER}/acme/mono/compare/core-v0.1.0...core-v0.1.1)`);
      expect(notes).toMatch(new RegExp(`\\(\\[\\w{7}\\]\\(${SERVER}/acme/mono/commit/\\w{40}\\)\\)`));
    } finally {
      repo.cleanup();
    }
  });

  it("writes release-preview's comment through the server's API", async () => {
    const repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    try {
      repo.git('tag', '-a', 'core-v1.0.0', '-m', 'core 1.0.0');
      repo.git('push', '--quiet', 'origin', 'test', '--tags');
      repo.git('checkout', '--quiet', '-b', 'feature');
      repo.commit('feat(core): a retry policy', { 'libs/core/src/core/retry.py': 'N = 3\n' });
      const head = repo.git('rev-parse', 'HEAD');
      repo.git('checkout', '--quiet', '--detach', 'origin/test');
      repo.git(
        '-c',
        'user.name=GitHub',
        '-c',
        'user.email=noreply@github.com',
        'merge',
        '--quiet',
        '--no-ff',
        '-m',
        'Merge',
        head,
      );
      const run = await runAction('release-preview', {
        cwd: repo.work,
        eventName: 'pull_request',
        event: {
          pull_request: {
            number: 12,
            title: 'feat(core): a retry policy',
            body: '',
            base: { ref: 'test', repo: { full_name: 'acme/mono' } },
            head: { sha: head, repo: { full_name: 'acme/mono' } },
          },
        },
        inputs: { ...actionDefaults('release-preview'), token: 'ghs_enterpriseToken' },
        env: {
          GITHUB_REPOSITORY: 'acme/mono',
          GITHUB_API_URL: github.url,
          GITHUB_SERVER_URL: SERVER,
          GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
        },
      });
      expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
      const calls = github.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
      expect(calls).toEqual([
        // merge-method auto reads the repository's merge settings.
        'GET /api/v3/repos/acme/mono',
        'GET /api/v3/repos/acme/mono/issues/12/comments',
        'POST /api/v3/repos/acme/mono/issues/12/comments',
      ]);
      expect(github.comments[0].body).toContain('core');
      expect(github.comments[0].body).toContain('1.1.0rc1');
    } finally {
      repo.cleanup();
    }
  });
});
