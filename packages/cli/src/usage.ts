import type { ParseArgsConfig } from 'node:util';

/** The CLI's version: the package's, checked against package.json by the tests. */
export const VERSION = '0.1.0';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string];

/** One option: how parseArgs reads it and how the help shows it. */
interface CliOption {
  readonly spec: OptionSpec;
  /** e.g. `<branch>`; none for a flag. */
  readonly value?: string;
  readonly help: string;
  /** Checked before anything else runs, so a missing option is a usage error, never a later failure. */
  readonly required?: boolean;
  /** The values it takes: another is a usage error, checked as early. */
  readonly choices?: readonly string[];
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly options: Readonly<Record<string, CliOption>>;
}

/** Options every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, CliOption>> = {
  cwd: {
    spec: { type: 'string', short: 'C' },
    value: '<dir>',
    help: 'the repository (default: the current folder)',
  },
  remote: {
    spec: { type: 'string', default: 'origin' },
    value: '<name>',
    help: 'the remote whose branch is released (default: origin)',
  },
  packages: {
    spec: { type: 'string', multiple: true },
    value: '<glob>',
    help: 'a package folder glob; repeat for more (default: discover all)',
  },
  'tag-format': {
    spec: { type: 'string' },
    value: '<format>',
    help: 'tag names: {name}, {dir}, {path}, {version} (default: the configuration,\nelse {name}-v{version})',
  },
  verbose: {
    spec: { type: 'boolean', short: 'v', default: false },
    help: 'show each command pyrelease runs, and progress even when stderr is no terminal',
  },
  'no-color': {
    spec: { type: 'boolean', default: false },
    help: 'no colour (also NO_COLOR; never in GitHub Actions, a pipe or --json)',
  },
  help: { spec: { type: 'boolean', short: 'h' }, help: "this command's help" },
};

const MODE: CliOption = {
  spec: { type: 'string' },
  value: 'rc|final|alpha|beta|dev',
  help: 'release candidates, finals (and post releases), alpha, beta or dev releases (required)',
  required: true,
  choices: ['rc', 'final', 'alpha', 'beta', 'dev'],
};
const BASE: CliOption = {
  spec: { type: 'string' },
  value: '<branch>',
  help: 'the branch that is released, e.g. test or master (required)',
  required: true,
};
const API_CHECK: CliOption = {
  spec: { type: 'string' },
  value: 'off|warn|raise|fail',
  help: 'a breaking change of a public API that the planned version does not cover: warn, raise\nthe bump, or stop (default: the configuration, else warn)',
  choices: ['off', 'warn', 'raise', 'fail'],
};
const DRY_RUN: CliOption = {
  spec: { type: 'boolean', default: false },
  help: 'change nothing, print what would happen',
};

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'plan',
    summary: 'print the release plan of a branch, changing nothing',
    description:
      'Print the release plan of the base branch: package, path, previous, next, bump, commits, reason.\nReads the local repository only (its remote-tracking branch and its tags); never fetches.',
    options: {
      mode: MODE,
      'base-branch': BASE,
      json: { spec: { type: 'boolean', default: false }, help: 'the plan as JSON' },
      line: {
        spec: { type: 'string' },
        value: '<prefix>',
        help: "keep to a maintenance line, e.g. 0.6 (default: the configuration's line)",
      },
      'api-check': API_CHECK,
    },
  },
  {
    name: 'preview',
    summary: 'print what merging the current branch into a base branch releases',
    description:
      "Print what merging HEAD into the base branch releases, as the release-preview action shows it on a\npull request: each package's next version and why, and the changelog section each release gets. The\nmerge is made apart, as GitHub makes it; nothing is changed. Exits 1 when the merge would stop the\nrelease, or a squash merge's header and the commits it lists could not be read.",
    options: {
      'base-branch': {
        ...BASE,
        help: 'the branch the pull request merges into, e.g. test or master (required)',
      },
      mode: {
        ...MODE,
        help: 'the mode the base branch releases (default: final for master and main, else rc)',
        required: false,
      },
      'merge-method': {
        spec: { type: 'string', default: 'merge' },
        value: 'merge|squash|rebase',
        help: 'how the pull request will be merged; squash plans the title as the one commit (default: merge)',
        choices: ['merge', 'squash', 'rebase'],
      },
      title: {
        spec: { type: 'string' },
        value: '<text>',
        help: "the pull request's title (required with --merge-method squash)",
      },
      number: {
        spec: { type: 'string', default: '1' },
        value: '<n>',
        help: "the pull request's number, which the squash commit's subject ends with (default: 1)",
      },
      strict: {
        spec: { type: 'boolean', default: false },
        help: 'a commit header that is not a Conventional Commits header fails (default: a warning)',
      },
      json: { spec: { type: 'boolean', default: false }, help: 'the preview as JSON' },
      line: {
        spec: { type: 'string' },
        value: '<prefix>',
        help: "keep to a maintenance line, e.g. 0.6 (default: the configuration's line)",
      },
      'api-check': API_CHECK,
    },
  },
  {
    name: 'cut-release',
    summary: 'bump, commit and tag each changed package on a release branch',
    description:
      'Reset the release branch to <remote>/<base-branch>, bump and commit each changed package and tag it\n(docs/release-flow.md, "Releasing by hand"). Without --push everything stays local, and the checkout\ngoes back to the branch it was on; --dry-run changes nothing at all. PYRELEASE_TOKEN, when set,\nauthenticates https fetch and push.',
    options: {
      mode: MODE,
      'base-branch': BASE,
      'release-branch': {
        spec: { type: 'string' },
        value: '<branch>',
        help: 'the branch given the release commits, e.g. release-test (required);\n{date} and {sha} make a new branch per run',
        required: true,
      },
      push: {
        spec: { type: 'boolean', default: false },
        help: 'push the release branch and its tags in one atomic push',
      },
      'dry-run': DRY_RUN,
      json: {
        spec: { type: 'boolean', default: false },
        help: "the action's outputs and each release with its changelog section, as JSON on stdout\n(messages go to stderr)",
      },
      line: {
        spec: { type: 'string' },
        value: '<prefix>',
        help: "keep to a maintenance line, e.g. 0.6 (default: the configuration's line)",
      },
      'api-check': API_CHECK,
      'allow-dirty': {
        spec: { type: 'boolean', default: false },
        help: 'release although tracked files have uncommitted changes',
      },
      'skip-base-sync-check': {
        spec: { type: 'boolean', default: false },
        help: 'release <remote>/<base-branch> even if it is not the checked-out commit',
      },
      'repository-url': {
        spec: { type: 'string' },
        value: '<url>',
        help: 'the index the releases are uploaded to (its upload URL): a planned version it has\nalready is not released (default: none asked)',
      },
      sign: {
        spec: { type: 'boolean', default: false },
        help: 'sign every release commit and tag as git commit -S would: gpg.format (openpgp or\nssh), user.signingkey and gpg.program / gpg.ssh.program from your git configuration',
      },
    },
  },
  {
    name: 'publish-from-tag',
    summary: 'build the package a tag names and upload it with twine',
    description:
      'Build the package the tag names at the checked-out tag, verify it and upload it with twine. The API\ntoken comes from PYRELEASE_PASSWORD (trusted publishing exists only inside GitHub Actions).',
    options: {
      tag: {
        spec: { type: 'string' },
        value: '<tag>',
        help: 'the tag to publish (required)',
        required: true,
      },
      'repository-url': {
        spec: { type: 'string' },
        value: '<url>',
        help: 'upload URL (default: TestPyPI for alpha, beta, rc and dev, PyPI for final and post)',
      },
      expect: {
        spec: { type: 'string', default: 'any' },
        value: 'any|<channels>',
        help: 'refuse a tag of any other channel: one or more of alpha, beta, rc, dev, final, post,\ncomma separated (final admits post releases too; default: any)',
      },
      'skip-existing': {
        spec: { type: 'boolean', default: false },
        help: 'skip files the index already has (a re-run of a publish)',
      },
      'tag-branches': {
        spec: { type: 'string', multiple: true },
        value: '<branch>',
        help: "a branch the tag's commit must be on; repeat for more\n(default: test, master, release-test, release)",
      },
      'allow-dirty': {
        spec: { type: 'boolean', default: false },
        help: 'build although the checkout has changes or untracked files',
      },
      'dry-run': { spec: { type: 'boolean', default: false }, help: 'build and verify, upload nothing' },
      'build-command': {
        spec: { type: 'string' },
        value: '<cmd>',
        help: 'the build (default: uv build when uv is on PATH, else python -m build)',
      },
    },
  },
];

/** What `pyrelease --help` shows: every command with its one-line summary. */
export function generalUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: pyrelease [-C <dir>] <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'pyrelease <command> --help shows the options of a command; pyrelease --version its version.',
  ].join('\n');
}

/** What `pyrelease <command> --help` shows: its description and every option it takes. */
export function commandUsage(command: CliCommand): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const label = (name: string, o: CliOption) =>
    `${o.spec.short ? `-${o.spec.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...Object.entries(options).map(([n, o]) => label(n, o).length));
  const lines = Object.entries(options).map(([name, o]) => {
    const [first, ...rest] = o.help.split('\n');
    return [
      `  ${label(name, o).padEnd(width)}  ${first}`,
      ...rest.map((r) => `  ${''.padEnd(width)}  ${r}`),
    ].join('\n');
  });
  return [
    `usage: pyrelease ${command.name} [options]`,
    '',
    command.description,
    '',
    'options:',
    ...lines,
  ].join('\n');
}

/** parseArgs's options for a command: its own and the common ones. */
export function parseArgsOptions(command: CliCommand): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, o]) => [name, o.spec]),
  );
}
