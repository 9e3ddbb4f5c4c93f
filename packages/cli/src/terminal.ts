import { hideUrlCredentials } from '../../core/src/lean.js';
/**
 * How the CLI writes to a person: colour only on a terminal that wants it, progress lines only where
 * someone watches (or with --verbose), and the commands it runs with --verbose. Programs reading
 * --json, a pipe, or a GitHub Actions log get plain text.
 */

/** What the CLI knows of where its output goes. */
export interface TerminalFacts {
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What the user asked for on the command line. */
export interface OutputChoices {
  readonly json: boolean;
  readonly noColor: boolean;
  readonly verbose: boolean;
}

type Colour = 'red' | 'yellow' | 'green' | 'bold' | 'dim';

const SGR: Record<Colour, string> = { red: '31', yellow: '33', green: '32', bold: '1', dim: '2' };

export interface Terminal {
  /** Text for stdout, coloured when stdout takes colour. */
  out(text: string, colour: Colour): string;
  /** Text for stderr, coloured when stderr takes colour. */
  err(text: string, colour: Colour): string;
  /** Whether progress lines ("fetching …", "still …") are written to stderr. */
  readonly progress: boolean;
}

/**
 * Colour where a person reads a terminal: never with NO_COLOR set to anything (no-color.org),
 * --no-color, --json, TERM=dumb, or inside GitHub Actions, whose log shows escape codes as text.
 * Progress where someone watches stderr, or when --verbose asks for it.
 */
export function terminalFor(facts: TerminalFacts, choices: OutputChoices): Terminal {
  const { env } = facts;
  const colourAllowed =
    !choices.json &&
    !choices.noColor &&
    !env.NO_COLOR &&
    env.TERM !== 'dumb' &&
    env.GITHUB_ACTIONS !== 'true';
  const painter = (on: boolean) => (text: string, colour: Colour) =>
    on ? `\u001b[${SGR[colour]}m${text}\u001b[0m` : text;
  return {
    out: painter(colourAllowed && facts.stdoutIsTerminal),
    err: painter(colourAllowed && facts.stderrIsTerminal),
    progress: facts.stderrIsTerminal || choices.verbose,
  };
}

/**
 * A command as --verbose shows it: each argument quoted as a shell would need (to copy and run it),
 * a multi-line argument (a script) by its size, and a password in a URL as `***`.
 */
export function shownCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((arg) => {
      if (arg.includes('\n')) return `<${arg.split('\n').length}-line text>`;
      const shown = hideUrlCredentials(arg);
      if (/^[\w@%+=:,./-]+$/.test(shown)) return shown;
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f]/.test(shown))
        return `$'${escapedControls(shown.replace(/['\\]/g, '\\$&'))}'`;
      return `'${shown.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
}

/** Control characters (C0, DEL and C1, which some terminals read as ESC [) as `\xNN`/`\uNNNN`. */
function escapedControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text for a terminal: control characters that text from a repository may hold (a commit subject, a
 * path, git's or a build's output) are shown escaped, so none can move the cursor, retitle the window
 * or hide a line; only newlines, tabs and this module's own colours pass.
 */
export function forTerminal(text: string): string {
  // The colours terminalFor() writes, and nothing else that starts with ESC.
  // eslint-disable-next-line no-control-regex
  const ownColour = /\u001b\[(?:31|33|32|1|2|0)m/y;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c, at: number) => {
    ownColour.lastIndex = at;
    return c === '\u001b' && ownColour.test(text) ? c : escapedControls(c);
  });
}
