import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, formatFailure, replay, simulate, type SimulationCase } from './simulate.js';

// The release-flow simulator (docs/failure-policy.md, "The simulator"): random histories over real git
// and the real core, every invariant checked after every step. A fixed set of seeds here; npm run soak
// runs as many as asked.
const SEEDS = [20261201, 20261202, 20261203];

describe('release-flow simulator', () => {
  for (const seed of SEEDS) {
    it(`keeps every invariant over random histories (seed ${seed})`, async () => {
      const result = await simulate({ seed, runs: 6, maxCommands: 16 });
      if (result.failure) throw new Error(formatFailure(result.failure));
      expect(result.stats.sequences).toBe(6);
    }, 600_000);
  }
});

const cases = existsSync(CASES_DIR)
  ? readdirSync(CASES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe('release-flow simulator: cases it found once', () => {
  it('has its cases folder', () => {
    expect(existsSync(CASES_DIR)).toBe(true);
  });
  for (const file of cases) {
    const found = JSON.parse(readFileSync(join(CASES_DIR, file), 'utf8')) as SimulationCase;
    (found.skip ? it.skip : it)(
      `${file}: ${found.invariant}${found.skip ? ` (skipped: ${found.skip})` : ''}`,
      async () => {
        await replay(found.operations);
      },
      300_000,
    );
  }
});
