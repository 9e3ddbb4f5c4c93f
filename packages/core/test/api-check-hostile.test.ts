import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { cutRelease, Git, RecordingLogger, UserError, type CutReleaseOptions } from '../src/index.js';
import { Monorepo } from '../../../test/support/repo.js';

// What an outside review of the API check found (each was a reproduction before its fix).
let repo: Monorepo;
const scratch: string[] = [];
const cwd = process.cwd();
afterEach(() => {
  process.chdir(cwd);
  repo?.cleanup();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-api-hostile-'));
  scratch.push(dir);
  return dir;
}

function land(message: string, files: Record<string, string>): void {
  repo.git('checkout', '--quiet', 'test');
  repo.commit(message, files);
  repo.git('push', '--quiet', 'origin', 'test');
}

async function release(options: Partial<CutReleaseOptions> = {}) {
  const logger = new RecordingLogger();
  const result = await cutRelease(
    new Git(repo.work),
    { mode: 'final', baseBranch: 'test', releaseBranch: 'release', push: true, tempDir: temp(), ...options },
    logger,
  );
  repo.git('checkout', '--quiet', 'test');
  return { result, tags: result.released.map((r) => r.tag) };
}

/** Packages `names`, each released at 1.0.0 with a public `gone`, then `gone` removed by a `fix:`. */
async function removedByAFix(names: readonly string[], extra: Record<string, string> = {}): Promise<void> {
  const packages = names.map((name) => ({ path: `libs/${name}`, name, version: '1.0.0' }));
  repo = Monorepo.create(packages);
  const api = (body: string) =>
    Object.fromEntries(names.map((n) => [`libs/${n}/src/${n}/__init__.py`, body]));
  land('feat: the API', api('def gone(): ...\ndef keep(): ...\n'));
  await release();
  land('fix: tidy up', { ...api('def keep(): ...\n'), ...extra });
}

describe('the API check runs nothing of the repository', () => {
  it('imports no module from the working directory (a griffe.py or textwrap.py at the root)', async () => {
    const marker = join(temp(), 'ran');
    const writes = `open(${JSON.stringify(marker)}, "a").write(__name__)\n`;
    await removedByAFix(['core'], { 'griffe.py': writes, 'textwrap.py': writes, 'importlib.py': writes });
    // The runner starts the action in the checkout.
    process.chdir(repo.work);
    const run = await release();
    expect(run.tags).toEqual(['core-v1.0.1']);
    expect(run.result.plan.warnings).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('writes nothing outside its own folder for a tree entry named ".."', async () => {
    await removedByAFix(['core']);
    // A tree git itself never makes: libs/core/src/core/../escaped.py, built with mktree and pushed.
    const gitIn = (args: string[], input?: string) => {
      const out = spawnSync('git', args, { cwd: repo.work, input, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      return out.stdout.trim();
    };
    const blob = gitIn(['hash-object', '-w', '--stdin'], 'import os\n');
    let tree = gitIn(['mktree'], `100644 blob ${blob}\tescaped.py\n`);
    for (let i = 0; i < 6; i += 1) tree = gitIn(['mktree'], `040000 tree ${tree}\t..\n`);
    /** The tree of `parent` at HEAD with its entry `name` set to `child`. */
    const withEntry = (parent: string, name: string, child: string) => {
      const lines = gitIn(['ls-tree', `HEAD:${parent}`])
        .split('\n')
        .filter((l) => l && !l.endsWith(`\t${name}`));
      return gitIn(['mktree'], `${[...lines, `040000 tree ${child}\t${name}`].join('\n')}\n`);
    };
    for (const [parent, name] of [
      ['libs/core/src/core', '..'],
      ['libs/core/src', 'core'],
      ['libs/core', 'src'],
      ['libs', 'core'],
      ['', 'libs'],
    ] as const) {
      tree = withEntry(parent, name, tree);
    }
    const commit = gitIn(['commit-tree', tree, '-p', 'HEAD', '-m', 'fix(core): more']);
    gitIn(['push', '--quiet', 'origin', `${commit}:refs/heads/test`]);
    // Six levels up from the module's folder stay inside `outer`.
    const outer = temp();
    const tempDir = join(outer, 'a', 'b', 'c', 'd', 'e', 'f', 'g');
    mkdirSync(tempDir, { recursive: true });
    const error = await release({ tempDir, skipBaseSyncCheck: true }).then(
      () => null,
      (e: unknown) => e,
    );
    // git refuses to check such a tree out; the check before it wrote nothing out of its folder.
    expect(error).toBeInstanceOf(UserError);
    expect(readdirSync(outer, { recursive: true }).filter((f) => String(f).endsWith('escaped.py'))).toEqual(
      [],
    );
  });
});

describe('the processes of the API check', () => {
  it('starts the same git processes for 2 and for 12 packages: griffe starts none of its own', async () => {
    const calls: number[] = [];
    for (const n of [2, 12]) {
      await removedByAFix(Array.from({ length: n }, (_, i) => `p${i}`));
      const bin = temp();
      const log = join(bin, 'calls');
      const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${real}" "$@"\n`);
      chmodSync(join(bin, 'git'), 0o755);
      const path = process.env.PATH;
      process.env.PATH = `${bin}:${path}`;
      try {
        const run = await release();
        expect(run.result.plan.warnings).toHaveLength(n);
      } finally {
        process.env.PATH = path;
      }
      calls.push(readFileSync(log, 'utf8').trim().split('\n').length);
      repo.cleanup();
    }
    expect(calls[1]).toBe(calls[0]);
  });
});

describe('a file the check cannot read', () => {
  it('stops a check that raises or fails, and is a warning where it only warns', async () => {
    // PEP 695 syntax, which the test venv's Python (3.11) cannot parse: griffe would drop the module.
    await removedByAFix(['core'], { 'libs/core/src/core/util.py': 'def helper[T](x: T) -> T: return x\n' });
    const error = await release({ apiCheck: 'fail' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /^core: the API check could not read core\.util: SyntaxError: .*, so it cannot tell whether 1\.0\.1 covers its changes \(api-check = "fail"\); nothing was changed: /,
    );
    const run = await release();
    expect(run.tags).toEqual(['core-v1.0.1']);
    expect(run.result.plan.warnings[0]).toMatch(
      /^core: the API check could not read core\.util: SyntaxError: /,
    );
    // The module it could not read is never reported removed.
    expect(run.result.plan.warnings.join('\n')).not.toContain('removed module');
  });
});
