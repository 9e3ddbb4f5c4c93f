import { afterEach, describe, expect, it } from '@jest/globals';
import { cutRelease, Git, planFromRepository, RecordingLogger } from '../src/index.js';
import { releasedPackages } from '../src/plan/types.js';
import { Monorepo } from '../../../test/support/repo.js';

const PACKAGES = [
  { path: 'packages/aetherflow', name: 'aetherflow', version: '0.1.0' },
  { path: 'packages/aetherflow-core', name: 'aetherflow-core', version: '0.1.0', style: 'poetry' as const },
  { path: 'packages/aetherflow-scheduler', name: 'aetherflow_scheduler', version: '0.1.0' },
];

let repo: Monorepo;
afterEach(() => repo?.cleanup());

/** One release run the way the workflow does it: from the tip of origin/<base>, pushing. */
async function release(mode: 'rc' | 'final', base: string, releaseBranch: string) {
  repo.git('checkout', '--quiet', base);
  repo.git('pull', '--quiet', '--ff-only', 'origin', base);
  const logger = new RecordingLogger();
  const result = await cutRelease(
    new Git(repo.work),
    { mode, baseBranch: base, releaseBranch, push: true, now: new Date('2026-11-24T12:00:00Z') },
    logger,
  );
  repo.git('checkout', '--quiet', base);
  return { result, logger, tags: result.released.map((r) => r.tag) };
}

describe("the release flow's worked example on a real repository", () => {
  it('goes rc1 -> rc2 -> final -> 0.2.0rc1 -> 0.2.0 with changelogs that never lose an entry', async () => {
    repo = Monorepo.create(PACKAGES, 'test');
    repo.git('push', '--quiet', 'origin', 'test:master');

    // First push to test: every package gets 0.1.0rc1.
    let run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual([
      'aetherflow-v0.1.0rc1',
      'aetherflow-core-v0.1.0rc1',
      'aetherflow-scheduler-v0.1.0rc1',
    ]);
    expect(repo.originFile('aetherflow-core-v0.1.0rc1', 'packages/aetherflow-core/pyproject.toml')).toContain(
      'version = "0.1.0rc1"',
    );
    // The base branch's version never moves: the tags are the history.
    expect(repo.originFile('test', 'packages/aetherflow-core/pyproject.toml')).toContain('version = "0.1.0"');

    // A fix lands in core only: core-0.1.0rc2, the others are skipped with a reason.
    const fix = repo.commit('fix(core): retry on timeout', {
      'packages/aetherflow-core/src/aetherflow_core/net.py': 'x = 1\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual(['aetherflow-core-v0.1.0rc2']);
    expect(run.result.plan.packages.find((p) => p.package.name === 'aetherflow')?.skipReason).toBe(
      'no changes since aetherflow-v0.1.0rc1',
    );
    const rc2Log = repo.originFile('aetherflow-core-v0.1.0rc2', 'packages/aetherflow-core/CHANGELOG.md');
    expect(rc2Log).toMatch(
      /^# Changelog\n\n## 0\.1\.0rc2 \(2026-11-24\)\n\n### Bug Fixes\n\n- \*\*core:\*\* retry on timeout \(\w{7}\)\n/,
    );
    expect(rc2Log).toContain(`(${fix.slice(0, 7)})`);
    expect(rc2Log).toContain('## 0.1.0rc1 (2026-11-24)');

    // A re-run on the same SHA releases nothing and pushes nothing.
    const before = repo.originRefs();
    run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual([]);
    expect(repo.originRefs()).toBe(before);

    // Promotion to master: the finals, 0.1.0 each.
    repo.git('push', '--quiet', 'origin', 'test:master');
    run = await release('final', 'master', 'release');
    expect(run.tags).toEqual(['aetherflow-v0.1.0', 'aetherflow-core-v0.1.0', 'aetherflow-scheduler-v0.1.0']);
    expect(run.result.released.map((r) => [r.name, r.previous, r.channel])).toEqual([
      ['aetherflow', null, 'final'],
      ['aetherflow-core', null, 'final'],
      ['aetherflow-scheduler', null, 'final'],
    ]);
    const finalLog = repo.originFile('aetherflow-core-v0.1.0', 'packages/aetherflow-core/CHANGELOG.md');
    // The final's changelog continues from the base branch (no final tag yet) and lists every change.
    expect(finalLog).toMatch(/^# Changelog\n\n## 0\.1\.0 \(2026-11-24\)\n/);
    expect(finalLog).toContain('- **core:** retry on timeout');
    expect(finalLog).not.toContain('0.1.0rc');

    // A feat lands on test: 0.2.0rc1 for the scheduler.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('feat(scheduler): cron syntax', { 'packages/aetherflow-scheduler/src/cron.py': 'y = 2\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual(['aetherflow-scheduler-v0.2.0rc1']);
    expect(run.result.plan.packages.find((p) => p.package.name === 'aetherflow-scheduler')?.bump).toBe(
      'minor',
    );

    // A fix follows: still 0.2.0 (the level comes from everything since the last final), rc2.
    repo.commit('fix(scheduler): off by one', { 'packages/aetherflow-scheduler/src/cron.py': 'y = 3\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual(['aetherflow-scheduler-v0.2.0rc2']);
    const rcLog = repo.originFile(
      'aetherflow-scheduler-v0.2.0rc2',
      'packages/aetherflow-scheduler/CHANGELOG.md',
    );
    expect(rcLog.indexOf('## 0.2.0rc2')).toBeLessThan(rcLog.indexOf('## 0.2.0rc1'));
    expect(rcLog.indexOf('## 0.2.0rc1')).toBeLessThan(rcLog.indexOf('## 0.1.0 '));

    // On master: 0.2.0, whose changelog continues from the 0.1.0 final.
    repo.git('push', '--quiet', 'origin', 'test:master');
    run = await release('final', 'master', 'release');
    expect(run.tags).toEqual(['aetherflow-scheduler-v0.2.0']);
    const finalLog2 = repo.originFile(
      'aetherflow-scheduler-v0.2.0',
      'packages/aetherflow-scheduler/CHANGELOG.md',
    );
    expect(finalLog2).toMatch(
      /^# Changelog\n\n## 0\.2\.0 \(2026-11-24\)\n\n### Features\n\n- \*\*scheduler:\*\* cron syntax/,
    );
    expect(finalLog2).toContain('- **scheduler:** off by one');
    expect(finalLog2).toContain('## 0.1.0 (2026-11-24)');
    expect(finalLog2).not.toContain('0.2.0rc');

    expect(repo.originTags()).toEqual(
      [
        'aetherflow-core-v0.1.0',
        'aetherflow-core-v0.1.0rc1',
        'aetherflow-core-v0.1.0rc2',
        'aetherflow-scheduler-v0.1.0',
        'aetherflow-scheduler-v0.1.0rc1',
        'aetherflow-scheduler-v0.2.0',
        'aetherflow-scheduler-v0.2.0rc1',
        'aetherflow-scheduler-v0.2.0rc2',
        'aetherflow-v0.1.0',
        'aetherflow-v0.1.0rc1',
      ].sort(),
    );
  });

  it('keeps every changelog entry when a package folder moves', async () => {
    repo = Monorepo.create([{ path: 'libs/old', name: 'mover', version: '0.1.0' }], 'test');
    await release('rc', 'test', 'release-test');
    repo.commit('fix: one', { 'libs/old/a.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    await release('rc', 'test', 'release-test');
    repo.git('mv', 'libs/old', 'libs/new');
    repo.git('commit', '--quiet', '-m', 'Move mover to libs/new');
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await release('rc', 'test', 'release-test');
    expect(run.tags).toEqual(['mover-v0.1.0rc3']);
    const log = repo.originFile('mover-v0.1.0rc3', 'libs/new/CHANGELOG.md');
    expect(log.indexOf('## 0.1.0rc3')).toBeLessThan(log.indexOf('## 0.1.0rc2'));
    expect(log.indexOf('## 0.1.0rc2')).toBeLessThan(log.indexOf('## 0.1.0rc1'));
    expect(log).toContain('- Move mover to libs/new');
  });

  it('reads the repository with the same number of git processes for 3 and 30 packages, with or without internal dependencies', async () => {
    const counts: number[] = [];
    for (const chain of [false, true]) {
      for (const n of [3, 30]) {
        repo = Monorepo.create([], 'test');
        const files: Record<string, string> = {};
        for (let i = 0; i < n; i += 1) {
          // In a chain each member requires the one before it, pinned: releasing p0 moves all of them.
          const requires = chain && i > 0 ? `dependencies = ["p${i - 1}==1.0.0"]\n` : '';
          files[`libs/p${i}/pyproject.toml`] = `[project]\nname = "p${i}"\nversion = "1.0.0"\n${requires}`;
        }
        repo.commit('feat: members', files);
        for (let i = 0; i < n; i += 1) repo.git('tag', '-a', '-m', 'x', `p${i}-v1.0.0`);
        repo.commit('fix: p0', { 'libs/p0/x.py': '1\n' });
        const git = new Git(repo.work);
        const plan = await planFromRepository(git, { mode: 'final', baseRef: 'test' });
        expect(releasedPackages(plan)).toHaveLength(chain ? n : 1);
        expect(plan.dependencyUpdates).toHaveLength(chain ? n - 1 : 0);
        counts.push(git.processCount);
        repo.cleanup();
      }
    }
    expect(new Set(counts).size).toBe(1);
    // rev-parse, the shallow check, the tag listing, ls-tree, one cat-file, the partial-clone check,
    // the merge-base of the counted tags that bounds the walk, one git log.
    expect(counts[0]).toBe(8);
  });

  it('plans names that contain rc and -v, next to a package whose name is their prefix', async () => {
    repo = Monorepo.create(
      [
        { path: 'orc', name: 'orc', version: '1.0.0' },
        { path: 'orc-v2-tools', name: 'orc-v2-tools', version: '3.0.0' },
      ],
      'test',
    );
    repo.git('tag', '-a', '-m', 'x', 'orc-v1.0.0');
    repo.git('tag', '-a', '-m', 'x', 'orc-v2-tools-v3.0.0rc1');
    repo.commit('feat: tools', { 'orc-v2-tools/a.py': '1\n' });
    const plan = await planFromRepository(new Git(repo.work), { mode: 'rc', baseRef: 'test' });
    const byName = new Map(plan.packages.map((p) => [p.package.name, p]));
    expect(byName.get('orc')?.skipReason).toBe('no changes since orc-v1.0.0');
    expect(byName.get('orc-v2-tools')?.lastAny?.tag).toBe('orc-v2-tools-v3.0.0rc1');
    expect(byName.get('orc-v2-tools')?.next?.text).toBe('3.0.0rc2');
  });
});
