import {
  commandFreeJson,
  FINAL_BRANCHES,
  type Git,
  mergeLocally,
  type MergeMethod,
  parseMode,
  previewFails,
  previewJson,
  previewRelease,
  previewText,
  type ReleaseMode,
  RepositoryReader,
  requireWholeHistory,
  UserError,
  userCacheDir,
} from '../../core/src/index.js';
import { apiCheckOption, flag, required, str, UsageError, type Values } from './args.js';
import { resolveBaseRef } from './base-ref.js';
import { cliLogger } from './cli-logger.js';
import type { CliIO } from './main.js';
import type { Terminal } from './terminal.js';

/**
 * `pyrelease preview`: what merging the current branch (HEAD) into the base branch releases, as the
 * release-preview action shows it on a pull request. The merge is made apart; nothing is changed.
 */
export async function previewCommand(values: Values, git: Git, io: CliIO, term: Terminal): Promise<number> {
  const baseBranch = required(values, 'base-branch');
  const given = str(values, 'mode');
  const mode: ReleaseMode = given
    ? parseMode(given, '--mode')
    : FINAL_BRANCHES.includes(baseBranch)
      ? 'final'
      : 'rc';
  const method = (str(values, 'merge-method') ?? 'merge') as MergeMethod;
  const title = str(values, 'title');
  const number = str(values, 'number') ?? '1';
  if (method === 'squash' && title === undefined)
    throw new UsageError(
      "--merge-method squash needs --title: the squash commit is the pull request's title",
    );
  if (!/^[1-9][0-9]{0,9}$/.test(number))
    throw new UsageError(`--number must be a pull request number, got ${JSON.stringify(number)}`);
  const reader = new RepositoryReader(git);
  await requireWholeHistory(reader);
  const base = await reader.resolveCommit(
    await resolveBaseRef(git, str(values, 'remote') ?? 'origin', baseBranch),
  );
  const tip = await reader.resolveCommit('HEAD');
  if (!base || !tip) throw new UserError('HEAD is not a commit: check out the branch to preview');
  const tempDir = userCacheDir();
  const logger = cliLogger(flag(values, 'json') ? { ...io, stdout: io.stderr } : io, term);
  const preview = await previewRelease(git, {
    mode,
    merge: (g) => mergeLocally(g, base, tip),
    method,
    // The number only marks the squash commit as GitHub's (its `(#N)`), which the plan reads by.
    pullRequest: title === undefined ? null : { number: Number(number), title, body: '' },
    lint: flag(values, 'strict') ? 'strict' : 'warn',
    packageGlobs: (values.packages as string[] | undefined) ?? [],
    tagFormat: str(values, 'tag-format'),
    line: str(values, 'line'),
    api: { tempDir, logger, mode: apiCheckOption(values), usedBy: 'pyrelease preview' },
    tempDir,
  });
  for (const w of preview.warnings) logger.warning(w);
  io.stdout(
    flag(values, 'json')
      ? commandFreeJson(JSON.stringify(previewJson(preview, baseBranch), null, 2))
      : previewText(preview, baseBranch),
  );
  const failure = previewFails(preview);
  if (failure) io.stderr(`pyrelease: ${term.err('error:', 'red')} ${failure}`);
  return failure ? 1 : 0;
}
