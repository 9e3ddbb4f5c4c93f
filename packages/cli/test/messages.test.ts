import { afterEach, describe, expect, it } from '@jest/globals';
import { Monorepo } from '../../../test/support/repo.js';
import { cliIn } from './cli-runner.js';

const PACKAGES = [
  { path: 'packages/core', name: 'aetherflow-core', version: '0.1.0' },
  { path: 'packages/scheduler', name: 'aetherflow-scheduler', version: '0.3.0', style: 'poetry' as const },
];

let repo: Monorepo;
afterEach(() => repo?.cleanup());
const cli = (...argv: string[]) => cliIn(repo.work, argv);

describe('CLI words in messages', () => {
  it('names options as --flags, and asks for PYRELEASE_PASSWORD instead of OIDC at a terminal', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.write('packages/core/x.py', 'dirty\n');
    repo.git('add', 'packages/core/x.py');
    const dirty = await cli('cut-release', '--mode', 'rc', '--base-branch', 'test', '--release-branch', 'r');
    expect([dirty.code, dirty.stderr]).toEqual([
      1,
      'pyrelease: error: the working tree has uncommitted changes (packages/core/x.py); commit or stash them, or pass --allow-dirty',
    ]);
    repo.git('reset', '--quiet', '--hard');
    repo.git('tag', '-a', '-m', 'v', 'aetherflow-core-v0.1.0');
    const previous = process.env.PYRELEASE_PASSWORD;
    delete process.env.PYRELEASE_PASSWORD;
    try {
      repo.git('checkout', '--quiet', '--detach', 'aetherflow-core-v0.1.0');
      const upload = await cli('publish-from-tag', '--tag', 'aetherflow-core-v0.1.0');
      expect([upload.code, upload.stderr]).toEqual([
        1,
        'pyrelease: error: no API token to upload with: set PYRELEASE_PASSWORD to an API token (trusted publishing works only inside GitHub Actions)',
      ]);
    } finally {
      if (previous !== undefined) process.env.PYRELEASE_PASSWORD = previous;
    }
  });

  it('says how the checkout stands apart from the remote base: push, pull or check out', async () => {
    repo = Monorepo.create(PACKAGES);
    const cut = () => cli('cut-release', '--mode', 'rc', '--base-branch', 'test', '--release-branch', 'r');
    const short = (ref: string) => repo.git('rev-parse', ref).slice(0, 12);
    const skip = ', or pass --skip-base-sync-check to release origin/test as it is';
    repo.commit('fix(core): not pushed yet', { 'packages/core/x.py': '1\n' });
    const ahead = await cut();
    expect([ahead.code, ahead.stderr]).toEqual([
      1,
      `pyrelease: error: your checkout (HEAD ${short('HEAD')}) has commits origin/test (${short('origin/test')}) lacks: push them first${skip}`,
    ]);
    repo.git('push', '--quiet', 'origin', 'test');
    repo.git('reset', '--quiet', '--hard', 'HEAD~1');
    const behind = await cut();
    expect(behind.stderr).toBe(
      `pyrelease: error: origin/test (${short('origin/test')}) has commits your checkout (HEAD ${short('HEAD')}) lacks: pull first${skip}`,
    );
    repo.commit('fix(core): elsewhere', { 'packages/core/y.py': '1\n' });
    const apart = await cut();
    expect(apart.stderr).toBe(
      `pyrelease: error: your checkout (HEAD ${short('HEAD')}) is not origin/test (${short('origin/test')}): check out origin/test first${skip}`,
    );
    // Another maintainer pushed a commit this clone has never fetched: the same words.
    const other = Monorepo.clone(repo);
    try {
      other.git('checkout', '--quiet', 'test');
      other.commit('fix(core): from elsewhere', { 'packages/core/z.py': '1\n' });
      other.git('push', '--quiet', 'origin', 'test');
      repo.git('reset', '--quiet', '--hard', 'origin/test');
      const unseen = await cut();
      expect(unseen.stderr).toBe(
        `pyrelease: error: origin/test (${other.git('rev-parse', 'HEAD').slice(0, 12)}) has commits your checkout (HEAD ${short('HEAD')}) lacks: pull first${skip}`,
      );
    } finally {
      other.cleanup();
    }
    // Nothing was changed by any of them.
    expect(repo.git('tag', '--list')).toBe('');
    expect(repo.git('branch', '--list', 'r')).toBe('');
    const same = await cli(
      'cut-release',
      '--mode',
      'rc',
      '--base-branch',
      'test',
      '--release-branch',
      'test',
    );
    expect(same.stderr).toBe(
      'pyrelease: error: --release-branch must differ from --base-branch (both are "test")',
    );
  });

  it('says "no such tag" with the nearest one, --expect, and how to check a tag out', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('tag', '-a', '-m', 'v', 'aetherflow-core-v0.1.0');
    const missing = await cli('publish-from-tag', '--tag', 'aetherflow-core-v0.1.1', '--dry-run');
    expect([missing.code, missing.stderr]).toEqual([
      1,
      "pyrelease: error: no such tag aetherflow-core-v0.1.1 (did you mean aetherflow-core-v0.1.0?): git fetch --tags brings the remote's tags, git tag --list shows the ones here",
    ]);
    repo.commit('fix(core): after the tag', { 'packages/core/x.py': '1\n' });
    const elsewhere = await cli('publish-from-tag', '--tag', 'aetherflow-core-v0.1.0', '--dry-run');
    expect(elsewhere.stderr).toBe(
      `pyrelease: error: the checkout is at ${repo.git('rev-parse', 'HEAD').slice(0, 12)}, not at tag aetherflow-core-v0.1.0 (${repo.git('rev-parse', 'aetherflow-core-v0.1.0^{commit}').slice(0, 12)}): git switch --detach aetherflow-core-v0.1.0 first`,
    );
    repo.git('checkout', '--quiet', '--detach', 'aetherflow-core-v0.1.0');
    const channel = await cli(
      'publish-from-tag',
      '--tag',
      'aetherflow-core-v0.1.0',
      '--expect',
      'rc',
      '--dry-run',
    );
    expect(channel.stderr).toBe(
      'pyrelease: error: tag aetherflow-core-v0.1.0 is a final release (0.1.0), but --expect admits rc releases only',
    );
  });
});
