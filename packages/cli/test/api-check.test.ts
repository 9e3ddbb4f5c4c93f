import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Monorepo } from '../../../test/support/repo.js';
import { InstalledCli } from './installed-cli.js';

// The API check as a user meets it: the installed `pyrelease` bin (npm exec of the packed package),
// real git, real griffe (the test venv's Python is first on PATH, as setup-python's would be).
const cli = InstalledCli.forSuite();
let repo: Monorepo;

beforeAll(() => {
  repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
  repo.commit('feat(core): the API', {
    'libs/core/src/core/__init__.py': 'def keep(): ...\ndef gone(x): ...\n',
  });
  repo.git('tag', '-a', '-m', 'core 1.0.0', 'core-v1.0.0');
  repo.commit('fix(core): tidy up', { 'libs/core/src/core/__init__.py': 'def keep(): ...\n' });
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => repo?.cleanup());

const pyrelease = (...args: string[]) => cli.run(repo.work, ...args);

const FOUND =
  'core: the API check found breaking changes since core-v1.0.0 that 1.0.1 does not cover (they need 2.0.0): removed function `core.gone`. Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"';

describe('pyrelease plan with the API check', () => {
  it('warns on stderr by default and plans the version the commits say', () => {
    const run = pyrelease('plan', '--mode', 'final', '--base-branch', 'test');
    expect(run.code).toBe(0);
    expect(run.stderr.trim()).toBe(`warning: ${FOUND}`);
    expect(run.stdout).toMatch(/^core +libs\/core +1\.0\.0 +1\.0\.1 +patch /m);
  });

  it('names each change in --json, and raises or fails with --api-check', () => {
    const json = JSON.parse(
      pyrelease('plan', '--mode', 'final', '--base-branch', 'test', '--json').stdout,
    ) as {
      warnings: string[];
      apiCheck: { breaking: { package: string; changes: string[]; needs: string }[]; notes: string[] };
    };
    expect(json.warnings).toEqual([FOUND]);
    expect(json.apiCheck).toEqual({
      compared: ['core'],
      breaking: [
        {
          package: 'core',
          mode: 'warn',
          since: 'core-v1.0.0',
          planned: '1.0.1',
          needs: '2.0.0',
          changes: ['removed function `core.gone`'],
          more: 0,
        },
      ],
      notes: [],
    });
    const raised = pyrelease('plan', '--mode', 'final', '--base-branch', 'test', '--api-check', 'raise');
    expect([raised.code, raised.stderr]).toEqual([0, '']);
    expect(raised.stdout).toMatch(/^core +libs\/core +1\.0\.0 +2\.0\.0 +major /m);
    const failed = pyrelease('plan', '--mode', 'final', '--base-branch', 'test', '--api-check', 'fail');
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(
      'pyrelease: error: the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: core (1.0.1, they need 2.0.0 since core-v1.0.0): removed function `core.gone`. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"',
    );
    const wrong = pyrelease('plan', '--mode', 'final', '--base-branch', 'test', '--api-check', 'strict');
    expect(wrong.code).toBe(2);
  });
});
