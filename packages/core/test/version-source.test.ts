import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import { readRepositoryConfig } from '../src/config/repository-config.js';
import { parseToml } from '../src/toml/pyproject.js';
import { versionUpdatersOf } from '../src/updaters/version-files.js';
import { locateVersionSource } from '../src/version-sources/locate.js';
import { findVersionSpan, setVersionInFile } from '../src/version-sources/version-file.js';
import { parseVersion } from '../src/versioning/version.js';
import { discoverPackages } from '../src/workspace/discovery.js';
import { PackageOwnership } from '../src/workspace/ownership.js';

const where = (toml: string, files: string[] = [], folder = 'pkg') =>
  locateVersionSource(
    parseToml(toml, `${folder}/pyproject.toml`),
    `${folder}/pyproject.toml`,
    folder,
    new Set(files),
  );

const hatchling = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
const dynamic = '[project]\nname = "pkg"\ndynamic = ["version"]\n';

describe('where a version lives (pure)', () => {
  it('takes a static version from [project] or [tool.poetry] first', () => {
    expect(where('[project]\nname = "pkg"\nversion = "1.0"\n')).toEqual({
      kind: 'pyproject',
      file: 'pkg/pyproject.toml',
      table: 'project',
    });
    expect(where(`${dynamic}[tool.poetry]\nversion = "2.0"\n`)).toMatchObject({
      kind: 'pyproject',
      table: 'tool.poetry',
    });
    expect(where('[tool.poetry]\nname = "pkg"\nversion = "2.0"\n')).toMatchObject({ table: 'tool.poetry' });
  });

  it('follows a dynamic version to the file that holds it', () => {
    expect(
      where(`${hatchling}${dynamic}[tool.hatch.version]\npath = "src/pkg/__about__.py"\n`, [
        'pkg/src/pkg/__about__.py',
      ]),
    ).toEqual({
      kind: 'file',
      file: 'pkg/src/pkg/__about__.py',
      format: { kind: 'assignment', names: ['__version__', 'VERSION'], hatch: true },
      via: '[tool.hatch.version] path',
    });
    const setuptools =
      '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n';
    expect(
      where(`${setuptools}${dynamic}[tool.setuptools.dynamic]\nversion = {attr = "pkg.__version__"}\n`, [
        'pkg/src/pkg/__init__.py',
      ]),
    ).toMatchObject({
      kind: 'file',
      file: 'pkg/src/pkg/__init__.py',
      format: { kind: 'assignment', names: ['__version__'] },
    });
    expect(
      where(
        `${setuptools}${dynamic}[tool.setuptools.dynamic]\nversion = {attr = "pkg.meta.VERSION"}\n[tool.setuptools.package-dir]\n"" = "lib"\n`,
        ['pkg/lib/pkg/meta.py'],
      ),
    ).toMatchObject({
      file: 'pkg/lib/pkg/meta.py',
      format: { names: ['VERSION'] },
    });
    expect(
      where(`${setuptools}${dynamic}[tool.setuptools.dynamic]\nversion = {file = ["VERSION"]}\n`, [
        'pkg/VERSION',
      ]),
    ).toMatchObject({
      file: 'pkg/VERSION',
      format: { kind: 'text' },
    });
    const flit = '[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n';
    expect(
      where(`${flit}[project]\nname = "my-pkg"\ndynamic = ["version", "description"]\n`, ['pkg/my_pkg.py']),
    ).toMatchObject({ file: 'pkg/my_pkg.py' });
    const pdm = '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n';
    expect(
      where(`${pdm}${dynamic}[tool.pdm.version]\nsource = "file"\npath = "src/pkg/__init__.py"\n`, [
        'pkg/src/pkg/__init__.py',
      ]),
    ).toMatchObject({ file: 'pkg/src/pkg/__init__.py' });
  });

  it('knows the backends that derive the version from git, and the setting that picks their tags', () => {
    expect(where(`${hatchling}${dynamic}[tool.hatch.version]\nsource = "vcs"\n`)).toEqual({
      kind: 'vcs',
      backend: 'hatch-vcs',
      tagSetting: '[tool.hatch.version] tag-pattern (or raw-options)',
    });
    expect(
      where(
        `[build-system]\nrequires = ["setuptools", "setuptools_scm[toml]>=8"]\nbuild-backend = "setuptools.build_meta"\n${dynamic}`,
      ),
    ).toMatchObject({ backend: 'setuptools-scm' });
    expect(
      where(
        `[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n${dynamic}[tool.pdm.version]\nsource = "scm"\n`,
      ),
    ).toMatchObject({ backend: 'pdm scm' });
    expect(
      where(`${dynamic}[tool.poetry]\nversion = "0.0.0"\n[tool.poetry-dynamic-versioning]\nenable = true\n`),
    ).toMatchObject({ backend: 'poetry-dynamic-versioning' });
    expect(
      where(`${hatchling}${dynamic}[tool.hatch.version]\nsource = "uv-dynamic-versioning"\n`),
    ).toMatchObject({ backend: 'uv-dynamic-versioning' });
    // versioningit: setuptools' plugin by its requirement or its table, or hatch's source.
    const versioningit = {
      kind: 'vcs',
      backend: 'versioningit',
      tagSetting: '[tool.versioningit.vcs] match (and [tool.versioningit.tag2version] rmprefix)',
    };
    expect(
      where(
        `[build-system]\nrequires = ["setuptools", "versioningit>=3"]\nbuild-backend = "setuptools.build_meta"\n${dynamic}`,
      ),
    ).toEqual(versioningit);
    expect(where(`${dynamic}[tool.versioningit.vcs]\nmatch = ["pkg-v*"]\n`)).toEqual(versioningit);
    expect(where(`${hatchling}${dynamic}[tool.hatch.version]\nsource = "versioningit"\n`)).toEqual(
      versioningit,
    );
  });

  it('says why a dynamic version cannot be placed', () => {
    expect(where(`${hatchling}${dynamic}[tool.hatch.version]\npath = "src/pkg/__about__.py"\n`)).toEqual({
      unplaceable: '[tool.hatch.version] path names src/pkg/__about__.py, which does not exist in pkg',
    });
    expect(
      where(`${hatchling}${dynamic}[tool.hatch.version]\npath = "v.py"\npattern = "V = (?P<version>.+)"\n`, [
        'pkg/v.py',
      ]),
    ).toMatchObject({
      unplaceable: expect.stringContaining('pattern is custom'),
    });
    expect(where(`[build-system]\nbuild-backend = "maturin"\n${dynamic}`)).toMatchObject({
      unplaceable: expect.stringContaining('Cargo.toml'),
    });
    expect(where(`[build-system]\nbuild-backend = "setuptools.build_meta"\n${dynamic}`)).toMatchObject({
      unplaceable: expect.stringContaining('setup.py or setup.cfg'),
    });
    // A source pyrelease does not know is named as unknown, not as one it cannot write.
    expect(where(`${hatchling}${dynamic}[tool.hatch.version]\nsource = "code"\n`)).toEqual({
      unplaceable:
        '[tool.hatch.version] source = "code" is a version source pyrelease does not know (it knows regex, vcs, uv-dynamic-versioning and versioningit)',
    });
    expect(where(`[build-system]\nbuild-backend = "mybackend.build"\n${dynamic}`)).toEqual({
      unplaceable:
        'build backend "mybackend.build" derives the version in a way pyrelease does not know: give [project] a static version, or a version file pyrelease writes',
    });
  });
});

describe('version files (pure)', () => {
  const assignment = { kind: 'assignment', names: ['__version__', 'VERSION'] } as const;

  it('finds the one top-level assignment and rewrites only its version', () => {
    const text =
      '"""Docs."""\n# __version__ = "0.0.0" in a comment does not count\n__version__: str = \'v1.2.0\'  # keep\n\ndef f():\n    __version__ = "9"\n';
    expect(findVersionSpan(text, assignment)).toMatchObject({ prefix: 'v', version: { text: '1.2.0' } });
    expect(setVersionInFile(text, 'a.py', assignment, parseVersion('1.3.0rc1'))).toBe(
      text.replace("'v1.2.0'", "'v1.3.0rc1'"),
    );
    expect(setVersionInFile('  1.0.0\n', 'VERSION', { kind: 'text' }, parseVersion('1.0.1'))).toBe(
      '  1.0.1\n',
    );
  });

  it('refuses a file it cannot read a version from, naming it', () => {
    expect(findVersionSpan('__version__ = "1"\nVERSION = "1"\n', assignment)).toBe(
      'it assigns __version__ or VERSION 2 times',
    );
    expect(findVersionSpan('version = get()\n', assignment)).toBe(
      'it has no top-level __version__ or VERSION = "<version>" line',
    );
    expect(findVersionSpan('__version__ = "banana"\n', assignment)).toBe('"banana" is not a PEP 440 version');
    expect(() => setVersionInFile('x = 1\n', 'src/a.py', assignment, parseVersion('1.0'))).toThrow(
      new UserError(
        'src/a.py: cannot rewrite its version: it has no top-level __version__ or VERSION = "<version>" line',
      ),
    );
  });
});

describe('discovery of real layouts (pure)', () => {
  function tree(files: Record<string, string>) {
    return { paths: Object.keys(files), read: (p: string) => files[p] ?? null };
  }

  it('lists what cannot be released, with the reason, and releases the rest', () => {
    const { paths, read } = tree({
      'pyproject.toml': '[tool.pyrelease]\nexclude = ["examples/*"]\n',
      'libs/a/pyproject.toml': `${hatchling}[project]\nname = "a"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "a/__init__.py"\n`,
      'libs/a/a/__init__.py': '__version__ = "0.4.0"\n',
      'libs/legacy/setup.py': 'setup()\n',
      'libs/cfg/pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n',
      'libs/cfg/setup.cfg': '[metadata]\nname = cfg\n',
      'libs/rust/pyproject.toml': `[build-system]\nbuild-backend = "maturin"\n[project]\nname = "rust"\ndynamic = ["version"]\n`,
      'libs/off/pyproject.toml': '[project]\nname = "off"\nversion = "1.0"\n[tool.pyrelease]\nskip = true\n',
      'examples/a/pyproject.toml': '[project]\nname = "a"\nversion = "0.0.1"\n',
    });
    const config = readRepositoryConfig(parseToml(read('pyproject.toml') as string, 'pyproject.toml'), null);
    const found = discoverPackages(paths, read, { config, exclude: config.exclude });
    expect(found.packages.map((p) => [p.name, p.version?.text, p.versionSource.kind])).toEqual([
      ['a', '0.4.0', 'file'],
    ]);
    expect(versionUpdatersOf(found.packages[0]).map((u) => u.file)).toEqual(['libs/a/a/__init__.py']);
    expect(found.unreleased).toEqual([
      {
        path: 'libs/cfg',
        name: null,
        reason: 'its project metadata is in setup.py or setup.cfg, which pyrelease does not write',
      },
      {
        path: 'libs/legacy',
        name: null,
        reason: 'only setup.py: pyrelease reads versions from pyproject.toml',
      },
      { path: 'libs/off', name: 'off', reason: 'skip = true in libs/off/pyproject.toml' },
      {
        path: 'libs/rust',
        name: 'rust',
        reason: 'maturin takes the version from Cargo.toml, which pyrelease does not write',
      },
    ]);
    // Named exactly, a folder that cannot be released is an error; matched by a wildcard, it is listed.
    expect(() => discoverPackages(paths, read, { globs: ['libs/rust'] })).toThrow(
      'packages: libs/rust cannot be released: maturin takes the version from Cargo.toml, which pyrelease does not write',
    );
    expect(discoverPackages(paths, read, { globs: ['libs/*'] }).unreleased.map((u) => u.path)).toEqual([
      'libs/cfg',
      'libs/legacy',
      'libs/off',
      'libs/rust',
    ]);
  });

  it('lists a version it cannot read, keeps a shipped template in its package, and flit dotted modules', () => {
    const { paths, read } = tree({
      'libs/b/pyproject.toml':
        '[build-system]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "b"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = {attr = "b.__version__"}\n',
      'libs/b/src/b/__init__.py': 'from ._version import __version__\n',
      'libs/core/pyproject.toml': '[project]\nname = "core"\nversion = "1.0"\n',
      'libs/core/src/core/templates/default/setup.py': 'setup()\n',
      'libs/f/pyproject.toml':
        '[build-system]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "acme.tools"\ndynamic = ["version"]\n',
      'libs/f/acme/tools/__init__.py': '__version__ = "3.0"\n',
      'libs/h/pyproject.toml': `${hatchling}[project]\nname = "h"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "h.py"\n`,
      // hatch searches: the first match wins, in any case, as hatch reads it.
      'libs/h/h.py': '"""\nversion = "0.0.1" in an example\n"""\n__version__ = "2.0"\n',
    });
    const found = discoverPackages(paths, read);
    expect(found.packages.map((p) => [p.name, p.version?.text])).toEqual([
      ['core', '1.0'],
      ['acme-tools', '3.0'],
      ['h', '0.0.1'],
    ]);
    expect(found.unreleased.map((u) => [u.path, u.reason])).toEqual([
      [
        'libs/b',
        '[tool.setuptools.dynamic] version attr names libs/b/src/b/__init__.py, but it has no top-level __version__ = "<version>" line',
      ],
      ['libs/core/src/core/templates/default', 'only setup.py: pyrelease reads versions from pyproject.toml'],
    ]);
    const ownership = new PackageOwnership(found.packages, found.unreleased);
    expect(ownership.ownerOf('libs/core/src/core/templates/default/setup.py')?.name).toBe('core');
    expect(() => discoverPackages(paths, read, { globs: ['libs/*', 'libs/b'] })).toThrow(
      /^packages: libs\/b cannot be released: /,
    );
  });

  it('takes uv member globs as uv does: one that matches nothing is fine, a named member needs its pyproject.toml', () => {
    const { paths, read } = tree({ 'packages/a/pyproject.toml': '[project]\nname = "a"\nversion = "1.0"\n' });
    const found = discoverPackages(paths, read, {
      globs: ['packages/*', 'plugins/*', 'tools/cli'],
      globsFrom: 'pyproject.toml [tool.uv.workspace] members',
      globsNameFolders: false,
    });
    expect(found.packages.map((p) => p.name)).toEqual(['a']);
    expect(found.unreleased).toEqual([
      {
        path: 'tools/cli',
        name: null,
        reason: 'pyproject.toml [tool.uv.workspace] members names it, but it has no pyproject.toml',
      },
    ]);
  });

  it('merges the root defaults with a package table, the package winning', () => {
    const { paths, read } = tree({
      'pyproject.toml':
        '[tool.pyrelease]\ntag-format = "{dir}/v{version}"\nignore-paths = ["docs/**"]\n[tool.pyrelease.bump]\nminor = []\npatch = ["feat", "fix"]\n',
      'libs/a/pyproject.toml':
        '[project]\nname = "a"\nversion = "1.0"\n[tool.pyrelease]\ntag-format = "a-{version}"\nchangelog = "docs/CHANGES.md"\nversion-files = ["src/a/_v.py"]\n',
      'libs/a/src/a/_v.py': '__version__ = "1.0"\n',
      'libs/b/pyproject.toml':
        '[project]\nname = "b"\nversion = "1.0"\n[tool.pyrelease]\nchangelog = false\ninitial-version = "1.0.0"\n',
    });
    const config = readRepositoryConfig(parseToml(read('pyproject.toml') as string, 'pyproject.toml'), null);
    const [a, b] = discoverPackages(paths, read, { config }).packages;
    expect(a.settings).toMatchObject({
      tagFormat: 'a-{version}',
      ignorePaths: ['docs/**'],
      bump: { minor: [], patch: ['feat', 'fix'] },
    });
    expect(a.changelogPath).toBe('libs/a/docs/CHANGES.md');
    expect(versionUpdatersOf(a).map((u) => u.file)).toEqual(['libs/a/pyproject.toml', 'libs/a/src/a/_v.py']);
    expect(b).toMatchObject({
      changelogPath: null,
      settings: { tagFormat: '{dir}/v{version}', initialVersion: { text: '1.0.0' } },
    });
  });

  it('names the file and key of a bad package setting', () => {
    const bad = (table: string) => {
      const { paths, read } = tree({
        'a/pyproject.toml': `[project]\nname = "a"\nversion = "1.0"\n[tool.pyrelease]\n${table}`,
      });
      try {
        discoverPackages(paths, read);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error('expected a UserError');
    };
    expect(bad('bump = { major = ["feat"] }\n')).toBe(
      'a/pyproject.toml: [tool.pyrelease.bump] has an unknown key "major"; known keys: minor, patch, non-conventional, pre-major (a breaking change is always major)',
    );
    expect(bad('bump = { non-conventional = "minor" }\n')).toBe(
      'a/pyproject.toml: [tool.pyrelease.bump].non-conventional must be "patch" or "ignore", got "minor"',
    );
    expect(bad('initial-version = "one"\n')).toMatch(
      /^a\/pyproject\.toml: \[tool\.pyrelease\]\.initial-version/,
    );
    expect(bad('version-files = ["../b/x.py"]\n')).toBe(
      'a/pyproject.toml: [tool.pyrelease].version-files must be a path inside the package folder (POSIX, no ..), got "../b/x.py"',
    );
    expect(bad('version-files = ["x.py"]\n')).toBe(
      'a/pyproject.toml: [tool.pyrelease].version-files names a/x.py, which does not exist',
    );
    expect(bad('line = "0.6"\n')).toMatch(/belongs in the repository's root configuration/);
  });
});
