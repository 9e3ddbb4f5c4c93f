import { spawn } from 'node:child_process';
import { oneLine, UserError } from './errors.js';

/** A git command that failed: the message carries the command and what git printed on stderr. */
export class GitError extends UserError {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    reason?: string,
  ) {
    const detail = reason ?? (stderr.trim() || `exit code ${exitCode}`);
    super(`git ${args.join(' ')} failed: ${oneLine(detail)}`);
    this.name = 'GitError';
  }
}

export interface GitRunOptions {
  /** Written to git's stdin (e.g. revisions for `--stdin`, object names for `cat-file --batch`). */
  readonly input?: string | Buffer;
  /** Extra environment for this one command only (e.g. credentials through GIT_CONFIG_*). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills git and fails after this many milliseconds (network commands must not hang a job). */
  readonly timeoutMs?: number;
  /** Exit codes that are answers rather than failures (e.g. 1 for `rev-parse --verify --quiet`). */
  readonly okExitCodes?: readonly number[];
}

export interface GitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs git with an argument array, never through a shell. Counts the processes it starts, so tests and
 * benchmarks can hold the number of git calls independent of the number of packages.
 */
export class Git {
  processCount = 0;

  constructor(
    readonly cwd: string,
    private readonly baseEnv: Readonly<Record<string, string>> = {},
  ) {}

  async run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    this.processCount += 1;
    const env = {
      ...process.env,
      // Parseable messages, and never a prompt for credentials in a job that nobody watches.
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      ...this.baseEnv,
      ...options.env,
    };
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...args], { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 2000).unref();
          }, options.timeoutMs)
        : null;
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => {
        if (timer) clearTimeout(timer);
        reject(new GitError(args, null, '', `could not start git (${error.message})`));
      });
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('utf8');
        if (timedOut) {
          reject(
            new GitError(
              args,
              code,
              stderr,
              `timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`,
            ),
          );
        } else if (code === 0 || (code !== null && options.okExitCodes?.includes(code))) {
          resolve({ stdout: Buffer.concat(out), stderr, exitCode: code });
        } else {
          reject(new GitError(args, code, stderr));
        }
      });
      // git may exit before reading all of stdin (e.g. on a bad revision); the close handler reports it.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input ?? '');
    });
  }

  /** stdout as UTF-8 text without the trailing newline. */
  async text(args: readonly string[], options?: GitRunOptions): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
  }
}
