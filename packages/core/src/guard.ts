// The loop-guard decision, a surface of its own so that the loop-guard bundle, which runs on every
// push, loads it and lean.ts alone (and the other bundles do not carry it).
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
