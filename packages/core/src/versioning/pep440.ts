/**
 * PEP 440's grammar, read into exact parts. Numbers stay BigInt from the text on: a version segment
 * may have any number of digits (`1.0.20261203153045123`), and a JavaScript number rounds it past 2^53.
 */

export type PreLabel = 'a' | 'b' | 'rc';

/** A version's parts in normal form (labels spelled as PEP 440 normalizes them, local in `.` form). */
export interface VersionParts {
  readonly epoch: bigint;
  readonly release: readonly bigint[];
  readonly pre: { readonly label: PreLabel; readonly number: bigint } | null;
  readonly post: bigint | null;
  readonly dev: bigint | null;
  readonly local: string | null;
}

/**
 * What packaging's `\s*` around a version skips: Python's whitespace, which is not JavaScript's
 * (`\x85` and `\x1c`-`\x1f` are, the byte order mark is not).
 */
const PYTHON_SPACE =
  // eslint-disable-next-line no-control-regex -- Python's whitespace holds control characters.
  /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

// PEP 440, appendix B ("the canonical regular expression"), with the same groups.
const PEP440 = new RegExp(
  [
    '^v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?:[-_.]?(?<preLabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preNumber>[0-9]+)?)?',
    '(?:-(?<postImplicit>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?',
    '(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  ].join(''),
  'i',
);

const PRE_LABELS: Record<string, PreLabel> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** The parts of any PEP 440 spelling (`v1.0.0rc1`, `1.0.0-rc.1`, `1.0.0.RC1`), or null. */
export function readVersionParts(input: string): VersionParts | null {
  const match = PEP440.exec(input.replace(PYTHON_SPACE, ''));
  if (!match?.groups) return null;
  const g = match.groups;
  const post = g.postImplicit ?? (g.postLabel === undefined ? undefined : (g.postNumber ?? '0'));
  return {
    epoch: BigInt(g.epoch ?? '0'),
    release: g.release.split('.').map(BigInt),
    pre:
      g.preLabel === undefined
        ? null
        : { label: PRE_LABELS[g.preLabel.toLowerCase()], number: BigInt(g.preNumber ?? '0') },
    post: post === undefined ? null : BigInt(post),
    dev: g.devLabel === undefined ? null : BigInt(g.devNumber ?? '0'),
    local: g.local === undefined ? null : normalLocal(g.local),
  };
}

/** packaging's form of a local label: lower case, `.` between segments, numbers without leading zeros. */
function normalLocal(local: string): string {
  return local
    .toLowerCase()
    .split(/[-_.]/)
    .map((segment) => (/^[0-9]+$/.test(segment) ? BigInt(segment).toString() : segment))
    .join('.');
}

/** The normalized text of `parts`: `1!2.0rc1.post0.dev3+abc.7`. */
export function versionText(parts: VersionParts): string {
  let text = parts.epoch ? `${parts.epoch}!` : '';
  text += parts.release.join('.');
  if (parts.pre) text += `${parts.pre.label}${parts.pre.number}`;
  if (parts.post !== null) text += `.post${parts.post}`;
  if (parts.dev !== null) text += `.dev${parts.dev}`;
  if (parts.local !== null) text += `+${parts.local}`;
  return text;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareIntegers(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
