#!/usr/bin/env node
import { safeLogText } from '../../core/src/lean.js';
import { runCli } from './main.js';

// Inside a GitHub Actions `run:` step the runner reads both streams for workflow commands, and the
// CLI prints paths and git's errors: there, text that could read as a command is fenced off.
const guard =
  process.env.GITHUB_ACTIONS === 'true' ? (text: string) => safeLogText(text) : (text: string) => text;

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${guard(text)}\n`),
  stderr: (text) => process.stderr.write(`${guard(text)}\n`),
  cwd: process.cwd(),
});
process.exitCode = code;
