import { describeError, oneLine, UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import { ACTION_SETTINGS } from '../settings.js';
import {
  assertCanUpload,
  discardPrepared,
  finishTag,
  pathsOf,
  prepareTag,
  type PreparedTag,
  type PublishOptions,
  type PublishResult,
} from './publish-from-tag.js';
import { keptFolder, twineCheck } from './build.js';
import { checkoutAtTag } from './tag-package.js';
import { TagWorktree } from './tag-worktree.js';

/**
 * Several tags in one publish step (a chunk of cut-release's publish-chunks, issue 33): each is
 * published as publishFromTag publishes one (its own checks, build, verification, and with trusted
 * publishing its own token, as PyPI mints one per exchange), one after another. A tag that fails does
 * not stop the others; the caller fails the step at the end, naming each.
 */

/** What became of one tag: its result, or why it failed (one line). */
export type TagOutcome =
  | { readonly tag: string; readonly result: PublishResult; readonly error: null }
  | { readonly tag: string; readonly result: null; readonly error: string };

export interface SeveralTagsResult {
  readonly outcomes: readonly TagOutcome[];
  /** With `upload: false`: the one folder that holds every tag's verified files. */
  readonly distDir: string | null;
}

/** The tags of input `tags`: separated by spaces, commas or lines; each once. */
export function parseTagList(value: string, what = 'tags'): string[] {
  const tags = value.split(/[\s,]+/).filter((t) => t !== '');
  const twice = tags.find((t, i) => tags.indexOf(t) !== i);
  if (twice !== undefined) throw new UserError(`${what} names ${twice} twice`);
  return tags;
}

/**
 * Three passes: each tag read, checked and built (in a worktree of its commit; the checkout stays where
 * it is) or its files picked from `dist` by name and version, with nothing checked out; one `twine
 * check` of every tag's files (per tag only when it fails, to tell which); then each tag's files kept,
 * shown or uploaded.
 */
export async function publishFromTags(
  git: Git,
  tags: readonly string[],
  options: PublishOptions,
  logger: Logger,
): Promise<SeveralTagsResult> {
  // What would fail every tag alike is said once, before any is built.
  assertCanUpload(options);
  const failures = new Map<string, string>();
  const prepared = await prepareAll(git, tags, options, failures, logger);
  // One folder for all tags' files: a wheel's or sdist's name carries its package and version.
  const kept = options.upload === false ? keptFolder(options.tempDir) : null;
  const results = new Map<string, PublishResult>();
  try {
    for (const { tag, files } of await checkedByTwine(prepared, failures, logger)) {
      await attempt(tag, failures, logger, async () => {
        results.set(tag, await finishTag(files, options, logger, kept ?? undefined));
      });
    }
  } finally {
    for (const p of prepared) discardPrepared(p.files);
  }
  const outcomes = tags.map((tag): TagOutcome => {
    const result = results.get(tag);
    return result ? { tag, result, error: null } : { tag, result: null, error: failures.get(tag) ?? '?' };
  });
  return { outcomes, distDir: kept };
}

interface PreparedOf {
  readonly tag: string;
  readonly files: PreparedTag;
}

/** Each tag read, checked and built (or picked from dist), one after another. */
async function prepareAll(
  git: Git,
  tags: readonly string[],
  options: PublishOptions,
  failures: Map<string, string>,
  logger: Logger,
): Promise<PreparedOf[]> {
  const building = !options.dist;
  const worktree = building ? new TagWorktree(git, options.tempDir) : null;
  const prepared: PreparedOf[] = [];
  try {
    for (const [i, tag] of tags.entries()) {
      logger.info(`tag ${i + 1} of ${tags.length}: ${tag}`);
      await attempt(tag, failures, logger, async () => {
        const where = worktree ? await worktree.at(await tagCommit(git, tag, options)) : git;
        const files = await prepareTag(where, { ...options, tag, distOfSeveral: !building }, logger);
        prepared.push({ tag, files });
      });
    }
  } finally {
    await worktree?.remove();
  }
  return prepared;
}

/** The prepared tags whose files pass `twine check`: one run for all, and one per tag only when it fails. */
async function checkedByTwine(
  prepared: readonly PreparedOf[],
  failures: Map<string, string>,
  logger: Logger,
): Promise<PreparedOf[]> {
  if (prepared.length === 0) return [];
  // Any of the Pythons can run twine: the one with the signing tools has it too.
  const python = prepared[0].files.python;
  const all = prepared.flatMap((p) => pathsOf(p.files));
  if (
    await twineCheck(python, all, logger).then(
      () => true,
      () => false,
    )
  )
    return [...prepared];
  const passed: PreparedOf[] = [];
  for (const p of prepared) {
    await attempt(p.tag, failures, logger, async () => {
      await twineCheck(python, pathsOf(p.files), logger);
      passed.push(p);
    });
  }
  return passed;
}

/** Runs one tag's `work`; a failure is that tag's (warned, kept in `failures`), and the step goes on. */
async function attempt(
  tag: string,
  failures: Map<string, string>,
  logger: Logger,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = oneLine(describeError(error));
    logger.warning(`tag ${tag} was not published: ${message}`);
    failures.set(tag, message);
  }
}

/** The step's one-line failure when tags failed; null when none did. */
export function failedTags(outcomes: readonly TagOutcome[]): string | null {
  const failed = outcomes.filter((o) => o.error !== null);
  if (failed.length === 0) return null;
  return `${failed.length} of ${outcomes.length} tag(s) failed: ${failed.map((o) => `${o.tag} (${o.error})`).join('; ')}`;
}

/** The tag's commit, or the one-line error for a tag the checkout lacks. */
function tagCommit(git: Git, tag: string, options: PublishOptions): Promise<string> {
  return checkoutAtTag(git, tag, options.settingNames ?? ACTION_SETTINGS, false);
}
