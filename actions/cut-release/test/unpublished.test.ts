import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { PATH_WITH_TOOLS, PyPIServer } from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
let index: PyPIServer;
beforeAll(async () => {
  index = await new PyPIServer().start();
});
afterAll(() => index.stop());
afterEach(() => repo?.cleanup());

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/scheduler', name: 'scheduler', version: '0.1.0' },
];

function cut(repositoryUrl = `${index.url}/`, token = 'ghs_unpublishedTestToken') {
  return runAction('cut-release', {
    cwd: repo.work,
    inputs: {
      ...actionDefaults('cut-release'),
      mode: 'rc',
      'base-branch': 'test',
      'release-branch': 'release-test',
      'create-github-release': 'false',
      token,
      'repository-url': repositoryUrl,
    },
    env: { GITHUB_SHA: git(repo.origin, ['rev-parse', 'test']) },
  });
}

/** The publish job of the template for one entry of the publish output: a checkout at the tag. */
async function publishJob(tag: string, buildCommand = 'python -m build') {
  const dir = mkdtempSync(`${repo.root}/publish-${tag}-`);
  git(repo.root, ['clone', '--quiet', repo.origin, dir]);
  git(dir, ['checkout', '--quiet', '--detach', tag]);
  return runAction('publish-from-tag', {
    cwd: dir,
    inputs: {
      ...actionDefaults('publish-from-tag'),
      tag,
      expect: 'rc',
      'repository-url': `${index.url}/`,
      password: 'pypi-unusedByPypiserver',
      'skip-existing': 'true',
      'build-command': buildCommand,
    },
    env: { PATH: PATH_WITH_TOOLS },
  });
}

const tags = (json: string) => (JSON.parse(json) as { tag: string }[]).map((r) => r.tag);

describe('a tagged version whose publish was cancelled', () => {
  it('is published by the next run, and named in a warning until it is', async () => {
    repo = Monorepo.create(PACKAGES);
    // Run 1 tags both packages; its publish jobs are cancelled before they upload anything.
    const first = await cut();
    expect(annotations(first.stdout, 'error')).toEqual([]);
    expect(tags(first.outputs.publish)).toEqual(['core-v0.1.0rc1', 'scheduler-v0.1.0rc1']);
    expect(first.outputs.unpublished).toBe('[]');

    // Run 2 releases only scheduler; core's rc1 is still missing from the index.
    // The runner's checkout is left on the release branch; the next push comes from the base.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(scheduler): x', { 'libs/scheduler/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const second = await cut();
    expect(annotations(second.stdout, 'error')).toEqual([]);
    expect(tags(second.outputs.released)).toEqual(['scheduler-v0.1.0rc2']);
    // scheduler's rc1 was never published either: released again now, its earlier tag still counts.
    expect(tags(second.outputs.unpublished)).toEqual(['core-v0.1.0rc1', 'scheduler-v0.1.0rc1']);
    expect(tags(second.outputs.publish)).toEqual([
      'scheduler-v0.1.0rc2',
      'core-v0.1.0rc1',
      'scheduler-v0.1.0rc1',
    ]);
    expect(annotations(second.stdout, 'warning')).toEqual([
      `core-v0.1.0rc1 is tagged but ${index.url}/simple/ has no file of core 0.1.0rc1 (an earlier run stopped before publishing it): it is in this run's publish output`,
      `scheduler-v0.1.0rc1 is tagged but ${index.url}/simple/ has no file of scheduler 0.1.0rc1 (an earlier run stopped before publishing it): it is in this run's publish output`,
    ]);
    // Its publish jobs run for every entry.
    for (const tag of tags(second.outputs.publish)) {
      const job = await publishJob(tag);
      expect(annotations(job.stdout, 'error')).toEqual([]);
      expect(job.code).toBe(0);
    }
    expect(index.pipDownload('core==0.1.0rc1').status).toBe(0);

    // Run 3: everything tagged is on the index, nothing to name.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(scheduler): y', { 'libs/scheduler/y.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const third = await cut();
    expect(annotations(third.stdout, 'warning')).toEqual([]);
    expect(third.outputs.unpublished).toBe('[]');
    expect(tags(third.outputs.publish)).toEqual(['scheduler-v0.1.0rc3']);
  });

  it('names every tag the index lacks of a package released again now, and a version it holds only part of', async () => {
    // Packages of their own: the index is shared with the other tests of this file.
    repo = Monorepo.create([
      { path: 'libs/alpha', name: 'alpha', version: '0.1.0' },
      { path: 'libs/beta', name: 'beta', version: '0.1.0' },
    ]);
    // Run 1 tags both; beta's upload stops after its sdist, alpha's publish is cancelled.
    await cut();
    const sdistOnly = await publishJob('beta-v0.1.0rc1', 'python -m build --sdist');
    expect([sdistOnly.code, sdistOnly.outputs.files]).toEqual([0, 'beta-0.1.0rc1.tar.gz']);
    // Run 2 releases alpha again (rc2): its rc1 is still missing, and so is beta's wheel.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(alpha): x', { 'libs/alpha/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const second = await cut();
    expect(annotations(second.stdout, 'error')).toEqual([]);
    expect(tags(second.outputs.released)).toEqual(['alpha-v0.1.0rc2']);
    expect(tags(second.outputs.unpublished)).toEqual(['alpha-v0.1.0rc1', 'beta-v0.1.0rc1']);
    expect(annotations(second.stdout, 'warning')).toEqual([
      `alpha-v0.1.0rc1 is tagged but ${index.url}/simple/ has no file of alpha 0.1.0rc1 (an earlier run stopped before publishing it): it is in this run's publish output`,
      `beta-v0.1.0rc1 is tagged but ${index.url}/simple/ has only part of beta 0.1.0rc1, no wheel (an upload stopped between its files): it is in this run's publish output`,
    ]);
    // The publish jobs upload what is missing (skip-existing keeps the sdist that is there).
    for (const tag of tags(second.outputs.publish)) {
      const job = await publishJob(tag);
      expect([job.code, annotations(job.stdout, 'error')]).toEqual([0, []]);
    }
    // Run 3: every tag is whole on the index.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(alpha): y', { 'libs/alpha/y.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const third = await cut();
    expect(annotations(third.stdout, 'warning')).toEqual([]);
    expect(tags(third.outputs.unpublished)).toEqual([]);
  });

  it('warns, and lists nothing, when the index cannot be asked; and releases nothing it could not ask about', async () => {
    // Names no other test uploads to the shared index.
    repo = Monorepo.create([
      { path: 'libs/gamma', name: 'gamma', version: '0.1.0' },
      { path: 'libs/delta', name: 'delta', version: '0.1.0' },
    ]);
    expect((await cut()).outputs.tags).toBe('delta-v0.1.0rc1 gamma-v0.1.0rc1');
    // The runner's checkout is left on the release branch; the next push comes from the base.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(delta): x', { 'libs/delta/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    // Nothing listens here.
    const run = await cut('http://127.0.0.1:9/legacy/', 't');
    expect(run.code).toBe(0);
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^delta: not released: could not ask http:\/\/127\.0\.0\.1:9\/simple\/ whether 0\.1\.0rc2 is there already /,
      ),
      expect.stringMatching(
        /^could not ask http:\/\/127\.0\.0\.1:9\/simple\/ whether these tags are published: delta-v0\.1\.0rc1 \(.*\), gamma-v0\.1\.0rc1 \(/,
      ),
    ]);
    expect(run.outputs.unpublished).toBe('[]');
    expect(run.outputs.publish).toBe('[]');
    expect(repo.originTags()).toEqual(['delta-v0.1.0rc1', 'gamma-v0.1.0rc1']);
  });
});
