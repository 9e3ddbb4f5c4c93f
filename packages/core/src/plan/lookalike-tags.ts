import type { TagRecord } from '../git/records.js';
import { checkTagFormat, normalizeName, PackageTagPattern } from '../versioning/tags.js';
import { compareVersions, tryParseVersion, type Version } from '../versioning/version.js';
import { baseName, type Package } from '../workspace/package.js';

/**
 * Tags that look like a package's releases in a shape its formats do not read: planning such a package
 * from nothing would publish versions that are out already, so the plan names the tag instead.
 *
 * Real monorepos tag in shapes nobody lists (`python-core-v1.4.1`, `checkpointpostgres==3.1.1`,
 * `cli==0.4.2`), so no list of shapes is used: a tag is read as a version and the text around it (its
 * label), and the label is compared with every package's name and folder in every spelling (case and
 * separators ignored). A tag goes to the packages its label names best, so `core-utils-v1.0` is never
 * taken for core's when core-utils exists.
 */

/** A tag read as text, a version, text: `python-core-v1.4.1` is `python-core-v`, 1.4.1, ``. */
interface TagReading {
  readonly tag: TagRecord;
  readonly version: Version;
  /** The text before the version, with a `v` right before it; the text after it. */
  readonly before: string;
  readonly after: string;
  /** The label's words (split at anything but letters and digits, the version's `v` left out). */
  readonly words: readonly Word[];
}

interface Word {
  readonly text: string;
  /** Where the word stands in the tag. */
  readonly start: number;
  readonly end: number;
}

/** How well a label names a package: all its words, its last words after a prefix, or a part of the package's name. */
const enum Fit {
  Part = 1,
  Within = 2,
  Whole = 3,
}

interface Naming {
  readonly fit: Fit;
  /** The length of the matched spelling: of two packages a label names equally well, the longer is meant. */
  readonly length: number;
  /** The tag's text that names the package (empty for a part). */
  readonly start: number;
  readonly end: number;
}

/** The package's spellings with case and separators left out: its name, its folder's name, its folder. */
function spellingsOf(pkg: Package): string[] {
  const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const spellings = [compact(pkg.name)];
  if (pkg.path !== '.') spellings.push(compact(baseName(pkg.path)), compact(pkg.path));
  return [...new Set(spellings.filter((s) => s !== ''))];
}

/** The words of the package's name and folder, for a label that is one of them (`cli` for langgraph-cli). */
function partsOf(pkg: Package): string[] {
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const runs = new Set<string>();
  const folder = pkg.path === '.' ? '' : baseName(pkg.path);
  for (const list of [words(pkg.name), words(folder)]) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j <= list.length; j++) runs.add(list.slice(i, j).join(''));
    }
  }
  return [...runs];
}

/**
 * Reads a tag as label, version, label: the earliest version that runs to the tag's end, else the
 * earliest that ends where a word ends (`core-1.0.0-final`, `core-v1.0.0-py`).
 */
function readTag(tag: TagRecord): TagReading | null {
  return readVersionAt(tag, true) ?? readVersionAt(tag, false);
}

function readVersionAt(tag: TagRecord, toTheEnd: boolean): TagReading | null {
  const name = tag.name;
  for (let i = 0; i < name.length; i++) {
    if (!/[0-9]/.test(name[i]) || (i > 0 && /[A-Za-z0-9]/.test(name[i - 1]) && !isVersionV(name, i - 1))) {
      continue;
    }
    const ends = toTheEnd ? [name.length] : separatorsAfter(name, i);
    for (const end of ends) {
      const version = tryParseVersion(name.slice(i, end));
      if (!version) continue;
      const labelEnd = isVersionV(name, i - 1) ? i - 1 : i;
      return {
        tag,
        version,
        before: name.slice(0, i),
        after: name.slice(end),
        words: wordsOf(name, labelEnd),
      };
    }
  }
  return null;
}

/** Where a version starting at `from` may end before a suffix: at a `-`, `_`, `/` or `.` before a letter, longest first. */
function separatorsAfter(name: string, from: number): number[] {
  const ends: number[] = [];
  for (let j = name.length - 1; j > from; j--) {
    if (/[-_/.]/.test(name[j]) && /[A-Za-z]/.test(name[j + 1] ?? '')) ends.push(j);
  }
  return ends;
}

/** A `v` that belongs to the version (`-v1.0`, `v1.0`), not to a word (`dev1.0`). */
function isVersionV(name: string, at: number): boolean {
  return at >= 0 && (name[at] === 'v' || name[at] === 'V') && (at === 0 || !/[A-Za-z0-9]/.test(name[at - 1]));
}

function wordsOf(name: string, end: number): Word[] {
  const words: Word[] = [];
  for (const match of name.slice(0, end).matchAll(/[A-Za-z0-9]+/g)) {
    const start = match.index ?? 0;
    words.push({ text: match[0].toLowerCase(), start, end: start + match[0].length });
  }
  return words;
}

/** Every package `reading`'s label names, with how well: each spelling its last words make, and the label as a part. */
function namings(reading: TagReading, index: SpellingIndex): Map<Package, Naming> {
  const { words } = reading;
  const found = new Map<Package, Naming>();
  const consider = (pkg: Package, candidate: Naming) => {
    const best = found.get(pkg);
    if (!best || candidate.fit > best.fit || (candidate.fit === best.fit && candidate.length > best.length)) {
      found.set(pkg, candidate);
    }
  };
  // A word after the name makes another name (`core-utils-v1.0` is not core's), except a word that
  // names the language (`core-py-v1.0`); words before it are a prefix (`python-core-v1.0`): the runs
  // read are the label's last words.
  const named =
    words.length > 1 && LANGUAGE_WORDS.has(words[words.length - 1].text) ? words.slice(0, -1) : words;
  const last = named[named.length - 1];
  for (let i = 0; i < named.length; i++) {
    const run = named
      .slice(i)
      .map((w) => w.text)
      .join('');
    const fit = i === 0 ? Fit.Whole : Fit.Within;
    for (const pkg of index.bySpelling.get(run) ?? []) {
      consider(pkg, { fit, length: run.length, start: named[i].start, end: last.end });
    }
  }
  // A part of a name (`sdk==0.4.2` for langgraph-sdk) only in pip's own shape: `api-v2.0.0` or
  // `release-2024.1` is another tool's tag, not a release of api-client or release-tools.
  if (!reading.before.endsWith('==')) return found;
  const label = words.map((w) => w.text).join('');
  for (const pkg of index.byPart.get(label) ?? []) {
    consider(pkg, { fit: Fit.Part, length: label.length, start: 0, end: 0 });
  }
  return found;
}

/** Words after a name that say which language's package it is, not another name. */
const LANGUAGE_WORDS = new Set(['py', 'python', 'pypi']);

interface SpellingIndex {
  readonly bySpelling: ReadonlyMap<string, readonly Package[]>;
  readonly byPart: ReadonlyMap<string, readonly Package[]>;
}

function spellingIndex(packages: readonly Package[]): SpellingIndex {
  const bySpelling = new Map<string, Package[]>();
  const byPart = new Map<string, Package[]>();
  const add = (map: Map<string, Package[]>, key: string, pkg: Package) =>
    map.set(key, [...(map.get(key) ?? []), pkg]);
  for (const pkg of packages) {
    for (const spelling of spellingsOf(pkg)) add(bySpelling, spelling, pkg);
    for (const part of partsOf(pkg)) add(byPart, part, pkg);
  }
  return { bySpelling, byPart };
}

/**
 * The unclaimed tags of a plan read once, with the packages each names best: asked per package that
 * has no tag of its own. Built on the first question, since most plans ask none.
 */
export class LookalikeTags {
  private owners: Map<string, { reading: TagReading; naming: Naming }[]> | null = null;
  private read: TagReading[] | null = null;

  constructor(
    private readonly unclaimed: readonly TagRecord[],
    private readonly packages: readonly Package[],
  ) {}

  /** The newest tag that looks like `pkg`'s release, and the tag-format that would read it (null: none found). */
  newestFor(pkg: Package): { tag: string; format: string | null } | null {
    const single = this.packages.length === 1;
    let found: { reading: TagReading; naming: Naming | null } | null = null;
    for (const entry of this.ownersOf().get(pkg.name) ?? []) {
      if (!found || compareVersions(entry.reading.version, found.reading.version) > 0) found = entry;
    }
    // A repository of one package tagged `v1.4.0`: a tag with no label is its release.
    if (single) {
      for (const reading of this.readings()) {
        if (reading.words.length > 0) continue;
        if (!found || compareVersions(reading.version, found.reading.version) > 0)
          found = { reading, naming: null };
      }
    }
    return (
      found && { tag: found.reading.tag.name, format: workedOutFormat(pkg, found.reading, found.naming) }
    );
  }

  private ownersOf() {
    if (this.owners) return this.owners;
    const index = spellingIndex(this.packages);
    const owners = new Map<string, { reading: TagReading; naming: Naming }[]>();
    const score = (n: Naming) => n.fit * 1e6 + n.length;
    for (const reading of this.readings()) {
      if (reading.words.length === 0) continue;
      const named = [...namings(reading, index)];
      const best = Math.max(...named.map(([, n]) => score(n)));
      for (const [pkg, naming] of named) {
        if (score(naming) !== best) continue;
        const list = owners.get(pkg.name) ?? [];
        list.push({ reading, naming });
        owners.set(pkg.name, list);
      }
    }
    return (this.owners = owners);
  }

  /**
   * A repository that was one package tagged `v1.4.0`: the unclaimed tag with no label whose version is
   * `target`, which a package planned from nothing would publish again.
   */
  bareTagOf(target: Version): TagRecord | undefined {
    return this.readings().find((r) => r.words.length === 0 && r.version.text === target.text)?.tag;
  }

  /** The unclaimed tags that read as a version, each read once for every question of the plan. */
  private readings(): TagReading[] {
    return (this.read ??= this.unclaimed.flatMap((tag) => readTag(tag) ?? []));
  }
}

/**
 * The tag-format that reads `reading` as `pkg`'s: the version becomes `{version}`, the text that names
 * the package `{name}`, `{dir}` or `{path}` when it is spelled so, else stays as written. Null when no
 * format reads the tag back (then the plan says only which tag it found).
 */
function workedOutFormat(pkg: Package, reading: TagReading, named: Naming | null): string | null {
  const name = reading.tag.name;
  const versionAt = reading.before.length;
  let label = name.slice(0, versionAt);
  if (named && named.fit !== Fit.Part) {
    const text = name.slice(named.start, named.end);
    const dir = baseName(pkg.path);
    const placeholder =
      normalizeName(text) === normalizeName(pkg.name)
        ? '{name}'
        : pkg.path !== '.' && text === dir
          ? '{dir}'
          : pkg.path !== '.' && text === pkg.path
            ? '{path}'
            : null;
    if (placeholder) label = label.slice(0, named.start) + placeholder + label.slice(named.end);
  }
  const format = `${label}{version}${reading.after}`;
  try {
    checkTagFormat(format);
    const read = new PackageTagPattern(format, pkg).parse(name);
    return read && read.text === reading.version.text ? format : null;
  } catch {
    return null;
  }
}
