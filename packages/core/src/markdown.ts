/** An invisible character that ends a word for GitHub's autolinks and mentions, and shows nothing. */
const WORD_JOINER = '\u2060';

/**
 * Untrusted text (a path, a tag, a package name, a reason) as Markdown that shows it as written and
 * makes nothing of its own: no HTML element, link, autolink, mention, image, code span, emphasis or
 * table cell break, and one line. `&`, `<`, `>` and `"` become character references, so the text is
 * just as inert inside an HTML element (`<summary>`); the other marks (and `$`, which starts
 * mathematics) are escaped with a backslash;
 * a word joiner after `@`, inside `://` and `www.`, and before an issue number (`#12`, `GH-12`) keeps
 * GitHub from linking an address, a URL or an issue and from pinging a user or team.
 */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
    // `$` too: GitHub renders `$…$` and `$$…$$` as mathematics.
    .replace(/[\\`*_~[\]|$]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, `:/${WORD_JOINER}/`)
    .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`)
    // `#12` and `GH-12` would link (and notify) an issue or pull request of the repository.
    .replace(/((?<!&)#|\bGH-)(?=\d)/gi, `$1${WORD_JOINER}`);
  return defuseMentions(escaped);
}

/** A word joiner after each `@`: GitHub neither pings `@user` or `@org/team` nor links `a@b.example`. */
export function defuseMentions(text: string): string {
  return text.replace(/@/g, `@${WORD_JOINER}`);
}

/**
 * A fenced code block of `lines` whose fence no line can close: one backtick longer than the longest
 * run of backticks in them (at least three).
 */
export function markdownFence(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...lines, fence];
}
