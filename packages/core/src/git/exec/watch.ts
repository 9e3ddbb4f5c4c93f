import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  DataBuffer,
  DEFAULT_MAX_OUTPUT_BYTES,
  formatBytes,
  LogBuffer,
  type OutputBuffer,
} from './output-buffer.js';
import { forgetChild, terminateGroup } from './process-group.js';

/**
 * How long pyrelease waits for the pipes once the command has exited: a child of it (ssh, git's transport
 * helper, a hook's background job) may hold them open for as long as it lives.
 */
export const PIPE_GRACE_MS = 500;

export interface WatchOptions {
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
  readonly stdout?: 'data' | 'log';
  readonly maxOutputBytes?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Outcome {
  readonly exit: Exit;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** Why pyrelease stopped the command (its time limit, its output limit); null when it ended alone. */
  readonly stopped: string | null;
}

/**
 * Collects a running command's output and answers once it is over: when its pipes close, or a moment
 * after it exited while something else still holds them. Rejects only when it could not start.
 */
export function watch(child: ChildProcessWithoutNullStreams, options: WatchOptions): Promise<Outcome> {
  return new Promise((resolve, reject) => new CommandWatch(child, options, resolve, reject).start());
}

class CommandWatch {
  private readonly out: OutputBuffer;
  private readonly err = new LogBuffer();
  private readonly limit: number;
  private stopped: string | null = null;
  private exit: Exit | null = null;
  /** Counts reads, so the grace after the exit restarts while output still arrives. */
  private reads = 0;
  private settled = false;
  private timer: NodeJS.Timeout | null = null;
  private grace: NodeJS.Timeout | null = null;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly options: WatchOptions,
    private readonly resolve: (outcome: Outcome) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.out = options.stdout === 'log' ? new LogBuffer() : new DataBuffer(this.limit);
  }

  start(): void {
    const { child, options } = this;
    if (options.timeoutMs)
      this.timer = setTimeout(() => this.onTimeout(options.timeoutMs ?? 0), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      this.reads += 1;
      if (!this.stopped && !this.out.add(chunk))
        this.stop(
          `printed more than ${formatBytes(this.limit)} on stdout, the most pyrelease reads from one command`,
        );
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.reads += 1;
      this.err.add(chunk);
    });
    child.on('error', (error) => {
      // Also emitted when a kill fails; only a command without a pid never started.
      if (child.pid === undefined && this.settle()) this.reject(error);
    });
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      if (this.stopped) this.stopWaiting();
      else this.awaitPipes();
    });
    child.on('close', (code, signal) => this.finish({ code, signal }));
    // The command may exit before reading all of stdin; the close handler reports the outcome.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  }

  private onTimeout(timeoutMs: number): void {
    // The command finished in time and only its pipes are held: that is its answer, not a timeout.
    if (this.exit) this.stopWaiting();
    else this.stop(`timed out after ${Math.round(timeoutMs / 1000)} s`);
  }

  /** Kills the command's whole group; its exit then ends the wait, whatever still holds the pipes. */
  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    terminateGroup(this.child);
  }

  private awaitPipes(): void {
    const seen = this.reads;
    // A busy event loop must not cut off what the command printed just before it exited.
    this.grace = setTimeout(
      () =>
        setImmediate(() => !this.settled && (this.reads === seen ? this.stopWaiting() : this.awaitPipes())),
      PIPE_GRACE_MS,
    );
  }

  /** setImmediate runs after the event loop's poll phase: data already in the pipes is read first. */
  private stopWaiting(): void {
    setImmediate(() => {
      this.child.stdout.destroy();
      this.child.stderr.destroy();
      this.finish(this.exit ?? { code: null, signal: null });
    });
  }

  private finish(last: Exit): void {
    if (!this.settle()) return;
    this.resolve({
      exit: this.exit ?? last,
      stdout: this.out.contents(),
      stderr: this.err.contents().toString('utf8'),
      stopped: this.stopped,
    });
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    // Neither timer may keep the process alive once the command has its answer.
    if (this.timer) clearTimeout(this.timer);
    if (this.grace) clearTimeout(this.grace);
    forgetChild(this.child);
    return true;
  }
}
