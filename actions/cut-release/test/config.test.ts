import { afterEach, describe, expect, it } from '@jest/globals';
import { annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS } from '../../../test/support/python.js';
import { Monorepo, pyproject } from '../../../test/support/repo.js';
import { runnerCommands } from '../../../test/support/runner-log.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

// The inputs as the runner fills them from action.yml: tag-format and packages default to empty.
const DEFAULTS = {
  'tag-format': '',
  packages: '',
  push: 'true',
  'dry-run': 'false',
  'create-github-release': 'false',
};

describe('[tool.pyrelease] through the bundles', () => {
  it('takes tag-format and exclude from the root pyproject.toml, and publish-from-tag reads the same format', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('chore: configure pyrelease', {
      'pyproject.toml': '[tool.pyrelease]\ntag-format = "{name}@{version}"\nexclude = ["examples/*"]\n',
      // An example that copies the package's name: without exclude, two packages named core.
      'examples/demo/pyproject.toml': pyproject('core', '9.9.9'),
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.outputs.tags).toBe('core@0.1.0');
    expect(repo.originTags()).toEqual(['core@0.1.0']);

    repo.git('checkout', '--quiet', '--detach', 'core@0.1.0');
    const publish = await runAction('publish-from-tag', {
      cwd: repo.work,
      inputs: { tag: 'core@0.1.0', 'tag-format': '', 'dry-run': 'true', expect: 'any' },
      env: { PATH: PATH_WITH_TOOLS },
    });
    expect(annotations(publish.stdout, 'error')).toEqual([]);
    expect(publish.outputs).toMatchObject({ package: 'core', version: '0.1.0', channel: 'final' });
  });

  it('refuses an unknown key in one line, annotated on the file, changing nothing', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('chore: configure pyrelease', {
      'libs/core/pyproject.toml': `${pyproject('core', '0.1.0')}\n[tool.pyrelease]\ntagformat = "x"\n`,
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'rc', 'base-branch': 'test', 'release-branch': 'release-test' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(run.code).toBe(1);
    const [error] = runnerCommands(run.stdout).filter((c) => c.command === 'error');
    expect(error.data).toMatch(
      /^libs\/core\/pyproject\.toml: \[tool\.pyrelease\] has an unknown key "tagformat" \(did you mean "tag-format"\?\); known keys: /,
    );
    expect(error.properties.file).toBe('libs/core/pyproject.toml');
    expect(repo.originRefs()).toBe(before);
  });

  it('names where each list of a merged bump table came from, in one error line that changes nothing', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('chore: bump tables', {
      'pyrelease.toml': '[bump]\nminor = ["feat", "perf"]\npatch = ["fix"]\n',
      'libs/core/pyproject.toml': `${pyproject('core', '0.1.0')}\n[tool.pyrelease.bump]\npatch = ["perf", "fix"]\n`,
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'rc', 'base-branch': 'test', 'release-branch': 'release-test' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      "libs/core/pyproject.toml: [tool.pyrelease.bump]: perf is in both minor and patch (minor from pyrelease.toml, patch from libs/core/pyproject.toml: a package's list replaces the root's list of that key, so set both)",
    ]);
    expect(repo.originRefs()).toBe(before);
  });

  it('lists what it does not release in the job summary, warns by name, and releases the rest', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('feat: a legacy package and one tagged by another tool', {
      'libs/legacy/setup.py': 'from setuptools import setup\nsetup()\n',
      'integrations/chroma/pyproject.toml': pyproject('chroma-haystack', '1.0.0'),
      'libs/checkpoint-postgres/pyproject.toml': pyproject('langgraph-checkpoint-postgres', '3.1.1'),
      'libs/core/examples/app1/pyproject.toml': pyproject('app1', '0.1.0'),
      'libs/core/tests/dummy-project/pyproject.toml': pyproject('dummy-project', '0.1.0'),
    });
    repo.git('tag', '-a', '-m', 'chroma 1.0.0', 'integrations/chroma-v1.0.0');
    repo.git('tag', '-a', '-m', 'postgres 3.1.1', 'checkpointpostgres==3.1.1');
    repo.commit('fix(chroma): x', {
      'integrations/chroma/x.py': '1\n',
      'libs/checkpoint-postgres/x.py': '1\n',
    });
    repo.git('push', '--quiet', '--follow-tags', 'origin', 'test');
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.outputs.tags).toBe('core-v0.1.0');
    expect(annotations(run.stdout, 'warning')).toEqual([
      'chroma-haystack: not released: tags such as integrations/chroma-v1.0.0 look like its releases, but none matches chroma-haystack-v{version}: set tag-format = "{path}-v{version}" in the root configuration for every package tagged so, or in its own [tool.pyrelease], or list it in previous-tag-formats to write chroma-haystack-v{version} from now on (previous-tag-formats = [] only if it never had a release in that shape)',
      'langgraph-checkpoint-postgres: not released: tags such as checkpointpostgres==3.1.1 look like its releases, but none matches langgraph-checkpoint-postgres-v{version}: set tag-format = "checkpointpostgres=={version}" in its own [tool.pyrelease], or list it in previous-tag-formats to write langgraph-checkpoint-postgres-v{version} from now on (previous-tag-formats = [] only if it never had a release in that shape)',
    ]);
    expect(run.summary).toContain(
      '| - | libs/legacy | - | - | - | 0 | not released: only setup.py: pyrelease reads versions from pyproject.toml |',
    );
    expect(run.summary).toContain(
      '| app1 | libs/core/examples/app1 | - | - | - | 0 | not released: under examples/: tests, examples and docs are left out by default; name the folder in packages to release it |',
    );
    expect(run.summary).toContain(
      '| dummy-project | libs/core/tests/dummy-project | - | - | - | 0 | not released: under tests/',
    );

    // Given its own tag-format, it is released from its tag.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('chore: chroma keeps its tag shape', {
      'integrations/chroma/pyproject.toml': `${pyproject('chroma-haystack', '1.0.0')}\n[tool.pyrelease]\ntag-format = "{path}-v{version}"\n`,
      'libs/checkpoint-postgres/pyproject.toml': `${pyproject('langgraph-checkpoint-postgres', '3.1.1')}\n[tool.pyrelease]\nprevious-tag-formats = ["checkpointpostgres=={version}"]\n`,
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const again = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(annotations(again.stdout, 'error')).toEqual([]);
    expect(again.outputs.tags.split(/\s+/).sort()).toEqual([
      'integrations/chroma-v1.0.1',
      'langgraph-checkpoint-postgres-v3.1.2',
    ]);
    expect(annotations(again.stdout, 'warning')).toEqual([]);
  });

  it('follows a bump table, a Release-As footer and the line input through the bundle', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.4.0' }]);
    repo.commit('chore: features are patches here', {
      'pyrelease.toml': '[bump]\nminor = []\npatch = ["feat", "fix"]\n',
    });
    repo.git('tag', '-a', '-m', 'x', 'core-v1.4.0');
    repo.git('tag', '-a', '-m', 'x', 'core-v2.0.0');
    repo.commit('feat: a feature', { 'libs/core/a.py': '1\n' });
    repo.git('push', '--quiet', '--follow-tags', 'origin', 'test');
    const cut = (inputs: Record<string, string>) =>
      runAction('cut-release', {
        cwd: repo.work,
        inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release', ...inputs },
        env: { GITHUB_SHA: repo.git('rev-parse', 'test') },
      });
    // On the 1.4 maintenance line the feature is a patch of 1.4, never above the main line's 2.0.0.
    const line = await cut({ line: '1.4', push: 'false' });
    expect(annotations(line.stdout, 'error')).toEqual([]);
    expect(line.summary).toContain('| core | libs/core | 1.4.0 | 1.4.1 | patch | 1 |');
    // On the main line, the table makes it 2.0.1; a Release-As footer sets the version outright.
    repo.git('checkout', '--quiet', 'test');
    const main = await cut({ push: 'false' });
    expect(main.summary).toContain('| core | libs/core | 2.0.0 | 2.0.1 | patch | 1 |');
    repo.git('checkout', '--quiet', 'test');
    repo.commit('chore: go to 3\n\nRelease-As: 3.0.0', { 'libs/core/b.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const released = await cut({});
    expect(annotations(released.stdout, 'error')).toEqual([]);
    expect(released.outputs.tags).toBe('core-v3.0.0');
  });

  it('follows bump.pre-major below 1.0.0 and the table above it', async () => {
    repo = Monorepo.create([
      { path: 'libs/core', name: 'core', version: '0.3.0' },
      { path: 'libs/cli', name: 'cli', version: '1.2.0' },
    ]);
    repo.commit('chore: features are patches until 1.0', {
      'pyrelease.toml': '[bump.pre-major]\nminor = []\npatch = ["feat", "fix"]\n',
    });
    repo.git('tag', '-a', '-m', 'x', 'core-v0.3.0');
    repo.git('tag', '-a', '-m', 'x', 'cli-v1.2.0');
    repo.commit('feat: a feature in both', { 'libs/core/a.py': '1\n', 'libs/cli/a.py': '1\n' });
    repo.git('push', '--quiet', '--follow-tags', 'origin', 'test');
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { ...DEFAULTS, mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'test') },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.outputs.tags).toBe('cli-v1.3.0 core-v0.3.1');
  });
});
