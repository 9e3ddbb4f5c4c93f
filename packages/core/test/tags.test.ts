import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import { isValidRefComponent, normalizeName, TagFormat } from '../src/versioning/tags.js';
import { parseVersion } from '../src/versioning/version.js';

describe('package names', () => {
  it.each([
    ['Skyforge_Orchestrator', 'skyforge-orchestrator'],
    ['aetherflow.core', 'aetherflow-core'],
    ['A--B__C..d', 'a-b-c-d'],
    ['plain', 'plain'],
  ])('normalizes %s to %s (PEP 503)', (name, expected) => {
    expect(normalizeName(name)).toBe(expected);
  });
});

describe('tag formats', () => {
  const format = new TagFormat();

  it('renders {name}-v{version} with the normalized name and version', () => {
    expect(format.render('Skyforge_Orchestrator', parseVersion('1.0.0-rc.1'))).toBe(
      'skyforge-orchestrator-v1.0.0rc1',
    );
  });

  it('parses names that contain -v or rc', () => {
    expect(format.parse('my-vector-v1.2.0')).toMatchObject({ name: 'my-vector', version: { text: '1.2.0' } });
    expect(format.parse('orc-v0.1.0rc1')).toMatchObject({ name: 'orc', version: { text: '0.1.0rc1' } });
    expect(format.parse('rc-tools-v2.0.0')).toMatchObject({ name: 'rc-tools', version: { text: '2.0.0' } });
    expect(format.parse('a-v-b-v1.0', new Set(['a-v-b']))).toMatchObject({
      name: 'a-v-b',
      version: { text: '1.0' },
    });
  });

  it('tells apart packages that share a prefix', () => {
    const known = new Set(['core', 'core-utils']);
    expect(format.parse('core-v1.0.0', known)?.name).toBe('core');
    expect(format.parse('core-utils-v1.0.0', known)?.name).toBe('core-utils');
    expect(format.parse('core-utils-v1.0.0', new Set(['core']))).toBeNull();
  });

  it('prefers the longest known name when two readings are valid', () => {
    // "x-v1-v2" reads as x @ "1-v2"? no: that is not a version; but x-v1 @ 2 is.
    const known = new Set(['x', 'x-v1']);
    expect(format.parse('x-v1-v2', known)).toMatchObject({ name: 'x-v1', version: { text: '2' } });
    expect(format.parse('x-v1.post1', known)).toMatchObject({ name: 'x', version: { text: '1.post1' } });
  });

  it('accepts non-normalized spellings in existing tags and ignores tags of other shapes', () => {
    expect(format.parse('Core_Lib-v1.0.0-rc.2')).toMatchObject({
      name: 'core-lib',
      version: { text: '1.0.0rc2' },
    });
    expect(format.parse('v1.0.0')).toBeNull();
    expect(format.parse('core-vnext')).toBeNull();
    expect(format.parse('core-v')).toBeNull();
  });

  it('supports other formats, with the version first or without a name', () => {
    const at = new TagFormat('{name}@{version}');
    expect(at.render('core', parseVersion('1.0'))).toBe('core@1.0');
    expect(at.parse('core@1.0')).toMatchObject({ name: 'core', version: { text: '1.0' } });
    const versionFirst = new TagFormat('release/{version}/{name}');
    expect(versionFirst.parse('release/1.0rc1/core-utils')).toMatchObject({
      name: 'core-utils',
      version: { text: '1.0rc1' },
    });
    const single = new TagFormat('v{version}');
    expect(single.hasName).toBe(false);
    expect(single.parse('v2.1.0')).toMatchObject({ name: null, version: { text: '2.1.0' } });
    expect(single.parse('x2.1.0')).toBeNull();
  });

  it.each([
    '{name}',
    '{name}-{version}-{version}',
    '{name}{version}',
    '{nome}-v{version}',
    '{name} v{version}',
    '{name}..v{version}',
  ])('rejects the invalid format %j', (bad) => {
    expect(() => new TagFormat(bad)).toThrow(UserError);
    expect(() => new TagFormat(bad)).toThrow(/^tag-format ".*" is invalid: /);
  });

  it('checks tag names the way git check-ref-format does', () => {
    expect(isValidRefComponent('core-v1.0.0rc1')).toBe(true);
    expect(isValidRefComponent('releases/core/1.0')).toBe(true);
    for (const bad of [
      'a b',
      'a..b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[',
      'a\\b',
      '/a',
      'a/',
      'a.',
      'a.lock',
      'a/.b',
      'a@{1}',
      '',
    ]) {
      expect(isValidRefComponent(bad)).toBe(false);
    }
  });
});

describe('isValidRefComponent: the parts of a tag name between slashes', () => {
  it('refuses a part ending in .lock anywhere, as git does', () => {
    expect(isValidRefComponent('libs/a.lock/core-v1.0.0')).toBe(false);
    expect(isValidRefComponent('core-v1.0.0.lock')).toBe(false);
    expect(isValidRefComponent('libs/a.locks/core-v1.0.0')).toBe(true);
  });
});
