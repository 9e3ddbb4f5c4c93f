import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Monorepo } from '../../../test/support/repo.js';
import { InstalledCli } from './installed-cli.js';

// The PEP 440 channels as a user releases them by hand: the installed `pyrelease` bin.
const cli = InstalledCli.forSuite();
let repo: Monorepo;
beforeAll(() => {
  repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '2.0.0' }]);
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => repo.cleanup());

/** `pyrelease cut-release --mode <mode> --push` from test, then back on test: the tags it made. */
function cut(mode: string): { code: number | null; stderr: string; tags: string[] } {
  repo.git('push', '--quiet', 'origin', 'test');
  const run = cli.run(
    repo.work,
    'cut-release',
    '--mode',
    mode,
    '--base-branch',
    'test',
    '--release-branch',
    'release-test',
    '--push',
    '--json',
  );
  repo.git('checkout', '--quiet', 'test');
  const tags = run.code === 0 ? (JSON.parse(run.stdout).released as { tag: string }[]).map((r) => r.tag) : [];
  return { code: run.code, stderr: run.stderr.trimEnd(), tags };
}

describe('pyrelease cut-release in every mode', () => {
  it('releases alpha, dev, beta, rc and final one after another, and plans each mode', () => {
    expect(cut('alpha').tags).toEqual(['core-v2.0.0a1']);
    repo.commit('fix(core): a', { 'libs/core/a.py': 'A = 1\n' });
    expect(cut('dev').tags).toEqual(['core-v2.0.0a2.dev1']);
    // The same commit again: the dev run releases nothing; the plan says why.
    expect(cut('dev').tags).toEqual([]);
    const plan = cli.run(repo.work, 'plan', '--mode', 'beta', '--base-branch', 'test', '--json');
    expect(plan.code).toBe(0);
    // The beta counts from the alpha: the dev release between is not a release of its changes.
    expect(JSON.parse(plan.stdout).packages[0]).toMatchObject({
      next: '2.0.0b1',
      previous: '2.0.0a1',
      lastAny: '2.0.0a1',
    });
    expect(cut('beta').tags).toEqual(['core-v2.0.0b1']);
    repo.commit('fix(core): b', { 'libs/core/a.py': 'A = 2\n' });
    expect(cut('rc').tags).toEqual(['core-v2.0.0rc1']);
    repo.commit('fix(core): c', { 'libs/core/a.py': 'A = 3\n' });
    const back = cut('alpha');
    expect([back.code, back.stderr]).toEqual([
      1,
      'pyrelease: error: core: 2.0.0rc1 is released already, so an alpha of 2.0.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
    ]);
    expect(cut('final').tags).toEqual(['core-v2.0.0']);
  });
});
