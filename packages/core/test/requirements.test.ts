import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import {
  internalRequirementsOf,
  isReadableRequirement,
  movedRequirementText,
  parseRequirement,
} from '../src/dependencies/requirements.js';
import { parseToml } from '../src/toml/pyproject.js';
import { setRequirementText } from '../src/updaters/requirements.js';
import { parseVersion } from '../src/versioning/version.js';

describe('PEP 508 requirements on siblings (pure)', () => {
  it('finds the specifier whatever surrounds it', () => {
    const req = (text: string) => {
      const r = parseRequirement(text);
      return r && [r.name, r.specifier, text.slice(r.start, r.end), r.direct];
    };
    expect(req('Alpha_Core[x,y] >=1.0,<2 ; python_version >= "3.9"')).toEqual([
      'alpha-core',
      '>=1.0,<2',
      '>=1.0,<2',
      false,
    ]);
    expect(req('alpha (>=1.0)')).toEqual(['alpha', '>=1.0', '>=1.0', false]);
    expect(req('alpha')).toEqual(['alpha', '', '', false]);
    expect(req('alpha @ file:///x')).toEqual(['alpha', '', '', true]);
  });

  it('reads Poetry constraints as Poetry writes them', () => {
    const poetry = (specifier: string) => ({
      on: 'a',
      specifier,
      key: ['tool', 'poetry', 'dependencies', 'a'],
      index: null,
      text: specifier,
    });
    expect(movedRequirementText(poetry('1.0.0'), parseVersion('1.1.0'))).toBe('1.1.0');
    expect(movedRequirementText(poetry('>=1.0 <2.0'), parseVersion('2.0.0'))).toBe('>=2.0.0 <3.0');
    expect(movedRequirementText(poetry('^1.2'), parseVersion('1.9.0'))).toBeNull();
    expect(isReadableRequirement(poetry('^1.0 || ^0.9'))).toBe(false);
  });

  it('lists requirements on known packages from [project] and Poetry, and rewrites one surgically', () => {
    const text = `[project]
name = "beta"
version = "1.0.0"
dependencies = [
    "requests>=2",   # not ours
    "alpha[x]>=1.0,<2 ; python_version >= '3.9'",
]
[project.optional-dependencies]
extra = ['gamma==1.0.0']
[tool.poetry.dependencies]
alpha = "^1.2"
gamma = { version = "~1.0", optional = true }
`;
    const doc = parseToml(text, 'libs/beta/pyproject.toml');
    const found = internalRequirementsOf(doc, new Set(['alpha', 'beta', 'gamma']), 'beta');
    expect(found.map((r) => [r.on, r.key.join('.'), r.index, r.specifier])).toEqual([
      ['alpha', 'project.dependencies', 1, '>=1.0,<2'],
      ['gamma', 'project.optional-dependencies.extra', 0, '==1.0.0'],
      ['alpha', 'tool.poetry.dependencies.alpha', null, '^1.2'],
      ['gamma', 'tool.poetry.dependencies.gamma.version', null, '~1.0'],
    ]);
    const moved = setRequirementText(
      text,
      'libs/beta/pyproject.toml',
      found[0],
      "alpha[x]>=2.0.0,<3 ; python_version >= '3.9'",
    );
    expect(moved).toBe(text.replace('alpha[x]>=1.0,<2 ;', 'alpha[x]>=2.0.0,<3 ;'));
    expect(setRequirementText(text, 'f', found[3], '~2.0')).toBe(text.replace('"~1.0"', '"~2.0"'));
    expect(() => setRequirementText(text, 'libs/beta/pyproject.toml', found[1], "gamma==2'")).toThrow(
      UserError,
    );
  });
});
