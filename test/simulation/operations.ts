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
import { checkWorkspace } from './coherence.js';
import { applyGroup, checkGroups, type GroupOperation } from './groups.js';
import { ALL_NAMES, FOLDERS, REQUIREMENT_SHAPES, type Folder, type RequirementShape } from './workspace.js';
import { RELEASE_BRANCH, type Channel, type RunOutcome, type World } from './world.js';

/** The operations of a simulated history, as data: what a case file holds and a replay rebuilds. */
export type Operation =
  | { op: 'commit'; branch: 'test' | 'master'; packages: string[]; kind: CommitKind }
  | { op: 'hand-edit'; package: string }
  | { op: 'revert'; branch: 'test' | 'master' }
  | { op: 'promote'; method: 'merge' | 'squash' | 'rebase' | 'ff' }
  | { op: 'merge-back' }
  | { op: 'new-package'; name: string; folder: Folder }
  | { op: 'depend'; dependent: string; dependency: string; shape: RequirementShape }
  | { op: 'move'; package: string; folder: Folder }
  | { op: 'release'; channel: Channel; kill: { at: number; after: boolean } | null; publish: Publish }
  | GroupOperation;

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
    case 'new-package':
      return `a new package ${o.name} in ${o.folder}/ on test`;
    case 'depend':
      return `${o.dependent} starts to require ${o.dependency} (${o.shape}) on test`;
    case 'move':
      return `${o.package}'s folder moved to ${o.folder}/ on test`;
    case 'group':
      return `${o.members.join(', ')} made one ${o.versioning} version group on test`;
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
  // Release runs by channel: a soak's summary shows how many of each it made.
  const kind = o.op === 'release' ? `${o.channel} release` : o.op;
  if (await applyOne(o, model, world)) model.applied.set(kind, (model.applied.get(kind) ?? 0) + 1);
}

/** `apply` for one operation; false when it does not apply to the history as it is. */
async function applyOne(o: Operation, model: Model, world: World): Promise<boolean> {
  switch (o.op) {
    case 'commit': {
      // A package not on the branch (added on test, not promoted yet) is not touched.
      const packages = o.packages.filter((name) => world.paths[o.branch].has(name));
      const n = world.next();
      const { text, releaseAs } = message(o.kind, n, packages, model);
      world.commit(o.branch, packages, text);
      model.add(
        {
          packages,
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
      if (!world.paths.test.has(o.package)) return false;
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
      if (head === null) return false;
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
    case 'new-package':
    case 'depend':
    case 'move':
      if (!changeWorkspace(o, model, world)) return false;
      break;
    case 'group':
      if (!applyGroup(o, model, world)) return false;
      break;
    case 'release':
      await release(o, model, world);
      return true;
  }
  recordNewTags(world, model, null);
  checkNothingLost(world, model);
  return true;
}

/**
 * A change to the workspace on test, as a commit of its own that people would write: a new package
 * (a feature of it), a requirement on a sibling (a feature of the dependent; never a cycle), a folder
 * moved (a refactor: it releases nothing). False: it does not apply to the workspace as it is.
 */
function changeWorkspace(
  o: Extract<Operation, { op: 'new-package' | 'depend' | 'move' }>,
  model: Model,
  world: World,
): boolean {
  const on = world.paths.test;
  const n = world.next();
  let change: { packages: string[]; level: Level; subject: string };
  if (o.op === 'new-package') {
    if (on.has(o.name)) return false;
    change = { packages: [o.name], level: 'minor', subject: `feat(${o.name}): change ${n} adds the package` };
    world.addPackage(o.name, o.folder, change.subject);
  } else if (o.op === 'depend') {
    const { dependent, dependency } = o;
    const known = model.requires.get(dependent) ?? new Set<string>();
    if (!on.has(dependent) || !on.has(dependency) || dependent === dependency) return false;
    if (known.has(dependency) || model.dependsOn(dependency, dependent)) return false;
    change = {
      packages: [dependent],
      level: 'minor',
      subject: `feat(${dependent}): change ${n} uses ${dependency}`,
    };
    world.depend(dependent, dependency, o.shape, change.subject);
    model.requires.set(dependent, known.add(dependency));
  } else {
    const path = on.get(o.package);
    if (path === undefined || path === `${o.folder}/${o.package}`) return false;
    change = {
      packages: [o.package],
      level: 'none',
      subject: `refactor(${o.package}): change ${n} moves the package to ${o.folder}/`,
    };
    world.move(o.package, o.folder, change.subject);
  }
  model.add({ ...change, number: n, releaseAs: null, handNote: null }, 'test');
  // Reverting it is not one of the histories simulated: the newest commit is not a plain change.
  model.head.test = null;
  return true;
}

async function release(o: Extract<Operation, { op: 'release' }>, model: Model, world: World): Promise<void> {
  const branch = `refs/heads/${RELEASE_BRANCH[o.channel]}`;
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
  checkWorkspace(world, model, channel, added);
  checkGroups(world, model, channel, added);
  return { run, added };
}

/** The publish jobs: every file of each release they take, or only part (by the mask's bits). */
/**
 * The publish jobs, as auto-release.yml runs them: each chunk of publish-chunks, each tag of a chunk
 * (files uploaded by the mask, in the order of `publish`). A tag no chunk names is never uploaded, and
 * "No gaps" says so; a chunk of finals and pre-releases together would enter the wrong environment.
 */
function publish(how: Publish, run: RunOutcome, world: World, channel: Channel): void {
  const position = new Map(run.publish.map((r, i) => [r.tag, i]));
  for (const chunk of run.chunks) {
    if (chunk.final !== (channel === 'final'))
      fail(
        'gaps',
        `chunk ${chunk.id} (${chunk.tags}) goes to the ${chunk.final ? 'final' : 'pre-release'} index`,
      );
    for (const tag of chunk.tags.split(' ')) {
      const i = position.get(tag);
      if (i === undefined) fail('gaps', `chunk ${chunk.id} names ${tag}, which publish does not`);
      const r = run.publish[i];
      if (how.all) world.indexes[channel].upload(r.name, r.version, ['sdist', 'wheel']);
      else {
        const bits = (how.mask >> (2 * i)) & 3;
        const kinds = (['sdist', 'wheel'] as const).filter((_, k) => (bits >> k) & 1);
        world.indexes[channel].upload(r.name, r.version, kinds);
      }
    }
  }
}

const names = [...ALL_NAMES];

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
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('new-package' as const),
        name: fc.constantFrom(...ALL_NAMES.slice(2)),
        folder: fc.constantFrom(...FOLDERS),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('depend' as const),
        dependent: fc.constantFrom(...names),
        dependency: fc.constantFrom(...names),
        shape: fc.constantFrom(...REQUIREMENT_SHAPES),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('move' as const),
        package: fc.constantFrom(...names),
        folder: fc.constantFrom(...FOLDERS),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('group' as const),
        versioning: fc.constantFrom('fixed' as const, 'linked' as const),
        members: fc.subarray(names, { minLength: 2 }),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('release' as const),
        channel: fc.constantFrom<Channel>('rc', 'final', 'rc', 'final', 'dev'),
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
