import { afterEach, describe, expect, it } from '@jest/globals';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { FakeGitHub } from '../../../test/support/fake-github.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
const github = FakeGitHub.forSuite();
afterEach(() => repo?.cleanup());

/** core released at 0.1.0, then a feature with its pull request, a breaking fix with a footer, chores. */
function history(): Record<string, string> {
  repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
  repo.git('tag', '-a', '-m', 'core 0.1.0', 'core-v0.1.0');
  repo.git('push', '--quiet', 'origin', 'core-v0.1.0');
  const sha: Record<string, string> = {};
  const commit = (key: string, message: string) => {
    repo.commit(message, { [`libs/core/${key}.py`]: `${key}\n` });
    sha[key] = repo.git('rev-parse', 'HEAD');
  };
  commit('feat', 'feat(core): retries with backoff (#12)');
  commit(
    'breaking',
    'fix(api)!: drop the v1 client\n\nBREAKING CHANGE: use Client from core.v2;\nthe old one is gone.',
  );
  commit('chore', 'chore: tidy imports');
  commit('ci', 'ci(core): cache uv');
  repo.git('push', '--quiet', 'origin', 'test');
  return sha;
}

async function cut(env: Record<string, string>) {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      ...actionDefaults('cut-release'),
      mode: 'final',
      'base-branch': 'test',
      'release-branch': 'release',
      token: 'ghs_notesTestToken',
    },
    env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD'), GITHUB_API_URL: github.url, ...env },
  });
}

describe('release notes through the cut-release bundle', () => {
  it.each([
    ['github.com', 'https://github.com'],
    ['a GitHub Enterprise Server', 'https://ghe.example.com/'],
  ])(
    'links compare view, commits and pull requests on %s, in the changelog, tag, GitHub Release and summary',
    async (_, server) => {
      const sha = history();
      const run = await cut({ GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: 'octo/aetherflow' });
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.outputs.tags).toBe('core-v0.2.0');
      const web = `${server.replace(/\/$/, '')}/octo/aetherflow`;
      const changelog = repo.originFile('core-v0.2.0', 'libs/core/CHANGELOG.md');
      const section = changelog.slice(changelog.indexOf('## '));
      expect(section.split('\n')[0]).toMatch(
        new RegExp(
          `^## \\[0\\.2\\.0\\]\\(${escape(web)}/compare/core-v0\\.1\\.0\\.\\.\\.core-v0\\.2\\.0\\) \\(\\d{4}-\\d\\d-\\d\\d\\)$`,
        ),
      );
      const link = (key: string) => `([${sha[key].slice(0, 7)}](${web}/commit/${sha[key]}))`;
      expect(section).toContain(
        `### Breaking Changes\n\n- **api:** use Client from core.v2; the old one is gone. ${link('breaking')}\n`,
      );
      expect(section).toContain(
        `### Features\n\n- **core:** retries with backoff ([#12](${web}/pull/12)) ${link('feat')}\n`,
      );
      expect(section).toContain(`### Bug Fixes\n\n- **api:** drop the v1 client ${link('breaking')}`);
      expect(section).not.toMatch(/tidy imports|cache uv/);
      // One section, the same everywhere it is shown.
      const notes = section.trimEnd();
      expect(git(repo.origin, ['tag', '-l', '--format=%(contents)', 'core-v0.2.0']).trimEnd()).toBe(notes);
      // Created complete in one request (a repository with immutable releases allows no edit after).
      expect(github.requests.map((r) => r.method)).toEqual(['POST']);
      expect((github.requests[0].body as { body: string }).body.trimEnd()).toBe(notes);
      expect(run.summary).toContain('<details><summary>Release notes: core-v0.2.0</summary>');
      expect(run.summary).toContain(notes);
    },
  );

  it('writes plain text when the repository has no web address', async () => {
    const sha = history();
    // No GITHUB_SERVER_URL, and origin is a local path: nothing to link to.
    const run = await cut({ GITHUB_REPOSITORY: 'octo/aetherflow' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    const changelog = repo.originFile('core-v0.2.0', 'libs/core/CHANGELOG.md');
    expect(changelog).toMatch(/\n## 0\.2\.0 \(\d{4}-\d\d-\d\d\)\n/);
    expect(changelog).toContain(`- **core:** retries with backoff (#12) (${sha.feat.slice(0, 7)})\n`);
    expect(changelog).not.toContain('](');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
