import type { TaggedRelease } from '../publish/unpublished.js';
import type { CutReleaseResult } from './cut-release.js';
import type { ReleasedPackage } from './prepare.js';
import {
  DEFAULT_CHUNK_LIMITS,
  publishChunks,
  type ChunkLimits,
  type PublishChunk,
} from './publish-chunks.js';

/**
 * What a cut-release run hands to the jobs after it: the action's outputs, and the keys of
 * `pyrelease cut-release --json`, by the same names. Pure.
 */
export interface ReleaseOutputs {
  /** The packages this run tagged (none in a dry run: a publish job wired to it must not start). */
  readonly released: readonly TaggedRelease[];
  /** Earlier tags of this channel the index still lacks. */
  readonly unpublished: readonly TaggedRelease[];
  /** What the publish jobs take: this run's tags, then the earlier ones the index lacks. */
  readonly publish: readonly TaggedRelease[];
  /** `publish` in chunks, one publish job each, as many as a matrix may have (publish-chunks.ts). */
  readonly 'publish-chunks': readonly PublishChunk[];
  /** This run's tags, separated by spaces. */
  readonly tags: string;
  /** The release branch's new tip; empty when nothing was released, and in a dry run. */
  readonly 'release-sha': string;
  readonly count: number;
  readonly 'release-branch': string;
}

export function releaseOutputs(
  result: CutReleaseResult,
  dryRun: boolean,
  chunks: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): ReleaseOutputs {
  const released = dryRun ? [] : result.released.map(taggedRelease);
  const unpublished = dryRun ? [] : result.unpublished;
  const publish = [...released, ...unpublished];
  return {
    released,
    unpublished,
    publish,
    'publish-chunks': publishChunks(publish, chunks),
    tags: released.map((r) => r.tag).join(' '),
    'release-sha': dryRun ? '' : (result.releaseSha ?? ''),
    count: released.length,
    'release-branch': result.releaseBranch,
  };
}

/** A release as the publish jobs take it: without its notes and the files its commit changed. */
export function taggedRelease({
  notes: _notes,
  changes: _changes,
  ...tagged
}: ReleasedPackage): TaggedRelease {
  return tagged;
}

/** An output as the runner holds it: a string (lists as JSON). */
export function outputText(value: ReleaseOutputs[keyof ReleaseOutputs]): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `pyrelease cut-release --json`: the outputs, and what a person or a program checks before and after
 * a run: whether it was a dry run and pushed, and each release of the run (in a dry run, those it
 * would make) with the changelog section it writes and the files its commit changes.
 */
export function cutReleaseJson(result: CutReleaseResult, dryRun: boolean): Record<string, unknown> {
  return {
    ...releaseOutputs(result, dryRun),
    'dry-run': dryRun,
    pushed: result.pushed,
    releases: result.released,
    ...(dryRun && { 'would-run': result.commands }),
  };
}
