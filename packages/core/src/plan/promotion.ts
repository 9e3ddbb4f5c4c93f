import type { RepositoryReader } from '../git/repository.js';
import { releaseCommitSubject } from '../versioning/release-commit.js';
import type { Package } from '../workspace/package.js';
import { compareReleaseNumbers, compareVersions, isFinal } from '../versioning/version.js';
import { assignTags, countedTags, pendingPreReleases } from './tag-assignment.js';
import type { FinalCarry, PlanInput, Promotion, TaggedVersion } from './types.js';

/**
 * release flow §1: a final run on `master` promotes what an rc run released from `test`. GitHub's merge
 * buttons bring it there in four shapes (a merge commit, one squashed commit, rebased copies, a
 * fast-forward), and only the merge commit and the fast-forward keep the rc's commits in the final's
 * history. What all four keep is the files: when a package's folder at the head is, byte for byte,
 * its folder where an rc was cut, the final releases that rc: its commits are the final's changes, and
 * the final is never below it. A folder that is also as the last final left it holds nothing to
 * promote (an rc reverted on `test`, and nothing of it ever reached `master`).
 */

/** The plan's input before the history is read: the promotions decide how far that read goes. */
type TagsInput = Omit<PlanInput, 'history' | 'promotions'>;

/**
 * In a final run, the rc each package promotes, read with the plan's cat-file (no process more): the
 * commit each pending rc was cut from (its release chain followed down, all packages a step at a time),
 * then the package's folder there and at the head.
 */
export async function readPromotions(
  reader: RepositoryReader,
  input: TagsInput,
  head: string,
): Promise<Map<string, Promotion>> {
  const candidates = pendingByPackage(input);
  if (candidates.length === 0) return new Map();
  const read = await foldersAtBases(
    reader,
    candidates.map(({ pkg, rcs, lastFinal }) => ({ pkg, tags: [...rcs, ...(lastFinal ? [lastFinal] : [])] })),
    candidates.map(({ pkg }) => folderSpec(head, pkg)),
  );
  const promotions = new Map<string, Promotion>();
  for (const { pkg, rcs, lastFinal } of candidates) {
    const atHead = read.tree(folderSpec(head, pkg));
    const atFinal = lastFinal ? read.folderAt(lastFinal, pkg) : null;
    if (atHead && atFinal?.equals(atHead)) continue;
    // The newest rc whose folder is the head's.
    for (const rc of rcs) {
      const atBase = read.folderAt(rc, pkg);
      if (!atHead || !atBase || !atHead.equals(atBase)) continue;
      promotions.set(pkg.name, { rc, base: read.baseOf(rc) as string });
      break;
    }
  }
  return promotions;
}

/**
 * For each package whose last final has rcs of its own version below it (`1.2.1rc1` under `1.2.1`):
 * the commit each was cut from, and those the final carries by its files (its folder is the folder of
 * one of them, or of a newer one). A final cut on master from a hotfix while `test` held an rc of the
 * same version carries none of it: that rc's changes are still to be released. Read with the plan's
 * cat-file, no process more.
 */
export async function readFinalCarries(
  reader: RepositoryReader,
  input: TagsInput,
): Promise<Map<string, FinalCarry>> {
  const { tagsByPackage } = assignTags(input);
  const candidates = input.packages.flatMap((pkg) => {
    const tags = tagsByPackage.get(pkg.name) ?? [];
    const { lastFinal } = countedTags(input.mode, tags);
    if (!lastFinal) return [];
    const rcs = tags
      .filter(
        (t) =>
          !isFinal(t.version) &&
          t.version.dev === null &&
          compareReleaseNumbers(t.version, lastFinal.version) === 0 &&
          compareVersions(t.version, lastFinal.version) < 0,
      )
      .sort((a, b) => compareVersions(b.version, a.version));
    return rcs.length > 0 ? [{ pkg, final: lastFinal, rcs }] : [];
  });
  if (candidates.length === 0) return new Map();
  const read = await foldersAtBases(
    reader,
    candidates.map(({ pkg, final, rcs }) => ({ pkg, tags: [final, ...rcs] })),
  );
  const carries = new Map<string, FinalCarry>();
  for (const { pkg, final, rcs } of candidates) {
    const atFinal = read.folderAt(final, pkg);
    if (!atFinal) continue;
    const newest = rcs.findIndex((rc) => read.folderAt(rc, pkg)?.equals(atFinal) === true);
    const rcBases = new Map(
      rcs.flatMap((rc) => {
        const base = read.baseOf(rc);
        return base ? [[rc.tag, base] as const] : [];
      }),
    );
    const byFiles = new Set(newest === -1 ? [] : rcs.slice(newest).map((rc) => rc.tag));
    carries.set(pkg.name, { rcBases, byFiles });
  }
  return carries;
}

/**
 * Where each tag was cut from (releaseBases) and its package's folder there, in one walk of the release
 * chains and one tree read; `also`: more folder specs read with them.
 */
async function foldersAtBases(
  reader: RepositoryReader,
  wanted: readonly { readonly pkg: Package; readonly tags: readonly TaggedVersion[] }[],
  also: readonly string[] = [],
) {
  const bases = await releaseBases(reader, [...new Set(wanted.flatMap((w) => w.tags.map((t) => t.commit)))]);
  const specOf = (t: TaggedVersion, pkg: Package) => {
    const base = bases.get(t.commit);
    return base ? folderSpec(base, pkg) : null;
  };
  const specs = [...also, ...wanted.flatMap(({ pkg, tags }) => tags.map((t) => specOf(t, pkg)))];
  const trees = await reader.readTrees([...new Set(specs.filter((s): s is string => s !== null))]);
  return {
    baseOf: (t: TaggedVersion) => bases.get(t.commit),
    folderAt: (t: TaggedVersion, pkg: Package) => {
      const spec = specOf(t, pkg);
      return spec ? (trees.get(spec) ?? null) : null;
    },
    tree: (spec: string) => trees.get(spec) ?? null,
  };
}

/** Each package's pre-releases above its last final, newest first, and that final (final runs only). Pure. */
function pendingByPackage(
  input: TagsInput,
): { pkg: Package; rcs: TaggedVersion[]; lastFinal: TaggedVersion | null }[] {
  if (input.mode !== 'final') return [];
  const { tagsByPackage } = assignTags(input);
  return input.packages
    .map((pkg) => {
      const tags = tagsByPackage.get(pkg.name) ?? [];
      return { pkg, rcs: pendingPreReleases(tags), lastFinal: countedTags('final', tags).lastFinal };
    })
    .filter((p) => p.rcs.length > 0);
}

/**
 * The commit each tagged commit was cut from: below a tag made by cut-release, its run's release
 * commits (pyrelease's message, one parent) sit on one chain on the base commit; another tool's tag
 * on a branch commit is its own base. Missing commits have no base.
 */
async function releaseBases(
  reader: RepositoryReader,
  tagged: readonly string[],
): Promise<Map<string, string>> {
  const bases = new Map<string, string>();
  let walking = new Map(tagged.map((t) => [t, t]));
  while (walking.size > 0) {
    const commits = await reader.readCommits([...new Set(walking.values())]);
    const next = new Map<string, string>();
    for (const [tag, current] of walking) {
      const commit = commits.get(current);
      if (!commit) continue;
      if (releaseCommitSubject(commit)) next.set(tag, commit.parents[0]);
      else bases.set(tag, current);
    }
    walking = next;
  }
  return bases;
}

/** The `<commit>:<folder>` spec of a package's folder, as `git cat-file` names its tree. */
function folderSpec(commit: string, pkg: Package): string {
  return pkg.path === '.' ? `${commit}:` : `${commit}:${pkg.path}`;
}
