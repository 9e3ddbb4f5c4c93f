import { describe, expect, it } from '@jest/globals';
import { runnerCommands } from './runner-log.js';

const names = (log: string) => runnerCommands(log).map((c) => `${c.command}:${c.data}`);

describe('runnerCommands reads a log as the runner does', () => {
  it('reads V2 commands after any leading whitespace, and only registered ones', () => {
    expect(names('::error::x')).toEqual(['error:x']);
    expect(names('  ::error::x')).toEqual(['error:x']);
    expect(names('\t \u00a0\u3000::add-mask::secret')).toEqual(['add-mask:secret']);
    expect(names('\x85::warning::nel is whitespace to .NET')).toEqual(['warning:nel is whitespace to .NET']);
    expect(names('::ERROR::case does not matter')).toEqual(['error:case does not matter']);
    expect(names('x ::error::not at the start')).toEqual([]);
    expect(names('::frobnicate::unregistered')).toEqual([]);
    expect(names('::error no closing pair')).toEqual([]);
    expect(names('\u200b::error::a zero-width space is not whitespace')).toEqual([]);
  });

  it('cuts the info at the first `::` after position 2 and splits its properties', () => {
    expect(runnerCommands('::error file=a.py,line=3::msg :: with ##[warning]x')).toEqual([
      {
        command: 'error',
        data: 'msg :: with ##[warning]x',
        properties: { file: 'a.py', line: '3' },
        form: 'v2',
      },
    ]);
    expect(runnerCommands('::set-output name=proceed::true')[0]).toMatchObject({
      command: 'set-output',
      properties: { name: 'proceed' },
      data: 'true',
    });
  });

  it('unescapes data and properties as the runner does', () => {
    expect(runnerCommands('::error title=a%3Ab%2Cc::50%25%0Anext%0Dline')).toEqual([
      { command: 'error', data: '50%\nnext\rline', properties: { title: 'a:b,c' }, form: 'v2' },
    ]);
    expect(runnerCommands('##[error name=a%3Bb%5D]x%5D')[0]).toMatchObject({
      data: 'x]',
      properties: { name: 'a;b]' },
    });
  });

  it('reads the legacy form anywhere in a line, in any case', () => {
    expect(names('text ##[error]x')).toEqual(['error:x']);
    expect(names('##[ERROR]x')).toEqual(['error:x']);
    expect(runnerCommands('fix: ##[set-output name=proceed]true')).toEqual([
      { command: 'set-output', data: 'true', properties: { name: 'proceed' }, form: 'legacy' },
    ]);
    expect(names('##[error no bracket')).toEqual([]);
    expect(names('##[unknown]x')).toEqual([]);
    // Only the first `##[` of a line is tried.
    expect(names('##[nope] ##[error]x')).toEqual([]);
  });

  it('tries the legacy form when V2 fails, and never when V2 parsed', () => {
    expect(names('::unknown::##[error]x')).toEqual(['error:x']);
    expect(names('::warning::##[error]x')).toEqual(['warning:##[error]x']);
  });

  it('splits lines at \\r\\n, \\r and \\n, as StreamReader.ReadLine does', () => {
    expect(names('a\r::error::one\r\n::warning::two\nb')).toEqual(['error:one', 'warning:two']);
  });

  it('ignores every command between stop-commands and its token, in either form', () => {
    const log = [
      '::stop-commands::tok3n-1234567',
      '::error::ignored',
      '  ##[add-mask]ignored',
      '::tok3n-wrong::',
      '::stop-commands::other-token',
      '::TOK3N-1234567::',
      '::warning::after',
      '::stop-commands::second-token',
      '##[error]ignored',
      'text ##[second-token]',
      '::error::after the legacy resume',
    ].join('\n');
    expect(names(log)).toEqual(['warning:after', 'error:after the legacy resume']);
    expect(runnerCommands(log, { pauses: true }).map((c) => c.command)).toEqual([
      'stop-commands',
      'tok3n-1234567',
      'warning',
      'stop-commands',
      'second-token',
      'error',
    ]);
  });

  it('keeps a stop that was never resumed, and what came before it', () => {
    expect(names('::warning::w\n::stop-commands::forged-forever\n::error::lost')).toEqual([
      'warning:w',
      'stop-commands:forged-forever',
    ]);
  });

  it('lists a stop whose token the runner refuses, and stops nothing', () => {
    for (const token of ['', 'error', 'PAUSE-LOGGING']) {
      expect(names(`::stop-commands::${token}\n::error::x`)).toEqual([`stop-commands:${token}`, 'error:x']);
    }
  });

  it('no longer treats the token as a command once resumed', () => {
    expect(names('::stop-commands::tok3n-1234567\n::tok3n-1234567::\n::tok3n-1234567::again')).toEqual([]);
  });
});
