import { Git, type GitResult, type GitRunOptions } from '../../packages/core/src/index.js';

/** The end of a run the simulator stopped: thrown by every git call from the stop on. */
export class Killed extends Error {
  constructor(readonly at: number) {
    super(`killed at git call ${at}`);
  }
}

/**
 * A Git that dies at call `at`: before running it, or right after it returned (a push that reached the
 * remote, then the process was killed). Every later call dies too: a killed process runs nothing more.
 */
export class KillingGit extends Git {
  private calls = 0;
  /** Whether the run reached its stop (whatever the core made of the error it got there). */
  dead = false;

  constructor(
    cwd: string,
    private readonly at: number,
    private readonly after: boolean,
  ) {
    super(cwd);
  }

  override async run(args: readonly string[], options?: GitRunOptions): Promise<GitResult> {
    this.calls += 1;
    if (this.dead || (this.calls === this.at && !this.after)) {
      this.dead = true;
      throw new Killed(this.at);
    }
    const result = await super.run(args, options);
    if (this.calls === this.at) {
      this.dead = true;
      throw new Killed(this.at);
    }
    return result;
  }
}
