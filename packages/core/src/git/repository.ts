import { UserError } from '../errors.js';
import type { Git } from './git.js';
import { parseCommitObject, parseTagObject, type CommitObject, type TagObject } from './objects.js';
import { LOG_WITH_FILES, parseLog } from './log.js';
import type { CommitRecord, History, HistoryBounds, TagRecord } from './records.js';

const NO_BOUNDS: HistoryBounds = { tagCommits: [], fullHistoryPaths: [] };
/** How many moves back the history of a package without a final is followed. */
const MAX_MOVE_ROUNDS = 8;

/** Modes of a git tree's entries: a plain file, an executable, a symbolic link. */
export const REGULAR_FILE = '100644';
export const EXECUTABLE_FILE = '100755';
export const SYMBOLIC_LINK = '120000';

/** A tree's file paths, and the mode of each that is not a plain file; shared, so read-only. */
export interface TreeListing {
  readonly files: readonly string[];
  readonly modes: ReadonlyMap<string, string>;
}

/** A full object id (SHA-1 or SHA-256): what it names never changes, unlike a branch or `HEAD`. */
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Reads what the plan needs from a git repository with a fixed number of git processes, whatever the
 * number of packages: one tree listing, one batch read of files, one tag listing, one history walk.
 */
export class RepositoryReader {
  constructor(readonly git: Git) {}

  /** The commit a ref names, or null when it does not exist. */
  async resolveCommit(ref: string): Promise<string | null> {
    const result = await this.git.run(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
      {
        okExitCodes: [1],
      },
    );
    return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : null;
  }

  /** True for a shallow clone, whose boundary commits look like they changed every file. */
  async isShallow(): Promise<boolean> {
    return (await this.git.text(['rev-parse', '--is-shallow-repository'])) === 'true';
  }

  /** Every file path in a commit's tree (POSIX, relative to the root). */
  async listFiles(commit: string): Promise<readonly string[]> {
    return (await this.listTree(commit)).files;
  }

  /**
   * Every file path in a commit's tree, and the mode of each that is not a plain file (`100755` for an
   * executable, `120000` for a symbolic link, `160000` for a submodule): a release keeps a file's mode.
   */
  listTree(commit: string): Promise<TreeListing> {
    if (!OBJECT_ID.test(commit)) return this.readTreeListing(commit);
    return this.git.once(`ls-tree ${commit}`, () => this.readTreeListing(commit));
  }

  private async readTreeListing(commit: string): Promise<TreeListing> {
    const out = await this.git.run(['ls-tree', '-r', '-z', '--full-tree', commit]);
    const files: string[] = [];
    const modes = new Map<string, string>();
    for (const entry of out.stdout.toString('utf8').split('\0')) {
      // `<mode> <type> <object>\t<path>`
      const tab = entry.indexOf('\t');
      if (tab < 0) continue;
      const path = entry.slice(tab + 1);
      const mode = entry.slice(0, entry.indexOf(' '));
      files.push(path);
      if (mode !== REGULAR_FILE) modes.set(path, mode);
    }
    return { files, modes };
  }

  /** The contents of `<rev>:<path>` specs (git.readBlobs); null for those that do not exist. */
  async readFiles(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.git.readBlobs(readableSpecs(specs));
  }

  /** The tree objects of `<rev>:<folder>` specs (`<rev>:` the root's): equal bytes, equal folders. */
  async readTrees(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.git.readTrees(readableSpecs(specs));
  }

  /** Commits by SHA, with their parents and message (no files), through the same cat-file. */
  async readCommits(shas: readonly string[]): Promise<Map<string, CommitObject>> {
    const objects = await this.git.readCommitObjects(shas);
    const commits = new Map<string, CommitObject>();
    for (const [sha, bytes] of objects) if (bytes) commits.set(sha, parseCommitObject(bytes));
    return commits;
  }

  /** Annotated tags by name, as their objects say; lightweight and missing tags are left out. */
  async readTagObjects(names: readonly string[]): Promise<Map<string, TagObject>> {
    const objects = await this.git.readTagObjects(names.map((n) => `refs/tags/${n}`));
    const tags = new Map<string, TagObject>();
    for (const name of names) {
      const bytes = objects.get(`refs/tags/${name}`);
      const tag = bytes ? parseTagObject(bytes) : null;
      if (tag) tags.set(name, tag);
    }
    return tags;
  }

  /** Every tag with the object it points at (an annotated tag's own object, not peeled). */
  async listTagObjects(): Promise<Map<string, string>> {
    const out = await this.git.text(['show-ref', '--tags'], { okExitCodes: [1] });
    const tags = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      const ref = line.slice(space + 1);
      if (space > 0 && ref.startsWith('refs/tags/'))
        tags.set(ref.slice('refs/tags/'.length), line.slice(0, space));
    }
    return tags;
  }

  /** Every tag with the commit it points at (peeled). */
  async listTags(): Promise<TagRecord[]> {
    // show-ref takes the peeled commits that packed-refs keeps (10x faster than for-each-ref's
    // %(*objectname) on 38,000 tags, which reads every tag object). Ref names hold no space or `^`.
    const out = await this.git.text(['show-ref', '--tags', '--dereference'], { okExitCodes: [1] });
    const tags = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      if (space < 0) continue;
      const ref = line.slice(space + 1);
      if (!ref.startsWith('refs/tags/')) continue;
      const peeled = ref.endsWith('^{}');
      const name = ref.slice('refs/tags/'.length, peeled ? -3 : undefined);
      // The peeled line follows its tag's: it wins.
      if (peeled || !tags.has(name)) tags.set(name, line.slice(0, space));
    }
    return [...tags].map(([name, commit]) => ({ name, commit }));
  }

  /**
   * The history a plan reads, with the files each commit changed: the head's and the counted tags'
   * commits down to their common ancestors (included), in one walk; and when some packages have no
   * final release, the commits below that touch their folders, in a second walk beside it. Without
   * counted tags, or when they share no ancestor with the head, the whole history in one walk.
   */
  async readHistory(head: string, bounds: HistoryBounds = NO_BOUNDS): Promise<History> {
    const tips = [head, ...new Set(bounds.tagCommits)];
    const bases = bounds.tagCommits.length > 0 ? await this.mergeBases(tips) : [];
    const log = (revisions: readonly string[], paths: readonly string[] | null = null) =>
      this.git
        .run(
          paths
            ? // Literal pathspecs: a folder name is not a pattern. --full-history: every commit that
              // changed the folders, as the whole walk has them (no merge simplification). --full-diff:
              // each commit's every file, so a folder moved in shows where it came from.
              ['--literal-pathspecs', ...LOG_WITH_FILES, '--full-history', '--full-diff']
            : LOG_WITH_FILES,
          { input: [...revisions, ...(paths?.length ? ['--', ...paths] : [])].map((r) => `${r}\n`).join('') },
        )
        .then((out) => parseLog(out.stdout.toString('utf8')));
    if (bases.length === 0) return { head, commits: await log(tips) };
    // `^base^@`: the bases themselves are read, so every counted tag's walk meets the history.
    const newer = log([...tips, ...bases.map((b) => `^${b}^@`)]);
    const folders = bounds.fullHistoryPaths;
    const older =
      folders.length === 0
        ? Promise.resolve([])
        : log(bases, folders.includes('.') ? [] : [...new Set(folders)]);
    const [commits, below] = await Promise.all([newer, older]);
    const moved = folders.includes('.')
      ? { records: [], folders: [] }
      : await this.formerFolderHistory(log, bases, folders, [...commits, ...below]);
    // Each with the files of the folders it was read for, as a path-limited walk lists them (the whole
    // diff, read to see where a folder moved from, is in its manifests).
    const walked = new Set([...folders, ...moved.folders]);
    const inFolders = (file: string) => {
      if (walked.has('.')) return true;
      for (let at = file.lastIndexOf('/'); at > 0; at = file.lastIndexOf('/', at - 1)) {
        if (walked.has(file.slice(0, at))) return true;
      }
      return false;
    };
    const read = new Set(commits.map((c) => c.sha));
    const outside: CommitRecord[] = [];
    for (const c of [...below, ...moved.records]) {
      if (read.has(c.sha)) continue;
      read.add(c.sha);
      outside.push({ ...c, files: c.files.filter(inFolders) });
    }
    return { head, commits, older: outside };
  }

  /**
   * The commits below the boundary in the folders that those of packages without a final were moved
   * from (a pyproject.toml deleted there by a commit that added theirs), back move by move: their
   * changes before the move are theirs too (plan/moved-folders.ts). One more walk per move, none
   * without one.
   */
  private async formerFolderHistory(
    log: (revisions: readonly string[], paths: readonly string[]) => Promise<CommitRecord[]>,
    bases: readonly string[],
    folders: readonly string[],
    read: readonly CommitRecord[],
  ): Promise<{ records: CommitRecord[]; folders: string[] }> {
    const wanted = new Set(folders);
    const found: CommitRecord[] = [];
    for (let records = read, round = 0; round < MAX_MOVE_ROUNDS; round += 1) {
      const from = new Set<string>();
      for (const { manifests } of records) {
        if (!manifests?.added.some((a) => wanted.has(a.folder))) continue;
        for (const d of manifests.deleted) if (!wanted.has(d.folder)) from.add(d.folder);
      }
      if (from.size === 0) break;
      for (const f of from) wanted.add(f);
      records = await log(bases, [...from]);
      found.push(...records);
    }
    return { records: found, folders: [...wanted].filter((f) => !folders.includes(f)) };
  }

  /** The best common ancestors of `commits` (several after criss-cross merges; none: unrelated). */
  private async mergeBases(commits: readonly string[]): Promise<string[]> {
    const out = await this.git.run(['merge-base', '--all', '--octopus', '--end-of-options', ...commits], {
      okExitCodes: [1],
    });
    return out.stdout.toString('utf8').split('\n').filter(Boolean);
  }

  /** The commits of `tip` that none of `bases` reaches, oldest first, with their files: one walk. */
  async readCommitsBetween(bases: string | readonly string[], tip: string): Promise<CommitRecord[]> {
    const excluded = [...new Set(typeof bases === 'string' ? [bases] : bases)];
    const out = await this.git.run(LOG_WITH_FILES, {
      input: [tip, ...excluded.map((b) => `^${b}`)].map((r) => `${r}\n`).join(''),
    });
    return parseLog(out.stdout.toString('utf8')).reverse();
  }
}

/**
 * cat-file --batch reads one spec per line (git 2.39 has no -z here): a line break inside a path
 * would shift every answer after it onto the wrong file, and a carriage return ending the line is
 * dropped (another file would answer); one inside a path is read as it is.
 */
function readableSpecs(specs: readonly string[]): readonly string[] {
  const broken = specs.find((s) => /\n|\r$/.test(s));
  if (broken) {
    throw new UserError(
      `${JSON.stringify(broken.slice(broken.indexOf(':') + 1))} has a line break in its path, which pyrelease cannot read from git: rename the folder or file`,
    );
  }
  return specs;
}
