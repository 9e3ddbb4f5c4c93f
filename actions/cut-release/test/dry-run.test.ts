import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, cutReleaseRc } from '../../../test/support/action-runner.js';
import { git, Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo | null = null;
const dirs: string[] = [];
afterEach(() => {
  repo?.cleanup();
  repo = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every file and link under `dir` with a hash of its content: what "changes nothing" compares. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) Object.assign(out, snapshot(path, `${prefix}${name}/`));
    else if (stat.isSymbolicLink()) out[`${prefix}${name}`] = `-> ${readlinkSync(path)}`;
    else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

function dryRun(work: string, tested: string) {
  return cutReleaseRc(work, tested, { 'dry-run': 'true' });
}

describe('a dry run changes nothing local', () => {
  it('plans a base the clone has not fetched yet, and leaves .git byte for byte as it was', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    // The clone the dry run runs in is behind: the base branch moved on the remote since.
    const behind = mkdtempSync(join(tmpdir(), 'pyrelease-behind-'));
    dirs.push(behind);
    git(behind, ['clone', '--quiet', '--branch', 'test', repo.origin, 'w']);
    const work = join(behind, 'w');
    const tested = repo.commit('feat: more', { 'libs/core/more.py': 'x = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = snapshot(join(work, '.git'));
    const run = await dryRun(work, tested);
    expect([run.code, annotations(run.stdout, 'error')]).toEqual([0, []]);
    expect(run.summary).toContain('| core | libs/core | - | 0.1.0rc1 |');
    expect(snapshot(join(work, '.git'))).toEqual(before);
  });

  it('in a shallow clone, says what a real run would fetch, in one line, and changes nothing', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('feat: more', { 'libs/core/more.py': 'x = 1\n' });
    repo.git('push', '--quiet', 'origin', 'test');
    const shallow = mkdtempSync(join(tmpdir(), 'pyrelease-shallow-'));
    dirs.push(shallow);
    git(shallow, ['clone', '--quiet', '--depth', '1', '--branch', 'test', `file://${repo.origin}`, 'w']);
    const work = join(shallow, 'w');
    const before = snapshot(join(work, '.git'));
    const run = await dryRun(work, git(work, ['rev-parse', 'HEAD']));
    expect(run.code).toBe(1);
    expect(annotations(run.stdout, 'error')).toEqual([
      'the checkout is shallow, and a dry run changes nothing, so it cannot fetch the whole history the plan needs (a real run fetches it: git fetch --unshallow --filter=blob:none origin): fetch it first, or check out with fetch-depth: 0',
    ]);
    expect(snapshot(join(work, '.git'))).toEqual(before);
  });
});
