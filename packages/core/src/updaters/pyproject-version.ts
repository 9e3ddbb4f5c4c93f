import { UserError } from '../errors.js';
import {
  canonicalToml,
  parseToml,
  pyProjectFromDocument,
  tableAt,
  type TomlTable,
} from '../toml/pyproject.js';
import { scanValueSpans, type ValueSpan } from '../toml/scan.js';
import type { Version } from '../versioning/version.js';

/**
 * Rewrites only the version string's characters: its quotes, comments, order and spacing stay byte for
 * byte. The result is parsed again and refused unless exactly the version changed.
 */
export function setPyProjectVersion(
  text: string,
  file: string,
  version: Version,
  scan: (text: string) => ValueSpan[] = scanValueSpans,
): string {
  const doc = parseToml(text, file);
  const info = pyProjectFromDocument(doc, file);
  const path = [...info.versionTable.split('.'), 'version'];
  const spans = scan(text).filter((s) => s.path.join('\0') === path.join('\0'));
  const span = spans.length === 1 ? spans[0] : null;
  const quote = span ? text[span.start] : '';
  const single = span && (quote === '"' || quote === "'") && !text.startsWith(quote.repeat(3), span.start);
  if (!span || !single) {
    throw new UserError(
      `${file}: cannot locate [${info.versionTable}].version as a one-line string to rewrite`,
      { file },
    );
  }
  const updated = text.slice(0, span.start + 1) + version.text + text.slice(span.end - 1);

  // What the edit must produce: the original document with only the version changed.
  const expected = doc;
  (tableAt(expected, info.versionTable.split('.')) as TomlTable).version = version.text;
  let actual: TomlTable;
  try {
    actual = parseToml(updated, file);
  } catch {
    actual = {};
  }
  if (canonicalToml(actual) !== canonicalToml(expected)) {
    throw new UserError(
      `${file}: refusing to write: rewriting the version would change more than the version`,
      { file },
    );
  }
  return updated;
}
