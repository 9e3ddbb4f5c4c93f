import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import { escapeRegExp } from '../src/text.js';
import { parseToml, readPyProject } from '../src/toml/pyproject.js';
import { setPyProjectVersion } from '../src/updaters/pyproject-version.js';
import { parseVersion } from '../src/versioning/version.js';

const PEP621_WITH_COMMENTS = `# Top comment: keep me
[build-system]
requires = ["hatchling>=1.20"]  # pinned
build-backend = "hatchling.build"

[project]
name = 'Aetherflow_Core'   # single quotes on purpose
description = """
A multi-line description that mentions
[tool.poetry]
version = "9.9.9"
"""
version   =   '0.1.0'    # the version, spaced oddly
dependencies = [
  "requests>=2",  # comment inside an array
  ["nested", "version = 'x'"],
]
urls = { Homepage = "https://example.com", version = "1" }

[tool.pyrelease]
version = "not this one"
`;

const POETRY = `[tool.poetry]
name = "aetherflow-scheduler"
# The version poetry reads:
version = "1.2.3"
description = "Scheduler"

[tool.poetry.dependencies]
python = "^3.11"
`;

describe('reading pyproject.toml', () => {
  it('reads name and version from [project], whatever the quoting', () => {
    const info = readPyProject(PEP621_WITH_COMMENTS, 'packages/core/pyproject.toml');
    expect(info).toMatchObject({
      name: 'Aetherflow_Core',
      versionTable: 'project',
      version: { text: '0.1.0' },
    });
  });

  it('reads [tool.poetry]', () => {
    expect(readPyProject(POETRY, 'p/pyproject.toml')).toMatchObject({
      name: 'aetherflow-scheduler',
      versionTable: 'tool.poetry',
      version: { text: '1.2.3' },
    });
  });

  it('reads Poetry 2 files whose [project] declares the version dynamic', () => {
    const text = `[project]\nname = "x"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "2.0.0"\n`;
    expect(readPyProject(text, 'x/pyproject.toml')).toMatchObject({
      versionTable: 'tool.poetry',
      version: { text: '2.0.0' },
    });
  });

  it('refuses a dynamic version, naming the file', () => {
    const text = `[project]\nname = "x"\ndynamic = ["version"]\n`;
    expect(() => readPyProject(text, 'libs/x/pyproject.toml')).toThrow(
      'libs/x/pyproject.toml: [project] declares dynamic = ["version"]; pyrelease needs a static version string in [project].version',
    );
  });

  it('refuses a missing version or name, naming the file', () => {
    expect(() => readPyProject('[project]\nname = "x"\n', 'x/pyproject.toml')).toThrow(
      'x/pyproject.toml: [project] has no version',
    );
    expect(() => readPyProject('[project]\nversion = "1.0"\n', 'x/pyproject.toml')).toThrow(
      'x/pyproject.toml: no project name',
    );
    expect(() => readPyProject('[project]\nname = "x"\nversion = "one"\n', 'x/pyproject.toml')).toThrow(
      'x/pyproject.toml: [project].version "one" is not a valid PEP 440 version',
    );
    expect(() => readPyProject('[project]\nname = "bad name!"\nversion = "1"\n', 'x/pyproject.toml')).toThrow(
      'x/pyproject.toml: project name "bad name!" is not a valid Python distribution name',
    );
  });

  it('reports malformed TOML with file, line and column on one line', () => {
    const text = '[project]\nname = "x"\nversion = "1.0\n';
    let error: unknown;
    try {
      readPyProject(text, 'pkg/pyproject.toml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^pkg\/pyproject\.toml:3:\d+: invalid TOML: \S/);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([
    ['name = "x\nversion = "1"\n', 'unterminated string: the closing quote is missing'],
    ["name = 'x\n", 'unterminated string: the closing quote is missing'],
    ['name = "x', 'unterminated string: the closing quote is missing'],
    ['[project\nname = "x"\n', 'unterminated table header: the closing ] is missing'],
    ['name "x"\n', 'expected key = value (a key holds letters, digits, - and _; quote it otherwise)'],
    ['a = 1\na = 2\n', 'this key or table is defined twice'],
    ['a = [1, 2\n', 'unterminated list or inline table: a comma or the closing ] or } is missing'],
    ['a = 1 b\n', 'unexpected text after the value: one key = value per line'],
    ['a = hello\n', 'invalid value: text needs quotes, and true and false are lower case'],
  ])('says what is wrong with %j in words a person knows', (text, words) => {
    expect(() => parseToml(text, 'pyproject.toml')).toThrow(
      new RegExp(`^pyproject\\.toml:\\d+:\\d+: invalid TOML: ${escapeRegExp(words)}$`),
    );
  });
});

describe('surgical version rewrite', () => {
  it('changes only the version string and keeps its quote style', () => {
    const out = setPyProjectVersion(PEP621_WITH_COMMENTS, 'p/pyproject.toml', parseVersion('0.2.0rc1'));
    expect(out).toBe(PEP621_WITH_COMMENTS.replace("version   =   '0.1.0'", "version   =   '0.2.0rc1'"));
  });

  it('rewrites Poetry files and keeps comments, CRLF line endings and a BOM', () => {
    const crlf = '\uFEFF' + POETRY.replace(/\n/g, '\r\n');
    const out = setPyProjectVersion(crlf, 'p/pyproject.toml', parseVersion('1.3.0'));
    expect(out).toBe(crlf.replace('version = "1.2.3"', 'version = "1.3.0"'));
  });

  it('finds a dotted key and a quoted key', () => {
    const dotted = '[tool]\npoetry.name = "x"\npoetry.version = "1.0" # dotted\n';
    expect(setPyProjectVersion(dotted, 'p', parseVersion('1.1'))).toBe(dotted.replace('"1.0"', '"1.1"'));
    const quoted = '[project]\nname = "x"\n"version" = "1.0"\n';
    expect(setPyProjectVersion(quoted, 'p', parseVersion('2.0'))).toBe(quoted.replace('"1.0"', '"2.0"'));
  });

  it('edits the version of [project] even when a nested table also has one', () => {
    const text = '[project]\nname = "x"\nversion = "1.0"\n\n[project.urls]\nversion = "https://x/1.0"\n';
    expect(setPyProjectVersion(text, 'p', parseVersion('1.1'))).toBe(
      text.replace('version = "1.0"', 'version = "1.1"'),
    );
  });

  it('accepts 64-bit integers beyond 2^53 and keeps them exact', () => {
    const text = '[project]\nname = "x"\nversion = "1.0"\n\n[tool.x]\nseed = 9007199254740993\n';
    expect(setPyProjectVersion(text, 'p', parseVersion('1.1'))).toBe(text.replace('"1.0"', '"1.1"'));
  });

  it('refuses a version it cannot rewrite as a one-line string', () => {
    const multiline = '[project]\nname = "x"\nversion = """1.0"""\n';
    expect(() => setPyProjectVersion(multiline, 'p/pyproject.toml', parseVersion('1.1'))).toThrow(
      'p/pyproject.toml: cannot locate [project].version as a one-line string to rewrite',
    );
    const inline = 'project = { name = "x", version = "1.0" }\n';
    expect(() => setPyProjectVersion(inline, 'p/pyproject.toml', parseVersion('1.1'))).toThrow(UserError);
  });

  it('refuses to write when the located span is not exactly the version (a scanner mistake)', () => {
    const text = '[project]\nname = "x"\nversion = "1.0"\nother = "1.0"\n';
    const otherStart = text.indexOf('"1.0"', text.indexOf('other'));
    const wrongSpan = () => [{ path: ['project', 'version'], start: otherStart, end: otherStart + 5 }];
    expect(() => setPyProjectVersion(text, 'p/pyproject.toml', parseVersion('2.0'), wrongSpan)).toThrow(
      'p/pyproject.toml: refusing to write: rewriting the version would change more than the version',
    );
    const brokenSpan = () => [
      { path: ['project', 'version'], start: text.indexOf('"1.0"'), end: text.length },
    ];
    expect(() => setPyProjectVersion(text, 'p/pyproject.toml', parseVersion('2.0'), brokenSpan)).toThrow(
      'refusing to write',
    );
  });

  it('keeps escapes exact and never writes a file that does not parse', () => {
    // An escape sequence that spells the version: replacing the raw characters is still exact.
    const escaped = '[project]\nname = "x"\nversion = "1.0\\u0030"\n';
    expect(setPyProjectVersion(escaped, 'p', parseVersion('2.0'))).toBe(
      '[project]\nname = "x"\nversion = "2.0"\n',
    );
    // A literal string cannot hold a quote, so this file does not parse and nothing is written.
    expect(() =>
      setPyProjectVersion("[project]\nname='x'\nversion='1.0'x'\n", 'p/pyproject.toml', parseVersion('2.0')),
    ).toThrow(/^p\/pyproject\.toml:3:\d+: invalid TOML/);
  });
});
