import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/action-runner.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkLayers } from '../scripts/check-layers.mjs';

const check = checkLayers as (root: string) => string[];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the code the check reads (the core, the CLI, the actions), to plant imports in. */
function copyOfCode(): string {
  const root = mkdtempSync(join(tmpdir(), 'pyrelease-layers-'));
  dirs.push(root);
  for (const dir of ['packages/core/src', 'packages/cli/src', 'actions']) {
    cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  }
  return root;
}

describe('the layer order of docs/architecture.md (npm run lint)', () => {
  it('holds for the code as it is', () => {
    expect(check(ROOT)).toEqual([]);
  });

  it('names each import that runs against the order, and only those', () => {
    const root = copyOfCode();
    const plant = (file: string, line: string) =>
      appendFileSync(join(root, 'packages/core/src', file), `\n${line}\n`);
    // Up a layer: configuration reading changelog rendering, the plan reading release.
    plant('config/keys.ts', "export { sectionOf } from '../changelog/sections.js';");
    plant('plan/types.ts', "import type { PreparedRelease } from '../release/prepare.js';");
    // Peers of one layer, and the git adapter reaching into the domain.
    plant('changelog/links.ts', "import '../dependencies/specifier.js';");
    plant('git/remote.ts', "const v = import('../versioning/version.js');");
    // loop-guard needs only the foundations.
    plant('guard/branch-pattern.ts', "import { computePlan } from '../plan/compute.js';");
    // Allowed: down the order, within a folder, foundations from anywhere.
    plant('release/push.ts', "import { computePlan } from '../plan/compute.js';");
    plant('plan/compute.ts', "import { tagPatternsOf } from './tag-assignment.js';");
    plant('versioning/tags.ts', "import { oneLine } from '../errors.js';");
    // A folder nobody placed in the order.
    mkdirSync(join(root, 'packages/core/src/misc'));
    writeFileSync(join(root, 'packages/core/src/misc/helper.ts'), 'export const x = 1;\n');
    // An entry behind the named surface.
    appendFileSync(
      join(root, 'actions/cut-release/src/run.ts'),
      "\nimport { computePlan } from '../../../packages/core/src/plan/compute.js';\n",
    );
    expect(check(root).sort()).toEqual(
      [
        'packages/core/src/config/keys.ts imports ../changelog/sections.js: config may not import changelog (docs/architecture.md)',
        'packages/core/src/plan/types.ts imports ../release/prepare.js: plan may not import release (docs/architecture.md)',
        'packages/core/src/changelog/links.ts imports ../dependencies/specifier.js: changelog may not import dependencies (docs/architecture.md)',
        'packages/core/src/git/remote.ts imports ../versioning/version.js: git may not import versioning (docs/architecture.md)',
        'packages/core/src/guard/branch-pattern.ts imports ../plan/compute.js: guard may not import plan (docs/architecture.md)',
        'packages/core/src/misc/helper.ts: folder misc is not in the layer order (scripts/check-layers.mjs LAYERS)',
        "actions/cut-release/src/run.ts imports ../../../packages/core/src/plan/compute.js: entries use the core's named surface, packages/core/src/index.js or packages/core/src/lean.js or packages/core/src/guard.js",
      ].sort(),
    );
  });

  it('fails npm run lint with one line per import, exit code 1', () => {
    const root = copyOfCode();
    appendFileSync(
      join(root, 'packages/core/src/toml/scan.ts'),
      "\nimport type { Package } from '../workspace/package.js';\n",
    );
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/check-layers.mjs'), '--root', root], {
      encoding: 'utf8',
    });
    expect([run.status, run.stdout, run.stderr]).toEqual([
      1,
      '',
      'packages/core/src/toml/scan.ts imports ../workspace/package.js: toml may not import workspace (docs/architecture.md)\n',
    ]);
    const clean = spawnSync(process.execPath, [join(ROOT, 'scripts/check-layers.mjs')], { encoding: 'utf8' });
    expect([clean.status, clean.stderr]).toEqual([0, '']);
  });
});
