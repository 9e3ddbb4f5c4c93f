/**
 * Branch names with per-run placeholders (release flow §8) and globs, matched without any dependency:
 * loop-guard uses this and must stay small.
 */

/** What each per-run placeholder stands for in a branch name. */
const PLACEHOLDER_PATTERNS: Readonly<Record<string, string>> = {
  '{date}': '[0-9]{8}',
  '{sha}': '[0-9a-f]{7,40}',
};

/**
 * True when `branch` is one of `patterns`: a name as written, a per-run name such as
 * `release/rc-{date}-{sha}`, or a glob (`*` within a path segment, `**` across segments, `?` one
 * character, `{a,b}` either).
 */
export function matchesBranchPattern(branch: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern === branch || branchPatternRegExp(pattern).test(branch));
}

function branchPatternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const placeholder = Object.keys(PLACEHOLDER_PATTERNS).find((p) => pattern.startsWith(p, i));
    if (placeholder) {
      source += PLACEHOLDER_PATTERNS[placeholder];
      i += placeholder.length;
    } else if (pattern[i] === '{' && pattern.indexOf('}', i) > i) {
      // `{final,hotfix}`: one of the alternatives, each a pattern of its own.
      const end = pattern.indexOf('}', i);
      const alternatives = pattern.slice(i + 1, end).split(',');
      source += `(?:${alternatives.map((a) => branchPatternRegExp(a).source.slice(1, -1)).join('|')})`;
      i = end + 1;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 2;
    } else {
      const c = pattern[i];
      source += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${source}$`);
}
