import { getInput } from '@actions/core';
import { UserError } from '../../../packages/core/src/lean.js';

/**
 * Inputs as the runner passes them (INPUT_* variables, trimmed), read through @actions/core. Errors name
 * the input in one line; core.getBooleanInput's multi-line TypeError would not.
 */
export function stringInput(name: string, fallback = ''): string {
  return getInput(name) || fallback;
}

/** An input as given, spaces at its ends included (a passphrase's are part of it). */
export function stringInputUntrimmed(name: string): string {
  return getInput(name, { trimWhitespace: false });
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

/** One of `choices`; `fallback` when the input is empty; anything else is a one-line error naming it. */
export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const value = stringInput(name, fallback);
  if (!(choices as readonly string[]).includes(value)) {
    const shown = choices.map((c) => c || 'empty');
    const listed = `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
    throw new UserError(`input ${name} must be ${listed}, got ${JSON.stringify(value)}`);
  }
  return value as T;
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
