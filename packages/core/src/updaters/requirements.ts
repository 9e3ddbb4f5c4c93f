import { UserError } from '../errors.js';
import { canonicalToml, parseToml, type TomlTable } from '../toml/pyproject.js';
import { scanValueSpans, type ValueSpan } from '../toml/scan.js';
import type { InternalRequirement } from '../dependencies/requirements.js';
import { escapeRegExp } from '../text.js';

/** Offsets of a string literal in the text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Rewrites one requirement in a pyproject.toml's text to `replacement`: only that string's characters
 * change, and the result is parsed again and refused unless exactly that value changed.
 */
export function setRequirementText(
  text: string,
  file: string,
  requirement: InternalRequirement,
  replacement: string,
): string {
  const span = valueSpanOf(text, requirement.key);
  const target = span ? literalSpanOf(text, span, requirement.index) : null;
  if (!target) throw cannotRewrite(file, requirement);
  const literal = text.slice(target.start, target.end);
  const quote = literal[0];
  if ((quote !== '"' && quote !== "'") || literal.startsWith(quote.repeat(3)))
    throw cannotRewrite(file, requirement);
  // A basic string may hold escapes (\"): read as JSON reads it, written back escaped the same way.
  if (stringValue(literal, quote) !== requirement.text || (quote === "'" && replacement.includes("'")))
    throw cannotRewrite(file, requirement);
  const written = quote === "'" ? `'${replacement}'` : JSON.stringify(replacement);
  const updated = text.slice(0, target.start) + written + text.slice(target.end);
  checkOnlyRequirementChanged(text, updated, file, requirement, replacement);
  return updated;
}

function cannotRewrite(file: string, requirement: InternalRequirement): UserError {
  return new UserError(
    `${file}: cannot rewrite the requirement ${JSON.stringify(requirement.text)} in place (a multi-line string, or a value pyrelease cannot find): write it as a plain "…" string`,
    { file },
  );
}

/** Where the value at `key` sits in the text; null unless exactly one place. */
function valueSpanOf(text: string, key: readonly string[]): ValueSpan | null {
  const all = scanValueSpans(text);
  const spanOf = (path: readonly string[]) => all.filter((s) => s.path.join('\0') === path.join('\0'));
  const spans = spanOf(key);
  if (spans.length > 0) return spans.length === 1 ? spans[0] : null;
  // The key sits inside an inline table (Poetry's `alpha = { version = "^1.2" }`, or
  // `optional-dependencies = { test = [...] }`): find it in the table's text.
  const [inline] = spanOf(key.slice(0, -1));
  return inline ? spanInInlineTable(text, inline, key) : null;
}

function spanInInlineTable(text: string, inline: ValueSpan, path: readonly string[]): ValueSpan | null {
  const key = escapeRegExp(path[path.length - 1]);
  const found = new RegExp(`[{,]\\s*(?:"${key}"|'${key}'|${key})\\s*=\\s*(["'[])`).exec(
    text.slice(inline.start, inline.end),
  );
  if (!found) return null;
  const start = inline.start + (found.index ?? 0) + found[0].length - 1;
  const end = found[1] === '[' ? closingBracket(text, start) + 1 : text.indexOf(found[1], start + 1) + 1;
  return end > start ? { path, start, end } : null;
}

/** The string literal of the requirement: the value itself, or the element `index` of an array. */
function literalSpanOf(text: string, span: ValueSpan, index: number | null): Span | null {
  if (index === null) return span;
  const elements = stringElementSpans(text, span.start, span.end);
  return elements[index] ?? null;
}

/** The string a one-line literal holds; null when it cannot be read. */
function stringValue(literal: string, quote: string): string | null {
  if (quote === "'") return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}

/** Refuses the edit unless the updated text parses to the original document with only the requirement changed. */
function checkOnlyRequirementChanged(
  text: string,
  updated: string,
  file: string,
  requirement: InternalRequirement,
  replacement: string,
): void {
  const expected = parseToml(text, file);
  let node: unknown = expected;
  for (const key of requirement.key.slice(0, -1)) node = (node as TomlTable)[key];
  const last = requirement.key[requirement.key.length - 1];
  if (requirement.index === null) (node as TomlTable)[last] = replacement;
  else ((node as TomlTable)[last] as unknown[])[requirement.index] = replacement;
  let actual: unknown = {};
  try {
    actual = parseToml(updated, file);
  } catch {
    actual = {};
  }
  if (canonicalToml(actual) !== canonicalToml(expected)) {
    throw new UserError(`${file}: refusing to write: rewriting a requirement would change more than it`, {
      file,
    });
  }
}

/** The offset of the `]` that closes the array opened at `open`, skipping strings; -1 when none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i += 1;
      while (i < text.length && text[i] !== c) i += c === '"' && text[i] === '\\' ? 2 : 1;
    } else if (c === '[') depth += 1;
    else if (c === ']' && (depth -= 1) === 0) return i;
  }
  return -1;
}

/** Offsets of the string literals of a TOML array value, in order (basic and literal strings). */
function stringElementSpans(text: string, start: number, end: number): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '#') {
      while (i < end && text[i] !== '\n') i += 1;
    } else if (c === '"' || c === "'") {
      const from = i;
      i += 1;
      while (i < end && text[i] !== c) i += c === '"' && text[i] === '\\' ? 2 : 1;
      spans.push({ start: from, end: i + 1 });
      i += 1;
    } else {
      i += 1;
    }
  }
  return spans;
}
