import { describe, expect, it } from '@jest/globals';
import { forTerminal, shownCommand, terminalFor, type TerminalFacts } from '../src/terminal.js';

const ESC = '\u001b';
const tty: TerminalFacts = { stdoutIsTerminal: true, stderrIsTerminal: true, env: { TERM: 'xterm' } };
const plain = { json: false, noColor: false, verbose: false };

describe('colour and progress', () => {
  it('colours a terminal, and nothing else', () => {
    expect(terminalFor(tty, plain).out('x', 'bold')).toBe(`${ESC}[1mx${ESC}[0m`);
    expect(terminalFor(tty, plain).err('x', 'red')).toBe(`${ESC}[31mx${ESC}[0m`);
    // One stream a terminal, the other a pipe: each decided on its own.
    const piped = terminalFor({ ...tty, stdoutIsTerminal: false }, plain);
    expect([piped.out('x', 'bold'), piped.err('x', 'dim')]).toEqual(['x', `${ESC}[2mx${ESC}[0m`]);
  });

  it.each([
    ['NO_COLOR=1', { ...tty, env: { NO_COLOR: '1' } }, plain],
    ['GITHUB_ACTIONS=true', { ...tty, env: { GITHUB_ACTIONS: 'true' } }, plain],
    ['TERM=dumb', { ...tty, env: { TERM: 'dumb' } }, plain],
    ['--no-color', tty, { ...plain, noColor: true }],
    ['--json', tty, { ...plain, json: true }],
  ])('writes no colour with %s', (_, facts, choices) => {
    const term = terminalFor(facts, choices);
    expect([term.out('x', 'bold'), term.err('x', 'yellow')]).toEqual(['x', 'x']);
  });

  it('treats an empty NO_COLOR as unset, as no-color.org says', () => {
    expect(terminalFor({ ...tty, env: { NO_COLOR: '' } }, plain).out('x', 'green')).toBe(
      `${ESC}[32mx${ESC}[0m`,
    );
  });

  it('shows progress where stderr is a terminal, or with --verbose', () => {
    const pipe = { ...tty, stderrIsTerminal: false };
    expect(terminalFor(tty, plain).progress).toBe(true);
    expect(terminalFor(pipe, plain).progress).toBe(false);
    expect(terminalFor(pipe, { ...plain, verbose: true }).progress).toBe(true);
  });
});

describe('commands as --verbose shows them', () => {
  it('quotes what a shell would need, and nothing else', () => {
    expect(shownCommand('git', ['ls-remote', '--symref', 'origin', 'HEAD', 'refs/heads/*'])).toBe(
      "git ls-remote --symref origin HEAD 'refs/heads/*'",
    );
    expect(shownCommand('git', ['commit', '-m', "it's"])).toBe(`git commit -m 'it'\\''s'`);
  });

  it('hides a password written into a URL, and a script behind its size', () => {
    expect(
      shownCommand('python', ['-m', 'twine', '--repository-url', 'https://me:s3cr%40t@host/legacy/']),
    ).toBe("python -m twine --repository-url 'https://***@host/legacy/'");
    // An @ or : in the password, an @ in the user, a token given as the user name: all hidden whole.
    for (const url of [
      'https://user:p@ss-SECRET@host/',
      'https://us@er:pw-SECRET@host/',
      'https://pypi-SECRET@host/x',
    ])
      expect(shownCommand('twine', [url])).toMatch(/^twine '?https:\/\/\*\*\*@host\/(x)?'?$/);
    expect(shownCommand('python', ['-c', 'import os\nprint(1)\n'])).toBe('python -c <3-line text>');
  });

  it('shows control characters in an argument escaped, never raw', () => {
    expect(shownCommand('git', ['tag', `a${ESC}]0;owned\u0007b`])).toBe(`git tag $'a\\x1b]0;owned\\x07b'`);
  });
});

describe('text for a terminal', () => {
  it('passes newlines, tabs and its own colours, and shows every other control character', () => {
    expect(forTerminal(`${ESC}[33mwarning:${ESC}[0m a\tb\nc`)).toBe(`${ESC}[33mwarning:${ESC}[0m a\tb\nc`);
    expect(forTerminal(`fix: x${ESC}]0;title\u0007\rdone\u009b2J`)).toBe(
      'fix: x\\x1b]0;title\\x07\\x0ddone\\u009b2J',
    );
    // A colour this module never writes is shown, not obeyed.
    expect(forTerminal(`${ESC}[8mhidden`)).toBe('\\x1b[8mhidden');
  });
});
