import { quotedSubject, type CommitRecord } from '../git/records.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { internalRequirementsOf } from '../dependencies/requirements.js';
import { readPackagesAt } from '../plan/planner.js';
import { canonicalToml, parseToml, tableIn, type TomlTable } from '../toml/pyproject.js';
import { setLockedVersion } from '../updaters/uv-lock.js';
import { versionUpdatersOf } from '../updaters/version-files.js';
import { releaseCommitSubject } from '../versioning/release-commit.js';
import { normalizeName } from '../versioning/tags.js';
import { tryParseVersion, type Version } from '../versioning/version.js';
import { isLockFile, type Package } from '../workspace/package.js';

/**
 * The commits of a tag that reached no reviewed branch (oldest first) may only be pyrelease's release
 * commits, one chain on a reviewed commit, each changing nothing but what a release writes: the
 * package's version files as its updater writes them, its changelog, uv.lock versions, and in
 * pyproject.toml files the version and requirements on sibling packages. What the release writes is
 * judged by the configuration at the reviewed commit, never by the tag's. Null when that holds, else
 * what breaks it, for the message. Two git processes: one tree listing, one batch read.
 */
export async function unreviewedChange(git: Git, outside: readonly CommitRecord[]): Promise<string | null> {
  if (outside.length === 0) return null;
  const broken = outside.find(
    (c, i) => c.parents.length !== 1 || (i > 0 && c.parents[0] !== outside[i - 1].sha),
  );
  if (broken) return `${describe(broken)} is not on one chain of release commits`;
  const base = outside[0].parents[0];
  const reader = new RepositoryReader(git);
  const { packages, blobs } = await git.keepReading(async () => {
    const { packages } = await readPackagesAt(reader, base, []);
    const specs = outside.flatMap((c) => c.files.flatMap((f) => [`${c.parents[0]}:${f}`, `${c.sha}:${f}`]));
    return { packages, blobs: await reader.readFiles([...new Set(specs)]) };
  });
  const text = (spec: string) => blobs.get(spec)?.toString('utf8') ?? null;
  for (const c of outside) {
    const subject = releaseCommitSubject(c);
    const pkg = subject ? packages.find((p) => p.name === normalizeName(subject.name)) : undefined;
    const version = subject ? tryParseVersion(subject.version) : null;
    if (!pkg || !version)
      return `${describe(c)} is not a release commit of a package of ${base.slice(0, 12)}`;
    for (const file of c.files) {
      const edit = { before: text(`${c.parents[0]}:${file}`), after: text(`${c.sha}:${file}`) };
      if (!isReleaseEdit(file, edit, pkg, version, packages)) {
        return `${describe(c)} changes ${file} beyond what the release of ${pkg.name} ${version.text} writes`;
      }
    }
  }
  return null;
}

function describe(c: CommitRecord): string {
  return `commit ${c.sha.slice(0, 12)} ${quotedSubject(c)}`;
}

/** Whether `file` went from `before` to `after` as the release of `pkg` at `version` writes it. */
function isReleaseEdit(
  file: string,
  edit: { before: string | null; after: string | null },
  pkg: Package,
  version: Version,
  packages: readonly Package[],
): boolean {
  const { before, after } = edit;
  if (after === null) return false;
  if (file === pkg.changelogPath) return true;
  if (before === null) return false;
  try {
    const updater = versionUpdatersOf(pkg).find((u) => u.file === file);
    if (updater && updater.update(before, version) === after) return true;
    if (isLockFile(file) && setLockedVersion(before, file, pkg, version) === after) return true;
    const owner = packages.find((p) => p.pyprojectPath === file);
    return owner !== undefined && sameBesidesReleaseFields(before, after, file, owner, packages);
  } catch {
    // A file the updaters cannot read is not one they wrote.
    return false;
  }
}

/**
 * Two texts of a package's pyproject.toml that are the same document once the version and the
 * version constraints of its requirements on siblings are set aside: what a release may move there.
 */
function sameBesidesReleaseFields(
  before: string,
  after: string,
  file: string,
  owner: Package,
  packages: readonly Package[],
): boolean {
  const names = new Set(packages.map((p) => p.name));
  const normalized = (text: string) => {
    const doc = parseToml(text, file);
    for (const table of [tableIn(doc, 'project'), tableIn(doc, 'tool', 'poetry')]) {
      if (table) delete table.version;
    }
    for (const r of internalRequirementsOf(doc, names, owner.name)) setAt(doc, r.key, r.index, r.on);
    return canonicalToml(doc);
  };
  return normalized(before) === normalized(after);
}

/** Sets the value at `key` (an array element when `index` is given) in a parsed document. */
function setAt(doc: TomlTable, key: readonly string[], index: number | null, value: string): void {
  let node: unknown = doc;
  for (const part of key.slice(0, -1)) node = (node as TomlTable)[part];
  const last = key[key.length - 1];
  const holder = node as TomlTable;
  if (index === null) holder[last] = value;
  else (holder[last] as unknown[])[index] = value;
}
