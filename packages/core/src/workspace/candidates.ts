import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import { parseToml, projectNameOf, type TomlTable } from '../toml/pyproject.js';
import { normalizeName } from '../versioning/tags.js';
import {
  baseName,
  folderOf,
  isSkipped,
  sampleFolderOf,
  joinPath,
  trimGlob,
  type DiscoveryOptions,
  type UnreleasedFolder,
} from './package.js';

const LEGACY_FILES = new Set(['setup.py', 'setup.cfg']);

/** A package folder found in phase one: its pyproject.toml read, its version not yet. */
export interface Candidate {
  readonly folder: string;
  readonly file: string;
  readonly doc: TomlTable;
  /** Named by a glob without wildcards: a folder that cannot be released is then an error. */
  readonly explicit: boolean;
}

/** What phase one finds: the candidates, the folders listed as unreleased so far, those globs name exactly. */
export interface Candidates {
  readonly candidates: Candidate[];
  readonly unreleased: UnreleasedFolder[];
  readonly explicitFolders: Set<string>;
}

/** The folders that look like packages (those not excluded), and what the search reads them with. */
interface Search extends Candidates {
  readonly files: ReadonlySet<string>;
  readonly pyprojectFolders: ReadonlySet<string>;
  readonly legacyFolders: ReadonlySet<string>;
  readonly isExcluded: (folder: string) => boolean;
  readonly read: (file: string) => string;
  readonly options: DiscoveryOptions;
}

/**
 * Phase one of the discovery: the folders with a pyproject.toml that names a project, from the globs
 * when there are any (each folder they match), else every folder that is not skipped, sorted by path.
 */
export function findCandidates(
  files: ReadonlySet<string>,
  read: (file: string) => string,
  options: DiscoveryOptions,
): Candidates {
  const search = startSearch(files, read, options);
  const globs = options.globs ?? [];
  if (globs.length > 0) {
    const folders = new Set([...search.pyprojectFolders, ...search.legacyFolders]);
    for (const glob of globs) considerGlob(search, glob, folders);
  } else {
    for (const folder of [...new Set([...search.pyprojectFolders, ...search.legacyFolders])].sort()) {
      if (isSkipped(folder)) continue;
      if (!isSample(search, folder, null)) consider(search, folder, false);
    }
  }
  const { candidates, unreleased, explicitFolders } = search;
  return { candidates, unreleased, explicitFolders };
}

function startSearch(
  files: ReadonlySet<string>,
  read: (file: string) => string,
  options: DiscoveryOptions,
): Search {
  const excluded = (options.exclude ?? []).map((glob) => picomatch(trimGlob(glob), { dot: false }));
  const isExcluded = (folder: string) => excluded.some((matches) => matches(folder));
  const pyprojectFolders = new Set<string>();
  const legacyFolders = new Set<string>();
  for (const f of files) {
    const folder = folderOf(f);
    if (isExcluded(folder)) continue;
    if (baseName(f) === 'pyproject.toml') pyprojectFolders.add(folder);
    else if (LEGACY_FILES.has(baseName(f))) legacyFolders.add(folder);
  }
  return {
    candidates: [],
    unreleased: [],
    explicitFolders: new Set<string>(),
    files,
    pyprojectFolders,
    legacyFolders,
    isExcluded,
    read,
    options,
  };
}

/** The folders one glob matches, in the order `folders` lists them. */
function considerGlob(search: Search, glob: string, folders: ReadonlySet<string>): void {
  const { options } = search;
  const trimmed = trimGlob(glob);
  const matches = picomatch(trimmed, { dot: false });
  const matched = [...folders].filter((folder) => matches(folder));
  if (matched.length === 0) return unmatchedGlob(search, glob, trimmed);
  const explicit = options.globsNameFolders !== false && !picomatch.scan(trimmed).isGlob;
  for (const folder of matched) {
    if (explicit) search.explicitFolders.add(folder);
    const listed = search.unreleased.find((u) => u.path === folder);
    // Named exactly after a wildcard matched it: as much an error as if it came first.
    if (listed && explicit) throw new UserError(`packages: ${folder} cannot be released: ${listed.reason}`);
    if (search.candidates.some((c) => c.folder === folder) || listed) continue;
    if (!isSample(search, folder, options.globsNameFolders === false ? null : trimmed)) {
      consider(search, folder, explicit);
    }
  }
}

function unmatchedGlob(search: Search, glob: string, trimmed: string): void {
  const { options } = search;
  if (options.globsNameFolders === false) {
    // uv accepts a member glob that matches nothing; a member named exactly needs its pyproject.toml.
    if (!picomatch.scan(trimmed).isGlob && !search.isExcluded(trimmed)) {
      search.unreleased.push({
        path: trimmed,
        name: null,
        reason: `${options.globsFrom ?? 'packages'} names it, but it has no pyproject.toml`,
      });
    }
    return;
  }
  throw new UserError(
    `${options.globsFrom ?? 'packages'}: ${JSON.stringify(glob)} matches no folder with a pyproject.toml`,
  );
}

/**
 * A folder of tests, examples or docs is left out, and listed with why, unless `glob` (from `packages`,
 * not uv's members) names it by that part (`examples/*` names `examples/demo`; `**` does not).
 */
function isSample(search: Search, folder: string, glob: string | null): boolean {
  const part = sampleFolderOf(folder);
  if (!part || (glob !== null && glob.split('/').includes(part))) return false;
  search.unreleased.push({
    path: folder,
    name: sampleProjectName(search, folder),
    reason: `under ${part}/: tests, examples and docs are left out by default; name the folder in packages to release it`,
    sample: true,
  });
  return true;
}

/** A sample's project name, when its pyproject.toml reads (a fixture may hold anything): for the plan's check of its tags. */
function sampleProjectName(search: Search, folder: string): string | null {
  if (!search.pyprojectFolders.has(folder)) return null;
  try {
    const name = projectNameOf(parseToml(search.read(joinPath(folder, 'pyproject.toml')), folder));
    return name === null ? null : normalizeName(name);
  } catch {
    return null;
  }
}

/** One folder: a candidate when its pyproject.toml names a project, else listed as unreleased (or not at all). */
function consider(search: Search, folder: string, explicit: boolean): void {
  if (!search.pyprojectFolders.has(folder)) {
    const legacy = [...LEGACY_FILES].filter((f) => search.files.has(joinPath(folder, f)));
    const reason = `only ${legacy.join(' and ')}: pyrelease reads versions from pyproject.toml`;
    return listUnreleased(search, folder, explicit, reason);
  }
  const file = joinPath(folder, 'pyproject.toml');
  const doc = parseToml(search.read(file), file);
  if (projectNameOf(doc) === null) return namesNoProject(search, folder, file, explicit);
  search.candidates.push({ folder, file, doc, explicit });
}

/**
 * A pyproject.toml that names no project (a workspace root with only tool settings) is not a
 * package, unless its metadata lives in setup.py or setup.cfg.
 */
function namesNoProject(search: Search, folder: string, file: string, explicit: boolean): void {
  if (search.legacyFolders.has(folder)) {
    const reason = 'its project metadata is in setup.py or setup.cfg, which pyrelease does not write';
    listUnreleased(search, folder, explicit, reason);
  } else if (explicit) {
    throw new UserError(
      `${file}: no project name: expected a string in [project].name or [tool.poetry].name`,
      {
        file,
      },
    );
  }
}

/** A folder that cannot be released: an error when a glob names it exactly, else listed with why. */
function listUnreleased(search: Search, folder: string, explicit: boolean, reason: string): void {
  if (explicit) throw new UserError(`packages: ${folder} cannot be released: ${reason}`);
  search.unreleased.push({ path: folder, name: null, reason });
}
