import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, silentLogger } from '../../../packages/core/src/index.js';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS, VENV_BIN } from '../../../test/support/python.js';
import { Monorepo } from '../../../test/support/repo.js';

/**
 * The default build: `uv build` when uv is on PATH (cached build environments), else `python -m build`.
 * Real builds of the same tag both ways, each verified (names, version, twine check) the same.
 */

let repo: Monorepo;
let pythonOnly: string;
beforeAll(async () => {
  repo = Monorepo.create([{ path: 'libs/core', name: 'acme-core', version: '0.4.0' }]);
  await cutRelease(
    new Git(repo.work),
    { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true },
    silentLogger,
  );
  // A PATH with the test venv's Python (build, twine) and no uv.
  pythonOnly = mkdtempSync(join(tmpdir(), 'pyrelease-python-only-'));
  for (const name of ['python', 'python3']) symlinkSync(join(VENV_BIN, name), join(pythonOnly, name));
});
afterAll(() => {
  repo.cleanup();
  rmSync(pythonOnly, { recursive: true, force: true });
});

function build(path: string) {
  return runAction('publish-from-tag', {
    cwd: repo.checkoutTag('acme-core-v0.4.0'),
    inputs: { ...actionDefaults('publish-from-tag'), tag: 'acme-core-v0.4.0', 'dry-run': 'true' },
    env: { PATH: path },
  });
}

describe('publish-from-tag builds with the fastest builder present', () => {
  it.each([
    ['uv is on PATH', () => PATH_WITH_TOOLS, /building libs\/core: uv build --out-dir \S+/],
    [
      'uv is not',
      () => `${pythonOnly}:/usr/bin:/bin`,
      /building libs\/core: \S*python\S* -m build --outdir \S+/,
    ],
  ])('when %s, and verifies the files the same way', async (_, path, command) => {
    const run = await build(path());
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(run.stdout).toMatch(command);
    expect(run.outputs.files.split(' ').sort()).toEqual([
      'acme_core-0.4.0-py3-none-any.whl',
      'acme_core-0.4.0.tar.gz',
    ]);
    expect(run.stdout).toMatch(/twine check/);
  });
});
