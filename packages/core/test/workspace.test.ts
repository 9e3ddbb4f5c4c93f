import { describe, expect, it } from '@jest/globals';
import { discoverPackages } from '../src/workspace/discovery.js';
import { PackageOwnership } from '../src/workspace/ownership.js';

const project = (name: string, version = '0.1.0') => `[project]\nname = "${name}"\nversion = "${version}"\n`;

function tree(files: Record<string, string>) {
  const read = (path: string) => {
    if (!(path in files)) throw new Error(`unexpected read of ${path}`);
    return files[path];
  };
  return { paths: Object.keys(files), read };
}

describe('workspace discovery', () => {
  it('finds every folder whose pyproject.toml names a project, sorted by path', () => {
    const { paths, read } = tree({
      'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      'packages/scheduler/pyproject.toml': `[tool.poetry]\nname = "Aetherflow_Scheduler"\nversion = "0.3.0"\n`,
      'packages/core/pyproject.toml': project('aetherflow-core'),
      'packages/core/src/x.py': '',
      'aetherflow/pyproject.toml': project('aetherflow'),
      'node_modules/x/pyproject.toml': 'not even toml [',
      '.venv/lib/pyproject.toml': 'not even toml [',
      'packages/core/build/lib/pyproject.toml': 'not even toml [',
      'packages/.hidden/pyproject.toml': 'not even toml [',
      'venv/pyproject.toml': 'not even toml [',
      'dist/pyproject.toml': 'not even toml [',
    });
    const { packages } = discoverPackages(paths, read);
    expect(packages.map((p) => [p.name, p.path, p.version?.text, p.changelogPath])).toEqual([
      ['aetherflow', 'aetherflow', '0.1.0', 'aetherflow/CHANGELOG.md'],
      ['aetherflow-core', 'packages/core', '0.1.0', 'packages/core/CHANGELOG.md'],
      ['aetherflow-scheduler', 'packages/scheduler', '0.3.0', 'packages/scheduler/CHANGELOG.md'],
    ]);
    expect(packages[2].declaredName).toBe('Aetherflow_Scheduler');
  });

  it('takes a root package as path "."', () => {
    const { paths, read } = tree({ 'pyproject.toml': project('solo') });
    expect(discoverPackages(paths, read).packages).toMatchObject([
      { name: 'solo', path: '.', changelogPath: 'CHANGELOG.md' },
    ]);
  });

  it('uses exactly the folders that the packages globs match', () => {
    const { paths, read } = tree({
      'libs/a/pyproject.toml': project('a'),
      'libs/b/pyproject.toml': project('b'),
      'apps/c/pyproject.toml': 'broken [',
      'tools/d/pyproject.toml': project('d'),
    });
    expect(
      discoverPackages(paths, read, { globs: ['libs/*', './tools/d/'] }).packages.map((p) => p.name),
    ).toEqual(['a', 'b', 'd']);
    expect(() => discoverPackages(paths, read, { globs: ['services/*'] })).toThrow(
      'packages: "services/*" matches no folder with a pyproject.toml',
    );
  });

  it('lists two packages of one normalized name as unreleased, unless a glob names one exactly', () => {
    const { paths, read } = tree({
      'a/pyproject.toml': project('My_Pkg'),
      'b/pyproject.toml': project('my.pkg'),
      'c/pyproject.toml': project('c'),
    });
    const found = discoverPackages(paths, read);
    expect(found.packages.map((p) => p.name)).toEqual(['c']);
    expect(found.unreleased).toEqual([
      { path: 'a', name: 'my-pkg', reason: 'b is also named my-pkg: exclude the one that is not released' },
      { path: 'b', name: 'my-pkg', reason: 'a is also named my-pkg: exclude the one that is not released' },
    ]);
    const named = discoverPackages(paths, read, { globs: ['a', '*'] });
    expect(named.packages.map((p) => p.path)).toEqual(['a', 'c']);
    expect(() => discoverPackages(paths, read, { globs: ['a', 'b'] })).toThrow(
      'two packages are named my-pkg: a/pyproject.toml and b/pyproject.toml',
    );
  });

  it('reports a broken pyproject.toml with its path', () => {
    const { paths, read } = tree({ 'a/pyproject.toml': '[project\nname = "a"\n' });
    expect(() => discoverPackages(paths, read)).toThrow(/^a\/pyproject\.toml:1:\d+: invalid TOML/);
  });

  it('gives each file to the nearest package above it', () => {
    const { paths, read } = tree({
      'pyproject.toml': project('root'),
      'packages/core/pyproject.toml': project('core'),
      'packages/core/plugins/extra/pyproject.toml': project('extra'),
    });
    const ownership = new PackageOwnership(discoverPackages(paths, read).packages);
    expect(ownership.ownerOf('packages/core/src/core/__init__.py')?.name).toBe('core');
    expect(ownership.ownerOf('packages/core/plugins/extra/x.py')?.name).toBe('extra');
    expect(ownership.ownerOf('packages/core-utils/x.py')?.name).toBe('root');
    expect(ownership.ownerOf('README.md')?.name).toBe('root');
    const noRoot = new PackageOwnership(discoverPackages(paths.slice(1), read).packages);
    expect(noRoot.ownerOf('README.md')).toBeNull();
    expect(noRoot.ownerOf('packages/core-utils/x.py')).toBeNull();
  });
});

describe('tests, examples and private projects', () => {
  const files = {
    'packages/core/pyproject.toml': project('core'),
    'packages/core/tests/fixtures/dummy-project/pyproject.toml': project('dummy-project'),
    'libs/cli/examples/app1/pyproject.toml': project('app1'),
    'examples/demo/pyproject.toml': project('demo'),
    'docs/pyproject.toml': project('docs-site'),
    'test/legacy/setup.py': '',
    'packages/internal/pyproject.toml': `[project]\nname = "internal"\nversion = "1.0"\nclassifiers = ["Private :: Do Not Upload"]\n`,
    'packages/poetry-internal/pyproject.toml': `[tool.poetry]\nname = "pi"\nversion = "1.0"\nclassifiers = ["Private :: Do Not Upload"]\n`,
  };
  const reason = (part: string) =>
    `under ${part}/: tests, examples and docs are left out by default; name the folder in packages to release it`;

  it('leaves out folders under tests/, test/, examples/, example/, docs/ and fixtures/, and says so', () => {
    const { paths, read } = tree(files);
    const { packages, unreleased } = discoverPackages(paths, read);
    expect(packages.map((p) => p.path)).toEqual(['packages/core']);
    expect(unreleased).toEqual([
      { path: 'docs', name: 'docs-site', reason: reason('docs'), sample: true },
      { path: 'examples/demo', name: 'demo', reason: reason('examples'), sample: true },
      { path: 'libs/cli/examples/app1', name: 'app1', reason: reason('examples'), sample: true },
      {
        path: 'packages/core/tests/fixtures/dummy-project',
        name: 'dummy-project',
        reason: reason('tests'),
        sample: true,
      },
      {
        path: 'packages/internal',
        name: 'internal',
        reason:
          'packages/internal/pyproject.toml has the classifier Private :: Do Not Upload: it is never uploaded',
      },
      {
        path: 'packages/poetry-internal',
        name: 'pi',
        reason:
          'packages/poetry-internal/pyproject.toml has the classifier Private :: Do Not Upload: it is never uploaded',
      },
      { path: 'test/legacy', name: null, reason: reason('test'), sample: true },
    ]);
  });

  it('releases such a folder only when a packages glob names it by that part; uv members never do', () => {
    const { paths, read } = tree(files);
    const named = discoverPackages(paths, read, { globs: ['packages/*', 'examples/*'] });
    expect(named.packages.map((p) => p.path)).toEqual(['examples/demo', 'packages/core']);
    const wildcard = discoverPackages(paths, read, { globs: ['**'] });
    expect(wildcard.packages.map((p) => p.path)).toEqual(['packages/core']);
    const uv = discoverPackages(paths, read, {
      globs: ['packages/*', 'examples/*'],
      globsNameFolders: false,
      globsFrom: 'pyproject.toml [tool.uv.workspace] members',
    });
    expect(uv.packages.map((p) => p.path)).toEqual(['packages/core']);
    expect(uv.unreleased.map((u) => u.path)).toContain('examples/demo');
    // A private project named exactly is an error, not a release.
    expect(() => discoverPackages(paths, read, { globs: ['packages/internal'] })).toThrow(
      'packages: packages/internal cannot be released: packages/internal/pyproject.toml has the classifier Private :: Do Not Upload: it is never uploaded',
    );
  });
});

describe('a template folder', () => {
  it("lists a project whose name is a template's placeholder, and refuses it only when packages names it", () => {
    const { paths, read } = tree({
      'libs/core/pyproject.toml': project('core'),
      'scripts/templates/pyproject.toml': project('$pkg'),
    });
    const reason =
      'scripts/templates/pyproject.toml: project name "$pkg" is not a valid Python distribution name';
    const { packages, unreleased } = discoverPackages(paths, read);
    expect([packages.map((p) => p.path), unreleased]).toEqual([
      ['libs/core'],
      [{ path: 'scripts/templates', name: null, reason }],
    ]);
    expect(() => discoverPackages(paths, read, { globs: ['scripts/templates'] })).toThrow(
      `packages: scripts/templates cannot be released: ${reason}`,
    );
  });
});
