import { UserError } from '../errors.js';
import type { TaggedRelease } from '../publish/unpublished.js';
import { CHANNELS, isPreReleaseChannel } from '../versioning/channels.js';

/**
 * The `publish` list cut in chunks, one publish job each (issue 33): GitHub refuses a matrix of more
 * than 256 jobs, and every job pays a runner's start-up, so a job publishes several tags in one
 * publish-from-tag step. Pure.
 */

/** GitHub's limit on the jobs one matrix makes. */
export const MATRIX_LIMIT = 256;

export interface ChunkLimits {
  /** Tags per chunk; more when the chunks would otherwise be more than `most`. */
  readonly size: number;
  /** Chunks at most. */
  readonly most: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { size: 10, most: MATRIX_LIMIT };

/** One job's share of the publish list, as a matrix entry. */
export interface PublishChunk {
  /** 1, 2, …: unique in the run, for artifact names. */
  readonly id: string;
  /** The tags, separated by spaces: publish-from-tag's `tags`. */
  readonly tags: string;
  /** The channels among them, separated by commas: publish-from-tag's `expect`. */
  readonly expect: string;
  /** Finals and post releases (PyPI's environment); false: pre-releases (TestPyPI's). Never mixed. */
  readonly final: boolean;
  readonly count: number;
}

/**
 * The chunks: finals and post releases apart from pre-releases (they go to other environments), each
 * part cut into chunks of `limits.size` tags, in the order of `publish`. When that makes more than
 * `limits.most` chunks, there are `limits.most`, shared between the parts by their number of tags, and
 * the tags shared evenly among each part's chunks.
 */
export function publishChunks(publish: readonly TaggedRelease[], limits: ChunkLimits): PublishChunk[] {
  const parts = [
    publish.filter((r) => !isPreReleaseChannel(r.channel)),
    publish.filter((r) => isPreReleaseChannel(r.channel)),
  ].filter((p) => p.length > 0);
  const counts = chunkCounts(
    parts.map((p) => p.length),
    limits,
  );
  const chunks: PublishChunk[] = [];
  parts.forEach((part, p) => {
    const count = counts[p];
    for (let i = 0; i < count; i++) {
      // Even shares: 21 tags in 3 chunks are 7, 7 and 7, not 10, 10 and 1.
      const share = part.slice(
        Math.floor((i * part.length) / count),
        Math.floor(((i + 1) * part.length) / count),
      );
      const channels = new Set(share.map((r) => r.channel));
      chunks.push({
        id: String(chunks.length + 1),
        tags: share.map((r) => r.tag).join(' '),
        expect: CHANNELS.filter((c) => channels.has(c)).join(','),
        final: !isPreReleaseChannel(share[0].channel),
        count: share.length,
      });
    }
  });
  return chunks;
}

/** How many chunks each part gets: a chunk per `size` tags, or `most` shared by size (each part one at least). */
function chunkCounts(sizes: readonly number[], limits: ChunkLimits): number[] {
  const wanted = sizes.map((n) => Math.ceil(n / limits.size));
  if (wanted.reduce((a, b) => a + b, 0) <= limits.most) return wanted;
  const total = sizes.reduce((a, b) => a + b, 0);
  const counts = sizes.map((n) => Math.max(1, Math.floor((limits.most * n) / total)));
  // What flooring left over goes to the largest parts; a part never gets more chunks than tags.
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
  for (let left = limits.most - counts.reduce((a, b) => a + b, 0), k = 0; left > 0; k++) {
    const i = order[k % order.length];
    if (counts[i] < sizes[i]) {
      counts[i] += 1;
      left -= 1;
    } else if (counts.every((c, j) => c >= sizes[j])) break;
  }
  return counts;
}

/**
 * The limits as the inputs give them (`publish-chunk-size`, `publish-max-chunks`): whole numbers, a
 * chunk of 1 to 1,000 tags and 2 (finals apart from pre-releases) to 256 chunks.
 */
export function parseChunkLimits(
  size: string,
  most: string,
  names = ['publish-chunk-size', 'publish-max-chunks'],
): ChunkLimits {
  const whole = (text: string, name: string, low: number, high: number, fallback: number) => {
    if (text.trim() === '') return fallback;
    const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!(n >= low && n <= high))
      throw new UserError(
        `${name} must be a whole number from ${low} to ${high}, got ${JSON.stringify(text)}`,
      );
    return n;
  };
  return {
    size: whole(size, names[0], 1, 1000, DEFAULT_CHUNK_LIMITS.size),
    most: whole(most, names[1], 2, MATRIX_LIMIT, DEFAULT_CHUNK_LIMITS.most),
  };
}
