import { afterEach, describe, expect, it } from '@jest/globals';
import {
  actionDefaults,
  annotations,
  cutReleaseRc,
  runAction,
  type ActionRun,
} from '../../../test/support/action-runner.js';
import { FakeGitHub } from '../../../test/support/fake-github.js';
import { git, Monorepo } from '../../../test/support/repo.js';
import { join } from 'node:path';

/**
 * release-preview as the runner runs it on a `pull_request` event: the checkout is the merge commit
 * GitHub builds (refs/pull/N/merge), the GitHub API is the local fake, which records the comment calls.
 */

const github = FakeGitHub.forSuite();
let repo: Monorepo;
afterEach(() => repo?.cleanup());

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '1.0.0' },
  { path: 'libs/app', name: 'app', version: '0.3.0' },
];
const MARKER = '<!-- pyrelease:release-preview -->';
const GITHUB_IDENTITY = ['-c', 'user.name=GitHub', '-c', 'user.email=noreply@github.com'];

/** core 1.0.0 and app 0.3.0 released (final tags) on `test` and `master`. */
function released(): Monorepo {
  const made = Monorepo.create(PACKAGES);
  made.git('tag', '-a', 'core-v1.0.0', '-m', 'core 1.0.0');
  made.git('tag', '-a', 'app-v0.3.0', '-m', 'app 0.3.0');
  made.git('push', '--quiet', 'origin', 'test', 'test:master', '--tags');
  return made;
}

/** Commits on a new branch `feature` off `from`, pushed: the pull request's head. */
function featureBranch(from: string, commits: readonly [string, Record<string, string>][]): string {
  repo.git('checkout', '--quiet', '-B', 'feature', from);
  for (const [message, files] of commits) repo.commit(message, files);
  repo.git('push', '--quiet', '--force', 'origin', 'feature');
  return repo.git('rev-parse', 'HEAD');
}

/** Checks out the merge of `head` into `base` as GitHub builds refs/pull/N/merge: detached, two parents. */
function checkoutMerge(base: string, head: string): void {
  repo.git('checkout', '--quiet', '--detach', base);
  repo.git(...GITHUB_IDENTITY, 'merge', '--quiet', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
}

interface PullRequest {
  readonly number?: number;
  readonly title: string;
  readonly body?: string;
  readonly base: string;
  readonly head: string;
  readonly fork?: boolean;
}

/** The bundle on the pull request's merge commit; `action: 'umbrella'` with `command: release-preview` alike. */
function preview(
  pr: PullRequest,
  inputs: Record<string, string> = {},
  action: 'release-preview' | 'umbrella' = 'release-preview',
): Promise<ActionRun> {
  checkoutMerge(`origin/${pr.base}`, pr.head);
  return runAction(action, {
    cwd: repo.work,
    eventName: 'pull_request',
    event: {
      pull_request: {
        number: pr.number ?? 7,
        title: pr.title,
        body: pr.body ?? '',
        base: { ref: pr.base, repo: { full_name: 'octo/mono' } },
        head: { sha: pr.head, repo: { full_name: pr.fork ? 'someone/mono' : 'octo/mono' } },
      },
    },
    inputs: { ...actionDefaults('release-preview'), token: 'preview-token', ...inputs },
    env: {
      GITHUB_REPOSITORY: 'octo/mono',
      GITHUB_API_URL: github.url,
      GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
    },
  });
}

const commentCalls = () =>
  github.requests.filter((r) => r.url.includes('/comments')).map((r) => `${r.method} ${r.url.split('?')[0]}`);

describe('the preview of a pull request into test', () => {
  it("keeps its comment within GitHub's 65,536 characters, leaving changelog sections out and saying so", async () => {
    repo = released();
    // 40 commits of 2,000-character subjects: a changelog section far above what a comment holds.
    const commits: [string, Record<string, string>][] = Array.from({ length: 40 }, (_, i) => [
      `fix(core): change ${i} ${'x'.repeat(2000)}`,
      { [`libs/core/src/core/f${i}.py`]: `N = ${i}\n` },
    ]);
    commits.push(['fix(app): a small one', { 'libs/app/src/app/f.py': 'N = 1\n' }]);
    const head = featureBranch('test', commits);
    const run = await preview({ title: 'fix: many', base: 'test', head });
    expect([run.code, annotations(run.stdout, 'error'), annotations(run.stdout, 'warning')]).toEqual([
      0,
      [],
      [],
    ]);
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('| core | 1.0.0 → 1.0.1rc1 |');
    expect(body).toMatch(
      /_Left out to keep this comment within GitHub's 65,536 characters: 1 changelog section\(s\), 0 package row\(s\), 0 warning\(s\)\. The job summary has them all\._$/,
    );
    // The summary has every section, whole.
    expect(run.summary).toContain('change 39 ');
    expect(run.summary.length).toBeGreaterThan(80_000);
  });

  it('plans the merge in rc mode, comments once, then updates the same comment', async () => {
    repo = released();
    const head = featureBranch('test', [
      ['feat(core): a retry policy', { 'libs/core/src/core/retry.py': 'N = 3\n' }],
    ]);
    const first = await preview({ title: 'feat(core): a retry policy', base: 'test', head });
    expect(annotations(first.stdout, 'error')).toEqual([]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.outputs.released)).toEqual([
      {
        name: 'core',
        version: '1.1.0rc1',
        previous: '1.0.0',
        tag: 'core-v1.1.0rc1',
        path: 'libs/core',
        channel: 'rc',
      },
    ]);
    expect(first.outputs.count).toBe('1');
    expect(first.summary).toContain('merging into test releases 1 package (rc)');
    expect(first.summary).toContain('| core | 1.0.0 → 1.1.0rc1 | minor | minor bump since core-v1.0.0 |');
    expect(first.summary).toMatch(/core-v1\.1\.0rc1: changelog section<\/summary>\n\n```\n## 1\.1\.0rc1 \(/);
    expect(first.summary).toContain('- **core:** a retry policy');
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body.startsWith(MARKER)).toBe(true);
    const id = github.comments[0].id;

    // A second push to the pull request: the same comment, updated in place.
    repo.git('checkout', '--quiet', 'feature');
    repo.commit('feat(core)!: drop the old retry', { 'libs/core/src/core/retry.py': 'N = 4\n' });
    repo.git('push', '--quiet', 'origin', 'feature');
    const second = await preview({
      title: 'feat(core): a retry policy',
      base: 'test',
      head: repo.git('rev-parse', 'HEAD'),
    });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.outputs.released)[0].version).toBe('2.0.0rc1');
    expect(commentCalls()).toEqual([
      'GET /repos/octo/mono/issues/7/comments',
      'POST /repos/octo/mono/issues/7/comments',
      'GET /repos/octo/mono/issues/7/comments',
      `PATCH /repos/octo/mono/issues/comments/${id}`,
    ]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('1.0.0 → 2.0.0rc1');
  });

  it('shows the dependents a cascade releases, and a pull request that releases nothing', async () => {
    repo = Monorepo.create(PACKAGES);
    repo.commit('chore: app requires core', {
      'libs/app/pyproject.toml': `[project]\nname = "app"\nversion = "0.3.0"\ndependencies = ["core==1.0.0"]\n`,
    });
    repo.git('tag', '-a', 'core-v1.0.0', '-m', 'core 1.0.0');
    repo.git('tag', '-a', 'app-v0.3.0', '-m', 'app 0.3.0');
    repo.git('push', '--quiet', 'origin', 'test', '--tags');
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix(core): a leak', base: 'test', head });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.released).map((r: { tag: string }) => r.tag)).toEqual([
      'core-v1.0.1rc1',
      'app-v0.3.1rc1',
    ]);
    expect(run.summary).toMatch(/\| app \| 0\.3\.0 → 0\.3\.1rc1 \| patch \| dependency core/);

    const docs = featureBranch('test', [['docs: spelling', { 'README.md': '# the monorepo\n' }]]);
    const nothing = await preview({ title: 'docs: spelling', base: 'test', head: docs });
    expect([nothing.code, nothing.outputs.count, nothing.outputs.released]).toEqual([0, '0', '[]']);
    expect(nothing.summary).toContain('merging into test releases nothing (rc)');
  });
});

describe('the umbrella', () => {
  it('runs the preview with command: release-preview', async () => {
    repo = released();
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview(
      { title: 'fix(core): a leak', base: 'test', head },
      { ...actionDefaults('.'), command: 'release-preview' },
      'umbrella',
    );
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(JSON.parse(run.outputs.released)[0].tag).toBe('core-v1.0.1rc1');
    expect(github.comments).toHaveLength(1);
  });
});

describe('a pull request promoting test into master', () => {
  it('shows the finals the merge releases and the rcs they promote', async () => {
    repo = released();
    repo.git('checkout', '--quiet', 'test');
    repo.commit('feat(core): a retry policy', { 'libs/core/src/core/retry.py': 'N = 3\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    expect((await cutReleaseRc(repo.work, repo.git('rev-parse', 'HEAD'))).outputs.tags).toBe(
      'core-v1.1.0rc1',
    );
    repo.git('fetch', '--quiet', 'origin', '--tags');
    const run = await preview({
      title: 'Promote test to master',
      base: 'master',
      head: repo.git('rev-parse', 'origin/test'),
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.summary).toContain('merging into master releases 1 package (final)');
    expect(run.summary).toContain('| core | 1.0.0 → 1.1.0 (promotes 1.1.0rc1) | minor |');
    expect(JSON.parse(run.outputs.released)[0]).toMatchObject({ tag: 'core-v1.1.0', channel: 'final' });
  });
});

describe('squash merges', () => {
  const wip = (): string =>
    featureBranch('test', [
      ['wip', { 'libs/core/src/core/retry.py': 'N = 3\n' }],
      ['more wip', { 'libs/core/src/core/retry.py': 'N = 4\n' }],
    ]);

  it('plans the title as the one commit, which the commits as they are release as a patch', async () => {
    repo = released();
    const head = wip();
    const squash = await preview(
      { title: 'feat(core): a retry policy', base: 'test', head },
      { 'merge-method': 'squash' },
    );
    expect(annotations(squash.stdout, 'error')).toEqual([]);
    expect(JSON.parse(squash.outputs.released)[0].tag).toBe('core-v1.1.0rc1');
    expect(squash.summary).toContain('Planned on the squash commit');

    const merged = await preview(
      { title: 'feat(core): a retry policy', base: 'test', head },
      { 'merge-method': 'merge' },
    );
    // Commits the release cannot read count as a patch (the default bump rules' non-conventional).
    expect([merged.code, JSON.parse(merged.outputs.released)[0].tag]).toEqual([0, 'core-v1.0.1rc1']);
    expect(annotations(merged.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^commit [0-9a-f]{7} "wip" is not a Conventional Commits header, so the release cannot tell what it changes: reword it to type\(scope\)!: description/,
      ),
      expect.stringMatching(/^commit [0-9a-f]{7} "more wip" is not/),
    ]);
    const strict = await preview(
      { title: 'x', base: 'test', head },
      { 'merge-method': 'merge', lint: 'strict' },
    );
    expect(strict.code).toBe(1);
  });

  it('fails the check in one line when the title is not a Conventional Commits header', async () => {
    repo = released();
    const head = wip();
    const run = await preview({ title: 'Retry policy', base: 'test', head }, { 'merge-method': 'squash' });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      'the squash merge\'s commit header "Retry policy" is not a Conventional Commits header, so the release cannot tell what it changes: rename the pull request to type(scope)!: description, e.g. "fix(core): handle empty input"',
    ]);
    expect(run.summary).toContain('Fails the check:');
    // The comment says it too, where the author looks.
    expect(github.comments[0].body).toContain('rename the pull request');
  });

  it('reads the commits a squash lists when the title is not a header: a warning, not a failure', async () => {
    repo = released();
    const head = featureBranch('test', [
      ['feat(core): a retry policy', { 'libs/core/src/core/retry.py': 'N = 3\n' }],
      ['fix(core): retry on 503', { 'libs/core/src/core/retry.py': 'N = 4\n' }],
    ]);
    const run = await preview({ title: 'Retry policy', base: 'test', head }, { 'merge-method': 'squash' });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.released)[0].tag).toBe('core-v1.1.0rc1');
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^the squash merge's commit header "Retry policy" is not a Conventional Commits header/,
      ),
    ]);
  });

  it('refuses a shallow checkout in one line, never planning every package from nothing', async () => {
    repo = released();
    const head = featureBranch('test', [
      ['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }],
      ['fix(core): another leak', { 'libs/core/src/core/leak.py': 'X = 2\n' }],
    ]);
    const shallow = join(repo.root, 'shallow');
    git(repo.root, [
      'clone',
      '--quiet',
      '--depth',
      '2',
      '--no-single-branch',
      `file://${repo.origin}`,
      shallow,
    ]);
    git(shallow, ['checkout', '--quiet', '--detach', 'origin/test']);
    // Its grafted history has no merge base: merged as unrelated, as a shallow checkout holds it.
    git(shallow, [
      ...GITHUB_IDENTITY,
      'merge',
      '--quiet',
      '--no-ff',
      '--allow-unrelated-histories',
      '-m',
      'Merge',
      head,
    ]);
    expect(git(shallow, ['rev-parse', '--is-shallow-repository'])).toBe('true');
    const run = await runAction('release-preview', {
      cwd: shallow,
      eventName: 'pull_request',
      event: {
        pull_request: {
          number: 7,
          title: 'fix(core): a leak',
          base: { ref: 'test', repo: { full_name: 'octo/mono' } },
          head: { sha: head, repo: { full_name: 'octo/mono' } },
        },
      },
      inputs: { ...actionDefaults('release-preview'), token: 'preview-token' },
      env: { GITHUB_REPOSITORY: 'octo/mono', GITHUB_API_URL: github.url },
    });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      expect.stringMatching(
        /^this repository is a shallow clone and the plan needs its whole history: .*fetch-depth: 0/,
      ),
    ]);
    expect(github.comments).toEqual([]);
  });

  it('with auto, squashes when the repository allows only squash merges, with its message settings', async () => {
    repo = released();
    github.repository = {
      ...github.repository,
      allow_merge_commit: false,
      allow_rebase_merge: false,
      squash_merge_commit_message: 'PR_BODY',
    };
    const head = wip();
    const run = await preview({
      title: 'fix(core): retries',
      body: 'BREAKING CHANGE: the retry count is 4',
      base: 'test',
      head,
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(JSON.parse(run.outputs.released)[0].version).toBe('2.0.0rc1');
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toContain('GET /repos/octo/mono');
  });

  it('with auto and several methods allowed, plans the commits and warns about a title squash would lose', async () => {
    repo = released();
    const head = featureBranch('test', [
      ['fix(core): retries', { 'libs/core/src/core/retry.py': 'N = 3\n' }],
    ]);
    const run = await preview({ title: 'Retries', base: 'test', head });
    expect(run.code).toBe(0);
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^if squash-merged, the squash merge's commit header "Retries" is not a Conventional Commits header/,
      ),
    ]);
  });
});

describe('tokens that may not write', () => {
  it('writes nothing for a pull request from a fork, and passes with the summary', async () => {
    repo = released();
    github.readOnly = true;
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix(core): a leak', base: 'test', head, fork: true });
    expect(run.code).toBe(0);
    expect(commentCalls()).toEqual([]);
    expect(run.summary).toContain('core-v1.0.1rc1');
    expect(run.stdout).toContain('a pull request from a fork');
  });

  it('warns and passes when the token may not comment', async () => {
    repo = released();
    github.readOnly = true;
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix(core): a leak', base: 'test', head });
    expect(run.code).toBe(0);
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^could not comment on pull request #7 \(the job summary has the preview; the workflow needs permissions: pull-requests: write\): /,
      ),
    ]);
  });

  it('says which comment-author to set when the token writes as someone else (a PAT, an App)', async () => {
    repo = released();
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    github.commenter = 'release-app[bot]';
    const run = await preview({ title: 'fix: x', base: 'test', head });
    expect(annotations(run.stdout, 'warning')).toEqual([
      'the preview comment was written as release-app[bot], but comment-author is github-actions[bot]: set comment-author: release-app[bot], or each run adds a comment instead of updating this one',
    ]);
    // Set as told, the next run updates that comment.
    const again = await preview(
      { title: 'fix: x', base: 'test', head },
      { 'comment-author': 'release-app[bot]' },
    );
    expect([annotations(again.stdout, 'warning'), github.comments.length]).toEqual([[], 1]);
  });

  it("never edits another user's comment that copies the marker", async () => {
    repo = released();
    github.comments.push({ id: 1, body: `${MARKER}\nfake preview`, user: { login: 'mallory' }, issue: 7 });
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix(core): a leak', base: 'test', head });
    expect(run.code).toBe(0);
    expect(github.comments.map((c) => [c.user.login, c.body.includes('core-v1.0.1rc1')])).toEqual([
      ['mallory', false],
      ['github-actions[bot]', true],
    ]);
  });
});

describe('hostile titles and subjects', () => {
  it('are shown as text in the summary and the comment: no links, mentions or HTML of theirs', async () => {
    repo = released();
    const hostile =
      'fix(core): @octocat <img src=x onerror=alert(1)> [click](https://evil.example) ::error::forged';
    const head = featureBranch('test', [
      [hostile, { 'libs/core/src/core/leak.py': 'X = 1\n' }],
      ['see @octocat <b>now</b> https://evil.example, closes #1', { 'libs/core/src/core/b.py': 'Y = 1\n' }],
    ]);
    const run = await preview(
      { title: `feat(core): <script>alert(1)</script> @org/team`, base: 'test', head },
      { lint: 'warn' },
    );
    expect(run.code).toBe(0);
    for (const text of [run.summary, github.comments[0].body]) {
      // Code blocks (the changelog sections) show their text as it is, and render none of it.
      const outsideCode = text.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '');
      expect(outsideCode).not.toMatch(/<(img|b|script)\b|\]\(https?:|https:\/\/|@octocat|@org|(?<!&)#\d/);
    }
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.stdout).not.toMatch(/^::error::forged/m);
  });
});

describe('bad input', () => {
  it('names the input, and the event, in one line', async () => {
    repo = released();
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix: x', base: 'test', head }, { 'merge-method': 'octopus' });
    expect(annotations(run.stdout, 'error')).toEqual([
      'input merge-method must be merge, squash, rebase or auto, got "octopus"',
    ]);
    const push = await runAction('release-preview', {
      cwd: repo.work,
      eventName: 'push',
      inputs: actionDefaults('release-preview'),
    });
    expect(annotations(push.stdout, 'error')).toEqual([
      'release-preview runs on pull_request events, and this is push: run it in a workflow "on: pull_request"',
    ]);
    const target = await runAction('release-preview', {
      cwd: repo.work,
      eventName: 'pull_request_target',
      event: { pull_request: { number: 7, title: 'fix: x', base: { ref: 'test' }, head: { sha: head } } },
      inputs: actionDefaults('release-preview'),
    });
    expect(annotations(target.stdout, 'error')).toEqual([
      'release-preview plans the pull request\'s merge commit, which a pull_request_target run does not check out (it runs the base branch with a token that may write): run it in a workflow "on: pull_request"',
    ]);
    // A bad comment input stops the run before the summary is written.
    const bad = await preview({ title: 'fix: x', base: 'test', head }, { comment: 'sometimes' });
    expect([annotations(bad.stdout, 'error'), bad.summary, github.comments]).toEqual([
      ['input comment must be true or false, got "sometimes"'],
      '',
      [],
    ]);
  });

  it('fails with the error itself, not as a finding of the pull request, when the base alone fails so', async () => {
    repo = released();
    const head = featureBranch('test', [['fix(core): a leak', { 'libs/core/src/core/leak.py': 'X = 1\n' }]]);
    const run = await preview({ title: 'fix: x', base: 'test', head }, { 'tag-format': 'v{version}' });
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /\(the base branch alone fails so: the fault is an input or the base branch's files, not this pull request\)$/,
    );
    expect(run.code).toBe(1);
    // Nothing on the pull request says that merging it stops the release.
    expect(github.comments).toEqual([]);
  });

  it('says what stops the release after the merge, and fails the check', async () => {
    repo = released();
    const head = featureBranch('test', [
      ['fix(core): a leak', { 'libs/core/pyproject.toml': '[project\nname = "core"\n' }],
    ]);
    const run = await preview({ title: 'fix(core): a leak', base: 'test', head });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toMatch(
      /^merging this pull request stops the release: libs\/core\/pyproject\.toml/,
    );
    expect(run.summary).toContain('stops the rc release');
    expect(run.summary).toContain('**Blocked:**');
  });
});
