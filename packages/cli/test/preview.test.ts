import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Monorepo } from '../../../test/support/repo.js';
import { InstalledCli } from './installed-cli.js';

// `pyrelease preview` as a user runs it: the installed bin, in a clone on a feature branch.
const cli = InstalledCli.forSuite();
let repo: Monorepo;
afterEach(() => repo?.cleanup());

/** core 1.0.0 released on test (and master); a branch `feature` off test with `commits`, checked out. */
function onFeatureBranch(commits: readonly [string, Record<string, string>][]): Monorepo {
  const made = Monorepo.create([
    { path: 'libs/core', name: 'core', version: '1.0.0' },
    { path: 'libs/app', name: 'app', version: '0.3.0' },
  ]);
  made.git('tag', '-a', 'core-v1.0.0', '-m', 'core 1.0.0');
  made.git('tag', '-a', 'app-v0.3.0', '-m', 'app 0.3.0');
  made.git('push', '--quiet', 'origin', 'test', 'test:master', '--tags');
  made.git('fetch', '--quiet', 'origin');
  made.git('checkout', '--quiet', '-b', 'feature');
  for (const [message, files] of commits) made.commit(message, files);
  return made;
}

/** Everything in the clone that a run could change: refs, HEAD, index and objects. */
function state(): string {
  const objects = readdirSync(join(repo.work, '.git/objects')).sort().join(' ');
  return [
    repo.git('for-each-ref'),
    repo.git('rev-parse', 'HEAD'),
    repo.git('status', '--porcelain'),
    objects,
  ].join('\n');
}

describe('pyrelease preview', () => {
  it('needs --title to plan a squash: a usage error (exit 2) before anything is read', () => {
    repo = onFeatureBranch([['fix(core): x', { 'libs/core/src/core/x.py': 'X = 1\n' }]]);
    const run = cli.run(repo.work, 'preview', '--base-branch', 'test', '--merge-method', 'squash');
    expect([run.code, run.stderr.trimEnd()]).toEqual([
      2,
      "pyrelease preview: --merge-method squash needs --title: the squash commit is the pull request's title (pyrelease preview --help lists the options)",
    ]);
  });

  it('prints what merging the branch into test releases, and changes nothing', () => {
    repo = onFeatureBranch([['feat(core): a retry policy', { 'libs/core/src/core/retry.py': 'N = 3\n' }]]);
    const before = state();
    const run = cli.run(repo.work, 'preview', '--base-branch', 'test');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(
      /^release preview: merging into test releases 1 package \(rc\)\n {2}core {2}1\.0\.0 → 1\.1\.0rc1 {2}minor\n/,
    );
    expect(run.stdout).toContain('core-v1.1.0rc1 changelog section:\n  ## 1.1.0rc1 (');
    expect(state()).toBe(before);
    expect(existsSync(join(repo.work, '.git/MERGE_HEAD'))).toBe(false);
  });

  it('plans finals into master, and a squash with the title as the commit', () => {
    repo = onFeatureBranch([
      ['wip', { 'libs/core/src/core/retry.py': 'N = 3\n' }],
      ['wip again', { 'libs/app/src/app/x.py': 'X = 1\n' }],
    ]);
    const merged = cli.run(repo.work, 'preview', '--base-branch', 'master', '--json');
    expect(merged.code).toBe(0);
    const json = JSON.parse(merged.stdout);
    expect([json.mode, json.mergeMethod, json.count]).toEqual(['final', 'merge', 2]);
    expect(json.headerProblems).toEqual([
      {
        text: expect.stringMatching(/^commit [0-9a-f]{7} "wip" is not a Conventional Commits header/),
        failing: false,
      },
      { text: expect.stringMatching(/^commit [0-9a-f]{7} "wip again" is not/), failing: false },
    ]);
    const squash = cli.run(
      repo.work,
      ...[
        'preview',
        '--base-branch',
        'master',
        '--merge-method',
        'squash',
        '--title',
        'feat(core)!: retries',
        '--json',
      ],
    );
    expect(squash.code).toBe(0);
    // One commit changing both packages: both are released by its header (app below 1.0.0: a minor).
    expect(JSON.parse(squash.stdout).released.map((r: { tag: string }) => r.tag)).toEqual([
      'app-v0.4.0',
      'core-v2.0.0',
    ]);
    const strict = cli.run(repo.work, 'preview', '--base-branch', 'master', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(
      /^pyrelease: error: commit [0-9a-f]{7} "wip" is not a Conventional Commits header/,
    );
  });

  it('warns of a squash title the release cannot read; fails in one line for a conflict, a bad number', () => {
    repo = onFeatureBranch([
      ['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }],
      ['fix(core): another', { 'libs/core/src/core/more.py': 'Y = 1\n' }],
    ]);
    const title = cli.run(
      repo.work,
      'preview',
      '--base-branch',
      'test',
      '--merge-method',
      'squash',
      '--title',
      'A leak',
    );
    // The squash's body lists commits the release reads: the title is a warning, the check passes.
    expect([title.code, title.stderr]).toEqual([0, '']);
    expect(title.stdout).toContain(
      'warning: the squash merge\'s commit header "A leak" is not a Conventional Commits header, so the release cannot tell what it changes: rename the pull request to type(scope)!: description',
    );
    expect(title.stdout).toContain('core  1.0.0 → 1.0.1rc1  patch');

    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): the other leak', { 'libs/core/src/core/leak.py': 'X = 2\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    repo.git('checkout', '--quiet', 'feature');
    const conflict = cli.run(repo.work, 'preview', '--base-branch', 'test');
    expect([conflict.code, conflict.stderr.trim()]).toEqual([
      1,
      'pyrelease: error: the branch does not merge cleanly into the base (conflicts in libs/core/src/core/leak.py): merge the base into it first',
    ]);
    const number = cli.run(repo.work, 'preview', '--base-branch', 'test', '--number', '#5');
    expect(number.code).toBe(2);
    expect(number.stderr.trim()).toBe(
      'pyrelease preview: --number must be a pull request number, got "#5" (pyrelease preview --help lists the options)',
    );
  });
});
