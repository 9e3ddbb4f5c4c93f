import { UserError } from '../errors.js';
import { tryParseVersion, type Version } from './version.js';
import { escapeRegExp } from '../text.js';

export const DEFAULT_TAG_FORMAT = '{name}-v{version}';

/** PEP 503 normalization: `Skyforge_Orchestrator` -> `skyforge-orchestrator`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** PEP 508 project names: ASCII letters and digits, with `-`, `_` or `.` inside. */
export function isValidProjectName(name: string): boolean {
  return /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i.test(name);
}

export interface ParsedTag {
  /** The normalized package name, or null when the format has no `{name}` (single-package repos). */
  readonly name: string | null;
  readonly version: Version;
}

/** The placeholders of a tag format: `{version}` once, and what names the package. */
const PACKAGE_PLACEHOLDERS = ['{name}', '{dir}', '{path}'] as const;

/** Whether a tag format names its package (`{name}`, `{dir}` or `{path}`): `v{version}` does not. */
export function formatNamesPackage(format: string): boolean {
  return PACKAGE_PLACEHOLDERS.some((p) => format.includes(p));
}

/**
 * Checks a tag format: exactly one `{version}`, only known placeholders, text between two placeholders
 * (else a tag could not be read back), and the result a valid git tag name. `what` names the setting.
 */
export function checkTagFormat(format: string, what = 'tag-format'): void {
  const placeholders = format.match(/\{[^}]*\}/g) ?? [];
  const invalid = (why: string) => new UserError(`${what} ${JSON.stringify(format)} is invalid: ${why}`);
  const unknown = placeholders.filter(
    (p) => p !== '{version}' && !(PACKAGE_PLACEHOLDERS as readonly string[]).includes(p),
  );
  if (unknown.length > 0 || placeholders.filter((p) => p === '{version}').length !== 1) {
    throw invalid('expected exactly one {version} and any of {name}, {dir}, {path}, e.g. {name}-v{version}');
  }
  if (/\}\{/.test(format)) {
    throw invalid('placeholders need text between them, e.g. {name}-v{version}');
  }
  const sample = format
    .replace(/\{name\}/g, 'x')
    .replace(/\{dir\}/g, 'x')
    .replace(/\{path\}/g, 'x/y')
    .replace('{version}', '1');
  if (!isValidRefComponent(sample)) throw invalid('it does not make a valid git tag name');
}

/**
 * A tag format such as `{name}-v{version}`, read without knowing the packages: renders tags and
 * parses them back. Parsing tries every place where the separator occurs, so names that contain `-v`
 * or `rc` parse correctly. Formats with `{dir}` or `{path}` are read per package (PackageTagPattern).
 */
export class TagFormat {
  private readonly prefix: string;
  private readonly separator: string;
  private readonly suffix: string;
  /** Which placeholder comes first; null when the format has no `{name}`. */
  private readonly order: 'name-first' | 'version-first' | null;
  /** True when the format holds `{dir}` or `{path}`: only PackageTagPattern reads it. */
  private readonly byFolder: boolean;

  constructor(readonly format: string = DEFAULT_TAG_FORMAT) {
    checkTagFormat(format);
    this.byFolder = format.includes('{dir}') || format.includes('{path}');
    const v = format.indexOf('{version}');
    const n = format.includes('{name}', format.indexOf('{name}') + 1) ? -1 : format.indexOf('{name}');
    if (n < 0 || this.byFolder) {
      this.order = null;
      this.prefix = format.slice(0, v);
      this.separator = '';
      this.suffix = format.slice(v + '{version}'.length);
    } else {
      const [first, firstLen, second, secondLen] =
        n < v ? [n, '{name}'.length, v, '{version}'.length] : [v, '{version}'.length, n, '{name}'.length];
      this.order = n < v ? 'name-first' : 'version-first';
      this.prefix = format.slice(0, first);
      this.separator = format.slice(first + firstLen, second);
      this.suffix = format.slice(second + secondLen);
    }
  }

  /** True when the format tells packages apart ({name}, {dir} or {path}). */
  get hasName(): boolean {
    return this.order !== null || this.byFolder;
  }

  render(name: string, version: Version): string {
    return this.format.replace('{name}', normalizeName(name)).replace('{version}', version.text);
  }

  /** Every (name, version) reading of `tag` whose version is valid PEP 440 and name a valid project name. */
  candidates(tag: string): ParsedTag[] {
    if (this.byFolder) return [];
    if (!tag.startsWith(this.prefix) || !tag.endsWith(this.suffix)) return [];
    if (tag.length < this.prefix.length + this.suffix.length) return [];
    const middle = tag.slice(this.prefix.length, tag.length - this.suffix.length);
    if (this.order === null) {
      const version = tryParseVersion(middle);
      return version ? [{ name: null, version }] : [];
    }
    const found: ParsedTag[] = [];
    for (let i = middle.indexOf(this.separator, 1); i > 0; i = middle.indexOf(this.separator, i + 1)) {
      const first = middle.slice(0, i);
      const second = middle.slice(i + this.separator.length);
      if (second === '') break;
      const [name, versionText] = this.order === 'name-first' ? [first, second] : [second, first];
      if (!isValidProjectName(name)) continue;
      const version = tryParseVersion(versionText);
      if (version) found.push({ name: normalizeName(name), version });
    }
    return found;
  }

  /**
   * The reading of `tag` for one of `knownNames` (normalized), preferring the longest name, so
   * `core-utils-v1.0` is core-utils and never core. Without known names, the only valid reading.
   */
  parse(tag: string, knownNames?: ReadonlySet<string>): ParsedTag | null {
    const all = this.candidates(tag);
    if (!knownNames || this.order === null) return all.length === 1 ? all[0] : null;
    const known = all.filter((c) => c.name !== null && knownNames.has(c.name));
    known.sort((a, b) => (b.name as string).length - (a.name as string).length);
    return known[0] ?? null;
  }
}

/** The rules of `git check-ref-format` for one tag name, checked without running git. */
export function isValidRefComponent(name: string): boolean {
  if (name === '' || name === '@') return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  // Each part between slashes: git refuses one that starts with a dot or ends with .lock.
  return !name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}

/** What a tag format says about one package: its normalized name and its folder. */
export interface TagSubject {
  readonly name: string;
  /** Folder relative to the repository root, `.` for the root. */
  readonly path: string;
}

/** Any spelling of a normalized name that normalizes to it: `core-lib` matches `Core_Lib`, `core.lib`. */
function nameSpellings(normalized: string): string {
  return normalized
    .split('-')
    .map((part) =>
      [...part].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : escapeRegExp(c))).join(''),
    )
    .join('[-_.]+');
}

/**
 * One package's tags under one format: `{name}`, `{dir}` and `{path}` filled in, so only `{version}`
 * is left to read. `{name}` also matches the name's other spellings (`Core_Lib-v1.0`); the folder
 * placeholders match as written.
 */
export class PackageTagPattern {
  private readonly pattern: RegExp;
  /** The tag with `{version}` left in: what the plan shows as the package's tag shape. */
  readonly shape: string;
  /** The length of the fixed text: of two patterns that read a tag, the longer one is meant. */
  readonly specificity: number;

  constructor(
    readonly format: string,
    readonly subject: TagSubject,
  ) {
    checkTagFormat(format);
    const dir = subject.path === '.' ? '' : subject.path.slice(subject.path.lastIndexOf('/') + 1);
    const path = subject.path === '.' ? '' : subject.path;
    const fill = (text: string) =>
      text
        .replace(/\{name\}/g, subject.name)
        .replace(/\{dir\}/g, dir)
        .replace(/\{path\}/g, path);
    this.shape = fill(format);
    this.specificity = this.shape.length - '{version}'.length;
    const source = format
      .split(/(\{name\}|\{dir\}|\{path\}|\{version\})/)
      .map((part) =>
        part === '{version}'
          ? '(.+)'
          : part === '{name}'
            ? nameSpellings(subject.name)
            : escapeRegExp(fill(part)),
      )
      .join('');
    this.pattern = new RegExp(`^${source}$`);
  }

  /** Whether the format names this package at all (a root package has no `{dir}`). */
  get usable(): boolean {
    return !((this.format.includes('{dir}') || this.format.includes('{path}')) && this.subject.path === '.');
  }

  render(version: Version): string {
    return this.shape.replace('{version}', version.text);
  }

  /** The version `tag` gives this package, or null when it is not one of its tags. */
  parse(tag: string): Version | null {
    const match = this.pattern.exec(tag);
    return match ? tryParseVersion(match[1]) : null;
  }
}

/**
 * Which package a tag belongs to, among many patterns: the most specific pattern that reads it, so
 * `core-utils-v1.0` is core-utils's and never core's. Patterns are checked longest first.
 */
export class TagMatcher<T> {
  private readonly entries: { pattern: PackageTagPattern; owner: T }[];
  constructor(entries: readonly { pattern: PackageTagPattern; owner: T }[]) {
    this.entries = [...entries].sort((a, b) => b.pattern.specificity - a.pattern.specificity);
  }
  match(tag: string): { owner: T; version: Version; pattern: PackageTagPattern } | null {
    for (const entry of this.entries) {
      const version = entry.pattern.parse(tag);
      if (version) return { owner: entry.owner, version, pattern: entry.pattern };
    }
    return null;
  }
}
