#!/usr/bin/env node
import { safeLogText } from '../../core/src/lean.js';
import { runCli } from './main.js';
import { forTerminal } from './terminal.js';

// Inside a GitHub Actions `run:` step the runner reads both streams for workflow commands, and the
// CLI prints paths and git's errors: there, text that could read as a command is fenced off. At a
// terminal, control characters in that text are shown, not obeyed.
const writerTo = (stream: NodeJS.WriteStream) => {
  if (process.env.GITHUB_ACTIONS === 'true') return (text: string) => stream.write(`${safeLogText(text)}\n`);
  if (stream.isTTY) return (text: string) => stream.write(`${forTerminal(text)}\n`);
  return (text: string) => stream.write(`${text}\n`);
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
