import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { UserError } from '../../../packages/core/src/errors.js';
import { runnerCommands } from '../../../test/support/runner-log.js';
import { actionLogger, info, runAction } from '../src/log.js';

// Whatever writes the actions' log (this module today, @actions/core after issue #13) must keep these.
const HOSTILE =
  'fix: a\r  ::error::forged\n\t::add-mask::x ##[set-output name=proceed]true\n::stop-commands::x';

let stdout = '';
beforeEach(() => {
  stdout = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
});

const commands = () => runnerCommands(stdout).map((c) => [c.command, c.data]);

describe("the actions' log, read as the runner reads it", () => {
  it('info shows hostile text and runs none of it; plain text stays plain', () => {
    actionLogger.info(HOSTILE);
    info('pushed release and 2 tag(s) to origin in one atomic push');
    expect(commands()).toEqual([]);
    expect(stdout).toContain(`${HOSTILE}\n`);
    expect(stdout.endsWith('\npushed release and 2 tag(s) to origin in one atomic push\n')).toBe(true);
  });

  it('debug and warning are one command each, carrying the hostile text as data', () => {
    actionLogger.debug(HOSTILE);
    actionLogger.warning(HOSTILE);
    expect(commands()).toEqual([
      ['debug', HOSTILE],
      ['warning', HOSTILE],
    ]);
  });

  it('a failure quoting hostile text is exactly one error, on one line, and exit code 1', async () => {
    await runAction(async () => {
      throw new UserError(`git push failed: ${HOSTILE}`);
    });
    expect(commands()).toEqual([['error', `git push failed: ${HOSTILE.replace(/\s*[\r\n]+\s*/g, ' ')}`]]);
    expect(process.exitCode).toBe(1);
  });

  it('a crash adds its stack as debug, and nothing else', async () => {
    await runAction(async () => {
      throw new Error(HOSTILE);
    });
    expect(commands().map(([command]) => command)).toEqual(['debug', 'error']);
  });
});
