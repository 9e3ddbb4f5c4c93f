/**
 * Where the core reports progress. The actions pass one backed by @actions/core, the CLI one that
 * writes to the terminal; the core itself never imports @actions/core.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Something a maintainer should know that is not a problem (an annotation in Actions); optional. */
  notice?(message: string): void;
  /** What a command printed (a build, twine), shown folded where the log can fold; optional. */
  output?(title: string, text: string): void;
  /**
   * A line for a person waiting on a long step (progress.ts: before a network call or a build, and
   * "still …" while it runs); optional: without it nothing is said or timed.
   */
  progress?(message: string): void;
  /** How often `progress` hears "still …" (default STILL_WAITING_MS); tests make it short. */
  readonly progressIntervalMs?: number;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
};

/** A logger that keeps every line: for tests, and to show warnings again in a summary. */
export class RecordingLogger implements Logger {
  readonly lines: { level: 'debug' | 'info' | 'warning'; message: string }[] = [];
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message });
  }
  get warnings(): string[] {
    return this.lines.filter((l) => l.level === 'warning').map((l) => l.message);
  }
}
