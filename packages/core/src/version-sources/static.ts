import { tableIn as table, type TomlTable } from '../toml/pyproject.js';
import type { Unplaceable, VersionSource } from './source.js';

/**
 * A version pyproject.toml holds itself: `[project].version`, else poetry-dynamic-versioning's tags, else
 * `[tool.poetry].version`; why none when `[project]` does not declare its version dynamic. Null when it
 * does: a build backend derives it.
 */
export function staticVersionSource(
  doc: TomlTable,
  pyprojectFile: string,
): VersionSource | Unplaceable | null {
  const project = table(doc, 'project');
  const poetry = table(doc, 'tool', 'poetry');
  if (typeof project?.version === 'string')
    return { kind: 'pyproject', file: pyprojectFile, table: 'project' };
  const dynamic = Array.isArray(project?.dynamic) && project.dynamic.includes('version');
  // poetry-dynamic-versioning leaves a placeholder in [tool.poetry].version: the tag is the version.
  const pdv = table(doc, 'tool', 'poetry-dynamic-versioning');
  if (pdv && pdv.enable === true) {
    return {
      kind: 'vcs',
      backend: 'poetry-dynamic-versioning',
      tagSetting: '[tool.poetry-dynamic-versioning] pattern',
    };
  }
  if (typeof poetry?.version === 'string' && (!project || dynamic)) {
    return { kind: 'pyproject', file: pyprojectFile, table: 'tool.poetry' };
  }
  if (project && !dynamic) {
    return { unplaceable: `${pyprojectFile}: [project] has no version and does not declare it dynamic` };
  }
  if (!project) return { unplaceable: `${pyprojectFile}: [tool.poetry] has no version` };
  return null;
}
