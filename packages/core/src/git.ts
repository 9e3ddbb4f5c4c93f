import { runCommand, type RunOptions, type RunResult } from './exec.js';

export interface GitRunOptions {
  /** Written to git's stdin (e.g. revisions for `--stdin`, object names for `cat-file --batch`). */
  readonly input?: string | Buffer;
  /** Extra environment for this one command only (e.g. credentials through GIT_CONFIG_*). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills git and fails after this many milliseconds (network commands must not hang a job). */
  readonly timeoutMs?: number;
  /** Exit codes that are answers rather than failures (e.g. 1 for `rev-parse --verify --quiet`). */
  readonly okExitCodes?: readonly number[];
  /** git's stdout is its answer (`data`, kept whole up to the output limit) unless said otherwise. */
  readonly stdout?: RunOptions['stdout'];
}

export type GitResult = RunResult;

/**
 * Runs git with an argument array, never through a shell, in the environment every child gets (without
 * the step's secrets) plus this Git's and this command's own variables. Counts the processes it starts,
 * so tests and benchmarks can hold the number of git calls independent of the number of packages.
 */
export class Git {
  processCount = 0;

  constructor(
    readonly cwd: string,
    private readonly baseEnv: Readonly<Record<string, string>> = {},
  ) {}

  run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    this.processCount += 1;
    return runCommand('git', args, {
      cwd: this.cwd,
      input: options.input,
      timeoutMs: options.timeoutMs,
      okExitCodes: options.okExitCodes,
      stdout: options.stdout ?? 'data',
      // Parseable messages, and never a prompt for credentials in a job that nobody watches.
      extraEnv: { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...this.baseEnv, ...options.env },
    });
  }

  /** stdout as UTF-8 text without the trailing newline. */
  async text(args: readonly string[], options?: GitRunOptions): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
  }
}
