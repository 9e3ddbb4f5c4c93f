import type { Logger } from '../logger.js';
import type { FileKind, IndexHoldings, PackageIndex } from './index-holdings.js';
import type { ReleasePlan } from '../plan/types.js';
import { channelOf, channelsOfMode, type Channel } from '../versioning/channels.js';
import { compareVersions, tryParseVersion, type Version } from '../versioning/version.js';

/** A tag and what it releases, as the `released` output lists it. */
export interface TaggedRelease {
  readonly name: string;
  readonly version: string;
  readonly previous: string | null;
  readonly tag: string;
  readonly path: string;
  readonly channel: Channel;
}

/**
 * Every tag of the run's channels (its mode's; a final run's are finals and post releases) of every package: the
 * tags an earlier run may have pushed and then been cancelled or failed before it published them (or
 * published only part of). The tags this run makes are not among them, nor tags several packages
 * share as history (`v1.4.0` read through previous-tag-formats). Pure.
 */
export function tagsOfChannel(plan: ReleasePlan): TaggedRelease[] {
  const channels = channelsOfMode(plan.mode);
  return plan.packages.flatMap((p) =>
    [...p.tags]
      .filter((t) => channels.includes(channelOf(t.version)) && !t.shared)
      .sort((a, b) => compareVersions(a.version, b.version))
      .map((t) => ({
        name: p.package.name,
        version: t.version.text,
        previous: null,
        tag: t.tag,
        path: p.package.path,
        channel: channelOf(t.version),
      })),
  );
}

/**
 * Which of one package's tags (oldest first) the index lacks, in part or whole. A version counts as
 * published when it has every kind of file the index holds of the project's other versions, or, with
 * no other version to go by, an sdist and a wheel (what python -m build makes): an upload that died
 * between its files left the rest to do.
 * Versions below the oldest one on the index are history from before it was used, and a project the
 * index has nothing of is asked only for its newest tag: neither is published now.
 */
function unpublishedOf(
  tags: readonly TaggedRelease[],
  held: IndexHoldings,
): { tag: TaggedRelease; missing: FileKind[] | null }[] {
  if (held.size === 0) return tags.length > 0 ? [{ tag: tags[tags.length - 1], missing: null }] : [];
  const versions = [...held.keys()].map((v) => tryParseVersion(v) as Version);
  const oldest = versions.reduce((a, b) => (compareVersions(a, b) <= 0 ? a : b));
  const found: { tag: TaggedRelease; missing: FileKind[] | null }[] = [];
  for (const tag of tags) {
    const version = tryParseVersion(tag.version);
    if (!version || compareVersions(version, oldest) < 0) continue;
    const kinds = held.get(version.text);
    if (!kinds) {
      found.push({ tag, missing: null });
      continue;
    }
    const others = [...held].filter(([v]) => v !== version.text).flatMap(([, k]) => [...k]);
    const expected = new Set<FileKind>(others.length > 0 ? others : ['sdist', 'wheel']);
    const missing = [...expected].filter((k) => !kinds.has(k)).sort();
    if (missing.length > 0) found.push({ tag, missing });
  }
  return found;
}

/**
 * The tags among `candidates` that the index lacks in whole or in part (unpublishedOf), asked through
 * its simple API once per package (a few packages at a time). An index that cannot be asked is named
 * in a warning, and its tags are not reported: a guess could publish twice or hide a gap.
 */
export async function findUnpublished(
  candidates: readonly TaggedRelease[],
  index: PackageIndex,
  logger: Logger,
): Promise<TaggedRelease[]> {
  const { simple } = index;
  const names = [...new Set(candidates.map((c) => c.name))];
  const answers = await index.ask(names);
  // By package, so the warnings list them in plan order whichever answer comes first.
  const unknown: string[] = [];
  const found = names.flatMap((name, i) => {
    const tags = candidates.filter((c) => c.name === name);
    const answer = answers[i];
    if ('held' in answer) return unpublishedOf(tags, answer.held);
    unknown.push(`${tags.map((t) => t.tag).join(', ')} (${answer.error})`);
    return [];
  });
  if (unknown.length > 0) {
    logger.warning(`could not ask ${simple} whether these tags are published: ${unknown.join(', ')}`);
  }
  for (const { tag: m, missing } of found) {
    logger.warning(
      missing === null
        ? `${m.tag} is tagged but ${simple} has no file of ${m.name} ${m.version} (an earlier run stopped before publishing it): it is in this run's publish output`
        : `${m.tag} is tagged but ${simple} has only part of ${m.name} ${m.version}, no ${missing.join(' and no ')} (an upload stopped between its files): it is in this run's publish output`,
    );
  }
  return found.map((f) => f.tag);
}
