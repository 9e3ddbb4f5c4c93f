import { DEFAULT_BUMP_RULES, type BumpRules } from '../versioning/bump-rules.js';
import { breakingNoteOf, parseCommitMessage, revertedHeaderOf } from '../versioning/conventional.js';
import { defuseMentions } from '../markdown.js';
import type { RepositoryLinks } from './links.js';
import { DEFAULT_CHANGELOG_SECTIONS, type ChangelogSections } from '../config/changelog-sections.js';
import { dependenciesTitle, sectionOf, sectionOrder } from './sections.js';

export interface ChangelogCommit {
  readonly sha: string;
  readonly message: string;
}

/** A sibling released with the package (or before it) whose new version it now requires. */
export interface ReleasedDependency {
  readonly name: string;
  readonly version: string;
  /** Its tag, for a link; null when it is not known. */
  readonly tag: string | null;
}

export interface ChangelogSectionInput {
  readonly version: string;
  readonly date: string;
  /** The release's own tag. */
  readonly tag: string;
  /** The tag the commits are counted from (the compare view's start); null for a first release. */
  readonly previousTag: string | null;
  /** The commits of the release, newest first. */
  readonly commits: readonly ChangelogCommit[];
  readonly dependencies?: readonly ReleasedDependency[];
  /** The version group it is released with (a release without changes of its own says so). */
  readonly group?: string;
  /** Breaking changes the API check found that no commit message announced (api-check = "raise"), in words. */
  readonly apiBreaking?: readonly string[];
  readonly sections?: ChangelogSections;
  /** Decides whether a type no section names releases anything (then it is listed under Other). */
  readonly bump?: BumpRules;
  /** With links: the heading links the compare view, each entry its commit, `(#123)` its pull request. */
  readonly links?: RepositoryLinks | null;
}

/**
 * One release's section: `## <version> (<date>)`, then a `###` section per group that has entries:
 * `- **scope:** description (sha)`, the type prefix dropped. A breaking change is listed under Breaking
 * Changes with its footer's explanation (and under its type with its description); reverts under
 * Reverts; types that release nothing are not listed unless a section names them.
 */
export function renderChangelogSection(input: ChangelogSectionInput): string {
  const sections = input.sections ?? DEFAULT_CHANGELOG_SECTIONS;
  const bump = input.bump ?? DEFAULT_BUMP_RULES;
  const links = input.links ?? null;
  const groups = new Map<string, string[]>();
  const add = (title: string, line: string) => groups.set(title, [...(groups.get(title) ?? []), line]);
  const unlisted = new Set<string>();
  for (const commit of input.commits) {
    const intent = parseCommitMessage(commit.message);
    const reverted = revertedHeaderOf(intent);
    const type = reverted !== null ? 'revert' : intent.type;
    // A revert shows what it reverts: `revert: feat(x): y` is `**x:** y` under Reverts.
    const shown = reverted !== null ? parseCommitMessage(reverted) : intent;
    const title = sectionOf(intent, type, sections, bump);
    if (title === null) {
      unlisted.add(intent.type ?? 'non-conventional');
      continue;
    }
    const entry = (text: string) => entryLine(shown.scope, text, commit.sha, links);
    if (!intent.breaking) {
      add(title, entry(shown.description));
      continue;
    }
    const note = breakingNoteOf(commit.message);
    add(title, entry(note ?? shown.description));
    const own = note === null ? null : sectionOf({ ...intent, breaking: false }, type, sections, bump);
    if (own !== null) add(own, entry(shown.description));
  }
  for (const change of input.apiBreaking ?? []) {
    // Words pyrelease wrote (findings.ts): names in code spans, nothing of the package's text but names.
    add(sections.breaking, `- ${change} (found by the API check)`);
  }
  for (const d of input.dependencies ?? []) {
    const version = links && d.tag ? `[${d.version}](${links.tag(d.tag)})` : d.version;
    add(dependenciesTitle(sections), `- requires ${escapeText(d.name)} ${version}`);
  }
  const heading =
    links && input.previousTag
      ? `## [${input.version}](${links.compare(input.previousTag, input.tag)}) (${input.date})`
      : `## ${input.version} (${input.date})`;
  let section = `${heading}\n`;
  if (groups.size === 0) section += `\n${emptyNote(input, [...unlisted])}\n`;
  for (const title of sectionOrder(sections)) {
    const lines = groups.get(title);
    if (lines) section += `\n### ${escapeText(title)}\n\n${lines.join('\n')}\n`;
  }
  return section;
}

/** What a section without entries says instead. */
function emptyNote(input: ChangelogSectionInput, unlisted: readonly string[]): string {
  if (input.commits.length === 0 && input.group !== undefined)
    return `No changes of its own: released with version group ${escapeText(input.group)}.`;
  if (input.commits.length === 0) return 'No changes since the previous release.';
  if (input.previousTag === null) return 'First release.';
  return `Only changes that the changelog does not list (${unlisted.join(', ')}).`;
}

function entryLine(scope: string | null, text: string, sha: string, links: RepositoryLinks | null): string {
  const bold = scope ? `**${escapeInline(scope)}:** ` : '';
  const body = commitText(text, (plain) =>
    links
      ? plain.replace(/\(#([1-9][0-9]{0,9})\)/g, (whole, number: string) => {
          const url = links.pullRequest(number);
          return url ? `([#${number}](${url}))` : whole;
        })
      : plain,
  );
  const short = sha.slice(0, 7);
  const url = links?.commit(sha) ?? null;
  return `- ${bold}${body} ${url ? `([${short}](${url}))` : `(${short})`}`;
}

/**
 * What GitHub's Markdown would turn into a link by itself (GFM autolinks: a URL, `www.`, an e-mail
 * address). The parts are bounded, so a long run of letters cannot make the match slow.
 */
const AUTOLINK =
  /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>`]+|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;

/**
 * A commit's description as Markdown that shows it as written and opens nothing: escaped like any
 * text, a URL or address in a code span (shown, not linked), and a leading `#`, `-`, `+`, `*` or `1.`
 * escaped so it starts no heading or list. `linked` adds pyrelease's own links to the plain parts.
 */
function commitText(text: string, linked: (plain: string) => string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(AUTOLINK)) {
    out += linked(escapeText(text.slice(at, match.index)));
    out += `\`${match[0]}\``;
    at = (match.index ?? 0) + match[0].length;
  }
  out += linked(escapeText(text.slice(at)));
  return out.replace(/^(#|[-+*=](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))/, (lead) =>
    /^\d/.test(lead) ? `${lead}\\` : `\\${lead}`,
  );
}

/**
 * Commit text is text, not Markdown: it cannot open an HTML element, a link or a code span (whose
 * backticks could pair with those of the code spans pyrelease puts URLs in) in the changelog or the
 * GitHub Release, nor ping anyone (`@user`, `@org/team`: a word joiner after the `@`), while ordinary
 * subjects stay readable.
 */
function escapeText(text: string): string {
  return defuseMentions(text.replace(/[\\<>[\]`]/g, (c) => `\\${c}`));
}

/** Inside bold, emphasis and code marks are escaped too, so the bold cannot be broken open. */
function escapeInline(text: string): string {
  return defuseMentions(text.replace(/[\\<>[\]*_`]/g, (c) => `\\${c}`));
}
