export const DEFAULT_CHANGELOG_TITLE = '# Changelog';

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
