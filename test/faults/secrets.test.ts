import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, runAction, type ActionRun } from '../support/action-runner.js';
import { FakeGitHub } from '../support/fake-github.js';
import { GitHttpsServer } from '../support/git-https.js';
import { FakeTrustedPublishing, PATH_WITH_TOOLS, PyPIServer } from '../support/python.js';
import { git, Monorepo } from '../support/repo.js';

// Every action runs with recognizable secrets; none may appear in anything the run leaves behind:
// its output, annotations, outputs, job summary, the checkout (`.git/config` and every other file,
// git's objects unpacked), the remote, or the runner's temp folder. Each secret is looked for as is
// and in the encodings that carry it (Basic auth for git and for twine).
const TOKEN = 'ghs_SecretScanToken0123456789abcdefXYZ';
const CHECKOUT_TOKEN = 'ghs_PersistedByCheckout987654321zyx';

const PACKAGES = [
  { path: 'libs/core', name: 'core', version: '0.1.0' },
  { path: 'libs/orc-tools', name: 'orc-tools', version: '1.0.0' },
];

const dirs: string[] = [];
let repo: Monorepo;
let index: PyPIServer;
beforeAll(async () => {
  index = await new PyPIServer().start();
  repo = Monorepo.create(PACKAGES);
  repo.commit('docs: readmes', { 'libs/core/README.md': '# core\n', 'libs/orc-tools/README.md': '# orc\n' });
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(async () => {
  await index.stop();
  repo.cleanup();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function encodings(secret: string): string[] {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [secret, b64(`x-access-token:${secret}`), b64(`__token__:${secret}`), b64(secret)];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}

/** Where each secret was found; empty when nowhere. */
function findSecrets(
  secrets: readonly string[],
  where: { run: ActionRun; dirs: readonly string[]; repos: readonly string[] },
): string[] {
  const { run } = where;
  // The mask command is the one line that must carry the secret: it is how the runner learns it.
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !secrets.some((s) => encodings(s).some((form) => l === `::add-mask::${form}`)))
    .join('\n');
  const places: [string, Buffer][] = [
    ['stdout', Buffer.from(stdout)],
    ['stderr', Buffer.from(run.stderr)],
    ['summary', Buffer.from(run.summary)],
    ['outputs', Buffer.from(JSON.stringify(run.outputs))],
    ...where.dirs.flatMap((d) => filesUnder(d).map((f): [string, Buffer] => [f, readFileSync(f)])),
    ...where.repos.map((r): [string, Buffer] => [
      `objects of ${r}`,
      spawnSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: r, maxBuffer: 1 << 30 }).stdout,
    ]),
  ];
  return secrets.flatMap((secret) =>
    encodings(secret).flatMap((needle) =>
      places.filter(([, bytes]) => bytes.includes(needle)).map(([place]) => `${secret} in ${place}`),
    ),
  );
}

function checkoutTag(tag: string): string {
  const dir = tempDir('pyrelease-secrets-checkout-');
  git(dir, ['clone', '--quiet', repo.origin, dir]);
  git(dir, ['checkout', '--quiet', '--detach', tag]);
  return dir;
}

describe('secrets never leak', () => {
  it('loop-guard, with the job token in its environment', async () => {
    const runnerTemp = tempDir('pyrelease-secrets-temp-');
    const run = await runAction('loop-guard', {
      cwd: repo.work,
      env: { GITHUB_TOKEN: TOKEN, ACTIONS_RUNTIME_TOKEN: TOKEN, RUNNER_TEMP: runnerTemp },
      eventName: 'push',
      event: { ref: 'refs/heads/test', head_commit: { message: 'fix: x' }, sender: { login: 'dev' } },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(findSecrets([TOKEN], { run, dirs: [repo.work, runnerTemp], repos: [repo.work] })).toEqual([]);
  });

  for (const action of ['cut-release', 'umbrella'] as const) {
    it(`${action}: pushes over https with the token, creates GitHub Releases, and leaves it nowhere`, async () => {
      const work = tempDir('pyrelease-secrets-work-');
      git(work, ['clone', '--quiet', '--branch', 'test', repo.origin, work]);
      const server = await new GitHttpsServer(repo.origin, TOKEN).start();
      const github = new FakeGitHub();
      const api = await github.start();
      const runnerTemp = tempDir('pyrelease-secrets-temp-');
      try {
        git(work, ['remote', 'set-url', 'origin', server.url]);
        // What actions/checkout persists for its own token: must be replaced, not sent alongside.
        const basic = Buffer.from(`x-access-token:${CHECKOUT_TOKEN}`).toString('base64');
        git(work, [
          'config',
          `http.${new URL(server.url).origin}/.extraheader`,
          `AUTHORIZATION: basic ${basic}`,
        ]);
        // Hooks of the repository itself (what husky's `npm ci` sets up): a push would hand them its
        // environment, the authorization header with it. None may run.
        const hooks = join(work, '.husky');
        const ran = join(hooks, 'ran');
        mkdirSync(ran, { recursive: true });
        for (const hook of [
          'pre-push',
          'reference-transaction',
          'post-checkout',
          'pre-auto-gc',
          'post-merge',
        ]) {
          writeFileSync(join(hooks, hook), `#!/bin/sh\nenv > "${ran}/${hook}.$$"\n`, { mode: 0o755 });
        }
        git(work, ['config', 'core.hooksPath', '.husky']);
        const mode = action === 'cut-release' ? 'rc' : 'final';
        const run = await runAction(action, {
          cwd: work,
          inputs: {
            ...(action === 'umbrella' ? { command: 'cut-release' } : {}),
            mode,
            'base-branch': 'test',
            'release-branch': `release-${mode}`,
            token: TOKEN,
          },
          env: {
            ...server.env,
            GITHUB_SHA: git(work, ['rev-parse', 'HEAD']),
            GITHUB_REPOSITORY: 'o/r',
            GITHUB_API_URL: api,
            GITHUB_TOKEN: TOKEN,
            RUNNER_TEMP: runnerTemp,
          },
        });
        expect(annotations(run.stdout, 'error')).toEqual([]);
        expect(run.code).toBe(0);
        expect(run.outputs.count).toBe('2');
        // The token did its work: the remote took the push over https, the API the releases.
        expect(repo.originTags()).toEqual(expect.arrayContaining(run.outputs.tags.split(' ')));
        // Exactly one Authorization header on every request: ours, not checkout's beside it.
        expect(new Set(server.authorizations.map((sent) => sent.join(' | ')))).toEqual(
          new Set([`basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`]),
        );
        expect(github.requests.map((r) => r.headers.authorization)).toEqual([
          `token ${TOKEN}`,
          `token ${TOKEN}`,
        ]);
        expect(readdirSync(ran)).toEqual([]);
        expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
        // The Basic authorization git sends is masked too: it travels in the push's environment.
        expect(run.stdout).toContain(
          `::add-mask::${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
        );
        expect(
          findSecrets([TOKEN], { run, dirs: [work, runnerTemp, repo.origin], repos: [work, repo.origin] }),
        ).toEqual([]);
      } finally {
        await github.stop();
        await server.stop();
      }
    });
  }

  it('publish-from-tag, with an API token as password and with trusted publishing', async () => {
    const fake = await new FakeTrustedPublishing(index).start();
    try {
      const cases: { tag: string; inputs: Record<string, string>; env: Record<string, string> }[] = [
        // The fake index takes uploads only with its minted token: as password, it proves the password is used.
        { tag: 'core-v0.1.0rc1', inputs: { password: fake.minted }, env: {} },
        { tag: 'orc-tools-v1.0.0rc1', inputs: {}, env: fake.runnerEnv() },
      ];
      for (const { tag, inputs, env } of cases) {
        const checkout = checkoutTag(tag);
        const runnerTemp = tempDir('pyrelease-secrets-temp-');
        const run = await runAction('publish-from-tag', {
          cwd: checkout,
          inputs: {
            tag,
            'repository-url': `${fake.url}/legacy/`,
            'build-command': 'python -m build',
            // The tags were cut onto this suite's release branches (release-rc, release-final).
            'tag-branches': 'release-*',
            ...inputs,
          },
          env: { PATH: PATH_WITH_TOOLS, RUNNER_TEMP: runnerTemp, ...env },
        });
        expect(annotations(run.stdout, 'error')).toEqual([]);
        expect(run.code).toBe(0);
        expect(run.outputs.files.split(' ')).toHaveLength(2);
        const secrets = [fake.minted, fake.jwt, fake.runnerToken];
        expect(findSecrets(secrets, { run, dirs: [checkout, runnerTemp], repos: [checkout] })).toEqual([]);
      }
      expect(fake.uploadsWithoutMintedToken).toBe(0);
      expect(readdirSync(index.packages).sort()).toEqual([
        'core-0.1.0rc1-py3-none-any.whl',
        'core-0.1.0rc1.tar.gz',
        'orc_tools-1.0.0rc1-py3-none-any.whl',
        'orc_tools-1.0.0rc1.tar.gz',
      ]);
    } finally {
      await fake.stop();
    }
  });
});
