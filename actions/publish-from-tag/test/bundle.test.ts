import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutRelease, Git, silentLogger } from '../../../packages/core/src/index.js';
import { annotations, runAction, type Runtime } from '../../../test/support/action-runner.js';
import {
  FakeTrustedPublishing,
  IndexProxy,
  PATH_WITH_TOOLS,
  PATH_WITHOUT_TOOLS,
  PyPIServer,
} from '../../../test/support/python.js';
import { git, Monorepo } from '../../../test/support/repo.js';

const PACKAGES = [
  { path: 'packages/aetherflow-core', name: 'aetherflow-core', version: '0.1.0' },
  { path: 'packages/orc-tools', name: 'orc-tools', version: '1.0.0' },
];
const PASSWORD = 'pypi-recognizableApiToken987';

let repo: Monorepo;
let index: PyPIServer;
const clones: string[] = [];

beforeAll(async () => {
  index = await new PyPIServer().start();
  repo = Monorepo.create(PACKAGES);
  repo.commit('docs: readmes', {
    'packages/aetherflow-core/README.md': '# aetherflow-core\n',
    'packages/orc-tools/README.md': '# orc-tools\n',
  });
  repo.git('push', '--quiet', 'origin', 'test');
  // The real flow: cut-release makes the rc tags, and then the finals on master.
  await cutRelease(
    new Git(repo.work),
    { mode: 'rc', baseBranch: 'test', releaseBranch: 'release-test', push: true },
    silentLogger,
  );
  repo.git('checkout', '--quiet', 'test');
  repo.git('push', '--quiet', 'origin', 'test:master');
  repo.git('checkout', '--quiet', '-B', 'master', 'origin/master');
  await cutRelease(
    new Git(repo.work),
    { mode: 'final', baseBranch: 'master', releaseBranch: 'release', push: true },
    silentLogger,
  );
});
afterAll(async () => {
  await index.stop();
  repo.cleanup();
  for (const dir of clones) rmSync(dir, { recursive: true, force: true });
});

/** What actions/checkout makes for a tag push with fetch-depth: 0 (or its shallow default). */
function checkoutTag(tag: string, shallow = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-checkout-'));
  clones.push(dir);
  if (shallow) {
    git(dir, ['init', '--quiet']);
    git(dir, ['fetch', '--quiet', '--depth', '1', '--no-tags', `file://${repo.origin}`, `refs/tags/${tag}`]);
    git(dir, ['checkout', '--quiet', 'FETCH_HEAD']);
  } else {
    git(dir, ['clone', '--quiet', repo.origin, dir]);
    git(dir, ['checkout', '--quiet', '--detach', tag]);
  }
  return dir;
}

function publish(
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  runtime: Runtime = 'node24',
) {
  return runAction('publish-from-tag', {
    runtime,
    cwd,
    inputs: {
      'tag-format': '{name}-v{version}',
      expect: 'any',
      'build-command': 'python -m build',
      ...inputs,
    },
    env: { PATH: PATH_WITH_TOOLS, ...env },
  });
}

describe('publish-from-tag against a real pypiserver', () => {
  it('builds only the tagged package, uploads it, and pip can download it; a re-run needs skip-existing', async () => {
    const tag = 'aetherflow-core-v0.1.0rc1';
    const cwd = checkoutTag(tag);
    const run = await publish(
      cwd,
      { 'repository-url': `${index.url}/`, password: PASSWORD },
      { GITHUB_REF: `refs/tags/${tag}` },
    );
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      package: 'aetherflow-core',
      version: '0.1.0rc1',
      channel: 'rc',
      'repository-url': `${index.url}/`,
      files: 'aetherflow_core-0.1.0rc1-py3-none-any.whl aetherflow_core-0.1.0rc1.tar.gz',
      'dist-dir': '',
      published: JSON.stringify([
        {
          tag,
          package: 'aetherflow-core',
          version: '0.1.0rc1',
          channel: 'rc',
          files: ['aetherflow_core-0.1.0rc1-py3-none-any.whl', 'aetherflow_core-0.1.0rc1.tar.gz'],
        },
      ]),
      failed: '[]',
    });
    expect(readdirSync(index.packages).sort()).toEqual([
      'aetherflow_core-0.1.0rc1-py3-none-any.whl',
      'aetherflow_core-0.1.0rc1.tar.gz',
    ]);
    // File names are text in the table: escaped (aetherflow\_core) like every untrusted name.
    expect(run.summary).toMatch(/\| aetherflow\\_core-0\.1\.0rc1\.tar\.gz \| `[0-9a-f]{64}` \| uploaded \|/);
    expect(annotations(run.stdout, 'notice')).toEqual([
      'no attestations: they are signed with the workflow identity of trusted publishing, and an API token is set (password)',
    ]);
    expect(run.stdout).toContain(`::add-mask::${PASSWORD}`);
    expect(run.stdout.replaceAll(`::add-mask::${PASSWORD}`, '') + run.stderr + run.summary).not.toContain(
      PASSWORD,
    );
    const download = index.pipDownload('aetherflow-core==0.1.0rc1');
    expect(download.output).toContain('Saved');
    expect(download.status).toBe(0);

    const again = await publish(cwd, { 'repository-url': `${index.url}/`, password: PASSWORD, tag });
    expect(again.code).toBe(1);
    expect(annotations(again.stdout, 'error')).toEqual([
      `aetherflow_core-0.1.0rc1-py3-none-any.whl, aetherflow_core-0.1.0rc1.tar.gz already exist on ${index.url}/simple/; nothing was uploaded. To re-run a publish, set skip-existing: true`,
    ]);
    const skipped = await publish(cwd, {
      'repository-url': `${index.url}/`,
      password: PASSWORD,
      tag,
      'skip-existing': 'true',
    });
    expect(skipped.code).toBe(0);
    expect(skipped.summary).toContain('already on the index, skipped');
    expect(annotations(skipped.stdout, 'warning')).toEqual([]);
  });

  it('skips a file the index holds with a different sha256, with a warning, and uploads the rest (Node 20)', async () => {
    const tag = 'orc-tools-v1.0.0rc1';
    writeFileSync(join(index.packages, 'orc_tools-1.0.0rc1.tar.gz'), 'a different build');
    const run = await publish(
      checkoutTag(tag),
      {
        'repository-url': `${index.url}/`,
        password: PASSWORD,
        tag,
        'skip-existing': 'true',
        attestations: 'false',
      },
      {},
      'node20',
    );
    expect(run.code).toBe(0);
    // Turned off: not even a notice.
    expect(annotations(run.stdout, 'notice')).toEqual([]);
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^orc_tools-1\.0\.0rc1\.tar\.gz already exists on the index with a different sha256 \([0-9a-f]{64}\); the index keeps its own build, this one is skipped$/,
      ),
    ]);
    expect(run.summary).toContain('| orc\\_tools-1.0.0rc1-py3-none-any.whl |');
    expect(readdirSync(index.packages)).toContain('orc_tools-1.0.0rc1-py3-none-any.whl');
  });

  it('builds in one job and uploads in another: upload: false hands the files on, dist takes them', async () => {
    const tag = 'orc-tools-v1.0.0';
    const own = await new PyPIServer().start();
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pyrelease-runner-temp-'));
    clones.push(runnerTemp);
    try {
      // The build job: no password, no OIDC, no index; the channel is an output for the next job's `if`.
      const built = await publish(checkoutTag(tag), { tag, upload: 'false' }, { RUNNER_TEMP: runnerTemp });
      expect(annotations(built.stdout, 'error')).toEqual([]);
      expect(built.code).toBe(0);
      expect(built.outputs).toMatchObject({ package: 'orc-tools', version: '1.0.0', channel: 'final' });
      const files = ['orc_tools-1.0.0-py3-none-any.whl', 'orc_tools-1.0.0.tar.gz'];
      expect(readdirSync(built.outputs['dist-dir']).sort()).toEqual(files);
      expect(readdirSync(own.packages)).toEqual([]);
      expect(built.summary).toContain('built and verified, not uploaded');

      // The upload job: another checkout of the tag, the files from the artifact, nothing built.
      const artifact = mkdtempSync(join(tmpdir(), 'pyrelease-artifact-'));
      clones.push(artifact);
      for (const f of files) copyFileSync(join(built.outputs['dist-dir'], f), join(artifact, f));
      const uploaded = await publish(checkoutTag(tag), {
        tag,
        dist: artifact,
        'build-command': 'false',
        'repository-url': `${own.url}/`,
        password: PASSWORD,
      });
      expect(annotations(uploaded.stdout, 'error')).toEqual([]);
      expect(uploaded.code).toBe(0);
      expect(uploaded.stdout).toContain('not building: uploading the files built earlier in');
      expect(readdirSync(own.packages).sort()).toEqual(files);

      // Files of another package or version in dist are refused like a build's.
      writeFileSync(join(artifact, 'other-9.9.9.tar.gz'), 'x');
      const refused = await publish(checkoutTag(tag), {
        tag,
        dist: artifact,
        'repository-url': `${own.url}/`,
        password: PASSWORD,
        'skip-existing': 'true',
      });
      expect(refused.code).toBe(1);
      expect(annotations(refused.stdout, 'error')).toEqual([
        'refusing to upload: other-9.9.9.tar.gz is named other, not orc_tools',
      ]);
      const empty = mkdtempSync(join(tmpdir(), 'pyrelease-artifact-'));
      clones.push(empty);
      expect(
        annotations(
          (await publish(checkoutTag(tag), { tag, dist: empty, 'dry-run': 'true' })).stdout,
          'error',
        ),
      ).toEqual([
        `dist ${empty} holds no files: expected the files a publish-from-tag step with upload: false built`,
      ]);
    } finally {
      await own.stop();
    }
  });

  it('ends green when another job uploads the same files between the check and the upload (skip-existing)', async () => {
    const tag = 'aetherflow-core-v0.1.0rc1';
    const cwd = checkoutTag(tag);
    const own = await new PyPIServer().start();
    const proxy = await new IndexProxy(own).start();
    try {
      // The other job (the tag-triggered workflow) uploads first, straight to the index.
      const other = await publish(cwd, { 'repository-url': `${own.url}/`, password: PASSWORD, tag });
      expect(other.code).toBe(0);
      // Our check ran before its upload landed: the index did not know the project yet.
      let lies = 1;
      proxy.intercept = (method, path) =>
        method === 'GET' && path === '/simple/aetherflow-core/' && lies-- > 0
          ? { status: 404, body: '' }
          : null;
      const ours = await publish(cwd, {
        'repository-url': `${proxy.url}/`,
        password: PASSWORD,
        tag,
        'skip-existing': 'true',
      });
      expect(annotations(ours.stdout, 'error')).toEqual([]);
      expect(annotations(ours.stdout, 'warning')).toEqual([]);
      expect(ours.code).toBe(0);
      // It did try: the index refused the upload of a file it has (400, as PyPI answers), and the second look found ours.
      expect(proxy.log.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([400]);
      expect(proxy.log.filter((r) => r.method === 'GET').map((r) => r.status)).toEqual([404, 200]);
      expect(ours.stdout).toContain(
        "aetherflow_core-0.1.0rc1-py3-none-any.whl, aetherflow_core-0.1.0rc1.tar.gz on the index with this build's sha256 after a refused upload: uploaded by this job or by another at the same time",
      );
      expect(ours.summary).toContain(
        '| on the index with this sha256 (uploaded by this job or a concurrent one) |',
      );
      expect(ours.summary).not.toContain('| uploaded |');

      // Without skip-existing the same race is a failure, as an existing file always is.
      proxy.log.length = 0;
      lies = 1;
      const strict = await publish(cwd, { 'repository-url': `${proxy.url}/`, password: PASSWORD, tag });
      expect(strict.code).toBe(1);
      expect(annotations(strict.stdout, 'error')).toEqual([
        expect.stringMatching(new RegExp(`^upload to ${proxy.url}/ failed: .*400`)),
      ]);
      expect(proxy.log.filter((r) => r.method === 'GET')).toHaveLength(1);
    } finally {
      await proxy.stop();
      await own.stop();
    }
  });

  it('publishes with trusted publishing: audience, runner token, mint-token, upload with the minted token', async () => {
    const fake = await new FakeTrustedPublishing(index).start();
    try {
      const tag = 'orc-tools-v1.0.0';
      const run = await publish(
        checkoutTag(tag),
        { 'repository-url': `${fake.url}/legacy/`, tag, expect: 'final' },
        fake.runnerEnv(),
      );
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.outputs.channel).toBe('final');
      const oidc = fake.log.filter((l) => l.path.startsWith('/_/') || l.path.startsWith('/runner-token'));
      expect(oidc.map((l) => l.path.split('?')[0])).toEqual([
        '/_/oidc/audience',
        '/runner-token',
        '/_/oidc/mint-token',
      ]);
      expect(JSON.parse(oidc[2].body ?? '{}')).toEqual({ token: fake.jwt });
      expect(fake.uploadsWithoutMintedToken).toBe(0);
      expect(readdirSync(index.packages)).toContain('orc_tools-1.0.0-py3-none-any.whl');
      expect(run.stdout).toContain(`::add-mask::${fake.jwt}`);
      expect(run.stdout).toContain(`::add-mask::${fake.minted}`);
      expect(index.pipDownload('orc-tools==1.0.0').status).toBe(0);
      // Attestations are on by default, but only PyPI and TestPyPI take them: said in a notice.
      expect(annotations(run.stdout, 'notice')).toEqual([
        `no attestations: only PyPI and TestPyPI take them, and repository-url is ${fake.url}/legacy/`,
      ]);
    } finally {
      await fake.stop();
    }
  });

  it('explains trusted publishing failures with their fix', async () => {
    const fake = await new FakeTrustedPublishing(index).start();
    try {
      const tag = 'aetherflow-core-v0.1.0';
      const cwd = checkoutTag(tag);
      let run = await publish(cwd, { 'repository-url': `${fake.url}/legacy/`, tag });
      expect(run.code).toBe(1);
      expect(annotations(run.stdout, 'error')).toEqual([
        "trusted publishing needs the runner's OIDC token, which this job cannot request: give the publishing job `permissions: id-token: write` (or pass an API token as password)",
      ]);
      run = await publish(
        cwd,
        { 'repository-url': `${fake.url}/legacy/`, tag },
        { ...fake.runnerEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' },
      );
      expect(annotations(run.stdout, 'error')).toEqual([
        'trusted publishing: the runner refused an OIDC token (HTTP 401): give the publishing job `permissions: id-token: write` (or pass an API token as password)',
      ]);
      fake.mintStatus = 422;
      fake.mintErrors = [
        {
          code: 'invalid-publisher',
          description:
            'valid token, but no corresponding publisher (Publisher with matching claims was not found)',
        },
      ];
      run = await publish(cwd, { 'repository-url': `${fake.url}/legacy/`, tag }, fake.runnerEnv());
      expect(run.code).toBe(1);
      const [error] = annotations(run.stdout, 'error');
      expect(error).toMatch(
        /^trusted publishing: http:\/\/127\.0\.0\.1:\d+ refused to mint an upload token \(invalid-publisher: valid token, but no corresponding publisher/,
      );
      expect(error).toContain(
        'add this repository, this workflow file and its environment as a trusted publisher',
      );
      expect(error).toContain('reusable workflows');
      expect(readdirSync(index.packages)).not.toContain('aetherflow_core-0.1.0.tar.gz');
    } finally {
      await fake.stop();
    }
  });
});

describe('publish-from-tag refuses what it must not publish', () => {
  const refuse = async (cwd: string, inputs: Record<string, string>, env: Record<string, string> = {}) => {
    const before = readdirSync(index.packages).sort();
    const run = await publish(cwd, { 'repository-url': `${index.url}/`, password: PASSWORD, ...inputs }, env);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(index.packages).sort()).toEqual(before);
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(1);
    return errors[0];
  };

  it('an rc tag where expect is final, and a final tag where expect is rc', async () => {
    expect(
      await refuse(checkoutTag('aetherflow-core-v0.1.0rc1'), {
        tag: 'aetherflow-core-v0.1.0rc1',
        expect: 'final',
      }),
    ).toBe(
      'tag aetherflow-core-v0.1.0rc1 is an rc (0.1.0rc1), but expect admits final and post releases only',
    );
    expect(await refuse(checkoutTag('orc-tools-v1.0.0'), { tag: 'orc-tools-v1.0.0', expect: 'rc' })).toBe(
      'tag orc-tools-v1.0.0 is a final release (1.0.0), but expect admits rc releases only',
    );
  });

  it('a final tag of a package whose name contains rc is final, bound for PyPI by default', async () => {
    const run = await publish(checkoutTag('orc-tools-v1.0.0'), {
      tag: 'orc-tools-v1.0.0',
      expect: 'final',
      'dry-run': 'true',
      'repository-url': '',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      package: 'orc-tools',
      channel: 'final',
      'repository-url': 'https://upload.pypi.org/legacy/',
    });
    expect(run.summary).toContain('built and verified, not uploaded');
  });

  it('an unknown package, a tag that disagrees with pyproject.toml, no tag at all', async () => {
    const cwd = checkoutTag('aetherflow-core-v0.1.0rc1');
    git(cwd, ['tag', 'ghost-v1.0.0']);
    expect(await refuse(cwd, { tag: 'ghost-v1.0.0' })).toBe(
      'tag ghost-v1.0.0 names package ghost, which this repository does not have; known packages: aetherflow-core, orc-tools',
    );
    git(cwd, ['tag', 'aetherflow-core-v0.1.0rc9']);
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc9' })).toBe(
      'packages/aetherflow-core/pyproject.toml at aetherflow-core-v0.1.0rc9 declares version 0.1.0rc1, but the tag says 0.1.0rc9',
    );
    expect(await refuse(cwd, {}, { GITHUB_REF: 'refs/heads/test' })).toBe(
      'no tag to publish: set input tag, or run on a tag push (GITHUB_REF is "refs/heads/test")',
    );
  });

  it('a shallow checkout without tags, and a checkout that is not at the tag', async () => {
    expect(
      await refuse(checkoutTag('aetherflow-core-v0.1.0rc1', true), { tag: 'aetherflow-core-v0.1.0rc1' }),
    ).toBe(
      'tag aetherflow-core-v0.1.0rc1 is not in this checkout, a shallow clone without tags: check out with fetch-depth: 0 and fetch-tags: true (release flow §5)',
    );
    const cwd = checkoutTag('aetherflow-core-v0.1.0rc1');
    git(cwd, ['checkout', '--quiet', '--detach', 'orc-tools-v1.0.0rc1']);
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc1' })).toMatch(
      /^the checkout is at [0-9a-f]{12}, not at tag aetherflow-core-v0\.1\.0rc1 \([0-9a-f]{12}\): check out the tag's commit/,
    );
  });

  it('a tag on a commit that reached no base or release branch (an unmerged feature branch)', async () => {
    // Someone with write access to tags alone tags a commit of a branch nobody reviewed.
    const work = Monorepo.clone(repo);
    clones.push(work.root);
    work.git('checkout', '--quiet', '-b', 'feature/x', 'origin/test');
    work.write('packages/aetherflow-core/src/aetherflow_core/evil.py', 'print("unreviewed")\n');
    work.git('add', '--all');
    work.git('commit', '--quiet', '-m', 'feat: unreviewed');
    work.git('push', '--quiet', 'origin', 'feature/x');
    work.git('tag', 'aetherflow-core-v0.1.0rc9');
    work.git('push', '--quiet', 'origin', 'aetherflow-core-v0.1.0rc9');
    const cwd = checkoutTag('aetherflow-core-v0.1.0rc9');
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc9' })).toMatch(
      /^tag aetherflow-core-v0\.1\.0rc9 \([0-9a-f]{12}\) holds work that reached none of the branches test, master, release-test, release: commit [0-9a-f]{12} "feat: unreviewed" is not a release commit of a package of [0-9a-f]{12}; only work that reached a base or release branch is published, and pyrelease's own release commits on it: check out with fetch-depth: 0 so the branches are there, or list its branch in tag-branches$/,
    );
    // A commit with pyrelease's release message on top of the unreviewed one does not make it reviewed.
    work.git('checkout', '--quiet', 'feature/x');
    work.write(
      'packages/aetherflow-core/pyproject.toml',
      '[project]\nname = "aetherflow-core"\nversion = "0.1.0rc8"\n',
    );
    work.git('commit', '--quiet', '-am', 'release(aetherflow-core): 0.1.0rc8');
    work.git('tag', 'aetherflow-core-v0.1.0rc8');
    work.git('push', '--quiet', 'origin', 'feature/x', 'aetherflow-core-v0.1.0rc8');
    expect(
      await refuse(checkoutTag('aetherflow-core-v0.1.0rc8'), { tag: 'aetherflow-core-v0.1.0rc8' }),
    ).toMatch(
      /^tag aetherflow-core-v0\.1\.0rc8 \([0-9a-f]{12}\) holds work that reached none of the branches .*: commit [0-9a-f]{12} "feat: unreviewed" is not a release commit/,
    );
    // Named in tag-branches, the branch check lets it through to the next one, which reads the tag's files.
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc9', 'tag-branches': 'feature/*' })).toBe(
      'packages/aetherflow-core/pyproject.toml at aetherflow-core-v0.1.0rc9 declares version 0.1.0, but the tag says 0.1.0rc9',
    );
  });

  it('a forged release commit on a reviewed branch that changes more than a release writes', async () => {
    const work = Monorepo.clone(repo);
    clones.push(work.root);
    const forge = (tag: string, files: Record<string, string>) => {
      work.git('checkout', '--quiet', '--detach', 'origin/master');
      for (const [path, text] of Object.entries(files)) work.write(path, text);
      work.git('add', '--all');
      work.git('commit', '--quiet', '-m', 'release(aetherflow-core): 0.2.0');
      work.git('tag', tag);
      work.git('push', '--quiet', 'origin', tag);
      return checkoutTag(tag);
    };
    const pyproject = 'packages/aetherflow-core/pyproject.toml';
    // The version moves as a release moves it, and a dependency nobody reviewed comes with it.
    const withDependency = forge('aetherflow-core-v0.2.0', {
      [pyproject]:
        '[project]\nname = "aetherflow-core"\nversion = "0.2.0"\ndependencies = ["totally-evil-package>=1"]\n',
    });
    expect(await refuse(withDependency, { tag: 'aetherflow-core-v0.2.0' })).toMatch(
      /holds work that reached none of the branches .*: commit [0-9a-f]{12} "release\(aetherflow-core\): 0\.2\.0" changes packages\/aetherflow-core\/pyproject\.toml beyond what the release of aetherflow-core 0\.2\.0 writes;/,
    );
    // A payload in a file the tag's own configuration declares a version file: the reviewed one does not.
    const payload = forge('aetherflow-core-v0.2.1', {
      [pyproject]:
        '[project]\nname = "aetherflow-core"\nversion = "0.2.1"\n\n[tool.pyrelease]\nversion-files = ["src/aetherflow_core/__init__.py"]\n',
      'packages/aetherflow-core/src/aetherflow_core/__init__.py': '__version__ = "0.2.1"\nimport os\n',
    });
    expect(await refuse(payload, { tag: 'aetherflow-core-v0.2.1' })).toMatch(
      /changes packages\/aetherflow-core\/(pyproject\.toml|src\/aetherflow_core\/__init__\.py) beyond what the release of aetherflow-core 0\.2\.0 writes;/,
    );
  });

  it("a checkout whose files are not the tag's (an edited file, an untracked one)", async () => {
    const cwd = checkoutTag('aetherflow-core-v0.1.0rc1');
    writeFileSync(join(cwd, 'packages/aetherflow-core/README.md'), '# edited after the tag\n');
    writeFileSync(join(cwd, 'packages/aetherflow-core/src/aetherflow_core/extra.py'), 'x = 1\n');
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc1' })).toBe(
      "the checkout of tag aetherflow-core-v0.1.0rc1 has changes (packages/aetherflow-core/README.md, packages/aetherflow-core/src/aetherflow_core/extra.py): what is built must be exactly the tag's files; build from a clean checkout of the tag",
    );
    // What git status does not show: an ignored file in the package (a backend ships it), an edit of a
    // file marked skip-worktree. An ignored file elsewhere is not the package's.
    const quiet = checkoutTag('aetherflow-core-v0.1.0rc1');
    writeFileSync(join(quiet, '.git/info/exclude'), '*.local.py\n');
    writeFileSync(join(quiet, 'packages/aetherflow-core/src/aetherflow_core/secret.local.py'), 'x = 1\n');
    writeFileSync(join(quiet, 'packages/orc-tools/other.local.py'), 'x = 1\n');
    git(quiet, ['update-index', '--skip-worktree', 'packages/aetherflow-core/README.md']);
    writeFileSync(join(quiet, 'packages/aetherflow-core/README.md'), '# edited, hidden\n');
    expect(await refuse(quiet, { tag: 'aetherflow-core-v0.1.0rc1' })).toBe(
      "the checkout of tag aetherflow-core-v0.1.0rc1 has changes (packages/aetherflow-core/README.md (hidden from git status), packages/aetherflow-core/src/aetherflow_core/secret.local.py (ignored)): what is built must be exactly the tag's files; build from a clean checkout of the tag",
    );
  });

  it('an artifact whose name or version is not the tag', async () => {
    const cwd = checkoutTag('aetherflow-core-v0.1.0rc1');
    // The build script lives outside the checkout: the checkout must be exactly the tag's files.
    const scripts = mkdtempSync(join(tmpdir(), 'pyrelease-build-script-'));
    clones.push(scripts);
    writeFileSync(
      join(scripts, 'make.py'),
      "import os\nos.makedirs('dist', exist_ok=True)\nopen('dist/aetherflow_core-0.1.0.tar.gz', 'w').write('x')\nopen('dist/other-0.1.0rc1.tar.gz', 'w').write('x')\n",
    );
    const build = `python ${join(scripts, 'make.py')}`;
    expect(await refuse(cwd, { tag: 'aetherflow-core-v0.1.0rc1', 'build-command': build })).toBe(
      'refusing to upload: aetherflow_core-0.1.0.tar.gz has version 0.1.0, not 0.1.0rc1; other-0.1.0rc1.tar.gz is named other, not aetherflow_core',
    );
  });

  it('a build that a signal ended, named with the signal and its last words', async () => {
    expect(
      await refuse(checkoutTag('aetherflow-core-v0.1.0rc1'), {
        tag: 'aetherflow-core-v0.1.0rc1',
        'build-command': `sh -c "echo 'compiling the extension' >&2; kill -KILL $$"`,
      }),
    ).toBe('build of packages/aetherflow-core failed: killed by SIGKILL: compiling the extension');
  });

  it('creates a private venv under RUNNER_TEMP when python cannot import build and twine', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'pyrelease-runner-temp-'));
    clones.push(temp);
    const run = await runAction('publish-from-tag', {
      cwd: checkoutTag('aetherflow-core-v0.1.0'),
      inputs: { tag: 'aetherflow-core-v0.1.0', 'dry-run': 'true' },
      env: { RUNNER_TEMP: temp, PATH: PATH_WITHOUT_TOOLS },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /cannot import build, twine: installing build, twine into a private venv at .*pyrelease-python/,
    );
    expect(readdirSync(join(temp, 'pyrelease-python', 'bin'))).toContain('python');
  });
});
