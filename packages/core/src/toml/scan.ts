/**
 * A minimal TOML scanner that finds where each key's value sits in the source text, so one value can be
 * replaced without re-serializing the document. It only has to be right for well-formed files (they
 * have been parsed before), and every edit built on it is checked by parsing the result again.
 */
export interface ValueSpan {
  /** Full key path: the table header's path followed by the (dotted) key. */
  readonly path: readonly string[];
  /** Offsets of the value's source text, e.g. `"1.0.0"` including its quotes. */
  readonly start: number;
  readonly end: number;
}

export function scanValueSpans(text: string): ValueSpan[] {
  const spans: ValueSpan[] = [];
  let table: string[] = [];
  // Arrays of tables: how many elements each has so far, and the current element of each path.
  const counts = new Map<string, number>();
  const elements = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    i = skipBlank(text, i);
    const c = text[i];
    if (c === undefined) break;
    if (c === '\n' || c === '\r') {
      i += 1;
    } else if (c === '#') {
      i = endOfLine(text, i);
    } else if (c === '[') {
      const arrayTable = text[i + 1] === '[';
      const key = parseKey(text, i + (arrayTable ? 2 : 1));
      // An element of an array of tables is `[n]` after the array's path (`package`, `[3]`, `version`),
      // also in the sub-tables that follow it (`[package.metadata]` belongs to the last `[[package]]`).
      table = withElements(key.path, elements);
      if (arrayTable) {
        const array = table.join('\0');
        const index = (counts.get(array) ?? -1) + 1;
        counts.set(array, index);
        elements.set(key.path.join('\0'), index);
        table = [...table, `[${index}]`];
      }
      i = endOfLine(text, key.end);
    } else {
      const key = parseKey(text, i);
      i = skipBlank(text, key.end);
      if (text[i] !== '=') return spans; // not a key/value line: the file did not parse anyway
      const start = skipBlank(text, i + 1);
      const end = skipValue(text, start);
      spans.push({ path: [...table, ...key.path], start, end });
      i = endOfLine(text, end);
    }
  }
  return spans;
}

/** `path` with the current element index after each array-of-tables prefix it runs through. */
function withElements(path: readonly string[], elements: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (let n = 0; n < path.length; n += 1) {
    out.push(path[n]);
    const index = elements.get(path.slice(0, n + 1).join('\0'));
    if (index !== undefined && n < path.length - 1) out.push(`[${index}]`);
  }
  return out;
}

function skipBlank(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i += 1;
  return i;
}

function endOfLine(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n + 1;
}

function parseKey(text: string, i: number): { path: string[]; end: number } {
  const path: string[] = [];
  for (;;) {
    i = skipBlank(text, i);
    const c = text[i];
    if (c === '"') {
      const end = skipBasicString(text, i);
      path.push(decodeBasic(text.slice(i + 1, end - 1)));
      i = end;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1) + 1 || text.length;
      path.push(text.slice(i + 1, end - 1));
      i = end;
    } else {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_-]/.test(text[i])) i += 1;
      path.push(text.slice(start, i));
    }
    i = skipBlank(text, i);
    if (text[i] !== '.') return { path, end: i };
    i += 1;
  }
}

function decodeBasic(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function skipBasicString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j += 1) {
    if (text[j] === '\\') j += 1;
    else if (text[j] === '"' || text[j] === '\n') return j + 1;
  }
  return text.length;
}

function skipMultiline(text: string, i: number, quote: string): number {
  const close = quote.repeat(3);
  let j = i + 3;
  for (; j < text.length; j += 1) {
    if (quote === '"' && text[j] === '\\') j += 1;
    else if (text.startsWith(close, j)) break;
  }
  j += 3;
  // Up to two quotes right before the closing delimiter belong to the content.
  for (let extra = 0; extra < 2 && text[j] === quote; extra += 1) j += 1;
  return Math.min(j, text.length);
}

/** The end of the value that starts at `i`: a string, an array, an inline table or a bare scalar. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"' || c === "'") {
    if (text.startsWith(c.repeat(3), i)) return skipMultiline(text, i, c);
    if (c === '"') return skipBasicString(text, i);
    const end = text.indexOf("'", i + 1);
    return end < 0 ? text.length : end + 1;
  }
  if (c === '[' || c === '{') {
    const close = c === '[' ? ']' : '}';
    let j = i + 1;
    while (j < text.length) {
      const d = text[j];
      if (d === close) return j + 1;
      if (d === '#') j = endOfLine(text, j);
      else if (d === '"' || d === "'" || d === '[' || d === '{') j = skipValue(text, j);
      else j += 1;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !/[\s#,\]}]/.test(text[j])) j += 1;
  // Date-times may hold one space between date and time.
  if (text[j] === ' ' && /^\d{4}-\d\d-\d\d$/.test(text.slice(i, j)) && /\d/.test(text[j + 1] ?? '')) {
    return skipValue(text, j + 1);
  }
  return j;
}
