import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { admits, moveSpecifierTo, parseSpecifierSet } from '../src/dependencies/specifier.js';
import { parseVersion } from '../src/versioning/version.js';
import { pythonOracle } from '../../../test/support/python.js';

/**
 * Python's `packaging` answers for a batch: for each [specifier, version], whether the set contains the
 * version (prereleases as the set decides). One process for the whole batch.
 */
function packagingContains(cases: readonly (readonly [string, string])[]): boolean[] {
  const script = [
    'import json, sys',
    'from packaging.specifiers import SpecifierSet',
    'from packaging.version import Version',
    'cases = json.load(sys.stdin)',
    // Pre-releases only when a clause names one, as an installer that sees finals too decides.
    'sets = [SpecifierSet(s) for s, _ in cases]',
    'print(json.dumps([ss.contains(Version(v), prereleases=bool(ss.prereleases)) for ss, (_, v) in zip(sets, cases)]))',
  ];
  return pythonOracle<boolean[]>(script, cases);
}

const version = fc
  .record({
    release: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    pre: fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), fc.integer({ min: 1, max: 3 })), { nil: null }),
    post: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
    dev: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
  })
  .map(
    (p) =>
      p.release.join('.') +
      (p.pre ? `${p.pre[0]}${p.pre[1]}` : '') +
      (p.post !== null ? `.post${p.post}` : '') +
      (p.dev !== null ? `.dev${p.dev}` : ''),
  );
const finalVersion = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
  .map((r) => r.join('.'));

const clause = fc.oneof(
  fc.tuple(fc.constantFrom('>=', '<=', '<', '>', '==', '!='), version).map(([op, v]) => `${op}${v}`),
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 3 }))
    .map(([r]) => `~=${r.join('.')}`),
  fc.tuple(fc.constantFrom('==', '!='), finalVersion).map(([op, v]) => `${op}${v}.*`),
);
const specifierSet = fc.array(clause, { minLength: 0, maxLength: 3 }).map((c) => c.join(','));

/** Whether packaging reads each text as a SpecifierSet. One process for the whole batch. */
function packagingValid(texts: readonly string[]): boolean[] {
  const script = [
    'import json, sys',
    'from packaging.specifiers import SpecifierSet, InvalidSpecifier',
    'def ok(t):',
    '    try:',
    '        SpecifierSet(t)',
    '        return True',
    '    except InvalidSpecifier:',
    '        return False',
    'print(json.dumps([ok(t) for t in json.load(sys.stdin)]))',
  ];
  return pythonOracle<boolean[]>(script, texts);
}

describe('PEP 440 specifiers against packaging', () => {
  it('reads as valid exactly the clauses packaging reads (wildcards, ~=, local labels)', () => {
    const operators = ['==', '!=', '>=', '<=', '<', '>', '~='];
    const versions = ['1', '1.0', '1.0.0', '1.0rc1', '1.0.post1', '1.0.dev0', '1.0+local', '1!2.0'];
    const texts = operators.flatMap((op) => versions.flatMap((v) => [`${op}${v}`, `${op}${v}.*`]));
    const expected = packagingValid(texts);
    expect(texts.map((t) => [t, parseSpecifierSet(t) !== null])).toEqual(
      texts.map((t, i) => [t, expected[i]]),
    );
  });

  it('admits exactly the versions packaging admits', () => {
    const cases = fc.sample(fc.tuple(specifierSet, version), { numRuns: 2000, seed: 440 });
    const expected = packagingContains(cases);
    const mismatches = cases.filter(([s, v], i) => {
      const clauses = parseSpecifierSet(s);
      return clauses === null || admits(clauses, parseVersion(v)) !== expected[i];
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('moves a specifier up so packaging admits the new version, keeping its operators', () => {
    const cases = fc
      .sample(fc.tuple(specifierSet, fc.oneof(finalVersion, version)), { numRuns: 1500, seed: 508 })
      .map(([s, v]) => [s, v, moveSpecifierTo(s, parseVersion(v))] as const)
      .filter(([, , moved]) => moved !== null);
    expect(cases.length).toBeGreaterThan(300);
    const admitted = packagingContains(cases.map(([, v, moved]) => [moved as string, v]));
    const refused = cases.filter((_, i) => !admitted[i]);
    expect(refused.slice(0, 5)).toEqual([]);
    for (const [s, v, moved] of cases) {
      const operators = (text: string) =>
        new Set(
          (parseSpecifierSet(text) ?? [])
            .map((c) => (c.operator === '>' ? '>=' : c.operator))
            .filter((o) => o !== '!='),
        );
      // No operator appears that was not there (a > bound becomes >= the version), except the lower
      // bound that admits a pre-release.
      const added = [...operators(moved as string)].filter((o) => !operators(s).has(o));
      expect([s, v, added.filter((o) => !(o === '>=' && /[a-z]/.test(v)))]).toEqual([s, v, []]);
    }
  });

  it.each([
    ['>=1.0,<2', '2.0.0', '>=2.0.0,<3'],
    ['>=1.0, <2.0', '2.0.0', '>=2.0.0, <3.0'],
    ['==1.4.0', '1.5.0', '==1.5.0'],
    ['~=1.4', '2.0.0', '~=2.0'],
    ['~=1.4.2', '1.5.0', '~=1.5.0'],
    ['==1.*', '2.1.0', '==2.*'],
    ['>=1.0,!=2.0.0', '2.0.0', '>=2.0.0'],
    ['>1.0,<2', '2.0.0', '>=2.0.0,<3'],
    ['>=1.0,<2', '2.0.0rc1', '>=2.0.0rc1,<3'],
    ['>=1.0,<3', '2.0.0rc1', '>=2.0.0rc1,<3'],
    ['^1.2', '2.0.0', '^2.0'],
    ['^0.2.3', '0.3.0', '^0.3.0'],
    ['~1.2', '1.3.0', '~1.3'],
    ['>=1.0', '1.5.0', null],
    ['', '2.0.0', null],
    ['', '2.0.0rc1', '>=2.0.0rc1'],
    ['~=1.4', '2.0.0rc1', '~=2.0rc1'],
    ['~=1.4.2rc1', '2.0.0', '~=2.0.0'],
    ['^0.0', '0.5.0', '^0.5'],
  ])('%j with %s -> %j', (specifier, v, expected) => {
    expect(moveSpecifierTo(specifier, parseVersion(v))).toBe(expected);
  });
});
