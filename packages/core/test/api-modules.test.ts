import { describe, expect, it } from '@jest/globals';
import { apiModulesOf } from '../src/api-check/modules.js';
import { parseToml } from '../src/toml/pyproject.js';

/** The API modules of a package in `libs/p` whose pyproject.toml is `toml`, with `files` (relative to it). */
function modulesOf(toml: string, files: string[], configured: string[] | null = null) {
  const doc = parseToml(
    `[project]\nname = "acme-widgets"\nversion = "1.0.0"\n${toml}`,
    'libs/p/pyproject.toml',
  );
  const tree = new Set(['README.md', 'libs/p/pyproject.toml', ...files.map((f) => `libs/p/${f}`)]);
  return apiModulesOf(doc, 'libs/p', 'acme-widgets', configured, tree);
}

describe("which modules are a package's API (pure)", () => {
  it('finds the module named after the project in src/ or the folder', () => {
    expect(modulesOf('', ['src/acme_widgets/__init__.py', 'src/other/__init__.py'])).toEqual({
      modules: [{ name: 'acme_widgets', root: 'src' }],
      from: 'the src layout',
    });
    expect(modulesOf('', ['acme_widgets.py', 'tests/test_x.py', 'setup.py'])).toEqual({
      modules: [{ name: 'acme_widgets', root: '.' }],
      from: 'the flat layout',
    });
  });

  it('takes what the build configuration names, backend by backend', () => {
    const files = ['src/acme/__init__.py', 'lib/tools.py', 'pkg/widgets/__init__.py'];
    expect(
      modulesOf('[tool.hatch.build.targets.wheel]\npackages = ["src/acme", "lib/tools.py"]\n', files),
    ).toEqual({
      modules: [
        { name: 'acme', root: 'src' },
        { name: 'tools', root: 'lib' },
      ],
      from: 'hatch packages',
    });
    expect(
      modulesOf('[tool.setuptools]\npackages = ["acme", "acme.sub"]\npackage-dir = {"" = "src"}\n', files),
    ).toEqual({
      modules: [{ name: 'acme', root: 'src' }],
      from: 'setuptools packages',
    });
    expect(modulesOf('[tool.setuptools.packages.find]\nwhere = ["pkg"]\n', files)).toEqual({
      modules: [{ name: 'widgets', root: 'pkg' }],
      from: 'setuptools packages.find',
    });
    expect(modulesOf('[tool.flit.module]\nname = "acme"\n', files)).toEqual({
      modules: [{ name: 'acme', root: 'src' }],
      from: 'flit module',
    });
    expect(
      modulesOf(
        '[tool.poetry]\npackages = [{ include = "acme", from = "src" }, { include = "x*" }]\n',
        files,
      ),
    ).toEqual({
      modules: [{ name: 'acme', root: 'src' }],
      from: 'Poetry packages',
    });
  });

  it('takes api-modules over everything, and names one it cannot find', () => {
    const files = ['src/acme/plugin/__init__.py', 'src/acme_widgets/__init__.py'];
    expect(modulesOf('', files, ['acme.plugin'])).toEqual({
      modules: [{ name: 'acme.plugin', root: 'src' }],
      from: 'api-modules',
    });
    expect(modulesOf('', files, ['nowhere'])).toEqual({
      unmapped: 'api-modules names nowhere, which is neither in src/ nor in the package folder',
    });
  });

  it('says when it cannot tell, and when there is no Python at all', () => {
    expect(modulesOf('', ['src/unrelated/__init__.py'])).toEqual({
      unmapped:
        'no module acme_widgets in src/ or the package folder, and no build configuration names its modules: set api-modules',
    });
    expect(modulesOf('', ['data/table.csv', 'tests/test_x.py'])).toEqual({ none: 'it has no Python module' });
  });
});
