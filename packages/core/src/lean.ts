// The part of the core's public surface that every action loads: errors, log safety and the logger,
// nothing heavy (no TOML parser, no git, no plan). guard.ts is the loop-guard decision; index.ts holds
// the rest and re-exports both.
export { describeError, oneLine, UserError } from './errors.js';
export { commandFreeJson, hideUrlCredentials, safeLogText } from './log-safety.js';
export { escapeMarkdown } from './markdown.js';
export type { Logger } from './logger.js';
