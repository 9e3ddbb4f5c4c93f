import { UserError } from '../errors.js';
import { tryParseVersion, type Version } from '../versioning/version.js';
import { escapeRegExp } from '../text.js';

/**
 * How a file holds a version: a top-level Python assignment (`__version__ = "1.2.0"`, as hatch's
 * default pattern, setuptools' `attr`, flit and pdm read it) or a file that is the version (`VERSION`).
 */
export type VersionFileFormat =
  | {
      readonly kind: 'assignment';
      readonly names: readonly string[];
      /**
       * hatch's reading: its default pattern, case-insensitive, and the first match wins (it searches).
       * Otherwise (setuptools, flit, pdm) exactly one assignment, as a static evaluation finds it.
       */
      readonly hatch?: true;
    }
  | { readonly kind: 'text' };

/** Where the version string sits in a file: `start`/`end` bound the version's characters only. */
export interface VersionSpan {
  readonly start: number;
  readonly end: number;
  /** `v` when the file writes `v1.2.0` (hatch's pattern allows it); kept on rewrite. */
  readonly prefix: string;
  readonly version: Version;
}

export const VERSION_ASSIGNMENT_NAMES = ['__version__', 'VERSION'] as const;

/**
 * The one place in `text` that holds the version, or why there is none: no assignment, several, or a
 * value that is not PEP 440. Only column-0 assignments of a one-line string count, as the backends
 * read them; `__version__: str = "1.0"` is one too.
 */
export function findVersionSpan(text: string, format: VersionFileFormat): VersionSpan | string {
  if (format.kind === 'text') {
    const match = /^(\s*)(v?)(\S+)\s*$/.exec(text);
    if (!match) return 'it does not hold a single version';
    const version = tryParseVersion(match[3]);
    if (!version) return `${JSON.stringify(match[3])} is not a PEP 440 version`;
    const start = match[1].length + match[2].length;
    return { start, end: start + match[3].length, prefix: match[2], version };
  }
  const names = format.names.map(escapeRegExp).join('|');
  const pattern = new RegExp(
    `^(?:${names})[ \\t]*(?::[^=\\n]*)?=[ \\t]*(?<quote>["'])(?<prefix>v?)(?<value>[^"'\\\\\\n]*)\\k<quote>`,
    format.hatch ? 'gmi' : 'gm',
  );
  const matches = [...text.matchAll(pattern)];
  const described = format.names.join(' or ');
  if (matches.length === 0) return `it has no top-level ${described} = "<version>" line`;
  if (matches.length > 1 && !format.hatch) return `it assigns ${described} ${matches.length} times`;
  const match = matches[0];
  const groups = match.groups as Record<string, string>;
  const version = tryParseVersion(groups.value);
  if (!version) return `${JSON.stringify(groups.value)} is not a PEP 440 version`;
  const end = (match.index ?? 0) + match[0].length - 1;
  return { start: end - groups.value.length, end, prefix: groups.prefix, version };
}

/**
 * Rewrites only the version's characters. The result is read again and refused unless it holds
 * exactly `version` and nothing else changed.
 */
export function setVersionInFile(
  text: string,
  file: string,
  format: VersionFileFormat,
  version: Version,
): string {
  const span = findVersionSpan(text, format);
  if (typeof span === 'string') throw new UserError(`${file}: cannot rewrite its version: ${span}`, { file });
  const updated = text.slice(0, span.start) + version.text + text.slice(span.end);
  const check = findVersionSpan(updated, format);
  const rest = (t: string, s: VersionSpan) => t.slice(0, s.start) + t.slice(s.end);
  if (
    typeof check === 'string' ||
    check.version.text !== version.text ||
    rest(updated, check) !== rest(text, span)
  ) {
    throw new UserError(
      `${file}: refusing to write: rewriting the version would change more than the version`,
      {
        file,
      },
    );
  }
  return updated;
}
