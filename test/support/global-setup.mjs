// Jest global setup: a cached venv with pypiserver, build, twine and hatchling, so `npm test` works on a
// fresh machine. Rebuilt only when test/support/python-requirements.txt changes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const VENV = join(root, '.cache', 'py-venv');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`test setup: ${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export default function globalSetup() {
  const requirements = join(root, 'test/support/python-requirements.txt');
  const wanted = readFileSync(requirements, 'utf8');
  const marker = join(VENV, '.pyrelease-requirements');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
  rmSync(VENV, { recursive: true, force: true });
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('test setup: the tests need python3 on PATH');
  process.stderr.write(`test setup: creating ${VENV} (pypiserver, build, twine, hatchling)\n`);
  run(python, ['-m', 'venv', VENV]);
  run(join(VENV, 'bin/python'), [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-r',
    requirements,
  ]);
  writeFileSync(marker, wanted);
}
