import { UserError } from './errors.js';
import { tryParseVersion, type Version } from './version.js';

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

/**
 * A tag format such as `{name}-v{version}`: renders tags and parses them back. Parsing tries every
 * place where the separator occurs, so names that contain `-v` or `rc` parse correctly.
 */
export class TagFormat {
  private readonly prefix: string;
  private readonly separator: string;
  private readonly suffix: string;
  /** Which placeholder comes first; null when the format has no `{name}`. */
  private readonly order: 'name-first' | 'version-first' | null;

  constructor(readonly format: string = DEFAULT_TAG_FORMAT) {
    const placeholders = format.match(/\{[^}]*\}/g) ?? [];
    const unknown = placeholders.filter((p) => p !== '{name}' && p !== '{version}');
    const count = (p: string) => placeholders.filter((x) => x === p).length;
    if (unknown.length > 0 || count('{version}') !== 1 || count('{name}') > 1) {
      throw new UserError(
        `tag-format ${JSON.stringify(format)} is invalid: expected exactly one {version} and at most one {name}, e.g. {name}-v{version}`,
      );
    }
    const v = format.indexOf('{version}');
    const n = format.indexOf('{name}');
    if (n < 0) {
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
      if (this.separator === '') {
        throw new UserError(
          `tag-format ${JSON.stringify(format)} is invalid: {name} and {version} need text between them, e.g. {name}-v{version}`,
        );
      }
    }
    if (!isValidRefComponent(`${this.prefix}x${this.separator}1${this.suffix}`)) {
      throw new UserError(
        `tag-format ${JSON.stringify(format)} is invalid: it does not make a valid git tag name`,
      );
    }
  }

  get hasName(): boolean {
    return this.order !== null;
  }

  render(name: string, version: Version): string {
    return this.format.replace('{name}', normalizeName(name)).replace('{version}', version.text);
  }

  /** Every (name, version) reading of `tag` whose version is valid PEP 440 and name a valid project name. */
  candidates(tag: string): ParsedTag[] {
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
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock'))
    return false;
  return !name.split('/').some((part) => part.startsWith('.'));
}
