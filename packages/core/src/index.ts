// The core's public surface: what the CLI (packages/cli) and the action entries (actions/*/src) use,
// named one by one. Everything else is internal to the core; its tests import it from its module.
// lean.ts is the part every action loads (errors, log safety, logger), guard.ts the loop-guard decision.
export * from './lean.js';
export * from './guard.js';
export { RecordingLogger, silentLogger } from './logger.js';
export { markdownFence } from './markdown.js';
export { ACTION_SETTINGS, CLI_SETTINGS, type SettingNames } from './settings.js';
export { Git, type GitResult, type GitRunOptions } from './git/git.js';
export { traceCommands } from './git/exec.js';
export { tokenForms } from './git/remote.js';
export { RepositoryReader } from './git/repository.js';
export { parseMode, type PackagePlan, type ReleaseMode, type ReleasePlan } from './plan/types.js';
export {
  CHANNELS,
  RELEASE_MODES,
  channelOf,
  channelsOfMode,
  isPreReleaseChannel,
  type Channel,
} from './versioning/channels.js';
export { planFromRepository, requireWholeHistory, type PlanRequest } from './plan/planner.js';
export {
  formatPlanHeading,
  formatPlanMarkdown,
  formatPlanTable,
  formatReleaseCommit,
  planToJson,
} from './plan/format.js';
export { API_CHECK_MODES, type ApiCheckMode } from './config/keys.js';
export { apiReportJson, planRepositoryCheckingApi } from './api-check/plan.js';
export type { ApiReport } from './api-check/check.js';
export { prepareReleases, type PreparedRelease, type ReleasedPackage } from './release/prepare.js';
export { cutRelease, type CutReleaseOptions, type CutReleaseResult } from './release/cut-release.js';
export type { Signing, SigningFormat } from './release/signing/signer.js';
export { cutReleaseJson, outputText, releaseOutputs, type ReleaseOutputs } from './release/outputs.js';
export {
  DEFAULT_CHUNK_LIMITS,
  MATRIX_LIMIT,
  parseChunkLimits,
  publishChunks,
  type ChunkLimits,
  type PublishChunk,
} from './release/publish-chunks.js';
export { readReleaseTags, type ReleaseTag } from './release/release-tags.js';
export { publishFromTag, type PublishOptions, type PublishResult } from './publish/publish-from-tag.js';
export { parseExpectation, tagFromRef, type Expectation } from './publish/tag-package.js';
export { DEFAULT_PUBLISH_BRANCHES } from './publish/reviewed-checkout.js';
export { releaseIndexOf, shownUrl } from './publish/package-index.js';
export { userCacheDir } from './publish/python.js';
export { indexUrlSecrets } from './publish/index-holdings.js';
export { nearestWord, wordList } from './text.js';
export {
  chooseMergeMethod,
  FINAL_BRANCHES,
  GITHUB_SQUASH_DEFAULTS,
  MERGE_METHODS,
  type AllowedMergeMethods,
  type MergeMethod,
  type PullRequestText,
  type SquashSettings,
} from './preview/merge-method.js';
export { checkedOutMerge, mergeLocally, type MergeResult } from './preview/merge-result.js';
export { previewRelease, type PreviewRequest, type ReleasePreview } from './preview/preview.js';
export { COMMENT_LIMIT, PREVIEW_MARKER, previewMarkdown, previewText } from './preview/format.js';
export { previewFails, previewJson, previewOutputs } from './preview/outputs.js';
export {
  failedTags,
  parseTagList,
  publishFromTags,
  type SeveralTagsResult,
  type TagOutcome,
} from './publish/publish-tags.js';
