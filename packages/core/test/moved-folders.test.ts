import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Git, planFromRepository } from '../src/index.js';
import { pairMoves } from '../src/plan/folder-moves.js';
import { releasedPackages } from '../src/plan/types.js';
import { Monorepo, pyproject } from '../../../test/support/repo.js';

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

function commitAll(message: string): void {
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '--allow-empty', '-m', message);
}

/** A repository of `packages`, each tagged at its version. */
function released(...packages: { path: string; name: string; version: string }[]): void {
  repo = Monorepo.create(packages);
  tag(...packages.map((p) => `${p.name}-v${p.version}`));
}

function tag(...names: string[]): void {
  for (const name of names) repo.git('tag', '-a', '-m', name, name);
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

describe('whose a change in a folder that packages moved through is (found by an outside review)', () => {
  it('is not a move when a package is removed beside another one moved or added', async () => {
    // A meta-package of one pyproject.toml removed in the commit that moves cli: its breaking change
    // is not cli's, nor that of a package added in its place.
    repo = Monorepo.create([{ path: 'tools/cli', name: 'cli', version: '1.0.0' }]);
    repo.commit('feat: the alpha-all meta-package', {
      'meta/all/pyproject.toml': pyproject('alpha-all', '1.0.0'),
    });
    tag('cli-v1.0.0', 'alpha-all-v1.0.0');
    repo.commit('feat(alpha-all)!: require python 3.10', {
      'meta/all/pyproject.toml': `${pyproject('alpha-all', '1.0.0')}# 3.10\n`,
    });
    repo.git('rm', '--quiet', '-r', 'meta/all');
    move('tools/cli', 'apps/cli');
    repo.write('tools/new/pyproject.toml', pyproject('alpha-cli', '0.1.0'));
    repo.write('tools/new/src/alpha_cli/__init__.py', '');
    commitAll('chore: drop alpha-all, cli moves to apps/, alpha-cli begins');
    expect(await plannedSubjects('final')).toEqual({
      'alpha-cli': ['chore: drop alpha-all, cli moves to apps/, alpha-cli begins'],
    });
  });

  it('takes a folder another package moved into after it left for that package', async () => {
    released(
      { path: 'libs/client', name: 'client', version: '1.0.0' },
      { path: 'libs/client2', name: 'client-next', version: '0.3.0' },
    );
    repo.commit('feat(client-next): streaming API', { 'libs/client2/src/client_next/s.py': 'S = 1\n' });
    move('libs/client', 'legacy/client');
    commitAll('chore: park the old client in legacy/');
    move('libs/client2', 'libs/client');
    commitAll('chore: client-next takes libs/client');
    expect(await plannedSubjects('final')).toEqual({
      'client-next': ['chore: client-next takes libs/client', 'feat(client-next): streaming API'],
    });
  });

  it('leaves what lands in the old folder after the move to whoever owns it then', async () => {
    // The root package owns libs/beta once beta has left it.
    repo = Monorepo.create([
      { path: '.', name: 'root', version: '1.0.0' },
      { path: 'libs/beta', name: 'beta', version: '1.0.0' },
    ]);
    move('libs/beta', 'packages/beta');
    commitAll('refactor: beta moves to packages/');
    tag('root-v1.0.1', 'beta-v1.0.1');
    repo.commit('fix: a note where beta used to be', { 'libs/beta/README.md': 'moved\n' });
    expect(await plannedSubjects('final')).toEqual({ root: ['fix: a note where beta used to be'] });
  });

  it('gives a fix made in the old folder beside the move (on another branch) to the moved package', async () => {
    repo = Monorepo.create([{ path: 'libs/beta', name: 'beta', version: '1.0.0' }]);
    tag('beta-v1.0.0');
    repo.git('checkout', '--quiet', '-b', 'move');
    move('libs/beta', 'packages/beta');
    commitAll('refactor: beta moves to packages/');
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(beta): made while the move was in review', { 'libs/beta/src/beta/x.py': 'X = 2\n' });
    repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge branch move', 'move');
    repo.commit('feat: newcomer where beta was', {
      'libs/beta/pyproject.toml': pyproject('newcomer', '0.1.0'),
      'libs/beta/src/newcomer/__init__.py': '',
    });
    const planned = await plannedSubjects('final');
    expect(planned.beta).toEqual([
      'fix(beta): made while the move was in review',
      'refactor: beta moves to packages/',
    ]);
    expect(planned.newcomer).not.toContain('fix(beta): made while the move was in review');
  });

  it('reads the old folder of a package without a final below the history the plan needs', async () => {
    // Found by the simulator (test/simulation/cases/seed-500-nothing-lost.json): the history of a
    // package with no final is read with its folder at the head as the pathspec, which misses its
    // changes made before the move.
    released({ path: 'libs/alpha', name: 'alpha', version: '1.0.0' });
    repo.commit('feat: beta begins', {
      'libs/beta/pyproject.toml': pyproject('beta', '0.1.0'),
      'libs/beta/src/beta/__init__.py': '',
    });
    repo.commit('feat(beta): before the move', { 'libs/beta/src/beta/a.py': 'A = 1\n' });
    move('libs/beta', 'packages/beta');
    commitAll('refactor: beta moves to packages/');
    tag('alpha-v1.1.0');
    repo.commit('fix(alpha): after', { 'libs/alpha/src/alpha/x.py': 'X = 1\n' });
    expect(await plannedSubjects('final')).toEqual({
      alpha: ['fix(alpha): after'],
      beta: ['feat(beta): before the move', 'feat: beta begins', 'refactor: beta moves to packages/'],
    });
  });

  it('keeps a package nested in the old folder its own', async () => {
    released(
      { path: 'libs/beta', name: 'beta', version: '1.0.0' },
      { path: 'libs/beta/ext', name: 'ext', version: '1.0.0' },
    );
    repo.commit('fix(ext): ext work', { 'libs/beta/ext/src/ext/e.py': 'E = 1\n' });
    mkdirSync(join(repo.work, 'packages/beta'), { recursive: true });
    repo.git('mv', 'libs/beta/pyproject.toml', 'packages/beta/pyproject.toml');
    repo.git('mv', 'libs/beta/src', 'packages/beta/src');
    commitAll('refactor: beta moves to packages/, ext stays');
    const planned = await plannedSubjects('final');
    expect(planned.ext).toEqual(['fix(ext): ext work']);
    expect(planned.beta ?? []).not.toContain('fix(ext): ext work');
  });
});

describe('pairMoves (pure)', () => {
  const names: Record<string, string> = { b1: 'beta', b2: 'beta', c1: 'gamma', m1: 'meta' };
  const nameOf = (blob: string) => names[blob] ?? null;
  it('pairs a deleted manifest with the same file added, else with the one of the same project', () => {
    expect(
      pairMoves(
        { deleted: [{ folder: 'libs/b', blob: 'b1' }], added: [{ folder: 'pkgs/b', blob: 'b1' }] },
        () => null,
      ),
    ).toEqual([{ from: 'libs/b', to: 'pkgs/b' }]);
    expect(
      pairMoves(
        {
          deleted: [
            { folder: 'libs/b', blob: 'b1' },
            { folder: 'meta', blob: 'm1' },
          ],
          added: [
            { folder: 'x/gamma', blob: 'c1' },
            { folder: 'pkgs/b', blob: 'b2' },
          ],
        },
        nameOf,
      ),
    ).toEqual([{ from: 'libs/b', to: 'pkgs/b' }]);
    // Two folders that could hold it, or no name to tell by: no move.
    const twice = [
      { folder: 'pkgs/b', blob: 'b2' },
      { folder: 'other/b', blob: 'b2' },
    ];
    expect(pairMoves({ deleted: [{ folder: 'libs/b', blob: 'b1' }], added: twice }, nameOf)).toEqual([]);
    expect(pairMoves({ deleted: [{ folder: 'libs/b', blob: 'zz' }], added: twice }, nameOf)).toEqual([]);
  });
});
