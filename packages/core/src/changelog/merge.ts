import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';

/**
 * The three CHANGELOG.md files a release reads. Release branches are reset on every run, so the
 * released sections live only at the tags, while maintainers edit the file on the base branch.
 */
export interface ChangelogVersions {
  /** At the previous tag: the released sections. null: no previous tag, or its tree has no file. */
  readonly released: string | null;
  /** On the base branch where the previous release was cut; undefined when that commit is unknown. */
  readonly releasedFrom: string | null | undefined;
  /** On the base branch now. */
  readonly base: string | null;
}

/** Which file the new section goes on top of, or that only a three-way merge can tell. */
export type ChangelogStart =
  { readonly text: string | null; readonly because: string | null } | { readonly merge: true };

/**
 * Keeps both the released sections and the base branch's edits since that release, choosing without
 * a merge whenever one side is unchanged. Pure: no file and no process.
 */
export function chooseChangelogStart(v: ChangelogVersions): ChangelogStart {
  // No released file (first release, or a tag made by another tool): the base branch's file.
  if (v.released === null) return { text: v.base, because: null };
  if (v.releasedFrom === undefined) return { text: v.released, because: null };
  const releasedFrom = v.releasedFrom ?? '';
  const base = v.base ?? '';
  if (base === releasedFrom || base === v.released) return { text: v.released, because: null };
  if (v.released === releasedFrom) return { text: v.base, because: 'edited on the base branch' };
  // The maintainer brought the released history into the base branch (and edited it there): every
  // released section is in it already, so it is the whole story.
  const headings = sectionHeadings(v.released);
  const inBase = new Set(sectionHeadings(base));
  if (headings.length > 0 && headings.every((h) => inBase.has(h))) {
    return { text: v.base, because: 'the base branch holds every released section' };
  }
  return { merge: true };
}

function sectionHeadings(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('## '))
    .map((line) => line.trimEnd());
}

/** Long conflict markers: a changelog's own lines (a setext `=======` underline) are never taken for one. */
const MARKER_SIZE = 32;

/**
 * The three-way merge of the released file and the base branch's edits, with the base branch's file
 * at the previous release as ancestor (`git merge-file`). Text the maintainer added where the release
 * added its sections (a note under the heading of a file that had no section yet) goes above them, as
 * if written before the release; any other conflict is a hard failure naming the file and the fix:
 * never a silent choice of one side.
 */
export async function mergeChangelog(
  git: Git,
  v: ChangelogVersions,
  where: { readonly path: string; readonly tag: string; readonly tagPath: string },
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-changelog-'));
  try {
    const files = ['released', 'released-from', 'base'].map((name) => join(dir, name));
    [v.released, v.releasedFrom, v.base].forEach((text, i) => writeFileSync(files[i], text ?? ''));
    const result = await git.run(
      [
        'merge-file',
        '--stdout',
        '--diff3',
        `--marker-size=${MARKER_SIZE}`,
        ...LABELS.flatMap((l) => ['-L', l]),
        ...files,
      ],
      // The exit code counts the conflicts (up to 127); negative values (255) are git's own errors.
      { okExitCodes: Array.from({ length: 127 }, (_, i) => i + 1) },
    );
    const merged = result.stdout.toString('utf8');
    if (result.exitCode === 0) return merged;
    const resolved = resolveSideBySideInserts(merged);
    if (resolved !== null) return resolved;
    throw new UserError(
      `${where.path}: the edits made on the base branch since ${where.tag} conflict with the sections released at ${where.tag} (${result.exitCode} conflict(s)); nothing was changed: make ${where.path} on the base branch the file released at ${where.tag} (git show ${where.tag}:${where.tagPath}) with your edits applied, commit it, and release again`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LABELS = ['released', 'ancestor', 'base'] as const;

/**
 * The merge with each conflict resolved where both sides only added lines at one place, the release
 * whole sections (`## ` first) and the base branch text without a section heading: the base branch's
 * text, then the sections. null when any conflict is of another kind. Pure.
 */
export function resolveSideBySideInserts(merged: string): string | null {
  const marker = (c: string, label?: string) => c.repeat(MARKER_SIZE) + (label ? ` ${label}` : '');
  const [open, ancestor, middle, close] = [
    marker('<', LABELS[0]),
    marker('|', LABELS[1]),
    marker('='),
    marker('>', LABELS[2]),
  ];
  const out: string[] = [];
  const lines = merged.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] !== open) {
      out.push(lines[i]);
      continue;
    }
    const [a, b, c] = [lines.indexOf(ancestor, i), lines.indexOf(middle, i), lines.indexOf(close, i)];
    if (!(i < a && a < b && b < c)) return null;
    const released = lines.slice(i + 1, a);
    const base = lines.slice(b + 1, c);
    const sections = released.filter((l) => l.trim() !== '');
    const ancestorEmpty = lines.slice(a + 1, b).every((l) => l.trim() === '');
    if (!ancestorEmpty || !sections[0]?.startsWith('## ') || base.some((l) => l.startsWith('## ')))
      return null;
    // A blank line between the note and the first section heading, as Markdown wants.
    const gap = base.length > 0 && base[base.length - 1].trim() !== '' ? [''] : [];
    out.push(...base, ...gap, ...released);
    i = c;
  }
  return out.join('\n');
}
