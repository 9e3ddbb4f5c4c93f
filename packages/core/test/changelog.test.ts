import { describe, expect, it } from '@jest/globals';
import { insertChangelogSection, renderChangelogSection } from '../src/index.js';

const commits = [
  { sha: 'a'.repeat(40), message: 'feat(core): add retries\n\nbody' },
  { sha: 'b'.repeat(40), message: 'fix: handle <None> in [config]' },
  { sha: 'c'.repeat(40), message: 'refactor!: rename Client' },
  { sha: 'd'.repeat(40), message: 'Update docs' },
  { sha: 'e'.repeat(40), message: 'feat: second feature' },
];

describe('changelog sections', () => {
  it('groups commits into Breaking Changes, Features, Bug Fixes and Other with short SHAs', () => {
    expect(renderChangelogSection('0.2.0rc1', '2026-11-24', commits)).toBe(
      [
        '## 0.2.0rc1 (2026-11-24)',
        '',
        '### Breaking Changes',
        '',
        '- refactor!: rename Client (ccccccc)',
        '',
        '### Features',
        '',
        '- feat(core): add retries (aaaaaaa)',
        '- feat: second feature (eeeeeee)',
        '',
        '### Bug Fixes',
        '',
        '- fix: handle \\<None\\> in \\[config\\] (bbbbbbb)',
        '',
        '### Other',
        '',
        '- Update docs (ddddddd)',
        '',
      ].join('\n'),
    );
  });

  it('leaves out empty groups', () => {
    expect(renderChangelogSection('1.0.1', '2026-01-02', [commits[1]])).not.toContain('### Features');
  });
});

describe('placing a section on top of the previous changelog', () => {
  const section = '## 0.1.0rc2 (2026-11-24)\n\n### Bug Fixes\n\n- fix: x (1234567)\n';

  it('starts a new file with a title', () => {
    expect(insertChangelogSection(null, section)).toBe(`# Changelog\n\n${section}`);
  });

  it('keeps the title and introduction on top and every previous byte below the new section', () => {
    const previous = '# Changelog\n\nAll notable changes.\n\n## 0.1.0rc1 (2026-11-20)\n\n- first (abcdef1)\n';
    const out = insertChangelogSection(previous, section);
    expect(out).toBe(
      `# Changelog\n\nAll notable changes.\n\n${section}\n## 0.1.0rc1 (2026-11-20)\n\n- first (abcdef1)\n`,
    );
    // No release section yet: right below the title.
    expect(insertChangelogSection('# Changelog\n\nAll notable changes.\n', section)).toBe(
      `# Changelog\n\n${section}\nAll notable changes.\n`,
    );
    const at = out.indexOf(section);
    expect(out.slice(0, at) + out.slice(at + section.length + 1)).toBe(previous);
  });

  it('puts the section first when there is no title, and follows CRLF files', () => {
    const previous = '## 0.1.0 (2026-01-01)\r\n\r\n- x (1111111)\r\n';
    const out = insertChangelogSection(previous, section);
    expect(out).toBe(`${section.replace(/\n/g, '\r\n')}\r\n${previous}`);
  });

  it('handles a title without a newline and a BOM', () => {
    expect(insertChangelogSection('# Changes', section)).toBe(`# Changes\n\n${section}`);
    expect(insertChangelogSection('\uFEFF# Changes\n\nold\n', section)).toBe(
      `\uFEFF# Changes\n\n${section}\nold\n`,
    );
  });
});
