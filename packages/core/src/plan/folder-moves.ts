import type { CommitRecord, FolderMove, History, ManifestChanges } from '../git/records.js';
import type { RepositoryReader } from '../git/repository.js';
import { parseToml, projectNameOf } from '../toml/pyproject.js';
import { normalizeName } from '../versioning/tags.js';

/**
 * Which commits of the read history moved a package folder: one that deleted a pyproject.toml and
 * added the same file elsewhere (a `git mv`), or another pyproject.toml of the same project (a move
 * with edits). A package removed beside another one added is no move, whatever their files.
 */

/** The history with each commit's moves (CommitRecord.moves): project names read in one batch, only where needed. */
export async function readFolderMoves(reader: RepositoryReader, history: History): Promise<History> {
  const all = [...history.commits, ...(history.older ?? [])];
  const candidates = all.flatMap((c) => (c.manifests && c.manifests.added.length > 0 ? [c.manifests] : []));
  if (candidates.length === 0) return history;
  // Only a manifest that was not moved as it is needs its project name.
  const unnamed = new Set<string>();
  for (const { deleted, added } of candidates) {
    if (deleted.every((d) => added.some((a) => a.blob === d.blob))) continue;
    for (const m of [...deleted, ...added]) unnamed.add(m.blob);
  }
  const texts = unnamed.size > 0 ? await reader.readFiles([...unnamed]) : new Map<string, Buffer | null>();
  const names = new Map([...texts].map(([blob, bytes]) => [blob, bytes ? projectName(bytes) : null]));
  const withMoves = (commits: readonly CommitRecord[]) =>
    commits.map((c) => {
      const moves = c.manifests ? pairMoves(c.manifests, (blob) => names.get(blob) ?? null) : [];
      return moves.length > 0 ? { ...c, moves } : c;
    });
  return {
    ...history,
    commits: withMoves(history.commits),
    ...(history.older ? { older: withMoves(history.older) } : {}),
  };
}

/**
 * Each deleted manifest with the one added manifest that is the same file, else the one of the same
 * project (`nameOf`: its normalized name, null when unknown). Ambiguous or unnamed: no move. Pure.
 */
export function pairMoves(m: ManifestChanges, nameOf: (blob: string) => string | null): FolderMove[] {
  return m.deleted.flatMap((d) => {
    const same = m.added.filter((a) => a.blob === d.blob && a.folder !== d.folder);
    const name = same.length === 0 ? nameOf(d.blob) : null;
    const named =
      name === null ? [] : m.added.filter((a) => a.folder !== d.folder && nameOf(a.blob) === name);
    const [to, ...others] = same.length > 0 ? same : named;
    return to && others.length === 0 ? [{ from: d.folder, to: to.folder }] : [];
  });
}

/** The normalized project name a pyproject.toml declares; null when it declares none or cannot be read. */
function projectName(bytes: Buffer): string | null {
  try {
    const name = projectNameOf(parseToml(bytes.toString('utf8'), 'pyproject.toml'));
    return name === null ? null : normalizeName(name);
  } catch {
    return null;
  }
}
