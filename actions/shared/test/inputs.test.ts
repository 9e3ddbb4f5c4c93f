import { describe, expect, it } from '@jest/globals';
import { splitList } from '../src/inputs.js';

describe('list inputs', () => {
  it('splits on newlines and on commas outside braces', () => {
    expect(splitList('libs/{core,cli}, tools/*\npackages/a\r\n\n  packages/b  ')).toEqual([
      'libs/{core,cli}',
      'tools/*',
      'packages/a',
      'packages/b',
    ]);
    expect(splitList('release-test, release')).toEqual(['release-test', 'release']);
    expect(splitList('a/{b,{c,d}},e')).toEqual(['a/{b,{c,d}}', 'e']);
    // An unclosed brace ends with its line.
    expect(splitList('a/{b,c\nd,e')).toEqual(['a/{b,c', 'd', 'e']);
    expect(splitList(' , \n')).toEqual([]);
  });
});
