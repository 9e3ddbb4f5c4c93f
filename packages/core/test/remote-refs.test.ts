import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, RecordingLogger, type CutReleaseOptions } from '../src/index.js';
import { fetchForRelease, MOST_TAGS_NAMED, tagsToFetch } from '../src/release/fetch.js';
import { git, Monorepo } from '../../../test/support/repo.js';

/**
 * What a run asks the remote for (issue 33): the branches and tags listed once, never what a hosting
 * service keeps beside them, and a fetch of only the tags the checkout lacks or has otherwise.
 * Read from git's own packet trace of protocol v2 (`ref-prefix` lines are what the server is asked to
 * list).
 */

const PACKAGES = [{ path: 'libs/core', name: 'core', version: '0.1.0' }];
const rc: CutReleaseOptions = { mode: 'rc', baseBranch: 'test', releaseBranch: 'release-test', push: true };

let repo: Monorepo;
const extra: Monorepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  repo?.cleanup();
  extra.splice(0).forEach((r) => r.cleanup());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A run of cut-release with git's packet trace on; returns what each ls-refs request asked for. */
async function tracedRun(options: Partial<CutReleaseOptions>, cwd = repo.work) {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-trace-'));
  dirs.push(dir);
  const trace = join(dir, 'packets');
  const logger = new RecordingLogger();
  const result = await cutRelease(new Git(cwd, { GIT_TRACE_PACKET: trace }), { ...rc, ...options }, logger);
  return { result, logger, requests: lsRefsRequests(readFileSync(trace, 'utf8')) };
}

/** Each `command=ls-refs` the client sent, as the list of its ref-prefix lines (empty: every ref). */
function lsRefsRequests(trace: string): string[][] {
  const requests: string[][] = [];
  for (const line of trace.split('\n')) {
    // The client's side only (`fetch>`, `ls-remote>`), not the server's echo (`upload-pack<`).
    const sent = /packet: +(?:fetch|ls-remote|git)> (.*)$/.exec(line)?.[1];
    if (sent === undefined) continue;
    if (sent === 'command=ls-refs') requests.push([]);
    else if (sent.startsWith('ref-prefix ') && requests.length > 0) requests.at(-1)!.push(sent.slice(11));
  }
  return requests;
}

/** The prefixes that would list tags: `refs/tags/` itself or one tag's name. */
const tagPrefixes = (request: readonly string[]) =>
  // git also asks for each refspec under each spelling rule (refs/tags/refs/heads/test): not a tag's.
  request.filter((p) => p.startsWith('refs/tags/') && !p.startsWith('refs/tags/refs/'));

describe('what a release run asks the remote for', () => {
  it('lists branches and tags by prefix (never refs/pull), and fetches no tag the checkout has', async () => {
    repo = Monorepo.create(PACKAGES);
    // A hosting service's refs beside branches and tags: GitHub keeps two per pull request.
    const head = repo.git('rev-parse', 'HEAD');
    git(repo.origin, ['update-ref', 'refs/pull/1/head', head]);
    repo.git('tag', '-a', '-m', 'old', 'core-v0.0.1', head);
    repo.git('push', '--quiet', 'origin', 'core-v0.0.1');
    repo.commit('feat: more', { 'libs/core/more.py': 'x = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');

    const dry = await tracedRun({ dryRun: true });
    expect(dry.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1']);
    // One listing, whose prefixes keep refs/pull/* on the server; the checkout has every object the
    // dry run plans from, so it fetches nothing.
    expect(dry.requests).toHaveLength(1);
    expect(dry.requests[0]).toEqual(expect.arrayContaining(['refs/heads/', 'refs/tags/']));
    expect(dry.requests[0].every((p) => p === 'refs/heads/' || p === 'refs/tags/')).toBe(true);

    // A real run fetches the base branch (its remote-tracking ref moves) and no tag.
    const real = await tracedRun({ push: false });
    expect(real.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1']);
    expect(real.requests).toHaveLength(2);
    expect(real.requests[1]).toContain('refs/heads/test');
    expect(tagPrefixes(real.requests[1])).toEqual([]);
  });

  it('fetches by name the tags the checkout lacks or has at another object, and plans with the remote’s', async () => {
    repo = Monorepo.create(PACKAGES);
    const other = Monorepo.clone(repo);
    extra.push(other);
    // The other clone releases, and replaces a tag this checkout has with one of the same name.
    other.git('tag', '-a', '-m', 'first', 'core-v0.0.1');
    other.git('push', '--quiet', 'origin', 'core-v0.0.1');
    repo.git('fetch', '--quiet', 'origin', 'tag', 'core-v0.0.1');
    const mine = repo.git('rev-parse', 'core-v0.0.1');
    other.git('tag', '-f', '-a', '-m', 'replaced', 'core-v0.0.1');
    other.git('push', '--quiet', '--force', 'origin', 'core-v0.0.1');
    other.commit('feat: more', { 'libs/core/more.py': 'x = 1\n' });
    other.git('push', '--quiet', 'origin', 'test');
    other.git('tag', '-a', '-m', 'released', 'core-v0.1.0rc1');
    other.git('push', '--quiet', 'origin', 'core-v0.1.0rc1');
    other.commit('fix: after the rc', { 'libs/core/fix.py': 'y = 1\n' });
    other.git('push', '--quiet', 'origin', 'test');
    repo.git('pull', '--quiet', '--no-tags', 'origin', 'test');
    // A tag only this checkout has (a run that did not push): the remote's view never lists it.
    repo.git('tag', 'core-v9.9.9');

    const dry = await tracedRun({ dryRun: true });
    // The plan counts from the remote's rc1, which this checkout did not have.
    expect(dry.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc2']);
    expect(tagPrefixes(dry.requests[1]).sort()).toEqual([
      'refs/tags/core-v0.0.1',
      'refs/tags/core-v0.1.0rc1',
    ]);
    // A dry run changes no ref.
    expect(repo.git('rev-parse', 'core-v0.0.1')).toBe(mine);

    const real = await tracedRun({ push: false });
    expect(real.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc2']);
    // The checkout's tags are the remote's now; its own tag stays.
    expect(repo.git('rev-parse', 'core-v0.0.1')).toBe(git(repo.origin, ['rev-parse', 'core-v0.0.1']));
    expect(repo.git('tag', '--list', 'core-v9.9.9')).toBe('core-v9.9.9');
  });

  it('asks for every tag when a tag it names is gone from the remote since the listing', async () => {
    repo = Monorepo.create(PACKAGES);
    const head = repo.git('rev-parse', 'HEAD');
    const logger = new RecordingLogger();
    // The listing named a tag of another tool, deleted before the fetch.
    await fetchForRelease(new Git(repo.work), {
      remote: 'origin',
      baseBranch: 'test',
      baseSha: head,
      releaseBranch: 'release-test',
      leaseSha: '',
      tagObjects: new Map([['nightly', head]]),
      auth: {},
      timeoutMs: 60_000,
      dryRun: false,
      logger,
    });
    expect(logger.lines.map((l) => l.message)).toContain(
      'a tag origin listed is gone: fetching every tag instead',
    );
  });

  it(`asks for every tag when more than ${MOST_TAGS_NAMED} are missing, and names them below that`, () => {
    const remote = new Map(Array.from({ length: MOST_TAGS_NAMED + 1 }, (_, i) => [`t${i}`, `sha${i}`]));
    expect(tagsToFetch(remote, remote)).toEqual([]);
    expect(tagsToFetch(remote, new Map([['t0', 'other']]))).toHaveLength(MOST_TAGS_NAMED + 1);
    expect(tagsToFetch(new Map([['a', '1']]), new Map([['a', '2']]))).toEqual(['a']);
  });

  it(`fetches refs/tags/* for a checkout without tags (${MOST_TAGS_NAMED + 1} missing)`, async () => {
    repo = Monorepo.create(PACKAGES);
    // Tags of another tool, made on the remote only.
    const head = repo.git('rev-parse', 'HEAD');
    for (let i = 0; i <= MOST_TAGS_NAMED; i++) git(repo.origin, ['tag', `other-${i}`, head]);
    const { requests } = await tracedRun({ dryRun: true });
    expect(tagPrefixes(requests[1])).toEqual(['refs/tags/']);
  });
});
