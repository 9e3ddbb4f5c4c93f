import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  describeError,
  formatPlanTable,
  Git,
  parseMode,
  planFromRepository,
  planToJson,
  RepositoryReader,
  UserError,
} from '../../core/src/index.js';

const USAGE = `usage: pyrelease <command> [options]

commands:
  plan --mode rc|final --base-branch <branch> [--json]
      Print the release plan of the base branch: package, path, previous, next, bump, commits, reason.

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
  return error instanceof TypeError && String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
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
      ? JSON.stringify(planToJson(plan), null, 2)
      : `${mode} plan of ${baseRef} (${plan.head.slice(0, 7)})\n${formatPlanTable(plan)}`,
  );
  return 0;
}
