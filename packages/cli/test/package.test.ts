import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, RUNTIMES } from '../../../test/support/action-runner.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};

// What `npx --yes github:OWNER/pyrelease` installs: the package as npm packs it from the repository,
// with nothing to build and no dependency to fetch.
describe('the CLI as npx installs it from the repository', () => {
  it('is the committed bundle alone, and runs from the packed files', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-pack-'));
    try {
      const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, npm_config_update_notifier: 'false' },
      });
      expect(pack.status).toBe(0);
      const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      expect(packed.files.map((f) => f.path).sort()).toEqual([
        'LICENSE',
        'README.md',
        'dist/cli/index.js',
        'dist/cli/package.json',
        'package.json',
      ]);
      expect(spawnSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir]).status).toBe(0);
      for (const runtime of Object.values(RUNTIMES)) {
        const version = spawnSync(runtime, [join(dir, 'package', pkg.bin.pyrelease), '--version'], {
          encoding: 'utf8',
        });
        expect([version.status, version.stdout.trim()]).toEqual([0, `pyrelease ${pkg.version}`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts as a user starts it: npm exec of the packed tarball and of a git+file: clone runs the bin itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-npx-'));
    // npm's own cache and prefix in the test's folder: nothing is fetched from a registry, nothing kept.
    const env = {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_cache: join(dir, 'cache'),
      npm_config_prefix: join(dir, 'prefix'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    try {
      const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
        env,
      });
      expect(pack.status).toBe(0);
      const [packed] = JSON.parse(pack.stdout) as { filename: string }[];
      const clone = join(dir, 'clone');
      expect(spawnSync('git', ['clone', '--quiet', ROOT, clone]).status).toBe(0);
      for (const spec of [join(dir, packed.filename), `git+file://${clone}`]) {
        const run = spawnSync('npm', ['exec', '--yes', `--package=${spec}`, '--', 'pyrelease', '--version'], {
          cwd: dir,
          encoding: 'utf8',
          env,
        });
        expect([spec, run.status, run.stdout.trim(), run.stderr]).toEqual([
          spec,
          0,
          `pyrelease ${pkg.version}`,
          '',
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
