import { describe, expect, it } from '@jest/globals';
import { formatPlanMarkdown, formatPlanTable, planToJson } from '../src/index.js';
import { validateConfigTable } from '../src/config/keys.js';
import { resolvePackageSettings } from '../src/config/package-settings.js';
import { packageAtTag } from '../src/publish/tag-package.js';
import { tagsOfChannel } from '../src/publish/unpublished.js';
import { testPackage } from '../../../test/support/packages.js';
import { type Package } from '../src/workspace/package.js';
import { Story } from './support/story.js';
import { computePlan } from '../src/plan/compute.js';

const pkg = testPackage;

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
    const single = 'v{version}';
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

describe('real repositories: bump rules, Release-As, tag shapes, lines (pure)', () => {
  it('releases nothing for commits that change nothing a user installs, once released', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('docs: readme', 'libs/core/README.md');
    s.commit('chore(ci): lint', 'libs/core/a.py');
    const plan = s.plan('final', [core]);
    expect(plan.packages[0]).toMatchObject({
      next: null,
      skipReason: 'only commits that release nothing (chore, docs) since core-v0.1.0',
    });
    s.commit('Tidy up', 'libs/core/a.py');
    expect(next(s.plan('final', [core]))).toBe('0.1.1');
    // non-conventional = "ignore" drops free-form messages, and an unknown type with them.
    const strict = pkg('core', 'libs/core', '0.1.0', { bump: { 'non-conventional': 'ignore' } });
    expect(next(s.plan('final', [strict]))).toBeNull();
  });

  it('makes features patches when the bump table says so; breaking stays major (minor below 1.0)', () => {
    const patches = { bump: { minor: [], patch: ['feat', 'fix'] } };
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v1.4.0');
    s.commit('feat: new thing', 'libs/core/a.py');
    expect(next(s.plan('final', [pkg('core', 'libs/core', '1.4.0', patches)]))).toBe('1.4.1');
    expect(next(s.plan('final', [core]))).toBe('1.5.0');
    s.commit('perf!: rewrite', 'libs/core/a.py');
    expect(next(s.plan('final', [pkg('core', 'libs/core', '1.4.0', patches)]))).toBe('2.0.0');
  });

  it('follows bump.pre-major below 1.0.0 only: features are patches until 1.0, one setting for all', () => {
    const root = {
      table: { bump: { 'pre-major': { minor: [], patch: ['feat', 'fix'] } } },
      file: 'pyproject.toml',
    };
    const at = (version: string, own: Record<string, unknown> | null = null) => ({
      ...pkg('core', 'libs/core', version),
      settings: resolvePackageSettings(root, { table: own, file: 'libs/core/pyproject.toml' }),
    });
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v0.4.0', 'core-v1.4.0');
    s.commit('feat: new thing', 'libs/core/a.py');
    // Above 1.0.0 the table's own rules: a feature is minor.
    expect(next(s.plan('final', [at('1.4.0')]))).toBe('1.5.0');
    const below = new Story();
    below.commit('feat: init', 'libs/core/a.py');
    below.tag('core-v0.4.0');
    below.commit('feat: new thing', 'libs/core/a.py');
    expect(next(below.plan('final', [at('0.4.0')]))).toBe('0.4.1');
    expect(next(below.plan('rc', [at('0.4.0')]))).toBe('0.4.1rc1');
    // A package's own bump table keeps the root's pre-major rules; breaking stays minor below 1.0.
    expect(next(below.plan('final', [at('0.4.0', { bump: { 'non-conventional': 'ignore' } })]))).toBe(
      '0.4.1',
    );
    below.commit('feat!: rewrite', 'libs/core/a.py');
    expect(next(below.plan('final', [at('0.4.0')]))).toBe('0.5.0');
    expect(() =>
      resolvePackageSettings(
        { table: { bump: { 'pre-major': { major: ['feat'] } } }, file: 'pyproject.toml' },
        { table: null, file: 'libs/core/pyproject.toml' },
      ),
    ).toThrow(
      'pyproject.toml: [tool.pyrelease.bump.pre-major] has an unknown key "major"; known keys: minor, patch, non-conventional (a breaking change is always major)',
    );
  });

  it('does not count files matched by ignore-paths (default uv.lock)', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v0.1.0');
    s.commit('fix: lock', 'libs/core/uv.lock');
    expect(s.plan('final', [core]).packages[0].skipReason).toBe('no changes since core-v0.1.0');
    s.commit('fix: docs build', 'libs/core/docs/conf.py');
    expect(next(s.plan('final', [core]))).toBe('0.1.1');
    expect(
      next(s.plan('final', [pkg('core', 'libs/core', '0.1.0', { 'ignore-paths': ['uv.lock', 'docs/**'] })])),
    ).toBeNull();
  });

  it('releases exactly the version of a Release-As footer, as an rc in rc mode', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v0.4.0');
    const footer = s.commit('chore: go stable\n\nRelease-As: 1.0.0', 'libs/core/a.py');
    expect(s.plan('final', [core]).packages[0]).toMatchObject({
      next: { text: '1.0.0' },
      releaseAs: { commit: footer },
    });
    expect(formatPlanTable(s.plan('final', [core]))).toContain(`Release-As 1.0.0 in ${footer.slice(0, 7)}`);
    expect(next(s.plan('rc', [core]))).toBe('1.0.0rc1');
    s.tag('core-v1.0.0rc1');
    // The footer stays in force for the next rc and the final, counted since the last final.
    s.commit('fix: x', 'libs/core/a.py');
    expect(next(s.plan('rc', [core]))).toBe('1.0.0rc2');
    expect(next(s.plan('final', [core]))).toBe('1.0.0');
  });

  it('refuses a Release-As below the last final or not a final version, naming the commit', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v1.2.0');
    const low = s.commit('fix: x\n\nRelease-As: 1.1.0', 'libs/core/a.py');
    expect(() => s.plan('final', [core])).toThrow(
      `commit ${low.slice(0, 12)}: Release-As: 1.1.0 is not above the last final release core-v1.2.0`,
    );
    const t = new Story();
    const rc = t.commit('fix: x\n\nRelease-As: 2.0.0rc1', 'libs/core/a.py');
    expect(() => t.plan('final', [core])).toThrow(
      `commit ${rc.slice(0, 12)}: Release-As: "2.0.0rc1" must be a final PEP 440 version such as 2.0.0`,
    );
  });

  it('leaves out a Release-As whose version a final tag holds already, and says so', () => {
    // Found by the simulator (test/simulation/cases/seed-408-runs-complete.json): the same footer in
    // a hotfix on master, released there, and in a commit on test, which the rc run then read.
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v1.2.0');
    s.tag('core-v2.0.0');
    const again = s.commit('fix: x\n\nRelease-As: 1.2.0', 'libs/core/a.py');
    const plan = s.plan('rc', [core]);
    expect(next(plan)).toBe('2.0.1rc1');
    expect(plan.warnings).toEqual([
      `core: commit ${again.slice(0, 12)} asks for Release-As: 1.2.0, which core-v1.2.0 released already: the footer is left out, and the commit counts by its type`,
    ]);
  });

  it('gives a version from tags its initial version, then bumps the tags', () => {
    const vcs = pkg('core', 'libs/core', null);
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    expect(s.plan('rc', [vcs]).packages[0]).toMatchObject({ declared: null, next: { text: '0.1.0rc1' } });
    expect(formatPlanTable(s.plan('rc', [vcs]))).toContain(
      'version from tags: initial-version 0.1.0, no final release yet',
    );
    expect(next(s.plan('final', [pkg('core', 'libs/core', null, { 'initial-version': '1.0.0' })]))).toBe(
      '1.0.0',
    );
    s.tag('core-v0.1.0');
    s.commit('feat: more', 'libs/core/a.py');
    expect(next(s.plan('final', [vcs]))).toBe('0.2.0');
  });

  it('reads tags named after the folder: {dir} and {path}', () => {
    const chroma = pkg('chroma-haystack', 'integrations/chroma', '0.0.1');
    const genai = pkg('langchain-google-genai', 'libs/genai', '0.0.1');
    const s = new Story();
    s.commit('feat: init', 'integrations/chroma/a.py', 'libs/genai/a.py');
    s.tag('integrations/chroma-v4.4.0', 'libs/genai/v4.3.5', 'integrations/chromax-v9.0.0');
    s.commit('feat: more', 'integrations/chroma/a.py', 'libs/genai/a.py');
    const plan = s.plan('final', [chroma, genai], '{path}-v{version}');
    expect(plan.packages[0]).toMatchObject({
      next: { text: '4.5.0' },
      tag: 'integrations/chroma-v4.5.0',
      tagShape: 'integrations/chroma-v{version}',
    });
    const perPackage = pkg('langchain-google-genai', 'libs/genai', '0.0.1', {
      'tag-format': 'libs/{dir}/v{version}',
    });
    expect(next(s.plan('final', [perPackage]), 'langchain-google-genai')).toBe('4.4.0');
    expect(() => s.plan('final', [chroma, pkg('other', 'other/chroma', '1.0')], '{dir}-v{version}')).toThrow(
      'tag-format gives chroma-haystack and other the same tags (chroma-v{version}): use {name} or {path} to tell them apart',
    );
    const root = s.plan('final', [pkg('root', '.', '1.0')], '{dir}-v{version}');
    expect(root.packages[0].skipReason).toMatch(/uses \{dir\} or \{path\}, which a root package has none of/);
    expect(root.warnings).toHaveLength(1);
  });

  it('reads older tags through previous-tag-formats, and writes only the configured one', () => {
    const moved = pkg('chroma-haystack', 'integrations/chroma', '0.0.1', {
      'tag-format': '{name}-v{version}',
      'previous-tag-formats': ['integrations/{dir}-v{version}'],
    });
    const s = new Story();
    s.commit('feat: init', 'integrations/chroma/a.py');
    s.tag('integrations/chroma-v4.4.0');
    s.commit('fix: x', 'integrations/chroma/a.py');
    expect(s.plan('final', [moved]).packages[0]).toMatchObject({
      previous: { tag: 'integrations/chroma-v4.4.0' },
      tag: 'chroma-haystack-v4.4.1',
    });
  });

  it('does not plan from nothing a package whose tags have another shape: it warns by name', () => {
    const chroma = pkg('chroma-haystack', 'integrations/chroma', '0.0.1');
    const s = new Story();
    s.commit('feat: init', 'integrations/chroma/a.py');
    s.tag('integrations/chroma-v4.3.0', 'integrations/chroma-v4.4.0');
    s.commit('fix: x', 'integrations/chroma/a.py');
    const plan = s.plan('final', [chroma]);
    const reason =
      'tags such as integrations/chroma-v4.4.0 look like its releases, but none matches chroma-haystack-v{version}: set tag-format = "{path}-v{version}" in the root configuration for every package tagged so, or in its own [tool.pyrelease], or list it in previous-tag-formats to write chroma-haystack-v{version} from now on (previous-tag-formats = [] only if it never had a release in that shape)';
    expect(plan.packages[0]).toMatchObject({ next: null, skipReason: reason });
    expect(plan.warnings).toEqual([`chroma-haystack: not released: ${reason}`]);
    expect(planToJson(plan).warnings).toEqual(plan.warnings);
  });

  it('warns about a single package tagged v1.2.0, and not about tags of a longer name', () => {
    const s = new Story();
    s.commit('feat: init', 'a.py');
    s.tag('v1.2.0', 'core-utils-v3.0.0');
    s.commit('fix: x', 'a.py');
    expect(s.plan('final', [pkg('solo', '.', '0.1.0')]).packages[0].skipReason).toMatch(
      /^tags such as v1\.2\.0 look like/,
    );
    const t = new Story();
    t.commit('feat: init', 'libs/core/a.py');
    t.tag('core-utils-v3.0.0', 'libs/core-tools/v1.0.0');
    t.commit('fix: x', 'libs/core/a.py');
    const plan = t.plan('final', [core, pkg('b', 'libs/b', '1.0')]);
    expect(plan.packages[0]).toMatchObject({ next: { text: '0.1.0' }, skipReason: null });
    expect(plan.warnings).toEqual([]);
  });

  it("does not take a single-package v1.4.0 tag, or another package's history, for a package's own", () => {
    const s = new Story();
    s.commit('feat: init', 'core/a.py', 'plugins/x/a.py');
    s.tag('v1.3.0', 'v1.4.0');
    s.commit('fix: x', 'core/a.py', 'plugins/x/a.py');
    const plan = s.plan('final', [pkg('core', 'core', '1.4.0'), pkg('x', 'plugins/x', '0.1.0')]);
    expect(plan.packages[0]).toMatchObject({
      next: null,
      skipReason: expect.stringMatching(/^tag v1\.4\.0 holds the version 1\.4\.0 it would release first/),
    });
    expect(plan.packages[1].next?.text).toBe('0.1.0');
    // Its own table says which tags are its own: then the tag is not taken for its release.
    const own = s.plan('final', [pkg('core', 'core', '1.4.0', { 'previous-tag-formats': [] })]);
    expect(own.packages[0].next?.text).toBe('1.4.0');
    // The advice names the bare shape; followed by two siblings that were released together, the
    // bare tags are the history of both, and each goes on from 1.4.0 under its own name.
    expect(plan.packages[0].skipReason).toContain(
      'set previous-tag-formats = ["v{version}"] in its own [tool.pyrelease], so its next version follows them',
    );
    const shared = { 'previous-tag-formats': ['v{version}'] };
    const both = s.plan('final', [
      pkg('core', 'core', '1.4.0', shared),
      pkg('x', 'plugins/x', '0.1.0', shared),
    ]);
    expect(both.packages.map((p) => [p.previous?.tag, p.tag])).toEqual([
      ['v1.4.0', 'core-v1.4.1'],
      ['v1.4.0', 'x-v1.4.1'],
    ]);
    expect(tagsOfChannel(both)).toEqual([]);
    // Shared history is never published from: the tag names no one package.
    expect(() =>
      packageAtTag('v1.4.0', { packages: both.packages.map((p) => p.package), unreleased: [] }, {}),
    ).toThrow(
      'tag v1.4.0 is history that core, x share through previous-tag-formats "v{version}": pyrelease publishes only from a tag that names one package',
    );
    // A bare shape one package writes is never shared history.
    expect(() =>
      s.plan('final', [pkg('core', 'core', '1.4.0', shared), pkg('x', 'plugins/x', '0.1.0')], 'v{version}'),
    ).toThrow('has no {name}, so it fits only a single package, but 2 were found');
  });

  it("does not warn about another tool's tags for a package whose own table declares its tags", () => {
    const s = new Story();
    s.commit('feat: init', 'charts/server/a.py');
    s.tag('server-1.4.2');
    s.commit('fix: x', 'charts/server/a.py');
    expect(s.plan('final', [pkg('server', 'charts/server', '0.1.0')]).packages[0].next).toBeNull();
    expect(
      next(
        s.plan('final', [pkg('server', 'charts/server', '0.1.0', { 'tag-format': '{name}-v{version}' })]),
        'server',
      ),
    ).toBe('0.1.0');
  });

  it('names where each list came from when a merged bump table puts a type in both', () => {
    const merged = (root: Record<string, unknown> | null, own: Record<string, unknown>) => () =>
      resolvePackageSettings(
        { table: root && { bump: root }, file: 'pyrelease.toml' },
        { table: { bump: own }, file: 'libs/a/pyproject.toml' },
      );
    expect(merged({ minor: ['feat'] }, { patch: ['feat', 'fix'] })).toThrow(
      "libs/a/pyproject.toml: [tool.pyrelease.bump]: feat is in both minor and patch (minor from pyrelease.toml, patch from libs/a/pyproject.toml: a package's list replaces the root's list of that key, so set both)",
    );
    expect(merged(null, { patch: ['feat'] })).toThrow(
      'feat is in both minor and patch (minor from the default, patch from libs/a/pyproject.toml',
    );
    expect(merged(null, { minor: ['fix'], patch: ['fix'] })).toThrow(
      /^libs\/a\/pyproject\.toml: \[tool\.pyrelease\.bump\]: fix is in both minor and patch$/,
    );
  });

  it("merges a package's bump table into the root's key by key", () => {
    const settings = resolvePackageSettings(
      { table: { bump: { minor: [], patch: ['feat', 'fix'] } }, file: 'pyproject.toml' },
      { table: { bump: { 'non-conventional': 'ignore' } }, file: 'a/pyproject.toml' },
    );
    expect(settings.bump).toEqual({ minor: [], patch: ['feat', 'fix'], nonConventional: 'ignore' });
    expect(() =>
      resolvePackageSettings(
        { table: null, file: null },
        { table: { 'initial-version': '1.0.0rc1' }, file: 'a/pyproject.toml' },
      ),
    ).toThrow(
      'a/pyproject.toml: [tool.pyrelease].initial-version must be a final version such as 0.1.0, got "1.0.0rc1"',
    );
  });

  it('releases a sibling whose requirement the new version does not satisfy, along chains and cycles', () => {
    const withRequirement = (name: string, path: string, version: string, on: string, specifier: string) => ({
      ...pkg(name, path, version),
      requirements: [
        { on, specifier, key: ['project', 'dependencies'], index: 0, text: `${on}${specifier}` },
      ],
    });
    const s = new Story();
    s.commit('feat: init', 'libs/a/x.py', 'libs/b/x.py', 'libs/c/x.py');
    s.tag('a-v1.0.0', 'b-v1.0.0', 'c-v1.0.0');
    s.commit('feat!: new api', 'libs/a/x.py');
    const a = pkg('a', 'libs/a', '1.0.0');
    const b = withRequirement('b', 'libs/b', '1.0.0', 'a', '>=1.0,<2');
    const c = withRequirement('c', 'libs/c', '1.0.0', 'b', '==1.0.0');
    const plan = s.plan('final', [a, b, c]);
    expect(
      plan.packages.map((p) => [
        p.package.name,
        p.next?.text,
        p.dependencies.map((d) => `${d.name} ${d.version.text}`),
      ]),
    ).toEqual([
      ['a', '2.0.0', []],
      ['b', '1.0.1', ['a 2.0.0']],
      ['c', '1.0.1', ['b 1.0.1']],
    ]);
    expect(plan.dependencyUpdates.map((u) => [u.dependent, u.requirement.text, u.replacement])).toEqual([
      ['b', 'a>=1.0,<2', 'a>=2.0.0,<3'],
      ['c', 'b==1.0.0', 'b==1.0.1'],
    ]);
    expect(formatPlanTable(plan)).toMatch(/\nb +libs\/b +1\.0\.0 +1\.0\.1 +patch +0 +dependency a 2\.0\.0\n/);
    // A requirement the new version satisfies, or a bare one, changes nothing.
    const loose = withRequirement('b', 'libs/b', '1.0.0', 'a', '>=1.0');
    expect(s.plan('final', [a, loose]).packages[1].next).toBeNull();
    // What b published at its tag admits the new version already: b is not released again, but its
    // requirement still moves in a's commit, so a's tag is a workspace that resolves.
    const published = s.plan(
      'final',
      [a, b],
      undefined,
      undefined,
      new Map([['b', [{ ...b.requirements[0], specifier: '>=2.0.0,<3', text: 'a>=2.0.0,<3' }]]]),
    );
    expect(published.packages[1].next).toBeNull();
    expect(published.dependencyUpdates).toHaveLength(1);
    // A cycle ends: each is released once.
    const cyclic = s.plan('final', [withRequirement('a', 'libs/a', '1.0.0', 'b', '==1.0.0'), b]);
    expect(cyclic.packages.map((p) => p.next?.text)).toEqual(['2.0.0', '1.0.1']);
    // cascade = "always" (root or its own table): released whenever a sibling it requires is, even
    // when the requirement admits the new version, is bare, or admitted it when published.
    const always = (dependent: Package, root: boolean) => ({
      ...dependent,
      settings: resolvePackageSettings(
        { table: root ? { cascade: 'always' } : null, file: 'pyproject.toml' },
        { table: root ? null : { cascade: 'always' }, file: `${dependent.path}/pyproject.toml` },
      ),
    });
    const bare = withRequirement('b', 'libs/b', '1.0.0', 'a', '');
    for (const dependent of [loose, bare]) {
      for (const root of [true, false]) {
        const plan = s.plan('final', [a, always(dependent, root)]);
        expect([plan.packages[1].next?.text, plan.packages[1].dependencies]).toEqual([
          '1.0.1',
          [{ name: 'a', version: plan.packages[0].next }],
        ]);
        expect(plan.dependencyUpdates).toEqual([]);
      }
    }
    expect(
      s.plan(
        'final',
        [a, always(b, true)],
        undefined,
        undefined,
        new Map([['b', published.packages[1].package.requirements]]),
      ).packages[1].next?.text,
    ).toBe('1.0.1');
    expect(() => validateConfigTable({ cascade: 'sometimes' }, 'libs/b/pyproject.toml', 'package')).toThrow(
      'libs/b/pyproject.toml: [tool.pyrelease].cascade must be "when-needed" or "always", got "sometimes"',
    );
  });

  it('keeps a moved requirement when the dependent is released again later, in its own commit', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/a/x.py', 'libs/b/x.py');
    s.tag('a-v1.0.0', 'b-v1.0.0', 'a-v1.0.1', 'b-v1.0.1');
    s.commit('fix(b): only b', 'libs/b/x.py');
    const b = {
      ...pkg('b', 'libs/b', '1.0.0'),
      requirements: [
        { on: 'a', specifier: '==1.0.0', key: ['project', 'dependencies'], index: 0, text: 'a==1.0.0' },
      ],
    };
    const plan = s.plan('final', [pkg('a', 'libs/a', '1.0.0'), b]);
    expect(plan.packages.map((p) => p.next?.text ?? null)).toEqual([null, '1.0.2']);
    expect(plan.dependencyUpdates).toMatchObject([
      { dependent: 'b', replacement: 'a==1.0.1', ownCommit: true },
    ]);
  });

  it('admits the rc explicitly in rc mode', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/a/x.py', 'libs/b/x.py');
    s.tag('a-v1.0.0', 'b-v1.0.0');
    s.commit('feat!: new api', 'libs/a/x.py');
    const b = {
      ...pkg('b', 'libs/b', '1.0.0'),
      requirements: [
        { on: 'a', specifier: '>=1.0,<2', key: ['project', 'dependencies'], index: 0, text: 'a>=1.0,<2' },
      ],
    };
    const plan = s.plan('rc', [pkg('a', 'libs/a', '1.0.0'), b]);
    expect(plan.dependencyUpdates[0].replacement).toBe('a>=2.0.0rc1,<3');
    expect(plan.packages[1].next?.text).toBe('1.0.1rc1');
  });

  it('keeps a maintenance line to its own tags and versions', () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py');
    s.tag('core-v0.6.11', 'core-v0.7.0', 'core-v1.0.0');
    s.commit('feat: backport', 'libs/core/a.py');
    const plan = s.plan('final', [pkg('core', 'libs/core', '0.6.11')], undefined, '0.6');
    expect(plan.packages[0]).toMatchObject({
      previous: { tag: 'core-v0.6.11' },
      next: { text: '0.6.12' },
      bump: 'patch',
    });
    expect(plan.line).toBe('0.6');
    expect(next(s.plan('rc', [pkg('core', 'libs/core', '0.6.11')], undefined, '0.6'))).toBe('0.6.12rc1');
    // Another package, tagged only on the main line, is not planned from nothing on this branch.
    const t = new Story();
    t.commit('feat: init', 'libs/core/a.py', 'libs/other/a.py');
    t.tag('core-v0.6.11', 'core-v0.7.0', 'other-v2.3.0');
    t.commit('fix: backport', 'libs/core/a.py', 'libs/other/a.py');
    const both = t.plan(
      'final',
      [pkg('core', 'libs/core', '0.6.11'), pkg('other', 'libs/other', '2.3.0')],
      undefined,
      '0.6',
    );
    expect(both.packages.map((p) => [p.next?.text ?? null, p.skipReason])).toEqual([
      ['0.6.12', null],
      [null, 'no release in line 0.6 yet: it is released from its own maintenance branch'],
    ]);
    const breaking = s.commit('fix!: change api', 'libs/core/a.py');
    expect(() => s.plan('final', [core], undefined, '0.6')).toThrow(
      `core: commit ${breaking.slice(0, 12)} is a breaking change, which maintenance line 0.6 cannot release (0.6.11 -> 0.7.0): release it from the main line`,
    );
  });
});

describe('the tags an earlier run may have left unpublished (pure)', () => {
  it("takes every tag of the run's channel, of every package, oldest first", () => {
    const s = new Story();
    s.commit('feat: start', 'libs/core/a.py', 'libs/io/a.py', 'libs/ui/a.py');
    s.tag('core-v0.1.0rc1', 'io-v0.1.0rc1', 'ui-v0.1.0rc1');
    s.tag('io-v0.1.0');
    s.commit('fix: core', 'libs/core/b.py');
    s.tag('core-v0.1.0rc2');
    s.commit('fix: core again', 'libs/core/c.py');
    const packages = [
      pkg('core', 'libs/core', '0.1.0'),
      pkg('io', 'libs/io', '0.1.0'),
      pkg('ui', 'libs/ui', '0.1.0'),
    ];
    // core is released now (rc3) and its earlier rcs are still candidates; io's final is not this channel's.
    const rc = s.plan('rc', packages);
    expect(rc.packages.find((p) => p.package.name === 'core')?.next?.text).toBe('0.1.0rc3');
    expect(tagsOfChannel(rc).map((t) => t.tag)).toEqual([
      'core-v0.1.0rc1',
      'core-v0.1.0rc2',
      'io-v0.1.0rc1',
      'ui-v0.1.0rc1',
    ]);
    const final = s.plan('final', packages);
    expect(tagsOfChannel(final).map((t) => [t.tag, t.channel])).toEqual([['io-v0.1.0', 'final']]);
  });
});

describe("GitHub's squash merges in the plan (pure)", () => {
  const api = pkg('api', 'libs/api', '1.0.0');
  const base = () => {
    const s = new Story();
    s.commit('feat: init', 'libs/core/a.py', 'libs/api/a.py');
    s.tag('core-v1.0.0', 'api-v1.0.0');
    return s;
  };
  const core1 = pkg('core', 'libs/core', '1.0.0');
  const versions = (s: Story) =>
    s.plan('final', [api, core1]).packages.map((p) => [p.package.name, p.next?.text]);

  it('reads bullets only in a squash (a subject that ends in its pull request): a plain body is prose', () => {
    const s = base();
    s.commit('docs(core): notes on the old API\n\n* feat!: drop Python 3.7', 'libs/core/README.md');
    expect(versions(s)).toEqual([
      ['api', undefined],
      ['core', undefined],
    ]);
    s.commit('Promote test (#42)\n\n* feat!: drop Python 3.7', 'libs/core/a.py');
    expect(versions(s)).toEqual([
      ['api', undefined],
      ['core', '2.0.0'],
    ]);
  });

  it('gives a bullet scoped to another package to that package only when the squash touched it', () => {
    const only = base();
    // feat(api)! changed core's files alone: it is core's breaking change, as the commit was.
    only.commit('Promote test (#42)\n\n* feat(api)!: a new client\n\n* fix(core): y', 'libs/core/a.py');
    expect(versions(only)).toEqual([
      ['api', undefined],
      ['core', '2.0.0'],
    ]);
    const both = base();
    both.commit(
      'Promote test (#42)\n\n* feat(api)!: a new client\n\n* fix(core): y',
      'libs/core/a.py',
      'libs/api/a.py',
    );
    expect(versions(both)).toEqual([
      ['api', '2.0.0'],
      ['core', '1.0.1'],
    ]);
  });
});

describe('folders left out as samples (pure)', () => {
  it('says so when one of them has releases of its own', () => {
    const s = new Story();
    s.commit('feat: init', 'docs/sphinx-theme/a.py', 'libs/core/a.py');
    s.tag('acme-sphinx-theme-v1.0.0');
    s.commit('feat: more', 'docs/sphinx-theme/a.py');
    const reason =
      'under docs/: tests, examples and docs are left out by default; name the folder in packages to release it';
    const plan = computePlan({
      mode: 'final',
      packages: [pkg('core', 'libs/core', '0.1.0')],
      unreleased: [
        { path: 'docs/sphinx-theme', name: 'acme-sphinx-theme', reason, sample: true },
        { path: 'docs/example', name: 'example', reason, sample: true },
      ],
      tags: s.tags,
      history: { head: s.commits[0].sha, commits: s.commits },
    });
    expect(plan.warnings).toEqual([
      `docs/sphinx-theme: not released, though tags such as acme-sphinx-theme-v1.0.0 are its releases: ${reason}`,
    ]);
  });
});
