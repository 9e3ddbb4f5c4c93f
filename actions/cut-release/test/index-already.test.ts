import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
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

  it('is asked for the rc it would tag in rc mode', async () => {
    repo = Monorepo.create(PACKAGES);
    onIndex('core', '0.1.0rc1');
    const run = await cut('rc', `${index.url}/`);
    expect(run.outputs.tags).toBe('scheduler-v0.1.0rc1');
    expect(annotations(run.stdout, 'warning').join('\n')).toContain(
      `core: not released: 0.1.0rc1 is on ${index.url}/simple/ already`,
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
