import { CommandError } from './exec/command-error.js';
import { childEnvironment } from './exec/environment.js';
import { forgetChild, startInGroup, stoppingSignal } from './exec/process-group.js';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { watch, type Outcome } from './exec/watch.js';

export { CommandError } from './exec/command-error.js';
export { childEnvironment, isStepSecret } from './exec/environment.js';
export {
  DEFAULT_MAX_OUTPUT_BYTES,
  formatBytes,
  LOG_HEAD_BYTES,
  LOG_TAIL_BYTES,
} from './exec/output-buffer.js';
export { cleanUpOnStop, KILL_GRACE_MS, STOP_GRACE_MS } from './exec/process-group.js';
export { PIPE_GRACE_MS } from './exec/watch.js';

export interface RunOptions {
  readonly cwd?: string;
  /** Written to stdin. */
  readonly input?: string | Buffer;
  /**
   * Added to the environment every child gets (childEnvironment(): pyrelease's own without the step's
   * secrets), for this one command: the credentials it alone needs.
   */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Kills the command's process group and fails after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Exit codes that are answers rather than failures. */
  readonly okExitCodes?: readonly number[];
  /** The name the error message gives the command (e.g. `git` rather than a path). */
  readonly displayName?: string;
  /**
   * `data` (the default): stdout is the answer, kept whole up to `maxOutputBytes`; past it the command is
   * stopped and fails. `log`: stdout is only shown, kept as its first and last 64 KiB. stderr is a log.
   */
  readonly stdout?: 'data' | 'log';
  /** The most stdout a `data` command may print (default DEFAULT_MAX_OUTPUT_BYTES, 256 MiB). */
  readonly maxOutputBytes?: number;
}

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Who hears of each command as it starts (the CLI's --verbose); null: nobody. */
let commandTrace: ((command: string, args: readonly string[]) => void) | null = null;

/**
 * Tells `trace` of every command pyrelease starts from now on (null: stop). Only the program and its
 * arguments, which never hold a secret: credentials travel in the environment of the one command
 * that needs them.
 */
export function traceCommands(trace: ((command: string, args: readonly string[]) => void) | null): void {
  commandTrace = trace;
}

/** A cancelled run starts nothing new: no retry of a push, no next step. */
function refuseWhileStopping(name: string, args: readonly string[]): void {
  const stopping = stoppingSignal();
  if (stopping)
    throw new CommandError(name, args, null, '', `not started: pyrelease is stopping (${stopping})`);
}

/**
 * Runs a program with an argument array, never through a shell, in its own process group and with the
 * environment of childEnvironment(). A command pyrelease stops, and everything it started, is killed.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const name = options.displayName ?? command;
  refuseWhileStopping(name, args);
  commandTrace?.(command, args);
  let outcome: Outcome;
  try {
    const env = { ...childEnvironment(), ...options.extraEnv };
    outcome = await watch(startInGroup(command, args, options.cwd, env), options);
  } catch (error) {
    throw new CommandError(name, args, null, '', `could not start ${name} (${(error as Error).message})`);
  }
  const { exit, stdout, stderr, stopped } = outcome;
  if (stopped) throw new CommandError(name, args, exit.code, stderr, stopped, '', exit.signal);
  if (exit.code === 0 || (exit.code !== null && options.okExitCodes?.includes(exit.code)))
    return { stdout, stderr, exitCode: exit.code };
  throw new CommandError(name, args, exit.code, stderr, undefined, stdout.toString('utf8'), exit.signal);
}

/** A command pyrelease talks to over its pipes for as long as it needs it. */
export interface LiveCommand {
  readonly child: ChildProcessWithoutNullStreams;
  /** Call once the command has ended: a stop signal no longer waits for it. */
  readonly forget: () => void;
}

/**
 * Starts a long-lived command (git cat-file --batch) under the rules runCommand keeps: an argument
 * array, its own process group that a stop signal reaches, the environment without the step's secrets.
 * The caller reads its pipes and ends it.
 */
export function startCommand(
  command: string,
  args: readonly string[],
  options: Pick<RunOptions, 'cwd' | 'extraEnv' | 'displayName'> = {},
): LiveCommand {
  refuseWhileStopping(options.displayName ?? command, args);
  commandTrace?.(command, args);
  const child = startInGroup(command, args, options.cwd, { ...childEnvironment(), ...options.extraEnv });
  return { child, forget: () => forgetChild(child) };
}
