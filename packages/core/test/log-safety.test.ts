import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  commandFreeJson,
  couldBeWorkflowCommand,
  newStopToken,
  safeLogText,
  workflowCommand,
} from '../src/log-safety.js';
import { runnerCommands } from '../../../test/support/runner-log.js';

const RUNS = { numRuns: 500 };

/** Pieces that make text the runner reads as commands, and the blanks and breaks around them. */
const hostilePiece = fc.constantFrom(
  '::',
  '##[',
  ']',
  ':',
  '#',
  '[',
  ' ',
  '\t',
  '\u00a0',
  '\x85',
  '\u3000',
  '\r',
  '\n',
  '\r\n',
  'error',
  'ERROR',
  'warning',
  'add-mask',
  'set-output name=proceed',
  'stop-commands',
  'endgroup',
  'x',
  '%',
  '%0A',
  'pyrelease-',
);
const hostileText = fc.oneof(
  fc.array(hostilePiece, { maxLength: 30 }).map((pieces) => pieces.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** What a writer puts on stdout for each piece: plain text through safeLogText, commands as they are. */
type Write = { kind: 'text'; text: string } | { kind: 'command'; name: string; data: string };
const write: fc.Arbitrary<Write> = fc.oneof(
  hostileText.map((text) => ({ kind: 'text' as const, text })),
  fc.record({
    kind: fc.constant('command' as const),
    name: fc.constantFrom('debug', 'warning', 'error', 'notice', 'add-mask'),
    data: hostileText,
  }),
);

const FORGED = [
  '::error::forged',
  '  ::error::forged indented',
  '\t::add-mask::x',
  '\x85::warning::after a .NET blank',
  'fix: text ##[error]forged legacy',
  '##[set-output name=proceed]true',
  '::stop-commands::x\n::error::forged after a forged stop',
  '::endgroup::',
  'line one\r::error::after a carriage return',
  'a\n  ##[ERROR]forged',
];

describe('safeLogText', () => {
  it('leaves text that cannot read as a command as it is', () => {
    for (const text of [
      'loop-guard: proceed: push to test by alice',
      'C++ std::string and a :: b',
      '# heading [x] #[y]',
      'PACKAGE  PATH\ncore     libs/core',
      '',
    ]) {
      expect(couldBeWorkflowCommand(text)).toBe(false);
      expect(safeLogText(text)).toBe(text);
    }
  });

  it.each(FORGED)(
    'fences %j between stop-commands and a fresh token, and the runner runs none of it',
    (text) => {
      expect(runnerCommands(text).length).toBeGreaterThan(0);
      const safe = safeLogText(text);
      expect(runnerCommands(safe)).toEqual([]);
      const lines = safe.split('\n');
      expect(lines[0]).toMatch(/^::stop-commands::pyrelease-[0-9a-f]{32}$/);
      expect(lines.at(-1)).toBe(`::${lines[0].slice('::stop-commands::'.length)}::`);
      expect(lines.slice(1, -1).join('\n')).toBe(text);
    },
  );

  it('also fences what the runner might read once invisible characters are skipped', () => {
    for (const text of [
      '\u200b::error::x',
      '\u00ad::error::x',
      ':\u00ad:error::x',
      '#\u200d#[error]x',
      '\ufeff  ::x',
    ])
      expect(couldBeWorkflowCommand(text)).toBe(true);
  });

  it('draws a new token for every text, and another one when the text holds it', () => {
    expect(newStopToken()).not.toBe(newStopToken());
    const token = 'pyrelease-0123456789abcdef0123456789abcdef';
    expect(safeLogText('::error::x', token).split('\n')[0]).toBe(`::stop-commands::${token}`);
    const holding = `::error::x\n::${token.toUpperCase()}::\n::error::y`;
    const safe = safeLogText(holding, token);
    expect(safe.split('\n')[0]).not.toContain(token);
    expect(runnerCommands(safe)).toEqual([]);
    expect(() => safeLogText('::error::x', 'error')).toThrow(/stop-commands token "error"/);
  });

  it('lets the runner run exactly pyrelease own commands, whatever the text around them', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 8 }), (writes) => {
        const log = writes
          .map((w) => (w.kind === 'text' ? safeLogText(w.text) : workflowCommand(w.name, w.data)))
          .map((line) => `${line}\n`)
          .join('');
        const own = writes.filter((w) => w.kind === 'command');
        expect(runnerCommands(log).map((c) => [c.command, c.data])).toEqual(own.map((w) => [w.name, w.data]));
      }),
      RUNS,
    );
  });
});

describe('workflowCommand', () => {
  it('is one command whose data is the message, even holding `::`, `##[`, line breaks or %', () => {
    fc.assert(
      fc.property(fc.constantFrom('debug', 'warning', 'error', 'add-mask'), hostileText, (name, data) => {
        const line = workflowCommand(name, data);
        expect(line).not.toMatch(/[\r\n]/);
        expect(runnerCommands(line)).toEqual([{ command: name, data, properties: {}, form: 'v2' }]);
      }),
      RUNS,
    );
  });
});

describe('commandFreeJson', () => {
  it('is the same JSON to a parser and no command to the runner', () => {
    const value = fc.oneof(fc.jsonValue(), fc.dictionary(hostileText, hostileText), fc.array(hostileText));
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), (v, indent) => {
        const plain = JSON.stringify(v, null, indent);
        const json = commandFreeJson(plain);
        expect(JSON.parse(json)).toEqual(JSON.parse(plain));
        expect(couldBeWorkflowCommand(json)).toBe(false);
        expect(runnerCommands(json)).toEqual([]);
      }),
      RUNS,
    );
    // Invisible characters between `##` and `[` do not bring a fence (which would break the JSON).
    const json = commandFreeJson(JSON.stringify({ subject: 'fix: ##\u200b[error]x' }));
    expect(couldBeWorkflowCommand(json)).toBe(false);
    expect(JSON.parse(json)).toEqual({ subject: 'fix: ##\u200b[error]x' });
  });
});
