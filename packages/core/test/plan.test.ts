import { describe, expect, it } from '@jest/globals';
import {
  computePlan,
  formatPlanMarkdown,
  formatPlanTable,
  parseVersion,
  TagFormat,
  type CommitRecord,
  type Package,
} from '../src/index.js';

const pkg = (name: string, path: string, version: string): Package => ({
  name,
  declaredName: name,
  path,
  pyprojectPath: `${path}/pyproject.toml`,
  changelogPath: `${path}/CHANGELOG.md`,
  version: parseVersion(version),
  versionTable: 'project',
});

/** A linear history built oldest first; `release` adds a release commit off the line and tags it. */
class Story {
  readonly commits: CommitRecord[] = [];
  readonly tags: { name: string; commit: string }[] = [];
  private n = 0;
  private tip: string | null = null;

  commit(message: string, ...files: string[]): string {
    const sha = `c${++this.n}`.padEnd(40, '0');
    this.commits.unshift({ sha, parents: this.tip ? [this.tip] : [], message, files });
    this.tip = sha;
    return sha;
  }
  merge(message: string, other: string): string {
    const sha = `m${++this.n}`.padEnd(40, '0');
    this.commits.unshift({ sha, parents: [this.tip as string, other], message, files: [] });
    this.tip = sha;
    return sha;
  }
  /** A release commit on top of the current tip (outside the base branch), tagged. */
  tag(...names: string[]): void {
    let parent = this.tip as string;
    for (const name of names) {
      const sha = `r${++this.n}`.padEnd(40, '0');
      this.commits.unshift({
        sha,
        parents: [parent],
        message: `release: ${name}`,
        files: ['x/pyproject.toml'],
      });
      this.tags.push({ name, commit: sha });
      parent = sha;
    }
  }
  plan(mode: 'rc' | 'final', packages: Package[], format = new TagFormat()) {
    return computePlan({
      mode,
      packages,
      tags: this.tags,
      history: { head: this.tip as string, commits: this.commits },
      tagFormat: format,
    });
  }
}

const core = pkg('core', 'libs/core', '0.1.0');
const next = (plan: ReturnType<Story['plan']>, name = 'core') =>
  plan.packages.find((p) => p.package.name === name)?.next?.text ?? null;

describe('the release plan', () => {
  it('releases the declared version first, as rc1 or final', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/pyproject.toml');
    expect(next(s.plan('rc', [core]))).toBe('0.1.0rc1');
    expect(next(s.plan('final', [core]))).toBe('0.1.0');
  });

  it('skips a package that no commit touches since its last tag, with the reason', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/pyproject.toml');
    s.tag('core-v0.1.0rc1');
    s.commit('docs: root readme', 'README.md');
    s.commit('fix: core-utils only', 'libs/core-utils/x.py');
    const plan = s.plan('rc', [core]);
    expect(plan.packages[0]).toMatchObject({
      next: null,
      tag: null,
      skipReason: 'no changes since core-v0.1.0rc1',
      commits: [],
    });
    // Final mode counts from the last final: there is none, so everything since the start counts.
    expect(next(s.plan('final', [core]))).toBe('0.1.0');
  });

  it('takes the bump level from every commit since the last final, in rc mode too', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('feat: new api', 'libs/core/a.py');
    s.tag('core-v0.2.0rc1');
    s.commit('fix: small', 'libs/core/a.py');
    const plan = s.plan('rc', [core]);
    expect(plan.packages[0]).toMatchObject({ bump: 'minor', previous: { tag: 'core-v0.2.0rc1' } });
    expect(plan.packages[0].commits.map((c) => c.message)).toEqual(['fix: small']);
    expect(next(plan)).toBe('0.2.0rc2');
    const final = s.plan('final', [core]);
    expect(next(final)).toBe('0.2.0');
    expect(final.packages[0].commits.map((c) => c.message)).toEqual(['fix: small', 'feat: new api']);
  });

  it('bumps major for breaking changes from 1.0.0 on, and minor below', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.4.2', 'core-v1.3.0');
    s.commit('refactor!: rename everything', 'libs/core/a.py');
    expect(next(s.plan('final', [core]))).toBe('2.0.0');
    const t = new Story();
    t.commit('chore: init', 'libs/core/a.py');
    t.tag('core-v0.4.2');
    t.commit('fix: x\n\nBREAKING CHANGE: y', 'libs/core/a.py');
    expect(next(t.plan('final', [core]))).toBe('0.5.0');
  });

  it('lets a maintainer force a version by raising the declared one', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('fix: x', 'libs/core/a.py');
    expect(next(s.plan('rc', [pkg('core', 'libs/core', '1.0.0')]))).toBe('1.0.0rc1');
    // A declared version below what the commits call for does not hold the release back.
    expect(next(s.plan('final', [pkg('core', 'libs/core', '0.0.1')]))).toBe('0.1.1');
    // A declared pre-release stands for its release.
    expect(next(s.plan('final', [pkg('core', 'libs/core', '2.0.0rc3')]))).toBe('2.0.0');
  });

  it('counts rc numbers one past the highest rc of the target, whatever the tag spelling', () => {
    const s = new Story();
    s.commit('feat: x', 'libs/core/a.py');
    s.tag('core-v0.1.0rc1', 'core-v0.1.0-rc.3', 'core-v0.1.0b7');
    s.commit('fix: y', 'libs/core/a.py');
    expect(next(s.plan('rc', [core]))).toBe('0.1.0rc4');
  });

  it('does not count again what a squash-merged promotion released', () => {
    // test: feat A1 -> 0.1.0rc1. master gets A1 as a squash commit -> 0.1.0 on top of it. test: fix.
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.commit('feat: A1', 'libs/core/a.py');
    s.tag('core-v0.1.0rc1');
    const squash = {
      sha: 's'.repeat(40),
      parents: [s.commits[s.commits.length - 1].sha],
      message: 'feat: A1 (#1)',
      files: ['libs/core/a.py'],
    };
    const final = { sha: 'q'.repeat(40), parents: [squash.sha], message: 'release(core): 0.1.0', files: [] };
    s.commits.unshift(squash, final);
    s.tags.push({ name: 'core-v0.1.0', commit: final.sha });
    s.commit('fix: small', 'libs/core/a.py');
    const plan = s.plan('rc', [core]);
    expect(plan.packages[0].commits.map((c) => c.message)).toEqual(['fix: small']);
    expect(next(plan)).toBe('0.1.1rc1');
  });

  it('attributes merged changes to the merged commits, not to the merge', () => {
    const s = new Story();
    const root = s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    // A side-branch commit whose parent is the tagged base.
    const feature = {
      sha: 'f'.repeat(40),
      parents: [root],
      message: 'feat: side',
      files: ['libs/core/b.py'],
    };
    s.commits.unshift(feature);
    s.merge('Merge pull request #1', feature.sha);
    const plan = s.plan('final', [core]);
    expect(plan.packages[0].commits.map((c) => c.message)).toEqual(['feat: side']);
    expect(next(plan)).toBe('0.2.0');
  });

  it('gives files to the nearest package: a nested package does not release its parent', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py', 'libs/core/plugins/p/a.py');
    s.tag('core-v0.1.0', 'plugin-v0.1.0');
    s.commit('fix: plugin', 'libs/core/plugins/p/b.py');
    const plan = s.plan('final', [core, pkg('plugin', 'libs/core/plugins/p', '0.1.0')]);
    expect(next(plan, 'core')).toBeNull();
    expect(next(plan, 'plugin')).toBe('0.1.1');
  });

  it('ignores the tags of unknown packages and of other formats', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.tag('core-utils-v9.0.0', 'v5.0.0', 'core-v0.3.0');
    s.commit('fix: x', 'libs/core/a.py');
    expect(next(s.plan('final', [core]))).toBe('0.3.1');
  });

  it('uses a tag format without {name} for a single package only', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py');
    s.tag('v0.3.0');
    s.commit('feat: x', 'libs/core/a.py');
    const single = new TagFormat('v{version}');
    expect(s.plan('final', [core], single).packages[0].tag).toBe('v0.4.0');
    expect(() => s.plan('final', [core, pkg('b', 'libs/b', '1.0')], single)).toThrow(
      'tag-format "v{version}" has no {name}, so it fits only a single package, but 2 were found',
    );
  });

  it('formats the plan as a text table and as Markdown that cannot break', () => {
    const s = new Story();
    s.commit('chore: init', 'libs/core/a.py', 'libs/b|c/x.py');
    const plan = s.plan('rc', [core, pkg('b-c', 'libs/b|c', '1.0')]);
    const table = formatPlanTable(plan).split('\n');
    expect(table[0]).toMatch(/^PACKAGE\s+PATH\s+PREVIOUS\s+NEXT\s+BUMP\s+COMMITS\s+REASON$/);
    expect(table[1]).toMatch(
      /^core\s+libs\/core\s+-\s+0\.1\.0rc1\s+-\s+1\s+declared 0\.1\.0, no final release yet$/,
    );
    expect(formatPlanMarkdown(plan)).toContain('| b-c | libs/b\\|c | - | 1.0rc1 |');
  });
});
