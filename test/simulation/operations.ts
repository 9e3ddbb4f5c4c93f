import fc from 'fast-check';
import {
  checkAllReleased,
  checkAtomic,
  checkNewTags,
  checkNoGaps,
  checkNothingLost,
  fail,
  recordNewTags,
} from './invariants.js';
import type { Model } from './model.js';
import { parseSimVersion, type Level } from './versions.js';
import { PACKAGES, type Channel, type RunOutcome, type World } from './world.js';

/** The operations of a simulated history, as data: what a case file holds and a replay rebuilds. */
export type Operation =
  | { op: 'commit'; branch: 'test' | 'master'; packages: string[]; kind: CommitKind }
  | { op: 'hand-edit'; package: string }
  | { op: 'revert'; branch: 'test' | 'master' }
  | { op: 'promote'; method: 'merge' | 'squash' | 'rebase' | 'ff' }
  | { op: 'merge-back' }
  | { op: 'release'; channel: Channel; kill: { at: number; after: boolean } | null; publish: Publish };

export type CommitKind =
  'fix' | 'feat' | 'feat!' | 'breaking-footer' | 'chore' | 'docs' | 'plain' | 'release-as';
/** What the publish jobs do with a run's `publish` output: all of it, nothing, or part (by a mask). */
export type Publish = { readonly all: true } | { readonly all: false; readonly mask: number };

const LEVEL: Record<CommitKind, Level | 'breaking'> = {
  fix: 'patch',
  feat: 'minor',
  'feat!': 'breaking',
  'breaking-footer': 'breaking',
  chore: 'none',
  docs: 'none',
  plain: 'none',
  'release-as': 'none',
};

export function describeOperation(o: Operation): string {
  switch (o.op) {
    case 'commit':
      return `${o.kind} commit on ${o.branch} touching ${o.packages.length ? o.packages.join(' and ') : 'the root only'}`;
    case 'hand-edit':
      return `a line written by hand into ${o.package}'s CHANGELOG.md on test`;
    case 'revert':
      return `revert of ${o.branch}'s newest commit`;
    case 'promote':
      return `promotion test -> master by ${o.method}`;
    case 'merge-back':
      return 'master merged back into test';
    case 'release': {
      const kill = o.kill
        ? `, killed ${o.kill.after ? 'after' : 'before'} git call ${o.kill.at}, then re-run`
        : '';
      const publish = o.publish.all
        ? 'all published'
        : o.publish.mask === 0
          ? 'never published'
          : `published in part (mask ${o.publish.mask})`;
      return `${o.channel} release run${kill}; ${publish}`;
    }
  }
}

/** A commit message of each kind; `n` keeps subjects apart. */
function message(
  kind: CommitKind,
  n: number,
  packages: readonly string[],
  model: Model,
): { text: string; releaseAs: string | null } {
  const scope = packages.length === 1 ? `(${packages[0]})` : '';
  switch (kind) {
    case 'feat!':
      return { text: `feat${scope}!: change ${n} breaks the API`, releaseAs: null };
    case 'breaking-footer':
      return {
        text: `refactor${scope}: change ${n}\n\nBREAKING CHANGE: change ${n} removes a function`,
        releaseAs: null,
      };
    case 'plain':
      return { text: `Change ${n} without a convention`, releaseAs: null };
    case 'release-as': {
      // Above every version any package has: the footer's version is always a step up.
      const major = Math.max(
        2,
        ...[...model.tags.values()].map((t) => parseSimVersion(t.version).release[0] + 1),
      );
      const version = `${major}.0.0`;
      return {
        text: `chore${scope}: change ${n} releases a new major\n\nRelease-As: ${version}`,
        releaseAs: version,
      };
    }
    default:
      return { text: `${kind}${scope}: change ${n}`, releaseAs: null };
  }
}

/** Runs one operation on the world, keeps the model in step, and checks the invariants after it. */
export async function apply(o: Operation, model: Model, world: World): Promise<void> {
  switch (o.op) {
    case 'commit': {
      const n = world.next();
      const { text, releaseAs } = message(o.kind, n, o.packages, model);
      world.commit(o.branch, o.packages, text);
      model.add(
        {
          packages: o.packages,
          level: LEVEL[o.kind],
          subject: text.split('\n')[0],
          number: n,
          releaseAs,
          handNote: null,
        },
        o.branch,
      );
      break;
    }
    case 'hand-edit': {
      const line = `Note ${world.next()} on ${o.package}, written by hand.`;
      world.handEdit('test', o.package, line);
      model.add(
        {
          packages: [o.package],
          level: 'none',
          subject: 'hand edit',
          number: null,
          releaseAs: null,
          handNote: { name: o.package, line },
        },
        'test',
      );
      break;
    }
    case 'revert': {
      const head = model.head[o.branch];
      if (head === null) return;
      const reverted = model.changes[head - 1];
      const subject = world.revertHead(o.branch);
      reverted.reverted = true;
      model.add(
        {
          packages: reverted.packages,
          level: 'none',
          subject,
          number: null,
          releaseAs: null,
          handNote: null,
        },
        o.branch,
      );
      // A hand note reverted is no longer a promise.
      break;
    }
    case 'promote':
      world.promote(o.method);
      model.promote();
      break;
    case 'merge-back':
      world.mergeBack();
      model.mergeBack();
      break;
    case 'release':
      await release(o, model, world);
      return;
  }
  recordNewTags(world, model, null);
  checkNothingLost(world, model);
}

async function release(o: Extract<Operation, { op: 'release' }>, model: Model, world: World): Promise<void> {
  const branch = o.channel === 'rc' ? 'refs/heads/release-test' : 'refs/heads/release';
  // What a run nothing interrupts releases, on a copy of the origin: a killed run and its re-run must end there.
  const expected = o.kill ? await world.release(o.channel, null, world.snapshotOrigin()) : null;
  let outcome = await oneRun(o.channel, o.kill, model, world, branch);
  const added = outcome.added;
  if (outcome.run.killed) {
    outcome = await oneRun(o.channel, null, model, world, branch);
    added.push(...outcome.added);
  }
  if (expected && !expected.failure) {
    const got = added.map((t) => t.tag).sort();
    const want = [...expected.released].sort();
    if (got.join() !== want.join())
      fail(
        'atomic',
        `a killed run and its re-run tagged ${got.join(', ') || 'nothing'}, a run nothing stopped tags ${want.join(', ') || 'nothing'}`,
      );
  }
  if (o.channel === 'final') checkAllReleased(model);
  publish(o.publish, outcome.run, world, o.channel);
  if (o.publish.all) checkNoGaps(world, model, o.channel);
  checkNothingLost(world, model);
}

async function oneRun(
  channel: Channel,
  kill: { at: number; after: boolean } | null,
  model: Model,
  world: World,
  branch: string,
) {
  const before = world.originRef(branch);
  const run: RunOutcome = await world.release(channel, kill);
  if (run.failure !== null) fail('runs', `the ${channel} run failed: ${run.failure}`);
  const added = recordNewTags(world, model, channel);
  checkAtomic(world, channel, before, added);
  checkNewTags(world, model, channel, added);
  return { run, added };
}

/** The publish jobs: every file of each release they take, or only part (by the mask's bits). */
function publish(how: Publish, run: RunOutcome, world: World, channel: Channel): void {
  run.publish.forEach((r, i) => {
    if (how.all) return world.indexes[channel].upload(r.name, r.version, ['sdist', 'wheel']);
    const bits = (how.mask >> (2 * i)) & 3;
    const kinds = (['sdist', 'wheel'] as const).filter((_, k) => (bits >> k) & 1);
    world.indexes[channel].upload(r.name, r.version, kinds);
  });
}

const names = PACKAGES.map((p) => p.name);

/** Random operations, weighted towards what a real history has most of: commits and release runs. */
export function operationArbitrary(): fc.Arbitrary<Operation> {
  const kinds: CommitKind[] = [
    'fix',
    'feat',
    'feat!',
    'breaking-footer',
    'chore',
    'docs',
    'plain',
    'release-as',
  ];
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant('commit' as const),
        branch: fc.constantFrom('test' as const, 'test' as const, 'test' as const, 'master' as const),
        packages: fc.subarray(names),
        kind: fc.constantFrom(...kinds),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('hand-edit' as const), package: fc.constantFrom(...names) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('revert' as const),
        branch: fc.constantFrom('test' as const, 'master' as const),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('promote' as const),
        method: fc.constantFrom('merge' as const, 'squash' as const, 'rebase' as const, 'ff' as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('merge-back' as const) }) },
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('release' as const),
        channel: fc.constantFrom('rc' as const, 'final' as const),
        kill: fc.option(fc.record({ at: fc.integer({ min: 1, max: 40 }), after: fc.boolean() }), { freq: 3 }),
        publish: fc.oneof(
          { weight: 4, arbitrary: fc.constant({ all: true } as const) },
          { weight: 1, arbitrary: fc.record({ all: fc.constant(false as const), mask: fc.nat(255) }) },
        ),
      }),
    },
  );
}

/** An operation as fast-check's model-based testing runs it: any operation may come at any point. */
export class OperationCommand implements fc.AsyncCommand<Model, World> {
  constructor(readonly operation: Operation) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, world: World): Promise<void> {
    await apply(this.operation, model, world);
  }

  toString(): string {
    return describeOperation(this.operation);
  }
}
