import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Git, planFromRepository } from '../src/index.js';
import { folderMovesOf } from '../src/git/repository.js';
import { releasedPackages } from '../src/plan/types.js';
import { Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

/** `git mv` of a folder into a parent folder that may not exist yet. */
function move(from: string, to: string): void {
  mkdirSync(join(repo.work, to, '..'), { recursive: true });
  repo.git('mv', from, to);
}

/** beta (and `other`) released at 1.0.0, a feature of beta, then beta's folder moved to packages/. */
function betaMovedAfterAFeature(other: string): void {
  repo = Monorepo.create([
    { path: 'libs/beta', name: 'beta', version: '1.0.0' },
    { path: `libs/${other}`, name: other, version: '1.0.0' },
  ]);
  for (const name of ['beta', other]) repo.git('tag', '-a', '-m', `${name} 1.0.0`, `${name}-v1.0.0`);
  repo.commit('feat(beta): before the move', { 'libs/beta/src/beta/a.py': 'A = 1\n' });
  move('libs/beta', 'packages/beta');
  repo.git('commit', '--quiet', '-m', 'refactor: beta moves to packages/');
}

/** The subjects of the commits each released package's plan holds, by package name. */
async function plannedSubjects(mode: 'rc' | 'final'): Promise<Record<string, string[]>> {
  const plan = await planFromRepository(new Git(repo.work), { mode, baseRef: 'HEAD' });
  return Object.fromEntries(
    releasedPackages(plan).map((p) => [
      p.package.name,
      p.commits.map((c) => c.message.split('\n')[0]).sort(),
    ]),
  );
}

describe('a package whose folder moved', () => {
  // Found by the simulator (test/simulation/cases/seed-310-nothing-lost.json, seed-205): the commits
  // made in the old folder were read as nobody's, so the next release left them out.
  it('releases the commits made in its old folder since its last release', async () => {
    betaMovedAfterAFeature('alpha');
    move('packages/beta', 'pkgs/beta');
    repo.git('commit', '--quiet', '-m', 'refactor: beta moves again');
    repo.commit('fix(beta): after the moves', { 'pkgs/beta/src/beta/b.py': 'B = 1\n' });
    expect(await plannedSubjects('final')).toEqual({
      beta: [
        'feat(beta): before the move',
        'fix(beta): after the moves',
        'refactor: beta moves again',
        'refactor: beta moves to packages/',
      ],
    });
    const plan = await planFromRepository(new Git(repo.work), { mode: 'final', baseRef: 'HEAD' });
    expect(releasedPackages(plan).map((p) => p.next?.text)).toEqual(['1.1.0']);
  });

  it('leaves the old folder to a package made there since, and a removed package to nobody', async () => {
    betaMovedAfterAFeature('gone');
    // A new package in beta's old folder: its commits are its own.
    repo.commit('feat: a new package where beta was', {
      'libs/beta/pyproject.toml': '[project]\nname = "newcomer"\nversion = "0.1.0"\n',
      'libs/beta/src/newcomer/__init__.py': 'X = 1\n',
    });
    // One package removed and another added in the same commit: not a move of gone's.
    repo.commit('fix(gone): last change', { 'libs/gone/src/gone/z.py': 'Z = 1\n' });
    repo.git('rm', '--quiet', '-r', 'libs/gone');
    repo.write('libs/other/pyproject.toml', '[project]\nname = "other"\nversion = "0.1.0"\n');
    repo.write('libs/other/src/other/__init__.py', 'O = 1\n');
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'feat: other replaces gone');
    const planned = await plannedSubjects('final');
    expect(planned.beta).toEqual(['feat(beta): before the move', 'refactor: beta moves to packages/']);
    expect(planned.newcomer).toEqual(['feat: a new package where beta was']);
    expect(planned.other).toEqual(['feat: other replaces gone']);
  });
});

describe('folderMovesOf', () => {
  const A = (path: string) => ({ status: 'A', path });
  const D = (path: string) => ({ status: 'D', path });
  it('pairs a deleted pyproject.toml with the folder that holds every file of the old one', () => {
    const moved = [
      D('libs/b/pyproject.toml'),
      D('libs/b/x.py'),
      A('pkgs/b/pyproject.toml'),
      A('pkgs/b/x.py'),
    ];
    expect(folderMovesOf(moved)).toEqual([{ from: 'libs/b', to: 'pkgs/b' }]);
    // Edits committed with the move (a file added) keep it a move; a new file of the old one missing does not.
    expect(folderMovesOf([...moved, A('pkgs/b/new.py')])).toEqual([{ from: 'libs/b', to: 'pkgs/b' }]);
    expect(folderMovesOf([...moved, D('libs/b/old.py')])).toEqual([]);
    // Two folders that could hold it: nobody can tell which.
    expect(folderMovesOf([...moved, A('other/b/pyproject.toml'), A('other/b/x.py')])).toEqual([]);
    // Two packages moved together, each to its own folder.
    expect(
      folderMovesOf([
        ...moved,
        D('libs/c/pyproject.toml'),
        D('libs/c/y.py'),
        A('pkgs/c/pyproject.toml'),
        A('pkgs/c/y.py'),
      ]),
    ).toEqual([
      { from: 'libs/b', to: 'pkgs/b' },
      { from: 'libs/c', to: 'pkgs/c' },
    ]);
    // The root project is not a folder that moves; a modified pyproject.toml is no move.
    expect(folderMovesOf([D('pyproject.toml'), A('pkgs/pyproject.toml')])).toEqual([]);
    expect(
      folderMovesOf([{ status: 'M', path: 'libs/b/pyproject.toml' }, A('pkgs/b/pyproject.toml')]),
    ).toEqual([]);
  });
});
