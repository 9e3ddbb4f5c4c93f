import { describe, expect, it } from '@jest/globals';
import { bumpLevelOf } from '../src/versioning/bump-rules.js';
import {
  breakingNoteOf,
  parseCommitMessage,
  revertedHeaderOf,
  squashedMessagesOf,
} from '../src/versioning/conventional.js';

describe('Conventional Commits', () => {
  it.each([
    ['feat: add scheduler', 'feat', null, false, 'minor', 'add scheduler'],
    ['feat(core): add scheduler', 'feat', 'core', false, 'minor', 'add scheduler'],
    ['fix(api)!: drop the v1 endpoint', 'fix', 'api', true, 'major', 'drop the v1 endpoint'],
    ['feat!: new config format', 'feat', null, true, 'major', 'new config format'],
    ['Fix: capitalized type', 'fix', null, false, 'patch', 'capitalized type'],
    ['chore(deps): bump x', 'chore', 'deps', false, null, 'bump x'],
    ['docs:   typo', 'docs', null, false, null, 'typo'],
    ['perf: faster', 'perf', null, false, 'patch', 'faster'],
    ['security: pin x', 'security', null, false, 'patch', 'pin x'],
    ['Update README', null, null, false, 'patch', 'Update README'],
    ['feat:missing space', null, null, false, 'patch', 'feat:missing space'],
    ['feat(scope: broken', null, null, false, 'patch', 'feat(scope: broken'],
    ['Merge branch test into master', null, null, false, 'patch', 'Merge branch test into master'],
  ])('%j', (message, type, scope, breaking, level, description) => {
    const intent = parseCommitMessage(message);
    expect(intent).toMatchObject({ type, scope, breaking, subject: message, description });
    expect(bumpLevelOf(intent)).toBe(level);
  });

  it('reads BREAKING CHANGE and BREAKING-CHANGE footers', () => {
    expect(parseCommitMessage('feat: x\n\nBREAKING CHANGE: config moved').breaking).toBe(true);
    expect(parseCommitMessage('fix: x\n\nbody\n\nBREAKING-CHANGE: gone').breaking).toBe(true);
    expect(parseCommitMessage('refactor: x\r\n\r\nBREAKING CHANGE: crlf').breaking).toBe(true);
    // Only in the body or footers, and only in upper case, as the specification says.
    expect(parseCommitMessage('fix: mention BREAKING CHANGE: in subject').breaking).toBe(false);
    expect(parseCommitMessage('fix: x\n\nbreaking change: lower case').breaking).toBe(false);
    expect(parseCommitMessage('chore: x\n\nBREAKING CHANGE:').breaking).toBe(false);
  });

  it('counts a free-form commit with a breaking footer as breaking', () => {
    const intent = parseCommitMessage('Rewrite storage\n\nBREAKING CHANGE: new on-disk format');
    expect(intent.type).toBeNull();
    expect(bumpLevelOf(intent)).toBe('major');
  });

  it('keeps only the first line as the subject', () => {
    expect(parseCommitMessage('fix: one\nsecond line').subject).toBe('fix: one');
  });

  it('reads the first paragraph of a BREAKING CHANGE footer as one line', () => {
    expect(breakingNoteOf('feat!: x\n\nbody\n\nBREAKING CHANGE: the config\nmoved to x.toml\n\nmore')).toBe(
      'the config moved to x.toml',
    );
    expect(breakingNoteOf('fix: x\r\n\r\nBREAKING-CHANGE: gone\r\nRefs: #12\r\n')).toBe('gone');
    expect(breakingNoteOf('fix: x\n\nBREAKING CHANGE: a\nCloses #3')).toBe('a');
    expect(breakingNoteOf('feat!: only the bang')).toBeNull();
    expect(breakingNoteOf('feat: x\n\nBREAKING CHANGE:   \n')).toBeNull();
  });

  it('knows what a revert reverts, in both spellings', () => {
    expect(revertedHeaderOf(parseCommitMessage('revert: feat(core): add x'))).toBe('feat(core): add x');
    expect(revertedHeaderOf(parseCommitMessage('Revert "fix: y"\n\nThis reverts commit abc.'))).toBe(
      'fix: y',
    );
    expect(revertedHeaderOf(parseCommitMessage('revert(core): undo x'))).toBeNull();
    expect(revertedHeaderOf(parseCommitMessage('Revert the thing'))).toBeNull();
    expect(revertedHeaderOf(parseCommitMessage('fix: Revert "x"'))).toBeNull();
  });
});

describe("GitHub's squash messages", () => {
  it('reads each folded commit with its own body, and only bullets that are conventional headers', () => {
    const message = [
      'Promote test to master (#42)',
      '',
      '* feat(core)!: a new configuration API',
      '',
      'BREAKING CHANGE: the old keys are gone',
      '',
      '* Update README.md',
      '',
      '* fix(scheduler): retry on timeouts',
      '',
      'Co-authored-by: Octo <octo@example.com>',
    ].join('\n');
    expect(squashedMessagesOf(message)).toEqual([
      'feat(core)!: a new configuration API\n\nBREAKING CHANGE: the old keys are gone',
      'fix(scheduler): retry on timeouts\n\nCo-authored-by: Octo <octo@example.com>',
    ]);
    expect(parseCommitMessage(squashedMessagesOf(message)?.[0] as string).breaking).toBe(true);
  });

  it('is no squash without such a bullet: a plain body, a subject alone, a bullet list of prose', () => {
    expect(squashedMessagesOf('fix: x')).toBeNull();
    expect(squashedMessagesOf('fix: x\n\nsome text\n- fix: not a star bullet')).toBeNull();
    expect(squashedMessagesOf('Release notes\n\n* Update docs\n* Bump deps')).toBeNull();
    expect(squashedMessagesOf('x\r\n\r\n* fix(a): y\r\n')).toEqual(['fix(a): y']);
  });
});
