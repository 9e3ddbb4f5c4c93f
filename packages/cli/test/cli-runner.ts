import { runCli, type CliIO } from '../src/main.js';

/** The CLI run in this process in `cwd`, as a terminal-less pipe unless `io` says otherwise. */
export async function cliIn(cwd: string, argv: readonly string[], io: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    cwd,
    ...io,
    stdout: (t) => {
      out.push(t);
      io.stdout?.(t);
    },
    stderr: (t) => {
      err.push(t);
      io.stderr?.(t);
    },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
