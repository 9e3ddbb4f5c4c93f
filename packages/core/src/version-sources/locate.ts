import { tableIn as table, type TomlTable } from '../toml/pyproject.js';
import { flitVersionSource } from './flit.js';
import { hatchVersionSource } from './hatch.js';
import { pdmVersionSource } from './pdm.js';
import { setuptoolsDynamicSource, setuptoolsScmSource } from './setuptools.js';
import type { DynamicVersionQuery, Unplaceable, VersionSource } from './source.js';
import { staticVersionSource } from './static.js';
import { versioningitSource } from './versioningit.js';

const normalized = (requirement: string) =>
  requirement
    .trim()
    .split(/[\s<>=!~;[(@]/, 1)[0]
    .replace(/[-_.]+/g, '-')
    .toLowerCase();

/**
 * The version source of a package folder's pyproject.toml (`doc`, already parsed), or why none can be
 * placed. `files` holds the repository's files (POSIX, relative to the root) to find modules in.
 * A version pyproject.toml holds comes first; a dynamic one asks each build backend in turn.
 */
export function locateVersionSource(
  doc: TomlTable,
  pyprojectFile: string,
  folder: string,
  files: ReadonlySet<string>,
): VersionSource | Unplaceable {
  const declared = staticVersionSource(doc, pyprojectFile);
  if (declared) return declared;
  const query: DynamicVersionQuery = { doc, folder, files, ...buildSystemOf(doc) };
  return (
    versioningitSource(query) ??
    hatchVersionSource(query) ??
    pdmVersionSource(query) ??
    setuptoolsDynamicSource(query) ??
    setuptoolsScmSource(query) ??
    flitVersionSource(query) ??
    unwritableBackend(query.backend)
  );
}

/** `[build-system]`: its backend (empty when none) and its requirements' normalized names. */
function buildSystemOf(doc: TomlTable): Pick<DynamicVersionQuery, 'backend' | 'requires'> {
  const system = table(doc, 'build-system');
  const backend = typeof system?.['build-backend'] === 'string' ? system['build-backend'] : '';
  const requires = new Set(
    (Array.isArray(system?.requires) ? system.requires : [])
      .filter((r): r is string => typeof r === 'string')
      .map(normalized),
  );
  return { backend, requires };
}

/** A dynamic version none of the sources above places: why, by backend (one it does not know is named so). */
function unwritableBackend(backend: string): Unplaceable {
  if (backend.startsWith('maturin'))
    return { unplaceable: 'maturin takes the version from Cargo.toml, which pyrelease does not write' };
  if (backend.startsWith('setuptools')) {
    return {
      unplaceable:
        'setuptools reads the dynamic version from setup.py or setup.cfg, which pyrelease does not write',
    };
  }
  return {
    unplaceable: `build backend ${JSON.stringify(backend || 'none')} derives the version in a way pyrelease does not know: give [project] a static version, or a version file pyrelease writes`,
  };
}
