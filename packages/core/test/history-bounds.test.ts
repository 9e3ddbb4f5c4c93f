import { afterEach, describe, expect, it } from '@jest/globals';
import {
  Git,
  planFromRepository,
  RepositoryReader,
  type ReleaseMode,
  type ReleasePlan,
} from '../src/index.js';
import { LOG_WITH_FILES, parseLog } from '../src/git/log.js';
import { computePlan } from '../src/plan/compute.js';
import { readPackagesAt } from '../src/plan/planner.js';
import { historyBoundsOf } from '../src/plan/tag-assignment.js';
import { Monorepo } from '../../../test/support/repo.js';

/**
 * The plan reads the history down to what every package's counted tags contain (and, for packages
 * without a final, their folders below that). Whatever the history, it must plan exactly what a read
 * of the whole history plans: these tests build histories with real git and compare the two.
 */

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

const PACKAGES = [
  { name: 'alpha', path: 'libs/alpha' },
  { name: 'beta', path: 'libs/beta' },
  { name: 'gamma', path: 'libs/gamma' },
  { name: 'plug', path: 'libs/gamma/plug' },
];

/** mulberry32, so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The plan as read from the whole history: every commit of the head and of every tag. */
async function planFromWholeHistory(git: Git, mode: ReleaseMode, baseRef: string): Promise<ReleasePlan> {
  const reader = new RepositoryReader(git);
  const head = (await reader.resolveCommit(baseRef)) as string;
  const workspace = await readPackagesAt(reader, head, []);
  const tags = await reader.listTags();
  const log = await git.run(LOG_WITH_FILES, {
    input: [head, ...tags.map((t) => t.commit)].map((r) => `${r}\n`).join(''),
  });
  const input = {
    mode,
    packages: workspace.packages,
    unreleased: workspace.unreleased,
    tags,
    line: workspace.config.line,
    lockFiles: workspace.lockFiles,
  };
  const commits = parseLog(log.stdout.toString('utf8'));
  const bounded = await reader.readHistory(head, historyBoundsOf(input));
  read.whole += commits.length;
  read.bounded += bounded.commits.length;
  read.older += bounded.older?.length ?? 0;
  return computePlan({ ...input, history: { head, commits } });
}

/** Commits read over all the histories of a test, whole and bounded. */
const read = { whole: 0, bounded: 0, older: 0 };

/** What a plan decides, commits by SHA (a bounded read lists only a folder's files for old commits). */
function decisions(plan: ReleasePlan) {
  return {
    packages: plan.packages.map((p) => ({
      name: p.package.name,
      next: p.next?.text ?? null,
      tag: p.tag,
      bump: p.bump,
      previous: p.previous?.tag ?? null,
      releaseAs: p.releaseAs?.version.text ?? null,
      skipReason: p.skipReason,
      // git log's order among commits of the same second depends on where its walk started.
      commits: p.commits.map((c) => c.sha).sort(),
      changelogSource: p.changelogSource,
    })),
    warnings: plan.warnings,
  };
}

/**
 * A history as real monorepos grow one: commits touching 1-2 packages, side branches merged, releases
 * the way cut-release makes them (a chain of tagged commits off the base), rcs on `test` promoted by a
 * squash commit on `main`, tags on the branch itself as other tools make them, and one package (gamma)
 * that only ever gets release candidates.
 */
function growHistory(r: Monorepo, seed: number, steps: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const versions = new Map(PACKAGES.map((p) => [p.name, { minor: 1, rc: 0 }]));
  let counter = 0;
  const touch = (message: string, names: readonly string[]) => {
    const files: Record<string, string> = {};
    for (const name of names) {
      const p = PACKAGES.find((x) => x.name === name) as (typeof PACKAGES)[number];
      counter += 1;
      files[`${p.path}/src/f${counter % 7}.py`] = `# ${counter}\n`;
    }
    return r.commit(message, files);
  };
  const change = () =>
    touch(`${pick(['feat', 'fix', 'fix', 'chore', 'docs'])}: change ${counter}`, [
      ...new Set([pick(PACKAGES).name, ...(next() < 0.3 ? [pick(PACKAGES).name] : [])]),
    ]);
  const release = (final: boolean) => {
    const base = r.git('rev-parse', 'HEAD');
    r.git('checkout', '--quiet', '-B', 'release-scratch', base);
    for (const p of PACKAGES) {
      if (next() < 0.4) continue;
      const v = versions.get(p.name) as { minor: number; rc: number };
      const asFinal = final && p.name !== 'gamma';
      const version = asFinal ? `0.${v.minor}.0` : `0.${v.minor}.0rc${v.rc + 1}`;
      if (asFinal) {
        v.minor += 1;
        v.rc = 0;
      } else v.rc += 1;
      r.commit(`release(${p.name}): ${version}`, {
        [`${p.path}/CHANGELOG.md`]: `## ${version}\n`,
      });
      r.git('tag', '-a', '-m', version, `${p.name}-v${version}`);
    }
    r.git('checkout', '--quiet', 'test');
  };
  for (let step = 0; step < steps; step += 1) {
    const roll = next();
    if (roll < 0.55) change();
    else if (roll < 0.65) {
      // A side branch from a few commits back, merged.
      const depth = Number(r.git('rev-list', '--first-parent', '--count', 'HEAD')) - 1;
      const from = r.git('rev-parse', `HEAD~${Math.min(depth, 1 + Math.floor(next() * 3))}`);
      r.git('checkout', '--quiet', '-B', 'side', from);
      change();
      r.git('checkout', '--quiet', 'test');
      r.git('merge', '--quiet', '--no-ff', '--no-edit', 'side');
    } else if (roll < 0.8) release(false);
    else if (roll < 0.9) release(true);
    else {
      // Another tool's tag on the branch itself.
      const p = pick(PACKAGES.slice(0, 2));
      const v = versions.get(p.name) as { minor: number; rc: number };
      r.git('tag', `${p.name}-v0.${v.minor}.0`);
      v.minor += 1;
      v.rc = 0;
    }
  }
  change();
}

describe('a plan read from the boundary of the counted tags', () => {
  it('decides what a plan of the whole history decides, on histories of every shape', async () => {
    for (const seed of [1, 2, 3, 4]) {
      repo = Monorepo.create(
        PACKAGES.map((p) => ({ ...p, version: '0.1.0' })),
        'test',
      );
      growHistory(repo, seed, 40);
      for (const mode of ['rc', 'final'] as const) {
        const git = new Git(repo.work);
        const bounded = await planFromRepository(git, { mode, baseRef: 'test' });
        const whole = await planFromWholeHistory(new Git(repo.work), mode, 'test');
        expect({ seed, mode, ...decisions(bounded) }).toEqual({ seed, mode, ...decisions(whole) });
      }
      repo.cleanup();
      repo = null;
    }
    // The bound did leave history out, and the never-final package's folder was read below it.
    expect(read.bounded).toBeLessThan(read.whole * 0.8);
    expect(read.older).toBeGreaterThan(0);
  });

  it('reads only the commits since the counted tags, and a never-released folder back to its start', async () => {
    repo = Monorepo.create(
      [
        { name: 'alpha', path: 'libs/alpha', version: '0.1.0' },
        { name: 'beta', path: 'libs/beta', version: '0.1.0' },
      ],
      'test',
    );
    for (let i = 0; i < 30; i += 1) repo.commit(`fix: old ${i}`, { 'libs/alpha/x.py': `${i}\n` });
    repo.commit('feat: beta starts', { 'libs/beta/y.py': '1\n' });
    repo.git('tag', 'alpha-v0.1.0');
    repo.commit('fix: new', { 'libs/alpha/x.py': 'new\n' });
    const git = new Git(repo.work);
    const reader = new RepositoryReader(git);
    const head = (await reader.resolveCommit('test')) as string;
    const tagged = (await reader.resolveCommit('alpha-v0.1.0')) as string;
    // Only alpha is released: the walk stops at its tag; beta's folder is read below it alone.
    const history = await reader.readHistory(head, {
      tagCommits: [tagged],
      fullHistoryPaths: ['libs/beta'],
    });
    expect(history.commits.map((c) => c.message)).toEqual(['fix: new', 'feat: beta starts']);
    expect(history.older?.map((c) => c.message)).toEqual(['chore: initial layout']);
    expect(history.older?.[0].files).toEqual(['libs/beta/pyproject.toml', 'libs/beta/src/beta/__init__.py']);
    const plan = await planFromRepository(new Git(repo.work), { mode: 'final', baseRef: 'test' });
    expect(plan.packages.map((p) => [p.package.name, p.next?.text, p.commits.length])).toEqual([
      ['alpha', '0.1.1', 1],
      ['beta', '0.1.0', 2],
    ]);
  });
});

describe('the tags a plan reads', () => {
  it('are read again when the caller changed its list between two plans', async () => {
    repo = Monorepo.create([{ name: 'alpha', path: 'libs/alpha', version: '0.1.0' }], 'test');
    repo.commit('fix: one', { 'libs/alpha/x.py': '1\n' });
    const git = new Git(repo.work);
    const reader = new RepositoryReader(git);
    const head = (await reader.resolveCommit('test')) as string;
    const { packages } = await readPackagesAt(reader, head, []);
    const history = await reader.readHistory(head);
    const tags = [{ name: 'alpha-v0.1.0', commit: head }];
    const input = { mode: 'final' as const, packages, tags, history };
    expect(computePlan(input).packages[0].skipReason).toBe('no changes since alpha-v0.1.0');
    tags.push({ name: 'alpha-v0.1.1', commit: head });
    expect(computePlan(input).packages[0].skipReason).toBe('no changes since alpha-v0.1.1');
  });
});
