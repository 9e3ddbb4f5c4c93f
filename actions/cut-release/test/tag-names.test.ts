import { afterEach, describe, expect, it } from '@jest/globals';
import { annotations, cutReleaseRc as cut } from '../../../test/support/action-runner.js';
import { Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

describe('tags git refuses, and refs pyrelease keeps for itself', () => {
  it('names a folder whose tags git would refuse at plan time, dry run or not, and releases the rest', async () => {
    repo = Monorepo.create([
      { path: 'libs/my pkg', name: 'my-pkg', version: '1.0.0' },
      { path: 'libs/core', name: 'core', version: '0.1.0' },
    ]);
    const head = repo.git('rev-parse', 'HEAD');
    const warning =
      'my-pkg: not released: its tags ("my pkg-v{version}", tag-format "{dir}-v{version}") are not valid git tag names: rename the folder libs/my pkg, or use a tag-format that names the package by {name}';
    const dry = await cut(repo.work, head, { 'tag-format': '{dir}-v{version}', 'dry-run': 'true' });
    expect([dry.code, annotations(dry.stdout, 'error')]).toEqual([0, []]);
    expect(annotations(dry.stdout, 'warning')).toContain(warning);
    const run = await cut(repo.work, head, { 'tag-format': '{dir}-v{version}' });
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(annotations(run.stdout, 'warning')).toContain(warning);
    expect(repo.originTags()).toEqual(['core-v0.1.0rc1']);
    expect(repo.git('for-each-ref', 'refs/pyrelease')).toBe('');
  });

  it('leaves no scratch ref and no tag behind when git cannot write a tag (a local tag in the way)', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    const head = repo.git('rev-parse', 'HEAD');
    // A local tag `core-v0.1.0rc1/old` makes `refs/tags/core-v0.1.0rc1` impossible to create.
    repo.git('tag', 'core-v0.1.0rc1/old');
    const before = repo.originRefs();
    const run = await cut(repo.work, head);
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^cannot commit the release on release-test: /);
    expect(errors[0]).not.toContain('\n');
    expect(repo.originRefs()).toBe(before);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/pyrelease', 'refs/tags')).toBe(
      'refs/tags/core-v0.1.0rc1/old',
    );
    // Once the way is clear, the re-run releases.
    repo.git('tag', '-d', 'core-v0.1.0rc1/old');
    const rerun = await cut(repo.work, head);
    expect([rerun.code, annotations(rerun.stdout, 'error')]).toEqual([0, []]);
    expect(repo.originTags()).toEqual(['core-v0.1.0rc1']);
  });
});
