import { describe, expect, it } from '@jest/globals';
import { escapeMarkdown, markdownFence } from '../src/markdown.js';

const J = '\u2060';

describe('escapeMarkdown: untrusted text shown as written, making nothing of its own', () => {
  it('leaves no HTML, link, code span or table cell break', () => {
    expect(escapeMarkdown('a`<img src=x onerror=alert(1)>`|[x](javascript:alert(2))\n*b*')).toBe(
      'a\\`&#60;img src=x onerror=alert(1)&#62;\\`\\|\\[x\\](javascript:alert(2)) \\*b\\*',
    );
    // Already a character reference: its & is escaped, so it shows as written (#60 not an issue link).
    expect(escapeMarkdown('&#60;')).toBe(`&#38;#${J}60;`);
  });

  it('keeps GitHub from linking addresses and URLs and from pinging people', () => {
    expect(
      escapeMarkdown('see https://evil.example and WWW.evil.com, mail a@b.example, cc @octocat @org/team'),
    ).toBe(
      `see https:/${J}/evil.example and WWW${J}.evil.com, mail a@${J}b.example, cc @${J}octocat @${J}org/team`,
    );
  });
});

describe('mathematics', () => {
  it('is not rendered: every $ is escaped', () => {
    expect(escapeMarkdown('costs $5 and $x^2$, or $$\\int f$$')).toBe(
      'costs \\$5 and \\$x^2\\$, or \\$\\$\\\\int f\\$\\$',
    );
  });
});

describe('issue references', () => {
  it('are not linked: #12 and GH-12 get a word joiner, character references stay whole', () => {
    expect(escapeMarkdown('fixes #12, GH-7 and gh-8 (#3)')).toBe(
      `fixes #${J}12, GH-${J}7 and gh-${J}8 (#${J}3)`,
    );
    expect(escapeMarkdown('&#60; #x')).toBe(`&#38;#${J}60; #x`);
  });
});

describe('markdownFence', () => {
  it('is longer than any run of backticks inside', () => {
    expect(markdownFence(['a ``` b', '````'])).toEqual(['`````', 'a ``` b', '````', '`````']);
    expect(markdownFence(['plain'])).toEqual(['```', 'plain', '```']);
  });
});
