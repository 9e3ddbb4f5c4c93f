import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../git/exec.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { waitingFor } from '../progress.js';

/** A tool publish-from-tag runs with `python -m`: its name on the index and its module. */
export interface PythonTool {
  readonly pip: string;
  readonly module: string;
}

/** `build` and `twine`: what every publish runs. */
export const PUBLISH_TOOLS: readonly PythonTool[] = [
  { pip: 'build', module: 'build' },
  { pip: 'twine', module: 'twine' },
];

/** An import probe is instant; one that hangs (a broken interpreter, a stuck site hook) must not. */
export const IMPORT_PROBE_TIMEOUT_MS = 2 * 60_000;
/** `python -m venv` copies pip into the venv: seconds, minutes on a slow disk. */
export const VENV_TIMEOUT_MS = 5 * 60_000;
/** pip downloads build and twine with their dependencies from the index. */
export const PIP_INSTALL_TIMEOUT_MS = 10 * 60_000;

async function canImport(python: string, modules: readonly string[]): Promise<boolean> {
  const result = await runCommand(python, ['-c', `import ${modules.join(', ')}`], {
    okExitCodes: [1],
    stdout: 'log',
    timeoutMs: IMPORT_PROBE_TIMEOUT_MS,
  }).catch(() => null);
  return result?.exitCode === 0;
}

/**
 * A Python that can import build and twine (and `extra` tools): the one on PATH when it can, else a
 * venv under `tempDir` where they are installed. The user's own environment is never changed.
 */
export async function pythonWithTools(
  tempDir: string,
  logger: Logger,
  extra: readonly PythonTool[] = [],
): Promise<string> {
  const tools = [...PUBLISH_TOOLS, ...extra];
  const modules = tools.map((t) => t.module);
  let found: string | null = null;
  for (const candidate of ['python3', 'python']) {
    if (await canImport(candidate, ['sys'])) {
      found = candidate;
      break;
    }
  }
  if (!found)
    throw new UserError('no python3 or python on PATH: add actions/setup-python before publish-from-tag');
  if (await canImport(found, modules)) return found;

  const venv = join(tempDir, 'pyrelease-python');
  const python =
    process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
  if (existsSync(python) && (await canImport(python, modules))) return python;
  logger.info(
    `${found} cannot import ${modules.join(', ')}: installing ${tools.map((t) => t.pip).join(', ')} into a private venv at ${venv}`,
  );
  await waitingFor(logger, { doing: `installing ${tools.map((t) => t.pip).join(', ')}` }, async () => {
    if (!existsSync(python))
      await runCommand(found, ['-m', 'venv', venv], { stdout: 'log', timeoutMs: VENV_TIMEOUT_MS });
    await runCommand(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...tools.map((t) => t.pip)],
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
