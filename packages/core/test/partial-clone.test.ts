import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cutRelease, Git, RecordingLogger } from '../src/index.js';
import { blobInTree, treeOfSpec } from '../src/git/partial-clone.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

const PACKAGES = Array.from({ length: 10 }, (_, i) => ({
  path: `libs/p${i}`,
  name: `p${i}`,
  version: '0.1.0',
}));

/** Every fix touches every package, so each release reads every package's files at its tags. */
function fixAll(r: Monorepo, what: string) {
  r.git('checkout', '--quiet', 'test');
  r.commit(
    `fix: ${what}`,
    Object.fromEntries(
      PACKAGES.flatMap((p) => [
        [`${p.path}/src/${p.name}/fix.py`, `# ${what}\n`],
        // A changelog on the base branch that changes: the release reads it where each tag was cut.
        [
          `${p.path}/CHANGELOG.md`,
          `# Changelog\n\n${'All notable changes.\n\n'.repeat(6)}Edited on test: ${what}.\n`,
        ],
      ]),
    ),
  );
  r.git('push', '--quiet', 'origin', 'test');
}

describe('a blobless clone', () => {
  it('plans and releases as a full clone does, fetching the files it reads in one request per read', async () => {
    repo = Monorepo.create(PACKAGES, 'test');
    const options = {
      mode: 'rc' as const,
      baseBranch: 'test',
      releaseBranch: 'release-test',
      push: true,
    };
    for (const what of ['one', 'two']) {
      fixAll(repo, what);
      await cutRelease(new Git(repo.work), options, new RecordingLogger());
    }
    fixAll(repo, 'three');
    git(repo.origin, ['config', 'uploadpack.allowFilter', 'true']);
    // Counts every connection to the origin: listing, fetching, and each fetch of missing objects.
    const calls = join(repo.root, 'upload-pack.calls');
    const uploadPack = join(repo.root, 'upload-pack');
    writeFileSync(uploadPack, `#!/bin/sh\necho call >>'${calls}'\nexec git-upload-pack "$@"\n`);
    chmodSync(uploadPack, 0o755);
    const clone = join(repo.root, 'blobless');
    git(repo.root, [
      'clone',
      '--quiet',
      '--filter=blob:none',
      '--branch',
      'test',
      `file://${repo.origin}`,
      clone,
    ]);
    git(clone, ['config', 'remote.origin.uploadpack', uploadPack]);
    expect(git(clone, ['config', 'remote.origin.promisor'])).toBe('true');
    const connections = () =>
      existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0;

    const trace = join(repo.root, 'trace');
    const blobless = await cutRelease(
      new Git(clone, { GIT_TRACE: trace }),
      { ...options, dryRun: true },
      new RecordingLogger(),
    );
    // git's own fetch of a missing object (one per object) never ran: pyrelease fetched them first.
    const fetches = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => / built-in: git fetch .*--filter=blob:none/.test(l));
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches.filter((l) => / git fetch origin --no-tags/.test(l))).toEqual([]);
    expect(fetches.every((l) => l.includes(' git fetch --quiet --no-tags'))).toBe(true);
    const full = await cutRelease(new Git(repo.work), { ...options, dryRun: true }, new RecordingLogger());
    expect(blobless.released.map((r) => [r.tag, r.notes])).toEqual(
      full.released.map((r) => [r.tag, r.notes]),
    );
    expect(blobless.released).toHaveLength(10);
    // The release read each package's CHANGELOG.md at its last tag and where that was cut from (20
    // files the checkout lacks): git alone would have fetched them one by one. Here: ls-remote, the
    // dry-run fetch, and one fetch for each read of the plan and the release.
    expect(connections()).toBeLessThanOrEqual(5);
  });
});

describe('finding a blob in a tree', () => {
  it('reads the file entries of a raw tree object, not folders or submodules', () => {
    const id = (byte: number) => Buffer.alloc(20, byte);
    const tree = Buffer.concat([
      Buffer.from('100644 CHANGELOG.md\0'),
      id(1),
      Buffer.from('40000 src\0'),
      id(2),
      Buffer.from('160000 vendored\0'),
      id(3),
      Buffer.from('120000 link\0'),
      id(4),
    ]);
    expect(blobInTree(tree, 'CHANGELOG.md', 20)).toBe('01'.repeat(20));
    expect(blobInTree(tree, 'link', 20)).toBe('04'.repeat(20));
    expect(blobInTree(tree, 'src', 20)).toBeNull();
    expect(blobInTree(tree, 'vendored', 20)).toBeNull();
    expect(blobInTree(tree, 'CHANGELOG', 20)).toBeNull();
    expect(treeOfSpec('abc:libs/p0/CHANGELOG.md')).toEqual({ tree: 'abc:libs/p0', name: 'CHANGELOG.md' });
    expect(treeOfSpec('abc:uv.lock')).toEqual({ tree: 'abc:', name: 'uv.lock' });
  });
});
