import { parseArgs, type ParseArgsConfig } from 'node:util';
import { tmpdir } from 'node:os';
import {
  cutRelease,
  parseExpectation,
  publishFromTag,
  describeError,
  formatPlanTable,
  Git,
  parseMode,
  planFromRepository,
  planToJson,
  type Logger,
  RepositoryReader,
  UserError,
} from '../../core/src/index.js';
import { commandFreeJson } from '../../core/src/log-safety.js';

const USAGE = `usage: pyrelease <command> [options]

commands:
  plan --mode rc|final --base-branch <branch> [--json]
      Print the release plan of the base branch: package, path, previous, next, bump, commits, reason.
      Reads the local repository only (its remote-tracking branch and its tags); never fetches.

  cut-release --mode rc|final --base-branch <branch> --release-branch <branch>
              [--push] [--dry-run] [--allow-dirty] [--skip-base-sync-check]
      Release (spec §9): reset the release branch to <remote>/<base>, bump and commit each changed
      package, tag it. Without --push everything stays local; --dry-run changes nothing at all.

  publish-from-tag --tag <tag> [--repository-url <url>] [--expect rc|final|any]
                   [--skip-existing] [--dry-run] [--build-command <cmd>]
      Build the package the tag names at the checked-out tag, verify it and upload it with twine
      (the API token comes from PYRELEASE_PASSWORD; trusted publishing exists only inside GitHub Actions).

common options:
  -C, --cwd <dir>          the repository (default: the current folder)
  --remote <name>          the remote whose branch is released (default: origin)
  --packages <glob>        a package folder glob; repeat for more (default: discover all)
  --tag-format <format>    tag names (default: {name}-v{version})
  -h, --help               this help`;

/** Bad flags: the usage goes to stderr and the exit code is 2. */
class UsageError extends Error {}

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const COMMON_OPTIONS = {
  cwd: { type: 'string', short: 'C' },
  remote: { type: 'string', default: 'origin' },
  packages: { type: 'string', multiple: true },
  'tag-format': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'plan') return await planCommand(rest, io);
    if (command === 'cut-release') return await cutReleaseCommand(rest, io);
    if (command === 'publish-from-tag') return await publishCommand(rest, io);
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`pyrelease: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    io.stderr(`pyrelease: error: ${describeError(error)}`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  // Checked by code, not by class: the TypeError may come from another realm (e.g. under a test runner).
  return String((error as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS');
}

function parse<T extends ParseArgsConfig['options']>(args: readonly string[], options: T) {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...COMMON_OPTIONS, ...options },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  return values;
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** The remote-tracking branch when there is one (what a release would use), else the local branch. */
async function resolveBaseRef(git: Git, remote: string, branch: string): Promise<string> {
  const reader = new RepositoryReader(git);
  for (const ref of [`refs/remotes/${remote}/${branch}`, `refs/heads/${branch}`]) {
    if (await reader.resolveCommit(ref)) return ref;
  }
  throw new UserError(`base branch ${branch} exists neither as ${remote}/${branch} nor as a local branch`);
}

async function planCommand(args: readonly string[], io: CliIO): Promise<number> {
  const values = parse(args, {
    mode: { type: 'string' },
    'base-branch': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const mode = parseMode(required(values, 'mode'), '--mode');
  const git = new Git(values.cwd ?? io.cwd);
  const baseRef = await resolveBaseRef(git, values.remote as string, required(values, 'base-branch'));
  const plan = await planFromRepository(git, {
    mode,
    baseRef,
    packageGlobs: values.packages ?? [],
    tagFormat: values['tag-format'],
  });
  io.stdout(
    values.json
      ? // Programs read this, so it is never fenced with stop-commands: it is made command-free instead.
        commandFreeJson(JSON.stringify(planToJson(plan), null, 2))
      : `${mode} plan of ${baseRef} (${plan.head.slice(0, 7)})\n${formatPlanTable(plan)}`,
  );
  return 0;
}

function cliLogger(io: CliIO): Logger {
  return {
    debug() {},
    info: (message) => io.stdout(message),
    warning: (message) => io.stderr(`warning: ${message}`),
  };
}

async function cutReleaseCommand(args: readonly string[], io: CliIO): Promise<number> {
  const values = parse(args, {
    mode: { type: 'string' },
    'base-branch': { type: 'string' },
    'release-branch': { type: 'string' },
    push: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'allow-dirty': { type: 'boolean', default: false },
    'skip-base-sync-check': { type: 'boolean', default: false },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const mode = parseMode(required(values, 'mode'), '--mode');
  const baseBranch = required(values, 'base-branch');
  const releaseBranch = required(values, 'release-branch');
  const git = new Git(values.cwd ?? io.cwd);
  const result = await cutRelease(
    git,
    {
      mode,
      baseBranch,
      releaseBranch,
      remote: values.remote,
      push: values.push,
      dryRun: values['dry-run'],
      allowDirty: values['allow-dirty'],
      skipBaseSyncCheck: values['skip-base-sync-check'],
      packageGlobs: values.packages ?? [],
      tagFormat: values['tag-format'],
      // spec §9: locally, the commit "under test" is the checkout's HEAD.
      testedSha: null,
      token: process.env.PYRELEASE_TOKEN ?? null,
      // The user's next commit must not land on the release branch.
      restoreCheckout: true,
    },
    cliLogger(io),
  );
  io.stdout(
    `${mode} plan of ${values.remote}/${baseBranch} (${result.plan.head.slice(0, 7)})\n${formatPlanTable(result.plan)}`,
  );
  if (values['dry-run']) {
    io.stdout(
      result.commands.length
        ? `dry run, would run:\n${result.commands.map((c) => `  ${c}`).join('\n')}`
        : 'dry run: nothing to release',
    );
  } else if (result.released.length > 0) {
    const where = result.pushed ? `pushed to ${values.remote}` : 'local only (use --push to push)';
    io.stdout(
      `released on ${result.releaseBranch}, ${where}:\n${result.released.map((r) => `  ${r.tag}`).join('\n')}`,
    );
  }
  return 0;
}

async function publishCommand(args: readonly string[], io: CliIO): Promise<number> {
  const values = parse(args, {
    tag: { type: 'string' },
    'repository-url': { type: 'string' },
    expect: { type: 'string', default: 'any' },
    'skip-existing': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'build-command': { type: 'string' },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const result = await publishFromTag(
    new Git(values.cwd ?? io.cwd),
    {
      tag: required(values, 'tag'),
      tagFormat: values['tag-format'],
      expect: parseExpectation(values.expect),
      repositoryUrl: values['repository-url'] ?? null,
      password: process.env.PYRELEASE_PASSWORD ?? null,
      skipExisting: values['skip-existing'],
      dryRun: values['dry-run'],
      buildCommand: values['build-command'] ?? null,
      tempDir: tmpdir(),
    },
    cliLogger(io),
  );
  io.stdout(`${result.package} ${result.version} (${result.channel}) -> ${result.repositoryUrl}`);
  for (const f of result.files) io.stdout(`  ${f.name}  sha256:${f.sha256}  ${f.status}`);
  return 0;
}
