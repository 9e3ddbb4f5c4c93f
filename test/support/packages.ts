import { type ConfigTable } from '../../packages/core/src/config/keys.js';
import { resolvePackageSettings } from '../../packages/core/src/config/package-settings.js';
import { parseVersion } from '../../packages/core/src/versioning/version.js';
import { type Package } from '../../packages/core/src/workspace/package.js';

/**
 * A package as discovery makes it, for pure tests: a static version in its pyproject.toml, or with
 * `version` null one derived from tags (hatch-vcs). `config` plays its own [tool.pyrelease] table.
 */
export function testPackage(
  name: string,
  path: string,
  version: string | null,
  config: ConfigTable | null = null,
): Package {
  const pyprojectPath = path === '.' ? 'pyproject.toml' : `${path}/pyproject.toml`;
  return {
    name,
    declaredName: name,
    path,
    pyprojectPath,
    changelogPath: path === '.' ? 'CHANGELOG.md' : `${path}/CHANGELOG.md`,
    version: version === null ? null : parseVersion(version),
    versionSource:
      version === null
        ? { kind: 'vcs', backend: 'hatch-vcs', tagSetting: '[tool.hatch.version] tag-pattern' }
        : { kind: 'pyproject', file: pyprojectPath, table: 'project' },
    versionFiles: [],
    requirements: [],
    settings: resolvePackageSettings({ table: null, file: null }, { table: config, file: pyprojectPath }),
  };
}
