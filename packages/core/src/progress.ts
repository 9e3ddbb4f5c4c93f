import type { Logger } from './logger.js';

/** How often a step that is still running says so: often enough that nobody thinks it hung. */
export const STILL_WAITING_MS = 12_000;

/** What a long step says: the line before it, and the words of the "still" lines while it runs. */
export interface WaitingWords {
  /** Said once, before the step; none where the caller's own log line says it already. */
  readonly start?: string;
  /** e.g. `asking origin for its branches and tags`; said as `still <doing> (24 s)`. */
  readonly doing: string;
}

/**
 * Runs a step that waits on something outside (a remote, an index, a build) and tells a person who
 * is watching: a line before it, and a "still" line every STILL_WAITING_MS while it runs. A logger
 * without `progress` hears nothing and nothing is timed.
 */
export async function waitingFor<T>(logger: Logger, words: WaitingWords, step: () => Promise<T>): Promise<T> {
  const progress = logger.progress?.bind(logger);
  if (!progress) return step();
  if (words.start) progress(words.start);
  const started = Date.now();
  const timer = setInterval(
    () => progress(`still ${words.doing} (${Math.round((Date.now() - started) / 1000)} s)`),
    logger.progressIntervalMs ?? STILL_WAITING_MS,
  );
  // A pending reminder never keeps the process alive.
  timer.unref();
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}

/** The same words before and during: `asking origin …` then `still asking origin … (12 s)`. */
export function doing(words: string): WaitingWords {
  return { start: `${words}...`, doing: words };
}
