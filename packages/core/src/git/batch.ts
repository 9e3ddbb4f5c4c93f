import { CommandError, DEFAULT_MAX_OUTPUT_BYTES, formatBytes, type LiveCommand } from './exec.js';

export const CAT_FILE_BATCH = ['cat-file', '--batch'] as const;

/** The kinds of object a read asks for: another kind answers null. */
export type ObjectKind = 'blob' | 'tree' | 'commit' | 'tag';

interface Request {
  readonly specs: readonly string[];
  readonly type: ObjectKind;
  readonly results: Map<string, Buffer | null>;
  next: number;
  bytes: number;
  readonly resolve: (results: Map<string, Buffer | null>) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One `git cat-file --batch` that answers several reads, one after the other: a plan reads files in
 * phases that each depend on the last (pyproject.toml files, then the version files they name, then
 * dependents' files at their previous tags, then changelogs and lock files), and one process serves
 * them all, so the number of git processes does not grow with the phases a repository's layout needs.
 */
export class CatFileBatch {
  private buffered: Buffer = Buffer.alloc(0);
  /** Chunks not yet joined to `buffered`, and their length: a large file is joined once, not per chunk. */
  private chunks: Buffer[] = [];
  private chunksLength = 0;
  /** How many bytes the answer being read needs in `buffered` (0: not known yet). */
  private need = 0;
  private request: Request | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = '';
  private failure: Error | null = null;
  private closing = false;
  private readonly closed: Promise<void>;

  constructor(
    private readonly command: LiveCommand,
    private readonly maxRequestBytes = DEFAULT_MAX_OUTPUT_BYTES,
  ) {
    const { child } = command;
    child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.chunksLength += chunk.length;
      if (this.need > 0 && this.buffered.length + this.chunksLength < this.need) return;
      this.buffered = Buffer.concat([this.buffered, ...this.chunks]);
      this.chunks = [];
      this.chunksLength = 0;
      this.parse();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 64 * 1024) this.stderr += chunk.toString('utf8');
    });
    // A write after git died fails here; the close handler says why it died.
    child.stdin.on('error', () => {});
    this.closed = new Promise((resolve) => {
      child.on('error', (error) => {
        this.fail(batchError({ reason: `could not start git (${error.message})` }));
        // A command that never started has no close event to wait for.
        if (child.pid === undefined) {
          command.forget();
          resolve();
        }
      });
      child.on('close', (code, signal) => {
        command.forget();
        if (!this.closing || this.request) this.fail(batchError({ code, stderr: this.stderr, signal }));
        resolve();
      });
    });
  }

  /** Bytes of an object name in this repository (20 for SHA-1, 32 for SHA-256), once git answered. */
  objectIdBytes = 20;

  /**
   * The contents of `<rev>:<path>` specs; null for those that do not exist or are not of `type`
   * (files, unless trees are asked for).
   */
  read(specs: readonly string[], type: ObjectKind = 'blob'): Promise<Map<string, Buffer | null>> {
    const answer = this.queue.then(() => this.send(specs, type));
    this.queue = answer.catch(() => {});
    return answer;
  }

  /** Ends git once every read has its answer. */
  async close(): Promise<void> {
    await this.queue;
    this.closing = true;
    this.command.child.stdin.end();
    await this.closed;
  }

  private send(specs: readonly string[], type: ObjectKind): Promise<Map<string, Buffer | null>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('git cat-file --batch was already closed'));
    if (specs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.request = { specs, type, results: new Map(), next: 0, bytes: 0, resolve, reject };
      this.command.child.stdin.write(specs.map((s) => `${s}\n`).join(''));
    });
  }

  /** Takes every whole answer out of what git printed so far: `<sha> <type> <size>\n<contents>\n`. */
  private parse(): void {
    const request = this.request;
    if (!request) return;
    while (request.next < request.specs.length) {
      const headerEnd = this.buffered.indexOf(0x0a);
      if (headerEnd < 0) return;
      const spec = request.specs[request.next];
      const header = this.buffered.subarray(0, headerEnd).toString('utf8');
      const match = / (blob|tree|commit|tag) (\d+)$/.exec(header);
      if (!match) {
        request.results.set(spec, null); // "<spec> missing" (or ambiguous)
        this.buffered = this.buffered.subarray(headerEnd + 1);
        request.next += 1;
        continue;
      }
      this.objectIdBytes = header.indexOf(' ') / 2;
      const size = Number(match[2]);
      if (request.bytes + size > this.maxRequestBytes) {
        this.fail(
          batchError({
            reason: `printed more than ${formatBytes(this.maxRequestBytes)} for one read, the most pyrelease reads from one command`,
          }),
        );
        this.command.child.kill('SIGTERM');
        return;
      }
      const start = headerEnd + 1;
      if (this.buffered.length < start + size + 1) {
        this.need = start + size + 1;
        return;
      }
      this.need = 0;
      // A copy: the answer must not keep the whole read buffer alive.
      request.results.set(
        spec,
        match[1] === request.type ? Buffer.from(this.buffered.subarray(start, start + size)) : null,
      );
      request.bytes += size;
      this.buffered = this.buffered.subarray(start + size + 1);
      request.next += 1;
    }
    this.request = null;
    request.resolve(request.results);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const request = this.request;
    this.request = null;
    request?.reject(this.failure);
  }
}

/** Why the cat-file process failed: its exit and stderr, or pyrelease's own reason. */
function batchError(o: {
  code?: number | null;
  stderr?: string;
  signal?: NodeJS.Signals | null;
  reason?: string;
}): CommandError {
  return new CommandError(
    'git',
    CAT_FILE_BATCH,
    o.code ?? null,
    o.stderr ?? '',
    o.reason,
    '',
    o.signal ?? null,
  );
}
