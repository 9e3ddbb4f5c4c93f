import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS, PyPIServer } from '../../../test/support/python.js';
import { Monorepo } from '../../../test/support/repo.js';
import { Uv } from '../../../test/support/uv.js';

/**
 * Version groups through the bundles: a uv workspace whose `acme-core` and `acme-cli` (which requires
 * it) are one product (fixed) and whose plugins are linked, released by cut-release in final and rc
 * mode, every member built at its tag by publish-from-tag with the group's version, and every tag a
 * workspace that `uv lock --check` accepts.
 */

const uvTool = new Uv();
const uvOk = (cwd: string, ...args: string[]) => uvTool.ok(cwd, ...args);

const GROUPS = `
[[tool.pyrelease.groups]]
name = "acme"
packages = ["acme-core", "packages/cli"]
versioning = "fixed"

[[tool.pyrelease.groups]]
name = "plugins"
packages = ["plugins/*"]
versioning = "linked"
`;

let repo: Monorepo;
beforeAll(() => {
  repo = Monorepo.create([]);
  uvOk(repo.work, 'init', '--quiet', '--bare', '--name', 'workspace-root', '.');
  uvOk(repo.work, 'init', '--quiet', '--lib', '--name', 'acme-core', 'packages/core');
  uvOk(repo.work, 'init', '--quiet', '--lib', '--name', 'acme-cli', 'packages/cli');
  uvOk(join(repo.work, 'packages/cli'), 'add', '--quiet', 'acme-core');
  uvOk(repo.work, 'init', '--quiet', '--lib', '--name', 'plug-a', 'plugins/a');
  uvOk(repo.work, 'init', '--quiet', '--lib', '--name', 'plug-b', 'plugins/b');
  repo.write('pyproject.toml', `${repo.read('pyproject.toml')}${GROUPS}`);
  // hatchling, which the test venv has, for builds without an index (uv_build is not there).
  for (const member of ['packages/core', 'packages/cli', 'plugins/a', 'plugins/b']) {
    const path = `${member}/pyproject.toml`;
    repo.write(
      path,
      repo
        .read(path)
        .replace(
          /\[build-system\][^[]*/,
          '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n',
        ),
    );
  }
  uvOk(repo.work, 'lock', '--quiet');
  repo.commit('feat: a workspace of one product and its plugins', {});
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => {
  repo.cleanup();
  uvTool.cleanup();
});

async function cut(mode: 'rc' | 'final') {
  repo.git('checkout', '--quiet', 'test');
  repo.git('push', '--quiet', 'origin', 'test');
  const run = await runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      mode,
      'base-branch': 'test',
      'release-branch': mode === 'rc' ? 'release-test' : 'release',
      'create-github-release': 'false',
      'repository-url': 'none',
    },
    env: { GITHUB_SHA: repo.git('rev-parse', 'origin/test'), PATH: PATH_WITH_TOOLS },
  });
  expect([annotations(run.stdout, 'error'), run.code]).toEqual([[], 0]);
  repo.git('checkout', '--quiet', 'test');
  return run;
}

describe('version groups, released by the cut-release bundle and built by publish-from-tag', () => {
  it('releases a fixed group whole at one version, and a linked group at its highest, lock files moving with them', async () => {
    expect((await cut('final')).outputs.tags).toBe(
      // Dependencies first: acme-cli requires acme-core.
      'acme-core-v0.1.0 plug-a-v0.1.0 plug-b-v0.1.0 acme-cli-v0.1.0',
    );

    // A feature in core alone: the cli is released with it at 0.2.0; the plugins are not touched.
    repo.commit('feat(core): streaming', { 'packages/core/src/acme_core/stream.py': 'ON = True\n' });
    const fixed = await cut('final');
    expect(fixed.outputs.tags).toBe('acme-core-v0.2.0 acme-cli-v0.2.0');
    expect(fixed.stdout).toMatch(/acme-cli .*0\.2\.0 .*version group acme \(fixed\)/);
    const cliLog = repo.originFile('acme-cli-v0.2.0', 'packages/cli/CHANGELOG.md');
    expect(cliLog).toMatch(
      /## 0\.2\.0 \([-\d]+\)\n\nNo changes of its own: released with version group acme\./,
    );
    for (const tag of ['acme-core-v0.2.0', 'acme-cli-v0.2.0']) {
      const lock = repo.originFile(tag, 'uv.lock');
      expect([tag, lock]).toEqual([tag, expect.stringContaining('name = "acme-core"\nversion = "0.2.0"')]);
      expect([tag, uvTool.run(repo.checkoutTag(tag), 'lock', '--check').code]).toEqual([tag, 0]);
    }
    expect(repo.originFile('acme-cli-v0.2.0', 'uv.lock')).toContain('name = "acme-cli"\nversion = "0.2.0"');

    // Linked: a fix in plug-a and a feature in plug-b: both at 0.2.0; a fix in plug-a alone: 0.2.1 alone.
    repo.commit('fix(a): x', { 'plugins/a/src/plug_a/x.py': 'X = 1\n' });
    repo.commit('feat(b): y', { 'plugins/b/src/plug_b/y.py': 'Y = 1\n' });
    expect((await cut('final')).outputs.tags).toBe('plug-a-v0.2.0 plug-b-v0.2.0');
    repo.commit('fix(a): z', { 'plugins/a/src/plug_a/z.py': 'Z = 1\n' });
    expect((await cut('final')).outputs.tags).toBe('plug-a-v0.2.1');

    // rc: a fix in the cli releases both at the group's next rc.
    repo.commit('fix(cli): help text', { 'packages/cli/src/acme_cli/help.py': 'H = 1\n' });
    const rc = await cut('rc');
    expect(rc.outputs.tags).toBe('acme-core-v0.2.1rc1 acme-cli-v0.2.1rc1');
    expect(JSON.parse(rc.outputs.released).map((r: { channel: string }) => r.channel)).toEqual(['rc', 'rc']);

    // Built at their tags, every member's files carry the group's version.
    for (const tag of ['acme-cli-v0.2.0', 'acme-core-v0.2.1rc1', 'acme-cli-v0.2.1rc1']) {
      const built = await runAction('publish-from-tag', {
        cwd: repo.checkoutTag(tag),
        inputs: { tag, expect: 'any', 'dry-run': 'true', 'build-command': 'python -m build --no-isolation' },
        env: { PATH: PATH_WITH_TOOLS },
      });
      expect([tag, built.code, annotations(built.stdout, 'error')]).toEqual([tag, 0, []]);
      const version = tag.replace(/^.*-v/, '');
      expect([tag, built.outputs.version, built.outputs.files.split(' ').length]).toEqual([tag, version, 2]);
      expect(built.outputs.files).toContain(`-${version}.tar.gz`);
    }
  });

  it("asks the index for the group's version: a member's own version there holds nothing", async () => {
    // Found by review: a fixed group was held when a member's own (never planned) version was on the
    // index, once another package's version there made the plan ask again.
    const index = await new PyPIServer().start();
    const ws = Monorepo.create([
      { path: 'libs/core', name: 'core', version: '0.1.0' },
      { path: 'libs/cli', name: 'cli', version: '0.1.0' },
      { path: 'libs/other', name: 'other', version: '0.1.0' },
    ]);
    try {
      ws.commit('chore: one product', {
        'pyrelease.toml': '[[groups]]\nname = "acme"\npackages = ["core", "cli"]\n',
      });
      const cutFinal = (url: string) => {
        ws.git('checkout', '--quiet', 'test');
        ws.git('push', '--quiet', 'origin', 'test');
        return runAction('cut-release', {
          cwd: ws.work,
          inputs: {
            mode: 'final',
            'base-branch': 'test',
            'release-branch': 'release',
            'create-github-release': 'false',
            'repository-url': url,
          },
          env: { GITHUB_SHA: ws.git('rev-parse', 'HEAD') },
        });
      };
      expect((await cutFinal('none')).outputs.tags).toBe('cli-v0.1.0 core-v0.1.0 other-v0.1.0');
      ws.git('checkout', '--quiet', 'test');
      ws.commit('fix(core): a', { 'libs/core/src/core/a.py': 'a = 1\n' });
      ws.commit('feat(cli): b', { 'libs/cli/src/cli/b.py': 'b = 1\n' });
      ws.commit('fix(other): c', { 'libs/other/src/other/c.py': 'c = 1\n' });
      // core 0.1.1 and other 0.1.1 were uploaded from elsewhere; the group's 0.2.0 is free.
      for (const file of ['core-0.1.1.tar.gz', 'other-0.1.1.tar.gz'])
        writeFileSync(join(index.packages, file), 'sdist\n');
      const run = await cutFinal(`${index.url}/`);
      expect([run.code, run.outputs.tags]).toEqual([0, 'cli-v0.2.0 core-v0.2.0']);
      const warnings = annotations(run.stdout, 'warning');
      expect(warnings).toContainEqual(
        expect.stringMatching(/^other: not released: 0\.1\.1 is on .* already/),
      );
      expect(warnings.filter((w) => w.includes('version group'))).toEqual([]);
    } finally {
      ws.cleanup();
      await index.stop();
    }
  });
});
