import { expect, it } from '@jest/globals';
import { formatFailure, simulate, type SimulationResult, type SimulationStats } from './simulate.js';

// npm run soak -- --runs N --seed S (scripts/soak.mjs): as many random histories as asked, with a
// progress line per sequence and a summary. Not part of npm test (its file name does not end in .test.ts).
const runs = Number(process.env.PYRELEASE_SOAK_RUNS ?? '100');
const seed = Number(process.env.PYRELEASE_SOAK_SEED ?? Date.now() % 2 ** 31);
const maxCommands = Number(process.env.PYRELEASE_SOAK_MAX_COMMANDS ?? '20');
/**
 * Sequences per seed: a failure ends its seed (fast-check shrinks it and the case file is written), and
 * the soak goes on from the next seed, so one finding does not hide the rest of the soak.
 */
const CHUNK = 50;

it(`soak: ${runs} sequences from seed ${seed}`, async () => {
  const started = Date.now();
  const total: SimulationStats = { sequences: 0, steps: 0, checks: 0, tags: 0, kills: 0, applied: {} };
  const failures: NonNullable<SimulationResult['failure']>[] = [];
  let generated = 0;
  let last = seed;
  for (let next = seed; generated < runs; next += 1) {
    last = next;
    const before = { ...total };
    const result = await simulate({
      seed: next,
      runs: Math.min(CHUNK, runs - generated),
      maxCommands,
      onSequence: (s) =>
        process.stderr.write(
          `soak: seed ${next}, ${generated + s.sequences} sequences run (shrinking included), ${before.steps + s.steps} steps, ${before.tags + s.tags} tags, ${before.kills + s.kills} kills, ${before.checks + s.checks} invariant checks, ${failures.length} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
        ),
    });
    generated += result.generated;
    for (const key of ['sequences', 'steps', 'checks', 'tags', 'kills'] as const)
      total[key] += result.stats[key];
    for (const [op, n] of Object.entries(result.stats.applied))
      total.applied[op] = (total.applied[op] ?? 0) + n;
    if (result.failure) {
      failures.push(result.failure);
      process.stderr.write(`${formatFailure(result.failure)}\n`);
    }
  }
  const { sequences, steps, checks, tags, kills } = total;
  process.stderr.write(
    `soak summary: seeds ${seed}-${last}, ${generated} random sequences (${sequences} run, shrinking included), ${steps} steps, ${tags} tags, ${kills} killed runs, ${checks} invariant checks, ${failures.length} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  const applied = Object.entries(total.applied).map(([op, n]) => `${op} ${n}`);
  process.stderr.write(`soak operations applied: ${applied.join(', ')}\n`);
  for (const f of failures) process.stderr.write(`failure: ${f.error.split('\n')[0]} (${f.file})\n`);
  expect(failures).toEqual([]);
});
