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
    // git writes its markers with the file's line ends: a CRLF file is resolved as LF, and given back.
    const crlf = merged.includes('\r\n');
    const resolved = resolveSideBySideInserts(crlf ? merged.replace(/\r\n/g, '\n') : merged);
    // Whatever is resolved holds no marker: a file with one is never released.
    if (resolved !== null && !CONFLICT_MARKER.test(resolved)) {
      return crlf ? resolved.replace(/\n/g, '\r\n') : resolved;
    }
    throw new UserError(
      `${where.path}: the edits made on the base branch since ${where.tag} conflict with the sections released at ${where.tag} (${result.exitCode} conflict(s)); nothing was changed: make ${where.path} on the base branch the file released at ${where.tag} (git show ${where.tag}:${where.tagPath}) with your edits applied, commit it, and release again`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LABELS = ['released', 'ancestor', 'base'] as const;
/** A line that starts like one of git's conflict markers of MARKER_SIZE. */
const CONFLICT_MARKER = new RegExp(
  `^(<{${MARKER_SIZE}}|\\|{${MARKER_SIZE}}|={${MARKER_SIZE}}|>{${MARKER_SIZE}})`,
  'm',
);

/**
 * The merge with each conflict resolved where the release only added whole sections (`## ` first) and
 * the base branch only touched text around them: null when any conflict is of another kind. Pure.
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
    const resolved = resolveConflict(lines.slice(i + 1, a), lines.slice(a + 1, b), lines.slice(b + 1, c));
    if (resolved === null) return null;
    out.push(...resolved);
    i = c;
  }
  return out.join('\n');
}

/**
 * One conflict of the three-way merge. The release's side is the ancestor's text with sections added
 * before or after it; the base branch's side replaced that text (a note added where there was none, a
 * note removed or reverted, a line reworded). The result is the base branch's text with the sections
 * where the release put them; where the ancestor held no text, the note goes above them, as if written
 * before the release. A section the base branch wrote itself, or sections added in the middle of the
 * text it changed, are for a person to place.
 */
function resolveConflict(released: string[], ancestor: string[], base: string[]): string[] | null {
  const blank = (l: string) => l.trim() === '';
  const ancestorEmpty = ancestor.every(blank);
  const before = ancestorEmpty ? released : endsWith(released, ancestor);
  const after = ancestorEmpty || before ? null : startsWith(released, ancestor);
  const sections = before ?? after;
  if (sections === null || !sections.find((l) => !blank(l))?.startsWith('## ')) return null;
  const own = new Set(ancestor.filter((l) => l.startsWith('## ')));
  if (base.some((l) => l.startsWith('## ') && !own.has(l))) return null;
  // A blank line between text and a section heading, as Markdown wants.
  const [first, second] = before && !ancestorEmpty ? [sections, base] : [base, sections];
  const gap = first.length > 0 && !blank(first[first.length - 1]) && second.length > 0 && !blank(second[0]);
  return [...first, ...(gap ? [''] : []), ...second];
}

/** `lines` without `tail` at its end, or null when it does not end with it. */
function endsWith(lines: string[], tail: string[]): string[] | null {
  const cut = lines.length - tail.length;
  return cut >= 0 && tail.every((l, k) => lines[cut + k] === l) ? lines.slice(0, cut) : null;
}

/** `lines` without `head` at its start, or null when it does not start with it. */
function startsWith(lines: string[], head: string[]): string[] | null {
  return head.length <= lines.length && head.every((l, k) => lines[k] === l)
    ? lines.slice(head.length)
    : null;
}
