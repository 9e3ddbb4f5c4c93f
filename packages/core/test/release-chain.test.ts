import { afterEach, describe, expect, it } from '@jest/globals';
import { Git } from '../src/git/git.js';
import { RepositoryReader } from '../src/git/repository.js';
import { unreviewedChange } from '../src/publish/release-chain.js';
import { Monorepo } from '../../../test/support/repo.js';

/**
 * What publish-from-tag takes for pyrelease's own release commit on top of reviewed work: a release
 * never writes a sibling's version file, so a commit that does is not one, even when only the version
 * changes there.
 */
let repo: Monorepo;
afterEach(() => repo?.cleanup());

const LIB_PYPROJECT =
  '[project]\nname = "lib"\ndynamic = ["version"]\nrequires-python = ">=3.9"\n\n[tool.hatch.version]\npath = "src/lib/__about__.py"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';

async function changeOf(files: Record<string, string>): Promise<string | null> {
  const base = repo.git('rev-parse', 'HEAD');
  const release = repo.commit('release(core): 0.2.0', files);
  const outside = await new RepositoryReader(new Git(repo.work)).readCommitsBetween([base], release);
  repo.git('reset', '--quiet', '--hard', base);
  return unreviewedChange(new Git(repo.work), outside);
}

describe("a release commit that changes a sibling's version file", () => {
  it('is refused, whatever changes there', async () => {
    repo = Monorepo.create([{ path: 'libs/core', name: 'core', version: '0.1.0' }]);
    repo.commit('feat: lib', {
      'libs/lib/pyproject.toml': LIB_PYPROJECT,
      'libs/lib/src/lib/__about__.py': '__version__ = "1.0.0"\n',
    });
    const core = repo.read('libs/core/pyproject.toml').replace('version = "0.1.0"', 'version = "0.2.0"');
    expect(
      await changeOf({
        'libs/core/pyproject.toml': core,
        'libs/lib/src/lib/__about__.py': '__version__ = "2.0.0"\n',
      }),
    ).toMatch(/changes libs\/lib\/src\/lib\/__about__\.py beyond what the release of core 0\.2\.0 writes$/);
    expect(await changeOf({ 'libs/core/pyproject.toml': core })).toBeNull();
    expect(
      await changeOf({
        'libs/core/pyproject.toml': core,
        'libs/lib/src/lib/__about__.py': '__version__ = "2.0.0"\nimport os\n',
      }),
    ).toMatch(/changes libs\/lib\/src\/lib\/__about__\.py beyond what the release of core 0\.2\.0 writes$/);
  });
});
