import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/action-runner.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { updateReadme } from '../scripts/readme-tables.mjs';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : sources(path);
    return name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('README.md', () => {
  it("has each action's input and output tables as the action.yml files declare them (npm run docs)", () => {
    process.chdir(ROOT);
    expect(README).toBe(updateReadme(README));
  });

  it('has the two newcomer commands', () => {
    expect(README).toContain('npm ci && npm run demo');
    expect(README).toContain('npm ci && npm test');
  });

  it('quotes in Troubleshooting only messages that the code prints', () => {
    const section = README.slice(
      README.indexOf('## Troubleshooting'),
      README.indexOf('## How versions are chosen'),
    );
    // Brackets and line breaks differ between Markdown and code; compare words.
    const normalize = (text: string) => text.replace(/[()[\]]/g, ' ').replace(/\s+/g, ' ');
    const code = normalize(
      [...sources(join(ROOT, 'packages')), ...sources(join(ROOT, 'actions'))].join('\n'),
    );
    // Messages are the code spans of at least 25 characters; an ellipsis marks a variable part.
    const quoted = [...section.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((q) => q.length >= 25);
    expect(quoted.length).toBeGreaterThanOrEqual(15);
    for (const message of quoted) {
      for (const fragment of message
        .split('…')
        .map((f) => normalize(f).trim())
        .filter((f) => f.length >= 8)) {
        expect([message, fragment, code.includes(fragment)]).toEqual([message, fragment, true]);
      }
    }
  });
});
