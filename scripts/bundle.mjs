// Builds one self-contained ncc bundle per entry into dist/<name>/ (index.js + package.json).
// The bundles are committed: GitHub runs actions from the repository without installing anything.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ncc = require.resolve('@vercel/ncc/dist/ncc/cli.js');

export const ENTRIES = {
  cli: 'packages/cli/src/index.ts',
  'loop-guard': 'actions/loop-guard/src/main.ts',
  'cut-release': 'actions/cut-release/src/main.ts',
  'publish-from-tag': 'actions/publish-from-tag/src/main.ts',
  umbrella: 'actions/umbrella/src/main.ts',
};

const only = process.argv.slice(2);
for (const [name, entry] of Object.entries(ENTRIES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!existsSync(entry)) continue;
  rmSync(`dist/${name}`, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    [ncc, 'build', entry, '-o', `dist/${name}`, '--minify', '--quiet'],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error(`bundle: ncc failed for ${entry}`);
    process.exit(1);
  }
}
