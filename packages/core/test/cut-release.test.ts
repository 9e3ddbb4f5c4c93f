import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cutRelease,
  Git,
  planFromRepository,
  RecordingLogger,
  UserError,
  type CutReleaseOptions,
} from '../src/index.js';
import { git, installHook, Monorepo, protectBranch, tagAppearsOnPush } from '../../../test/support/repo.js';

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/core-utils', name: 'core-utils', version: '0.1.0', style: 'poetry' as const },
];

let repo: Monorepo;
const extra: Monorepo[] = [];
afterEach(() => {
  repo?.cleanup();
  extra.splice(0).forEach((r) => r.cleanup());
});

const rc: CutReleaseOptions = { mode: 'rc', baseBranch: 'test', releaseBranch: 'release-test', push: true };

async function run(options: Partial<CutReleaseOptions> = {}, cwd = repo.work) {
  const logger = new RecordingLogger();
  const result = await cutRelease(new Git(cwd), { ...rc, ...options }, logger);
  return { result, logger };
}

async function failure(options: Partial<CutReleaseOptions> = {}, cwd = repo.work): Promise<string> {
  const error = await run(options, cwd).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('cut-release policy (release flow §7)', () => {
  it('releases, and pushes branch and annotated tags whose message is the changelog section', async () => {
    repo = Monorepo.create(PACKAGES);
    const { result } = await run({ now: new Date('2026-11-24T00:00:00Z') });
    expect(result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1', 'core-utils-v0.1.0rc1']);
    expect(git(repo.origin, ['rev-parse', 'release-test'])).toBe(result.releaseSha);
    expect(git(repo.origin, ['log', '--format=%s|%an|%ae', 'test..release-test'])).toBe(
      'release(core-utils): 0.1.0rc1|Test Maintainer|maintainer@example.com\nrelease(core): 0.1.0rc1|Test Maintainer|maintainer@example.com',
    );
    expect(git(repo.origin, ['cat-file', '-t', 'core-v0.1.0rc1'])).toBe('tag');
    expect(git(repo.origin, ['tag', '-l', '--format=%(contents)', 'core-v0.1.0rc1'])).toBe(
      // Its only commit is a chore, which the changelog does not list.
      '## 0.1.0rc1 (2026-11-24)\n\nFirst release.',
    );
    // Each release commit changes exactly the package's pyproject.toml and CHANGELOG.md.
    expect(
      git(repo.origin, ['show', '--name-only', '--format=', 'core-v0.1.0rc1^{commit}']).split('\n'),
    ).toEqual(['libs/core/CHANGELOG.md', 'libs/core/pyproject.toml']);
  });

  it('uses github-actions[bot] when no identity is configured', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('config', '--unset', 'user.name');
    repo.git('config', '--unset', 'user.email');
    const env = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' };
    const logger = new RecordingLogger();
    await cutRelease(new Git(repo.work, env), rc, logger);
    expect(git(repo.origin, ['log', '-1', '--format=%an <%ae>|%cn', 'release-test'])).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]',
    );
  });

  it('fails on a protected release branch with the fix that works, and pushes no tag', async () => {
    repo = Monorepo.create(PACKAGES);
    protectBranch(repo.origin, 'refs/heads/release-test', 'GH013');
    const before = repo.originRefs();
    const message = await failure();
    expect(message).toMatch(
      /^push of release-test was rejected by branch protection or a ruleset \(nothing was pushed\): .*GH013/,
    );
    expect(message).toContain("cannot be added to a repository ruleset's bypass list");
    expect(message).toContain('actions/create-github-app-token');
    expect(repo.originRefs()).toBe(before);
    expect(repo.originTags()).toEqual([]);
  });

  it('leaves out a tag that appeared on the remote meanwhile, with a warning, and pushes the rest', async () => {
    repo = Monorepo.create(PACKAGES);
    // After the run listed the remote, the tag appears there: a racing tag push.
    tagAppearsOnPush(repo.origin, 'core-v0.1.0rc1', 'test');
    const { result, logger } = await run();
    expect(logger.warnings).toEqual(['tag core-v0.1.0rc1 already exists on origin: left out of the push']);
    expect(result.released.map((r) => r.tag)).toEqual(['core-utils-v0.1.0rc1']);
    expect(git(repo.origin, ['rev-parse', 'release-test'])).toBe(result.releaseSha);
    // The tag on the remote is the racing one, untouched.
    expect(git(repo.origin, ['rev-parse', 'core-v0.1.0rc1'])).toBe(git(repo.origin, ['rev-parse', 'test']));
  });

  it('treats a push that the remote took before the connection failed as done', async () => {
    repo = Monorepo.create(PACKAGES);
    // The refs are updated before post-receive runs; the hook outlives the push's time limit.
    installHook(repo.origin, 'post-receive', '#!/bin/sh\ncat >/dev/null\nsleep 4\nexit 0\n');
    const { result, logger } = await run({ networkTimeoutMs: 1500 });
    expect(result.pushed).toBe(true);
    expect(result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1', 'core-utils-v0.1.0rc1']);
    expect(logger.warnings).toEqual([
      expect.stringMatching(
        /^git push reported a failure, but origin holds release-test and every tag of this release: the push is done \(.*timed out after 2 s\)$/,
      ),
    ]);
    expect(git(repo.origin, ['rev-parse', 'release-test'])).toBe(result.releaseSha);
  });

  it('gives up on a remote that hangs while listed or fetched, with a message, changing nothing', async () => {
    for (const [hangAt, command] of [
      [1, 'ls-remote'],
      [2, 'fetch'],
    ] as const) {
      repo = Monorepo.create(PACKAGES);
      const before = repo.originRefs();
      // The remote's side of a local transport: answers `hangAt - 1` connections, then never again.
      const calls = join(repo.root, 'calls');
      const uploadPack = join(repo.root, 'hanging-upload-pack');
      writeFileSync(
        uploadPack,
        `#!/bin/sh\nn=$(cat "${calls}" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"${calls}"\n` +
          `if [ "$n" -ge ${hangAt} ]; then exec sleep 8; fi\nexec git upload-pack "$@"\n`,
        { mode: 0o755 },
      );
      repo.git('config', 'remote.origin.uploadpack', uploadPack);
      const started = Date.now();
      const message = await failure({ networkTimeoutMs: 1000 });
      expect([command, message]).toEqual([command, expect.stringMatching(/timed out after 1 s/)]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(repo.originRefs()).toBe(before);
      expect(repo.git('for-each-ref', 'refs/heads/release-test', 'refs/tags')).toBe('');
      repo.cleanup();
    }
  });

  it('fails clearly, pushing nothing, when the remote refuses to reset the release branch (no force pushes)', async () => {
    repo = Monorepo.create(PACKAGES);
    await run();
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix: after the first release', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    git(repo.origin, ['config', 'receive.denyNonFastForwards', 'true']);
    const before = repo.originRefs();
    const message = await failure();
    expect(message).toMatch(
      /^push of release-test was rejected because the remote does not allow force pushes to it \(nothing was pushed\): remote: error: denying non-fast-forward .* allow force pushes on release-test for the identity that releases$/,
    );
    expect(repo.originRefs()).toBe(before);
  });

  it('fails when the base moved since the tested commit, unless told to skip the check', async () => {
    repo = Monorepo.create(PACKAGES);
    const tested = repo.git('rev-parse', 'HEAD');
    const other = Monorepo.clone(repo);
    extra.push(other);
    other.commit('fix: someone else', { 'libs/core/x.py': '1\n' });
    other.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const message = await failure({ testedSha: tested });
    expect(message).toMatch(
      /^base moved since CI ran: the tested commit is [0-9a-f]{12} but origin\/test is [0-9a-f]{12}; /,
    );
    expect(repo.originRefs()).toBe(before);
    const { result, logger } = await run({ testedSha: tested, skipBaseSyncCheck: true });
    expect(result.released).toHaveLength(2);
    expect(logger.warnings[0]).toMatch(/not the tested commit .* \(skip-base-sync-check\)$/);
  });

  it('fails on a dirty working tree unless allow-dirty, and keeps the local edit', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.write('libs/core/src/core/__init__.py', 'edited = True\n');
    const before = repo.originRefs();
    expect(await failure()).toBe(
      'the working tree has uncommitted changes (libs/core/src/core/__init__.py); commit or stash them, or set allow-dirty: true',
    );
    expect(repo.originRefs()).toBe(before);
    const { result } = await run({ allowDirty: true });
    expect(result.released).toHaveLength(2);
    // The release is made from the base tree, never from the edit, which stays in the working tree.
    expect(git(repo.origin, ['show', 'release-test:libs/core/src/core/__init__.py'])).toBe('');
    expect(repo.read('libs/core/src/core/__init__.py')).toBe('edited = True\n');
  });

  it('leaves no local tag behind when the release cannot be checked out over a local edit', async () => {
    repo = Monorepo.create(PACKAGES);
    const before = repo.originRefs();
    repo.write('libs/core/pyproject.toml', '[project]\nname = "core"\nversion = "0.1.0"\n# local edit\n');
    const message = await failure({ allowDirty: true });
    expect(message).toMatch(
      /^cannot create or reset release branch release-test at the release commit [0-9a-f]{12}: .*libs\/core\/pyproject\.toml/,
    );
    expect(repo.git('for-each-ref', 'refs/tags', 'refs/pyrelease', 'refs/heads/release-test')).toBe('');
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('diff', '--name-only')).toBe('libs/core/pyproject.toml');
  });

  it('warns on a detached HEAD and releases', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('checkout', '--quiet', '--detach', 'HEAD');
    const { result, logger } = await run();
    expect(logger.warnings).toEqual([
      'HEAD is detached (usual in GitHub Actions): continuing from the base branch',
    ]);
    expect(result.released).toHaveLength(2);
  });

  it('plans a shallow checkout (actions/checkout depth 1) exactly like a full one, by fetching its history', async () => {
    repo = Monorepo.create([
      { path: 'libs/a', name: 'a', version: '0.1.0' },
      { path: 'libs/b', name: 'b', version: '0.1.0' },
    ]);
    repo.git('tag', '-a', '-m', 'a', 'a-v0.1.0');
    repo.git('tag', '-a', '-m', 'b', 'b-v0.1.0');
    repo.git('push', '--quiet', 'origin', '--tags');
    repo.commit('feat!: breaking a', { 'libs/a/x.py': '1\n' });
    repo.commit('fix: b', { 'libs/b/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const shallow = `${repo.root}/shallow`;
    git(repo.root, [
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--branch',
      'test',
      `file://${repo.origin}`,
      shallow,
    ]);
    expect(git(shallow, ['rev-parse', '--is-shallow-repository'])).toBe('true');
    await expect(
      planFromRepository(new Git(shallow), { mode: 'final', baseRef: 'origin/test' }),
    ).rejects.toThrow(
      'this repository is a shallow clone and the plan needs its whole history: run git fetch --unshallow',
    );
    // A dry run on a second shallow clone cannot fetch the history without changing the clone: it says so.
    const shallowDry = `${repo.root}/shallow-dry`;
    git(repo.root, [
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--branch',
      'test',
      `file://${repo.origin}`,
      shallowDry,
    ]);
    const refsBefore = git(shallowDry, ['for-each-ref']);
    await expect(
      run({ mode: 'final', releaseBranch: 'release', push: true, dryRun: true }, shallowDry),
    ).rejects.toThrow(
      'the checkout is shallow, and a dry run changes nothing, so it cannot fetch the whole history',
    );
    expect(git(shallowDry, ['for-each-ref'])).toBe(refsBefore);
    expect(git(shallowDry, ['rev-parse', '--is-shallow-repository'])).toBe('true');
    const { result, logger } = await run({ mode: 'final', releaseBranch: 'release', push: false }, shallow);
    expect(result.released.map((r) => r.tag)).toEqual(['a-v0.2.0', 'b-v0.1.1']);
    expect(result.released[0].notes).toContain('### Breaking Changes\n\n- breaking a (');
    expect(result.released[0].notes).not.toContain('fix: b');
    expect(logger.lines.map((l) => l.message)).toContain(
      'the checkout is shallow: fetching its full history, which the plan needs',
    );
  });

  it('fails when the remote base branch is missing', async () => {
    repo = Monorepo.create(PACKAGES);
    expect(await failure({ baseBranch: 'staging' })).toBe(
      'the remote base branch origin/staging does not exist',
    );
  });

  it('releases nothing on a re-run of the same SHA', async () => {
    repo = Monorepo.create(PACKAGES);
    await run();
    repo.git('checkout', '--quiet', 'test');
    const before = repo.originRefs();
    const { result, logger } = await run();
    expect(result).toMatchObject({ released: [], releaseSha: null, pushed: false });
    expect(logger.lines.at(-1)?.message).toMatch(
      /^nothing to release in rc mode at origin\/test \([0-9a-f]{12}\)$/,
    );
    expect(repo.originRefs()).toBe(before);
  });

  it('keeps origin consistent when two runs race: one releases, the other fails cleanly', async () => {
    repo = Monorepo.create(PACKAGES);
    const second = Monorepo.clone(repo);
    extra.push(second);
    // Hold the first push in the pre-receive hook so both runs have listed the remote before either pushes.
    installHook(repo.origin, 'pre-receive', '#!/bin/sh\ncat >/dev/null\nsleep 2\nexit 0\n');
    const outcomes = await Promise.allSettled([run({}, repo.work), run({}, second.work)]);
    const winners = outcomes.filter((o) => o.status === 'fulfilled' && o.value.result.pushed);
    expect(winners).toHaveLength(1);
    // The other run either lost the race at its push (the usual case: both listed the remote before the
    // held push ended) or, if it only started afterwards, saw the new tags and released nothing.
    const other = outcomes.find(
      (o) => !(o.status === 'fulfilled' && o.value.result.pushed),
    ) as PromiseSettledResult<Awaited<ReturnType<typeof run>>>;
    if (other.status === 'rejected') {
      expect(String(other.reason.message)).toMatch(
        /^push of release-test was rejected because it changed on the remote since this run read it|^cannot push release-test/,
      );
    } else {
      expect(other.value.result.released).toEqual([]);
    }
    const won = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof run>>>).value.result;
    expect(git(repo.origin, ['rev-parse', 'release-test'])).toBe(won.releaseSha);
    expect(repo.originTags()).toEqual(won.released.map((r) => r.tag).sort());
    for (const tag of repo.originTags()) {
      expect(git(repo.origin, ['merge-base', '--is-ancestor', tag, 'release-test'])).toBe('');
    }
  });

  it('changes nothing for a malformed pyproject.toml, and says which file', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.commit('chore: break', {
      'libs/core-utils/pyproject.toml': '[tool.poetry]\nname = "core-utils"\nversion = "0.1.0\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const branchBefore = repo.git('for-each-ref', 'refs/heads');
    expect(await failure()).toMatch(/^libs\/core-utils\/pyproject\.toml:3:\d+: invalid TOML: /);
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('for-each-ref', 'refs/heads')).toBe(branchBefore);
  });

  it('refuses bad branch names and equal branches before touching anything', async () => {
    repo = Monorepo.create(PACKAGES);
    expect(await failure({ releaseBranch: 'release test' })).toBe(
      'release-branch "release test" is not a valid branch name',
    );
    expect(await failure({ baseBranch: '--upload-pack=evil' })).toBe(
      'base-branch "--upload-pack=evil" is not a valid branch name',
    );
    expect(await failure({ releaseBranch: 'test' })).toBe(
      'release-branch must differ from base-branch (both are "test")',
    );
  });

  it('fails clearly on an unreachable remote', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.git('remote', 'set-url', 'origin', `${repo.root}/missing.git`);
    expect(await failure()).toMatch(
      /^git ls-remote --heads --tags --end-of-options origin failed: fatal: '.*missing\.git' does not appear to be a git repository/,
    );
  });
});
