import { describe, expect, it } from '@jest/globals';
import { formatPlanTable, planToJson } from '../src/index.js';
import { computePlan } from '../src/plan/compute.js';
import { readRepositoryConfig } from '../src/config/repository-config.js';
import { resolveGroups } from '../src/workspace/groups.js';
import { testPackage } from '../../../test/support/packages.js';
import { Story } from './support/story.js';

const core = testPackage('acme-core', 'libs/core', '1.0.0');
const cli = testPackage('acme-cli', 'libs/cli', '1.0.0');
const slim = testPackage('acme-slim', 'libs/slim', '1.0.0');
const other = testPackage('other', 'libs/other', '0.4.0');
const ALL = [core, cli, slim, other];

/** Each package's next version (or why not) in a plan of `mode`. */
function versions(s: Story, mode: 'rc' | 'final' | 'beta' = 'final') {
  const plan = s.plan(mode, ALL);
  return Object.fromEntries(plan.packages.map((p) => [p.package.name, p.next?.text ?? null]));
}

/** core, cli and slim released together at 1.0.0, other at 0.4.0. */
function released(): Story {
  const s = new Story();
  s.commit('feat: all of it', 'libs/core/a.py', 'libs/cli/a.py', 'libs/slim/a.py', 'libs/other/a.py');
  s.tag('acme-core-v1.0.0', 'acme-cli-v1.0.0', 'acme-slim-v1.0.0', 'other-v0.4.0');
  return s;
}

describe('version groups', () => {
  it('fixed: every member is released at the group version whenever one changes, from all their commits', () => {
    const s = released();
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli', 'acme-slim'] }];
    s.commit('fix: core', 'libs/core/a.py');
    s.commit('feat: cli', 'libs/cli/a.py');
    expect(versions(s)).toEqual({
      'acme-core': '1.1.0',
      'acme-cli': '1.1.0',
      'acme-slim': '1.1.0',
      other: null,
    });
    expect(versions(s, 'rc')).toEqual({
      'acme-core': '1.1.0rc1',
      'acme-cli': '1.1.0rc1',
      'acme-slim': '1.1.0rc1',
      other: null,
    });
    // rc numbers go one past every member's: one tagged rc2 alone (an earlier run), all get rc3.
    s.tag('acme-cli-v1.1.0rc2');
    s.commit('fix: slim', 'libs/slim/a.py');
    expect(versions(s, 'rc')['acme-slim']).toBe('1.1.0rc3');
    expect(versions(s, 'rc')['acme-core']).toBe('1.1.0rc3');
    // The plan says why each member is released; the JSON names the group.
    const plan = s.plan('final', ALL);
    expect(formatPlanTable(plan)).toMatch(
      /acme-slim .*1\.1\.0 .*patch bump since acme-slim-v1\.0\.0; version group acme \(fixed, its own 1\.0\.1\)/,
    );
    expect(planToJson(plan).packages.find((p) => p.name === 'acme-core')?.group).toEqual({
      name: 'acme',
      versioning: 'fixed',
      own: '1.0.1',
    });
    s.commit('chore: nothing', 'libs/other/a.py');
    const alone = new Story();
    alone.commit('x', 'libs/core/a.py');
    alone.tag('acme-core-v1.0.0', 'acme-cli-v1.0.0', 'acme-slim-v1.0.0');
    alone.groups = s.groups;
    alone.commit('fix: only core', 'libs/core/a.py');
    const p = alone.plan('final', ALL).packages.find((x) => x.package.name === 'acme-cli');
    expect([p?.next?.text, p?.group?.own, formatPlanTable(alone.plan('final', ALL))]).toEqual([
      '1.0.1',
      null,
      expect.stringMatching(/acme-cli .*1\.0\.1 .*version group acme \(fixed\)\n/),
    ]);
  });

  it('fixed: members whose versions differ today start at the highest of them, said in the plan', () => {
    const s = new Story();
    s.commit('feat: x', 'libs/core/a.py', 'libs/cli/a.py');
    s.tag('acme-core-v1.0.0', 'acme-cli-v1.3.0');
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    s.commit('fix: core', 'libs/core/a.py');
    const plan = s.plan('final', [core, cli]);
    expect(plan.packages.map((p) => p.next?.text)).toEqual(['1.3.1', '1.3.1']);
    expect(plan.warnings).toEqual([
      "version group acme: its members' versions differ (acme-core 1.0.0, acme-cli 1.3.0): all are released at 1.3.1, and stay together from now on",
    ]);
  });

  it('linked: only members that change are released, at the highest version the group reaches', () => {
    const s = released();
    s.groups = [{ name: 'acme', versioning: 'linked', members: ['acme-core', 'acme-cli', 'acme-slim'] }];
    s.commit('fix: core', 'libs/core/a.py');
    expect(versions(s)).toEqual({ 'acme-core': '1.0.1', 'acme-cli': null, 'acme-slim': null, other: null });
    s.commit('feat: cli', 'libs/cli/a.py');
    expect(versions(s)).toEqual({
      'acme-core': '1.1.0',
      'acme-cli': '1.1.0',
      'acme-slim': null,
      other: null,
    });
    expect(versions(s, 'beta')).toEqual({
      'acme-core': '1.1.0b1',
      'acme-cli': '1.1.0b1',
      'acme-slim': null,
      other: null,
    });
  });

  it('a Release-As footer on any member sets the group version, unless the members need more', () => {
    const s = released();
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli', 'acme-slim'] }];
    s.commit('feat: core\n\nRelease-As: 2.0.0', 'libs/core/a.py');
    s.commit('feat!: cli', 'libs/cli/a.py');
    expect(versions(s)).toEqual({
      'acme-core': '2.0.0',
      'acme-cli': '2.0.0',
      'acme-slim': '2.0.0',
      other: null,
    });
    const low = new Story();
    low.commit('x', 'libs/core/a.py', 'libs/cli/a.py');
    low.tag('acme-core-v1.0.0', 'acme-cli-v3.0.0');
    low.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    const footer = low.commit('fix: core\n\nRelease-As: 2.0.0', 'libs/core/a.py');
    // Below a member's last final: the group goes above it, and the plan says the footer was passed.
    const plan = low.plan('final', [core, cli]);
    expect(plan.packages.map((p) => p.next?.text)).toEqual(['3.0.1', '3.0.1']);
    expect(plan.warnings).toContain(
      `acme-core: commit ${footer.slice(0, 12)} asks for Release-As: 2.0.0, but version group acme is released at 3.0.1: its members need that much`,
    );
  });

  it('holds a fixed group whole when a member cannot be released, and says which', () => {
    const s = released();
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    // acme-cli has tags in another shape only: it is not planned from nothing, so the group waits.
    const odd = new Story();
    odd.commit('feat: x', 'libs/core/a.py', 'libs/cli/a.py');
    odd.tag('acme-core-v1.0.0', 'libs/cli/v1.0.0');
    odd.groups = s.groups;
    odd.commit('fix: core', 'libs/core/a.py');
    const plan = odd.plan('final', [core, cli]);
    expect(plan.packages.map((p) => [p.next?.text ?? null, p.skipReason])).toEqual([
      [
        null,
        expect.stringMatching(/^held with version group acme: acme-cli cannot be released \(tags such as/),
      ],
      [null, expect.stringMatching(/^tags such as libs\/cli\/v1\.0\.0 look like its releases/)],
    ]);
    expect(plan.warnings.at(-1)).toMatch(
      /^version group acme: not released, since acme-cli cannot be released \(tags such as .*\): a fixed group is released whole$/,
    );
  });
});

describe('version groups: cases an outside review found', () => {
  const indexed = (s: Story, mode: 'final' | 'rc', packages: typeof ALL, held: Record<string, string[]>) =>
    computePlan({
      mode,
      packages,
      tags: s.tags,
      history: { head: s.commits[0].sha, commits: s.commits },
      groups: s.groups,
      index: {
        url: 'https://test.pypi.org/simple/',
        byPackage: new Map(Object.entries(held).map(([k, v]) => [k, { versions: new Set(v) }])),
      },
    });
  const next = (plan: ReturnType<typeof computePlan>) =>
    Object.fromEntries(plan.packages.map((p) => [p.package.name, p.next?.text ?? null]));

  it("asks the index for the group's version, not for a member's own", () => {
    const s = released();
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    s.commit('fix: core', 'libs/core/a.py');
    s.commit('feat: cli', 'libs/cli/a.py');
    // 1.0.1 of core was uploaded from elsewhere: the group's 1.1.0 is free, so it is released.
    const free = indexed(s, 'final', [core, cli], { 'acme-core': ['1.0.0', '1.0.1'], 'acme-cli': ['1.0.0'] });
    expect(next(free)).toEqual({ 'acme-core': '1.1.0', 'acme-cli': '1.1.0' });
    // The group's own version on the index holds the group, naming the member.
    const taken = indexed(s, 'final', [core, cli], {
      'acme-core': ['1.0.0'],
      'acme-cli': ['1.0.0', '1.1.0'],
    });
    expect(next(taken)).toEqual({ 'acme-core': null, 'acme-cli': null });
    expect(taken.warnings.at(-1)).toMatch(
      /^version group acme: not released, since acme-cli 1\.1\.0 cannot be released \(1\.1\.0 is on/,
    );
  });

  it('releases a post release of a group only when every member published the final it fixes', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py', 'libs/cli/a.py');
    s.tag('acme-core-v1.4.0', 'acme-cli-v1.3.0');
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    const footer = s.commit('docs: the readme on PyPI\n\nRelease-As: 1.4.0.post1', 'libs/core/README.md');
    expect(() => s.plan('final', [core, cli])).toThrow(
      `commit ${footer.slice(0, 12)}: Release-As: 1.4.0.post1 would release version group acme at a post release, but member acme-cli has no final 1.4.0 to fix: a post release fixes a published final`,
    );
    const both = new Story();
    both.commit('feat: first', 'libs/core/a.py', 'libs/cli/a.py');
    both.tag('acme-core-v1.4.0', 'acme-cli-v1.4.0');
    both.groups = s.groups;
    both.commit('docs: the readme\n\nRelease-As: 1.4.0.post1', 'libs/core/README.md');
    expect(next(both.plan('final', [core, cli]))).toEqual({
      'acme-core': '1.4.0.post1',
      'acme-cli': '1.4.0.post1',
    });
  });

  it("never lowers a member's breaking change to a Release-As on another member, and says so", () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py', 'libs/cli/a.py');
    s.tag('acme-core-v1.0.0', 'acme-cli-v1.4.0');
    s.groups = [{ name: 'acme', versioning: 'linked', members: ['acme-core', 'acme-cli'] }];
    const footer = s.commit('feat: core\n\nRelease-As: 1.5.0', 'libs/core/a.py');
    s.commit('feat!: cli drops the old api', 'libs/cli/a.py');
    const plan = s.plan('final', [core, cli]);
    expect(next(plan)).toEqual({ 'acme-core': '2.0.0', 'acme-cli': '2.0.0' });
    expect(plan.warnings).toEqual([
      `acme-core: commit ${footer.slice(0, 12)} asks for Release-As: 1.5.0, but version group acme is released at 2.0.0: its members need that much`,
    ]);
  });

  it("a linked group's final is a version its pre-releases tested: a pending rc follows the group up", () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py', 'libs/cli/a.py');
    s.tag('acme-core-v1.0.0', 'acme-cli-v2.0.0');
    s.groups = [{ name: 'acme', versioning: 'linked', members: ['acme-core', 'acme-cli'] }];
    s.commit('fix: core', 'libs/core/a.py');
    expect(next(s.plan('rc', [core, cli]))).toEqual({ 'acme-core': '1.0.1rc1', 'acme-cli': null });
    s.tag('acme-core-v1.0.1rc1');
    s.commit('fix: cli', 'libs/cli/a.py');
    // core's rc is below the group's 2.0.1 now: it is made again at the group's version.
    const rc = s.plan('rc', [core, cli]);
    expect(next(rc)).toEqual({ 'acme-core': '2.0.1rc1', 'acme-cli': '2.0.1rc1' });
    for (const p of rc.packages) if (p.tag) s.tag(p.tag);
    expect(next(s.plan('final', [core, cli]))).toEqual({ 'acme-core': '2.0.1', 'acme-cli': '2.0.1' });
    // Nothing new: the next rc run releases nothing.
    expect(next(s.plan('rc', [core, cli]))).toEqual({ 'acme-core': null, 'acme-cli': null });
  });

  it('names the package whose pre-release a beta would go back below, or the group', () => {
    const s = new Story();
    s.commit('feat: first', 'libs/core/a.py', 'libs/cli/a.py');
    s.tag('acme-core-v1.0.0', 'acme-cli-v1.0.0');
    s.commit('feat: core', 'libs/core/a.py');
    s.tag('acme-core-v1.1.0rc1');
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-cli', 'acme-core'] }];
    s.commit('feat: cli', 'libs/cli/a.py');
    expect(() => s.plan('beta', [cli, core])).toThrow(
      'version group acme: 1.1.0rc1 is released already, so a beta of 1.1.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
    );
  });
});

describe('version groups and internal dependencies', () => {
  const requiring = (name: string, path: string, on: string, specifier: string) => ({
    ...testPackage(name, path, '1.0.0'),
    requirements: [{ on, specifier, key: ['project', 'dependencies'], index: 0, text: `${on}${specifier}` }],
  });

  it('moves the requirements the group version leaves behind, and a member released by the cascade moves its group', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py', 'libs/cli/a.py', 'libs/app/a.py', 'libs/base/a.py');
    s.tag('acme-core-v1.0.0', 'acme-cli-v1.0.0', 'app-v1.0.0', 'base-v1.0.0');
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    // app pins acme-cli, which is released only because the group is: app follows it.
    const app = requiring('app', 'libs/app', 'acme-cli', '==1.0.0');
    // acme-core pins base: base's fix releases acme-core by the cascade, and so the whole group.
    const coreOnBase = requiring('acme-core', 'libs/core', 'base', '==1.0.0');
    const base = testPackage('base', 'libs/base', '1.0.0');
    s.commit('fix: base', 'libs/base/a.py');
    const plan = s.plan('final', [base, coreOnBase, cli, app]);
    expect(plan.packages.map((p) => [p.package.name, p.next?.text ?? null])).toEqual([
      ['base', '1.0.1'],
      ['acme-core', '1.0.1'],
      ['acme-cli', '1.0.1'],
      ['app', '1.0.1'],
    ]);
    expect(plan.dependencyUpdates.map((u) => [u.dependent, u.replacement])).toEqual([
      ['acme-core', 'base==1.0.1'],
      ['app', 'acme-cli==1.0.1'],
    ]);
  });

  it('holds a fixed group from the start when a member cannot be released: no sibling is released for it', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py', 'libs/app/a.py');
    s.tag('acme-core-v1.0.0', 'libs/cli/v1.0.0', 'app-v1.0.0');
    s.groups = [{ name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli'] }];
    s.commit('feat: core', 'libs/core/a.py', 'libs/cli/a.py');
    const app = requiring('app', 'libs/app', 'acme-core', '==1.0.0');
    const plan = s.plan('final', [core, cli, app]);
    expect(plan.packages.map((p) => [p.package.name, p.next?.text ?? null])).toEqual([
      ['acme-core', null],
      ['acme-cli', null],
      ['app', null],
    ]);
    expect(plan.dependencyUpdates).toEqual([]);
  });
});

describe('version groups in the configuration', () => {
  const found = (groups: unknown[]) =>
    resolveGroups(
      readRepositoryConfig({ tool: { pyrelease: { groups } } }, null).groups ?? [],
      ALL,
      [{ path: 'libs/legacy', name: 'legacy', reason: 'it has only setup.py' }],
      'pyproject.toml',
    );

  it('finds members by name in any spelling or by folder glob, in the packages order', () => {
    expect(found([{ name: 'acme', packages: ['libs/c*', 'Acme_Slim'] }])).toEqual([
      { name: 'acme', versioning: 'fixed', members: ['acme-core', 'acme-cli', 'acme-slim'] },
    ]);
  });

  it('says each mistake in one line naming the file, the group and the key', () => {
    expect(() =>
      found([
        { name: 'a', packages: ['libs/core'] },
        { name: 'b', packages: ['acme-core'] },
      ]),
    ).toThrow(
      'pyproject.toml: acme-core is in two version groups, "a" and "b": a package is in one group at most',
    );
    expect(() => found([{ name: 'a', packages: ['libs/nothing/*'] }])).toThrow(
      'pyproject.toml: version group "a": "libs/nothing/*" names no package',
    );
    expect(() => found([{ name: 'a', packages: ['legacy'] }])).toThrow(
      'pyproject.toml: version group "a": "legacy" names no package: libs/legacy is not released (it has only setup.py)',
    );
    expect(() => found([{ name: 'a', packages: ['x'], versioning: 'lockstep' }])).toThrow(
      'pyproject.toml: [[tool.pyrelease.groups]] "a".versioning must be "fixed" or "linked", got "lockstep"',
    );
    expect(() => found([{ name: 'a', packages: [] }])).toThrow(
      'pyproject.toml: [[tool.pyrelease.groups]] "a".packages must be a non-empty list of package names or folder globs',
    );
    expect(() => found([{ packages: ['x'] }])).toThrow(
      'pyproject.toml: [[tool.pyrelease.groups]] #1.name must be a name of letters, digits, ".", "_" and "-" such as "acme", got null',
    );
    // The name reaches changelogs and tag messages: no line breaks, no Markdown.
    expect(() => found([{ name: 'acme\n\n## 9.9.9', packages: ['x'] }])).toThrow(
      '#1.name must be a name of letters, digits, ".", "_" and "-" such as "acme", got "acme\\n\\n## 9.9.9"',
    );
    expect(() => found([{ name: 'a', packages: ['libs/*', '!libs/core'] }])).toThrow(
      'pyproject.toml: [[tool.pyrelease.groups]] "a".packages names members, and "!libs/core" is a negation: list the members instead',
    );
    expect(() => found([{ name: 'a', packages: ['x'], tag_format: 'x' }])).toThrow(
      'pyproject.toml: [[tool.pyrelease.groups]] #1 has an unknown key "tag_format"; known keys: name, packages, versioning',
    );
    expect(() =>
      found([
        { name: 'a', packages: ['acme-core'] },
        { name: 'a', packages: ['acme-cli'] },
      ]),
    ).toThrow('pyproject.toml: [[tool.pyrelease.groups]]: two groups are named "a"');
  });
});
