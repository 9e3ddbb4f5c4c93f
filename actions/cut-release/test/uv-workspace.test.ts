import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_SETTINGS, Git } from '../../../packages/core/src/index.js';
import { assertTagOnBranches } from '../../../packages/core/src/publish/reviewed-checkout.js';
import { annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS } from '../../../test/support/python.js';
import { Uv } from '../../../test/support/uv.js';
import { git, Monorepo } from '../../../test/support/repo.js';

const uvTool = new Uv();
const uv = (cwd: string, ...args: string[]) => uvTool.run(cwd, ...args);
const uvOk = (cwd: string, ...args: string[]) => uvTool.ok(cwd, ...args);

const DEFAULTS = {
  'tag-format': '',
  packages: '',
  line: '',
  push: 'true',
  'dry-run': 'false',
  'create-github-release': 'false',
};

let repo: Monorepo;
const checkouts: string[] = [];
beforeAll(() => {
  repo = Monorepo.create([]);
  // The layout `uv init` makes: a virtual root, library members, beta depending on alpha.
  uvOk(repo.work, 'init', '--quiet', '--bare', '--name', 'workspace-root', '.');
  uvOk(repo.work, 'init', '--quiet', '--lib', 'packages/alpha');
  uvOk(repo.work, 'init', '--quiet', '--lib', 'packages/beta');
  uvOk(join(repo.work, 'packages/beta'), 'add', '--quiet', 'alpha');
  // An example that copies a member's name: not a member, so not a package.
  repo.write('examples/alpha/pyproject.toml', '[project]\nname = "alpha"\nversion = "0.0.1"\n');
  uvOk(repo.work, 'lock', '--quiet');
  repo.commit('feat: a uv workspace', {});
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => {
  repo.cleanup();
  uvTool.cleanup();
  for (const dir of checkouts) rmSync(dir, { recursive: true, force: true });
});

/** A final run of the cut-release bundle on `ws`'s test branch, as the runner starts it. */
async function cutFinalOf(ws: Monorepo) {
  ws.git('checkout', '--quiet', 'test');
  const run = await runAction('cut-release', {
    cwd: ws.work,
    inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
    env: { GITHUB_SHA: ws.git('rev-parse', 'origin/test'), PATH: PATH_WITH_TOOLS },
  });
  expect(annotations(run.stdout, 'error')).toEqual([]);
  expect(run.code).toBe(0);
  return run;
}

const cutFinal = () => cutFinalOf(repo);

/** `uv lock --check` in a fresh clone at `ref`: what `uv sync --locked` in CI would say there. */
function lockCheckAt(ref: string): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-uv-checkout-'));
  checkouts.push(dir);
  git(dir, ['clone', '--quiet', repo.origin, dir]);
  // A branch is checked out as the origin has it; a tag as actions/checkout does (detached).
  git(dir, [
    'checkout',
    '--quiet',
    '--detach',
    ref.startsWith('alpha-') || ref.startsWith('beta-') ? ref : `origin/${ref}`,
  ]);
  return uv(dir, 'lock', '--check');
}

describe('a uv workspace, released by the cut-release bundle', () => {
  it('releases the members only, and every tag and the release branch pass uv lock --check', async () => {
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('alpha-v0.1.0 beta-v0.1.0');
    expect(lockCheckAt('release')).toMatchObject({ code: 0 });

    // A feature in alpha: its version moves in pyproject.toml and in the workspace's uv.lock alike.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('feat(alpha): more', { 'packages/alpha/src/alpha/more.py': 'X = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const again = await cutFinal();
    expect(again.outputs.tags).toBe('alpha-v0.2.0');
    const changed = git(repo.origin, [
      'diff-tree',
      '--no-commit-id',
      '--name-only',
      '-r',
      'alpha-v0.2.0^{commit}',
    ]);
    expect(changed.split('\n').sort()).toEqual([
      'packages/alpha/CHANGELOG.md',
      'packages/alpha/pyproject.toml',
      'uv.lock',
    ]);
    const lock = repo.originFile('alpha-v0.2.0', 'uv.lock');
    expect(lock).toContain('name = "alpha"\nversion = "0.2.0"\nsource = { editable = "packages/alpha" }');
    // Only the version string changed.
    const before = repo.originFile('test', 'uv.lock');
    expect(lock).toBe(
      before.replace('name = "alpha"\nversion = "0.1.0"', 'name = "alpha"\nversion = "0.2.0"'),
    );
    for (const ref of ['alpha-v0.2.0', 'release']) expect([ref, lockCheckAt(ref).code]).toEqual([ref, 0]);
  });

  it('leaves the base branch lock alone: a lock-only change there releases nothing', async () => {
    // The base branch's lock still says 0.1.0 (release branches are reset, tags carry the versions).
    repo.git('checkout', '--quiet', 'test');
    repo.commit('chore: relock', { 'uv.lock': `${repo.read('uv.lock')}` });
    repo.commit('fix(alpha): lock refreshed', { 'packages/alpha/uv.lock': 'version = 1\nrevision = 5\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutFinal();
    // packages/alpha/uv.lock is ignored by default (ignore-paths), and the root lock belongs to no package.
    expect(run.outputs.count).toBe('0');
  });

  it('with cascade = "always", releases beta whenever alpha, which it requires, is released', async () => {
    repo.git('checkout', '--quiet', 'test');
    // beta's bare requirement admits every alpha: only the setting releases it.
    expect(repo.read('packages/beta/pyproject.toml')).toContain('"alpha"');
    repo.commit('fix(alpha): a fix', { 'packages/alpha/src/alpha/fix.py': 'Y = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    repo.commit('chore: every release of a requirement releases its dependents', {
      'pyproject.toml': `${repo.read('pyproject.toml')}\n[tool.pyrelease]\ncascade = "always"\n`,
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutFinal();
    expect(run.outputs.tags).toBe('alpha-v0.2.1 beta-v0.1.1');
    expect(repo.originFile('beta-v0.1.1', 'packages/beta/CHANGELOG.md')).toContain('- requires alpha 0.2.1');
    expect(lockCheckAt('release').code).toBe(0);
  });
});

describe('internal dependencies in a uv workspace, released by the cut-release bundle', () => {
  let ws: Monorepo;
  const dirs: string[] = [];
  const at = (ref: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-uv-deps-'));
    dirs.push(dir);
    git(dir, ['clone', '--quiet', ws.origin, dir]);
    git(dir, ['checkout', '--quiet', '--detach', ref.includes('-v') ? ref : `origin/${ref}`]);
    return dir;
  };
  beforeAll(() => {
    ws = Monorepo.create([]);
    uvOk(ws.work, 'init', '--quiet', '--bare', '--name', 'workspace-root', '.');
    for (const member of ['alpha', 'beta', 'gamma', 'delta'])
      uvOk(ws.work, 'init', '--quiet', '--lib', `packages/${member}`);
    uvOk(join(ws.work, 'packages/beta'), 'add', '--quiet', 'alpha>=0.1,<0.2');
    uvOk(join(ws.work, 'packages/gamma'), 'add', '--quiet', 'beta==0.1.0');
    // delta requires alpha bare, and asks for a lower bound in what it publishes.
    uvOk(join(ws.work, 'packages/delta'), 'add', '--quiet', 'alpha');
    ws.write(
      'packages/delta/pyproject.toml',
      `${ws.read('packages/delta/pyproject.toml')}\n[tool.pyrelease]\npin-workspace-dependencies = true\n`,
    );
    uvOk(ws.work, 'lock', '--quiet');
    ws.commit('feat: a workspace whose members require each other', {});
    ws.git('push', '--quiet', 'origin', 'test');
  });
  afterAll(() => {
    ws.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const cut = () => cutFinalOf(ws);

  it('moves the requirements up, releases the chain, and every tag resolves and builds with them', async () => {
    expect((await cut()).outputs.tags).toBe('alpha-v0.1.0 beta-v0.1.0 delta-v0.1.0 gamma-v0.1.0');
    expect(ws.originFile('delta-v0.1.0', 'packages/delta/pyproject.toml')).toContain('"alpha>=0.1.0",');
    ws.git('checkout', '--quiet', 'test');
    ws.commit('feat(alpha): more', {
      'packages/alpha/src/alpha/more.py': 'X = 1\n',
      'packages/delta/src/delta/more.py': 'X = 1\n',
    });
    ws.git('push', '--quiet', 'origin', 'test');
    const run = await cut();
    expect(run.outputs.tags).toBe('alpha-v0.2.0 beta-v0.1.1 delta-v0.2.0 gamma-v0.1.1');
    // delta's bare requirement is bounded at the alpha released with it, in its own commit only.
    expect(ws.originFile('delta-v0.2.0', 'packages/delta/pyproject.toml')).toContain('"alpha>=0.2.0",');
    expect(ws.originFile('alpha-v0.2.0', 'packages/delta/pyproject.toml')).toContain('"alpha",');
    expect(run.summary).toContain(
      '| beta | packages/beta | 0.1.0 | 0.1.1 | patch | 0 | dependency alpha 0.2.0 |',
    );
    // Which files each release commit changes: the version, the lock, the sibling's requirement, the changelog.
    expect(run.summary.slice(run.summary.indexOf('Release commits'))).toContain(
      '- alpha-v0.2.0: packages/alpha/pyproject.toml, packages/beta/pyproject.toml, uv.lock, packages/alpha/CHANGELOG.md',
    );
    // alpha's commit moves beta's requirement, so alpha's tag is a workspace that resolves.
    expect(ws.originFile('alpha-v0.2.0', 'packages/beta/pyproject.toml')).toContain('"alpha>=0.2.0,<0.3",');
    expect(ws.originFile('beta-v0.1.1', 'packages/gamma/pyproject.toml')).toContain('"beta==0.1.1",');
    expect(ws.originFile('beta-v0.1.1', 'packages/beta/CHANGELOG.md')).toContain(
      '### Dependencies\n\n- requires alpha 0.2.0',
    );
    for (const ref of ['alpha-v0.2.0', 'beta-v0.1.1', 'delta-v0.2.0', 'gamma-v0.1.1', 'release']) {
      expect([ref, uv(at(ref), 'lock', '--check').code]).toEqual([ref, 0]);
    }
    // What beta publishes from its tag, built without the workspace's sources, requires alpha 0.2.0.
    const dir = at('beta-v0.1.1');
    uvOk(dir, 'build', '--quiet', '--package', 'beta', '--no-sources', '--wheel', '-o', join(dir, 'out'));
    const metadata = spawnSync(
      'python3',
      [
        '-c',
        "import zipfile,glob,sys; z=zipfile.ZipFile(glob.glob(sys.argv[1]+'/beta-0.1.1-*.whl')[0]); print(z.read('beta-0.1.1.dist-info/METADATA').decode())",
        join(dir, 'out'),
      ],
      { encoding: 'utf8' },
    ).stdout;
    expect(metadata).toContain('Requires-Dist: alpha>=0.2.0,<0.3');

    // Released again with nothing new: beta's published requirement admits alpha 0.2.1, so only alpha goes.
    ws.git('checkout', '--quiet', 'test');
    ws.commit('fix(alpha): x', { 'packages/alpha/src/alpha/more.py': 'X = 2\n' });
    ws.git('push', '--quiet', 'origin', 'test');
    const again = await cut();
    expect(again.outputs.tags).toBe('alpha-v0.2.1');
    expect(ws.originFile('alpha-v0.2.1', 'packages/beta/pyproject.toml')).toContain('"alpha>=0.2.1,<0.3",');
    expect(uv(at('alpha-v0.2.1'), 'lock', '--check').code).toBe(0);

    // beta released alone: its own commit moves its requirement up to alpha 0.2.1, though test still
    // declares alpha 0.1.0 (release commits never return to it). uv takes a workspace member whatever
    // a requirement on it says, so the tag still resolves; only its release's files change.
    ws.git('checkout', '--quiet', 'test');
    ws.commit('fix(beta): y', { 'packages/beta/src/beta/y.py': 'Y = 1\n' });
    ws.git('push', '--quiet', 'origin', 'test');
    const alone = await cut();
    expect(alone.outputs.tags).toBe('beta-v0.1.2 gamma-v0.1.2');
    expect(ws.originFile('beta-v0.1.2', 'packages/beta/pyproject.toml')).toContain('"alpha>=0.2.1,<0.3",');
    expect(ws.originFile('beta-v0.1.2', 'packages/alpha/pyproject.toml')).toContain('version = "0.1.0"');
    expect(alone.summary.slice(alone.summary.indexOf('Release commits'))).toContain(
      '- beta-v0.1.2: packages/beta/pyproject.toml, packages/gamma/pyproject.toml, uv.lock, packages/beta/CHANGELOG.md',
    );
    for (const ref of ['beta-v0.1.2', 'gamma-v0.1.2', 'release'])
      expect([ref, uv(at(ref), 'lock', '--check').code]).toEqual([ref, 0]);
    // publish-from-tag takes that commit for pyrelease's own once the release branch moved on, and
    // refuses one that changes the lock beyond the versions.
    const tagged = at('beta-v0.1.2');
    const tagCommit = git(tagged, ['rev-parse', 'HEAD']);
    const check = (dir: string, commit: string) =>
      assertTagOnBranches(new Git(dir), {
        tag: 'beta-v0.1.2',
        tagCommit: commit,
        branches: ['test'],
        settings: ACTION_SETTINGS,
      });
    await expect(check(tagged, tagCommit)).resolves.toBeUndefined();
    git(tagged, ['checkout', '--quiet', '--detach', 'HEAD~1']);
    const lock = join(tagged, 'uv.lock');
    writeFileSync(lock, `${readFileSync(lock, 'utf8')}\n[[package]]\nname = "forged"\nversion = "1.0"\n`);
    writeFileSync(join(tagged, 'packages/beta/CHANGELOG.md'), '# forged\n');
    git(tagged, ['commit', '--quiet', '-am', 'release(beta): 0.1.2']);
    await expect(check(tagged, git(tagged, ['rev-parse', 'HEAD']))).rejects.toThrow(
      /changes uv\.lock beyond what the release of beta 0\.1\.2 writes/,
    );
  });
});

describe('dependency groups (PEP 735) on a sibling, released by the cut-release bundle', () => {
  let ws: Monorepo;
  const dirs: string[] = [];
  beforeAll(() => {
    ws = Monorepo.create([]);
    uvOk(ws.work, 'init', '--quiet', '--bare', '--name', 'workspace-root', '.');
    for (const member of ['alpha', 'epsilon'])
      uvOk(ws.work, 'init', '--quiet', '--lib', `packages/${member}`);
    // epsilon needs alpha only to develop (a dependency group): nothing it publishes requires it.
    uvOk(join(ws.work, 'packages/epsilon'), 'add', '--quiet', '--group', 'dev', 'alpha>=0.1,<0.2');
    uvOk(ws.work, 'lock', '--quiet');
    ws.commit('feat: a workspace with a dev group', {});
    ws.git('push', '--quiet', 'origin', 'test');
  });
  afterAll(() => {
    ws.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const cut = () => cutFinalOf(ws);

  it('never releases the dependent for it, and moves the group requirement so the lock stays valid', async () => {
    expect((await cut()).outputs.tags).toBe('alpha-v0.1.0 epsilon-v0.1.0');
    expect(ws.read('packages/epsilon/pyproject.toml')).toContain('"alpha>=0.1,<0.2"');
    ws.git('checkout', '--quiet', 'test');
    ws.commit('feat(alpha): more', { 'packages/alpha/src/alpha/more.py': 'X = 1\n' });
    ws.git('push', '--quiet', 'origin', 'test');
    const run = await cut();
    expect(run.outputs.tags).toBe('alpha-v0.2.0');
    expect(ws.originFile('alpha-v0.2.0', 'packages/epsilon/pyproject.toml')).toContain('"alpha>=0.2.0,<0.3"');
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-uv-groups-'));
    dirs.push(dir);
    git(dir, ['clone', '--quiet', ws.origin, dir]);
    git(dir, ['checkout', '--quiet', '--detach', 'alpha-v0.2.0']);
    expect(uv(dir, 'lock', '--check')).toMatchObject({ code: 0 });
  });
});
