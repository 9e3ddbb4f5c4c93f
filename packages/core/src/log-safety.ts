import { randomBytes } from 'node:crypto';

/**
 * Text pyrelease did not write (commit messages, package names, paths, git, build and twine output,
 * index answers) must never reach a GitHub Actions log where the runner reads it as a workflow
 * command. The runner trims all leading whitespace before looking for `::name::`, reads the legacy
 * `##[name]` anywhere in a line, and ends lines at `\r` as well as `\n`: indenting a line protects
 * nothing. This module is pure text in, text out, so any writer can use it: the actions' runner
 * module today, `@actions/core`'s verbatim `core.info` later, the CLI inside a `run:` step.
 *
 * It lives in the core, which stays free of `@actions/*`, because both the actions and the CLI need it.
 */

/** Invisible characters a culture-aware comparison (the runner's `StartsWith`, `IndexOf`) may skip. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
/** Leading blanks: a superset of what .NET's `TrimStart()` removes. */
const LEADING_BLANKS = /^[\s\x85]+/u;

/**
 * True when some line of `text` could read as a workflow command: it starts with `::` once blanks are
 * trimmed, or holds `##[` anywhere. Conservative: invisible characters are dropped before looking.
 */
export function couldBeWorkflowCommand(text: string): boolean {
  return text.split(/[\r\n]/).some((line) => {
    const visible = line.replace(INVISIBLE, '').replace(LEADING_BLANKS, '');
    return visible.startsWith('::') || visible.includes('##[');
  });
}

/**
 * A fresh token for `::stop-commands::`: 128 random bits, so text written before it was drawn cannot
 * hold it; never a registered command name (those have no digits and no `pyrelease-` prefix).
 */
export function newStopToken(): string {
  return `pyrelease-${randomBytes(16).toString('hex')}`;
}

/** A usable token: one word the runner reads as a command name, longer than any registered name. */
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;

/**
 * The text to write (then a newline, at the start of a line) so the runner reads no command in it:
 * the text itself when it cannot parse as one, so ordinary logs stay readable; otherwise the text
 * between `::stop-commands::<token>` and `::<token>::`, which the runner shows but does not execute.
 * `token` is for tests; by default each call draws a fresh one. A token found in the text (ignoring
 * case, as the runner does) is replaced by a fresh one.
 */
export function safeLogText(text: string, token?: string): string {
  if (token !== undefined && !TOKEN.test(token))
    throw new Error(`stop-commands token ${JSON.stringify(token)} is too short or has invalid characters`);
  if (!couldBeWorkflowCommand(text)) return text;
  const lower = text.toLowerCase();
  let chosen = token ?? newStopToken();
  while (lower.includes(chosen.toLowerCase())) chosen = newStopToken();
  return `::stop-commands::${chosen}\n${text}\n::${chosen}::`;
}

/**
 * A workflow command's line (without its newline). The data is escaped as the runner unescapes it
 * (`%`, `\r`, `\n`), so the whole command is one line; the runner ends the command's name at the
 * first `::` after position 2, which is ours, and a line read as `::name::` is never read again for
 * `##[`, so nothing in `data` can end the command or add one. `name` is pyrelease's own, never input.
 */
export function workflowCommand(name: string, data: string): string {
  return `::${name}::${data.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
}

/**
 * JSON text that reads the same to any JSON parser and as no command to the runner: `#` inside a
 * string is written `\u0023` (JSON syntax has no `#` outside strings,
 * and escaped strings hold no line breaks, so no line can start with `::`). For output that programs
 * read, such as `pyrelease plan --json`, which `stop-commands` lines would break.
 */
export function commandFreeJson(json: string): string {
  // Every `#`, not only those before `[`: invisible characters between `##` and `[` may be skipped by
  // the runner, and by couldBeWorkflowCommand, which would then fence the JSON and break it.
  // DEL and the C1 controls, which JSON.stringify leaves as they are: escaped, so a terminal shows
  // the JSON as it is (the CLI would write them as \xNN there, which is no JSON).
  return json.replace(/[#\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text with the credentials of every URL in it hidden: the whole user information (`user:password@`,
 * or a token given as the user name) becomes `***@`, up to the last `@` before the host, so a password
 * that holds `@` or `:` is hidden whole.
 */
export function hideUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s?#]*@/gi, '$1***@');
}
