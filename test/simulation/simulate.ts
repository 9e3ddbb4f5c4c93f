import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/action-runner.js';
import { InvariantViolation } from './invariants.js';
import { Model } from './model.js';
import {
  apply,
  describeOperation,
  OperationCommand,
  operationArbitrary,
  type Operation,
} from './operations.js';
import { World } from './world.js';

export const CASES_DIR = join(ROOT, 'test/simulation/cases');

/** A case file: a sequence that broke an invariant once, replayed by every test run from then on. */
export interface SimulationCase {
  readonly seed: number;
  readonly invariant: string;
  readonly message: string;
  readonly operations: readonly Operation[];
  /** Why a case that still fails is skipped (only when its fix is larger than one change). */
  readonly skip?: string;
}

export interface SimulationStats {
  sequences: number;
  steps: number;
  checks: number;
  /** Tags the release runs made, over all sequences. */
  tags: number;
  /** Release runs stopped at a git call before their end. */
  kills: number;
  /** Operations applied, by kind. */
  applied: Record<string, number>;
}

/** Runs one sequence on a fresh world; counts its steps. */
async function runSequence(operations: readonly Operation[], stats: SimulationStats): Promise<void> {
  const world = await new World().start();
  try {
    const model = new Model();
    for (const operation of operations) await apply(operation, model, world);
    stats.steps += model.step;
  } finally {
    await world.stop();
  }
}

/** Replays a case file's operations; throws what the sequence breaks. */
export async function replay(operations: readonly Operation[]): Promise<void> {
  await runSequence(operations, { sequences: 0, steps: 0, checks: 0, tags: 0, kills: 0, applied: {} });
}

export interface SimulationResult {
  readonly stats: SimulationStats;
  /** The random sequences generated (the failing one included), shrinking not counted. */
  readonly generated: number;
  /** The shrunk failing sequence, its seed, and the case file written for it. */
  readonly failure: { seed: number; operations: Operation[]; error: string; file: string } | null;
}

/**
 * `runs` random histories of up to `maxCommands` operations from `seed`, through fast-check's
 * model-based testing (fc.commands, shrunk to a shortest failing sequence). A failure is written as a
 * case file under test/simulation/cases/.
 */
export async function simulate(o: {
  seed: number;
  runs: number;
  maxCommands: number;
  onSequence?: (stats: SimulationStats) => void;
  writeCase?: boolean;
}): Promise<SimulationResult> {
  const stats: SimulationStats = { sequences: 0, steps: 0, checks: 0, tags: 0, kills: 0, applied: {} };
  const property = fc.asyncProperty(
    fc.commands([operationArbitrary().map((op) => new OperationCommand(op))], {
      maxCommands: o.maxCommands,
      size: 'large',
    }),
    async (commands) => {
      const world = await new World().start();
      const model = new Model();
      try {
        await fc.asyncModelRun(() => ({ model, real: world }), commands);
      } finally {
        await world.stop();
        stats.sequences += 1;
        stats.steps += model.step;
        stats.checks += model.checks;
        stats.tags += model.tags.size;
        stats.kills += world.kills;
        for (const [op, n] of model.applied) stats.applied[op] = (stats.applied[op] ?? 0) + n;
        o.onSequence?.(stats);
      }
    },
  );
  const details = await fc.check(property, { seed: o.seed, numRuns: o.runs, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { stats, generated: details.numRuns, failure: null };
  // fast-check hands the commands wrapped, each saying whether it ran: those after the failure did not.
  const wrapped = [...details.counterexample[0]] as unknown as { cmd: OperationCommand; hasRan: boolean }[];
  const operations = wrapped.filter((w) => w.hasRan).map((w) => w.cmd.operation);
  const error =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const invariant =
    details.errorInstance instanceof InvariantViolation ? details.errorInstance.invariant : 'error';
  const file = join(CASES_DIR, `seed-${o.seed}-${invariant.toLowerCase().replace(/[^a-z]+/g, '-')}.json`);
  if (o.writeCase !== false) {
    mkdirSync(CASES_DIR, { recursive: true });
    const found: SimulationCase = { seed: o.seed, invariant, message: error, operations };
    writeFileSync(file, `${JSON.stringify(found, null, 2)}\n`);
  }
  return { stats, generated: details.numRuns, failure: { seed: o.seed, operations, error, file } };
}

/** A failure as a person reads it: the seed, the broken invariant, and the shrunk steps in order. */
export function formatFailure(failure: NonNullable<SimulationResult['failure']>): string {
  return [
    `seed ${failure.seed}: ${failure.error}`,
    'after these operations:',
    ...failure.operations.map((op, i) => `  ${i + 1}. ${describeOperation(op)}`),
    `replayed by ${failure.file}`,
  ].join('\n');
}
