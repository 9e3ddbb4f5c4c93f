#!/usr/bin/env node
import { safeLogText } from '../../core/src/lean.js';
import { runCli } from './main.js';
import { forTerminal } from './terminal.js';

// Inside a GitHub Actions `run:` step the runner reads both streams for workflow commands, and the
// CLI prints paths and git's errors: there, text that could read as a command is fenced off. At a
// terminal, control characters in that text are shown, not obeyed.
// A reader that goes away (`pyrelease … | head`) must not end a release half-way: what it would have
// read is dropped, and the run goes on to its end (a local release still puts the checkout back).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const writerTo = (stream: NodeJS.WriteStream) => {
  const write = (text: string) => {
    if (!stream.destroyed) stream.write(`${text}\n`);
  };
  if (process.env.GITHUB_ACTIONS === 'true') return (text: string) => write(safeLogText(text));
  if (stream.isTTY) return (text: string) => write(forTerminal(text));
  return write;
};

const code = await runCli(process.argv.slice(2), {
  stdout: writerTo(process.stdout),
  stderr: writerTo(process.stderr),
  cwd: process.cwd(),
  terminal: {
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    env: process.env,
  },
});
process.exitCode = code;
