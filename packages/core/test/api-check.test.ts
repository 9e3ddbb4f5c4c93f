import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { cutRelease, Git, RecordingLogger, UserError, type CutReleaseOptions } from '../src/index.js';
import { traceCommands } from '../src/git/exec.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

const final: CutReleaseOptions = { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true };

/** A package with a public function `keep` and one `gone` that a later `fix:` removes. */
const API = {
  'src/NAME/__init__.py':
    '"""NAME."""\nfrom .core import keep\n__all__ = ["keep", "gone"]\ndef gone(x): ...\n',
  'src/NAME/core.py': 'def keep(a, b=1): ...\n',
};

function create(packages: { path: string; name: string; version: string }[]): void {
  repo = Monorepo.create(packages);
  for (const p of packages) land(`feat(${p.name}): the API`, apiFiles(p, API));
}

function apiFiles(p: { path: string; name: string }, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [
      `${p.path}/${path.replace('NAME', p.name)}`,
      text.replace(/NAME/g, p.name),
    ]),
  );
}

/** Commits `files` on test with `message` and pushes them. */
function land(message: string, files: Record<string, string>): void {
  repo.git('checkout', '--quiet', 'test');
  repo.commit(message, files);
  repo.git('push', '--quiet', 'origin', 'test');
}

/** `gone` removed from `p` by a commit that says it is a fix. */
function removeGone(p: { path: string; name: string }): void {
  land(
    `fix(${p.name}): tidy up`,
    apiFiles(p, { 'src/NAME/__init__.py': '"""NAME."""\nfrom .core import keep\n__all__ = ["keep"]\n' }),
  );
}

async function release(options: Partial<CutReleaseOptions> = {}) {
  const logger = new RecordingLogger();
  const result = await cutRelease(new Git(repo.work), { ...final, ...options }, logger);
  repo.git('checkout', '--quiet', 'test');
  return { result, logger, tags: result.released.map((r) => r.tag) };
}

async function refusal(options: Partial<CutReleaseOptions>): Promise<string> {
  const error = await release(options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

const CORE = { path: 'libs/core', name: 'core', version: '1.0.0' };
const FOUND = 'removed function `core.gone`';

describe('the API check on a release (real griffe)', () => {
  it('warns by default, and the release goes on at the version the commits say', async () => {
    create([CORE]);
    expect((await release()).tags).toEqual(['core-v1.0.0']);
    removeGone(CORE);
    const run = await release();
    expect(run.tags).toEqual(['core-v1.0.1']);
    expect(run.result.plan.warnings).toEqual([
      `core: the API check found breaking changes since core-v1.0.0 that 1.0.1 does not cover (they need 2.0.0): ${FOUND}. Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"`,
    ]);
    expect(run.logger.warnings).toEqual(run.result.plan.warnings);
  });

  it('raises the bump, and the changelog says why, with api-check = "raise"', async () => {
    create([CORE]);
    await release();
    removeGone(CORE);
    const run = await release({ apiCheck: 'raise' });
    expect(run.tags).toEqual(['core-v2.0.0']);
    expect(run.result.plan.warnings).toEqual([]);
    const log = git(repo.origin, ['show', 'core-v2.0.0:libs/core/CHANGELOG.md']);
    expect(log).toContain(
      '### Breaking Changes\n\n- removed function `core.gone` (found by the API check)\n\n### Bug Fixes\n\n- **core:** tidy up',
    );
  });

  it('stops the run with the list, changing nothing, with api-check = "fail"', async () => {
    create([CORE]);
    await release();
    removeGone(CORE);
    const before = repo.originRefs();
    expect(await refusal({ apiCheck: 'fail' })).toBe(
      `the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: core (1.0.1, they need 2.0.0 since core-v1.0.0): ${FOUND}. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"`,
    );
    expect(repo.originRefs()).toBe(before);
  });

  it('reads api-check from the configuration, the package’s own over the root’s', async () => {
    create([CORE, { path: 'libs/other', name: 'other', version: '0.3.0' }]);
    land('chore: configure', {
      'pyproject.toml': '[tool.pyrelease]\napi-check = "fail"\n',
      'libs/other/pyproject.toml': `${repo.read('libs/other/pyproject.toml')}\n[tool.pyrelease]\napi-check = "raise"\n`,
    });
    await release();
    removeGone({ path: 'libs/other', name: 'other' });
    // Below 1.0.0 a break needs the next minor.
    expect((await release()).tags).toEqual(['other-v0.4.0']);
    removeGone(CORE);
    expect(await refusal({})).toMatch(
      /^the API check found breaking changes .* core \(1\.0\.1, they need 2\.0\.0/,
    );
    // The option wins over both.
    expect((await release({ apiCheck: 'off' })).tags).toEqual(['core-v1.0.1']);
  });

  it('checks nothing where the commits already say enough, or where there is nothing to compare with', async () => {
    create([CORE, { path: 'libs/fresh', name: 'fresh', version: '0.1.0' }]);
    await release({ packageGlobs: ['libs/core'] });
    land('feat(core)!: gone is gone', apiFiles(CORE, { 'src/NAME/__init__.py': 'from .core import keep\n' }));
    // A major the commits ask for needs no check; a first release has nothing to compare with: neither
    // starts Python.
    const started: string[] = [];
    traceCommands((command) => started.push(command));
    try {
      const run = await release({ apiCheck: 'fail' });
      expect(run.tags).toEqual(['core-v2.0.0', 'fresh-v0.1.0']);
    } finally {
      traceCommands(null);
    }
    expect(started.filter((c) => c !== 'git')).toEqual([]);
  });

  it('compares a flat layout whose version comes from its tags, and names a package with no Python module', async () => {
    repo = Monorepo.create([]);
    land('feat: a hatch-vcs package and a data package', {
      'tools/widget/pyproject.toml':
        '[project]\nname = "widget"\ndynamic = ["version"]\n\n[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n\n[tool.hatch.version]\nsource = "vcs"\n',
      'tools/widget/widget/__init__.py': 'class Widget:\n    def spin(self, speed, direction="left"): ...\n',
      'data/tables/pyproject.toml': '[project]\nname = "tables"\nversion = "1.0.0"\n',
      'data/tables/tables.csv': 'a,b\n',
    });
    expect((await release()).tags).toEqual(['tables-v1.0.0', 'widget-v0.1.0']);
    land('fix: tune', {
      'tools/widget/widget/__init__.py': 'class Widget:\n    def spin(self, speed, direction): ...\n',
      'data/tables/tables.csv': 'a,b\n1,2\n',
    });
    const run = await release();
    expect(run.tags).toEqual(['tables-v1.0.1', 'widget-v0.1.1']);
    // A package it cannot compare is a line of the log where the check only warns.
    expect(run.logger.lines).toContainEqual({
      level: 'info',
      message: 'tables: not checked by the API check: it has no Python module',
    });
    expect(run.result.plan.warnings).toEqual([
      'widget: the API check found breaking changes since widget-v0.1.0 that 0.1.1 does not cover (they need 0.2.0): parameter `direction` of `widget.Widget.spin` became required. Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"',
    ]);
  });

  it('warns about a package it cannot compare where the check is to raise or fail', async () => {
    repo = Monorepo.create([]);
    land('feat: a data package', {
      'data/tables/pyproject.toml': '[project]\nname = "tables"\nversion = "1.0.0"\n',
      'data/tables/tables.csv': 'a,b\n',
    });
    await release();
    land('fix: more data', { 'data/tables/tables.csv': 'a,b\n1,2\n' });
    const run = await release({ apiCheck: 'raise' });
    expect(run.tags).toEqual(['tables-v1.0.1']);
    expect(run.result.plan.warnings).toEqual([
      'tables: not checked by the API check: it has no Python module',
    ]);
  });

  it('says it did not run where there is no Python, and stops only a check that must not be skipped', async () => {
    create([CORE]);
    await release();
    removeGone(CORE);
    // PATH with git alone.
    const bin = mkdtempSync(join(tmpdir(), 'pyrelease-git-only-'));
    symlinkSync(
      spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(),
      join(bin, 'git'),
    );
    const path = process.env.PATH;
    process.env.PATH = bin;
    try {
      const before = repo.originRefs();
      expect(await refusal({ apiCheck: 'raise' })).toBe(
        'the API check could not run, and api-check is "raise" or "fail" for core; nothing was changed: no python3 or python on PATH: add actions/setup-python before cut-release',
      );
      expect(repo.originRefs()).toBe(before);
      const run = await release();
      expect(run.tags).toEqual(['core-v1.0.1']);
      expect(run.result.plan.warnings).toEqual([
        'the API check did not run: no python3 or python on PATH: add actions/setup-python before cut-release',
      ]);
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('refuses a break in a maintenance line, naming it', async () => {
    create([CORE]);
    await release();
    removeGone(CORE);
    expect(await refusal({ apiCheck: 'raise', line: '1' })).toBe(
      `core: the API check found breaking changes since core-v1.0.0 (${FOUND}), which maintenance line 1 cannot release (1.0.0 -> 2.0.0): undo them in this line, or release them from the main line`,
    );
  });
});
