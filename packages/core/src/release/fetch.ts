import { describeError, UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { RemoteState } from '../git/remote.js';
import { RepositoryReader } from '../git/repository.js';
import type { Logger } from '../logger.js';
import { doing, waitingFor } from '../progress.js';

/**
 * The fetch of a release run, after preflight listed the remote: the base branch, the release
 * branch's commits and only the tags the checkout lacks or has otherwise (issue 33: a dry run on a
 * history of 38,000 tags no longer transfers their listing twice).
 */

/**
 * More tags to bring than this, and the fetch asks for every tag (`refs/tags/*`): git matches named
 * refspecs against what the remote lists one by one (40 s for 7,667 tags named).
 */
export const MOST_TAGS_NAMED = 100;

/**
 * Base branch, the release branch's commits and the tags the checkout lacks or has otherwise than the
 * remote (forced, so the plan sees the remote's). The remote's tags were listed already (preflight):
 * a checkout that has them all fetches two branches, not a listing of every tag again. A dry run only
 * fetches objects.
 */
export async function fetchForRelease(
  git: Git,
  o: {
    remote: string;
    baseBranch: string;
    baseSha: string;
    releaseBranch: string;
    leaseSha: string;
    tagObjects: RemoteState['tagObjects'];
    auth: Record<string, string>;
    timeoutMs: number;
    dryRun: boolean;
    logger: Logger;
  },
): Promise<void> {
  const reader = new RepositoryReader(git);
  const shallow = await reader.isShallow();
  const flags = historyFlags(shallow, o);
  const tags = shallow ? null : tagsToFetch(o.tagObjects, await reader.listTagObjects());
  // A dry run updates no ref, so a checkout that has every object it plans from asks for nothing.
  if (o.dryRun && tags?.length === 0 && (await hasCommits(git, [o.baseSha, o.leaseSha], o))) return;
  const named = tags !== null && tags.length <= MOST_TAGS_NAMED;
  await fetchRefs(git, o, flags, named ? tags : null).catch((error: unknown) => {
    // A tag deleted on the remote since the listing: every tag is asked for instead (as before
    // naming them), which no missing tag fails.
    if (!named || !/couldn't find remote ref/i.test(describeError(error))) throw error;
    o.logger.info(`a tag ${o.remote} listed is gone: fetching every tag instead`);
    return fetchRefs(git, o, flags, null);
  });
  // An unshallowing fetch with a filter makes the clone a partial one.
  if (shallow) git.forgetCloneKind();
  const fetched = await git.run(['cat-file', '-e', `${o.baseSha}^{commit}`], { okExitCodes: [1, 128] });
  if (fetched.exitCode !== 0) {
    throw new UserError(
      `base moved while fetching: ${o.remote}/${o.baseBranch} no longer points at ${o.baseSha.slice(0, 12)}`,
    );
  }
}

/** One fetch: the base branch, the tags named (null: every tag) and the release branch. */
async function fetchRefs(
  git: Git,
  o: {
    remote: string;
    baseBranch: string;
    releaseBranch: string;
    leaseSha: string;
    auth: Record<string, string>;
    timeoutMs: number;
    logger: Logger;
  },
  flags: readonly string[],
  tags: readonly string[] | null,
): Promise<void> {
  const refspecs = [
    `+refs/heads/${o.baseBranch}:refs/remotes/${o.remote}/${o.baseBranch}`,
    ...(tags === null ? ['+refs/tags/*:refs/tags/*'] : tags.map((t) => `+refs/tags/${t}:refs/tags/${t}`)),
    // What the release branch holds now, to check that a reset loses nothing.
    ...(o.leaseSha ? [`+refs/heads/${o.releaseBranch}:refs/remotes/${o.remote}/${o.releaseBranch}`] : []),
  ];
  // Neither submodules (git writes their objects into their own store, a dry run's too) nor the
  // maintenance a fetch may start (gc, pack-refs) are the release's business.
  const quiet = ['--quiet', '--no-tags', '--no-recurse-submodules', '--no-auto-maintenance'];
  const what = tags?.length === 0 ? '' : tags === null ? ' and the tags' : ` and ${tags.length} tag(s)`;
  await waitingFor(o.logger, doing(`fetching ${o.remote}/${o.baseBranch}${what}`), () =>
    git.run(['fetch', ...quiet, '--stdin', ...flags, '--end-of-options', o.remote], {
      input: refspecs.map((r) => `${r}\n`).join(''),
      env: o.auth,
      timeoutMs: o.timeoutMs,
    }),
  );
}

/**
 * The fetch's flags: a dry run takes the objects and updates no ref. A shallow checkout (actions/checkout's
 * default depth 1) would make its boundary commit look like it changed every file and hide older
 * commits: the plan needs the whole history, which a real run fetches.
 */
function historyFlags(shallow: boolean, o: { remote: string; dryRun: boolean; logger: Logger }): string[] {
  if (shallow && o.dryRun) {
    // Unshallowing rewrites .git/shallow (and a filter makes the clone a partial one): not a dry run.
    throw new UserError(
      `the checkout is shallow, and a dry run changes nothing, so it cannot fetch the whole history the plan needs (a real run fetches it: git fetch --unshallow --filter=blob:none ${o.remote}): fetch it first, or check out with fetch-depth: 0`,
    );
  }
  if (!shallow) return o.dryRun ? ['--dry-run'] : [];
  o.logger.info('the checkout is shallow: fetching its full history, which the plan needs');
  // Without blobs where the remote allows it: the plan reads a few files, fetched when read.
  return ['--unshallow', '--filter=blob:none'];
}

/** The remote's tags that the checkout lacks or has at another object, by name. */
export function tagsToFetch(
  remote: ReadonlyMap<string, string>,
  local: ReadonlyMap<string, string>,
): string[] {
  return [...remote].filter(([name, object]) => local.get(name) !== object).map(([name]) => name);
}

/**
 * Whether the checkout has each of `commits` (empty ones left out), asked in one `cat-file`. In a
 * partial clone git may fetch a missing one on the way, with the run's credentials: then it is there.
 */
async function hasCommits(
  git: Git,
  commits: readonly string[],
  o: { auth: Record<string, string>; timeoutMs: number },
): Promise<boolean> {
  const wanted = commits.filter((c) => c !== '');
  const out = await git.text(['cat-file', '--batch-check=%(objecttype)'], {
    input: wanted.map((c) => `${c}^{commit}\n`).join(''),
    env: o.auth,
    timeoutMs: o.timeoutMs,
  });
  return out.split('\n').filter((l) => l === 'commit').length === wanted.length;
}
