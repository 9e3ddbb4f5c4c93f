import { describe, expect, it } from '@jest/globals';
import { bumpLevelOf, changeGroupOf, parseCommitMessage } from '../src/index.js';

describe('Conventional Commits', () => {
  it.each([
    ['feat: add scheduler', 'feat', null, false, 'minor', 'Features'],
    ['feat(core): add scheduler', 'feat', 'core', false, 'minor', 'Features'],
    ['fix(api)!: drop the v1 endpoint', 'fix', 'api', true, 'major', 'Breaking Changes'],
    ['feat!: new config format', 'feat', null, true, 'major', 'Breaking Changes'],
    ['Fix: capitalized type', 'fix', null, false, 'patch', 'Bug Fixes'],
    ['chore(deps): bump x', 'chore', 'deps', false, null, 'Other'],
    ['docs: typo', 'docs', null, false, null, 'Other'],
    ['perf: faster', 'perf', null, false, 'patch', 'Other'],
    ['security: pin x', 'security', null, false, 'patch', 'Other'],
    ['Update README', null, null, false, 'patch', 'Other'],
    ['feat:missing space', null, null, false, 'patch', 'Other'],
    ['feat(scope: broken', null, null, false, 'patch', 'Other'],
    ['Merge branch test into master', null, null, false, 'patch', 'Other'],
  ])('%j', (message, type, scope, breaking, level, group) => {
    const intent = parseCommitMessage(message);
    expect(intent).toMatchObject({ type, scope, breaking, subject: message });
    expect(bumpLevelOf(intent)).toBe(level);
    expect(changeGroupOf(intent)).toBe(group);
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
});
