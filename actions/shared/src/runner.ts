import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { safeLogText, workflowCommand } from '../../../packages/core/src/log-safety.js';

/**
 * The GitHub Actions runner protocol, without dependencies: @actions/core alone makes a bundle start
 * about 3x slower than bare node on Node 24, and loop-guard must start at node's speed.
 * Inputs come from INPUT_* variables, outputs go to the GITHUB_OUTPUT file, the job summary to
 * GITHUB_STEP_SUMMARY, and annotations and masks are `::command::` lines on stdout.
 */

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Command data is escaped (log-safety.ts), so a value can never end the command or add one. */
function command(name: string, message: string): void {
  process.stdout.write(`${workflowCommand(name, message)}\n`);
}

/**
 * A plain log line. The message may quote anything (commit subjects, paths, git's errors): text that
 * could read as a workflow command goes out between `::stop-commands::` and its token (log-safety.ts).
 */
export function info(message: string): void {
  process.stdout.write(`${safeLogText(message)}\n`);
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
