/** What a commit message says in Conventional Commits terms. */
export interface CommitIntent {
  /** Lower-cased type (`feat`, `fix`, ...) or null when the subject is not a conventional header. */
  readonly type: string | null;
  readonly scope: string | null;
  readonly breaking: boolean;
  /** The first line of the message, as written. */
  readonly subject: string;
  /** The subject after `type(scope)!: `; the whole subject when it is not a conventional header. */
  readonly description: string;
}

const HEADER = /^(?<type>[A-Za-z][A-Za-z0-9-]*)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:[ \t]+\S/;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:[ \t]*\S/m;

export function parseCommitMessage(message: string): CommitIntent {
  const normalized = message.replace(/\r\n?/g, '\n');
  const subject = normalized.split('\n', 1)[0].trim();
  const match = HEADER.exec(subject);
  const blank = normalized.indexOf('\n\n');
  const body = blank < 0 ? '' : normalized.slice(blank + 2);
  const footerBreaking = BREAKING_FOOTER.test(body);
  if (!match?.groups)
    return { type: null, scope: null, breaking: footerBreaking, subject, description: subject };
  return {
    type: match.groups.type.toLowerCase(),
    scope: match.groups.scope?.trim() || null,
    breaking: Boolean(match.groups.bang) || footerBreaking,
    subject,
    // The match ends on the description's first character.
    description: subject.slice(match[0].length - 1),
  };
}

/** A footer line (`Refs: #1`, `Signed-off-by: …`, `Closes #2`): where a footer's value ends. */
const FOOTER_TOKEN = /^(?:BREAKING[ -]CHANGE|[A-Za-z][A-Za-z0-9-]*)(?::[ \t]|[ \t]#)/;

/**
 * What a `BREAKING CHANGE:` footer says: its first paragraph, as one line (its lines joined), up to a
 * blank line or the next footer; null without such a footer.
 */
export function breakingNoteOf(message: string): string | null {
  const normalized = message.replace(/\r\n?/g, '\n');
  const blank = normalized.indexOf('\n\n');
  if (blank < 0) return null;
  const lines = normalized.slice(blank + 2).split('\n');
  const start = lines.findIndex((l) => /^BREAKING[ -]CHANGE:/.test(l));
  if (start < 0) return null;
  const paragraph = [lines[start].replace(/^BREAKING[ -]CHANGE:[ \t]*/, '')];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || FOOTER_TOKEN.test(line)) break;
    paragraph.push(line.trim());
  }
  const note = paragraph.join(' ').replace(/\s+/g, ' ').trim();
  return note === '' ? null : note;
}

/**
 * The header a revert reverts: `revert: <header>` (Conventional Commits) or git's own
 * `Revert "<header>"`; null for any other commit.
 */
export function revertedHeaderOf(intent: CommitIntent): string | null {
  if (intent.type === 'revert' && intent.scope === null) return intent.description;
  if (intent.type !== null) return null;
  return /^Revert "(.+)"$/.exec(intent.subject)?.[1] ?? null;
}

const RELEASE_AS_FOOTER = /^Release-As:[ \t]*(\S+)[ \t]*$/im;

/** The version a `Release-As: <version>` footer asks for, as written; null when there is none. */
export function releaseAsOf(message: string): string | null {
  const normalized = message.replace(/\r\n?/g, '\n');
  const blank = normalized.indexOf('\n\n');
  if (blank < 0) return null;
  return RELEASE_AS_FOOTER.exec(normalized.slice(blank + 2))?.[1] ?? null;
}

/** A squashed commit in GitHub's squash-merge message: a bullet that starts with a conventional header. */
const SQUASHED = /^\* (?=[A-Za-z][A-Za-z0-9-]*(?:\([^()\r\n]*\))?!?:[ \t]+\S)/;

/**
 * The commits a squash merge folded into one (GitHub writes `* <subject>` then that commit's body for
 * each), as messages of their own: each bullet with the lines up to the next bullet. Only bullets with
 * a conventional header count; null when there is none (not a squash, or one of commits that say nothing).
 */
export function squashedMessagesOf(message: string): string[] | null {
  const normalized = message.replace(/\r\n?/g, '\n');
  const blank = normalized.indexOf('\n\n');
  if (blank < 0) return null;
  const messages: string[][] = [];
  let current: string[] | null = null;
  for (const line of normalized.slice(blank + 2).split('\n')) {
    if (SQUASHED.test(line)) {
      current = [line.slice(2)];
      messages.push(current);
    } else if (line.startsWith('* ')) {
      current = null;
    } else {
      current?.push(line);
    }
  }
  if (messages.length === 0) return null;
  // The body's first paragraph after the subject line is blank-separated already (`* subject\n\nbody`).
  return messages.map((lines) => lines.join('\n').replace(/\n+$/, ''));
}
