// The part of the core's public surface that loads nothing heavy (no TOML parser, no git, no plan):
// loop-guard, the umbrella's dispatcher and the helpers every action shares import it, so the bundle
// that runs on every push starts fast. index.ts holds the rest and re-exports this.
export { describeError, oneLine, UserError } from './errors.js';
export { commandFreeJson, safeLogText } from './log-safety.js';
export type { Logger } from './logger.js';
export {
  compileReleaseCommitPattern,
  decideLoopGuard,
  DEFAULT_BOT_ACTORS,
  DEFAULT_RELEASE_BRANCHES,
  DEFAULT_RELEASE_COMMIT_PATTERN,
  PromotionRuleViolation,
  type GuardContext,
  type GuardDecision,
  type GuardSettings,
} from './guard/loop-guard.js';
