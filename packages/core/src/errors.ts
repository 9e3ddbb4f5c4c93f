/**
 * A mistake in what the user gave us: an input, a file, the state of the repository or the remote.
 * Entries print its message as one line, without a stack trace, and exit non-zero.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** The file (relative to the repository) and place the mistake is in, for an annotation there. */
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A place in a repository file: what an annotation with `file` and `line` points at. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** The one line an entry prints for an error: user mistakes as they are, anything else with its kind. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return oneLine(error.message);
  if (error instanceof Error) return oneLine(`${error.name}: ${error.message}`);
  return oneLine(String(error));
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
