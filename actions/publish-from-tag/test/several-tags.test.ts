import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, silentLogger } from '../../../packages/core/src/index.js';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS, PyPIServer } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

/**
 * Several tags in one publish-from-tag step (issue 33): each built in a worktree of its own commit,
 * verified and uploaded on its own; the checkout stays where it is; a tag that fails stops no other.
 */

const PACKAGES = [
  { path: 'libs/alpha', name: 'acme-alpha', version: '0.1.0' },
  { path: 'libs/beta', name: 'acme-beta', version: '0.1.0' },
  { path: 'libs/gamma', name: 'acme-gamma', version: '0.1.0' },
];
const PASSWORD = 'pypi-severalTagsToken123';
const RC1 = ['acme-alpha-v0.1.0rc1', 'acme-beta-v0.1.0rc1', 'acme-gamma-v0.1.0rc1'];

let repo: Monorepo;
let index: PyPIServer;
const dirs: string[] = [];
const rc = { mode: 'rc' as const, baseBranch: 'test', releaseBranch: 'release-test', push: true };

beforeAll(async () => {
  index = await new PyPIServer().start();
  repo = Monorepo.create(PACKAGES);
  await cutRelease(new Git(repo.work), rc, silentLogger);
  // A second rc of alpha: two tags of one package in one step.
  repo.git('checkout', '--quiet', 'test');
  repo.commit('fix(alpha): one more', { 'libs/alpha/src/acme_alpha/fix.py': 'x = 1\n' });
  repo.git('push', '--quiet', 'origin', 'test');
  await cutRelease(new Git(repo.work), rc, silentLogger);
});
afterAll(async () => {
  await index.stop();
  repo.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** What actions/checkout makes with fetch-depth: 0 on a push to test: the branch, not a tag. */
function checkout(): string {
  const dir = temp('pyrelease-checkout-');
  git(dir, ['clone', '--quiet', '--branch', 'test', repo.origin, dir]);
  return dir;
}

function publish(cwd: string, inputs: Record<string, string>, runnerTemp = temp('pyrelease-runner-temp-')) {
  return runAction('publish-from-tag', {
    cwd,
    inputs: { ...actionDefaults('publish-from-tag'), ...inputs },
    env: { PATH: PATH_WITH_TOOLS, RUNNER_TEMP: runnerTemp },
  });
}

describe('publish-from-tag with several tags', () => {
  it('builds each at its own commit in one step, hands the files on in one folder, and uploads each', async () => {
    const tags = [...RC1, 'acme-alpha-v0.1.0rc2'];
    const cwd = checkout();
    const head = git(cwd, ['rev-parse', 'HEAD']);
    const runnerTemp = temp('pyrelease-runner-temp-');
    const built = await publish(cwd, { tags: tags.join(' '), expect: 'rc', upload: 'false' }, runnerTemp);
    expect([built.code, annotations(built.stdout, 'error')]).toEqual([0, []]);
    const published = JSON.parse(built.outputs.published) as {
      tag: string;
      version: string;
      files: string[];
    }[];
    expect(published.map((p) => [p.tag, p.version])).toEqual([
      ['acme-alpha-v0.1.0rc1', '0.1.0rc1'],
      ['acme-beta-v0.1.0rc1', '0.1.0rc1'],
      ['acme-gamma-v0.1.0rc1', '0.1.0rc1'],
      ['acme-alpha-v0.1.0rc2', '0.1.0rc2'],
    ]);
    expect(JSON.parse(built.outputs.failed)).toEqual([]);
    const files = readdirSync(built.outputs['dist-dir']).sort();
    expect(files).toEqual(published.flatMap((p) => p.files).sort());
    expect(files).toHaveLength(8);
    // rc2 holds the fix, rc1 does not: each was built from its own tag's files.
    expect(built.stdout).toMatch(/tag 4 of 4: acme-alpha-v0\.1\.0rc2/);
    // The checkout did not move and holds nothing new; the worktree is gone, from disk and from git.
    expect(git(cwd, ['rev-parse', 'HEAD'])).toBe(head);
    expect(git(cwd, ['status', '--porcelain', '--ignored'])).toBe('');
    expect(git(cwd, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
    expect(readdirSync(runnerTemp).filter((f) => f.startsWith('pyrelease-checkout-'))).toEqual([]);

    // The upload job: another checkout of the branch, the files from the artifact, nothing built.
    const artifact = temp('pyrelease-artifact-');
    for (const f of files) copyFileSync(join(built.outputs['dist-dir'], f), join(artifact, f));
    const uploaded = await publish(checkout(), {
      tags: tags.join('\n'),
      expect: 'rc',
      dist: artifact,
      'build-command': 'false',
      'repository-url': `${index.url}/`,
      password: PASSWORD,
    });
    expect([uploaded.code, annotations(uploaded.stdout, 'error')]).toEqual([0, []]);
    expect(readdirSync(index.packages).sort()).toEqual(files);
    expect(uploaded.stdout).not.toContain('building ');
    // The token is masked, and never printed.
    const shown =
      uploaded.stdout.replaceAll(`::add-mask::${PASSWORD}`, '') + uploaded.stderr + uploaded.summary;
    expect(shown).not.toContain(PASSWORD);
  });

  it('publishes the tags it can, and fails at the end naming each tag it could not, in one line', async () => {
    const cwd = checkout();
    // A tag of no package, on a reviewed commit; a tag that does not exist; an rc where final is expected.
    git(cwd, ['tag', 'ghost-v1.0.0', 'origin/test']);
    const tags = ['ghost-v1.0.0', 'acme-beta-v0.1.0rc1', 'acme-nothing-v1.0.0', 'acme-gamma-v0.1.0rc1'];
    const run = await publish(cwd, { tags: tags.join(', '), expect: 'rc', 'dry-run': 'true' });
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^2 of 4 tag\(s\) failed: ghost-v1\.0\.0 \(tag ghost-v1\.0\.0 names package ghost, which this repository does not have; [^)]*\); acme-nothing-v1\.0\.0 \(tag acme-nothing-v1\.0\.0 is not in this checkout: .*\)$/,
    );
    expect(JSON.parse(run.outputs.published).map((p: { tag: string }) => p.tag)).toEqual([
      'acme-beta-v0.1.0rc1',
      'acme-gamma-v0.1.0rc1',
    ]);
    expect(JSON.parse(run.outputs.failed).map((f: { tag: string }) => f.tag)).toEqual([
      'ghost-v1.0.0',
      'acme-nothing-v1.0.0',
    ]);
    expect(run.summary).toContain('### Not published');
    const refused = await publish(checkout(), { tags: RC1.join(' '), expect: 'final', 'dry-run': 'true' });
    expect(annotations(refused.stdout, 'error')[0]).toMatch(/^3 of 3 tag\(s\) failed: /);
  });

  it("refuses a tag's files that a later build of the step changed, and publishes the rest", async () => {
    // A build that, once its own files are made, overwrites the wheels earlier tags built in this step.
    const script = join(temp('pyrelease-script-'), 'tamper.py');
    writeFileSync(
      script,
      [
        'import glob, os, shutil, subprocess, sys',
        "subprocess.run([sys.executable, '-m', 'build', '--no-isolation', '--outdir', 'dist', '.'], check=True)",
        "own = glob.glob('dist/*.whl')[0]",
        "for other in glob.glob(os.path.join(os.environ['RUNNER_TEMP'], 'pyrelease-dist-*', '*.whl')):",
        '    shutil.copyfile(own, other)',
      ].join('\n'),
    );
    const run = await publish(checkout(), {
      tags: `${RC1[0]} ${RC1[1]}`,
      expect: 'rc',
      upload: 'false',
      'build-command': `python ${script}`,
    });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      `1 of 2 tag(s) failed: ${RC1[0]} (refusing to upload: acme_alpha-0.1.0rc1-py3-none-any.whl changed after tag ${RC1[0]} built it (something that ran later in this step, such as another tag's build, wrote to it))`,
    ]);
    expect(readdirSync(run.outputs['dist-dir']).sort()).toEqual([
      'acme_beta-0.1.0rc1-py3-none-any.whl',
      'acme_beta-0.1.0rc1.tar.gz',
    ]);
  });

  it("leaves the checkout's own worktrees alone, a missing one included", async () => {
    const cwd = checkout();
    const mine = join(temp('pyrelease-user-worktree-'), 'wt');
    git(cwd, ['worktree', 'add', '--quiet', '-b', 'my-work', mine]);
    writeFileSync(join(mine, 'WIP.txt'), 'unfinished\n');
    // Its folder is away for now (an unmounted disk): a prune would drop its record.
    renameSync(mine, `${mine}-away`);
    const run = await publish(cwd, { tags: RC1.join(' '), expect: 'rc', 'dry-run': 'true' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    renameSync(`${mine}-away`, mine);
    expect(git(mine, ['status', '--porcelain'])).toBe('?? WIP.txt');
    const listed = git(cwd, ['worktree', 'list', '--porcelain']).match(/^worktree .*$/gm);
    expect(listed).toEqual([`worktree ${cwd}`, `worktree ${mine}`]);
  });

  it('refuses tag and tags together, and a tag named twice, before doing anything', async () => {
    const cwd = checkout();
    const both = await publish(cwd, { tag: RC1[0], tags: RC1[1] });
    expect([both.code, annotations(both.stdout, 'error')]).toEqual([
      1,
      ['set input tag or input tags, not both: tags publishes several, tag one'],
    ]);
    const twice = await publish(cwd, { tags: `${RC1[0]} ${RC1[1]} ${RC1[0]}` });
    expect(annotations(twice.stdout, 'error')).toEqual([`tags names ${RC1[0]} twice`]);
    const none = await publish(cwd, { tags: ' , ' });
    expect(annotations(none.stdout, 'error')).toEqual(['input tags names no tag']);
  });
});
