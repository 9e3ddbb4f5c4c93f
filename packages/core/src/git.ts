import { runCommand, startCommand, type RunOptions, type RunResult } from './exec.js';
import { CAT_FILE_BATCH, CatFileBatch } from './git-batch.js';

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
  /** Open while keepReading() runs: every readBlobs() of that time goes to this one process. */
  private batch: { current: CatFileBatch | null } | null = null;

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
      extraEnv: this.envFor(options.env),
    });
  }

  /**
   * The contents of `<rev>:<path>` specs (null for those that are missing or not files), read by
   * `git cat-file --batch`: the one kept open by keepReading(), or one started for this read alone.
   */
  async readBlobs(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    if (specs.length === 0) return new Map();
    if (this.batch) {
      this.batch.current ??= this.startBatch();
      return this.batch.current.read(specs);
    }
    const batch = this.startBatch();
    try {
      return await batch.read(specs);
    } finally {
      await batch.close().catch(() => {});
    }
  }

  /**
   * Runs `work` with one `git cat-file --batch` serving all its reads (started at the first), so that a
   * plan reads its files in phases with one process; nested calls share the outer one.
   */
  async keepReading<T>(work: () => Promise<T>): Promise<T> {
    if (this.batch) return work();
    const batch: { current: CatFileBatch | null } = { current: null };
    this.batch = batch;
    try {
      return await work();
    } finally {
      this.batch = null;
      await batch.current?.close().catch(() => {});
    }
  }

  private startBatch(): CatFileBatch {
    this.processCount += 1;
    return new CatFileBatch(
      startCommand('git', CAT_FILE_BATCH, { cwd: this.cwd, extraEnv: this.envFor(undefined) }),
    );
  }

  private envFor(env: Readonly<Record<string, string>> | undefined): Record<string, string> {
    // Parseable messages, and never a prompt for credentials in a job that nobody watches.
    return { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...this.baseEnv, ...env };
  }

  /** stdout as UTF-8 text without the trailing newline. */
  async text(args: readonly string[], options?: GitRunOptions): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
  }
}
