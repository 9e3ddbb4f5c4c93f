import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  commandFreeJson,
  cutRelease,
  cutReleaseJson,
  type CutReleaseResult,
  CLI_SETTINGS,
  parseExpectation,
  publishFromTag,
  describeError,
  Git,
  parseMode,
  shownUrl,
  traceCommands,
  UserError,
  userCacheDir,
  wordList,
} from '../../core/src/index.js';
import { shownCommand, terminalFor, type Terminal, type TerminalFacts } from './terminal.js';
import { COMMANDS, commandUsage, generalUsage, VERSION } from './usage.js';

import { cliLogger } from './cli-logger.js';
import { planCommand } from './plan-command.js';
import { previewCommand } from './preview-command.js';
import {
  apiCheckOption,
  commandFirst,
  didYouMean,
  flag,
  isParseArgsError,
  parse,
  required,
  str,
  usageMessage,
  UsageError,
  type Values,
} from './args.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Where the output goes; default: neither stream a terminal, the process's environment. */
  readonly terminal?: Partial<TerminalFacts>;
  /** How often a long step says "still …" (default: the core's STILL_WAITING_MS). */
  readonly progressIntervalMs?: number;
}

type Runner = (values: Values, git: Git, io: CliIO, term: Terminal) => Promise<number>;

const RUNNERS: Record<string, Runner> = {
  plan: planCommand,
  preview: previewCommand,
  'cut-release': cutReleaseCommand,
  'publish-from-tag': publishCommand,
};

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let args: string[];
  try {
    args = commandFirst(argv);
  } catch (error) {
    io.stderr(`pyrelease: ${(error as Error).message} (pyrelease --help lists the options)`);
    return 2;
  }
  return runCommand(args, io);
}

async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name) ?? null;
  let term: Terminal | undefined;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      (name === undefined ? io.stderr : io.stdout)(generalUsage());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout(`pyrelease ${VERSION}`);
      return 0;
    }
    if (!command)
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}${didYouMean(
          name,
          COMMANDS.map((c) => c.name),
        )}: one of ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    const values = parse(rest, command);
    if (values.help) {
      io.stdout(commandUsage(command));
      return 0;
    }
    for (const [option, o] of Object.entries(command.options)) {
      if (o.required) required(values, option);
      const value = values[option];
      if (o.choices && typeof value === 'string' && !o.choices.includes(value)) {
        throw new UsageError(
          `--${option} must be ${wordList(o.choices)}, got ${JSON.stringify(value)}${didYouMean(value, o.choices)}`,
        );
      }
    }
    term = terminalFor(
      { stdoutIsTerminal: false, stderrIsTerminal: false, env: process.env, ...io.terminal },
      { json: flag(values, 'json'), noColor: flag(values, 'no-color'), verbose: flag(values, 'verbose') },
    );
    const shown = term;
    if (flag(values, 'verbose'))
      traceCommands((c, args) => io.stderr(shown.err(`+ ${shownCommand(c, args)}`, 'dim')));
    const git = await repositoryAt(resolve(io.cwd, str(values, 'cwd') ?? '.'), str(values, 'cwd'));
    return await RUNNERS[command.name](values, git, io, term);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const where = command ? `pyrelease ${command.name}` : 'pyrelease';
      const help = command ? `pyrelease ${command.name} --help` : 'pyrelease --help';
      io.stderr(`${where}: ${usageMessage(error as Error, command)} (${help} lists the options)`);
      return 2;
    }
    io.stderr(`pyrelease: ${term?.err('error:', 'red') ?? 'error:'} ${describeError(error)}`);
    return 1;
  } finally {
    traceCommands(null);
  }
}

/** The repository the command works in: a clear error for a folder that is missing or no clone. */
async function repositoryAt(dir: string, given: string | undefined): Promise<Git> {
  const named = given === undefined ? `the current folder ${dir}` : `-C ${given}`;
  if (!existsSync(dir)) throw new UserError(`${named}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new UserError(`${named} is a file, not a folder`);
  const git = new Git(dir);
  const inside = await git.run(['rev-parse', '--git-dir'], { okExitCodes: [128] });
  if (inside.exitCode !== 0) {
    throw new UserError(`${named} is not in a git repository: run pyrelease in a clone, or point -C at one`);
  }
  return git;
}

async function cutReleaseCommand(values: Values, git: Git, io: CliIO, term: Terminal): Promise<number> {
  const mode = parseMode(required(values, 'mode'), '--mode');
  const remote = str(values, 'remote') ?? 'origin';
  const dryRun = flag(values, 'dry-run');
  const json = flag(values, 'json');
  // The plan is printed once, by cut-release itself, as it is computed: on stderr under --json, whose
  // stdout is the JSON document alone.
  const result = await cutRelease(
    git,
    {
      mode,
      baseBranch: required(values, 'base-branch'),
      releaseBranch: required(values, 'release-branch'),
      remote,
      push: flag(values, 'push'),
      dryRun,
      allowDirty: flag(values, 'allow-dirty'),
      skipBaseSyncCheck: flag(values, 'skip-base-sync-check'),
      packageGlobs: (values.packages as string[] | undefined) ?? [],
      tagFormat: str(values, 'tag-format'),
      line: str(values, 'line'),
      apiCheck: apiCheckOption(values),
      tempDir: userCacheDir(),
      // Locally, the commit "under test" is the checkout's HEAD.
      testedSha: null,
      token: process.env.PYRELEASE_TOKEN ?? null,
      indexUrl: str(values, 'repository-url'),
      // The user's next commit must not land on the release branch.
      restoreCheckout: true,
      signing: flag(values, 'sign') ? { kind: 'git-config' } : undefined,
      settingNames: CLI_SETTINGS,
    },
    cliLogger(json ? { ...io, stdout: io.stderr } : io, term),
  );
  if (json) io.stdout(commandFreeJson(JSON.stringify(cutReleaseJson(result, dryRun), null, 2)));
  else if (dryRun) io.stdout(dryRunReport(result));
  else if (result.released.length > 0) {
    const where = result.pushed ? `pushed to ${remote}` : 'local only (use --push to push)';
    io.stdout(
      `${term.out(`released on ${result.releaseBranch}`, 'green')}, ${where}:\n${result.released.map((r) => `  ${r.tag}`).join('\n')}`,
    );
  }
  return 0;
}

/** What a dry run would write into each CHANGELOG.md, then the commands it would run. */
function dryRunReport(result: CutReleaseResult): string {
  if (result.commands.length === 0) return 'dry run: nothing to release';
  const sections = result.released.map((r) => {
    // The section is also the tag's message and the GitHub Release's body, with or without a changelog.
    const changelog = result.plan.packages.find((p) => p.package.name === r.name)?.package.changelogPath;
    const where = changelog ? `would add to ${changelog}` : 'release notes (no changelog file)';
    return `${r.tag} ${where}:\n${indent(r.notes.trimEnd())}\n`;
  });
  return [...sections, `dry run, would run:\n${indent(result.commands.join('\n'))}`].join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');

async function publishCommand(values: Values, git: Git, io: CliIO, term: Terminal): Promise<number> {
  const result = await publishFromTag(
    git,
    {
      tag: required(values, 'tag'),
      tagFormat: str(values, 'tag-format'),
      branches: values['tag-branches'] as string[] | undefined,
      allowDirty: flag(values, 'allow-dirty'),
      expect: parseExpectation(str(values, 'expect') ?? 'any', '--expect'),
      repositoryUrl: str(values, 'repository-url') ?? null,
      password: process.env.PYRELEASE_PASSWORD ?? null,
      skipExisting: flag(values, 'skip-existing'),
      dryRun: flag(values, 'dry-run'),
      buildCommand: str(values, 'build-command') ?? null,
      tempDir: userCacheDir(),
      settingNames: CLI_SETTINGS,
    },
    cliLogger(io, term),
  );
  io.stdout(`${result.package} ${result.version} (${result.channel}) -> ${shownUrl(result.repositoryUrl)}`);
  for (const f of result.files) io.stdout(`  ${f.name}  sha256:${f.sha256}  ${f.status}`);
  return 0;
}
