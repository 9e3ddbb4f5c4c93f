import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs git synchronously for test set-up; throws with git's stderr when it fails. */
export function git(cwd: string, args: readonly string[], env: Record<string, string> = {}): string {
  const result = spawnSync('git', [...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  return result.stdout.trim();
}

export function pyproject(
  name: string,
  version: string,
  style: 'pep621' | 'poetry' | 'flit' = 'pep621',
): string {
  if (style === 'flit') {
    // flit_core: the quickest of the backends to start (one small pure-Python package).
    return `[project]\nname = "${name}"\nversion = "${version}"\ndescription = "${name}"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n`;
  }
  if (style === 'poetry') {
    return `[tool.poetry]\nname = "${name}"\nversion = "${version}"\ndescription = ""\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n`;
  }
  return `[project]\nname = "${name}"\nversion = "${version}"\nrequires-python = ">=3.9"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`;
}

export interface FixturePackage {
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly style?: 'pep621' | 'poetry' | 'flit';
}

/** A temporary monorepo: a working clone in `work` whose `origin` is the bare repository `origin`. */
export class Monorepo {
  readonly work: string;
  readonly origin: string;

  private constructor(readonly root: string) {
    this.work = join(root, 'work');
    this.origin = join(root, 'origin.git');
  }

  /** Creates the repository with `packages` committed on `base` and pushed to origin. */
  static create(packages: readonly FixturePackage[] = [], base = 'test'): Monorepo {
    const repo = new Monorepo(mkdtempSync(join(tmpdir(), 'pyrelease-test-')));
    git(repo.root, ['init', '--quiet', '--bare', '--initial-branch', base, repo.origin]);
    git(repo.root, ['init', '--quiet', '--initial-branch', base, repo.work]);
    repo.git('config', 'user.name', 'Test Maintainer');
    repo.git('config', 'user.email', 'maintainer@example.com');
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'tag.gpgsign', 'false');
    repo.git('remote', 'add', 'origin', repo.origin);
    const files: Record<string, string> = { 'README.md': '# demo monorepo\n' };
    for (const p of packages) {
      files[`${p.path}/pyproject.toml`] = pyproject(p.name, p.version, p.style);
      files[`${p.path}/src/${p.name.replace(/-/g, '_')}/__init__.py`] = '';
    }
    repo.commit('chore: initial layout', files);
    repo.git('push', '--quiet', 'origin', base);
    return repo;
  }

  /** A second working clone of the same origin (another runner, another maintainer). */
  static clone(of: Monorepo): Monorepo {
    const repo = new Monorepo(mkdtempSync(join(tmpdir(), 'pyrelease-clone-')));
    (repo as { origin: string }).origin = of.origin;
    git(repo.root, ['clone', '--quiet', of.origin, repo.work]);
    repo.git('config', 'user.name', 'Other Maintainer');
    repo.git('config', 'user.email', 'other@example.com');
    return repo;
  }

  git(...args: string[]): string {
    return git(this.work, args);
  }

  write(path: string, content: string): void {
    mkdirSync(dirname(join(this.work, path)), { recursive: true });
    writeFileSync(join(this.work, path), content);
  }

  read(path: string): string {
    return readFileSync(join(this.work, path), 'utf8');
  }

  /** Writes `files`, commits them with `message` and returns the new commit's SHA. */
  commit(message: string, files: Record<string, string>): string {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
    this.git('add', '--all');
    this.git('commit', '--quiet', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** A file as the bare origin has it at `ref`. */
  originFile(ref: string, path: string): string {
    return git(this.origin, ['show', `${ref}:${path}`]);
  }

  /**
   * A fresh clone of the origin at `tag`, detached, as actions/checkout leaves a tag's checkout (in
   * the repository's folder: cleanup removes it).
   */
  checkoutTag(tag: string): string {
    const dir = mkdtempSync(join(this.root, 'checkout-'));
    git(dir, ['clone', '--quiet', this.origin, dir]);
    git(dir, ['checkout', '--quiet', '--detach', tag]);
    return dir;
  }

  originTags(): string[] {
    return git(this.origin, ['tag', '--list']).split('\n').filter(Boolean).sort();
  }

  originRefs(): string {
    return git(this.origin, ['for-each-ref', '--format=%(refname) %(objectname)']);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Installs an executable hook script (`pre-receive` in a bare origin plays a protected branch). */
export function installHook(gitDir: string, name: string, script: string): void {
  const path = join(gitDir, 'hooks', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, script, { mode: 0o755 });
}

/**
 * Plays a racing push: when the next push reaches `origin`, the tag `tag` appears there on `target`
 * first (created by origin's pre-receive hook, outside the push's quarantine, so the push finds it
 * taken). A hook of the remote, not of the checkout: pyrelease runs no hook of the repository it
 * releases.
 */
export function tagAppearsOnPush(origin: string, tag: string, target: string): void {
  installHook(
    origin,
    'pre-receive',
    `#!/bin/sh\ncat >/dev/null\nunset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\ngit --git-dir="${origin}" tag ${tag} ${target} 2>/dev/null\nexit 0\n`,
  );
}

/** A pre-receive hook that rejects any update of `ref` the way GitHub's branch protection does. */
export function protectBranch(origin: string, ref: string, code = 'GH006'): void {
  installHook(
    origin,
    'pre-receive',
    `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "${ref}" ]; then\n    echo "error: ${code}: Protected branch update failed for $ref." >&2\n    exit 1\n  fi\ndone\nexit 0\n`,
  );
}
