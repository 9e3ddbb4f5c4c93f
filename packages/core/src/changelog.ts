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
  if (commits.length === 0) section += '\nNo changes since the previous release.\n';
  for (const group of CHANGE_GROUPS) {
    const lines = groups.get(group);
    if (lines) section += `\n### ${group}\n\n${lines.join('\n')}\n`;
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
 * Places `section` on top of the previous CHANGELOG.md, after its title line (and the blank lines that
 * follow it) if it has one. Every previous byte is kept; the section takes the file's line endings.
 */
export function insertChangelogSection(previous: string | null, section: string): string {
  if (previous === null || previous.trim() === '') {
    return `${DEFAULT_CHANGELOG_TITLE}\n\n${section}${previous ? '\n' + previous : ''}`;
  }
  const eol = previous.includes('\r\n') ? '\r\n' : '\n';
  const body = section.replace(/\n/g, eol);
  const bom = previous.startsWith('\uFEFF') ? 1 : 0;
  let insertAt = bom;
  if (/^# /.test(previous.slice(bom))) {
    const titleEnd = previous.indexOf('\n', bom);
    insertAt = titleEnd < 0 ? previous.length : titleEnd + 1;
    const afterTitle = /^(?:[ \t]*\r?\n)*/.exec(previous.slice(insertAt));
    insertAt += afterTitle ? afterTitle[0].length : 0;
    if (titleEnd < 0) return `${previous}${eol}${eol}${body}`;
  }
  return `${previous.slice(0, insertAt)}${body}${eol}${previous.slice(insertAt)}`;
}
