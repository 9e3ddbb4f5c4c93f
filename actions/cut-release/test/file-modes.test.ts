import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { annotations, cutReleaseRc } from '../../../test/support/action-runner.js';
import { git, Monorepo, pyproject } from '../../../test/support/repo.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

function cut(work: string, inputs: Record<string, string> = {}) {
  return cutReleaseRc(work, git(work, ['rev-parse', 'HEAD']), inputs);
}

/** The mode of `path` in `ref` of the origin, as git stores it. */
function modeAt(origin: string, ref: string, path: string): string {
  return git(origin, ['ls-tree', ref, '--', path]).split(' ')[0];
}

describe('the files a release rewrites keep what they are', () => {
  it('keeps the executable bit of a version file', async () => {
    repo = Monorepo.create([]);
    repo.commit('feat: core', {
      'libs/core/pyproject.toml': `${pyproject('core', '0.1.0')}\n[tool.pyrelease]\nversion-files = ["bin/core-tool"]\n`,
      'libs/core/bin/core-tool': '#!/usr/bin/env python3\n__version__ = "0.1.0"\n',
    });
    chmodSync(join(repo.work, 'libs/core/bin/core-tool'), 0o755);
    repo.git('add', '--chmod=+x', 'libs/core/bin/core-tool');
    repo.git('commit', '--quiet', '-m', 'chore: the tool is a script');
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cut(repo.work);
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(repo.originFile('core-v0.1.0rc1', 'libs/core/bin/core-tool')).toContain(
      '__version__ = "0.1.0rc1"',
    );
    expect(modeAt(repo.origin, 'core-v0.1.0rc1', 'libs/core/bin/core-tool')).toBe('100755');
    expect(modeAt(repo.origin, 'core-v0.1.0rc1', 'libs/core/pyproject.toml')).toBe('100644');
  });

  it('refuses, in one line and before anything changes, to replace a symlinked CHANGELOG.md with a file', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.write('docs/core-changes.md', '# Changelog\n\nHand-kept history.\n');
    symlinkSync('../../docs/core-changes.md', join(repo.work, 'libs/core/CHANGELOG.md'));
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'docs: the changelog lives in docs');
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    for (const dryRun of ['true', 'false']) {
      const run = await cut(repo.work, { 'dry-run': dryRun });
      expect(run.code).toBe(1);
      expect(annotations(run.stdout, 'error')).toEqual([
        `libs/core/CHANGELOG.md is a symbolic link at ${repo.git('rev-parse', 'HEAD').slice(0, 12)}, and a release rewrites it: make it a plain file, or point changelog or version-files at the file itself`,
      ]);
      expect(repo.originRefs()).toBe(before);
    }
  });

  it('refuses a changelog under a symbolic link to a folder, which a release would turn into a folder', async () => {
    repo = Monorepo.create([]);
    repo.commit('docs: shared', { 'shared/docs/guide.md': '# Guide\n' });
    repo.commit('feat: core', {
      'libs/core/pyproject.toml': `${pyproject('core', '0.1.0')}\n[tool.pyrelease]\nchangelog = "docs/CHANGELOG.md"\n`,
    });
    symlinkSync('../../shared/docs', join(repo.work, 'libs/core/docs'));
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'docs: core docs live in shared');
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const run = await cut(repo.work);
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      `libs/core/docs/CHANGELOG.md is under libs/core/docs, a symbolic link at ${repo.git('rev-parse', 'HEAD').slice(0, 12)}, and a release rewrites it: point changelog or version-files at the file itself`,
    ]);
    expect(repo.originRefs()).toBe(before);
  });
});
