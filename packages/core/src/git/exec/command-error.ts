import { oneLine, UserError } from '../../errors.js';

/** A command that failed: the message carries the command line and what it printed on stderr. */
export class CommandError extends UserError {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    /** Why pyrelease gave up on it (`timed out after 300 s`); absent when the command failed alone. */
    readonly reason?: string,
    readonly stdout = '',
    /** The signal that ended the command (`SIGKILL`), when no exit code did. */
    readonly signal: NodeJS.Signals | null = null,
  ) {
    super(`${command} ${args.join(' ')} failed: ${oneLine(reason ?? exitReason(exitCode, signal, stderr))}`);
    this.name = 'CommandError';
  }
}

/** What stderr says; a signal is named first, since a killed command rarely says why it died. */
function exitReason(exitCode: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const said = stderr.trim();
  if (signal) return said ? `killed by ${signal}: ${said}` : `killed by ${signal}`;
  return said || `exit code ${exitCode}`;
}
