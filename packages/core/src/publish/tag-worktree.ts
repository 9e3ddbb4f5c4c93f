import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUpOnStop } from '../git/exec.js';
import type { Git } from '../git/git.js';

/**
 * A checkout of one tag after another, for a step that builds several tags (each at its own release
 * commit): a detached worktree of the repository in a private folder, moved to each tag's commit and
 * cleaned of the last build (ignored files too), so each build sees exactly its tag's files. The
 * user's checkout is never moved. Removed at the end, and on a stop signal.
 */
export class TagWorktree {
  private readonly dir: string;
  private added = false;
  private readonly forget: () => void;

  constructor(
    private readonly git: Git,
    tempDir: string,
  ) {
    this.dir = join(mkdtempSync(join(tempDir, 'pyrelease-checkout-')), 'tree');
    this.forget = cleanUpOnStop(() => rmSync(this.dir, { recursive: true, force: true }));
  }

  /** The worktree at `commit`, clean: a Git that works in it. */
  async at(commit: string): Promise<Git> {
    // No hook of the repository runs (post-checkout): moving our worktree is not the user's checkout.
    const quiet = ['-c', 'advice.detachedHead=false', '-c', 'core.hooksPath=/dev/null'];
    if (!this.added) {
      await this.git.run([...quiet, 'worktree', 'add', '--quiet', '--detach', '--force', this.dir, commit]);
      this.added = true;
    } else {
      const tree = this.git.in(this.dir);
      await tree.run([...quiet, 'checkout', '--quiet', '--force', '--detach', commit]);
      await tree.run(['clean', '-ffdxq']);
    }
    return this.git.in(this.dir);
  }

  /** Removes the worktree and git's record of it. */
  async remove(): Promise<void> {
    this.forget();
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
    if (this.added) await this.git.run(['worktree', 'prune']).catch(() => undefined);
  }
}
