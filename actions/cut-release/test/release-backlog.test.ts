import { afterEach, describe, expect, it } from '@jest/globals';
import type { ReleaseTag } from '../../../packages/core/src/index.js';
import { actionDefaults, annotations, runAction } from '../../../test/support/action-runner.js';
import { FakeGitHub, type RecordedRequest } from '../../../test/support/fake-github.js';
import { git, Monorepo } from '../../../test/support/repo.js';
import {
  latestOfBacklog,
  MOST_BACKFILLED_PER_RUN,
  missingReleases,
  RELEASE_LIST_PAGE,
} from '../src/release-backlog.js';

let repo: Monorepo | null = null;
const github = FakeGitHub.forSuite();
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

function cut(work: string, inputs: Record<string, string> = {}) {
  return runAction('cut-release', {
    cwd: work,
    inputs: {
      ...actionDefaults('cut-release'),
      mode: 'final',
      'base-branch': 'test',
      'release-branch': 'release',
      token: 'ghs_backlogTestToken',
      ...inputs,
    },
    env: {
      // The tested commit is the base branch's tip (a run leaves the checkout on the release branch).
      GITHUB_SHA: git(work, ['ls-remote', 'origin', 'refs/heads/test']).split('\t')[0],
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'octo/mono',
    },
  });
}

const creates = (): RecordedRequest[] => github.requests.filter((r) => r.method === 'POST');
const lists = (): RecordedRequest[] => github.requests.filter((r) => r.method === 'GET');

describe('a GitHub Release an earlier run did not create', () => {
  it('is created by the next run, which has nothing to release, once, and made the latest as the newest final', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    github.dropCreates = true;
    const first = await cut(repo.work);
    expect([first.code, repo.originTags()]).toEqual([0, ['core-v0.1.0']]);
    expect(annotations(first.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^could not create the GitHub Release for core-v0\.1\.0 \(the tag is released and publishes anyway; the next run creates it\): /,
      ),
    ]);
    expect(github.releases).toEqual([]);

    // The body the first run sent, which never arrived: the late Release carries the same notes.
    const notes = (creates()[0].body as { body: string }).body;
    expect(notes).toContain('## 0.1.0');
    github.dropCreates = false;
    github.requests.length = 0;
    const second = await cut(repo.work);
    expect([second.code, second.outputs.count, annotations(second.stdout, 'warning')]).toEqual([0, '0', []]);
    expect(lists()).toHaveLength(1);
    expect(lists()[0].url).toContain('per_page=100');
    expect(creates().map((r) => r.body)).toEqual([
      expect.objectContaining({
        tag_name: 'core-v0.1.0',
        prerelease: false,
        make_latest: 'legacy',
        body: notes,
      }),
    ]);
    expect(second.summary).toContain('GitHub Releases that earlier runs left out:');
    expect(second.summary).toContain(
      '- core-v0.1.0: [GitHub Release](https://github.example/releases/tag/core-v0.1.0)',
    );

    github.requests.length = 0;
    const third = await cut(repo.work);
    expect([third.code, lists().length, creates()]).toEqual([0, 1, []]);
  });

  it('is created beside the next release of the same package, after an API error', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    github.status = 500;
    expect((await cut(repo.work)).code).toBe(0);
    github.status = 201;
    github.requests.length = 0;
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): a fix', { 'libs/core/src/core/fix.py': 'x = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const run = await cut(repo.work);
    expect([run.code, run.outputs.tags, annotations(run.stdout, 'warning')]).toEqual([0, 'core-v0.1.1', []]);
    expect(
      creates().map((r) => [
        (r.body as { tag_name: string }).tag_name,
        (r.body as { make_latest: string }).make_latest,
      ]),
    ).toEqual([
      ['core-v0.1.1', 'legacy'],
      ['core-v0.1.0', 'false'],
    ]);
  });

  it('is never created for a tag pushed alone, on a commit shaped like a release commit: it is named', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    expect((await cut(repo.work)).outputs.tags).toBe('core-v0.1.0');
    // Someone with write access to tags: a commit in pyrelease's shape on no branch, and its tag alone.
    repo.git('checkout', '--quiet', '--detach', 'core-v0.1.0');
    repo.commit('release(core): 0.1.1', { 'libs/core/evil.py': 'import os\n' });
    const notes = '[Download the fixed wheel](https://evil.example/core.whl) @octo-org/everyone';
    repo.git('tag', '--annotate', '--message', notes, 'core-v0.1.1');
    repo.git('push', '--quiet', 'origin', 'core-v0.1.1');
    repo.git('checkout', '--quiet', 'test');
    github.requests.length = 0;
    const run = await cut(repo.work);
    expect([run.code, run.outputs.count, creates()]).toEqual([0, '0', []]);
    expect(annotations(run.stdout, 'warning')).toEqual([
      "tags without a GitHub Release that are not on the release branch as this run found it, so pyrelease does not create one (a tag pushed without its run's branch): core-v0.1.1; create their Releases by hand if they are releases",
    ]);
    expect(github.releases.map((r) => r.tag_name)).toEqual(['core-v0.1.0']);
  });

  it('is not created when the Release exists (the answer was lost, not the request), nor for tags pyrelease did not make', async () => {
    repo = Monorepo.create([
      { path: 'libs/core', name: 'core', version: '0.1.0' },
      { path: 'libs/cli', name: 'cli', version: '1.0.0' },
    ]);
    // cli's tag was made by hand on a commit of the branch: not a release commit of pyrelease.
    repo.git('tag', '--annotate', '--message', 'cli 1.0.0 by hand', 'cli-v1.0.0');
    repo.git('push', '--quiet', 'origin', 'cli-v1.0.0');
    expect((await cut(repo.work)).code).toBe(0);
    github.requests.length = 0;
    // A Release of core-v0.1.0 was created; the run lost the answer and a later one lists it.
    const run = await cut(repo.work);
    expect([run.code, lists().length, creates()]).toEqual([0, 1, []]);
    expect(github.releases.map((r) => r.tag_name)).toEqual(['core-v0.1.0']);
  });
});

/** A tag pyrelease made, `minutes` after a fixed start. */
function tag(name: string, version: string, minutes: number): ReleaseTag {
  return {
    tag: `${name}-v${version}`,
    name,
    version,
    channel: 'final',
    notes: `## ${version}`,
    taggedAt: new Date(Date.UTC(2026, 11, 1) + minutes * 60_000),
    onReleaseBranch: true,
  };
}
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1) + minutes * 60_000);

describe('which tags lack a Release (one page of the list)', () => {
  it('takes the tags newer than the newest one with a Release, oldest first', () => {
    const core = [tag('core', '1.2.0', 30), tag('core', '1.1.0', 20), tag('core', '1.0.0', 10)];
    const cli = [tag('cli', '2.0.0', 25), tag('cli', '1.0.0', 5)];
    const backlog = missingReleases(
      [core, cli],
      [
        { tag: 'core-v1.0.0', createdAt: at(11) },
        { tag: 'cli-v2.0.0', createdAt: at(26) },
      ],
    );
    expect(backlog.create.map((t) => t.tag)).toEqual(['core-v1.1.0', 'core-v1.2.0']);
    expect(backlog.later).toEqual([]);
  });

  it('takes only the newest tag of a package none of whose tags has a Release', () => {
    const core = [tag('core', '1.2.0', 30), tag('core', '1.1.0', 20)];
    expect(missingReleases([core], []).create.map((t) => t.tag)).toEqual(['core-v1.2.0']);
  });

  it('never takes a tag older than the oldest Release of a full page, whose Release may be on the next', () => {
    const page = Array.from({ length: RELEASE_LIST_PAGE }, (_, i) => ({
      tag: `other-v${i}`,
      createdAt: at(100 + i),
    }));
    const core = [tag('core', '1.3.0', 150), tag('core', '1.2.0', 90)];
    expect(missingReleases([core], page).create.map((t) => t.tag)).toEqual(['core-v1.3.0']);
    expect(missingReleases([[tag('core', '1.2.0', 90)]], page).create).toEqual([]);
    // One Release fewer: the page holds them all, so an old tag missing from it has none.
    expect(missingReleases([[tag('core', '1.2.0', 90)]], page.slice(1)).create.map((t) => t.tag)).toEqual([
      'core-v1.2.0',
    ]);
  });

  it('creates at most a fixed number per run and leaves the rest, oldest first, to the next', () => {
    const packages = Array.from({ length: MOST_BACKFILLED_PER_RUN + 3 }, (_, i) => [
      tag(`p${i}`, '1.0.0', i),
    ]);
    const backlog = missingReleases(packages, []);
    expect(backlog.create.map((t) => t.tag)).toEqual(
      packages.slice(0, MOST_BACKFILLED_PER_RUN).map((p) => p[0].tag),
    );
    expect(backlog.later.map((t) => t.tag)).toEqual(
      packages.slice(MOST_BACKFILLED_PER_RUN).map((p) => p[0].tag),
    );
  });

  it('keeps the tags of a package of one second in version order, and names the latest only when nothing listed is newer', () => {
    const core = [tag('core', '1.2.0', 30), tag('core', '1.1.0', 30), tag('core', '1.0.0', 10)];
    const backlog = missingReleases([core], [{ tag: 'core-v1.0.0', createdAt: at(11) }]);
    expect(backlog.create.map((t) => t.tag)).toEqual(['core-v1.1.0', 'core-v1.2.0']);
    expect(latestOfBacklog(backlog.create, [{ tag: 'core-v1.0.0', createdAt: at(11) }])?.tag).toBe(
      'core-v1.2.0',
    );
    expect(latestOfBacklog(backlog.create, [{ tag: 'cli-v3.0.0', createdAt: at(31) }])).toBeNull();
    const elsewhere = { ...tag('core', '1.3.0', 40), onReleaseBranch: false };
    const split = missingReleases([[elsewhere, ...core]], [{ tag: 'core-v1.0.0', createdAt: at(11) }]);
    expect([split.create.map((t) => t.tag), split.elsewhere.map((t) => t.tag)]).toEqual([
      ['core-v1.1.0', 'core-v1.2.0'],
      ['core-v1.3.0'],
    ]);
  });
});
