import { describeError, UserError } from '../../../packages/core/src/errors.js';
import type { Logger } from '../../../packages/core/src/logger.js';
import * as runner from './runner.js';

/** The core's logger, backed by the runner's log commands. */
export const actionLogger: Logger = {
  debug: runner.debug,
  info: runner.info,
  warning: runner.warning,
};

export function stringInput(name: string, fallback = ''): string {
  return runner.getInput(name) || fallback;
}

export function requiredInput(name: string): string {
  const value = stringInput(name);
  if (!value) throw new UserError(`input ${name} is required`);
  return value;
}

/** `true`/`false` in any YAML 1.2 spelling; anything else is a one-line error naming the input. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const value = stringInput(name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UserError(`input ${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** A list given one item per line or separated by commas; `fallback` when the input is empty. */
export function listInput(name: string, fallback: readonly string[] = []): string[] {
  const value = stringInput(name);
  return value ? splitList(value) : [...fallback];
}

/**
 * Items one per line or separated by commas, except commas inside braces: `libs/{core,cli}` is one
 * glob, not two broken ones.
 */
export function splitList(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of value) {
    if (c === '{') depth += 1;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (c === '\n' || c === '\r' || (c === ',' && depth === 0)) {
      items.push(current);
      current = '';
      // A newline ends any brace a line left open, so one bad line cannot swallow the rest.
      if (c !== ',') depth = 0;
    } else current += c;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter(Boolean);
}

/** Runs an action's main: a failure becomes one `::error::` line and exit code 1, never a stack trace. */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) runner.debug(error.stack);
    runner.setFailed(describeError(error));
  }
}
