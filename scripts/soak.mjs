// npm run soak -- --runs N --seed S [--max-commands M]: the release-flow simulator (test/simulation/)
// over as many random histories as asked. Runs the simulator's soak file through Jest, which compiles
// the TypeScript as the tests do; progress and the summary go to stderr.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const given = args[at + 1];
  if (!/^\d+$/.test(given ?? '')) {
    console.error(`soak: ${name} needs a whole number, got ${JSON.stringify(given ?? '')}`);
    process.exit(2);
  }
  return given;
};
const unknown = args.filter(
  (a, i) => a.startsWith('--') && !['--runs', '--seed', '--max-commands'].includes(a) && i >= 0,
);
if (unknown.length > 0) {
  console.error(`soak: unknown option ${unknown[0]} (options: --runs N, --seed S, --max-commands M)`);
  process.exit(2);
}
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
  PYRELEASE_SOAK_RUNS: value('--runs', '100'),
  PYRELEASE_SOAK_SEED: value('--seed', String(Date.now() % 2 ** 31)),
  PYRELEASE_SOAK_MAX_COMMANDS: value('--max-commands', '20'),
};
const run = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--testMatch',
    '**/test/simulation/soak.ts',
    // A day: Jest takes 0 for its default of 5 s, and a soak of 1,000 sequences takes most of an hour.
    '--testTimeout',
    String(24 * 3600 * 1000),
    'test/simulation/soak.ts',
  ],
  { stdio: 'inherit', env },
);
process.exit(run.status ?? 1);
