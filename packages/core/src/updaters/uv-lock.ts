import { posix } from 'node:path';
import { UserError } from '../errors.js';
import { parseToml, type TomlTable } from '../toml/pyproject.js';
import { normalizeName } from '../versioning/tags.js';
import { scanValueSpans } from '../toml/scan.js';
import type { Version } from '../versioning/version.js';

/** The lock formats pyrelease has read: `version = 1`, `revision` up to this (uv 0.13 writes 5). */
export const KNOWN_LOCK_VERSION = 1;
export const KNOWN_LOCK_REVISION = 5;

/** The folder a lock file's relative sources are resolved from. */
function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** A `uv.lock` whose format is newer than pyrelease knows is refused: a guess could corrupt it. */
export function checkLockFormat(doc: TomlTable, file: string): void {
  const version = doc.version;
  const revision = doc.revision ?? 0;
  const known =
    version === KNOWN_LOCK_VERSION && typeof revision === 'number' && revision <= KNOWN_LOCK_REVISION;
  if (!known) {
    throw new UserError(
      `${file}: lock format version ${String(version)} revision ${String(revision)} is newer than pyrelease knows (version ${KNOWN_LOCK_VERSION}, revision up to ${KNOWN_LOCK_REVISION}); update pyrelease`,
      { file },
    );
  }
}

/** A workspace member as a lock names it: its normalized name and folder (relative to the root). */
export interface LockedMember {
  readonly name: string;
  readonly path: string;
}

/**
 * The index of `member` among the lock's `[[package]]` entries: the entry of its name whose source is
 * its folder (editable, virtual or a directory path, relative to the lock's folder). -1 when the lock
 * does not list it so (a registry release of the same name is another package).
 */
function entryOf(doc: TomlTable, file: string, member: LockedMember): number {
  const packages = Array.isArray(doc.package) ? (doc.package as TomlTable[]) : [];
  const base = folderOf(file);
  return packages.findIndex((entry) => {
    if (typeof entry.name !== 'string' || normalizeName(entry.name) !== member.name) return false;
    const source = entry.source as TomlTable | undefined;
    const local = source?.editable ?? source?.virtual ?? source?.directory;
    if (typeof local !== 'string') return false;
    return posix.normalize(base === '.' ? local : `${base}/${local}`).replace(/\/$/, '') === member.path;
  });
}

/**
 * Sets `member`'s locked version in the text of a uv.lock: only that string changes, and the result is
 * parsed again and refused unless exactly that changed. Returns null when the lock does not list the
 * member with a version (another folder's lock, or a dynamic version, which uv does not lock).
 */
export function setLockedVersion(
  text: string,
  file: string,
  member: LockedMember,
  version: Version,
): string | null {
  const doc = parseToml(text, file);
  const index = entryOf(doc, file, member);
  if (index < 0) return null;
  // Only a lock that lists the member must be one pyrelease can write.
  checkLockFormat(doc, file);
  const entry = (doc.package as TomlTable[])[index];
  if (typeof entry.version !== 'string') return null;
  if (entry.version === version.text) return text;
  const spans = scanValueSpans(text).filter(
    (s) =>
      s.path.length === 3 && s.path[0] === 'package' && s.path[1] === `[${index}]` && s.path[2] === 'version',
  );
  const span = spans.length === 1 ? spans[0] : null;
  if (!span || text[span.start] !== '"' || text[span.end - 1] !== '"') {
    throw new UserError(
      `${file}: cannot locate the version of ${member.name} as a one-line string to rewrite`,
      { file },
    );
  }
  const updated = text.slice(0, span.start + 1) + version.text + text.slice(span.end - 1);
  entry.version = version.text;
  let reparsed: TomlTable;
  try {
    reparsed = parseToml(updated, file);
  } catch {
    reparsed = {};
  }
  if (JSON.stringify(reparsed) !== JSON.stringify(doc)) {
    throw new UserError(
      `${file}: refusing to write: rewriting ${member.name}'s version would change more than the version`,
      { file },
    );
  }
  return updated;
}
