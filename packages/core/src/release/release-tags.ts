import type { Git } from '../git/git.js';
import type { TagObject } from '../git/objects.js';
import { RepositoryReader } from '../git/repository.js';
import type { PackagePlan, ReleasePlan, TaggedVersion } from '../plan/types.js';
import { parseReleaseCommitMessage, releaseCommitSubject } from '../versioning/release-commit.js';
import { channelOf, channelsOfMode, type Channel } from '../versioning/channels.js';
import { compareVersions } from '../versioning/version.js';

/**
 * A tag cut-release made, with what its GitHub Release shows: an annotated tag on the release commit
 * of its package and version (`release(<name>): <version>`, one parent), whose message is the
 * release notes (commit.ts writes the notes as the tag's message, and the Release's body is the same).
 */
export interface ReleaseTag {
  readonly tag: string;
  readonly name: string;
  readonly version: string;
  readonly channel: Channel;
  readonly notes: string;
  /** The tagger's date: when the run that made it ran. */
  readonly taggedAt: Date;
  /**
   * Its commit is on the release branch's chain of release commits as this run found it: a run of
   * pyrelease pushed it with the branch. A tag pushed alone (write access to tags only) is not.
   */
  readonly onReleaseBranch: boolean;
}

/** How many of each package's newest tags are read: more than a run creates Releases for. */
export const RELEASE_TAGS_READ_PER_PACKAGE = 25;

/**
 * Per package, its newest tags of the plan's channels in cut-release's shape, newest first, as they
 * were before this run (the plan's tags). Another tool's tag, or one that points elsewhere than the
 * remote said, ends a package's list: what is below it is not pyrelease's to speak for. Whether each
 * is on the release branch as this run found it (`releaseTip`, its remote tip; null: none) is read
 * too. One cat-file for all packages.
 */
export async function readReleaseTags(
  git: Git,
  plan: ReleasePlan,
  releaseTip: string | null,
): Promise<ReleaseTag[][]> {
  const channels = channelsOfMode(plan.mode);
  const newest = plan.packages.map((p) => newestOfChannels(p, channels));
  const all = newest.flat();
  if (all.length === 0) return [];
  const reader = new RepositoryReader(git);
  return git.keepReading(async () => {
    const tags = await reader.readTagObjects(all.map((t) => t.tag));
    const commits = await reader.readCommits([...new Set(all.map((t) => t.commit))]);
    const chain = releaseTip ? await releaseChain(reader, releaseTip) : new Set<string>();
    return plan.packages.map((p, i) => {
      const made: ReleaseTag[] = [];
      for (const t of newest[i]) {
        const tag = tags.get(t.tag);
        const commit = commits.get(t.commit);
        const subject = commit?.parents.length === 1 ? parseReleaseCommitMessage(commit.message) : null;
        const ours =
          tag?.object === t.commit && subject?.name === p.package.name && subject.version === t.version.text;
        if (!ours || !tag) break;
        made.push({ ...toReleaseTag(t, tag, p.package.name), onReleaseBranch: chain.has(t.commit) });
      }
      return made;
    });
  });
}

function newestOfChannels(p: PackagePlan, channels: readonly Channel[]): TaggedVersion[] {
  return p.tags
    .filter((t) => channels.includes(channelOf(t.version)))
    .sort((a, b) => compareVersions(b.version, a.version))
    .slice(0, RELEASE_TAGS_READ_PER_PACKAGE);
}

/** The release commits a release branch's tip sits on (one run's: each has one parent, down to its base). */
async function releaseChain(reader: RepositoryReader, tip: string): Promise<Set<string>> {
  const chain = new Set<string>();
  for (let sha: string | undefined = tip; sha && !chain.has(sha);) {
    const commit = (await reader.readCommits([sha])).get(sha);
    if (!commit || !releaseCommitSubject(commit)) break;
    chain.add(sha);
    sha = commit.parents[0];
  }
  return chain;
}

function toReleaseTag(t: TaggedVersion, tag: TagObject, name: string): Omit<ReleaseTag, 'onReleaseBranch'> {
  const channel = channelOf(t.version);
  return { tag: t.tag, name, version: t.version.text, channel, notes: tag.message, taggedAt: tag.taggedAt };
}
