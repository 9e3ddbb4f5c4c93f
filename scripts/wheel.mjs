// Builds the pyrelease wheel (python/, holding the committed dist/cli bundle) into .cache/wheel/ on a
// fresh machine: with uv when it is on PATH (`uv build`, its cached build environment), else in a
// private virtual environment made here with the pinned `build` from PyPI. Says which one it used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const OUT = '.cache/wheel';
const VENV = '.cache/wheel-venv';
const BUILD = 'build==1.6.1';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) return false;
  return result.status === 0;
}

function onPath(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

if (!existsSync('dist/cli/index.js')) {
  console.error('wheel: dist/cli/index.js is missing: run npm run bundle first');
  process.exit(1);
}
if (onPath('uv')) {
  console.log('wheel: building with uv build');
  process.exit(run('uv', ['build', '--wheel', '--out-dir', OUT, 'python']) ? 0 : 1);
}
const python = ['python3', 'python'].find(onPath);
if (!python) {
  console.error('wheel: needs uv or Python 3.9+ on PATH (https://docs.astral.sh/uv/ installs uv)');
  process.exit(1);
}
const bin = join(VENV, process.platform === 'win32' ? 'Scripts' : 'bin');
if (!existsSync(join(bin, 'python')) && !existsSync(join(bin, 'python.exe'))) {
  console.log(`wheel: making ${VENV} with ${BUILD} from PyPI`);
  if (
    !run(python, ['-m', 'venv', VENV]) ||
    !run(join(bin, 'python'), ['-m', 'pip', 'install', '--quiet', BUILD])
  ) {
    console.error(`wheel: could not make ${VENV} with ${BUILD}`);
    process.exit(1);
  }
}
console.log(`wheel: building with python -m build (${VENV})`);
process.exit(run(join(bin, 'python'), ['-m', 'build', '--wheel', '--outdir', OUT, 'python']) ? 0 : 1);
