import * as core from '@actions/core';
import { describeError, safeLogText, UserError, type Logger } from '../../../packages/core/src/lean.js';

/**
 * The actions' log, through @actions/core. core.info writes text verbatim, and the runner reads
 * workflow commands in any line (after leading blanks, and `##[` anywhere): every plain line goes
 * through safeLogText. Annotations and debug lines are commands whose data core escapes.
 */
export function info(message: string): void {
  core.info(safeLogText(message));
}

/** The core's logger; a command's output is shown folded in a log group, fenced like any text. */
export const actionLogger: Logger = {
  debug: (message) => core.debug(message),
  info,
  warning: (message) => core.warning(message),
  notice: (message) => core.notice(message),
  // A step that waits long (a push, an index, a build) says so in the log as it goes.
  progress: info,
  output(title, text) {
    core.startGroup(title);
    info(text);
    core.endGroup();
  },
};

/**
 * Runs an action's main: a failure becomes one error annotation (on the file and line of a bad
 * pyproject.toml when the error knows them) and exit code 1, never a stack trace.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    const where = error instanceof UserError ? error.location : undefined;
    core.error(describeError(error), {
      title: 'pyrelease',
      ...(where && { file: where.file, startLine: where.line, startColumn: where.column }),
    });
    process.exitCode = 1;
  }
}

/** Appends Markdown to the job summary, when the runner gives the step one. */
export async function appendSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
}
