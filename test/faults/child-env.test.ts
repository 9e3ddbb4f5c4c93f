import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, runAction } from '../support/action-runner.js';
import { PATH_WITH_TOOLS } from '../support/python.js';
import { git, Monorepo } from '../support/repo.js';

// A build runs third-party code from the index (the backend and everything it imports). Here the
// backend is the project's own: it writes its whole environment to a file before hatchling builds, as a
// malicious one would send it away. None of the step's secrets may be in it.
const SECRETS: Record<string, string> = {
  INPUT_TOKEN: 'ghs_UmbrellaInputToken0123456789',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-RequestTokenOfTheRunner4567',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example/oidc-RequestUrl8910?api-version=2.0',
  ACTIONS_RUNTIME_TOKEN: 'runtime-TokenOfTheRunnerAbcdef',
  ACTIONS_RUNTIME_URL: 'https://pipelines.example/runtime-Url-ghijk/',
  ACTIONS_RESULTS_URL: 'https://results.example/results-Url-lmnop/',
  GITHUB_TOKEN: 'ghs_JobTokenInTheEnvironmentQrstuv',
  PYRELEASE_TOKEN: 'ghp_CliTokenOfPyrelease112233',
  PYRELEASE_PASSWORD: 'pypi-CliPasswordOfPyrelease445566',
  TWINE_PASSWORD: 'pypi-OuterTwinePassword778899',
};
const PASSWORD = 'pypi-PasswordInputOfTheStep998877';
const MARKER = 'harmless-marker-of-the-step-42';
const TAG = 'dumper-v0.1.0';

let repo: Monorepo;
let dumpDir: string;
const dirs: string[] = [];

/** The backend: hatchling's hooks, each writing the environment as one JSON line first. */
function dumpBackend(dump: string): string {
  return `import json
import os

from hatchling.build import *  # noqa: F401,F403 (the hooks build does not wrap)
from hatchling import build as _hatchling


def _dump(hook):
    with open(${JSON.stringify(dump)}, "a", encoding="utf-8") as f:
        f.write(json.dumps({"by": hook, "env": dict(os.environ)}) + "\\n")


def build_sdist(sdist_directory, config_settings=None):
    _dump("build_sdist")
    return _hatchling.build_sdist(sdist_directory, config_settings)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _dump("build_wheel")
    return _hatchling.build_wheel(wheel_directory, config_settings, metadata_directory)
`;
}

/** A custom build-command: dumps what it was given, then builds into its own dist/. */
function dumpCommand(dump: string): string {
  return `import json, os, subprocess, sys

with open(${JSON.stringify(dump)}, "a", encoding="utf-8") as f:
    f.write(json.dumps({"by": "build-command", "env": dict(os.environ)}) + "\\n")
sys.exit(subprocess.call([sys.executable, "-m", "build", "--outdir", "dist"]))
`;
}

beforeAll(() => {
  dumpDir = mkdtempSync(join(tmpdir(), 'pyrelease-env-dump-'));
  dirs.push(dumpDir);
  repo = Monorepo.create([{ path: 'libs/dumper', name: 'dumper', version: '0.1.0' }]);
  repo.commit('build: a backend that shows what it sees', {
    'libs/dumper/pyproject.toml': `[project]\nname = "dumper"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = ["hatchling"]\nbackend-path = ["."]\nbuild-backend = "dump_backend"\n`,
    'libs/dumper/dump_backend.py': dumpBackend(join(dumpDir, 'backend.jsonl')),
    'libs/dumper/dump_command.py': dumpCommand(join(dumpDir, 'command.jsonl')),
  });
  repo.git('tag', TAG);
  repo.git('push', '--quiet', 'origin', 'test', TAG);
});
afterAll(() => {
  repo.cleanup();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function checkoutTag(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-env-checkout-'));
  dirs.push(dir);
  git(dir, ['clone', '--quiet', repo.origin, dir]);
  git(dir, ['checkout', '--quiet', '--detach', TAG]);
  return dir;
}

/** Every environment written to `file`, with who wrote it. */
function dumps(file: string): { by: string; env: Record<string, string> }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { by: string; env: Record<string, string> });
}

/** What of the step's secrets an environment holds: names and values, each as `where: what`. */
function secretsIn(dump: { by: string; env: Record<string, string> }): string[] {
  const values = [...Object.values(SECRETS), PASSWORD];
  return Object.entries(dump.env).flatMap(([name, value]) => [
    ...(/^(INPUT_|ACTIONS_ID_TOKEN_REQUEST_)/i.test(name) || name in SECRETS ? [`${dump.by}: ${name}`] : []),
    ...values.filter((v) => value.includes(v)).map((v) => `${dump.by}: ${name} holds ${v}`),
  ]);
}

function publish(cwd: string, inputs: Record<string, string>) {
  return runAction('publish-from-tag', {
    runtime: 'node24',
    cwd,
    inputs: { tag: TAG, password: PASSWORD, 'dry-run': 'true', ...inputs },
    env: { PATH: PATH_WITH_TOOLS, PYRELEASE_TEST_MARKER: MARKER, ...SECRETS },
  });
}

describe('the build sees none of the step’s secrets', () => {
  it('python -m build: its backend gets the environment without inputs, runner tokens or passwords', async () => {
    const run = await publish(checkoutTag(), {});
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.files).toBe('dumper-0.1.0-py3-none-any.whl dumper-0.1.0.tar.gz');
    const seen = dumps(join(dumpDir, 'backend.jsonl'));
    expect(seen.map((d) => d.by).sort()).toEqual(['build_sdist', 'build_wheel']);
    // The dump is the real environment: what the step set and is no secret arrives.
    for (const dump of seen) expect([dump.by, dump.env.PYRELEASE_TEST_MARKER]).toEqual([dump.by, MARKER]);
    expect(seen.flatMap(secretsIn)).toEqual([]);
  });

  it('a custom build-command, and the build it starts', async () => {
    const run = await publish(checkoutTag(), { 'build-command': 'python dump_command.py' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    const seen = dumps(join(dumpDir, 'command.jsonl'));
    expect(seen.map((d) => d.by)).toEqual(['build-command']);
    expect(seen[0].env.PYRELEASE_TEST_MARKER).toBe(MARKER);
    expect(seen.flatMap(secretsIn)).toEqual([]);
    // The build it started ran the backend again (sdist, then the wheel from it), just as clean.
    const backend = dumps(join(dumpDir, 'backend.jsonl'));
    expect(backend).toHaveLength(4);
    expect(backend.flatMap(secretsIn)).toEqual([]);
  });
});
