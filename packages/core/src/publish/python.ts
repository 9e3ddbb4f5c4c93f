import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../git/exec.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { waitingFor } from '../progress.js';

/** A tool pyrelease runs with `python -m` or imports: its requirement on the index and its module. */
export interface PythonTool {
  readonly pip: string;
  readonly module: string;
  /** The version it must have, when another one could answer differently (griffe's findings). */
  readonly version?: string;
}

/** `build` and `twine`: what every publish runs. */
export const PUBLISH_TOOLS: readonly PythonTool[] = [
  { pip: 'build', module: 'build' },
  { pip: 'twine', module: 'twine' },
];

/**
 * The user's own cache folder for pyrelease (`$XDG_CACHE_HOME/pyrelease`, else `~/.cache/pyrelease`):
 * where the private venv goes off a runner (the CLI, the library). Never the shared temporary folder,
 * where another user of the machine could put a `python` first.
 */
export function userCacheDir(): string {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pyrelease');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** An import probe is instant; one that hangs (a broken interpreter, a stuck site hook) must not. */
export const IMPORT_PROBE_TIMEOUT_MS = 2 * 60_000;
/** `python -m venv` copies pip into the venv: seconds, minutes on a slow disk. */
export const VENV_TIMEOUT_MS = 5 * 60_000;
/** pip downloads build and twine with their dependencies from the index. */
export const PIP_INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The exit code of an import probe whose Python runs but lacks a tool (or has another version). */
const LACKS_TOOLS = 3;

/**
 * What one start of `python` says: `tools` when it imports every tool (each at its pinned version if
 * it has one), `python` when it runs without them, null when it does not run.
 */
async function probe(python: string, tools: readonly PythonTool[]): Promise<'tools' | 'python' | null> {
  const pinned = tools.filter((t) => t.version);
  const lines = [
    ...tools.map((t) => `import ${t.module}`),
    ...(pinned.length > 0 ? ['import importlib.metadata as m'] : []),
    ...pinned.map((t) => `assert m.version(${JSON.stringify(t.module)}) == ${JSON.stringify(t.version)}`),
  ];
  const script = [
    'import sys',
    'try:',
    ...(lines.length > 0 ? lines : ['pass']).map((l) => `    ${l}`),
    'except Exception:',
    `    sys.exit(${LACKS_TOOLS})`,
  ].join('\n');
  // -I: nothing of the working directory (a checkout), PYTHON* variables or the user's site is imported.
  const result = await runCommand(python, ['-I', '-c', script], {
    okExitCodes: [LACKS_TOOLS],
    stdout: 'log',
    timeoutMs: IMPORT_PROBE_TIMEOUT_MS,
  }).catch(() => null);
  if (result?.exitCode === 0) return 'tools';
  return result?.exitCode === LACKS_TOOLS ? 'python' : null;
}

/**
 * A Python that can import build and twine (and `extra` tools): the one on PATH when it can, else a
 * venv under `tempDir` where they are installed. The user's own environment is never changed.
 */
export function pythonWithTools(
  tempDir: string,
  logger: Logger,
  extra: readonly PythonTool[] = [],
): Promise<string> {
  return pythonWith([...PUBLISH_TOOLS, ...extra], tempDir, logger, 'publish-from-tag');
}

/**
 * A Python that can import `tools`: the one on PATH when it can, else pyrelease's private venv under
 * `tempDir`, where they are installed. `usedBy` names the step that needs it in the error for no Python.
 */
export function pythonWith(
  tools: readonly PythonTool[],
  tempDir: string,
  logger: Logger,
  usedBy: string,
): Promise<string> {
  // A process that asks again (the CLI's plan then its release, a test file's runs) probes once.
  const key = JSON.stringify([process.env.PATH, tempDir, tools]);
  const known = pythons.get(key);
  if (known) return known;
  const finding = findPython(tools, tempDir, logger, usedBy);
  pythons.set(key, finding);
  finding.catch(() => pythons.delete(key));
  return finding;
}

/** The Pythons found so far in this process, by PATH, the private venv's folder and the tools. */
const pythons = new Map<string, Promise<string>>();

async function findPython(
  tools: readonly PythonTool[],
  tempDir: string,
  logger: Logger,
  usedBy: string,
): Promise<string> {
  // One start of each Python on PATH: the first with the tools answers, else the first that runs
  // makes the private venv.
  let found: string | null = null;
  for (const candidate of ['python3', 'python']) {
    const has = await probe(candidate, tools);
    if (has === 'tools') return candidate;
    if (has === 'python') found ??= candidate;
  }
  if (!found) throw new UserError(`no python3 or python on PATH: add actions/setup-python before ${usedBy}`);

  const venv = join(tempDir, 'pyrelease-python');
  const python =
    process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
  if (existsSync(python) && (await probe(python, tools)) === 'tools') return python;
  const names = tools.map((t) => t.pip).join(', ');
  logger.info(
    `${found} cannot import ${tools.map((t) => t.module).join(', ')}: installing ${names} into a private venv at ${venv}`,
  );
  await waitingFor(logger, { doing: `installing ${names}` }, async () => {
    if (!existsSync(python))
      await runCommand(found, ['-I', '-m', 'venv', venv], { stdout: 'log', timeoutMs: VENV_TIMEOUT_MS });
    await runCommand(
      python,
      ['-I', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...tools.map((t) => t.pip)],
      { stdout: 'log', timeoutMs: PIP_INSTALL_TIMEOUT_MS },
    );
  });
  return python;
}

/**
 * A build command as an argument array: words split on spaces, with '…' and "…" quoting, never a
 * shell. A leading `python`/`python3` becomes the interpreter that has the tools.
 */
export function parseCommandLine(line: string, python: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const c of line.trim()) {
    if (quote) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new UserError(`build-command ${JSON.stringify(line)} has an unclosed ${quote} quote`);
  if (inWord) words.push(current);
  if (words.length === 0) throw new UserError('build-command is empty');
  if (words[0] === 'python' || words[0] === 'python3') words[0] = python;
  return words;
}
