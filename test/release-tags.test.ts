import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/action-runner.js';
import { GitHttpsServer } from './support/git-https.js';
import { git } from './support/repo.js';

// pyrelease's own release (.github/workflows/ci.yml, job "release"): scripts/release-tags.mjs on real
// git, a bare origin and a clone, as the job runs it.
const SCRIPT = join(ROOT, 'scripts/release-tags.mjs');

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function setUp() {
  root = mkdtempSync(join(tmpdir(), 'pyrelease-own-release-'));
  const origin = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  git(root, ['clone', '--quiet', origin, work]);
  git(work, ['config', 'user.name', 'Maintainer']);
  git(work, ['config', 'user.email', 'maintainer@example.com']);
  return { origin, work };
}

/** Commits `version` on the checked-out branch and pushes it, as a merge to main (or a maintenance branch) does. */
function bump(work: string, version: string) {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'pyrelease', version }));
  git(work, ['add', 'package.json']);
  git(work, ['commit', '--quiet', '--allow-empty', '-m', `chore: ${version}`]);
  git(work, ['push', '--quiet', 'origin', `HEAD:refs/heads/${git(work, ['branch', '--show-current'])}`]);
}

function release(work: string, version: string, ...args: string[]) {
  bump(work, version);
  return rerun(work, ...args);
}

function rerun(work: string, ...args: string[]) {
  const output = join(root, `output-${Math.random()}`);
  writeFileSync(output, '');
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_OUTPUT: output },
  });
  return {
    status: run.status,
    stdout: run.stdout.trim(),
    stderr: run.stderr.trim(),
    output: readFileSync(output, 'utf8'),
  };
}

/** The origin's v* tags, each with the commit it names. */
function originTags(origin: string): Record<string, string> {
  const out = git(origin, [
    'for-each-ref',
    '--format=%(refname:short) %(*objectname)%(objectname)',
    'refs/tags/v*',
  ]);
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, shas] = line.split(' ');
        // An annotated tag prints its commit then its own object; a lightweight one its commit alone.
        return [name, shas.slice(0, 40)];
      }),
  );
}

describe("pyrelease's own release tags", () => {
  it('tags vX.Y.Z on the tested commit and moves vX to the newest of its major, in one push', () => {
    const { origin, work } = setUp();
    const first = release(work, '1.0.0', '--push');
    const one = git(work, ['rev-parse', 'HEAD']);
    expect(first).toMatchObject({
      status: 0,
      stdout: `pushed v1.0.0 and v1 at ${one.slice(0, 12)} to origin`,
    });
    expect(first.output).toBe('tagged=true\ntag=v1.0.0\nmajor=v1\n');
    expect(originTags(origin)).toEqual({ 'v1.0.0': one, v1: one });
    expect(git(origin, ['cat-file', '-t', 'refs/tags/v1.0.0'])).toBe('tag');

    const minor = release(work, '1.1.0', '--push');
    const two = git(work, ['rev-parse', 'HEAD']);
    expect(minor.status).toBe(0);
    expect(originTags(origin)).toEqual({ 'v1.0.0': one, 'v1.1.0': two, v1: two });

    // A maintenance release of an older line is tagged; v1 stays on the newest.
    git(work, ['checkout', '--quiet', '-b', 'maint', one]);
    const patch = release(work, '1.0.1', '--push');
    const three = git(work, ['rev-parse', 'HEAD']);
    expect(patch.stdout).toBe(`pushed v1.0.1 at ${three.slice(0, 12)} to origin`);
    expect(originTags(origin)).toEqual({ 'v1.0.0': one, 'v1.0.1': three, 'v1.1.0': two, v1: two });

    // A new major starts its own major tag and leaves v1 alone.
    git(work, ['checkout', '--quiet', '-B', 'main', two]);
    release(work, '2.0.0', '--push');
    const four = git(work, ['rev-parse', 'HEAD']);
    expect(originTags(origin)).toMatchObject({ v1: two, 'v2.0.0': four, v2: four });
  });

  it('is no release when the version is tagged already, and a re-run changes nothing', () => {
    const { origin, work } = setUp();
    release(work, '0.1.0', '--push');
    const tagged = git(work, ['rev-parse', 'HEAD']);
    const again = rerun(work, '--push');
    expect(again).toMatchObject({ status: 0, stdout: 'v0.1.0 and v0 are where they belong already' });
    expect(again.output).toBe('tagged=true\ntag=v0.1.0\nmajor=v0\n');
    // A push to main without a version bump: nothing tagged, nothing published.
    const unbumped = release(work, '0.1.0', '--push');
    expect(unbumped.stdout).toBe(
      `v0.1.0 is released already, at ${tagged.slice(0, 12)}: bump the version in package.json to release`,
    );
    expect(unbumped.output).toBe('tagged=false\ntag=v0.1.0\nmajor=v0\n');
    expect(originTags(origin)).toEqual({ 'v0.1.0': tagged, v0: tagged });
  });

  it('pushes nothing without --push, and refuses a version that is not X.Y.Z', () => {
    const { origin, work } = setUp();
    const dry = release(work, '0.2.0');
    expect(dry.stdout).toBe(
      `would push v0.2.0 and v0 at ${git(work, ['rev-parse', 'HEAD']).slice(0, 12)} (run with --push to push)`,
    );
    expect(dry.output).toBe('tagged=false\ntag=v0.2.0\nmajor=v0\n');
    expect(originTags(origin)).toEqual({});
    // Nothing was created locally either: the next run, with --push, tags and pushes.
    expect(git(work, ['tag', '--list'])).toBe('');
    expect(rerun(work, '--push').status).toBe(0);
    expect(Object.keys(originTags(origin))).toEqual(['v0', 'v0.2.0']);
    git(origin, ['tag', '--delete', 'v0', 'v0.2.0']);
    const pre = release(work, '0.3.0-rc.1', '--push');
    expect([pre.status, pre.stderr]).toEqual([
      1,
      'release-tags: package.json version "0.3.0-rc.1" is not X.Y.Z: only final versions are released',
    ]);
    expect(originTags(origin)).toEqual({});
  });

  it("tags nothing when the wheel's version (python/pyproject.toml) is not package.json's", () => {
    const { origin, work } = setUp();
    mkdirSync(join(work, 'python'));
    writeFileSync(join(work, 'python/pyproject.toml'), '[project]\nname = "pyrelease"\nversion = "0.1.0"\n');
    const skewed = release(work, '0.2.0', '--push');
    expect([skewed.status, skewed.stderr]).toEqual([
      1,
      'release-tags: python/pyproject.toml version "0.1.0" is not package.json\'s "0.2.0": the wheel is published at the tag\'s version, so both must be the same',
    ]);
    expect(originTags(origin)).toEqual({});
    writeFileSync(join(work, 'python/pyproject.toml'), '[project]\nname = "pyrelease"\nversion = "0.2.0"\n');
    expect(release(work, '0.2.0', '--push').status).toBe(0);
    expect(Object.keys(originTags(origin))).toEqual(['v0', 'v0.2.0']);
  });

  it('is released at one version: package.json and the wheel agree in this repository', () => {
    const wheel = /^version = "([^"]*)"$/m.exec(readFileSync(join(ROOT, 'python/pyproject.toml'), 'utf8'));
    expect(wheel?.[1]).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it("pushes over https with GITHUB_TOKEN in git's environment only, never its arguments or output", async () => {
    const { origin, work } = setUp();
    bump(work, '4.0.0');
    const token = 'ghs_release0tags0token0never0shown';
    const server = await new GitHttpsServer(origin, token, 'octo').start();
    const trace = join(root, 'git-trace');
    try {
      git(work, ['remote', 'set-url', 'origin', server.url]);
      // Asynchronously: the server answers from this process.
      const run = spawn(process.execPath, [SCRIPT, '--push'], {
        cwd: work,
        env: { ...process.env, ...server.env, GITHUB_TOKEN: token, GIT_TRACE: trace },
      });
      let shown = '';
      run.stdout.on('data', (chunk: Buffer) => (shown += chunk));
      run.stderr.on('data', (chunk: Buffer) => (shown += chunk));
      const status = await new Promise((resolve) => run.on('close', resolve));
      expect([status, shown]).toEqual([0, expect.stringContaining('pushed v4.0.0 and v4')]);
      // GIT_TRACE records each git command's arguments: neither the token nor its Basic form is among them.
      const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
      const traced = readFileSync(trace, 'utf8');
      expect(traced).toContain('trace: built-in: git push --atomic');
      for (const text of [shown, traced]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(basic);
      }
      expect(server.authorizations.flat()).toContain(
        `AUTHORIZATION: basic ${basic}`.slice('AUTHORIZATION: '.length),
      );
    } finally {
      await server.stop();
    }
    expect(Object.keys(originTags(origin))).toEqual(['v4', 'v4.0.0']);
  });

  it('loses to a concurrent run: the leased push changes nothing when the major tag moved meanwhile', () => {
    const { origin, work } = setUp();
    release(work, '3.0.0', '--push');
    // Another run moved v3 after this one listed the remote: played by a pre-receive hook that moves it
    // first, as the other run's push would have.
    const other = git(work, ['commit-tree', '-m', 'other', `${git(work, ['rev-parse', 'HEAD'])}^{tree}`]);
    git(work, ['push', '--quiet', 'origin', `${other}:refs/heads/other`]);
    bump(work, '3.1.0');
    // Git forbids ref updates inside a push's quarantine; the other run's push is not in it.
    writeFileSync(
      join(origin, 'hooks/pre-receive'),
      `#!/bin/sh\ncat >/dev/null\nenv -u GIT_QUARANTINE_PATH git update-ref refs/tags/v3 ${other}\nexit 0\n`,
      { mode: 0o755 },
    );
    const raced = rerun(work, '--push');
    expect(raced.status).toBe(1);
    expect(raced.stderr).toMatch(/^release-tags: git push failed: /);
    expect(originTags(origin)['v3.1.0']).toBeUndefined();
    expect(originTags(origin).v3).toBe(other);
    // The local tags the lost run made do not stop the next run.
    rmSync(join(origin, 'hooks/pre-receive'));
    expect(rerun(work, '--push')).toMatchObject({ status: 0 });
    expect(originTags(origin)['v3.1.0']).toBe(git(work, ['rev-parse', 'HEAD']));
  });
});
