import { UserError } from '../errors.js';
import type { Version } from './version.js';

/**
 * A maintenance line (`line = "0.6"`): the leading release numbers every version of the line shares.
 * Its releases stay in it, so only the numbers after the line's may move.
 */
export interface ReleaseLine {
  readonly text: string;
  readonly release: readonly bigint[];
}

export function parseLine(text: string, what = 'line'): ReleaseLine {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) {
    throw new UserError(
      `${what} must be leading release numbers such as "0.6" or "2", got ${JSON.stringify(text)}`,
    );
  }
  return { text: text.trim(), release: text.trim().split('.').map(BigInt) };
}

/** Whether `version` belongs to `line`: its release numbers start with the line's. */
export function lineOf(line: ReleaseLine, version: Version): boolean {
  return line.release.every((n, i) => (version.release[i] ?? 0n) === n);
}
