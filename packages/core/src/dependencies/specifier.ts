import { compareVersions, tryParseVersion, type Version } from '../versioning/version.js';

/**
 * PEP 440 version specifiers (`>=1.0,<2`, `~=1.4`, `==1.*`) and Poetry's `^`/`~`, read and moved up to
 * a new version keeping their shape. Matching follows Python's `packaging`, the reference (checked
 * against it by the property tests).
 */
export type Operator = '===' | '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '^' | '~';

export interface Clause {
  readonly operator: Operator;
  /** The version as written (without `.*`). */
  readonly versionText: string;
  readonly wildcard: boolean;
  /** Offsets of the whole clause in the specifier text (operator to version end, `.*` included). */
  readonly start: number;
  readonly end: number;
}

const CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>|\^|~)\s*([^\s,]+?)(\.\*)?\s*$/;

/** The clauses of a comma-separated specifier set; null when one of them is not a valid clause. */
export function parseSpecifierSet(text: string): Clause[] | null {
  if (text.trim() === '') return [];
  const clauses: Clause[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const match = CLAUSE.exec(part);
    if (!match) return null;
    const [, operator, versionText, star] = match;
    if (operator !== '===' && !validClause(operator, tryParseVersion(versionText), Boolean(star)))
      return null;
    const lead = part.length - part.trimStart().length;
    const trail = part.length - part.trimEnd().length;
    clauses.push({
      operator: operator as Operator,
      versionText,
      wildcard: Boolean(star),
      start: offset + lead,
      end: offset + part.length - trail,
    });
    offset += part.length + 1;
  }
  return clauses;
}

/**
 * PEP 440's limits on a clause, as packaging applies them: `.*` only after `==`/`!=` and a release
 * alone (`==1.0.*`, never `>=1.0.*` or `==1.0rc1.*`); `~=` needs two release numbers (`~=1` is
 * invalid); an ordered comparison takes no local label. Poetry's `^` and `~` are Poetry's.
 */
function validClause(operator: string, v: Version | null, wildcard: boolean): boolean {
  if (!v) return false;
  if (wildcard) {
    const releaseOnly = v.pre === null && v.post === null && v.dev === null && v.local === null;
    return (operator === '==' || operator === '!=') && releaseOnly;
  }
  if (operator === '~=') return v.release.length >= 2 && v.local === null;
  if (operator === '<' || operator === '>' || operator === '<=' || operator === '>=') return v.local === null;
  return true;
}

function parsed(text: string): Version {
  return tryParseVersion(text) as Version;
}

function publicOf(v: Version): Version {
  return v.local === null ? v : (tryParseVersion(v.text.slice(0, v.text.indexOf('+'))) as Version);
}

function releaseOfVersion(v: Version): Version {
  return tryParseVersion(`${v.epoch ? `${v.epoch}!` : ''}${v.release.join('.')}`) as Version;
}

function isPrerelease(v: Version): boolean {
  return v.pre !== null || v.dev !== null;
}

/** packaging's Specifier.prereleases: a clause that names a pre-release admits pre-releases. */
function namesPrerelease(clause: Clause): boolean {
  if (clause.operator === '!=') return false;
  const v = tryParseVersion(clause.versionText);
  return v !== null && isPrerelease(v);
}

function prefixMatches(v: Version, spec: Version): boolean {
  if (v.epoch !== spec.epoch) return false;
  return spec.release.every((n, i) => (v.release[i] ?? 0n) === n);
}

/** The upper bound of `~=`, `^` and `~` as a release prefix that must match. */
function compatiblePrefix(clause: Clause, spec: Version): bigint[] {
  const release = [...spec.release];
  if (clause.operator === '~=') return release.slice(0, -1);
  if (clause.operator === '~') return release.length === 1 ? release : release.slice(0, 2);
  // ^: up to the first non-zero number (Poetry: ^0.2.3 is >=0.2.3,<0.3.0; ^0.0 is <0.1).
  const firstNonZero = release.findIndex((n) => n !== 0n);
  if (firstNonZero < 0) return release;
  return release.slice(0, firstNonZero + 1);
}

function clauseAdmits(clause: Clause, item: Version): boolean {
  const { operator } = clause;
  if (operator === '===') return clause.versionText.toLowerCase() === item.text.toLowerCase();
  const spec = parsed(clause.versionText);
  const candidate = spec.local === null ? publicOf(item) : item;
  if (operator === '==' || operator === '!=') {
    const equal = clause.wildcard
      ? prefixMatches(publicOf(item), spec)
      : compareVersions(candidate, spec) === 0;
    return operator === '==' ? equal : !equal;
  }
  const cmp = compareVersions(publicOf(item), spec);
  if (operator === '>=') return cmp >= 0;
  if (operator === '<=') return cmp <= 0;
  if (operator === '<') {
    if (cmp >= 0) return false;
    // <V does not admit a pre-release of V itself unless V is one.
    return !(
      !isPrerelease(spec) &&
      isPrerelease(item) &&
      compareVersions(releaseOfVersion(item), releaseOfVersion(spec)) === 0
    );
  }
  if (operator === '>') {
    if (cmp <= 0) return false;
    // >V does not admit a post-release of V itself unless V is one.
    if (spec.post === null && item.post !== null) {
      const withoutPost = tryParseVersion(publicOf(item).text.replace(/\.post\d+/, ''));
      if (withoutPost && compareVersions(withoutPost, spec) === 0) return false;
    }
    return true;
  }
  // ~=, ^ and ~: at least the version, within its compatible prefix.
  return (
    compareVersions(publicOf(item), spec) >= 0 &&
    prefixMatches(publicOf(item), { ...spec, release: compatiblePrefix(clause, spec) })
  );
}

/**
 * Whether the specifier set admits `version` for an installer choosing among releases: as packaging's
 * `SpecifierSet.contains(v, prereleases=...)` with pre-releases only when a clause names one (so an
 * empty set admits every final and no pre-release).
 */
export function admits(clauses: readonly Clause[], version: Version): boolean {
  if (isPrerelease(version) && !clauses.some(namesPrerelease)) return false;
  return clauses.every((c) => clauseAdmits(c, version));
}

/** `v` written with `count` release numbers (padded with zeros, or cut), keeping its epoch. */
function releaseText(v: Version, count: number): string {
  const numbers = [...v.release];
  while (numbers.length < count) numbers.push(0n);
  return `${v.epoch ? `${v.epoch}!` : ''}${numbers.slice(0, Math.max(count, 1)).join('.')}`;
}

/**
 * The next boundary after `v` at the level of an upper bound, written with as many numbers: the level is
 * the bound's last non-zero number (`<2` and `<2.0` are major, `<1.5` minor): `<2.0` -> `<3.0`.
 */
function nextBoundary(v: Version, bound: Version): string {
  const count = Math.max(bound.release.length, 1);
  let level = bound.release.length - 1;
  while (level > 0 && bound.release[level] === 0n) level -= 1;
  const numbers = [...v.release];
  while (numbers.length < count) numbers.push(0n);
  const next = numbers.slice(0, count).map((n, i) => (i < level ? n : i === level ? n + 1n : 0n));
  return `${v.epoch ? `${v.epoch}!` : ''}${next.join('.')}`;
}

/** `base` (release numbers) with `v`'s pre, post and dev parts: the anchor of `~=2.0rc1`. */
function withSuffix(v: Version, base: string): string {
  return (
    base +
    (v.pre ? `${v.pre.label}${v.pre.number}` : '') +
    (v.post !== null ? `.post${v.post}` : '') +
    (v.dev !== null ? `.dev${v.dev}` : '')
  );
}

/**
 * The specifier set moved up so it admits `version` (the release of a sibling package), keeping its
 * shape: lower bounds and exact pins become `version`, an upper bound it passed moves to the next
 * boundary of the same level (`>=1.0,<2` -> `>=2.0.0,<3`), `~=`/`^`/`~` stay anchored at it with as
 * many numbers as written, and a `!=` that excludes it is dropped. Only the clauses' text changes.
 * Null when the set admits it already.
 */
export function moveSpecifierTo(text: string, version: Version): string | null {
  const clauses = parseSpecifierSet(text);
  if (clauses === null) return null;
  if (admits(clauses, version)) return null;
  const exact = version.text;
  const kept = clauses.map((clause): { clause: Clause; replacement: string | null } => {
    // Lower bounds always move up to the version (the dependent was built and tested against it).
    const lower = clause.operator === '>=' || clause.operator === '>';
    if (!lower && clauseAdmits(clause, version)) {
      return { clause, replacement: text.slice(clause.start, clause.end) };
    }
    const count = tryParseVersion(clause.versionText)?.release.length ?? 1;
    switch (clause.operator) {
      case '>=':
      case '>':
        return { clause, replacement: `>=${exact}` };
      case '<=':
        return { clause, replacement: `<=${exact}` };
      case '<':
        return { clause, replacement: `<${nextBoundary(version, parsed(clause.versionText))}` };
      case '==':
        return { clause, replacement: clause.wildcard ? `==${releaseText(version, count)}.*` : `==${exact}` };
      case '===':
        return { clause, replacement: `===${exact}` };
      case '!=':
        return { clause, replacement: null };
      default: {
        // ~=, ^, ~: anchored at the version; a pre-release is written whole so it is admitted.
        const anchor = withSuffix(
          version,
          releaseText(version, Math.max(count, clause.operator === '~=' ? 2 : 1)),
        );
        return { clause, replacement: `${clause.operator}${anchor}` };
      }
    }
  });
  // A pre-release is admitted only by a clause that names it: with none left, the lower bound does.
  const pieces = kept.map((k) => k.replacement).filter((r): r is string => r !== null);
  if (isPrerelease(version) && !pieces.some(namesPrereleaseText)) {
    const lower = pieces.findIndex((p) => p.startsWith('>='));
    if (lower >= 0) pieces[lower] = `>=${exact}`;
    else pieces.unshift(`>=${exact}`);
  }
  // The clauses keep their order; the separator keeps the text's spacing.
  const result = pieces.join(/,\s/.test(text) ? ', ' : ',');
  const check = parseSpecifierSet(result);
  return check !== null && admits(check, version) ? result : null;
}

function namesPrereleaseText(clauseText: string): boolean {
  const clauses = parseSpecifierSet(clauseText);
  return clauses !== null && clauses.some(namesPrerelease);
}
