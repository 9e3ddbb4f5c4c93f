import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actionDefaults, annotations, ROOT, runAction } from './support/action-runner.js';
import { VENV_BIN } from './support/python.js';
import { git } from './support/repo.js';

// pyrelease's own CI and release (.github/workflows/): linted as the templates are, and its publish
// step run as the runner runs it, on a clone of this repository.
const DIR = join(ROOT, '.github/workflows');
const WORKFLOWS = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => join('.github/workflows', f));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

const ci = parse(readFileSync(join(DIR, 'ci.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("pyrelease's own workflows", () => {
  it('pass actionlint and zizmor (each ignored finding explained beside it)', () => {
    expect(WORKFLOWS).toEqual(['.github/workflows/ci.yml']);
    const lint = spawnSync(join(ROOT, '.cache/bin/actionlint'), ['-no-color', ...WORKFLOWS], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    const audit = spawnSync(join(VENV_BIN, 'zizmor'), ['--offline', '--format', 'plain', ...WORKFLOWS], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(audit.stdout).toContain('No findings to report.');
    expect(audit.status).toBe(0);
    const text = WORKFLOWS.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const line of text.split('\n').filter((l) => l.includes('zizmor: ignore[')))
      expect(line).toMatch(/zizmor: ignore\[[a-z-]+\] \S.{10,}/);
    // Every action of another repository is pinned to a commit, its version beside it.
    for (const line of text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l) && !l.includes('uses: ./')))
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it("run the README's test command on pull requests and pushes, and release only from main after it", () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(ci.permissions).toEqual({});
    const { tests, release, 'publish-wheel': publish } = ci.jobs;
    expect(tests.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(tests.permissions).toEqual({ contents: 'read' });
    expect(release.needs).toBe('tests');
    expect(release.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(release.permissions).toEqual({ contents: 'write' });
    const tagging = release.steps.find((s) => s.run?.includes('scripts/release-tags.mjs'));
    expect(tagging?.run).toContain('node scripts/release-tags.mjs --push');
    // The token reaches the script through its environment, the script hands it to git the same way.
    expect(tagging?.env).toEqual({ GITHUB_TOKEN: '${{ github.token }}' });
    expect(publish.needs).toBe('release');
    expect(publish.if).toBe("needs.release.outputs.tagged == 'true'");
    expect([publish.environment, publish.permissions]).toEqual([
      'pypi',
      { contents: 'read', 'id-token': 'write' },
    ]);
  });

  it('publish the python/ wheel with their own publish-from-tag from the tag the release job pushed', async () => {
    const step = ci.jobs['publish-wheel'].steps.find((s) => s.uses?.startsWith('./publish-from-tag'));
    expect(step?.with?.tag).toBe('${{ needs.release.outputs.tag }}');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    const tag = `v${version}`;
    // A clone of this repository whose main is this commit, tagged as scripts/release-tags.mjs tags.
    const root = mkdtempSync(join(tmpdir(), 'pyrelease-own-wheel-'));
    dirs.push(root);
    const origin = join(root, 'origin.git');
    git(root, ['clone', '--quiet', '--bare', '--no-tags', ROOT, origin]);
    git(origin, ['update-ref', 'refs/heads/main', git(ROOT, ['rev-parse', 'HEAD'])]);
    git(root, ['clone', '--quiet', '--branch', 'main', origin, 'work']);
    const work = join(root, 'work');
    git(work, ['tag', tag]);
    const inputs = Object.fromEntries(
      Object.entries(step?.with ?? {}).map(([name, value]) => [name, String(value)]),
    );
    const run = await runAction('publish-from-tag', {
      cwd: work,
      inputs: { ...actionDefaults('publish-from-tag'), ...inputs, tag, 'dry-run': 'true' },
      env: { RUNNER_TEMP: root },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ package: 'pyrelease', version, channel: 'final' });
    expect(run.outputs.files).toBe(`pyrelease-${version}-py3-none-any.whl`);
  });
});
