import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './support/action-runner.js';
import { VENV_BIN } from './support/python.js';
import { DEFAULT_CHUNK_LIMITS, publishChunks } from '../packages/core/src/index.js';

const DIR = join(ROOT, 'workflows-templates');
const TEMPLATES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  if?: string;
}
interface Job {
  name?: string;
  permissions?: Record<string, string>;
  steps: Step[];
  environment?: string;
  strategy?: { matrix?: Record<string, unknown> };
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const load = (file: string) => parse(readFileSync(join(DIR, file), 'utf8')) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const ours = (uses: string | undefined, name: string) => uses === `org/pyrelease/${name}@v1`;
const step = (job: Job, name: string) => job.steps.find((s) => ours(s.uses, name)) as Step;

describe('workflow templates', () => {
  it('are the four workflows of the spec', () => {
    expect(TEMPLATES).toEqual(['auto-release.yml', 'ci.yml', 'publish-pypi.yml', 'publish-testpypi.yml']);
  });

  it('pass actionlint', () => {
    const result = spawnSync(join(ROOT, '.cache/bin/actionlint'), ['-no-color', ...TEMPLATES], {
      cwd: DIR,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('have no zizmor findings (each remaining one is explained in a comment beside it)', () => {
    const result = spawnSync(join(VENV_BIN, 'zizmor'), ['--offline', '--format', 'plain', ...TEMPLATES], {
      cwd: DIR,
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('No findings to report.');
    expect(result.status).toBe(0);
    for (const file of TEMPLATES) {
      for (const line of readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .filter((l) => l.includes('zizmor: ignore['))) {
        // An ignore without its reason beside it is not an explanation.
        expect(line).toMatch(/zizmor: ignore\[[a-z-]+\] \S.{10,}/);
      }
    }
  });

  it('pin every third-party action to a commit SHA with its version in a comment', () => {
    for (const file of TEMPLATES) {
      const uses = readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .filter((l) => /^\s*(- )?uses:/.test(l));
      for (const line of uses.filter((l) => !l.includes('org/pyrelease/'))) {
        expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      }
    }
  });

  it("use pyrelease's actions only with inputs they declare", () => {
    for (const file of TEMPLATES) {
      for (const s of steps(load(file)).filter((x) => x.uses?.startsWith('org/pyrelease/'))) {
        const name = (s.uses as string).slice('org/pyrelease/'.length).split('@')[0];
        const meta = parse(readFileSync(join(ROOT, name, 'action.yml'), 'utf8')) as {
          inputs: Record<string, unknown>;
        };
        expect(existsSync(join(ROOT, name, 'action.yml'))).toBe(true);
        for (const input of Object.keys(s.with ?? {}))
          expect([file, name, input, input in meta.inputs]).toEqual([file, name, input, true]);
      }
    }
  });

  it('ci.yml: the triggers of release flow §3, the check "CI / tests", full history, Python 3.11 and the promotion rule', () => {
    const ci = load('ci.yml');
    expect(ci.name).toBe('CI');
    expect(ci.on).toEqual({
      pull_request: { branches: ['test', 'master'] },
      push: { branches: ['test', 'master'] },
      workflow_dispatch: null,
    });
    const tests = ci.jobs.tests;
    expect(step(tests, 'loop-guard')).toMatchObject({
      if: "github.event_name == 'pull_request'",
      with: { 'pr-target-branch': 'master', 'pr-allowed-sources': 'test' },
    });
    expect(tests.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({
      'fetch-depth': 0,
    });
    expect(tests.steps.find((s) => s.uses?.startsWith('actions/setup-python@'))?.with).toEqual({
      'python-version': '3.11',
    });
    expect(tests.name).toBe('tests');
    expect(tests.steps.at(-1)?.run).toContain('pytest -q -m "not slow" || test $? -eq 5');
    expect(tests.permissions).toEqual({ contents: 'read' });
  });

  it('ci.yml: the release preview on pull requests, in a job of its own with the least permissions', () => {
    const ci = load('ci.yml');
    const preview = ci.jobs.preview;
    expect(preview.if).toBe("github.event_name == 'pull_request'");
    expect(preview.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    // The project's tests never run with a token that may write to pull requests.
    expect(ci.jobs.tests.permissions).toEqual({ contents: 'read' });
    expect(preview.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({
      'fetch-depth': 0,
      'persist-credentials': false,
    });
    expect(step(preview, 'release-preview')).toEqual({ uses: 'org/pyrelease/release-preview@v1' });
    // Its defaults are the flow's: final into master (final-branches), rc into test, the repository's merge methods.
    const inputs = (
      parse(readFileSync(join(ROOT, 'release-preview/action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      }
    ).inputs;
    expect([inputs['final-branches'].default, inputs['merge-method'].default]).toEqual([
      'master, main',
      'auto',
    ]);
  });

  it('name master only where docs/getting-started.md says to change it for a repository with only main', () => {
    // Section 8 of the guide lists each place; a new one left out would keep releasing from master.
    const guide = readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8');
    expect(guide).toContain("the three `github.ref_name == 'master'` expressions");
    expect(guide).toContain("the loop-guard's `pr-target-branch: main`");
    // Tags pushed by hand on main are published only where tag-branches names main, which its default does not.
    const tagBranches = (
      parse(readFileSync(join(ROOT, 'publish-from-tag/action.yml'), 'utf8')) as {
        inputs: Record<string, { default: string }>;
      }
    ).inputs['tag-branches'].default;
    expect(tagBranches).toBe('test, master, release-test, release');
    expect(guide).toContain('add `tag-branches: test, main, release-test, release`');
    expect(guide).toContain('add `tag-branches: main, release`');
    const places = (file: string) =>
      readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .map((line) => line.replace(/#.*$/, '').trim())
        .filter((line) => line.includes('master'));
    const auto = places('auto-release.yml');
    expect(auto.filter((l) => l.includes("github.ref_name == 'master'"))).toHaveLength(3);
    expect(auto.filter((l) => !l.includes("github.ref_name == 'master'"))).toEqual([
      'branches: [test, master]',
    ]);
    expect(places('ci.yml')).toEqual([
      'branches: [test, master]',
      'branches: [test, master]',
      'pr-target-branch: master',
    ]);
    expect(places('publish-pypi.yml')).toEqual([]);
    expect(places('publish-testpypi.yml')).toEqual([]);
  });

  it('auto-release.yml: loop-guard first, rc on test and final on master, never cancelled in flight, build and upload apart', () => {
    const wf = load('auto-release.yml');
    expect(wf.on).toEqual({ push: { branches: ['test', 'master'] } });
    // A newer push waits for the run in flight: a cancelled publish would leave tags unpublished.
    expect(wf.concurrency).toEqual({ group: 'auto-release-${{ github.ref }}', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({});
    expect(Object.keys(wf.jobs)).toEqual(['guard', 'release', 'build', 'publish']);
    expect(wf.jobs.guard.steps[0].uses).toBe('org/pyrelease/loop-guard@v1');
    expect(wf.jobs.release).toMatchObject({
      needs: 'guard',
      if: "needs.guard.outputs.proceed == 'true'",
      permissions: { contents: 'write' },
      outputs: { 'publish-chunks': '${{ steps.cut.outputs.publish-chunks }}' },
    });
    expect(step(wf.jobs.release, 'cut-release').with).toEqual({
      mode: "${{ github.ref_name == 'master' && 'final' || 'rc' }}",
      'base-branch': '${{ github.ref_name }}',
      'release-branch': "${{ github.ref_name == 'master' && 'release' || 'release-test' }}",
      token: '${{ steps.app-token.outputs.token || github.token }}',
      // The index of the run's channel: earlier tags it lacks are published by this run too.
      'repository-url':
        "${{ github.ref_name == 'master' && 'https://upload.pypi.org/legacy/' || 'https://test.pypi.org/legacy/' }}",
    });
    const { build, publish } = wf.jobs;
    // Released now and unpublished before, a chunk of tags per job (never more than a matrix takes).
    for (const job of [build, publish]) {
      expect(job.strategy?.matrix).toEqual({
        include: '${{ fromJSON(needs.release.outputs.publish-chunks) }}',
      });
      // Each tag is checked out at its own commit: the whole history, its files too.
      const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with;
      expect(checkout).toEqual({ 'fetch-depth': 0, 'fetch-tags': true, 'persist-credentials': false });
    }
    expect(build.environment).toBeUndefined();
    expect(step(build, 'publish-from-tag').with).toEqual({
      tags: '${{ matrix.tags }}',
      expect: '${{ matrix.expect }}',
      upload: false,
    });
    // uv for builds in seconds, without an Actions cache another workflow could write.
    expect(build.steps.find((s) => s.uses?.startsWith('astral-sh/setup-uv@'))?.with).toEqual({
      'enable-cache': false,
    });
    const artifact = 'dist-${{ matrix.id }}';
    expect(build.steps.at(-1)).toMatchObject({
      // The other tags' files go on when one tag of the chunk failed.
      if: "${{ !cancelled() && steps.build.outputs.dist-dir != '' }}",
      uses: expect.stringMatching(/^actions\/upload-artifact@/),
      with: { name: artifact, path: '${{ steps.build.outputs.dist-dir }}' },
    });
    expect(publish.needs).toEqual(['release', 'build']);
    // One chunk's failed build must not keep the others' tags from being published.
    expect(publish.if).toMatch(/^\$\{\{ !cancelled\(\) && /);
    expect(publish.environment).toBe("${{ matrix.final && 'pypi' || 'testpypi' }}");
    expect(publish.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with).toEqual({
      name: artifact,
      path: '${{ runner.temp }}/dist',
    });
    expect(step(publish, 'publish-from-tag').with).toEqual({
      tags: '${{ matrix.tags }}',
      expect: '${{ matrix.expect }}',
      dist: '${{ runner.temp }}/dist',
      'skip-existing': true,
    });
    // Every matrix value the jobs read is a key of cut-release's chunks, which never mix finals
    // (PyPI's environment) with pre-releases.
    const chunks = publishChunks(
      [
        { name: 'a', version: '1.0.0', previous: null, tag: 'a-v1.0.0', path: 'a', channel: 'final' },
        { name: 'b', version: '1.0.0rc1', previous: null, tag: 'b-v1.0.0rc1', path: 'b', channel: 'rc' },
      ],
      DEFAULT_CHUNK_LIMITS,
    );
    expect(chunks.map((c) => c.final)).toEqual([true, false]);
    const read = new Set(
      [...JSON.stringify([build, publish]).matchAll(/matrix\.([a-z-]+)/g)].map((m) => m[1]),
    );
    expect([...read].filter((k) => !(k in chunks[0]))).toEqual([]);
    expectBuildAndUploadApart(wf);
    // Not a reusable workflow: PyPI rejects tokens minted inside one.
    expect(JSON.stringify(wf)).not.toContain('workflow_call');
  });

  it.each([
    ['publish-testpypi.yml', 'rc', 'testpypi', "needs.build.outputs.channel == 'rc'"],
    [
      'publish-pypi.yml',
      'final',
      'pypi',
      "needs.build.outputs.channel == 'final' || needs.build.outputs.channel == 'post'",
    ],
  ])(
    '%s: every documented tag shape of its channel starts it, the channel decided outside the environment, %s only into %s',
    (file, channel, env, publishIf) => {
      const wf = load(file);
      const patterns = (wf.on as { push: { tags: string[] } }).push.tags;
      // Each tag shape docs/configuration.md documents, as pyrelease writes it (normalized versions).
      for (const tag of DOCUMENTED_TAGS) {
        for (const version of ['4.4.0', '4.4.0rc1', '4.4.0.post1']) {
          const name = tag.replace('{version}', version);
          // PyPI's workflow starts for rcs too (its build job tells them apart); TestPyPI's for rcs only.
          const wanted = channel === 'final' || version.includes('rc');
          expect([file, name, patterns.some((p) => githubTagFilter(p)(name))]).toEqual([file, name, wanted]);
        }
      }
      // Tags of other tools start nothing.
      for (const other of ['latest', 'docs-site', 'nightly']) {
        expect([file, other, patterns.some((p) => githubTagFilter(p)(other))]).toEqual([file, other, false]);
      }
      expect(Object.keys(wf.jobs)).toEqual(['build', 'publish']);
      const { build, publish } = wf.jobs;
      // The build job has no environment and reads the channel from the parsed version; only that
      // channel's tags start the environment job (no approval request, no red job for the other).
      expect(build.environment).toBeUndefined();
      expect(step(build, 'publish-from-tag').with).toEqual({ upload: false });
      expect(build.outputs?.channel).toBe('${{ steps.build.outputs.channel }}');
      expect(publish.needs).toBe('build');
      expect(publish.if).toBe(publishIf);
      const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
      expect(upload?.if).toBe(publishIf.replaceAll('needs.build', 'steps.build'));
      expect(publish.environment).toBe(env);
      for (const job of [build, publish])
        expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({
          'fetch-depth': 0,
          'fetch-tags': true,
        });
      expect(step(publish, 'publish-from-tag').with).toEqual({
        expect: channel,
        dist: '${{ runner.temp }}/dist',
        'skip-existing': true,
      });
      expectBuildAndUploadApart(wf);
    },
  );
});

/** The tag shapes docs/configuration.md documents ("Tags"), with `{version}` left in. */
const DOCUMENTED_TAGS = [
  'chroma-haystack-v{version}',
  'integrations/chroma-v{version}',
  'libs/genai/v{version}',
  'hatchling=={version}',
  'v{version}',
];

/**
 * A workflow's tag filter as GitHub reads it ("Filter pattern cheat sheet"): `*` is any run of
 * characters but `/`, `**` any run at all, `[...]` one character of the class; the whole tag must
 * match. `?`, `+` and `!` are GitHub's too, and not used by the templates: refused here.
 */
function githubTagFilter(pattern: string): (tag: string) => boolean {
  if (/[?+!]/.test(pattern)) throw new Error(`the templates' filters use no ?, + or !: ${pattern}`);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      source += pattern.slice(i, end + 1);
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  return (tag) => regex.test(tag);
}

/** id-token: write only in the job that uploads, and no build there: it takes the files as an artifact. */
function expectBuildAndUploadApart(wf: Workflow): void {
  for (const [name, job] of Object.entries(wf.jobs)) {
    const uploads = job.permissions?.['id-token'] === 'write';
    expect([name, uploads]).toEqual([name, name === 'publish']);
    const pyrelease = job.steps.filter((s) => ours(s.uses, 'publish-from-tag'));
    for (const s of pyrelease) {
      if (uploads) expect(s.with?.dist).toBe('${{ runner.temp }}/dist');
      else expect(s.with?.upload).toBe(false);
    }
  }
}
