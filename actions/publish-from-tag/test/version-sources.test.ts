import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

/**
 * One package per way of keeping a version, each with its real build backend (installed in the test
 * venv, so the builds run with --no-isolation and need no index): what cut-release writes at the tag
 * must be what `python -m build` makes there.
 */
const HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
const SETUPTOOLS = '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n';
const dynamic = (name: string) =>
  `[project]\nname = "${name}"\ndynamic = ["version"]\nrequires-python = ">=3.9"\n`;

const FIXTURES: Record<string, { files: Record<string, string>; first: string; written: string[] }> = {
  'hatch-path': {
    files: {
      'pyproject.toml': `${HATCHLING}${dynamic('hatch-path')}[tool.hatch.version]\npath = "src/hatch_path/__about__.py"\n[tool.pyrelease]\nversion-files = ["src/hatch_path/_meta.py"]\n`,
      'src/hatch_path/__about__.py': '# SPDX-License-Identifier: MIT\n__version__ = "0.3.0"\n',
      'src/hatch_path/_meta.py': 'NAME = "hatch-path"\n__version__ = "0.3.0"\n',
      'src/hatch_path/__init__.py': '',
    },
    first: '0.3.0',
    written: ['src/hatch_path/__about__.py', 'src/hatch_path/_meta.py', 'CHANGELOG.md'],
  },
  'hatch-vcs': {
    files: {
      'pyproject.toml': `[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n${dynamic('hatch-vcs-pkg')}[tool.hatch.version]\nsource = "vcs"\n[tool.hatch.version.raw-options]\nroot = "../.."\ngit_describe_command = ["git", "describe", "--tags", "--long", "--match", "hatch-vcs-pkg-v*"]\n`,
      'src/hatch_vcs_pkg/__init__.py': '',
    },
    first: '0.1.0',
    written: ['CHANGELOG.md'],
  },
  versioningit: {
    files: {
      'pyproject.toml': `[build-system]\nrequires = ["setuptools>=64", "versioningit>=3"]\nbuild-backend = "setuptools.build_meta"\n${dynamic('versioningit-pkg')}[tool.versioningit.vcs]\nmethod = "git"\nmatch = ["versioningit-pkg-v*"]\n[tool.versioningit.tag2version]\nrmprefix = "versioningit-pkg-v"\n`,
      'src/versioningit_pkg/__init__.py': '',
    },
    first: '0.1.0',
    written: ['CHANGELOG.md'],
  },
  'setuptools-attr': {
    files: {
      'pyproject.toml': `${SETUPTOOLS}${dynamic('setuptools-attr')}[tool.setuptools.dynamic]\nversion = { attr = "setuptools_attr.__version__" }\n`,
      'src/setuptools_attr/__init__.py': '"""A package."""\n\n__version__ = "1.2.0"\n',
    },
    first: '1.2.0',
    written: ['src/setuptools_attr/__init__.py', 'CHANGELOG.md'],
  },
  'setuptools-scm': {
    files: {
      'pyproject.toml': `[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\nbuild-backend = "setuptools.build_meta"\n${dynamic('setuptools-scm-pkg')}[tool.setuptools_scm]\nroot = "../.."\ngit_describe_command = ["git", "describe", "--tags", "--long", "--match", "setuptools-scm-pkg-v*"]\n`,
      'src/setuptools_scm_pkg/__init__.py': '',
    },
    first: '0.1.0',
    written: ['CHANGELOG.md'],
  },
  flit: {
    files: {
      'pyproject.toml': `[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "flit-pkg"\ndynamic = ["version", "description"]\n`,
      'flit_pkg/__init__.py': '"""A flit package."""\n\n__version__ = "2.0.0"\n',
    },
    first: '2.0.0',
    written: ['flit_pkg/__init__.py', 'CHANGELOG.md'],
  },
  pdm: {
    files: {
      'pyproject.toml': `[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n${dynamic('pdm-pkg')}[tool.pdm.version]\nsource = "file"\npath = "src/pdm_pkg/__init__.py"\n`,
      'src/pdm_pkg/__init__.py': '__version__ = "0.5.0"\n',
    },
    first: '0.5.0',
    written: ['src/pdm_pkg/__init__.py', 'CHANGELOG.md'],
  },
  poetry: {
    files: {
      'pyproject.toml':
        '[tool.poetry]\nname = "poetry-pkg"\nversion = "0.9.0"\ndescription = ""\nauthors = []\npackages = [{ include = "poetry_pkg", from = "src" }]\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
      'src/poetry_pkg/__init__.py': '',
    },
    first: '0.9.0',
    written: ['pyproject.toml', 'CHANGELOG.md'],
  },
};

const NAMES: Record<string, string> = {
  'hatch-path': 'hatch-path',
  'hatch-vcs': 'hatch-vcs-pkg',
  versioningit: 'versioningit-pkg',
  'setuptools-attr': 'setuptools-attr',
  'setuptools-scm': 'setuptools-scm-pkg',
  flit: 'flit-pkg',
  pdm: 'pdm-pkg',
  poetry: 'poetry-pkg',
};

const DEFAULTS = {
  'tag-format': '',
  packages: '',
  line: '',
  push: 'true',
  'dry-run': 'false',
  'create-github-release': 'false',
};

let repo: Monorepo;
beforeAll(() => {
  repo = Monorepo.create([]);
  const files: Record<string, string> = {};
  for (const [dir, fixture] of Object.entries(FIXTURES)) {
    for (const [path, content] of Object.entries(fixture.files)) files[`libs/${dir}/${path}`] = content;
  }
  repo.commit('feat: one package per version source', files);
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => {
  repo.cleanup();
});

async function cutFinal() {
  repo.git('fetch', '--quiet', 'origin');
  const run = await runAction('cut-release', {
    cwd: repo.work,
    inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
    env: { GITHUB_SHA: repo.git('rev-parse', 'origin/test'), PATH: PATH_WITH_TOOLS },
  });
  expect(annotations(run.stdout, 'error')).toEqual([]);
  expect(run.code).toBe(0);
  return run;
}

/** The files the commit a tag points at changed, sorted. */
function changedAt(tag: string): string[] {
  return git(repo.origin, ['diff-tree', '--no-commit-id', '--name-only', '-r', `${tag}^{commit}`])
    .split('\n')
    .sort();
}

/** publish-from-tag in a fresh clone at the tag, as actions/checkout leaves it: a real build, verified. */
async function publishDry(tag: string) {
  return runAction('publish-from-tag', {
    cwd: repo.checkoutTag(tag),
    inputs: {
      tag,
      'tag-format': '',
      expect: 'any',
      'dry-run': 'true',
      'build-command': 'python -m build --no-isolation',
    },
    env: { PATH: PATH_WITH_TOOLS },
  });
}

describe('every version source, cut by the cut-release bundle and built by the publish-from-tag bundle', () => {
  it('releases the declared or initial version, writing only the files that hold it, and the build agrees', async () => {
    const run = await cutFinal();
    const released = JSON.parse(run.outputs.released) as { name: string; version: string; tag: string }[];
    const expected = Object.entries(FIXTURES).map(([dir, f]) => [NAMES[dir], f.first]);
    expect(released.map((r) => [r.name, r.version]).sort()).toEqual(expected.sort());
    for (const [dir, fixture] of Object.entries(FIXTURES)) {
      const tag = `${NAMES[dir]}-v${fixture.first}`;
      // The first release keeps the declared version: its commit adds only the changelog.
      expect([dir, changedAt(tag)]).toEqual([dir, [`libs/${dir}/CHANGELOG.md`]]);
      const publish = await publishDry(tag);
      expect([dir, annotations(publish.stdout, 'error')]).toEqual([dir, []]);
      expect(publish.outputs).toMatchObject({ package: NAMES[dir], version: fixture.first });
      expect(publish.outputs.files.split(' ')).toHaveLength(2);
    }
  });

  it('bumps each source from its tag: a feature is 0.x minor, rewritten surgically where a file holds it', async () => {
    const files: Record<string, string> = {};
    for (const dir of Object.keys(FIXTURES)) files[`libs/${dir}/feature.txt`] = 'new\n';
    repo.git('checkout', '--quiet', 'test');
    repo.commit('feat: a feature everywhere', files);
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutFinal();
    const released = JSON.parse(run.outputs.released) as { name: string; version: string }[];
    const bumped = (v: string) => {
      const [major, minor] = v.split('.').map(Number);
      return major === 0 ? `0.${minor + 1}.0` : `${major}.${minor + 1}.0`;
    };
    expect(Object.fromEntries(released.map((r) => [r.name, r.version]))).toEqual(
      Object.fromEntries(Object.entries(FIXTURES).map(([dir, f]) => [NAMES[dir], bumped(f.first)])),
    );
    // Each release commit changes exactly the files that hold the version, and the changelog.
    for (const [dir, fixture] of Object.entries(FIXTURES)) {
      const tag = `${NAMES[dir]}-v${bumped(fixture.first)}`;
      expect([dir, changedAt(tag)]).toEqual([dir, fixture.written.map((f) => `libs/${dir}/${f}`).sort()]);
    }
    // originFile trims the final newline.
    expect(repo.originFile('hatch-path-v0.4.0', 'libs/hatch-path/src/hatch_path/__about__.py')).toBe(
      '# SPDX-License-Identifier: MIT\n__version__ = "0.4.0"',
    );
    expect(repo.originFile('hatch-path-v0.4.0', 'libs/hatch-path/src/hatch_path/_meta.py')).toBe(
      'NAME = "hatch-path"\n__version__ = "0.4.0"',
    );
    expect(
      repo.originFile('setuptools-attr-v1.3.0', 'libs/setuptools-attr/src/setuptools_attr/__init__.py'),
    ).toBe('"""A package."""\n\n__version__ = "1.3.0"');
    for (const tag of [
      'hatch-vcs-pkg-v0.2.0',
      'versioningit-pkg-v0.2.0',
      'setuptools-scm-pkg-v0.2.0',
      'flit-pkg-v2.1.0',
      'poetry-pkg-v0.10.0',
    ]) {
      const publish = await publishDry(tag);
      expect([tag, annotations(publish.stdout, 'error')]).toEqual([tag, []]);
      expect(publish.outputs.version).toBe(tag.slice(tag.lastIndexOf('-v') + 2));
    }
  });

  it('names the setting to fix when a backend that reads git builds another version than the tag', async () => {
    // hatch-vcs without a --match reads the newest tag of the commit's history: here another package's.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix: describe every tag', {
      'libs/hatch-vcs/pyproject.toml': FIXTURES['hatch-vcs'].files['pyproject.toml'].replace(
        'git_describe_command = ["git", "describe", "--tags", "--long", "--match", "hatch-vcs-pkg-v*"]\n',
        'git_describe_command = ["git", "describe", "--tags", "--long", "--match", "flit-pkg-v*"]\n',
      ),
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cutFinal();
    expect(JSON.parse(run.outputs.released)).toMatchObject([{ name: 'hatch-vcs-pkg', version: '0.2.1' }]);
    const publish = await publishDry('hatch-vcs-pkg-v0.2.1');
    expect(publish.code).toBe(1);
    const [error] = annotations(publish.stdout, 'error');
    expect(error).toMatch(/^refusing to upload: hatch_vcs_pkg-[^ ]+ has version [^ ]+, not 0\.2\.1/);
    expect(error).toContain(
      "hatch-vcs built another version than tag hatch-vcs-pkg-v0.2.1: set [tool.hatch.version] tag-pattern (or raw-options) in libs/hatch-vcs/pyproject.toml so it reads only this package's tags",
    );
  });
});
