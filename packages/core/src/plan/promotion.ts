import type { RepositoryReader } from '../git/repository.js';
import { releaseCommitSubject } from '../versioning/release-commit.js';
import type { Package } from '../workspace/package.js';
import { assignTags, pendingPreReleases } from './tag-assignment.js';
import type { PlanInput, Promotion, TaggedVersion } from './types.js';

/**
 * release flow §1: a final run on `master` promotes what an rc run released from `test`. GitHub's merge
 * buttons bring it there in four shapes (a merge commit, one squashed commit, rebased copies, a
 * fast-forward), and only the merge commit and the fast-forward keep the rc's commits in the final's
 * history. What all four keep is the files: when a package's folder at the head is, byte for byte,
 * its folder where an rc was cut, the final releases that rc: its commits are the final's changes, and
 * the final is never below it.
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
  const bases = await releaseBases(reader, [
    ...new Set(candidates.flatMap((c) => c.rcs.map((rc) => rc.commit))),
  ]);
  const specs = candidates.flatMap(({ pkg, rcs }) => [
    folderSpec(head, pkg),
    ...rcs.flatMap((rc) => (bases.has(rc.commit) ? [folderSpec(bases.get(rc.commit) as string, pkg)] : [])),
  ]);
  const trees = await reader.readTrees([...new Set(specs)]);
  const promotions = new Map<string, Promotion>();
  for (const { pkg, rcs } of candidates) {
    const atHead = trees.get(folderSpec(head, pkg));
    // The newest rc whose folder is the head's.
    for (const rc of rcs) {
      const base = bases.get(rc.commit);
      const atBase = base ? trees.get(folderSpec(base, pkg)) : null;
      if (!atHead || !atBase || !atHead.equals(atBase)) continue;
      promotions.set(pkg.name, { rc, base: base as string });
      break;
    }
  }
  return promotions;
}

/** Each package's pre-releases above its last final, newest first (final runs only). Pure. */
function pendingByPackage(input: TagsInput): { pkg: Package; rcs: TaggedVersion[] }[] {
  if (input.mode !== 'final') return [];
  const { tagsByPackage } = assignTags(input);
  return input.packages
    .map((pkg) => ({ pkg, rcs: pendingPreReleases(tagsByPackage.get(pkg.name) ?? []) }))
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
