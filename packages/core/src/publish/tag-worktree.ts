import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cleanUpOnStop } from '../git/exec.js';
import type { Git } from '../git/git.js';

/**
 * A checkout of one tag after another, for a step that builds several tags (each at its own release
 * commit): a detached worktree of the repository in a private folder, moved to each tag's commit and
 * cleaned of the last build (ignored files too), so each build sees exactly its tag's files. The
 * user's checkout and its other worktrees are never touched. Removed at the end, and on a stop signal.
 */
export class TagWorktree {
  /** A folder of its own, whose unique name git also gives the worktree's record (.git/worktrees/<name>). */
  private readonly dir: string;
  /** That record: removed with the folder, and nothing else of the repository's worktrees. */
  private record: string | null = null;
  private added = false;
  private readonly forget: () => void;

  constructor(
    private readonly git: Git,
    tempDir: string,
  ) {
    this.dir = mkdtempSync(join(tempDir, 'pyrelease-checkout-'));
    this.forget = cleanUpOnStop(() => this.removeFiles());
  }

  /** The worktree at `commit`, clean: a Git that works in it. */
  async at(commit: string): Promise<Git> {
    if (!this.added) {
      const common = await this.git.text(['rev-parse', '--path-format=absolute', '--git-common-dir']);
      this.record = join(common, 'worktrees', basename(this.dir));
      try {
        await this.git.run(
          [...QUIET, 'worktree', 'add', '--quiet', '--detach', '--force', this.dir, commit],
          {
            env: AS_CHECKED_OUT,
          },
        );
      } catch (error) {
        // What a failed add left must not stand in the way of the next tag's.
        this.removeFiles();
        throw error;
      }
      this.added = true;
    } else {
      const tree = this.git.in(this.dir);
      await tree.run([...QUIET, 'checkout', '--quiet', '--force', '--detach', commit], {
        env: AS_CHECKED_OUT,
      });
      await tree.run(['clean', '-ffdxq']);
    }
    return this.git.in(this.dir);
  }

  /** Removes the worktree and git's record of it. */
  async remove(): Promise<void> {
    this.forget();
    this.removeFiles();
  }

  private removeFiles(): void {
    rmSync(this.dir, { recursive: true, force: true });
    if (this.record) rmSync(this.record, { recursive: true, force: true });
  }
}

/** No hook of the repository runs (post-checkout): moving our worktree is not the user's checkout. */
const QUIET = ['-c', 'advice.detachedHead=false', '-c', 'core.hooksPath=/dev/null'];

/**
 * Files as actions/checkout leaves them: Git LFS files stay pointers (its `lfs: false` default), so a
 * tag is built from the same files as a checkout of it would hold.
 */
const AS_CHECKED_OUT = { GIT_LFS_SKIP_SMUDGE: '1' };
