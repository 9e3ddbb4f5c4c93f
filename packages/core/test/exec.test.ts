import { describe, expect, it } from '@jest/globals';
import { CommandError, runCommand } from '../src/index.js';

// A shell here plays a program whose child (an ssh master, git's transport helper, a hook's background
// job) keeps the pipes open after the program itself is gone.
describe('runCommand time limit', () => {
  it('answers when the command exits in time, although a child of it still holds the pipes', async () => {
    const started = Date.now();
    const result = await runCommand('sh', ['-c', 'echo hi; sleep 6 & exit 0'], { timeoutMs: 500 });
    expect(result.stdout.toString()).toBe('hi\n');
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('gives up on a command that hangs, without waiting for its child to let go of the pipes', async () => {
    const started = Date.now();
    const error = await runCommand('sh', ['-c', 'echo started >&2; sleep 6 & sleep 6'], {
      timeoutMs: 500,
      displayName: 'hanging',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(
      'hanging -c echo started >&2; sleep 6 & sleep 6 failed: timed out after 1 s',
    );
    expect((error as CommandError).stderr).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
