import { tableIn as table } from '../toml/pyproject.js';
import { namedVersionFile } from './module-file.js';
import type { DynamicVersionQuery, Unplaceable, VersionSource } from './source.js';
import { VERSION_ASSIGNMENT_NAMES, type VersionFileFormat } from './version-file.js';

/** hatch's default regex source: `__version__`/`VERSION`, any case, the first one. */
const HATCH_PATTERN: VersionFileFormat = { kind: 'assignment', names: VERSION_ASSIGNMENT_NAMES, hatch: true };

/**
 * hatchling's `[tool.hatch.version]`: the tags (hatch-vcs, uv-dynamic-versioning), or the file its default
 * regex reads. Null when neither the backend nor the table is hatch's.
 */
export function hatchVersionSource(query: DynamicVersionQuery): VersionSource | Unplaceable | null {
  const { doc, backend, folder, files } = query;
  const hatch = table(doc, 'tool', 'hatch', 'version');
  if (!backend.startsWith('hatchling') && !hatch) return null;
  if (!hatch) return { unplaceable: 'hatchling needs [tool.hatch.version] for a dynamic version' };
  const source = typeof hatch.source === 'string' ? hatch.source : 'regex';
  if (source === 'vcs') {
    return {
      kind: 'vcs',
      backend: 'hatch-vcs',
      tagSetting: '[tool.hatch.version] tag-pattern (or raw-options)',
    };
  }
  if (source === 'uv-dynamic-versioning') {
    return {
      kind: 'vcs',
      backend: 'uv-dynamic-versioning',
      tagSetting: '[tool.uv-dynamic-versioning] pattern',
    };
  }
  if (source !== 'regex')
    return {
      unplaceable: `[tool.hatch.version] source = "${source}" is a version source pyrelease does not know (it knows regex, vcs, uv-dynamic-versioning and versioningit)`,
    };
  if (typeof hatch.path !== 'string') return { unplaceable: '[tool.hatch.version] has no path' };
  if (hatch.pattern !== undefined) {
    return {
      unplaceable:
        '[tool.hatch.version] pattern is custom; pyrelease writes only the default __version__ = "…" form',
    };
  }
  return namedVersionFile(folder, files, hatch.path, '[tool.hatch.version] path', HATCH_PATTERN);
}
