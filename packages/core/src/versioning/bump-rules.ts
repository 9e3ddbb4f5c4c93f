import type { CommitIntent } from './conventional.js';
import type { BumpLevel, Version } from './version.js';

/**
 * Which commit types release what (docs/configuration.md, "Bump rules"). A breaking change is always
 * major (minor below 1.0.0). A type in neither list nor among the types that change nothing a user
 * installs counts as a message that is not a conventional header: `nonConventional`, so a change is
 * never dropped because of a type nobody configured.
 */
export interface BumpRules {
  readonly minor: readonly string[];
  readonly patch: readonly string[];
  readonly nonConventional: 'patch' | 'ignore';
  /** The rules while the version bumped is below 1.0.0 (`[tool.pyrelease.bump.pre-major]`); absent: the same. */
  readonly preMajor?: Omit<BumpRules, 'preMajor'>;
}

/** The rules that bump `from` (below 1.0.0: the pre-major table, if any); null: a first release. */
export function bumpRulesFor(rules: BumpRules, from: Version | null): Omit<BumpRules, 'preMajor'> {
  return rules.preMajor && from && from.release[0] === 0n ? rules.preMajor : rules;
}

/** Types whose commits change nothing a user installs: they release nothing on their own. */
export const NON_RELEASING_TYPES: readonly string[] = [
  'chore',
  'docs',
  'style',
  'test',
  'ci',
  'build',
  'refactor',
];

export const DEFAULT_BUMP_RULES: BumpRules = {
  minor: ['feat'],
  patch: ['fix', 'perf', 'revert', 'deps'],
  nonConventional: 'patch',
};

/** What one commit releases under `rules`; null: nothing on its own. */
export function bumpLevelOf(intent: CommitIntent, rules: BumpRules = DEFAULT_BUMP_RULES): BumpLevel | null {
  if (intent.breaking) return 'major';
  const { type } = intent;
  if (type !== null) {
    if (rules.minor.includes(type)) return 'minor';
    if (rules.patch.includes(type)) return 'patch';
    if (NON_RELEASING_TYPES.includes(type)) return null;
  }
  return rules.nonConventional === 'patch' ? 'patch' : null;
}
