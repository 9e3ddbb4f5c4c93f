import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Monorepo } from '../../../test/support/repo.js';
import { InstalledCli } from './installed-cli.js';

// Release shapes as a user releases them by hand, with the installed `pyrelease` bin: every PEP 440
// channel, and version groups.
const cli = InstalledCli.forSuite();
let repo: Monorepo;
beforeAll(() => {
  repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '2.0.0' }]);
  repo.git('push', '--quiet', 'origin', 'test');
});
afterAll(() => repo.cleanup());

/** `pyrelease cut-release --mode <mode> --push` from test, then back on test: the tags it made. */
function cut(mode: string): { code: number | null; stderr: string; tags: string[] } {
  repo.git('push', '--quiet', 'origin', 'test');
  const run = cli.run(
    repo.work,
    'cut-release',
    '--mode',
    mode,
    '--base-branch',
    'test',
    '--release-branch',
    'release-test',
    '--push',
    '--json',
  );
  repo.git('checkout', '--quiet', 'test');
  const tags = run.code === 0 ? (JSON.parse(run.stdout).released as { tag: string }[]).map((r) => r.tag) : [];
  return { code: run.code, stderr: run.stderr.trimEnd(), tags };
}

describe('pyrelease cut-release in every mode', () => {
  it('releases alpha, dev, beta, rc and final one after another, and plans each mode', () => {
    expect(cut('alpha').tags).toEqual(['core-v2.0.0a1']);
    repo.commit('fix(core): a', { 'libs/core/a.py': 'A = 1\n' });
    expect(cut('dev').tags).toEqual(['core-v2.0.0a2.dev1']);
    // The same commit again: the dev run releases nothing; the plan says why.
    expect(cut('dev').tags).toEqual([]);
    const plan = cli.run(repo.work, 'plan', '--mode', 'beta', '--base-branch', 'test', '--json');
    expect(plan.code).toBe(0);
    // The beta counts from the alpha: the dev release between is not a release of its changes.
    expect(JSON.parse(plan.stdout).packages[0]).toMatchObject({
      next: '2.0.0b1',
      previous: '2.0.0a1',
      lastAny: '2.0.0a1',
    });
    expect(cut('beta').tags).toEqual(['core-v2.0.0b1']);
    repo.commit('fix(core): b', { 'libs/core/a.py': 'A = 2\n' });
    expect(cut('rc').tags).toEqual(['core-v2.0.0rc1']);
    repo.commit('fix(core): c', { 'libs/core/a.py': 'A = 3\n' });
    const back = cut('alpha');
    expect([back.code, back.stderr]).toEqual([
      1,
      'pyrelease: error: core: 2.0.0rc1 is released already, so an alpha of 2.0.0 would go back: release it in rc mode, or raise the version with a Release-As footer',
    ]);
    expect(cut('final').tags).toEqual(['core-v2.0.0']);
  });
});

describe('pyrelease with version groups', () => {
  it('plans and releases a fixed group at one version, from pyrelease.toml, and names the group in --json', () => {
    const ws = Monorepo.create([
      { path: 'libs/core', name: 'acme-core', version: '1.0.0' },
      { path: 'libs/slim', name: 'acme-slim', version: '1.2.0' },
    ]);
    try {
      ws.commit('chore: one product', {
        'pyrelease.toml': '[[groups]]\nname = "acme"\npackages = ["libs/*"]\nversioning = "fixed"\n',
      });
      ws.git('push', '--quiet', 'origin', 'test');
      const plan = cli.run(ws.work, 'plan', '--mode', 'final', '--base-branch', 'test', '--json');
      expect(plan.code).toBe(0);
      const json = JSON.parse(plan.stdout);
      // Introduced with versions that differ: both start at the highest, and the plan says so.
      expect(json.packages.map((p: { next: string; group: unknown }) => [p.next, p.group])).toEqual([
        ['1.2.0', { name: 'acme', versioning: 'fixed', own: '1.0.0' }],
        ['1.2.0', { name: 'acme', versioning: 'fixed', own: '1.2.0' }],
      ]);
      expect(json.warnings).toEqual([
        "version group acme: its members' versions differ (acme-core 1.0.0, acme-slim 1.2.0): all are released at 1.2.0, and stay together from now on",
      ]);
      // The preview of a branch that changes one member shows both, and why.
      ws.git('checkout', '--quiet', '-b', 'feature');
      ws.commit('fix(core): a', { 'libs/core/a.py': 'A = 1\n' });
      const preview = cli.run(ws.work, 'preview', '--base-branch', 'test');
      expect([preview.code, preview.stdout.split('\n').slice(0, 3)]).toEqual([
        0,
        [
          'release preview: merging into test releases 2 packages (rc)',
          '  acme-core  none → 1.2.0rc1  -  version group acme',
          '  acme-slim  none → 1.2.0rc1  -  version group acme',
        ],
      ]);
      ws.git('checkout', '--quiet', 'test');
      ws.write('pyrelease.toml', '[[groups]]\nname = "acme"\npackages = ["libs/nothing"]\n');
      ws.git('add', '-A');
      ws.git('commit', '--quiet', '-m', 'chore: a typo');
      ws.git('push', '--quiet', 'origin', 'test');
      const typo = cli.run(ws.work, 'plan', '--mode', 'final', '--base-branch', 'test');
      expect([typo.code, typo.stderr.trimEnd()]).toEqual([
        1,
        'pyrelease: error: pyrelease.toml: version group "acme": "libs/nothing" names no package',
      ]);
    } finally {
      ws.cleanup();
    }
  });
});

describe('pyrelease cut-release --sign', () => {
  it("signs with the user's own git signing configuration (gpg.format ssh, user.signingkey)", () => {
    const ws = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    try {
      const keyFile = join(ws.root, 'id_release');
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'me', '-f', keyFile]);
      ws.git('config', 'gpg.format', 'ssh');
      ws.git('config', 'user.signingkey', keyFile);
      const args = ['cut-release', '--mode', 'final', '--base-branch', 'test', '--release-branch', 'release'];
      const run = cli.run(ws.work, ...args, '--push', '--sign');
      expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
      const allowed = join(ws.root, 'allowed_signers');
      writeFileSync(allowed, `* ${readFileSync(`${keyFile}.pub`, 'utf8')}`);
      const verify = (kind: string, ref: string) =>
        spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${allowed}`, kind, ref], { cwd: ws.origin })
          .status;
      expect([verify('verify-tag', 'core-v0.1.0'), verify('verify-commit', 'core-v0.1.0^{commit}')]).toEqual([
        0, 0,
      ]);
      // Without a key to sign with: one line, nothing pushed.
      ws.git('config', '--unset', 'user.signingkey');
      ws.commit('fix(core): x', { 'libs/core/x.py': 'X = 1\n' });
      ws.git('push', '--quiet', 'origin', 'test');
      const refs = ws.originRefs();
      const unsigned = cli.run(ws.work, ...args, '--push', '--sign');
      expect([unsigned.code, unsigned.stderr.trimEnd()]).toEqual([
        1,
        'pyrelease: error: --sign: git config gpg.format is ssh, but user.signingkey is not set (the key file to sign with)',
      ]);
      expect(ws.originRefs()).toBe(refs);
    } finally {
      ws.cleanup();
    }
  });
});
