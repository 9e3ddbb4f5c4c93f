// Builds one self-contained ncc bundle per entry into dist/<name>/ (index.js + package.json).
// The bundles are committed: GitHub runs actions from the repository without installing anything.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

const require = createRequire(import.meta.url);
const ncc = require.resolve('@vercel/ncc/dist/ncc/cli.js');
const tsc = require.resolve('typescript/bin/tsc');

// ncc type-checks each entry's whole program, and the root tsconfig.json holds the tests too: five
// builds made the same check five times. So the program is checked once (`tsc --noEmit`, beside the
// builds), and ncc only transpiles (--transpile-only). Transpiling file by file cannot tell NodeNext's
// module format and would emit CommonJS, which the ESM-only @actions packages refuse: each entry is
// built through a one-line shim in a folder whose tsconfig.json asks for ES modules (ncc and its
// TypeScript loader read the tsconfig.json nearest the entry).
const SHIMS = '.cache/bundle-entries';

export const ENTRIES = {
  cli: 'packages/cli/src/index.ts',
  'loop-guard': 'actions/loop-guard/src/main.ts',
  'cut-release': 'actions/cut-release/src/main.ts',
  'publish-from-tag': 'actions/publish-from-tag/src/main.ts',
  'release-preview': 'actions/release-preview/src/main.ts',
  umbrella: 'actions/umbrella/src/main.ts',
};

const only = process.argv.slice(2);
const wanted = Object.entries(ENTRIES).filter(
  ([name, entry]) => (only.length === 0 || only.includes(name)) && existsSync(entry),
);

rmSync(SHIMS, { recursive: true, force: true });
mkdirSync(SHIMS, { recursive: true });
writeFileSync(
  `${SHIMS}/tsconfig.json`,
  `${JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { module: 'ES2022', moduleResolution: 'Bundler' }, include: ['*/index.ts'] }, null, 2)}\n`,
);
for (const [name, entry] of wanted) {
  mkdirSync(`${SHIMS}/${name}`);
  writeFileSync(`${SHIMS}/${name}/index.ts`, `import '../../../${entry.replace(/\.ts$/, '.js')}';\n`);
}

function run(label, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('close', (code) => resolve({ entry: label, ok: code === 0 }));
  });
}

/** One ncc build, transpiling only: the type-check runs once, beside the builds. */
function build([name]) {
  rmSync(`dist/${name}`, { recursive: true, force: true });
  return run(name, [
    ncc,
    'build',
    `${SHIMS}/${name}/index.ts`,
    '-o',
    `dist/${name}`,
    '--minify',
    '--quiet',
    '--transpile-only',
  ]);
}

// The builds are independent: run as many at once as there are cores, so a bundle takes the time
// of the slowest builds rather than of all five in a row.
const queue = [...wanted];
const failed = [];
const checked = run('tsc --noEmit', [tsc, '--noEmit', '-p', 'tsconfig.json']);
await Promise.all(
  Array.from({ length: Math.max(1, Math.min(availableParallelism(), queue.length)) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await build(next);
      if (!result.ok) failed.push(result.entry);
    }
  }),
);
const check = await checked;
if (!check.ok) failed.push(check.entry);
// npm links the CLI's bin as a file to execute: it needs its interpreter line, which the shim's
// transpiled entry does not carry.
if (wanted.some(([name]) => name === 'cli') && !failed.includes('cli')) {
  const bin = 'dist/cli/index.js';
  const code = readFileSync(bin, 'utf8');
  if (!code.startsWith('#!')) writeFileSync(bin, `#!/usr/bin/env node\n${code}`);
  chmodSync(bin, 0o755);
}
if (failed.length > 0) {
  console.error(`bundle: failed: ${failed.join(', ')}`);
  process.exit(1);
}
