import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { testPackage as pkg } from '../../../test/support/packages.js';
import { Story } from './support/story.js';

/** The reason a package is not released, and the tag-format its reason works out (null: none named). */
function lookalike(tags: readonly string[], packages: ReturnType<typeof pkg>[], name: string) {
  const s = new Story();
  s.commit('feat: init', ...packages.map((p) => `${p.path}/a.py`));
  s.tag(...tags);
  s.commit('fix: x', ...packages.map((p) => `${p.path}/a.py`));
  const plan = s.plan('final', packages).packages.find((p) => p.package.name === name);
  const reason = plan?.skipReason ?? null;
  return {
    story: s,
    next: plan?.next?.text ?? null,
    own: plan?.tags.map((t) => t.tag) ?? [],
    reason,
    format: reason?.match(/set tag-format = "([^"]+)"/)?.[1] ?? null,
  };
}

const sibling = pkg('zz-other', 'tools/zz-other', '0.1.0');

describe('tags of a package in a shape nobody configured', () => {
  it.each([
    [
      'a prefix before the name',
      'python-core-v1.4.1',
      pkg('core', 'packages/core', '0.1.0'),
      'python-{name}-v{version}',
    ],
    [
      'the folder and ==',
      'chroma==4.4.0',
      pkg('chroma-haystack', 'integrations/chroma', '0.1.0'),
      '{dir}=={version}',
    ],
    [
      'a short name that is the folder',
      'cli==0.4.2',
      pkg('langgraph-cli', 'libs/cli', '0.1.0'),
      '{dir}=={version}',
    ],
    [
      'a short name that is part of the name',
      'sdk==0.4.2',
      pkg('langgraph-sdk', 'libs/sdk-py', '0.1.0'),
      'sdk=={version}',
    ],
    [
      'the folder with its separators removed',
      'checkpointpostgres==3.1.1',
      pkg('langgraph-checkpoint-postgres', 'libs/checkpoint-postgres', '0.1.0'),
      'checkpointpostgres=={version}',
    ],
    [
      'another case and separator',
      'Core_Lib-V2.0.0',
      pkg('core-lib', 'libs/corelib', '0.1.0'),
      '{name}-V{version}',
    ],
    [
      'the folder path',
      'libs/genai/v4.3.5',
      pkg('langchain-google-genai', 'libs/genai', '0.1.0'),
      '{path}/v{version}',
    ],
  ])('%s (%s): not released, the tag and a tag-format that reads it named', (_, tag, p, format) => {
    const found = lookalike([tag], [p, sibling], p.name);
    expect(found.next).toBeNull();
    expect(found.reason).toMatch(
      new RegExp(`^tags such as ${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} look like`),
    );
    expect(found.format).toBe(format);
    // The format it names reads the tag: set, the package goes on from the tagged version.
    const configured = pkg(p.name, p.path, '0.1.0', { 'tag-format': format });
    const plan = found.story.plan('final', [configured, sibling]).packages[0];
    expect(plan.previous?.tag).toBe(tag);
    expect(plan.next?.text).not.toBeNull();
  });

  it("gives a tag to the package it names best: another package's longer name is never taken", () => {
    const checkpoint = pkg('langgraph-checkpoint', 'libs/checkpoint', '0.1.0');
    const postgres = pkg('langgraph-checkpoint-postgres', 'libs/checkpoint-postgres', '0.1.0');
    const tags = ['checkpointpostgres==3.1.1', 'core-utils-v3.0.0'];
    expect(lookalike(tags, [checkpoint, postgres], 'langgraph-checkpoint').next).toBe('0.1.0');
    expect(lookalike(tags, [checkpoint, postgres], 'langgraph-checkpoint-postgres').next).toBeNull();
    // `core-utils` names a package core-utils, not core.
    expect(lookalike(tags, [pkg('core', 'libs/core', '0.1.0'), sibling], 'core').next).toBe('0.1.0');
    // A tag no package's name or folder is in says nothing.
    expect(
      lookalike(['release-2024.01.15', 'v1.0.0'], [pkg('core', 'libs/core', '0.1.0'), sibling], 'core').next,
    ).toBe('0.1.0');
  });

  it.each([
    ['api-v2.0.0', 'api-client', 'libs/api-client'],
    ['client-v3.1.0', 'acme-client', 'clients/acme-client'],
    ['docs-v1.0.0', 'acme-docs-theme', 'themes/acme-docs-theme'],
    ['web-v3.0.0', 'my-web-app', 'apps/my-web-app'],
    ['release-2024.1', 'release-tools', 'tools/release-tools'],
    ['build-1234', 'build-utils', 'tools/build-utils'],
  ])(
    "another tool's tag %s does not hold back %s, whose name only shares a word with it",
    (tag, name, path) => {
      expect(lookalike([tag], [pkg(name, path, '0.1.0'), sibling], name).next).toBe('0.1.0');
    },
  );

  it.each([
    ['core-1.0.0-final', '{name}-{version}-final'],
    ['core-v1.0.0-py', '{name}-v{version}-py'],
    ['core-1.0.0.final', '{name}-{version}.final'],
    ['core-python-v1.0.0', '{name}-python-v{version}'],
    ['core-py-1.0.0', '{name}-py-{version}'],
    ['core-py-v1.0.0', '{name}-py-v{version}'],
  ])('reads %s, with a word after the version or the language after the name', (tag, format) => {
    const p = pkg('core', 'libs/core', '1.0.0');
    const found = lookalike([tag], [p, sibling], 'core');
    expect([found.next, found.format]).toEqual([null, format]);
    const configured = pkg('core', 'libs/core', '1.0.0', { 'tag-format': format });
    expect(found.story.plan('final', [configured, sibling]).packages[0].previous?.tag).toBe(tag);
  });

  it('names the newest of several such tags', () => {
    const p = pkg('core', 'packages/core', '0.1.0');
    const found = lookalike(
      ['python-core-v1.4.1', 'python-core-v1.10.0', 'python-core-v1.9.0'],
      [p, sibling],
      'core',
    );
    expect(found.reason).toMatch(/^tags such as python-core-v1\.10\.0 look like/);
  });

  it('any spelling of the name, the folder name or the folder path, with any prefix and separator', () => {
    const word = fc.constantFrom('core', 'lib', 'graph', 'sdk', 'postgres', 'chroma', 'ai');
    const words = fc.uniqueArray(word, { minLength: 1, maxLength: 3 });
    const joiner = fc.constantFrom('-', '_', '.', '', '/');
    const spelling = fc.record({
      name: words,
      folder: words,
      parents: fc.array(fc.constantFrom('libs', 'packages', 'integrations'), { maxLength: 2 }),
      which: fc.constantFrom('name', 'dir', 'path'),
      join: joiner,
      upper: fc.boolean(),
      prefix: fc.constantFrom('', 'python-', 'release/', 'pkg_'),
      before: fc.constantFrom('-v', '-', '==', '@', '/v', '_v', '/', '.v', '-V'),
      version: fc.constantFrom('1.4.1', '0.4.2', '3.1.1rc2', '2.0.0.post1'),
    });
    fc.assert(
      fc.property(spelling, (g) => {
        const folder = [...g.parents, g.folder.join('-')].join('/');
        const p = pkg(g.name.join('-'), folder, '0.1.0');
        const identity =
          g.which === 'name' ? g.name : g.which === 'dir' ? g.folder : [...g.parents, ...g.folder];
        let label = identity.join(g.join);
        if (g.upper) label = label.toUpperCase();
        const tag = `${g.prefix}${label}${g.before}${g.version}`;
        const found = lookalike([tag], [p, sibling], p.name);
        // A tag in the default shape (`core-v1.4.1`) is its own.
        if (found.own.includes(tag)) return;
        expect(found.next).toBeNull();
        expect(found.reason?.startsWith(`tags such as ${tag} look like its releases`)).toBe(true);
        if (found.format) {
          const configured = pkg(p.name, p.path, '0.1.0', { 'tag-format': found.format });
          const own = found.story.plan('final', [configured, sibling]).packages[0].tags.map((t) => t.tag);
          expect(own).toEqual([tag]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
