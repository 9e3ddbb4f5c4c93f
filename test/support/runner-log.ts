/**
 * How the GitHub Actions runner reads a step's output, so tests see the workflow commands the runner
 * would execute rather than the lines that happen to start with `::`. It follows actions/runner
 * (src/Runner.Common/ActionCommand.cs, src/Runner.Worker/ActionCommandManager.cs):
 *
 * - The output is read line by line as .NET's `StreamReader.ReadLine` splits it: at `\r\n`, `\r` or `\n`.
 * - A line is first tried as a V2 command: all leading whitespace is trimmed, the rest must start with
 *   `::`, the next `::` after position 2 ends the command info, the name is the info up to the first
 *   space, and it must be registered (case-insensitively). Properties are `,`-separated `key=value`.
 * - If that fails, as a legacy command: `##[` anywhere in the line, the first `]` after it ends the
 *   info, the same name rule; properties are `;`-separated.
 * - `::stop-commands::TOKEN` ignores every command until one named TOKEN (in either form) resumes.
 *   A token that is empty, a registered command or `pause-logging` is refused by the runner, which fails
 *   the step: it is reported as a command and stops nothing.
 *
 * Matching here is ordinal. The runner's `StartsWith("::")` and `IndexOf("##[")` compare by culture,
 * which can skip invisible characters, but the command name is then cut at a fixed offset from the
 * match, so a match that needed a skipped character never yields a registered name.
 */

export interface RunnerCommand {
  /** Lower-cased: the runner matches command names ignoring case. */
  readonly command: string;
  readonly data: string;
  readonly properties: Readonly<Record<string, string>>;
  /** V2 (`::name::data`) or legacy (`##[name]data`). */
  readonly form: 'v2' | 'legacy';
}

export const REGISTERED_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
] as const;

/** What .NET's `String.TrimStart()` removes: the characters for which `char.IsWhiteSpace` is true. */
const LEADING_WHITESPACE = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

type Mapping = readonly [token: string, replacement: string];
// The runner's tables, applied in this order (each `Replace` is ordinal and replaces all occurrences).
const LEGACY_ESCAPES: Mapping[] = [
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
  ['%', '%25'],
];
const DATA_ESCAPES: Mapping[] = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
];
const PROPERTY_ESCAPES: Mapping[] = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
];

function unescape(text: string, mappings: readonly Mapping[]): string {
  return mappings.reduce((t, [token, replacement]) => t.split(replacement).join(token), text);
}

/** `key=value` pairs as the runner splits them: empty pieces dropped, a pair needs both sides. */
function properties(text: string, separator: string, mappings: readonly Mapping[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const piece of text.split(separator).filter(Boolean)) {
    const at = piece.indexOf('=');
    // .NET's Split('=', 2, RemoveEmptyEntries): a leading `=` is skipped, an empty value drops the pair.
    const key = at < 0 ? piece : piece.slice(0, at);
    const value = at < 0 ? '' : piece.slice(at + 1);
    if (key && value) result[key.toLowerCase()] = unescape(value, mappings);
  }
  return result;
}

function nameOf(info: string, registered: ReadonlySet<string>): string | null {
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  return registered.has(name) ? name : null;
}

function parseV2(line: string, registered: ReadonlySet<string>): RunnerCommand | null {
  const message = line.replace(LEADING_WHITESPACE, '');
  if (!message.startsWith('::')) return null;
  const end = message.indexOf('::', 2);
  if (end < 0) return null;
  const info = message.slice(2, end);
  const command = nameOf(info, registered);
  if (command === null) return null;
  const space = info.indexOf(' ');
  return {
    command,
    data: unescape(message.slice(end + 2), DATA_ESCAPES),
    properties: space > 0 ? properties(info.slice(space + 1).trim(), ',', PROPERTY_ESCAPES) : {},
    form: 'v2',
  };
}

function parseLegacy(line: string, registered: ReadonlySet<string>): RunnerCommand | null {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return null;
  const end = line.indexOf(']', prefix);
  if (end < 0) return null;
  const info = line.slice(prefix + 3, end);
  const command = nameOf(info, registered);
  if (command === null) return null;
  const space = info.indexOf(' ');
  return {
    command,
    data: unescape(line.slice(end + 1), LEGACY_ESCAPES),
    properties: space > 0 ? properties(info.slice(space + 1), ';', LEGACY_ESCAPES) : {},
    form: 'legacy',
  };
}

export interface ReadOptions {
  /**
   * Also list each `stop-commands` that was resumed, and its resume. Off by default: a completed pause
   * is how text is shown safely, not something the text asked for. An unresumed stop is always listed.
   */
  readonly pauses?: boolean;
}

/** The workflow commands the runner would execute for `log` (one stream: stdout or stderr), in order. */
export function runnerCommands(log: string, options: ReadOptions = {}): RunnerCommand[] {
  const registered = new Set<string>(REGISTERED_COMMANDS);
  const commands: RunnerCommand[] = [];
  let stop: string | null = null;
  for (const line of log.split(/\r\n|\r|\n/)) {
    const parsed = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!parsed) continue;
    if (stop !== null) {
      if (parsed.command !== stop) continue;
      registered.delete(stop);
      // Nothing was listed while stopped: the stop is the last entry.
      if (options.pauses) commands.push(parsed);
      else commands.pop();
      stop = null;
      continue;
    }
    commands.push(parsed);
    if (parsed.command === 'stop-commands') {
      const token = parsed.data.toLowerCase();
      if (token === '' || token === 'pause-logging' || registered.has(token)) continue;
      registered.add(token);
      stop = token;
    }
  }
  return commands;
}
