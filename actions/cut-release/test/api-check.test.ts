import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS, VENV_BIN } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';
import { runnerCommands } from '../../../test/support/runner-log.js';

let repo: Monorepo;
let uvCache: string;
afterEach(() => {
  repo?.cleanup();
  if (uvCache) rmSync(uvCache, { recursive: true, force: true });
});

/** Real uv, offline: a workspace of local members needs no index. */
function uv(cwd: string, ...args: string[]): void {
  const result = spawnSync(join(VENV_BIN, 'uv'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: PATH_WITH_TOOLS, UV_CACHE_DIR: uvCache, UV_OFFLINE: '1', NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`uv ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
}

/** The layout `uv init` makes: a virtual root, alpha and beta (which requires alpha), released at 0.1.0. */
async function releasedWorkspace(): Promise<void> {
  uvCache = mkdtempSync(join(tmpdir(), 'pyrelease-uv-cache-'));
  repo = Monorepo.create([]);
  uv(repo.work, 'init', '--quiet', '--bare', '--name', 'workspace-root', '.');
  uv(repo.work, 'init', '--quiet', '--lib', 'packages/alpha');
  uv(repo.work, 'init', '--quiet', '--lib', 'packages/beta');
  uv(join(repo.work, 'packages/beta'), 'add', '--quiet', 'alpha');
  repo.commit('feat: a uv workspace', {});
  repo.git('push', '--quiet', 'origin', 'test');
  const first = await cutRelease({});
  expect(first.outputs.tags).toBe('alpha-v0.1.0 beta-v0.1.0');
  // alpha loses its public function in a commit that calls itself a fix; beta gets a real fix. (The
  // run left the checkout on the release branch, as a job does.)
  repo.git('checkout', '--quiet', 'test');
  repo.commit('fix(alpha): tidy up', { 'packages/alpha/src/alpha/__init__.py': '"""alpha."""\n' });
  repo.commit('fix(beta): a real fix', {
    'packages/beta/src/beta/more.py': 'def more() -> int:\n    return 1\n',
  });
  repo.git('push', '--quiet', 'origin', 'test');
}

/** A final run of the cut-release bundle, as the runner starts it: every input's default, then `inputs`. */
function cutRelease(inputs: Record<string, string>) {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      ...actionDefaults('cut-release'),
      'create-github-release': 'false',
      mode: 'final',
      'base-branch': 'test',
      'release-branch': 'release',
      ...inputs,
    },
    env: { GITHUB_SHA: repo.git('rev-parse', 'origin/test') },
  });
}

describe('the API check through the cut-release bundle (real griffe, real uv)', () => {
  it('raises the bump of the one workspace member that broke, and its changelog says why', async () => {
    await releasedWorkspace();
    const run = await cutRelease({ 'api-check': 'raise' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(annotations(run.stdout, 'warning')).toEqual([]);
    // Below 1.0.0 a break needs the next minor; beta's own fix stays a patch.
    expect(run.outputs.tags).toBe('alpha-v0.2.0 beta-v0.1.1');
    const log = git(repo.origin, ['show', 'alpha-v0.2.0:packages/alpha/CHANGELOG.md']);
    expect(log).toContain(
      '### Breaking Changes\n\n- removed function `alpha.hello` (found by the API check)\n',
    );
    expect(git(repo.origin, ['show', 'beta-v0.1.1:packages/beta/CHANGELOG.md'])).not.toContain('API check');
    expect(run.summary).toContain('alpha-v0.2.0');
  });

  it('stops the run before anything changes with api-check = fail, in one error line', async () => {
    await releasedWorkspace();
    const before = repo.originRefs();
    const run = await cutRelease({ 'api-check': 'fail' });
    expect(run.code).toBe(1);
    const errors = runnerCommands(run.stdout).filter((c) => c.command === 'error');
    expect(errors.map((e) => e.data)).toEqual([
      'the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: alpha (0.1.1, they need 0.2.0 since alpha-v0.1.0): removed function `alpha.hello`. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"',
    ]);
    expect(repo.originRefs()).toBe(before);
  });

  it('warns by default, in the log and the job summary, and refuses an input it does not know', async () => {
    await releasedWorkspace();
    const run = await cutRelease({});
    expect(run.outputs.tags).toBe('alpha-v0.1.1 beta-v0.1.1');
    const [warning] = annotations(run.stdout, 'warning');
    expect(warning).toMatch(
      /^alpha: the API check found breaking changes since alpha-v0\.1\.0 that 0\.1\.1 does not cover/,
    );
    expect(run.summary).toContain('the API check found breaking changes since alpha');
    const wrong = await cutRelease({ 'api-check': 'strict' });
    expect(annotations(wrong.stdout, 'error')).toEqual([
      'input api-check must be off, warn, raise, fail or empty, got "strict"',
    ]);
  });
});
