import { CHANGE_GROUPS, changeGroupOf, parseCommitMessage, type ChangeGroup } from './conventional.js';

export interface ChangelogCommit {
  readonly sha: string;
  readonly message: string;
}

export const DEFAULT_CHANGELOG_TITLE = '# Changelog';

/**
 * One release's section: `## <version> (<date>)`, then the groups that have commits, each line the
 * commit subject and its short SHA, newest first as given.
 */
export function renderChangelogSection(
  version: string,
  date: string,
  commits: readonly ChangelogCommit[],
  /** Siblings released with it whose new versions it now requires: `alpha 2.0.0`. */
  dependencies: readonly string[] = [],
): string {
  const groups = new Map<ChangeGroup, string[]>();
  for (const commit of commits) {
    const intent = parseCommitMessage(commit.message);
    const group = changeGroupOf(intent);
    const lines = groups.get(group) ?? [];
    lines.push(`- ${escapeMarkdownLine(intent.subject)} (${commit.sha.slice(0, 7)})`);
    groups.set(group, lines);
  }
  let section = `## ${version} (${date})\n`;
  if (commits.length === 0 && dependencies.length === 0)
    section += '\nNo changes since the previous release.\n';
  for (const group of CHANGE_GROUPS) {
    const lines = groups.get(group);
    if (lines) section += `\n### ${group}\n\n${lines.join('\n')}\n`;
  }
  if (dependencies.length > 0) {
    section += `\n### Dependencies\n\n${dependencies.map((d) => `- requires ${escapeMarkdownLine(d)}`).join('\n')}\n`;
  }
  return section;
}

/**
 * Commit subjects are text, not Markdown: keep them from opening HTML elements or links in the rendered
 * changelog and GitHub Release, while leaving ordinary subjects readable.
 */
function escapeMarkdownLine(subject: string): string {
  return subject.replace(/[\\<>[\]]/g, (c) => `\\${c}`);
}

/**
 * Places `section` above the newest release section (the first `## ` heading), so a title and an
 * introduction stay on top; without any section yet, after the title line and the blank lines that
 * follow it, if there is one. Every previous byte is kept; the section takes the file's line endings.
 */
export function insertChangelogSection(previous: string | null, section: string): string {
  if (previous === null || previous.trim() === '') {
    return `${DEFAULT_CHANGELOG_TITLE}\n\n${section}${previous ? '\n' + previous : ''}`;
  }
  const eol = previous.includes('\r\n') ? '\r\n' : '\n';
  const body = section.replace(/\n/g, eol);
  const bom = previous.startsWith('\uFEFF') ? 1 : 0;
  const newest = /^## /m.exec(previous.slice(bom));
  let insertAt = bom;
  if (newest) {
    insertAt += newest.index;
  } else if (/^# /.test(previous.slice(bom))) {
    const titleEnd = previous.indexOf('\n', bom);
    if (titleEnd < 0) return `${previous}${eol}${eol}${body}`;
    insertAt = titleEnd + 1;
    const afterTitle = /^(?:[ \t]*\r?\n)*/.exec(previous.slice(insertAt));
    insertAt += afterTitle ? afterTitle[0].length : 0;
  }
  return `${previous.slice(0, insertAt)}${body}${eol}${previous.slice(insertAt)}`;
}
