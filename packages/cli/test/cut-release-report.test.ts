import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../../test/support/action-runner.js';
import { Monorepo } from '../../../test/support/repo.js';
import { cliIn } from './cli-runner.js';

// What `pyrelease cut-release` reports: the changelog sections a dry run would write, and --json.
let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

const PACKAGES = [
  { path: 'packages/core', name: 'aetherflow-core', version: '0.1.0' },
  { path: 'packages/scheduler', name: 'aetherflow-scheduler', version: '0.3.0' },
];
const RC = ['cut-release', '--mode', 'rc', '--base-branch', 'test', '--release-branch', 'release-test'];

/** A repository whose scheduler has a tag, then a fix and a feature with a hostile subject. */
function repository(): Monorepo {
  const made = Monorepo.create(PACKAGES);
  made.git('tag', 'aetherflow-scheduler-v0.3.0rc1');
  made.git('push', '--quiet', 'origin', 'aetherflow-scheduler-v0.3.0rc1');
  made.commit('fix: retry a lost lease', { 'packages/scheduler/src/lease.py': 'retries = 3\n' });
  made.commit('feat: ::warning::forged # a line that looks like a command', {
    'packages/scheduler/src/run.py': 'x = 1\n',
  });
  made.git('push', '--quiet', 'origin', 'test');
  return made;
}

describe('pyrelease cut-release --dry-run', () => {
  it('shows the changelog section each release would write, then the commands, and changes nothing', async () => {
    repo = repository();
    const before = [repo.git('for-each-ref'), repo.originRefs()];
    const { code, stdout } = await cliIn(repo.work, [...RC, '--dry-run']);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf('aetherflow-scheduler-v0.3.0rc2 would add to'));
    expect(section).toMatch(
      /^aetherflow-scheduler-v0\.3\.0rc2 would add to packages\/scheduler\/CHANGELOG\.md:\n {2}## 0\.3\.0rc2 \(\d{4}-\d\d-\d\d\)\n/,
    );
    expect(section).toContain('  - retry a lost lease');
    expect(section).toContain('  - ::warning::forged # a line that looks like a command');
    expect(stdout).toMatch(
      /aetherflow-core-v0\.1\.0rc1 would add to packages\/core\/CHANGELOG\.md:\n {2}## 0\.1\.0rc1/,
    );
    // The sections come before the commands, and every section line is indented under its heading.
    expect(stdout.indexOf('would add to')).toBeLessThan(stdout.indexOf('dry run, would run:'));
    expect([repo.git('for-each-ref'), repo.originRefs()]).toEqual(before);
  });
});

describe('pyrelease cut-release --json', () => {
  const outputNames = Object.keys(
    (parse(readFileSync(join(ROOT, 'cut-release/action.yml'), 'utf8')) as { outputs: object }).outputs,
  );

  it("prints the action's outputs by their names, on stdout alone; the plan and messages go to stderr", async () => {
    repo = repository();
    const { code, stdout, stderr } = await cliIn(repo.work, [...RC, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    for (const name of outputNames) expect(report).toHaveProperty([name]);
    const tip = repo.git('rev-parse', 'refs/heads/release-test');
    expect(report).toMatchObject({
      tags: 'aetherflow-core-v0.1.0rc1 aetherflow-scheduler-v0.3.0rc2',
      count: 2,
      'release-sha': tip,
      'release-branch': 'release-test',
      'dry-run': false,
      pushed: false,
      unpublished: [],
    });
    expect(report.released).toEqual([
      {
        name: 'aetherflow-core',
        version: '0.1.0rc1',
        previous: null,
        tag: 'aetherflow-core-v0.1.0rc1',
        path: 'packages/core',
        channel: 'rc',
      },
      {
        name: 'aetherflow-scheduler',
        version: '0.3.0rc2',
        previous: '0.3.0rc1',
        tag: 'aetherflow-scheduler-v0.3.0rc2',
        path: 'packages/scheduler',
        channel: 'rc',
      },
    ]);
    expect(report.publish).toEqual(report.released);
    // Each release with the section its changelog got (the tag's message) and the files its commit changed.
    expect(report.releases[1].notes).toBe(
      repo.git('tag', '--list', '--format=%(contents)', 'aetherflow-scheduler-v0.3.0rc2').trimEnd() + '\n',
    );
    expect(report.releases[1].changes).toEqual([
      'packages/scheduler/pyproject.toml',
      'packages/scheduler/CHANGELOG.md',
    ]);
    expect(report).not.toHaveProperty(['would-run']);
    // A "::" line in a commit subject cannot become a runner command when the JSON is printed in a job.
    expect(stdout).not.toMatch(/^\s*::/m);
    expect(stdout).not.toContain('#');
    expect(stderr).toMatch(/^PACKAGE +PATH +PREVIOUS/m);
  });

  it('in a dry run: nothing released or to publish, each release it would make, and the commands', async () => {
    repo = repository();
    const { code, stdout } = await cliIn(repo.work, [...RC, '--json', '--dry-run', '--push']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      released: [],
      publish: [],
      tags: '',
      count: 0,
      'release-sha': '',
      'dry-run': true,
      pushed: false,
    });
    expect(report.releases.map((r: { tag: string }) => r.tag)).toEqual([
      'aetherflow-core-v0.1.0rc1',
      'aetherflow-scheduler-v0.3.0rc2',
    ]);
    expect(report.releases[0].notes).toMatch(/^## 0\.1\.0rc1 \(/);
    expect(report['would-run']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^git push --atomic --porcelain /)]),
    );
    expect(repo.originTags()).toEqual(['aetherflow-scheduler-v0.3.0rc1']);
  });
});
