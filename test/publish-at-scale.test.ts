import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionDefaults, annotations, runAction } from './support/action-runner.js';
import { PATH_WITH_TOOLS, PyPIServer } from './support/python.js';
import { git, Monorepo } from './support/repo.js';

/**
 * Issue 33: a release of 300 packages, more than one matrix may have jobs, through the bundles as the
 * auto-release template wires them: cut-release's publish-chunks, then per chunk one publish-from-tag
 * step that builds its tags (upload: false) and one that uploads them from the built folder (dist).
 * Real builds (uv build, hatchling) and uploads to a real pypiserver.
 */

const COUNT = 300;
const PACKAGES = Array.from({ length: COUNT }, (_, i) => ({
  path: `libs/p${String(i).padStart(3, '0')}`,
  name: `scale-p${String(i).padStart(3, '0')}`,
  version: '1.0.0',
  style: 'flit' as const,
}));
/** Jobs of the matrix that run at once (GitHub runs them all at once, this machine has 2 cores). */
const PARALLEL = 2;

interface Chunk {
  id: string;
  tags: string;
  expect: string;
  final: boolean;
  count: number;
}

let repo: Monorepo;
let index: PyPIServer;
const dirs: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  index = await new PyPIServer().start();
  repo = Monorepo.create(PACKAGES);
  repo.git('push', '--quiet', 'origin', 'test:master');
});
afterAll(async () => {
  await index.stop();
  repo.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** cut-release as the template's release job runs it, on a checkout of master. */
async function cut(inputs: Record<string, string>) {
  const cwd = temp('pyrelease-release-');
  git(cwd, ['clone', '--quiet', '--branch', 'master', repo.origin, cwd]);
  return runAction('cut-release', {
    cwd,
    inputs: {
      ...actionDefaults('cut-release'),
      mode: 'final',
      'base-branch': 'master',
      'release-branch': 'release',
      'create-github-release': 'false',
      'api-check': 'off',
      ...inputs,
    },
    env: { GITHUB_SHA: git(cwd, ['rev-parse', 'HEAD']) },
  });
}

/**
 * One chunk as the template's two jobs run it: a build job (a checkout of the pushed branch with its
 * tags, no index, no password) and an upload job (the built folder, nothing built again). The build is
 * `python -m build --no-isolation` with flit_core from the test venv: every backend call is real, and
 * no build environment is made 300 times (uv's cached ones are measured in the bench).
 */
async function publishChunk(chunk: Chunk, repositoryUrl: string): Promise<void> {
  const cwd = temp('pyrelease-build-');
  git(cwd, ['clone', '--quiet', '--branch', 'master', repo.origin, cwd]);
  const inputs = { ...actionDefaults('publish-from-tag'), tags: chunk.tags, expect: chunk.expect };
  const env = { PATH: PATH_WITH_TOOLS, RUNNER_TEMP: temp('pyrelease-runner-temp-') };
  const built = await runAction('publish-from-tag', {
    cwd,
    inputs: { ...inputs, upload: 'false', 'build-command': 'python -m build --no-isolation' },
    env,
  });
  expect([chunk.id, built.code, annotations(built.stdout, 'error')]).toEqual([chunk.id, 0, []]);
  expect(readdirSync(built.outputs['dist-dir'])).toHaveLength(2 * chunk.count);
  const uploaded = await runAction('publish-from-tag', {
    cwd,
    inputs: { ...inputs, dist: built.outputs['dist-dir'], 'repository-url': repositoryUrl, password: 'x' },
    env,
  });
  expect([chunk.id, uploaded.code, annotations(uploaded.stdout, 'error')]).toEqual([chunk.id, 0, []]);
}

describe(`a release of ${COUNT} packages`, () => {
  it('fits one matrix even in chunks of one tag: 256 jobs, none of more than two tags', async () => {
    const release = await cut({ 'publish-chunk-size': '1' });
    expect([release.code, annotations(release.stdout, 'error')]).toEqual([0, []]);
    const publish = JSON.parse(release.outputs.publish) as { tag: string }[];
    expect(publish).toHaveLength(COUNT);
    const chunks = JSON.parse(release.outputs['publish-chunks']) as Chunk[];
    expect(chunks).toHaveLength(256);
    expect(chunks.filter((c) => c.count === 2)).toHaveLength(COUNT - 256);
    expect(chunks.flatMap((c) => c.tags.split(' '))).toEqual(publish.map((p) => p.tag));
  });

  it('is published chunk by chunk: built in one step per chunk, uploaded from the built folder in another', async () => {
    // The run after: the index lacks every tag of the release, so publish names them all again.
    const repositoryUrl = `${index.url}/`;
    const release = await cut({ 'repository-url': repositoryUrl });
    expect([release.code, annotations(release.stdout, 'error')]).toEqual([0, []]);
    const publish = JSON.parse(release.outputs.publish) as { tag: string }[];
    expect(publish).toHaveLength(COUNT);
    const chunks = JSON.parse(release.outputs['publish-chunks']) as Chunk[];
    // The default chunk of 10 tags: 30 jobs, each tag in exactly one, in the order of publish.
    expect(chunks.map((c) => [c.count, c.expect, c.final])).toEqual(Array(30).fill([10, 'final', true]));
    expect(chunks.flatMap((c) => c.tags.split(' '))).toEqual(publish.map((p) => p.tag));

    const jobs = [...chunks];
    const runJobs = async () => {
      for (let chunk = jobs.shift(); chunk; chunk = jobs.shift()) await publishChunk(chunk, repositoryUrl);
    };
    await Promise.all(Array.from({ length: PARALLEL }, runJobs));
    const onIndex = readdirSync(index.packages);
    expect(onIndex).toHaveLength(2 * COUNT);
    expect(onIndex).toContain('scale_p299-1.0.0-py3-none-any.whl');
    // Nothing is left to publish.
    const after = await cut({ 'repository-url': repositoryUrl });
    expect([after.code, after.outputs.publish, after.outputs['publish-chunks']]).toEqual([0, '[]', '[]']);
  }, 1_200_000);
});
