import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotations, runAction } from '../support/action-runner.js';
import { FakeGitHub } from '../support/fake-github.js';
import { git, Monorepo } from '../support/repo.js';

let repo: Monorepo | null = null;
afterEach(() => {
  repo?.cleanup();
  repo = null;
});

const SUBJECTS = [
  'fix: $(touch PWNED_SUBST) and `touch PWNED_TICK` ; touch PWNED_SEMI',
  '::error::forged annotation',
  '::add-mask::everything',
  'feat: <script>alert(1)</script> [click](javascript:alert(1)) | table | breaker',
  `fix: ${'very long line '.repeat(400)}`,
];

describe('hostile input', () => {
  it('executes nothing and lets no commit text become a workflow command, a link or HTML', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '1.0.0' }]);
    let n = 0;
    for (const subject of SUBJECTS)
      repo.commit(`${subject}\n\nrelease(core): 9.9.9 in the body only`, { [`libs/core/f${n++}.py`]: 'x\n' });
    // Subjects whose bytes are not UTF-8: Latin-1 declared in the commit (git re-encodes it), and a stray byte.
    const latin1 = join(repo.root, 'latin1-message');
    writeFileSync(latin1, Buffer.from([...Buffer.from('fix: caf'), 0xe9]));
    repo.write('libs/core/latin.py', 'x\n');
    repo.git('add', '--all');
    git(repo.work, ['-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '--quiet', '-F', latin1]);
    writeFileSync(latin1, Buffer.from([...Buffer.from('fix: stray '), 0xff, ...Buffer.from(' byte')]));
    repo.write('libs/core/stray.py', 'x\n');
    repo.git('add', '--all');
    git(repo.work, ['commit', '--quiet', '-F', latin1]);
    repo.git('push', '--quiet', 'origin', 'test');
    const github = new FakeGitHub();
    const api = await github.start();
    try {
      // Valid for git (it checks), and a command twice over for a shell.
      const branch = 'release/$(touch${IFS}PWNED_BRANCH)`touch${IFS}PWNED_BT`';
      git(repo.work, ['check-ref-format', '--branch', branch]);
      const run = await runAction('cut-release', {
        cwd: repo.work,
        inputs: { mode: 'final', 'base-branch': 'test', 'release-branch': branch, token: 't' },
        env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD'), GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: api },
      });
      expect(annotations(run.stdout, 'error')).toEqual([]);
      expect(run.code).toBe(0);
      // Nothing ran: no file appeared anywhere a shell would have created one.
      for (const dir of [repo.work, repo.root, process.cwd()]) {
        for (const marker of ['PWNED_SUBST', 'PWNED_TICK', 'PWNED_SEMI', 'PWNED_BRANCH', 'PWNED_BT'])
          expect(existsSync(join(dir, marker))).toBe(false);
      }
      expect(git(repo.origin, ['rev-parse', '--verify', `refs/heads/${branch}`])).toMatch(/^[0-9a-f]{40}$/);
      // The only workflow commands are pyrelease's own.
      const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
      expect(commands.every((l) => l.startsWith('::add-mask::t') || l.startsWith('::debug::'))).toBe(true);
      // The changelog keeps the text but defuses HTML and links; the body-only "release(...)" is not a release.
      const log = git(repo.origin, ['show', `core-v1.0.0:libs/core/CHANGELOG.md`]);
      expect(log).toContain('- feat: \\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1))');
      expect(log).toContain('- ::error::forged annotation');
      expect(log).toContain('- fix: café (');
      // git re-encodes the stray byte itself; the entry stays, as one valid character.
      expect(log).toMatch(/- fix: stray . byte \(/u);
      expect(run.outputs.tags).toBe('core-v1.0.0');
      const body = (github.requests[0].body as { body: string }).body;
      expect(body).not.toContain('<script>');
      expect(run.summary).not.toContain('<script>');
      expect(readFileSync(join(repo.work, '.git/config'), 'utf8')).not.toContain('AUTHORIZATION');
    } finally {
      await github.stop();
    }
  });

  it('uses hostile paths and tag formats verbatim, never as code, and rejects a hostile name in one line', async () => {
    const path = 'libs/$(touch PWNED_PATH) `touch PWNED_PT`; x';
    repo = Monorepo.create([{ path, name: 'core', version: '1.0.0' }]);
    const format = "{name}-v{version}$(touch$IFS'PWNED_TAG')`touch$IFS'PWNED_TB'`";
    const run = await runAction('cut-release', {
      cwd: repo.work,
      inputs: {
        mode: 'final',
        'base-branch': 'test',
        'release-branch': 'release',
        'tag-format': format,
        'create-github-release': 'false',
      },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(annotations(run.stdout, 'error')).toEqual([]);
    const tag = "core-v1.0.0$(touch$IFS'PWNED_TAG')`touch$IFS'PWNED_TB'`";
    expect(run.outputs.tags).toBe(tag);
    expect(repo.originTags()).toEqual([tag]);
    expect(git(repo.origin, ['show', `release:${path}/CHANGELOG.md`])).toMatch(
      /^# Changelog\n\n## 1\.0\.0 \(/,
    );
    for (const dir of [repo.work, join(repo.work, 'libs'), repo.root, process.cwd()]) {
      for (const marker of ['PWNED_PATH', 'PWNED_PT', 'PWNED_TAG', 'PWNED_TB'])
        expect(existsSync(join(dir, marker))).toBe(false);
    }

    // A name is a Python distribution name or an error; a newline in it cannot start a workflow command.
    repo.git('checkout', '--quiet', 'test');
    repo.commit('fix: rename', {
      [`${path}/pyproject.toml`]: '[project]\nname = "evil\\n::error::forged"\nversion = "1.0.0"\n',
    });
    repo.git('push', '--quiet', 'origin', 'test');
    const before = repo.originRefs();
    const bad = await runAction('cut-release', {
      cwd: repo.work,
      inputs: { mode: 'final', 'base-branch': 'test', 'release-branch': 'release' },
      env: { GITHUB_SHA: repo.git('rev-parse', 'HEAD') },
    });
    expect(bad.code).toBe(1);
    expect(annotations(bad.stdout, 'error')).toEqual([
      `${path}/pyproject.toml: project name "evil\\n::error::forged" is not a valid Python distribution name`,
    ]);
    expect(bad.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1);
    expect(repo.originRefs()).toBe(before);
  });
});
