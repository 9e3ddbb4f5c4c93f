import { parse as parseTomlText, TomlError } from 'smol-toml';
import { UserError } from '../errors.js';
import { isValidProjectName } from '../versioning/tags.js';
import { parseVersion, type Version } from '../versioning/version.js';

/** What pyrelease needs from one package's pyproject.toml. */
export interface PyProject {
  readonly file: string;
  /** The distribution name as written (normalize it with normalizeName). */
  readonly name: string;
  readonly version: Version;
  /** The table whose `version` pyrelease reads and rewrites. */
  readonly versionTable: 'project' | 'tool.poetry';
}

/** A parsed TOML document. */
export type TomlTable = Record<string, unknown>;
type Table = TomlTable;

/**
 * The TOML parser's complaint in the words of the person who wrote the file ("unterminated string",
 * not "control characters are not allowed in strings"); one it does not know is kept as it is.
 */
function inPlainWords(parser: string, line: string): string {
  if (/control characters are not allowed in strings|unfinished string/.test(parser)) {
    const unclosed = /^(?:[^"']|"[^"]*"|'[^']*')*["']/.test(line) || /unfinished/.test(parser);
    return unclosed
      ? 'unterminated string: the closing quote is missing'
      : 'a control character in a string: write it as an escape such as \\t';
  }
  if (/illegal character in key/.test(parser)) {
    return line.trimStart().startsWith('[')
      ? 'unterminated table header: the closing ] is missing'
      : 'expected key = value (a key holds letters, digits, - and _; quote it otherwise)';
  }
  if (/redefine an already defined/.test(parser)) return 'this key or table is defined twice';
  if (/expected comma or end of structure/.test(parser)) {
    return 'unterminated list or inline table: a comma or the closing ] or } is missing';
  }
  if (/must be followed by an end-of-line/.test(parser))
    return 'unexpected text after the value: one key = value per line';
  if (/^invalid value$/.test(parser))
    return 'invalid value: text needs quotes, and true and false are lower case';
  return parser;
}

export function parseToml(text: string, file: string): Table {
  try {
    // Every valid TOML integer parses (64-bit ones beyond 2^53 as BigInt), so no valid file is refused.
    return parseTomlText(text, { integersAsBigInt: 'asNeeded' }) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      const parser = error.message.split('\n', 1)[0].replace(/^Invalid TOML document:\s*/, '');
      const reason = inPlainWords(parser, text.split(/\r?\n/)[error.line - 1] ?? '');
      throw new UserError(`${file}:${error.line}:${error.column}: invalid TOML: ${reason}`, {
        file,
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
}

/** The table at `path` under `node` (a parsed document or any value), or null when there is none. */
export function tableAt(node: unknown, path: readonly string[]): Table | null {
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
    node = (node as Table)[key];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Table) : null;
}

/** tableAt with the path as arguments: `tableIn(doc, 'tool', 'uv', 'workspace')`. */
export function tableIn(node: unknown, ...path: string[]): Table | null {
  return tableAt(node, path);
}

/** The declared name, or null when this pyproject.toml names no project (a tooling-only file). */
export function projectNameOf(doc: Table): string | null {
  const name = tableAt(doc, ['project'])?.name ?? tableAt(doc, ['tool', 'poetry'])?.name;
  return typeof name === 'string' ? name : null;
}

export function readPyProject(text: string, file: string): PyProject {
  return pyProjectFromDocument(parseToml(text, file), file);
}

/** readPyProject for a document already parsed with parseToml. */
export function pyProjectFromDocument(doc: Table, file: string): PyProject {
  const name = projectNameOf(doc);
  if (name === null) {
    throw new UserError(
      `${file}: no project name: expected a string in [project].name or [tool.poetry].name`,
      { file },
    );
  }
  if (!isValidProjectName(name)) {
    throw new UserError(
      `${file}: project name ${JSON.stringify(name)} is not a valid Python distribution name`,
      { file },
    );
  }
  const versionTable = versionTableOf(doc, file);
  const raw = tableAt(doc, versionTable.split('.'))?.version as string;
  return { file, name, versionTable, version: parseVersion(raw, `${file}: [${versionTable}].version`) };
}

function versionTableOf(doc: Table, file: string): PyProject['versionTable'] {
  const project = tableAt(doc, ['project']);
  const poetry = tableAt(doc, ['tool', 'poetry']);
  const poetryHasVersion = typeof poetry?.version === 'string';
  if (project && typeof project.name === 'string') {
    if (typeof project.version === 'string') return 'project';
    const dynamic = Array.isArray(project.dynamic) && project.dynamic.includes('version');
    // Poetry 2 keeps the version in [tool.poetry] when [project] declares it dynamic.
    if (dynamic && poetryHasVersion) return 'tool.poetry';
    if (dynamic) {
      throw new UserError(
        `${file}: [project] declares dynamic = ["version"]; pyrelease needs a static version string in [project].version`,
        { file },
      );
    }
    throw new UserError(`${file}: [project] has no version: expected a string such as version = "0.1.0"`, {
      file,
    });
  }
  if (poetryHasVersion) return 'tool.poetry';
  throw new UserError(`${file}: [tool.poetry] has no version: expected a string such as version = "0.1.0"`, {
    file,
  });
}

/**
 * A parsed document as text that is equal exactly when the documents are: how an edit is checked to
 * have changed nothing but its one value (integers parse as bigint, which JSON cannot write alone).
 */
export function canonicalToml(doc: unknown): string {
  return JSON.stringify(doc, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}
