import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { releaseIndexOf } from '../../../packages/core/src/index.js';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { PyPIServer } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

/** A version the index already has is never tagged (uploaded from elsewhere, or its tag deleted). */

let repo: Monorepo;
let index: PyPIServer;
beforeAll(async () => {
  index = await new PyPIServer().start();
});
afterAll(() => index.stop());
afterEach(() => repo?.cleanup());

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/scheduler', name: 'scheduler', version: '0.1.0' },
];

function cut(mode: 'rc' | 'final', repositoryUrl: string) {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      ...actionDefaults('cut-release'),
      mode,
      'base-branch': 'test',
      'release-branch': mode === 'rc' ? 'release-test' : 'release',
      'create-github-release': 'false',
      'repository-url': repositoryUrl,
    },
    env: { GITHUB_SHA: git(repo.origin, ['rev-parse', 'test']) },
  });
}

/** A file of `project` `version` on the index, as an upload from elsewhere left it. */
function onIndex(project: string, version: string): void {
  writeFileSync(join(index.packages, `${project}-${version}.tar.gz`), 'sdist\n');
}

describe('the index the releases go to', () => {
  it('is asked for every planned version first: one it has is not tagged, the rest are', async () => {
    repo = Monorepo.create(PACKAGES);
    onIndex('core', '0.1.0');
    onIndex('scheduler', '0.0.9');
    const run = await cut('final', `${index.url}/`);
    expect(run.code).toBe(0);
    expect(run.outputs.tags).toBe('scheduler-v0.1.0');
    expect(repo.originTags()).toEqual(['scheduler-v0.1.0']);
    expect(annotations(run.stdout, 'warning')).toContain(
      `core: not released: 0.1.0 is on ${index.url}/simple/ already, though no tag here released it (uploaded from elsewhere, or its tag deleted): tag the commit it was built from as core-v0.1.0, or release a higher version with a Release-As footer`,
    );
    // Its advice followed: tagged, the package goes on above it.
    repo.git('checkout', '--quiet', 'test');
    repo.git('tag', '-a', '-m', 'core 0.1.0', 'core-v0.1.0');
    repo.commit('fix(core): a fix', { 'libs/core/src/core/fix.py': 'x = 1\n' });
    repo.git('push', '--quiet', '--follow-tags', 'origin', 'test');
    const next = await cut('final', `${index.url}/`);
    expect(next.outputs.tags).toBe('core-v0.1.1');
  });

  it('is asked for the rc it would tag in rc mode: an rc it has is passed (its tag was deleted)', async () => {
    repo = Monorepo.create([
      { path: 'libs/candidate', name: 'candidate', version: '0.2.0' },
      { path: 'libs/spelled', name: 'spelled', version: '0.1.0' },
    ]);
    onIndex('candidate', '0.2.0rc1');
    // The same version in another spelling is the same version, as pip compares.
    onIndex('spelled', '0.1');
    const rc = await cut('rc', `${index.url}/`);
    expect(rc.outputs.tags).toBe('candidate-v0.2.0rc2 spelled-v0.1.0rc1');
    repo.git('checkout', '--quiet', 'test');
    const final = await cut('final', `${index.url}/`);
    expect(final.outputs.tags).toBe('candidate-v0.2.0');
    expect(annotations(final.stdout, 'warning').join('\n')).toContain(
      `spelled: not released: 0.1.0 is on ${index.url}/simple/ already`,
    );
  });

  it('that does not answer releases nothing it could not ask about, and says so', async () => {
    repo = Monorepo.create(PACKAGES);
    const run = await cut('final', 'http://127.0.0.1:9/legacy/');
    expect([run.code, run.outputs.tags, repo.originTags()]).toEqual([0, '', []]);
    const warnings = annotations(run.stdout, 'warning');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^core: not released: could not ask http:\/\/127\.0\.0\.1:9\/simple\/ whether 0\.1\.0 is there already \(.+\): not released in this run, which never tags a version the index may have; the next run asks again$/,
      ),
      expect.stringMatching(/^scheduler: not released: could not ask /),
    ]);
  });

  it('that answers with something else than a simple page (a login, a redirect) releases nothing', async () => {
    repo = Monorepo.create(PACKAGES);
    const login = createServer((req, res) => {
      if (req.url?.startsWith('/sso/simple/')) {
        res.writeHead(302, { location: 'https://login.example/?next=/simple/' }).end();
      } else if (req.url?.startsWith('/page/simple/')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Please sign in</body></html>');
      } else {
        seenAuth.push(req.headers.authorization ?? '-');
        res.writeHead(401).end();
      }
    });
    const seenAuth: string[] = [];
    await new Promise<void>((resolve) => login.listen(0, '127.0.0.1', resolve));
    const port = (login.address() as AddressInfo).port;
    try {
      for (const path of ['sso', 'page']) {
        const run = await cut('final', `http://127.0.0.1:${port}/${path}/legacy/`);
        expect([path, run.outputs.tags]).toEqual([path, '']);
        expect(annotations(run.stdout, 'warning').join('\n')).toMatch(
          /could not ask .* \((Error: )?GET .* (was redirected|answered a page that is not a simple project page)/,
        );
        repo.git('checkout', '--quiet', 'test');
      }
      // Credentials in the URL are sent as Basic authorization, and never shown.
      const secret = 's3cr3t-index-token';
      const run = await cut('final', `http://ci:${secret}@127.0.0.1:${port}/private/legacy/`);
      expect(seenAuth[0]).toBe(`Basic ${Buffer.from(`ci:${secret}`).toString('base64')}`);
      // The runner hides every form it was told to mask; nothing else prints it.
      expect(run.stdout).toContain(`::add-mask::${secret}`);
      expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
    } finally {
      login.close();
    }
  });

  it('is TestPyPI for rc and PyPI for final by default, and none turns the check off', () => {
    expect(releaseIndexOf('', 'rc')).toBe('https://test.pypi.org/legacy/');
    expect(releaseIndexOf('', 'final')).toBe('https://upload.pypi.org/legacy/');
    expect(releaseIndexOf(' none ', 'final')).toBeNull();
    expect(releaseIndexOf('https://pypi.example/legacy/', 'rc')).toBe('https://pypi.example/legacy/');
    expect(actionDefaults('cut-release')['repository-url']).toBe('');
  });
});

describe('without an index', () => {
  it('does not release a package without a tag whose CHANGELOG.md has its first version: it was released elsewhere', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.commit('chore(core): moved in from its own repository', {
      'libs/core/CHANGELOG.md': '# Changelog\n\n## [0.1.0] - 2024-05-01\n\n- first release\n',
      'libs/scheduler/CHANGELOG.md': '# Changelog\n\n## 0.0.9 (2024-05-01)\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cut('final', 'none');
    expect(run.outputs.tags).toBe('scheduler-v0.1.0');
    expect(annotations(run.stdout, 'warning')).toEqual([
      'core: not released: its libs/core/CHANGELOG.md has a section for 0.1.0, the version it would release first, and no tag here released it (moved in from another repository?): tag the commit that released it as core-v0.1.0, or release a higher version with a Release-As footer',
    ]);
  });
});
