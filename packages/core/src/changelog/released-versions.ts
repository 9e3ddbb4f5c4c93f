import { tryParseVersion } from '../versioning/version.js';

/**
 * The versions a CHANGELOG.md has a section for: each heading's words that read as a PEP 440 version
 * with a dot (`## [1.2.0] - 2024-01-15`, `# v1.2.0rc1`, `### 1.2 (2024-01-15)`), normalized. A date
 * without dots is not one.
 */
export function versionsInChangelog(text: string): Set<string> {
  const versions = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (!/^#{1,3}\s/.test(line)) continue;
    for (const word of line.split(/[^A-Za-z0-9._!+-]+/)) {
      const candidate = word.replace(/^[vV](?=\d)/, '');
      if (!/^\d/.test(candidate) || !candidate.includes('.')) continue;
      const version = tryParseVersion(candidate);
      if (version) versions.add(version.text);
    }
  }
  return versions;
}
