// Builds one self-contained ncc bundle per entry into dist/<name>/ (index.js + package.json).
// The bundles are committed: GitHub runs actions from the repository without installing anything.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

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
const wanted = Object.entries(ENTRIES).filter(
  ([name, entry]) => (only.length === 0 || only.includes(name)) && existsSync(entry),
);

/** One ncc build (each type-checks its entry, which is most of its time). */
function build([name, entry]) {
  rmSync(`dist/${name}`, { recursive: true, force: true });
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [ncc, 'build', entry, '-o', `dist/${name}`, '--minify', '--quiet'],
      {
        stdio: 'inherit',
      },
    );
    child.on('close', (code) => resolve({ entry, ok: code === 0 }));
  });
}

// The builds are independent: run as many at once as there are cores, so a bundle takes the time
// of the slowest builds rather than of all five in a row.
const queue = [...wanted];
const failed = [];
await Promise.all(
  Array.from({ length: Math.max(1, Math.min(availableParallelism(), queue.length)) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await build(next);
      if (!result.ok) failed.push(result.entry);
    }
  }),
);
if (failed.length > 0) {
  console.error(`bundle: ncc failed for ${failed.join(', ')}`);
  process.exit(1);
}
