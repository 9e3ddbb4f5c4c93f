import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * The GitHub Actions runner protocol, without dependencies: @actions/core alone makes a bundle start
 * about 3x slower than bare node on Node 24, and loop-guard must start at node's speed.
 * Inputs come from INPUT_* variables, outputs go to the GITHUB_OUTPUT file, the job summary to
 * GITHUB_STEP_SUMMARY, and annotations and masks are `::command::` lines on stdout.
 */

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Command data is escaped as the runner expects, so a value can never end the command or add one. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}\n`);
}

/** A plain log line; a line that would read as a workflow command (`::…`) is indented so it cannot. */
export function info(message: string): void {
  process.stdout.write(`${message.replace(/^(\s*)::/gm, '$1 ::')}\n`);
}

export function debug(message: string): void {
  command('debug', message);
}

export function warning(message: string): void {
  command('warning', message);
}

export function error(message: string): void {
  command('error', message);
}

/** Masks a secret in every later log line of the job (the runner's `add-mask`, like core.setSecret). */
export function setSecret(secret: string): void {
  if (secret) command('add-mask', secret);
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
}

export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}\n`, 'utf8');
}

export function setFailed(message: string): void {
  error(message);
  process.exitCode = 1;
}
