import { afterEach, describe, expect, it } from '@jest/globals';
import { cutRelease, Git, RecordingLogger, UserError, type CutReleaseOptions } from '../src/index.js';
import { type CommitRecord } from '../src/git/records.js';
import { foreignCommits, isPerRunBranch, renderReleaseBranch } from '../src/release/release-branch.js';
import { parseReleaseCommitMessage } from '../src/versioning/release-commit.js';
import { git, Monorepo } from '../../../test/support/repo.js';
import { testPackage } from '../../../test/support/packages.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

const CORE = { path: 'libs/core', name: 'core', version: '0.1.0' };
const final: CutReleaseOptions = { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true };

async function run(options: Partial<CutReleaseOptions> = {}) {
  const logger = new RecordingLogger();
  const result = await cutRelease(new Git(repo.work), { ...final, ...options }, logger);
  return { result, logger };
}

async function refusal(options: Partial<CutReleaseOptions> = {}): Promise<string> {
  const error = await run(options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

/** A branch on origin made of `base` plus one commit of `files` with `message`, as someone else pushed it. */
function pushBranch(branch: string, message: string, files: Record<string, string>): string {
  repo.git('checkout', '--quiet', '-B', branch, 'test');
  const sha = repo.commit(message, files);
  repo.git('push', '--quiet', '--force', 'origin', branch);
  repo.git('checkout', '--quiet', 'test');
  return sha;
}

describe('release commits (pure)', () => {
  const pkg = testPackage('core', 'libs/core', '0.1.0');
  const commit = (message: string, files: string[], parents = ['p']): CommitRecord => ({
    sha: 's'.repeat(40),
    parents,
    message,
    files,
  });
  const release = ['libs/core/pyproject.toml', 'libs/core/CHANGELOG.md'];

  it('needs the exact message and the shape of one package release', () => {
    expect(parseReleaseCommitMessage('release(core): 1.0.0rc1\n')).toEqual({
      name: 'core',
      version: '1.0.0rc1',
    });
    for (const message of [
      'release(core): 1.0.0 and more',
      'release(core): 1.0.0\n\nbody',
      'release(core): 1.0.0-rc.1',
      'release(co re): 1.0.0',
      'Release(core): 1.0.0',
    ])
      expect(parseReleaseCommitMessage(message)).toBeNull();
    expect(foreignCommits([commit('release(core): 1.0.0', release)], [pkg])).toEqual([]);
    expect(foreignCommits([commit('release(core): 1.0.0', ['libs/core/CHANGELOG.md'])], [pkg])).toEqual([]);
    // The right message with other files, the right files with another message, a merge, nothing changed.
    const bad = [
      commit('release(core): 1.0.0', [...release, 'libs/core/src/core/hotfix.py']),
      commit('fix: hotfix', release),
      commit('release(core): 1.0.0', release, ['a', 'b']),
      commit('release(core): 1.0.0', []),
      commit('release(other): 1.0.0', release),
    ];
    expect(foreignCommits(bad, [pkg])).toEqual(bad);
    // A release cut before the folder moved (its old folder is no package today) is still a release.
    expect(
      foreignCommits(
        [commit('release(core): 1.0.0', ['old/core/pyproject.toml', 'old/core/CHANGELOG.md'])],
        [pkg],
      ),
    ).toEqual([]);
    // Shapes pyrelease never writes, a person's amended commit with the message: never a release commit
    // (a release cut before a folder moved is kept by its tag instead: branch-guard.ts).
    const api = testPackage('api', 'libs/api', '1.0.0');
    const amended = [
      ['libs/core/CHANGELOG.md', 'pyproject.toml', 'uv.lock'],
      ['libs/core/CHANGELOG.md', 'CHANGELOG.md'],
      ['libs/core/pyproject.toml', 'tools/lint/pyproject.toml', 'examples/demo/pyproject.toml'],
      ['libs/core/pyproject.toml', 'libs/api/tests/data/pyproject.toml'],
    ].map((files) => commit('release(core): 1.0.0', files));
    expect(foreignCommits(amended, [pkg, api])).toEqual(amended);
    const ghost = commit('release(ghost): 1.0.0', ['pyproject.toml', 'tools/lint/pyproject.toml', 'uv.lock']);
    expect(foreignCommits([ghost], [pkg, api])).toEqual([ghost]);
  });

  it('fills {date} and {sha} into per-run branch names, and nothing else', () => {
    const now = new Date('2026-12-01T23:59:59Z');
    const baseSha = 'abcdef0123456789abcdef0123456789abcdef01';
    expect(renderReleaseBranch('release/rc-{date}-{sha}', { now, baseSha })).toBe(
      'release/rc-20261201-abcdef0',
    );
    expect(renderReleaseBranch('release-test', { now, baseSha })).toBe('release-test');
    expect(isPerRunBranch('release/rc-{date}')).toBe(true);
    expect(isPerRunBranch('release')).toBe(false);
    // git allows braces in branch names: only the two placeholders are filled in.
    expect(renderReleaseBranch('release/{branch}-{sha}', { now, baseSha })).toBe('release/{branch}-abcdef0');
  });
});

describe('the release branch guard (DESIGN "Safety rules")', () => {
  it('refuses to reset a branch that holds a commit of its own (a typo: --release-branch master)', async () => {
    repo = Monorepo.create([CORE]);
    const hotfix = pushBranch('master', 'fix: hotfix that only master has', { 'libs/core/hot.py': '1\n' });
    const before = repo.originRefs();
    const message = await refusal({ releaseBranch: 'master' });
    expect(message).toBe(
      `release branch master holds 1 commit(s) that are neither on test nor release commits of pyrelease, the first ${hotfix.slice(0, 12)} "fix: hotfix that only master has"; resetting it would lose them, so nothing was changed: check release-branch, or bring those commits to test first`,
    );
    expect(repo.originRefs()).toBe(before);
    // A dry run says the same before anything would happen.
    expect(await refusal({ releaseBranch: 'master', dryRun: true })).toBe(message);
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('for-each-ref', 'refs/tags')).toBe('');
  });

  it('refuses a commit that carries the release message but changes more than the release files', async () => {
    repo = Monorepo.create([CORE]);
    const forged = pushBranch('release', 'release(core): 0.1.0', {
      'libs/core/pyproject.toml': '[project]\nname = "core"\nversion = "0.1.0"\n',
      'libs/core/src/core/extra.py': 'x\n',
    });
    const before = repo.originRefs();
    expect(await refusal()).toContain(`the first ${forged.slice(0, 12)} "release(core): 0.1.0"`);
    expect(repo.originRefs()).toBe(before);
  });

  it('resets a branch that holds only earlier release commits, and one that is new', async () => {
    repo = Monorepo.create([CORE, { path: 'libs/cli', name: 'cli', version: '1.0.0' }]);
    const first = await run();
    expect(first.result.released.map((r) => r.tag)).toEqual(['cli-v1.0.0', 'core-v0.1.0']);
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): a fix', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const second = await run();
    expect(second.result.released.map((r) => r.tag)).toEqual(['core-v0.1.1']);
    expect(git(repo.origin, ['log', '--format=%s', 'test..release'])).toBe('release(core): 0.1.1');
  });
});

describe('a release branch that is somebody else\'s branch (DESIGN "Safety rules")', () => {
  /** Promotes test into master by fast-forward: master holds nothing of its own. */
  function promoteByFastForward(): void {
    repo.git('push', '--quiet', 'origin', 'test:master');
  }

  it('refuses to move master after a fast-forward promotion, in a dry run and a real one', async () => {
    repo = Monorepo.create([CORE]);
    promoteByFastForward();
    const before = repo.originRefs();
    const message = await refusal({ mode: 'rc', releaseBranch: 'master' });
    expect(message).toBe(
      "release branch master is named like a base branch and holds no release commit of pyrelease, so it is somebody's branch and resetting it would move it: nothing was changed; check release-branch, or name master in release-branches of the root [tool.pyrelease] if it is a release branch",
    );
    expect(await refusal({ mode: 'rc', releaseBranch: 'master', dryRun: true })).toBe(message);
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('for-each-ref', 'refs/tags')).toBe('');
  });

  it("refuses the remote's default branch, and a protected one (or one whose protection cannot be asked)", async () => {
    repo = Monorepo.create([CORE]);
    repo.git('push', '--quiet', 'origin', 'test:prod', 'test:release-x');
    git(repo.origin, ['symbolic-ref', 'HEAD', 'refs/heads/prod']);
    const before = repo.originRefs();
    expect(await refusal({ releaseBranch: 'prod' })).toMatch(
      /^release branch prod is the repository's default branch and holds no release commit of pyrelease/,
    );
    const asked: string[] = [];
    const isProtectedBranch = async (branch: string) => (asked.push(branch), true);
    expect(await refusal({ releaseBranch: 'release-x', isProtectedBranch })).toMatch(
      /^release branch release-x is a protected branch and holds no release commit/,
    );
    expect(asked).toEqual(['release-x']);
    const unanswered = () => Promise.reject(new Error('HTTP 502'));
    expect(await refusal({ releaseBranch: 'release-x', isProtectedBranch: unanswered })).toMatch(
      /^release branch release-x may be a protected branch \(asking failed: Error: HTTP 502\) and holds no release commit/,
    );
    expect(repo.originRefs()).toBe(before);
    // Not protected: a release branch someone created by hand before the first run.
    const { result } = await run({ releaseBranch: 'release-x', isProtectedBranch: async () => false });
    expect(result.released.map((r) => r.tag)).toEqual(['core-v0.1.0']);
  });

  it('resets a branch the configuration names, and then one that holds its release commit without it', async () => {
    repo = Monorepo.create([CORE]);
    repo.commit('chore: master is our release branch', {
      'pyproject.toml': '[tool.pyrelease]\nrelease-branches = ["mas*"]\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    promoteByFastForward();
    const first = await run({ mode: 'rc', releaseBranch: 'master' });
    expect(first.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1']);
    repo.git('checkout', '--quiet', 'test');
    repo.commit('chore: no configuration', { 'pyproject.toml': '[tool.pyrelease]\n' });
    repo.commit('fix(core): a fix', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const second = await run({ mode: 'rc', releaseBranch: 'master' });
    expect(second.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc2']);
  });

  it('refuses a key of the wrong type in one line', async () => {
    repo = Monorepo.create([CORE]);
    repo.commit('chore: config', { 'pyproject.toml': '[tool.pyrelease]\nrelease-branches = "master"\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    expect(await refusal({ releaseBranch: 'master' })).toMatch(
      /^pyproject\.toml: \[tool\.pyrelease\]\.release-branches must be a list of branch names or patterns/,
    );
  });
});

describe('per-run release branches (release flow §8)', () => {
  it('creates release/rc-{date}-{sha}, and a re-run on the same SHA finds it and releases nothing', async () => {
    repo = Monorepo.create([CORE]);
    const now = new Date('2026-12-01T10:00:00Z');
    const pattern = 'release/rc-{date}-{sha}';
    const sha = repo.git('rev-parse', 'HEAD');
    const branch = `release/rc-20261201-${sha.slice(0, 7)}`;
    const first = await run({ mode: 'rc', releaseBranch: pattern, now });
    expect(first.result.releaseBranch).toBe(branch);
    expect(first.result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc1']);
    expect(git(repo.origin, ['rev-parse', branch])).toBe(first.result.releaseSha);

    // The tag is deleted, so the plan alone would release rc1 again: the existing branch stops it.
    git(repo.origin, ['tag', '-d', 'core-v0.1.0rc1']);
    repo.git('tag', '-d', 'core-v0.1.0rc1');
    repo.git('checkout', '--quiet', 'test');
    const before = repo.originRefs();
    const again = await run({ mode: 'rc', releaseBranch: pattern, now });
    expect(again.result.released).toEqual([]);
    expect(again.logger.lines.map((l) => l.message)).toContain(
      `release branch ${branch} already exists and holds ${sha.slice(0, 12)}: an earlier run released this base commit, and a per-run release branch is never reset, so nothing is released`,
    );
    expect(repo.originRefs()).toBe(before);
  });

  it('refuses to reset a per-run branch that another base commit made', async () => {
    repo = Monorepo.create([CORE]);
    const now = new Date('2026-12-01T10:00:00Z');
    await run({ mode: 'rc', releaseBranch: 'release/rc-{date}', now });
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix(core): later that day', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const sha = repo.git('rev-parse', 'HEAD');
    expect(await refusal({ mode: 'rc', releaseBranch: 'release/rc-{date}', now })).toBe(
      `release branch release/rc-20261201 already exists and does not hold the base commit ${sha.slice(0, 12)}; a per-run release branch is created, never reset: put {sha} in release-branch so that each base commit gets its own`,
    );
    expect(repo.originRefs()).toBe(before);
  });
});

describe('paths git can hold but cat-file --batch cannot read', () => {
  it('refuses a package folder with a line break in one line, instead of reading the wrong files', async () => {
    repo = Monorepo.create([CORE, { path: 'libs/odd\nname', name: 'odd', version: '1.0.0' }]);
    const before = repo.originRefs();
    expect(await refusal({ dryRun: true })).toBe(
      '"libs/odd\\nname/pyproject.toml" has a line break in its path, which pyrelease cannot read from git: rename the folder or file',
    );
    expect(repo.originRefs()).toBe(before);
  });
});

describe('the guard, after a review', () => {
  it('refuses the final run on the rc run per-run branch of the same commit, instead of releasing nothing', async () => {
    repo = Monorepo.create([CORE]);
    const now = new Date('2026-12-01T10:00:00Z');
    await run({ mode: 'rc', releaseBranch: 'release/{date}-{sha}', now });
    repo.git('push', '--quiet', 'origin', 'test:master');
    repo.git('checkout', '--quiet', 'test');
    const before = repo.originRefs();
    expect(
      await refusal({ mode: 'final', baseBranch: 'master', releaseBranch: 'release/{date}-{sha}', now }),
    ).toMatch(
      /^release branch release\/20261201-[0-9a-f]{7} already exists without release\(core\): 0\.1\.0 \(another run's release, e\.g\. the rc run of the same commit\); .*give each mode its own release-branch, e\.g\. release\/rc-\{date\}-\{sha\} and release\/final-\{date\}-\{sha\}$/,
    );
    expect(repo.originRefs()).toBe(before);
  });

  it('resets a release branch whose old base was rewritten, since its tags keep that history', async () => {
    repo = Monorepo.create([CORE]);
    await run({ mode: 'rc', releaseBranch: 'release-test' });
    repo.git('checkout', '--quiet', 'test');
    // The base branch is rewritten (amended and force-pushed): its old commit now lives only below the tag.
    repo.git('commit', '--quiet', '--amend', '-m', 'chore: initial layout, reworded');
    repo.commit('fix(core): after the rewrite', { 'libs/core/x.py': '1\n' });
    repo.git('push', '--quiet', '--force', 'origin', 'test');
    const { result } = await run({ mode: 'rc', releaseBranch: 'release-test' });
    expect(result.released.map((r) => r.tag)).toEqual(['core-v0.1.0rc2']);
  });

  it('refuses to reset a local branch holding unpushed work, as the CLI would have', async () => {
    repo = Monorepo.create([CORE]);
    repo.git('checkout', '--quiet', '-b', 'master');
    const hotfix = repo.commit('fix: a hotfix not pushed yet', { 'libs/core/hot.py': '1\n' });
    repo.git('checkout', '--quiet', 'test');
    expect(await refusal({ releaseBranch: 'master', push: false, restoreCheckout: true })).toContain(
      `release branch master (the local branch) holds 1 commit(s) that are neither on test nor release commits of pyrelease, the first ${hotfix.slice(0, 12)}`,
    );
    expect(repo.git('rev-parse', 'master')).toBe(hotfix);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('test');
  });
});
describe("a person's commit with the release message", () => {
  it('an amended release commit that also edits the workspace root pyproject.toml is refused, not reset away', async () => {
    repo = Monorepo.create([CORE]);
    await run();
    // A maintainer fixes the release on the branch: `git commit --amend` keeps pyrelease's message.
    repo.git('checkout', '--quiet', 'release');
    repo.git('reset', '--quiet', '--soft', 'HEAD~1');
    repo.git('stash', '--quiet');
    repo.git('stash', 'pop', '--quiet');
    const amended = repo.commit('release(core): 0.1.0', {
      'libs/core/CHANGELOG.md': '# Changelog\n\n## 0.1.0\n\n- hand-written note\n',
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["libs/*"]\n\n[tool.ruff]\nline-length = 100\n',
    });
    repo.git('push', '--quiet', '--force', 'origin', 'release');
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix: later', { 'libs/core/src/core/later.py': 'x\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const message = await refusal();
    expect(message).toContain(amended.slice(0, 12));
  });
});
