import type { ApiCheckMode } from '../../core/src/index.js';
import { parseArgs } from 'node:util';
import { nearestWord } from '../../core/src/index.js';
import { COMMON_OPTIONS, parseArgsOptions, type CliCommand } from './usage.js';

/** The command line as the CLI reads it: where the command and `-C` stand, options, usage errors. */

/** Bad flags: a one-line message and exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: CliCommand | null = null,
  ) {
    super(message);
  }
}

/**
 * `-C <dir>` (or `--cwd`) before the command, as `git -C` takes it, moved after it: `pyrelease -C repo
 * plan` is `pyrelease plan -C repo`. Given on both sides, a usage error.
 */
export function commandFirst(argv: readonly string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  for (;;) {
    const arg = argv[i];
    if (arg === '-C' || arg === '--cwd') {
      if (argv[i + 1] === undefined) throw new UsageError(`option ${arg} needs a folder`);
      leading.push(argv[i + 1]);
      i += 2;
    } else if (arg?.startsWith('--cwd=') || (arg?.startsWith('-C') && arg.length > 2)) {
      leading.push(arg.startsWith('--cwd=') ? arg.slice('--cwd='.length) : arg.slice(2));
      i += 1;
    } else break;
  }
  if (leading.length === 0) return [...argv];
  const rest = argv.slice(i);
  if (
    leading.length > 1 ||
    rest.some((a) => a === '-C' || a === '--cwd' || a.startsWith('--cwd=') || /^-C./.test(a))
  ) {
    throw new UsageError('-C (--cwd) is given more than once: give the repository once');
  }
  return [...rest.slice(0, 1), '--cwd', leading[0], ...rest.slice(1)];
}

export function isParseArgsError(error: unknown): boolean {
  // Checked by code, not by class: the TypeError may come from another realm (e.g. under a test runner).
  return String((error as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS');
}

/** ` (did you mean x?)` for the known word nearest `word`, or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const near = nearestWord(word, known);
  return near ? ` (did you mean ${near}?)` : '';
}

/** parseArgs explains at length; the CLI names the option in one line. */
export function usageMessage(error: Error, command: CliCommand | null): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const known = command ? Object.keys({ ...command.options, ...COMMON_OPTIONS }).map((o) => `--${o}`) : [];
    return `unknown option ${option}${didYouMean(option, known)}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(error.message) ? `${option} needs a value` : `${option} takes no value`;
  }
  return error.message.split('\n', 1)[0];
}

export function parse(args: readonly string[], command: CliCommand) {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: parseArgsOptions(command),
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  return values;
}

export function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

export type Values = ReturnType<typeof parse>;

export function required(values: Values, name: string): string {
  const value = str(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** `--api-check` (its values are checked with the other options'); absent: the configuration's. */
export function apiCheckOption(values: Values): ApiCheckMode | undefined {
  return str(values, 'api-check') as ApiCheckMode | undefined;
}
