/** git's commit and tag objects, as `cat-file --batch` prints them: headers, a blank line, a message. */

/** A commit as its object says: parents and message. */
export interface CommitObject {
  readonly parents: readonly string[];
  readonly message: string;
}

/** An annotated tag as its object says: what it points at, when it was made, its message. */
export interface TagObject {
  readonly object: string;
  readonly type: string;
  readonly taggedAt: Date;
  readonly message: string;
}

function headersAndMessage(bytes: Buffer): { headers: string[]; message: string } {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\n\n');
  return {
    headers: (end < 0 ? text : text.slice(0, end)).split('\n'),
    message: end < 0 ? '' : text.slice(end + 2),
  };
}

export function parseCommitObject(bytes: Buffer): CommitObject {
  const { headers, message } = headersAndMessage(bytes);
  return {
    parents: headers.filter((h) => h.startsWith('parent ')).map((h) => h.slice(7)),
    message,
  };
}

/** Null for a tag object without the headers every tag has (`object`, `type`, a dated `tagger`). */
export function parseTagObject(bytes: Buffer): TagObject | null {
  const { headers, message } = headersAndMessage(bytes);
  const header = (key: string) => headers.find((h) => h.startsWith(`${key} `))?.slice(key.length + 1);
  // `tagger Name <email> 1764806400 +0000`: the date is the number after the address.
  const date = /> (\d+) [+-]\d{4}$/.exec(header('tagger') ?? '');
  const [object, type] = [header('object'), header('type')];
  if (!object || !type || !date) return null;
  return { object, type, taggedAt: new Date(Number(date[1]) * 1000), message };
}
