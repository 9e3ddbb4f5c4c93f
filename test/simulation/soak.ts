import { expect, it } from '@jest/globals';
import { formatFailure, simulate } from './simulate.js';

// npm run soak -- --runs N --seed S (scripts/soak.mjs): as many random histories as asked, with a
// progress line per sequence and a summary. Not part of npm test (its file name does not end in .test.ts).
const runs = Number(process.env.PYRELEASE_SOAK_RUNS ?? '100');
const seed = Number(process.env.PYRELEASE_SOAK_SEED ?? Date.now() % 2 ** 31);
const maxCommands = Number(process.env.PYRELEASE_SOAK_MAX_COMMANDS ?? '20');

it(`soak: ${runs} sequences from seed ${seed}`, async () => {
  const started = Date.now();
  const result = await simulate({
    seed,
    runs,
    maxCommands,
    onSequence: (s) =>
      process.stderr.write(
        `soak: ${s.sequences}/${runs} sequences, ${s.steps} steps, ${s.tags} tags, ${s.kills} kills, ${s.checks} invariant checks, ${Math.round((Date.now() - started) / 1000)} s\n`,
      ),
  });
  const { sequences, steps, checks, tags, kills } = result.stats;
  process.stderr.write(
    `soak summary: seed ${seed}, ${sequences} sequences (shrinking included), ${steps} steps, ${tags} tags, ${kills} killed runs, ${checks} invariant checks, ${result.failure ? 1 : 0} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  const applied = Object.entries(result.stats.applied).map(([op, n]) => `${op} ${n}`);
  process.stderr.write(`soak operations applied: ${applied.join(', ')}\n`);
  if (result.failure) process.stderr.write(`${formatFailure(result.failure)}\n`);
  expect(result.failure).toBeNull();
});
