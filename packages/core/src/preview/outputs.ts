import { apiReportJson } from '../api-check/plan.js';
import { planToJson } from '../plan/format.js';
import { taggedRelease } from '../release/outputs.js';
import type { TaggedRelease } from '../publish/unpublished.js';
import type { ReleasePreview } from './preview.js';

/** release-preview's outputs: the releases the merge would make, as cut-release's `released` lists them. */
export function previewOutputs(preview: ReleasePreview): {
  readonly released: readonly TaggedRelease[];
  readonly count: number;
} {
  return { released: preview.releases.map(taggedRelease), count: preview.releases.length };
}

/** `pyrelease preview --json`: the outputs, what fails the check, and the plan. */
export function previewJson(preview: ReleasePreview, baseBranch: string): Record<string, unknown> {
  return {
    baseBranch,
    mode: preview.mode,
    mergeMethod: preview.method,
    head: preview.head,
    ...previewOutputs(preview),
    releases: preview.releases,
    blocked: preview.blocked,
    headerProblems: preview.headerProblems,
    warnings: preview.warnings,
    plan: preview.plan ? planToJson(preview.plan) : null,
    apiCheck: apiReportJson(preview.api),
  };
}

/** Whether the check fails: the merge stops the release, or a header problem fails it. */
export function previewFails(preview: ReleasePreview): string | null {
  if (preview.blocked !== null) return `merging this pull request stops the release: ${preview.blocked}`;
  const failing = preview.headerProblems.filter((h) => h.failing);
  return failing.length > 0 ? failing.map((h) => h.text).join('; ') : null;
}
