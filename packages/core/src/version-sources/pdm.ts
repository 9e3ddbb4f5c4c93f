import { tableIn as table } from '../toml/pyproject.js';
import { namedVersionFile } from './module-file.js';
import type { DynamicVersionQuery, Unplaceable, VersionSource } from './source.js';

/**
 * pdm's `[tool.pdm.version]`: the tags (`source = "scm"`) or a file's `__version__`. Null when neither the
 * backend nor the table is pdm's.
 */
export function pdmVersionSource(query: DynamicVersionQuery): VersionSource | Unplaceable | null {
  const { doc, backend, folder, files } = query;
  const pdm = table(doc, 'tool', 'pdm', 'version');
  if (!backend.startsWith('pdm') && !pdm) return null;
  const source = typeof pdm?.source === 'string' ? pdm.source : null;
  if (source === 'scm')
    return { kind: 'vcs', backend: 'pdm scm', tagSetting: '[tool.pdm.version] tag_regex (or tag_filter)' };
  if (source === 'file' && typeof pdm?.path === 'string') {
    return namedVersionFile(folder, files, pdm.path, '[tool.pdm.version] path', {
      kind: 'assignment',
      names: ['__version__'],
    });
  }
  return {
    unplaceable: `[tool.pdm.version] source = ${JSON.stringify(source)} is a version source pyrelease does not know (it knows scm, and file with a path)`,
  };
}
