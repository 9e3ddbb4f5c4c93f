import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import type { RemoteState } from '../git/remote.js';
import type { PreparedRelease } from './prepare.js';
import type { RunContext } from './preflight.js';
import { releaseIdentity, type Identity } from './identity.js';
import { reason } from './push.js';
import { signReleaseCommits } from './signing/signed-objects.js';
import { unverifiedIdentity, type Signer } from './signing/signer.js';

/** A local run without push leaves its tags; the next run replaces them, and says so. */
export async function warnAboutReplacedLocalTags(
  git: Git,
  prepared: readonly PreparedRelease[],
  remoteTags: RemoteState['tags'],
  logger: Logger,
): Promise<void> {
  const local = await git.text([
    'for-each-ref',
    '--format=%(refname:strip=2)',
    ...prepared.map((r) => `refs/tags/${r.tag}`),
  ]);
  const onRemote = new Set(remoteTags.map((t) => t.name));
  for (const tag of local.split('\n').filter(Boolean)) {
    if (!onRemote.has(tag))
      logger.warning(`local tag ${tag} was left by an earlier run that did not push: this run replaces it`);
  }
}

/**
 * Deletes those of `refs` that exist, in one transaction: a ref that is missing, or that cannot exist
 * because another is in its way (`refs/tags/a` beside `refs/tags/a/b`), would fail it for all.
 */
async function deleteRefs(git: Git, refs: readonly string[]): Promise<void> {
  const wanted = new Set(refs);
  const listed = await git.text(['for-each-ref', '--format=%(refname)', ...refs]).catch(() => '');
  const existing = listed.split('\n').filter((r) => wanted.has(r));
  if (existing.length === 0) return;
  await git
    .run(['update-ref', '--stdin'], { input: existing.map((r) => `delete ${r}\n`).join('') })
    .catch(() => undefined);
}

/** Where the release commits are written before the checkout follows them; never left behind. */
const SCRATCH_REF = 'refs/pyrelease/release-tip';

/**
 * Commits and tags go to a scratch ref first and the checkout follows in one command, so a run
 * stopped in between leaves the local branch and working tree as they were, not half moved.
 */
export async function commitAndCheckOut(
  git: Git,
  o: {
    baseSha: string;
    releaseBranch: string;
    prepared: readonly PreparedRelease[];
    now: Date;
    signer?: Signer | null;
  },
  logger: Logger,
) {
  const identity = await releaseIdentity(git);
  const unverified = o.signer ? unverifiedIdentity(o.signer, identity) : null;
  if (unverified) logger.warning(unverified);
  // Leave neither the scratch ref nor a tag of an unpushed release behind: a later `git push --tags`
  // would publish it. fast-import may have written some refs before it failed.
  const discard = () => deleteRefs(git, [SCRATCH_REF, ...o.prepared.map((r) => `refs/tags/${r.tag}`)]);
  const committed = await commitReleases(git, {
    base: o.baseSha,
    ref: SCRATCH_REF,
    releases: o.prepared,
    identity,
    now: o.now,
    signer: o.signer,
  }).catch(async (error: unknown) => {
    await discard();
    throw new UserError(`cannot commit the release on ${o.releaseBranch}: ${reason(error)}`);
  });
  await git
    .run(['checkout', '--quiet', '--no-track', '-B', o.releaseBranch, committed.tip])
    .catch(async (error: unknown) => {
      await discard();
      throw new UserError(
        `cannot create or reset release branch ${o.releaseBranch} at the release commit ${committed.tip.slice(0, 12)}: ${reason(error)}`,
      );
    });
  await git.run(['update-ref', '-d', SCRATCH_REF]);
  const signed = o.signer ? ` (signed, ${o.signer.format})` : '';
  for (const r of committed.releases)
    logger.info(`committed ${r.commitMessage} (${r.commit.slice(0, 12)}) and tagged ${r.tag}${signed}`);
  return committed;
}

/** The CLI's promise: after a local release the checkout is back where the user left it. */
export async function restoreCheckout(
  git: Git,
  startedOn: RunContext['startedOn'],
  logger: Logger,
): Promise<void> {
  // A branch name from symbolic-ref, or a SHA; the `--` keeps git from reading either as a path.
  const args = startedOn.branch
    ? ['checkout', '--quiet', startedOn.branch.replace(/^refs\/heads\//, ''), '--']
    : startedOn.commit
      ? ['checkout', '--quiet', '--detach', startedOn.commit, '--']
      : null;
  if (!args) return;
  await git.run(args).catch((error: unknown) => {
    logger.warning(`the checkout stays on the release branch: cannot go back (${reason(error)})`);
  });
}

export interface CommittedRelease extends PreparedRelease {
  readonly commit: string;
}

/**
 * Writes one commit per release on top of `base` onto `ref` (replacing whatever it held) and an
 * annotated tag on each, all in one `git fast-import`. Tags of the same names are replaced too: they
 * can only be local leftovers of an earlier, unpushed run, since the plan skips released tags.
 */
export async function commitReleases(
  git: Git,
  options: {
    base: string;
    /** A full ref name, e.g. a scratch ref the caller checks out afterwards. */
    ref: string;
    releases: readonly PreparedRelease[];
    identity: Identity;
    now: Date;
    /** Signs each commit and tag (signed-objects.ts); absent: unsigned, all in the one fast-import. */
    signer?: Signer | null;
  },
): Promise<{ tip: string; releases: CommittedRelease[] }> {
  const { base, ref, releases } = options;
  if (releases.length === 0) return { tip: base, releases: [] };
  const who = `${sanitize(options.identity.name)} <${sanitize(options.identity.email)}> ${Math.floor(options.now.getTime() / 1000)} +0000`;
  // A signed release's tags are made after its commits are signed (signed-objects.ts).
  const stream = fastImportStream({ base, ref, releases, who, tags: !options.signer });
  const marksDir = mkdtempSync(join(tmpdir(), 'pyrelease-marks-'));
  const marksFile = join(marksDir, 'marks');
  try {
    await git.run(['fast-import', '--quiet', '--force', `--export-marks=${marksFile}`], {
      input: stream,
    });
    const marks = new Map<number, string>();
    for (const entry of readFileSync(marksFile, 'utf8').split('\n')) {
      const [mark, sha] = entry.split(' ');
      if (mark && sha) marks.set(Number(mark.slice(1)), sha);
    }
    let commits = releases.map((_, i) => marks.get(i + 1) as string);
    if (options.signer)
      commits = await signReleaseCommits(git, {
        commits,
        releases,
        tagger: who,
        ref,
        signer: options.signer,
      });
    const committed = releases.map((r, i) => ({ ...r, commit: commits[i] }));
    return { tip: committed[committed.length - 1].commit, releases: committed };
  } finally {
    rmSync(marksDir, { recursive: true, force: true });
  }
}

/** fast-import's input: each release's commit on the one before (the first on `base`), and its tag. */
function fastImportStream(o: {
  base: string;
  ref: string;
  releases: readonly PreparedRelease[];
  who: string;
  tags: boolean;
}): Buffer {
  const chunks: Buffer[] = [];
  const line = (text: string) => chunks.push(Buffer.from(`${text}\n`, 'utf8'));
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    line(`data ${bytes.length}`);
    chunks.push(bytes, Buffer.from('\n'));
  };
  line('feature done');
  o.releases.forEach((release, index) => {
    const mark = index + 1;
    line(`commit ${o.ref}`);
    line(`mark :${mark}`);
    line(`author ${o.who}`);
    line(`committer ${o.who}`);
    data(release.commitMessage);
    line(index === 0 ? `from ${o.base}` : `from :${index}`);
    for (const file of release.files) {
      line(`M ${file.mode} inline ${quotePath(file.path)}`);
      data(file.content);
    }
    if (!o.tags) return;
    line(`tag ${release.tag}`);
    line(`from :${mark}`);
    line(`tagger ${o.who}`);
    data(release.notes);
  });
  line('done');
  return Buffer.concat(chunks);
}

/** fast-import identities end at `>` and lines at newlines: neither may appear inside a name. */
function sanitize(text: string): string {
  return text.replace(/[<>\r\n]/g, '').trim();
}

/** fast-import's C-style quoting for paths with spaces, quotes or non-ASCII bytes. */
function quotePath(path: string): string {
  if (!/[\s"\\]/.test(path) && !path.startsWith('"')) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
