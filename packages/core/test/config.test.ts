import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import { validateConfigTable } from '../src/config/keys.js';
import { readRepositoryConfig } from '../src/config/repository-config.js';
import { parseToml } from '../src/toml/pyproject.js';

const root = (toml: string) => readRepositoryConfig(parseToml(toml, 'pyproject.toml'), null);
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('[tool.pyrelease] (pure)', () => {
  it('reads the root keys from pyproject.toml or pyrelease.toml, and nothing when there is none', () => {
    expect(
      root('[tool.pyrelease]\ntag-format = "{name}@{version}"\nexclude = ["examples/*"]\n'),
    ).toMatchObject({
      file: 'pyproject.toml',
      packages: undefined,
      exclude: ['examples/*'],
      tagFormat: '{name}@{version}',
    });
    expect(readRepositoryConfig(null, 'packages = ["libs/*"]\n')).toMatchObject({
      file: 'pyrelease.toml',
      packages: ['libs/*'],
    });
    expect(root('[project]\nname = "x"\n')).toEqual({ file: null, table: null });
  });

  it('names the file and the key of every mistake, in one line', () => {
    expect(refusal(() => root('[tool.pyrelease]\ntag_format = "{name}"\n'))).toBe(
      'pyproject.toml: [tool.pyrelease] has an unknown key "tag_format" (did you mean "tag-format"?); known keys: packages, exclude, tag-format, skip, previous-tag-formats, changelog, version-files, ignore-paths, bump, initial-version, line, release-branches, pin-workspace-dependencies, cascade, api-check, api-modules, groups, changelog-sections',
    );
    expect(refusal(() => root('[tool.pyrelease]\nexclude = "examples/*"\n'))).toBe(
      'pyproject.toml: [tool.pyrelease].exclude must be a list of folder globs, got "examples/*"',
    );
    expect(refusal(() => root('[tool.pyrelease]\ntag-format = 3\n'))).toBe(
      'pyproject.toml: [tool.pyrelease].tag-format must be a string such as "{name}-v{version}", got 3',
    );
    expect(refusal(() => validateConfigTable({ packages: ['a'] }, 'libs/a/pyproject.toml', 'package'))).toBe(
      "libs/a/pyproject.toml: [tool.pyrelease].packages belongs in the repository's root configuration (root pyproject.toml or pyrelease.toml), not in a package's",
    );
    expect(refusal(() => root('[tool.pyrelease]\nchangelog-sections = ["feat"]\n'))).toBe(
      'pyproject.toml: [tool.pyrelease].changelog-sections must be a table such as { perf = "Performance", docs = false }, got an array ["feat"]',
    );
    expect(refusal(() => readRepositoryConfig(parseToml('[tool.pyrelease]\n', 'pyproject.toml'), ''))).toBe(
      'pyrelease.toml and pyproject.toml [tool.pyrelease] both configure pyrelease: keep one of them',
    );
    expect(refusal(() => readRepositoryConfig(null, 'tag-format = [\n'))).toMatch(
      /^pyrelease\.toml:\d+:\d+: invalid TOML: /,
    );
  });
});
