import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from '../src/index.js';
import { CommandError } from '../src/git/exec/command-error.js';
import { parseLsRemote, parseRemoteHead, tokenAuthEnv } from '../src/git/remote.js';
import { git } from '../../../test/support/repo.js';

describe('ls-remote parsing', () => {
  it('reads branches and peels annotated tags to their commits', () => {
    const state = parseLsRemote(
      [
        'aaa\trefs/heads/test',
        'bbb\trefs/heads/release-test',
        'ccc\trefs/tags/core-v1.0.0',
        'ddd\trefs/tags/core-v1.0.0^{}',
        'eee\trefs/tags/light-v1',
        'fff\trefs/pull/1/head',
      ].join('\n'),
    );
    expect([...state.branches]).toEqual([
      ['test', 'aaa'],
      ['release-test', 'bbb'],
    ]);
    expect(state.tags).toEqual([
      { name: 'core-v1.0.0', commit: 'ddd' },
      { name: 'light-v1', commit: 'eee' },
    ]);
    // The tag's own object: an annotated tag's, not its commit.
    expect([...state.tagObjects]).toEqual([
      ['core-v1.0.0', 'ccc'],
      ['light-v1', 'eee'],
    ]);
  });

  it("reads the default branch from --symref's HEAD line, and a tag ending in HEAD stays a tag", () => {
    const text = [
      'ref: refs/heads/main\tHEAD',
      'aaa\tHEAD',
      'aaa\trefs/heads/main',
      'bbb\trefs/tags/x/HEAD',
    ].join('\n');
    expect(parseRemoteHead(text)).toBe('main');
    expect(parseRemoteHead('aaa\tHEAD')).toBeNull();
    const state = parseLsRemote(text);
    expect([...state.branches]).toEqual([['main', 'aaa']]);
    expect(state.tags).toEqual([{ name: 'x/HEAD', commit: 'bbb' }]);
  });
});

describe('token authentication', () => {
  it('applies only to https remotes', () => {
    expect(tokenAuthEnv('git@github.com:o/r.git', 't')).toEqual({});
    expect(tokenAuthEnv('/srv/git/r.git', 't')).toEqual({});
    expect(tokenAuthEnv('http://example.com/r.git', 't')).toEqual({});
    expect(tokenAuthEnv('https://github.com/o/r.git', '')).toEqual({});
    expect(tokenAuthEnv('https://github.com/o/r.git', 't')).toMatchObject({
      GIT_CONFIG_KEY_1: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${Buffer.from('x-access-token:t').toString('base64')}`,
    });
  });

  it('keeps git configuration the environment already carries', () => {
    const env = tokenAuthEnv('https://github.com/o/r.git', 't', {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'safe.directory',
      GIT_CONFIG_VALUE_0: '*',
    });
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_1: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_1: '',
    });
    expect(env).not.toHaveProperty('GIT_CONFIG_KEY_0');
  });

  let server: Server;
  let url = '';
  const seen: (string | string[] | undefined)[] = [];
  const certDir = mkdtempSync(join(tmpdir(), 'pyrelease-cert-'));
  beforeAll(async () => {
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
    ]);
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    server = createServer(
      { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
      (req, res) => {
        seen.push(req.headers.authorization);
        res.statusCode = 403;
        res.end('forbidden\n');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/octo/repo.git`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(certDir, { recursive: true, force: true });
  });

  it('sends the token as the only Authorization header, replacing one persisted by actions/checkout', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pyrelease-auth-'));
    try {
      git(work, ['init', '--quiet']);
      git(work, ['remote', 'add', 'origin', url]);
      // What actions/checkout persists for the default token.
      git(work, [
        'config',
        `http.https://${new URL(url).host}/.extraheader`,
        'AUTHORIZATION: basic Y2hlY2tvdXQ6dG9rZW4=',
      ]);
      const configBefore = readFileSync(join(work, '.git/config'), 'utf8');
      const token = 'ghs_appTokenForTheTest';
      const env = { ...tokenAuthEnv(url, token), GIT_SSL_NO_VERIFY: '1' };
      const error = await new Git(work).run(['ls-remote', 'origin'], { env }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect((error as Error).message).not.toContain(token);
      expect(seen.at(-1)).toBe(`basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
      expect(readFileSync(join(work, '.git/config'), 'utf8')).toBe(configBefore);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
