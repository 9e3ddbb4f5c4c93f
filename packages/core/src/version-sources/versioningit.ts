import { tableIn as table } from '../toml/pyproject.js';
import type { DynamicVersionQuery, VersionSource } from './source.js';

/** The settings that choose which tags versioningit reads: named when it built another version. */
const VERSIONINGIT_TAGS = '[tool.versioningit.vcs] match (and [tool.versioningit.tag2version] rmprefix)';

/**
 * versioningit, a version derived from git like hatch-vcs: by its table or as a build requirement
 * (setuptools' plugin), or as hatch's version source. Null when it is none of them.
 */
export function versioningitSource(query: DynamicVersionQuery): VersionSource | null {
  const { doc, requires } = query;
  const hatchSource = table(doc, 'tool', 'hatch', 'version')?.source;
  if (
    !requires.has('versioningit') &&
    !table(doc, 'tool', 'versioningit') &&
    hatchSource !== 'versioningit'
  ) {
    return null;
  }
  return { kind: 'vcs', backend: 'versioningit', tagSetting: VERSIONINGIT_TAGS };
}
