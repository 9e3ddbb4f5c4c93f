/** What a log keeps of its start and of its end: enough for any error message, bounded for any output. */
export const LOG_HEAD_BYTES = 64 * 1024;
export const LOG_TAIL_BYTES = 64 * 1024;

/**
 * The most stdout pyrelease reads whole from one command (git's answers): generous for any repository,
 * and below V8's largest string (about 512 MiB) so decoding it can never crash the process.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface OutputBuffer {
  /** false: the output passed the buffer's limit and the command must be stopped. */
  add(chunk: Buffer): boolean;
  contents(): Buffer;
}

/** A command's answer, kept whole up to `limit` bytes. */
export class DataBuffer implements OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(readonly limit: number) {}

  add(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.limit) return false;
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Output that is only shown (build logs, stderr): its first and last bytes, with one marker line for
 * what lies between. A command may print gigabytes; pyrelease holds at most head + tail.
 */
export class LogBuffer implements OutputBuffer {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private readonly tail: Buffer[] = [];
  private tailSize = 0;
  private leftOut = 0;

  constructor(
    private readonly headLimit = LOG_HEAD_BYTES,
    private readonly tailLimit = LOG_TAIL_BYTES,
  ) {}

  add(chunk: Buffer): boolean {
    const toHead = Math.min(chunk.length, this.headLimit - this.headSize);
    if (toHead > 0) {
      this.head.push(chunk.subarray(0, toHead));
      this.headSize += toHead;
    }
    if (toHead < chunk.length) {
      this.tail.push(chunk.subarray(toHead));
      this.tailSize += chunk.length - toHead;
      this.trimTail();
    }
    return true;
  }

  private trimTail(): void {
    while (this.tailSize > this.tailLimit) {
      const excess = this.tailSize - this.tailLimit;
      const first = this.tail[0];
      // A view keeps its chunk alive: one pipe read (64 KiB) at most.
      if (first.length > excess) this.tail[0] = first.subarray(excess);
      else this.tail.shift();
      const dropped = Math.min(first.length, excess);
      this.tailSize -= dropped;
      this.leftOut += dropped;
    }
  }

  contents(): Buffer {
    const marker =
      this.leftOut > 0
        ? [Buffer.from(`\n[pyrelease: ${this.leftOut.toLocaleString('en-US')} bytes left out]\n`)]
        : [];
    return Buffer.concat([...this.head, ...marker, ...this.tail]);
  }
}

/** `256 MiB`, `64 KiB`, `12 bytes`: sizes as an error message names them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
