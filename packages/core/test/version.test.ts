import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import {
  bumpVersion,
  compareVersions,
  normalizeVersion,
  parseVersion,
  releaseOf,
} from '../src/versioning/version.js';

const v = (text: string) => parseVersion(text);

describe('PEP 440 versions', () => {
  it.each([
    ['1.0.0-rc.1', '1.0.0rc1'],
    ['1.0.0.RC1', '1.0.0rc1'],
    ['v1.0.0rc1', '1.0.0rc1'],
    ['1.0.0c1', '1.0.0rc1'],
    ['1.0.0-alpha.2', '1.0.0a2'],
    ['1.0.0.beta', '1.0.0b0'],
    ['01.002.0', '1.2.0'],
    ['1.0-1', '1.0.post1'],
    ['1!2.0.0.post1.dev3', '1!2.0.0.post1.dev3'],
    [' 0.1.0 ', '0.1.0'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeVersion(input)).toBe(expected);
  });

  it.each(['', 'junk', '1.0.0-rc.1.x', 'one.two', '1..0'])('rejects %j with an error quoting it', (bad) => {
    expect(() => parseVersion(bad, 'pyproject.toml: [project].version')).toThrow(UserError);
    expect(() => parseVersion(bad, 'pyproject.toml: [project].version')).toThrow(
      `pyproject.toml: [project].version ${JSON.stringify(bad)} is not a valid PEP 440 version`,
    );
  });

  it('orders rc1 < rc2 < rc10 < final < post, and treats 1.0 as 1.0.0', () => {
    const ordered = [
      '1.0.0.dev1',
      '1.0.0a1',
      '1.0.0b2',
      '1.0.0rc1',
      '1.0.0rc2',
      '1.0.0rc10',
      '1.0.0',
      '1.0.0.post1',
      '1.0.1',
    ];
    const shuffled = [...ordered].reverse().map(v);
    shuffled.sort(compareVersions);
    expect(shuffled.map((x) => x.text)).toEqual(ordered);
    expect(compareVersions(v('1.0'), v('1.0.0'))).toBe(0);
    expect(compareVersions(v('2!0.1'), v('1.9'))).toBeGreaterThan(0);
  });

  it('bumps major, minor and patch on the release segment', () => {
    expect(bumpVersion(v('1.2.3'), 'major').text).toBe('2.0.0');
    expect(bumpVersion(v('1.2.3'), 'minor').text).toBe('1.3.0');
    expect(bumpVersion(v('1.2.3'), 'patch').text).toBe('1.2.4');
    expect(bumpVersion(v('1.2'), 'patch').text).toBe('1.2.1');
    expect(bumpVersion(v('1.2.3.4'), 'patch').text).toBe('1.2.4');
    expect(bumpVersion(v('1.2.3.post2'), 'patch').text).toBe('1.2.4');
    expect(bumpVersion(v('1!1.2.3'), 'minor').text).toBe('1!1.3.0');
  });

  it('bumps the minor for a breaking change below 1.0.0', () => {
    expect(bumpVersion(v('0.3.1'), 'major').text).toBe('0.4.0');
    expect(bumpVersion(v('0.3.1'), 'minor').text).toBe('0.4.0');
    expect(bumpVersion(v('0.3.1'), 'patch').text).toBe('0.3.2');
    expect(bumpVersion(v('1.0.0'), 'major').text).toBe('2.0.0');
  });

  it('takes the release a pre-release stands for', () => {
    expect(releaseOf(v('1.1.0rc2.dev1')).text).toBe('1.1.0');
  });
});
