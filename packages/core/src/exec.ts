import { spawn } from 'node:child_process';
import { oneLine, UserError } from './errors.js';
import { childEnvironment } from './exec/environment.js';

export { childEnvironment, isStepSecret } from './exec/environment.js';

/** A command that failed: the message carries the command line and what it printed on stderr. */
export class CommandError extends UserError {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    reason?: string,
    readonly stdout = '',
  ) {
    const detail = reason ?? (stderr.trim() || `exit code ${exitCode}`);
    super(`${command} ${args.join(' ')} failed: ${oneLine(detail)}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  readonly cwd?: string;
  /** Written to stdin. */
  readonly input?: string | Buffer;
  /**
   * Added to the environment every child gets (childEnvironment(): pyrelease's own without the step's
   * secrets), for this one command: the credentials it alone needs.
   */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Kills the command and fails after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Exit codes that are answers rather than failures. */
  readonly okExitCodes?: readonly number[];
  /** The name the error message gives the command (e.g. `git` rather than a path). */
  readonly displayName?: string;
}

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs a program with an argument array, never through a shell, in the environment of
 * childEnvironment() plus the command's own `extraEnv`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const name = options.displayName ?? command;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...childEnvironment(), ...options.extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    // Set once the command itself has exited; its pipes may stay open longer (below).
    let exited: { code: number | null } | null = null;
    // A child of the command (git's transport helper, ssh, a hook's background job) may hold our pipes
    // open after the command is gone: then the command's exit, not the pipes' close, ends the wait.
    const stopWaitingForPipes = () =>
      setImmediate(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(exited?.code ?? null);
      });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          // The command finished in time and only its pipes are held: that is its answer, not a timeout.
          if (exited) return stopWaitingForPipes();
          timedOut = true;
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 2000).unref();
        }, options.timeoutMs)
      : null;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new CommandError(name, args, null, '', `could not start ${name} (${error.message})`));
    });
    child.on('exit', (code) => {
      exited = { code };
      if (timedOut) stopWaitingForPipes();
    });
    child.on('close', (code) => finish(code));
    let settled = false;
    function finish(code: number | null): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(
          new CommandError(
            name,
            args,
            code,
            stderr,
            `timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`,
          ),
        );
      } else if (code === 0 || (code !== null && options.okExitCodes?.includes(code))) {
        resolve({ stdout: Buffer.concat(out), stderr, exitCode: code });
      } else {
        reject(new CommandError(name, args, code, stderr, undefined, Buffer.concat(out).toString('utf8')));
      }
    }
    // The command may exit before reading all of stdin; the close handler reports the outcome.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
