import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  cutRelease,
  Git,
  RecordingLogger,
  releaseOutputs,
  type PublishChunk,
} from '../../packages/core/src/index.js';
import { git, pyproject } from '../support/repo.js';
import { IndexFake } from './index-fake.js';
import { KillingGit } from './killing-git.js';
import {
  FOLDERS,
  lock,
  requirementText,
  ROOT_PYPROJECT,
  withRequirement,
  type Folder,
  type RequirementShape,
} from './workspace.js';

/** The packages every simulated repository starts with: one before 1.0 and one after. */
export const PACKAGES = [
  { name: 'alpha', path: 'libs/alpha', version: '0.1.0' },
  { name: 'beta', path: 'libs/beta', version: '1.2.0' },
] as const;
export type Branch = 'test' | 'master';

/** The runs of the flow: rc from test, final from master, and dev releases from test (nightly builds). */
export type Channel = 'rc' | 'final' | 'dev';
export const CHANNELS: readonly Channel[] = ['rc', 'final', 'dev'];
export const BASE: Record<Channel, string> = { rc: 'test', final: 'master', dev: 'test' };
export const RELEASE_BRANCH: Record<Channel, string> = {
  rc: 'release-test',
  final: 'release',
  dev: 'release-dev',
};

export interface RunOutcome {
  readonly killed: boolean;
  /** The message of a run that failed without being killed. */
  readonly failure: string | null;
  /** What the publish jobs would take (an uninterrupted run's `publish` output). */
  readonly publish: readonly { name: string; version: string; tag: string }[];
  /** The same cut in chunks of two tags, as the templates' jobs take them. */
  readonly chunks: readonly PublishChunk[];
  readonly released: readonly string[];
}

/**
 * A repository as the release flow sees it: a bare origin with test and master, a clone where people
 * commit, two indexes (TestPyPI for rcs, PyPI for finals), and a fresh clone for every release run, as
 * a CI job has. Every step is real git; the release runs are the real core.
 */
export class World {
  readonly root = mkdtempSync(join(tmpdir(), 'pyrelease-sim-'));
  readonly origin = join(this.root, 'origin.git');
  readonly dev = join(this.root, 'dev');
  readonly indexes: Record<Channel, IndexFake> = {
    rc: new IndexFake(),
    final: new IndexFake(),
    dev: new IndexFake(),
  };
  /** Each branch's package folders as they are now (a package is added on test, or moved there). */
  readonly paths: Record<Branch, Map<string, string>> = {
    test: new Map(PACKAGES.map((p) => [p.name, p.path])),
    master: new Map(PACKAGES.map((p) => [p.name, p.path])),
  };
  private counter = 0;
  /** Release runs stopped before their end. */
  kills = 0;
  /** A fixed day: the same changelog headings in a run and its re-run. */
  readonly now = new Date('2026-12-01T12:00:00Z');

  async start(): Promise<this> {
    for (const channel of CHANNELS) await this.indexes[channel].start();
    git(this.root, ['init', '--quiet', '--bare', '--initial-branch', 'master', this.origin]);
    git(this.root, ['init', '--quiet', '--initial-branch', 'master', this.dev]);
    this.configure(this.dev);
    git(this.dev, ['remote', 'add', 'origin', this.origin]);
    // A package folder moved on one side follows into the other side's new files when they meet.
    git(this.dev, ['config', 'merge.directoryRenames', 'true']);
    this.write('README.md', '# simulated monorepo\n');
    this.write('pyproject.toml', ROOT_PYPROJECT);
    for (const p of PACKAGES) this.writePackage(p.path, p.name, p.version);
    lock(this.dev);
    git(this.dev, ['add', '--all']);
    git(this.dev, ['commit', '--quiet', '-m', 'chore: initial layout']);
    git(this.dev, ['branch', 'test']);
    git(this.dev, ['push', '--quiet', 'origin', 'master', 'test']);
    return this;
  }

  async stop(): Promise<void> {
    for (const channel of CHANNELS) await this.indexes[channel].stop();
    rmSync(this.root, { recursive: true, force: true });
  }

  next(): number {
    this.counter += 1;
    return this.counter;
  }

  private configure(dir: string): void {
    for (const [key, value] of [
      ['user.name', 'Sim Maintainer'],
      ['user.email', 'sim@example.com'],
      ['commit.gpgsign', 'false'],
      ['tag.gpgsign', 'false'],
    ])
      git(dir, ['config', key, value]);
  }

  private writePackage(path: string, name: string, version: string): void {
    this.write(`${path}/pyproject.toml`, pyproject(name, version));
    // Not empty: git finds no renames of empty files, so a moved folder would not take others' new files.
    this.write(`${path}/src/${name}/__init__.py`, `"""${name}."""\n`);
    this.write(`${path}/CHANGELOG.md`, '# Changelog\n');
  }

  private write(path: string, content: string): void {
    mkdirSync(dirname(join(this.dev, path)), { recursive: true });
    writeFileSync(join(this.dev, path), content);
  }

  devGit(...args: string[]): string {
    return git(this.dev, args);
  }

  /** Checks out `branch` in the people's clone (it is the only writer of test and master). */
  on(branch: string): void {
    this.devGit('checkout', '--quiet', branch);
  }

  /** A commit on `branch` touching each package in `packages` (none: the root), pushed. */
  commit(branch: Branch, packages: readonly string[], message: string): string {
    this.on(branch);
    const n = this.next();
    if (packages.length === 0) this.write(`docs/note_${n}.md`, `note ${n}\n`);
    for (const name of packages) {
      this.write(`${this.paths[branch].get(name)}/src/${name}/change_${n}.py`, `CHANGE = ${n}\n`);
    }
    this.devGit('add', '--all');
    this.devGit('commit', '--quiet', '-m', message);
    this.devGit('push', '--quiet', 'origin', branch);
    return this.devGit('rev-parse', 'HEAD');
  }

  /** A line written by hand at the end of a package's CHANGELOG.md on `branch`, pushed. */
  handEdit(branch: Branch, name: string, line: string): void {
    this.on(branch);
    const path = join(this.dev, this.paths[branch].get(name) as string, 'CHANGELOG.md');
    writeFileSync(path, `${readFileSync(path, 'utf8').trimEnd()}\n\n${line}\n`);
    this.devGit('add', '--all');
    this.devGit('commit', '--quiet', '-m', `docs(${name}): a note in the changelog by hand`);
    this.devGit('push', '--quiet', 'origin', branch);
  }

  /** A new package `name` under `folder` on test, at 0.1.0, locked and pushed. */
  addPackage(name: string, folder: Folder, message: string): void {
    this.on('test');
    const path = `${folder}/${name}`;
    this.writePackage(path, name, '0.1.0');
    this.paths.test.set(name, path);
    this.commitAll('test', message, true);
  }

  /**
   * `dependent` starts to require `dependency` on test (a workspace source, a requirement of `shape`
   * on the version test declares for it), locked and pushed.
   */
  depend(dependent: string, dependency: string, shape: RequirementShape, message: string): string {
    this.on('test');
    const file = join(this.dev, this.paths.test.get(dependent) as string, 'pyproject.toml');
    const declared = /^version = "(.*)"$/m.exec(
      readFileSync(join(this.dev, this.paths.test.get(dependency) as string, 'pyproject.toml'), 'utf8'),
    )?.[1] as string;
    const requirement = requirementText(dependency, shape, declared);
    writeFileSync(file, withRequirement(readFileSync(file, 'utf8'), dependency, requirement));
    this.commitAll('test', message, true);
    return requirement;
  }

  /** `name`'s folder moved to `folder` on test (git mv), locked and pushed. */
  move(name: string, folder: Folder, message: string): void {
    this.on('test');
    const path = `${folder}/${name}`;
    mkdirSync(join(this.dev, folder), { recursive: true });
    this.devGit('mv', this.paths.test.get(name) as string, path);
    this.paths.test.set(name, path);
    // uv cannot re-lock a member whose locked folder is gone: the lock is made anew, as people do.
    rmSync(join(this.dev, 'uv.lock'));
    this.commitAll('test', message, true);
  }

  private commitAll(branch: Branch, message: string, relock: boolean): void {
    if (relock) lock(this.dev);
    this.devGit('add', '--all');
    this.devGit('commit', '--quiet', '-m', message);
    this.devGit('push', '--quiet', 'origin', branch);
  }

  /** Reverts the newest commit of `branch` (a plain commit of the simulator's), pushed. */
  revertHead(branch: Branch): string {
    this.on(branch);
    this.devGit('revert', '--no-edit', 'HEAD');
    this.devGit('push', '--quiet', 'origin', branch);
    return this.devGit('log', '-1', '--format=%s');
  }

  /** The commits `into` lacks of `from`, oldest first, without merges: what a pull request lists. */
  private pullRequestCommits(from: string, into: string): string[] {
    const out = this.devGit('rev-list', '--reverse', '--no-merges', `${into}..${from}`);
    return out ? out.split('\n') : [];
  }

  /**
   * test -> master by one of GitHub's buttons. A fast-forward that is not possible is a merge commit
   * (returned: the method used). Conflicts cannot arise from the simulator's own files; a changelog
   * edited on both sides keeps test's.
   */
  promote(method: 'merge' | 'squash' | 'rebase' | 'ff'): string {
    this.on('master');
    const commits = this.pullRequestCommits('test', 'master');
    if (commits.length === 0 && method !== 'merge') return 'nothing to promote';
    const pr = this.next();
    if (method === 'ff' && this.isAncestor('master', 'test')) {
      this.devGit('merge', '--quiet', '--ff-only', 'test');
    } else if (method === 'squash') {
      this.devGit('merge', '--quiet', '--squash', '-X', 'theirs', 'test');
      const body = commits.map((c) => `* ${this.devGit('log', '-1', '--format=%B', c).trim()}`).join('\n\n');
      this.devGit('commit', '--quiet', '--allow-empty', '-m', `Promote test to master (#${pr})`, '-m', body);
    } else if (method === 'rebase') {
      // GitHub commits a rebase as itself, so its commits are always new ones. A cherry-pick by the
      // author in the same second as the original would be that very commit: the clock would decide.
      const github = { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };
      for (const c of commits)
        git(
          this.dev,
          ['cherry-pick', '--quiet', '-X', 'theirs', '--allow-empty', '--keep-redundant-commits', c],
          github,
        );
    } else {
      this.devGit(
        'merge',
        '--quiet',
        '--no-ff',
        '-X',
        'theirs',
        '-m',
        `Merge pull request #${pr} from org/test`,
        'test',
      );
    }
    this.devGit('push', '--quiet', 'origin', 'master');
    // Master now has test's folders: its packages, where test has them.
    this.paths.master.clear();
    for (const [name, path] of this.paths.test) this.paths.master.set(name, path);
    return method === 'ff' && !this.isAncestor('master', 'test')
      ? 'merge (no fast-forward possible)'
      : method;
  }

  /** master merged back into test (hotfixes and release history), keeping test's side of a conflict. */
  mergeBack(): void {
    this.on('test');
    this.devGit('merge', '--quiet', '--no-ff', '--no-commit', '-X', 'ours', 'master');
    this.dropStaleCopies();
    // Nothing to merge (master is in test already): no merge in progress, nothing to commit.
    if (this.merging()) this.devGit('commit', '--quiet', '-m', "Merge branch 'master' into test");
    this.devGit('push', '--quiet', 'origin', 'test');
  }

  /**
   * A package's folder at another path than test's, brought in by the merge: master's copy of a package
   * created on test, promoted by rebase or squash (a new commit, not test's) and moved on test since.
   * The merge base predates the package, so git sees two unrelated adds and keeps both, and uv refuses
   * two members of one name. People resolve that merge by deleting the stale copy (test's side, as for
   * any conflict here) and re-locking, in the merge commit itself: test keeps each package once, at
   * its path in `paths.test`.
   */
  private dropStaleCopies(): void {
    const stale = [...this.paths.test].flatMap(([name, path]) =>
      FOLDERS.map((f) => `${f}/${name}`).filter((p) => p !== path && this.devGit('ls-files', '--', p) !== ''),
    );
    if (stale.length === 0) return;
    this.devGit('rm', '-r', '-f', '--quiet', '--', ...stale);
    // uv cannot re-lock a member whose locked folder is gone: the lock is made anew, as in `move`.
    rmSync(join(this.dev, 'uv.lock'), { force: true });
    lock(this.dev);
    this.devGit('add', '--all');
  }

  private merging(): boolean {
    try {
      this.devGit('rev-parse', '--quiet', '--verify', 'MERGE_HEAD');
      return true;
    } catch {
      return false;
    }
  }

  isAncestor(a: string, b: string): boolean {
    try {
      this.devGit('merge-base', '--is-ancestor', a, b);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether `tip` in the origin has `commit` in its history. */
  originHas(commit: string, tip: string): boolean {
    try {
      git(this.origin, ['merge-base', '--is-ancestor', commit, tip]);
      return true;
    } catch {
      return false;
    }
  }

  /** The origin's tags: name -> the commit each names. */
  originTags(): Map<string, string> {
    const out = git(this.origin, [
      'for-each-ref',
      '--format=%(refname:strip=2) %(*objectname) %(objectname)',
      'refs/tags',
    ]);
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [name, peeled, object] = line.split(' ');
          return [name, peeled || object] as const;
        }),
    );
  }

  originRef(ref: string): string | null {
    try {
      return git(this.origin, ['rev-parse', '--verify', '--quiet', ref]);
    } catch {
      return null;
    }
  }

  /** A copy of the origin as it is now, for a run nothing interrupts to compare with. */
  snapshotOrigin(): string {
    const copy = join(this.root, `origin-copy-${this.next()}.git`);
    cpSync(this.origin, copy, { recursive: true });
    return copy;
  }

  /**
   * One release job: a fresh clone of `origin` at the base branch, cut-release with push, stopped at
   * git call `kill.at` when given. The outcome says what the publish jobs would take.
   */
  async release(
    channel: Channel,
    kill: { at: number; after: boolean } | null,
    origin = this.origin,
  ): Promise<RunOutcome> {
    const dir = join(this.root, `run-${this.next()}`);
    git(this.root, ['clone', '--quiet', '--branch', BASE[channel], origin, dir]);
    this.configure(dir);
    const runner = kill ? new KillingGit(dir, kill.at, kill.after) : new Git(dir);
    try {
      const result = await cutRelease(
        runner,
        {
          mode: channel,
          baseBranch: BASE[channel],
          releaseBranch: RELEASE_BRANCH[channel],
          push: true,
          testedSha: git(dir, ['rev-parse', 'HEAD']),
          indexUrl: this.indexes[channel].url,
          now: this.now,
        },
        new RecordingLogger(),
      );
      const outputs = releaseOutputs(result, false, { size: 2, most: 256 });
      return {
        killed: false,
        failure: null,
        publish: outputs.publish,
        chunks: outputs['publish-chunks'],
        released: outputs.released.map((r) => r.tag),
      };
    } catch (error) {
      if (runner instanceof KillingGit && runner.dead) {
        this.kills += 1;
        return { killed: true, failure: null, publish: [], chunks: [], released: [] };
      }
      return { killed: false, failure: (error as Error).message, publish: [], chunks: [], released: [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The content of `path` at `rev` in the origin; null when it is not there. */
  fileAt(rev: string, path: string): string | null {
    try {
      return git(this.origin, ['show', `${rev}:${path}`]);
    } catch {
      return null;
    }
  }

  /** Every commit reachable from test or master in the origin. */
  reachable(): Set<string> {
    return new Set(git(this.origin, ['rev-list', 'test', 'master']).split('\n').filter(Boolean));
  }
}
