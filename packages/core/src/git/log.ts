import type { CommitRecord, ManifestChanges } from './records.js';

/** The history walk's output: `git log` with each commit's files, their status and blobs, parsed. */

/**
 * `git log` of the revisions on stdin: each commit's SHA, parents, message and changed files, each with
 * its status and blobs (`--raw`): a pyproject.toml deleted is read as a folder moved, or a package gone.
 */
export const LOG_WITH_FILES = [
  'log',
  '-z',
  '--no-renames',
  '--raw',
  '--no-abbrev',
  '--format=%x1e%H%x00%P%x00%B%x00',
  '--stdin',
];

/**
 * Parses `git log -z --no-renames --raw --no-abbrev --format=%x1e%H%x00%P%x00%B%x00` sequentially, so a
 * message that contains the record separator cannot split a commit.
 */
export function parseLog(text: string): CommitRecord[] {
  const commits: CommitRecord[] = [];
  let i = 0;
  const field = () => {
    const end = text.indexOf('\0', i);
    const value = text.slice(i, end < 0 ? text.length : end);
    i = end < 0 ? text.length : end + 1;
    return value;
  };
  while (i < text.length) {
    if (text[i] !== '\x1e') throw new Error(`unexpected git log output at offset ${i}`);
    i += 1;
    const sha = field();
    const parents = field().split(' ').filter(Boolean);
    const message = field();
    if (text[i] === '\0') i += 1;
    const changes: RawChange[] = [];
    if (text[i] === '\n') {
      i += 1;
      // `:<mode> <mode> <blob> <blob> <status>\0<path>\0` per file: --no-renames leaves one path to each.
      while (i < text.length && text[i] !== '\x1e') changes.push(rawChange(field(), field()));
    }
    const manifests = manifestChangesOf(changes);
    commits.push({
      sha,
      parents,
      message: message.replace(/\n$/, ''),
      files: changes.map((c) => c.path).filter(Boolean),
      ...(manifests ? { manifests } : {}),
    });
  }
  return commits;
}

interface RawChange {
  readonly status: string;
  readonly path: string;
  readonly oldBlob: string;
  readonly newBlob: string;
}

function rawChange(meta: string, path: string): RawChange {
  const [, , oldBlob = '', newBlob = '', status = ''] = meta.split(' ');
  return { status, path, oldBlob, newBlob };
}

const MANIFEST = '/pyproject.toml';

/** The package manifests a commit deleted and added, when it deleted one (else null). Pure. */
export function manifestChangesOf(changes: readonly RawChange[]): ManifestChanges | null {
  const folder = (c: RawChange) => c.path.slice(0, -MANIFEST.length);
  const deleted = changes.filter((c) => c.status === 'D' && c.path.endsWith(MANIFEST));
  if (deleted.length === 0) return null;
  return {
    deleted: deleted.map((c) => ({ folder: folder(c), blob: c.oldBlob })),
    added: changes
      .filter((c) => c.status === 'A' && c.path.endsWith(MANIFEST))
      .map((c) => ({ folder: folder(c), blob: c.newBlob })),
  };
}
