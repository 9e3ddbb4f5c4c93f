import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Git } from '../src/index.js';
import { RepositoryReader } from '../src/git/repository.js';
import { describeBreakage } from '../src/api-check/findings.js';
import { compareApis } from '../src/api-check/griffe.js';
import { writeModules } from '../src/api-check/trees.js';
import { Monorepo } from '../../../test/support/repo.js';
import { VENV_BIN } from '../../../test/support/python.js';

const PYTHON = join(VENV_BIN, 'python');
let repo: Monorepo;
let scratch: string;
afterEach(() => {
  repo?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * The breaking changes real griffe finds in module `module` of folder `root` between the commits
 * `old` and `new`, in words, as the API check reads them (trees written through cat-file).
 */
async function breakingChanges(root: string, module: string, old: string, now: string): Promise<string[]> {
  scratch = mkdtempSync(join(tmpdir(), 'pyrelease-api-test-'));
  const git = new Git(repo.work);
  const reader = new RepositoryReader(git);
  const [before, after] = [join(scratch, 'old'), join(scratch, 'new')];
  await git.keepReading(() =>
    writeModules(reader, [
      { commit: old, root, module, into: before },
      { commit: now, root, module, into: after },
    ]),
  );
  const [report] = await compareApis(
    PYTHON,
    [{ name: 'pkg', modules: [{ name: module, old: before, new: after }] }],
    scratch,
  );
  expect(report.errors).toEqual([]);
  return report.breakages.map(describeBreakage).sort();
}

const BEFORE = {
  'libs/pkg/src/pkg/__init__.py': [
    '"""The package."""',
    'from .core import Thing, g',
    '__all__ = ["Thing", "g", "f", "gone", "narrowed", "with_default"]',
    'def f(a, b=2): ...',
    'def gone(): ...',
    'def narrowed(): ...',
    'def with_default(x=1): ...',
    'def _helper(): ...',
    '',
  ].join('\n'),
  'libs/pkg/src/pkg/core.py': [
    'class Thing:',
    '    size: int = 1',
    '    def m(self, q): ...',
    'def g(x, y): ...',
    '',
  ].join('\n'),
  'libs/pkg/src/pkg/extra.py': 'def e(): ...\n',
};

const AFTER = {
  'libs/pkg/src/pkg/__init__.py': [
    '"""The package."""',
    'from .core import Thing, g',
    '__all__ = ["Thing", "g", "f", "with_default", "added", "_renamed"]',
    'def f(a, b): ...',
    'def narrowed(): ...',
    'def with_default(x=2): ...',
    'def added(): ...',
    'def _renamed(): ...',
    '',
  ].join('\n'),
  'libs/pkg/src/pkg/core.py': ['class Thing:', '    def m(self, q): ...', 'def g(x): ...', ''].join('\n'),
};

describe('the API comparison (real griffe, trees read through git)', () => {
  it('finds what breaks callers and only that', async () => {
    repo = Monorepo.create([{ path: 'libs/pkg', name: 'pkg', version: '1.0.0' }]);
    const old = repo.commit('feat: the API', BEFORE);
    repo.git('rm', '--quiet', 'libs/pkg/src/pkg/extra.py');
    const now = repo.commit('fix: a small change', AFTER);
    expect(await breakingChanges('libs/pkg/src', 'pkg', old, now)).toEqual([
      '`pkg.narrowed` was taken out of `__all__`',
      'parameter `b` of `pkg.f` became required',
      'parameter `y` of `pkg.core.g` was removed',
      'removed attribute `pkg.core.Thing.size`',
      'removed function `pkg.gone`',
      'removed module `pkg.extra`',
    ]);
  });
});
