/** What a commit message says in Conventional Commits terms. */
export interface CommitIntent {
  /** Lower-cased type (`feat`, `fix`, ...) or null when the subject is not a conventional header. */
  readonly type: string | null;
  readonly scope: string | null;
  readonly breaking: boolean;
  /** The first line of the message, as written. */
  readonly subject: string;
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
  if (!match?.groups) return { type: null, scope: null, breaking: footerBreaking, subject };
  return {
    type: match.groups.type.toLowerCase(),
    scope: match.groups.scope?.trim() || null,
    breaking: Boolean(match.groups.bang) || footerBreaking,
    subject,
  };
}

const RELEASE_AS_FOOTER = /^Release-As:[ \t]*(\S+)[ \t]*$/im;

/** The version a `Release-As: <version>` footer asks for, as written; null when there is none. */
export function releaseAsOf(message: string): string | null {
  const normalized = message.replace(/\r\n?/g, '\n');
  const blank = normalized.indexOf('\n\n');
  if (blank < 0) return null;
  return RELEASE_AS_FOOTER.exec(normalized.slice(blank + 2))?.[1] ?? null;
}

export type ChangeGroup = 'Breaking Changes' | 'Features' | 'Bug Fixes' | 'Other';

export const CHANGE_GROUPS: readonly ChangeGroup[] = ['Breaking Changes', 'Features', 'Bug Fixes', 'Other'];

export function changeGroupOf(intent: CommitIntent): ChangeGroup {
  if (intent.breaking) return 'Breaking Changes';
  if (intent.type === 'feat') return 'Features';
  if (intent.type === 'fix') return 'Bug Fixes';
  return 'Other';
}
