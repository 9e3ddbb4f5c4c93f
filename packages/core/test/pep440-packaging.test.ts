import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bumpVersion, compareVersions, tryParseVersion } from '../src/versioning/version.js';
import { pythonOracle } from '../../../test/support/python.js';

/**
 * Python's `packaging` reads each text once: its normal form (null when it is no version), its patch
 * bump (`major.minor.micro+1`, as pyrelease bumps) and, for each pair of neighbours, their order.
 */
function packagingAnswers(texts: readonly string[]): {
  normal: (string | null)[];
  patch: (string | null)[];
  order: number[];
} {
  const script = [
    'import json, sys',
    'from packaging.version import Version, InvalidVersion',
    'def read(t):',
    '    try: return Version(t)',
    '    except InvalidVersion: return None',
    'vs = [read(t) for t in json.load(sys.stdin)]',
    'def patch(v):',
    '    r = list(v.release) + [0] * (3 - len(v.release))',
    "    return ('%d!' % v.epoch if v.epoch else '') + '.'.join(map(str, r[:2] + [r[2] + 1]))",
    'print(json.dumps({',
    "  'normal': [None if v is None else str(v) for v in vs],",
    "  'patch': [None if v is None else patch(v) for v in vs],",
    "  'order': [0 if a is None or b is None else (a > b) - (a < b) for a, b in zip(vs, vs[1:])],",
    '}))',
  ];
  return pythonOracle(script, texts);
}

// Numbers of every length: small ones collide (so orders tie), long ones pass 2^53 and 2^64.
const number = fc.oneof(
  fc.bigInt({ min: 0n, max: 3n }),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }),
  fc.bigInt({ min: 0n, max: 10n ** 40n }),
);
const digits = number.chain((n) => fc.constantFrom(`${n}`, `0${n}`, `00${n}`));
const sep = fc.constantFrom('', '.', '-', '_');

/** Versions as people spell them: `v`, upper case, separators, long labels, leading zeros, locals. */
const spelled = fc
  .record({
    v: fc.constantFrom('', 'v', 'V'),
    epoch: fc.option(digits, { nil: null }),
    release: fc.array(digits, { minLength: 1, maxLength: 4 }),
    pre: fc.option(
      fc.tuple(
        sep,
        fc.constantFrom('a', 'alpha', 'B', 'beta', 'c', 'rc', 'RC', 'pre', 'preview'),
        sep,
        digits,
      ),
      { nil: null },
    ),
    post: fc.option(fc.tuple(sep, fc.constantFrom('post', 'rev', 'r', 'POST'), sep, digits), { nil: null }),
    dev: fc.option(fc.tuple(sep, fc.constantFrom('dev', 'DEV'), sep, fc.option(digits, { nil: '' })), {
      nil: null,
    }),
    local: fc.option(
      fc.array(fc.oneof(digits, fc.constantFrom('abc', 'Ubuntu', 'x1')), { minLength: 1, maxLength: 3 }),
      { nil: null },
    ),
    junk: fc.constantFrom('', '', '', ' ', '!', '..', '+', 'x'),
    // Whitespace around a version: Python's (\x85, \x1c) and JavaScript's (the byte order mark) differ.
    space: fc.constantFrom('', '', '', ' ', '\t', '\ufeff', '\x85', '\x1c', '\u3000'),
  })
  .map(
    (p) =>
      `${p.space}${p.v}${p.epoch === null ? '' : `${p.epoch}!`}${p.release.join('.')}` +
      (p.pre ? p.pre.join('') : '') +
      (p.post ? p.post.join('') : '') +
      (p.dev ? p.dev.join('') : '') +
      (p.local ? `+${p.local.join('.')}` : '') +
      p.junk +
      p.space,
  );

describe('PEP 440 against packaging, with numbers of any length', () => {
  const texts = fc.sample(spelled, { numRuns: 3000, seed: 1203 });
  const expected = packagingAnswers(texts);
  const parsed = texts.map((t) => tryParseVersion(t));

  it('reads and normalizes exactly the texts packaging reads, digit for digit', () => {
    expect(parsed.map((v) => v?.text ?? null)).toEqual(expected.normal);
    // The sample holds invalid texts and numbers past 2^53 in quantity, so neither side is vacuous.
    expect(expected.normal.filter((n) => n === null).length).toBeGreaterThan(100);
    expect(expected.normal.filter((n) => n !== null && /\d{17}/.test(n)).length).toBeGreaterThan(500);
  });

  it('orders versions as packaging does', () => {
    const order = parsed.slice(1).map((b, i) => {
      const a = parsed[i];
      return a && b ? Math.sign(compareVersions(a, b)) : 0;
    });
    expect(order).toEqual(expected.order);
    expect(order.filter((o) => o === 0).length).toBeLessThan(order.length);
  });

  it('bumps a patch exactly', () => {
    expect(parsed.map((v) => (v ? bumpVersion(v, 'patch').text : null))).toEqual(expected.patch);
  });
});

describe('PEP 440 order of near versions against packaging', () => {
  // A tiny space, so neighbours often share their release and differ only in a tie-breaker.
  const small = fc.integer({ min: 0, max: 2 });
  const nearVersion = fc
    .record({
      release: fc.constantFrom('1', '1.0', '1.0.0', '1.1'),
      pre: fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), small), { nil: null }),
      post: fc.option(small, { nil: null }),
      dev: fc.option(small, { nil: null }),
      local: fc.option(fc.constantFrom('1', '2', '10', 'a', 'b', 'a.1', '1.a', '1.1', 'abc'), { nil: null }),
    })
    .map(
      (p) =>
        p.release +
        (p.pre ? `${p.pre[0]}${p.pre[1]}` : '') +
        (p.post !== null ? `.post${p.post}` : '') +
        (p.dev !== null ? `.dev${p.dev}` : '') +
        (p.local ? `+${p.local}` : ''),
    );

  it('orders each pair of neighbours as packaging does, ties included', () => {
    const texts = fc.sample(nearVersion, { numRuns: 3000, seed: 440 });
    const expected = packagingAnswers(texts).order;
    const versions = texts.map((t) => tryParseVersion(t));
    const order = versions.slice(1).map((b, i) => Math.sign(compareVersions(versions[i]!, b!)));
    expect(order).toEqual(expected);
    expect(new Set(order)).toEqual(new Set([-1, 0, 1]));
  });
});
