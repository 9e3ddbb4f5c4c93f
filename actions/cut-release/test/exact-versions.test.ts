import { afterEach, describe, expect, it } from '@jest/globals';
import { annotations, cutReleaseRc } from '../../../test/support/action-runner.js';
import { Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

// Past 2^53 a JavaScript number holds only every second, fourth, ... integer: 20261203153045125 is read
// as ...124, and ...125 + 1 rounds back to ...124.
const STAMP = '20261203153045125';

/** Tags `tag` on the working clone's tip and pushes it, as an earlier release left it. */
function tagReleased(r: Monorepo, tag: string): void {
  r.git('tag', '--annotate', '--message', tag, tag);
  r.git('push', '--quiet', 'origin', tag);
}

describe('version numbers of any length are released exactly', () => {
  it('bumps a 17-digit patch number and writes a 17-digit Release-As unrounded', async () => {
    repo = Monorepo.create([
      { path: 'libs/core', name: 'core', version: `1.0.${STAMP}` },
      { path: 'libs/cli', name: 'cli', version: '0.1.0' },
    ]);
    tagReleased(repo, `core-v1.0.${STAMP}`);
    tagReleased(repo, 'cli-v0.1.0');
    repo.commit('fix(core): a fix', { 'libs/core/src/core/fix.py': 'x = 1\n' });
    repo.commit('chore(cli): stamp the version\n\nRelease-As: 2.0.20261203153045123', {
      'libs/cli/src/cli/stamp.py': 'x = 1\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'), { mode: 'final' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(run.outputs.tags.split(' ').sort()).toEqual([
      'cli-v2.0.20261203153045123',
      'core-v1.0.20261203153045126',
    ]);
    expect(repo.originFile('core-v1.0.20261203153045126', 'libs/core/pyproject.toml')).toContain(
      'version = "1.0.20261203153045126"',
    );
    expect(repo.originFile('cli-v2.0.20261203153045123', 'libs/cli/CHANGELOG.md')).toContain(
      '## 2.0.20261203153045123',
    );
  });

  it('counts release candidates past 2^53 exactly', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.1.0' }]);
    tagReleased(repo, 'core-v1.1.0rc9007199254740993');
    repo.commit('feat(core): more', { 'libs/core/src/core/more.py': 'x = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'));
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(run.outputs.tags).toBe('core-v1.1.0rc9007199254740994');
  });
});
