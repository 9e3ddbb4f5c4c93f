import { tryParseVersion } from '../versioning/version.js';

/**
 * The versions a CHANGELOG.md has a release section for: headings that start with the version
 * (`## [1.2.0] - 2024-01-15`, `# v1.2.0rc1`, `### Version 1.2 (2024-01-15)`), normalized. A heading
 * that mentions a version in passing (`## Upgrading from 0.1.0`) or says the section is not released
 * yet (`## 0.2.0 (unreleased)`) is none.
 */
export function versionsInChangelog(text: string): Set<string> {
  const versions = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const heading = /^#{1,3}\s+(?:(?:version|release)\s+)?\[?[vV]?(\d[A-Za-z0-9._!+-]*?)\]?(?=\s|$|\])/i.exec(
      line,
    );
    if (!heading || /unreleased|upcoming|not released|tbd|wip/i.test(line)) continue;
    if (!heading[1].includes('.')) continue;
    const version = tryParseVersion(heading[1]);
    if (version) versions.add(version.text);
  }
  return versions;
}
