import { escapeMarkdown, markdownFence } from '../markdown.js';
import { planRows } from '../plan/format.js';
import type { PackagePlan } from '../plan/types.js';
import { compareVersions, isFinal, releaseOf, type Version } from '../versioning/version.js';
import type { ReleasePreview } from './preview.js';

/**
 * The preview as the job summary and the pull request's comment show it (Markdown), and as the CLI
 * prints it. Every text of the repository's (names, commit subjects, a title) is escaped, and the
 * changelog sections, written by commit authors, are shown in code fences: nothing of theirs becomes
 * a link, a mention or HTML. Pure.
 */

/** Finds the one comment the preview keeps up to date on a pull request. */
export const PREVIEW_MARKER = '<!-- pyrelease:release-preview -->';

/** `1.1.0rc2 -> 1.1.0` and what a final promotes: the rc whose release it is. */
function versionCell(p: PackagePlan): string {
  const next = p.next as Version;
  const from = p.previous?.version.text ?? 'none';
  const rc = p.lastAny && !isFinal(p.lastAny.version) ? p.lastAny.version : null;
  const promotes =
    isFinal(next) && rc && compareVersions(releaseOf(rc), next) === 0 ? ` (promotes ${rc.text})` : '';
  return `${from} → ${next.text}${promotes}`;
}

/** The packages the merge releases, each row: package, versions, bump, why (the cascade's dependents among them). */
function releaseTable(preview: ReleasePreview): string[] {
  const plan = preview.plan;
  const released = plan?.packages.filter((p) => p.next) ?? [];
  if (released.length === 0) return [];
  const why = new Map((plan ? planRows(plan) : []).map((r) => [r.package, r.reason]));
  return [
    '| package | version | bump | why |',
    '| --- | --- | --- | --- |',
    ...released.map(
      (p) =>
        `| ${[p.package.name, versionCell(p), p.bump ?? '-', why.get(p.package.name) ?? ''].map(escapeMarkdown).join(' | ')} |`,
    ),
  ];
}

function headline(preview: ReleasePreview, baseBranch: string): string {
  const into = `merging into ${baseBranch}`;
  if (preview.blocked !== null) return `${into} stops the ${preview.mode} release`;
  const n = preview.releases.length;
  if (n === 0) return `${into} releases nothing (${preview.mode})`;
  return `${into} releases ${n} package${n === 1 ? '' : 's'} (${preview.mode})`;
}

/** The most characters GitHub keeps in a comment's body: a longer one is refused (422). */
export const COMMENT_LIMIT = 65_536;

/**
 * The summary's and the comment's Markdown; `marker` starts the comment's. With `limit` (the comment's:
 * COMMENT_LIMIT), what does not fit is left out from the end, and said: the changelog sections first,
 * then table rows and warnings; the job summary, written without a limit, has everything.
 */
export function previewMarkdown(
  preview: ReleasePreview,
  context: { readonly baseBranch: string; readonly marker?: boolean; readonly limit?: number },
): string {
  const top = [
    ...(context.marker ? [PREVIEW_MARKER] : []),
    `### pyrelease release preview: ${escapeMarkdown(headline(preview, context.baseBranch))}`,
    '',
    `Planned on the ${preview.method === 'squash' ? 'squash' : 'merge'} commit ${preview.head.slice(0, 12)}, in ${preview.mode} mode.`,
    '',
    ...(preview.blocked !== null ? [`**Blocked:** ${escapeMarkdown(preview.blocked)}`, ''] : []),
  ];
  const table = releaseTable(preview);
  const failing = preview.headerProblems.filter((h) => h.failing).map((h) => h.text);
  const warnings = [
    ...preview.headerProblems.filter((h) => !h.failing).map((h) => h.text),
    ...preview.warnings,
  ];
  const sections = preview.releases.map((r) =>
    [
      `<details><summary>${escapeMarkdown(r.tag)}: changelog section</summary>`,
      '',
      ...markdownFence(r.notes.trimEnd().split('\n')),
      '',
      '</details>',
      '',
    ].join('\n'),
  );
  const parts: MarkdownParts = { top, table, failing, warnings, sections };
  return fitted(parts, context.limit ?? Infinity);
}

interface MarkdownParts {
  readonly top: readonly string[];
  /** Header, separator, then a row per package. */
  readonly table: readonly string[];
  readonly failing: readonly string[];
  readonly warnings: readonly string[];
  readonly sections: readonly string[];
}

function joined(p: MarkdownParts, note: string | null): string {
  const list = (title: string, items: readonly string[]) =>
    items.length > 0 ? [`${title}:`, '', ...items.map((i) => `- ${escapeMarkdown(i)}`), ''] : [];
  return [
    ...p.top,
    ...(p.table.length > 0 ? [...p.table, ''] : []),
    ...list('Fails the check', p.failing),
    ...list('Warnings', p.warnings),
    ...p.sections,
    ...(note ? [note] : []),
  ].join('\n');
}

/**
 * The parts joined within `limit` characters: changelog sections left out from the last, then table rows
 * and warnings, in halves, until it fits; the note says how much is left out and where it all is.
 */
function fitted(parts: MarkdownParts, limit: number): string {
  const whole = joined(parts, null);
  if (whole.length <= limit) return whole;
  let p = parts;
  const left = () =>
    `_Left out to keep this comment within GitHub's ${COMMENT_LIMIT.toLocaleString('en')} characters: ${
      parts.sections.length - p.sections.length
    } changelog section(s), ${parts.table.length - p.table.length} package row(s), ${parts.warnings.length - p.warnings.length} warning(s). The job summary has them all._`;
  const fits = () => joined(p, left()).length <= limit;
  while (!fits() && p.sections.length > 0) p = { ...p, sections: p.sections.slice(0, -1) };
  while (!fits() && (p.table.length > 2 || p.warnings.length > 0)) {
    p = {
      ...p,
      table: p.table.length > 2 ? p.table.slice(0, 2 + Math.floor((p.table.length - 2) / 2)) : p.table,
      warnings: p.warnings.slice(0, Math.floor(p.warnings.length / 2)),
    };
  }
  return joined(p, left()).slice(0, limit);
}

/** The CLI's text: the same findings, the table of every package, each section indented. */
export function previewText(preview: ReleasePreview, baseBranch: string): string {
  const lines = [`release preview: ${headline(preview, baseBranch)}`];
  if (preview.blocked !== null) lines.push(`blocked: ${preview.blocked}`);
  for (const p of preview.plan?.packages.filter((x) => x.next) ?? [])
    lines.push(
      `  ${p.package.name}  ${versionCell(p)}  ${p.bump ?? '-'}${p.group ? `  version group ${p.group.name}` : ''}`,
    );
  for (const h of preview.headerProblems) lines.push(`${h.failing ? 'fails' : 'warning'}: ${h.text}`);
  for (const r of preview.releases) {
    lines.push(
      '',
      `${r.tag} changelog section:`,
      ...r.notes
        .trimEnd()
        .split('\n')
        .map((l) => (l ? `  ${l}` : l)),
    );
  }
  return lines.join('\n');
}
