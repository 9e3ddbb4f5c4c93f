import { UserError } from '../src/index.js';
import { versionsInChangelog } from '../src/changelog/released-versions.js';
import { insertChangelogSection } from '../src/changelog/file.js';
import { RepositoryLinks } from '../src/changelog/links.js';
import { renderChangelogSection, type ChangelogSectionInput } from '../src/changelog/section.js';
import { DEFAULT_CHANGELOG_SECTIONS, readChangelogSections } from '../src/config/changelog-sections.js';
import { DEFAULT_BUMP_RULES } from '../src/versioning/bump-rules.js';

const sha = (c: string) => c.repeat(40);
const commits = [
  { sha: sha('a'), message: 'feat(core): add retries (#12)\n\nbody' },
  { sha: sha('b'), message: 'fix: handle <None> in [config]' },
  {
    sha: sha('c'),
    message: 'refactor(api)!: rename Client\n\nBREAKING CHANGE: Client is now\nApiClient.\n\nRefs: #9',
  },
  { sha: sha('d'), message: 'Update docs' },
  { sha: sha('e'), message: 'chore: tidy' },
  { sha: sha('f'), message: 'revert: feat(core): add cache' },
  { sha: sha('1'), message: 'Revert "fix(io): flush early"\n\nThis reverts commit 123.' },
  { sha: sha('2'), message: 'feat!: drop Python 3.8' },
  { sha: sha('3'), message: 'docs(readme): typo' },
];
const base: ChangelogSectionInput = {
  version: '0.2.0',
  date: '2026-11-24',
  tag: 'core-v0.2.0',
  previousTag: 'core-v0.1.0',
  commits,
};
const links = RepositoryLinks.fromUrl('https://github.com/acme/monorepo') as RepositoryLinks;

/** The one entry line of a section for one commit with `message`. */
const entry = (message: string) =>
  renderChangelogSection({ ...base, links, commits: [{ sha: sha('a'), message }] })
    .split('\n')
    .find((l) => l.startsWith('- ')) as string;

describe('changelog sections', () => {
  it('lists entries by section without the type prefix, scopes in bold, breaking notes and reverts', () => {
    expect(renderChangelogSection(base)).toBe(
      [
        '## 0.2.0 (2026-11-24)',
        '',
        '### Breaking Changes',
        '',
        '- **api:** Client is now ApiClient. (ccccccc)',
        '- drop Python 3.8 (2222222)',
        '',
        '### Features',
        '',
        '- **core:** add retries (#12) (aaaaaaa)',
        '',
        '### Bug Fixes',
        '',
        '- handle \\<None\\> in \\[config\\] (bbbbbbb)',
        '',
        '### Reverts',
        '',
        '- **core:** add cache (fffffff)',
        '- **io:** flush early (1111111)',
        '',
        '### Other',
        '',
        '- Update docs (ddddddd)',
        '',
      ].join('\n'),
    );
  });

  it('links the compare view, each commit and each pull request when the repository is known', () => {
    const out = renderChangelogSection({ ...base, links });
    expect(out.split('\n')[0]).toBe(
      '## [0.2.0](https://github.com/acme/monorepo/compare/core-v0.1.0...core-v0.2.0) (2026-11-24)',
    );
    expect(out).toContain(
      `- **core:** add retries ([#12](https://github.com/acme/monorepo/pull/12)) ([aaaaaaa](https://github.com/acme/monorepo/commit/${sha('a')}))`,
    );
    // A first release has nothing to compare with.
    expect(renderChangelogSection({ ...base, previousTag: null, links }).split('\n')[0]).toBe(
      '## 0.2.0 (2026-11-24)',
    );
  });

  it('lists a breaking change with a footer under its type too, and one without a footer once', () => {
    const out = renderChangelogSection({
      ...base,
      commits: [
        { sha: sha('a'), message: 'feat(io)!: stream\n\nBREAKING CHANGE: read() returns an iterator' },
        { sha: sha('b'), message: 'fix!: no footer' },
      ],
    });
    expect(out).toContain(
      '### Breaking Changes\n\n- **io:** read() returns an iterator (aaaaaaa)\n- no footer (bbbbbbb)\n',
    );
    expect(out).toContain('### Features\n\n- **io:** stream (aaaaaaa)\n');
    expect(out).not.toContain('### Bug Fixes');
  });

  it('follows changelog-sections: renamed, added and hidden types, merged over the defaults', () => {
    const sections = readChangelogSections(
      { docs: 'Documentation', feat: 'New', 'non-conventional': false, breaking: '⚠ Breaking' },
      'pyproject.toml',
    );
    const out = renderChangelogSection({ ...base, sections });
    expect(out).toContain('### ⚠ Breaking\n');
    expect(out).toContain('### New\n\n- **core:** add retries (#12) (aaaaaaa)\n');
    expect(out).toContain('### Documentation\n\n- **readme:** typo (3333333)\n');
    expect(out).not.toContain('Update docs');
    expect(out).not.toContain('### Other');
    // The defaults' order, then the added sections, then Other and Dependencies.
    const order = [...out.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(order).toEqual(['⚠ Breaking', 'New', 'Bug Fixes', 'Reverts', 'Documentation']);
    // A package's table goes over the root's, key by key.
    const own = readChangelogSections({ docs: false }, 'libs/a/pyproject.toml', sections);
    expect(own.types.get('feat')).toBe('New');
    expect(own.types.get('docs')).toBeNull();
  });

  it('lists a type that releases under bump in Other, and hides what releases nothing', () => {
    const bump = { ...DEFAULT_BUMP_RULES, patch: [...DEFAULT_BUMP_RULES.patch, 'docs'] };
    const out = renderChangelogSection({ ...base, bump });
    expect(out).toContain('### Other\n\n- Update docs (ddddddd)\n- **readme:** typo (3333333)\n');
    expect(out).not.toContain('tidy');
    const ignoring = { ...DEFAULT_BUMP_RULES, nonConventional: 'ignore' as const };
    expect(renderChangelogSection({ ...base, bump: ignoring })).not.toContain('Update docs');
  });

  it('names the siblings it now requires, with a link to their tag when the repository is known', () => {
    const dependencies = [{ name: 'alpha', version: '2.0.0', tag: 'alpha-v2.0.0' }];
    const plain = renderChangelogSection({ ...base, commits: [], dependencies });
    expect(plain).toBe('## 0.2.0 (2026-11-24)\n\n### Dependencies\n\n- requires alpha 2.0.0\n');
    expect(renderChangelogSection({ ...base, commits: [], dependencies, links })).toContain(
      '- requires alpha [2.0.0](https://github.com/acme/monorepo/releases/tag/alpha-v2.0.0)\n',
    );
    // `deps` commits share the section.
    const deps = renderChangelogSection({
      ...base,
      commits: [{ sha: sha('a'), message: 'deps: bump httpx to 0.28' }],
      dependencies,
    });
    expect(deps).toContain('### Dependencies\n\n- bump httpx to 0.28 (aaaaaaa)\n- requires alpha 2.0.0\n');
  });

  it('says why a section has no entries', () => {
    const only = (message: string, previousTag: string | null = 'core-v0.1.0') =>
      renderChangelogSection({ ...base, previousTag, commits: [{ sha: sha('a'), message }] }).split('\n')[2];
    expect(only('chore: tidy')).toBe('Only changes that the changelog does not list (chore).');
    expect(only('chore: initial layout', null)).toBe('First release.');
    expect(renderChangelogSection({ ...base, commits: [] }).split('\n')[2]).toBe(
      'No changes since the previous release.',
    );
  });

  it('never lets a subject or a scope open a link, HTML or break the bold', () => {
    const out = renderChangelogSection({
      ...base,
      links,
      commits: [
        {
          sha: sha('a'),
          message: 'feat(**x_<b>): [click](javascript:alert(1)) <img src=x> (#1)](http://evil)',
        },
      ],
    });
    const entry = out.split('\n').find((l) => l.startsWith('- ')) as string;
    expect(entry).toBe(
      `- **\\*\\*x\\_\\<b\\>:** \\[click\\](javascript:alert(1)) \\<img src=x\\> ([#1](https://github.com/acme/monorepo/pull/1))\\](\`http://evil)\` ([aaaaaaa](https://github.com/acme/monorepo/commit/${sha('a')}))`,
    );
    // Every link destination is one pyrelease built: compare, pull request, commit (an escaped `\]` opens none).
    const destinations = [...out.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    expect(destinations).toHaveLength(3);
    expect(destinations.every((d) => d.startsWith('https://github.com/acme/monorepo/'))).toBe(true);
  });

  it('shows URLs and addresses in code spans, so GitHub links none, and starts no heading or list', () => {
    expect(entry('fix: see https://evil.example/x?y=1 and www.evil.example or mail a.b@evil.example')).toBe(
      `- see \`https://evil.example/x?y=1\` and \`www.evil.example\` or mail \`a.b@evil.example\` ([aaaaaaa](https://github.com/acme/monorepo/commit/${sha('a')}))`,
    );
    expect(entry('fix: # Big')).toMatch(/^- \\# Big \(/);
    expect(entry('fix: 1. step one')).toMatch(/^- 1\\\. step one \(/);
    expect(entry('fix: - dash')).toMatch(/^- \\- dash \(/);
    expect(entry('fix: 2.0 support')).toMatch(/^- 2\.0 support \(/);
    // A long run of address-like text stays quick and whole.
    const long = 'a'.repeat(50_000);
    expect(entry(`fix: ${long}@`)).toContain(long);
  });

  it('lets no backtick of the subject pair with the code span of a URL, and pings nobody', () => {
    // The subject's own backticks are text: the URL stays in pyrelease's code span, unlinked.
    expect(entry('fix: see `https://evil.example/x` cc @octocat and @org/team')).toBe(
      `- see \\\`\`https://evil.example/x\`\\\` cc @\u2060octocat and @\u2060org/team ([aaaaaaa](https://github.com/acme/monorepo/commit/${sha('a')}))`,
    );
    expect(entry('fix(@scope): x')).toMatch(/^- \*\*@\u2060scope:\*\* x \(/);
  });

  it('refuses a changelog-sections table it cannot read, in one line naming the key', () => {
    const refusal = (table: Record<string, unknown>) => {
      try {
        readChangelogSections(table, 'pyproject.toml');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error('expected a UserError');
    };
    expect(refusal({ Feat: 'X' })).toBe(
      'pyproject.toml: [tool.pyrelease.changelog-sections] has a key "Feat" that is not a commit type: keys are lower-case types such as feat, or non-conventional, or breaking',
    );
    expect(refusal({ feat: 3 })).toBe(
      'pyproject.toml: [tool.pyrelease.changelog-sections].feat must be a section title on one line, or false to leave the type out, got 3',
    );
    expect(refusal({ breaking: false })).toBe(
      'pyproject.toml: [tool.pyrelease.changelog-sections].breaking must be a section title on one line, got false',
    );
    expect(refusal({ fix: 'two\nlines' })).toMatch(/\.fix must be a section title on one line/);
    expect(DEFAULT_CHANGELOG_SECTIONS.types.get('chore')).toBeUndefined();
  });
});

describe('repository links', () => {
  it.each([
    ['https://github.com/acme/repo.git', 'https://github.com/acme/repo'],
    ['https://x-access-token:ghs_secret@github.com/acme/repo', 'https://github.com/acme/repo'],
    ['https://GHE.example.com:8443/acme/repo/', 'https://ghe.example.com:8443/acme/repo'],
    ['git@github.com:acme/repo.git', 'https://github.com/acme/repo'],
    ['ssh://git@ssh.github.com:443/acme/repo.git', 'https://github.com/acme/repo'],
    ['ssh://git@ghe.example.com/acme/my.repo', 'https://ghe.example.com/acme/my.repo'],
    ['git://github.com/acme/repo', 'https://github.com/acme/repo'],
    ['/srv/git/repo.git', null],
    ['file:///srv/git/repo.git', null],
    ['github-work:acme/repo.git', null], // an ssh host alias: its web host is not known
    ['https://github.com/acme/sub/repo', null],
    ['https://github.com/acme/re)po', null],
    ['https://evil.com/a/b"onmouseover', null],
    ['C:\\repos\\x', null],
  ])('%s', (url, expected) => {
    expect(RepositoryLinks.fromUrl(url)?.url ?? null).toBe(expected);
  });

  it('encodes tags per path segment, parentheses included', () => {
    expect(links.compare('integrations/chroma-v1.0.0', 'a(b)-v1.0.0+x')).toBe(
      'https://github.com/acme/monorepo/compare/integrations/chroma-v1.0.0...a%28b%29-v1.0.0%2Bx',
    );
    expect(links.commit('not-a-sha')).toBeNull();
    expect(links.pullRequest('0')).toBeNull();
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

describe('the versions a CHANGELOG.md has released', () => {
  it('reads headings that start with a version, and no version mentioned in passing or unreleased', () => {
    const text = [
      '# Changelog',
      '## [Unreleased]',
      '## 0.4.0 (unreleased)',
      '## [1.2.0] - 2024-01-15',
      '# v1.2.0rc1',
      '### Version 1.1 (2024-01-01)',
      '## Upgrading from 0.1.0 of the old tool',
      '## 2024-01-15',
      '#### 9.9.9 (too deep for a release heading)',
      '- 3.0.0 in a list item',
    ].join('\n');
    expect([...versionsInChangelog(text)].sort()).toEqual(['1.1', '1.2.0', '1.2.0rc1']);
  });
});
