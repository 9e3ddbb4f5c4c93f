import type { Change, Model, SeenTag } from './model.js';
import {
  atLeast,
  channelOfSim,
  compareSim,
  finalOf,
  maxLevel,
  parseSimVersion,
  stepLevel,
  type Level,
} from './versions.js';
import { ALL_NAMES } from './workspace.js';
import { BASE, RELEASE_BRANCH, type Branch, type Channel, type World } from './world.js';

/** An invariant that does not hold: its name first, so a failure says which promise broke. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    detail: string,
  ) {
    super(`invariant "${invariant}" broken: ${detail}`);
  }
}

export const INVARIANTS = {
  unique: 'Monotonic and unique',
  tested: 'A final never undercuts what was tested',
  honest: 'Bump honesty',
  lost: 'Nothing lost',
  atomic: 'Atomic remote',
  gaps: 'No gaps',
  coherent: 'Workspace coherence',
  grouped: 'Version groups stay together',
  runs: 'Runs complete',
} as const;

export /** Counts one invariant check in the model's figures. */
function checked(model: Model, n = 1): void {
  model.checks += n;
}

export function fail(invariant: keyof typeof INVARIANTS, detail: string): never {
  throw new InvariantViolation(INVARIANTS[invariant], detail);
}

/** `alpha-v1.2.0rc1` -> alpha, 1.2.0rc1 (the default tag-format); null for a tag of another shape. */
export function parseTag(tag: string): { name: string; version: string } | null {
  const match = /^([a-z]+)-v(.+)$/.exec(tag);
  return match && (ALL_NAMES as readonly string[]).includes(match[1])
    ? { name: match[1], version: match[2] }
    : null;
}

/**
 * The tags a step added to the origin, recorded with the changes of their base branch; those it
 * rewrote or removed break "Monotonic and unique" (tags are never reused nor moved).
 */
export function recordNewTags(world: World, model: Model, channel: Channel | null): SeenTag[] {
  const now = world.originTags();
  checked(model);
  for (const [tag, seen] of model.tags) {
    const commit = now.get(tag);
    if (commit !== seen.commit)
      fail('unique', `${tag} named ${seen.commit.slice(0, 12)} and now ${commit?.slice(0, 12) ?? 'nothing'}`);
  }
  const added = [...now].filter(([tag]) => !model.tags.has(tag));
  if (added.length > 0 && channel === null)
    fail('unique', `tags appeared outside a release run: ${added.map(([t]) => t).join(', ')}`);
  model.step += 1;
  const seen: SeenTag[] = [];
  for (const [tag, commit] of added.sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseTag(tag);
    if (!parsed) fail('unique', `${tag} is not in the tag-format {name}-v{version}`);
    const base = BASE[channel as Channel] as 'test' | 'master';
    const entry: SeenTag = {
      tag,
      commit,
      step: model.step,
      changes: model.changesOf(base, parsed.name),
      ...parsed,
    };
    seen.push(entry);
  }
  return seen;
}

/** Invariants 1-3 for each new tag, then the tags join the model. */
export function checkNewTags(world: World, model: Model, channel: Channel, added: readonly SeenTag[]): void {
  for (const t of added) {
    // Unique, monotonic, tested (finals), honest, changelog: five promises per tag.
    checked(model, 5);
    const version = parseSimVersion(t.version);
    if (channelOfSim(version) !== channel)
      fail('unique', `${t.tag} is not a version of the ${channel} channel`);
    const earlier = model.tagsOf(t.name);
    const same = earlier.find((e) => compareSim(parseSimVersion(e.version), version) === 0);
    if (same) fail('unique', `${t.tag} tags the version ${same.tag} tagged already`);
    if (channel === 'final') {
      const higher = earlier.find((e) => isFinal(e) && compareSim(parseSimVersion(e.version), version) >= 0);
      if (higher) fail('unique', `the final ${t.tag} is not above the earlier final ${higher.tag}`);
      checkTested(model, t);
    }
    checkHonest(model, t);
    checkChangelog(world, model, t, channel);
  }
  for (const t of added) {
    model.tags.set(t.tag, t);
    if (isFinal(t)) {
      const done = model.finalized.get(t.name) ?? new Set<number>();
      for (const id of t.changes) done.add(id);
      model.finalized.set(t.name, done);
    }
  }
}

const isFinal = (t: SeenTag) => channelOfSim(parseSimVersion(t.version)) === 'final';

/** 2: a final is at least the final of every rc of its package whose changes it carries. */
function checkTested(model: Model, final: SeenTag): void {
  const version = parseSimVersion(final.version);
  for (const rc of model.tagsOf(final.name).filter((t) => !isFinal(t))) {
    const carried = [...rc.changes].every((id) => final.changes.has(id));
    const reverted = [...rc.changes].some((id) => model.changes[id - 1].reverted);
    if (rc.changes.size === 0 || !carried || reverted) continue;
    const tested = finalOf(parseSimVersion(rc.version));
    if (compareSim(version, tested) < 0)
      fail(
        'tested',
        `${final.tag} is below ${rc.tag}, whose changes it carries (${describe(model, rc.changes)})`,
      );
  }
}

/** 3: the step from the last final is at least what the unreleased Conventional Commits say. */
function checkHonest(model: Model, t: SeenTag): void {
  const finals = model
    .tagsOf(t.name)
    .filter(isFinal)
    .map((f) => parseSimVersion(f.version))
    .sort(compareSim);
  const last = finals.at(-1);
  if (!last) return;
  const done = model.finalized.get(t.name) ?? new Set<number>();
  const pending = [...t.changes]
    .map((id) => model.changes[id - 1])
    .filter((c) => !done.has(c.id) && !c.reverted);
  const target = finalOf(parseSimVersion(t.version));
  const releaseAs = pending.map((c) => c.releaseAs).filter((v): v is string => v !== null);
  if (releaseAs.length > 0) {
    const wanted = releaseAs.map(parseSimVersion).sort(compareSim).at(-1) as ReturnType<
      typeof parseSimVersion
    >;
    if (compareSim(wanted, last) > 0 && compareSim(target, wanted) < 0)
      fail('honest', `${t.tag} is below ${wanted.text}, which a Release-As footer asks for`);
    return;
  }
  const required = pending.reduce<Level>((level, c) => maxLevel(level, levelOf(c, last.release[0])), 'none');
  const step = stepLevel(last, target);
  if (!atLeast(step, required))
    fail(
      'honest',
      `${t.tag} is a ${step} step from ${last.text}, but its commits since ask for ${required}: ${describe(model, new Set(pending.map((c) => c.id)))}`,
    );
}

function levelOf(change: Change, major: number): Level {
  if (change.level === 'breaking') return major >= 1 ? 'major' : 'minor';
  return change.level;
}

/** The bullet text without the links and hashes a release adds after it. */
function bulletsOf(section: string): string[] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) =>
      line.replace(/\s+\(\[?[0-9a-f]{7,40}\]?(\([^)]*\))?\)\s*$/, '').replace(/\s+\(\[#\d+\][^)]*\)\)?$/, ''),
    );
}

/**
 * 4 (changelogs): the tag's CHANGELOG.md still lists every change an earlier release of the package
 * listed, when the tag carries that change (an rc's entry is not a final's that lacks its change), and
 * every note written by hand on the base branch before the run.
 */
function checkChangelog(world: World, model: Model, t: SeenTag, channel: Channel): void {
  const path = `${world.paths[BASE[channel] as Branch].get(t.name)}/CHANGELOG.md`;
  const text = world.fileAt(t.tag, path);
  if (text === null) fail('lost', `${t.tag} has no ${path}`);
  const listed = model.bullets.get(t.name) ?? new Map<number, string>();
  const present = new Set(bulletsOf(text));
  for (const [id, bullet] of listed)
    if (t.changes.has(id) && !model.changes[id - 1].reverted && !present.has(bullet))
      fail('lost', `${t.tag}'s ${path} lost the entry "${bullet}" an earlier release wrote`);
  for (const id of t.changes) {
    // A note reverted since is no longer promised.
    const { handNote: note, reverted } = model.changes[id - 1];
    if (note && !reverted && !text.includes(note.line))
      fail('lost', `${t.tag}'s ${path} lost the line written by hand: "${note.line}"`);
  }
  // The new section's entries, each by the change its subject numbers ("change 7").
  const newest = text.split(/^## /m)[1] ?? '';
  for (const bullet of bulletsOf(newest)) {
    const number = /\bchange (\d+)\b/.exec(bullet)?.[1];
    const change = model.changes.find((c) => c.number === Number(number));
    if (change) listed.set(change.id, bullet);
  }
  model.bullets.set(t.name, listed);
}

/**
 * 4 (changes): after a final run that completed, every change on master that asks for a release (a fix,
 * a feature, a breaking change, a Release-As footer; not reverted) is in a final of each package it
 * touches: a change released only as an rc, or not at all, is never taken for released.
 */
export function checkAllReleased(model: Model): void {
  checked(model);
  for (const change of model.changes) {
    if (!model.on.master.has(change.id) || change.reverted) continue;
    if (change.level === 'none' && change.releaseAs === null) continue;
    for (const name of change.packages)
      if (!model.finalized.get(name)?.has(change.id))
        fail(
          'lost',
          `"${change.subject}" is on master, but the final run released no version of ${name} with it`,
        );
  }
}

/** 4 (commits): every commit people pushed is still reachable from test or master. */
export function checkNothingLost(world: World, model: Model): void {
  checked(model);
  const reachable = world.reachable();
  for (const sha of model.pushed)
    if (!reachable.has(sha))
      fail('lost', `commit ${sha.slice(0, 12)} is no longer reachable from test or master`);
  for (const sha of reachable) model.pushed.add(sha);
}

/**
 * 5: a run leaves the origin with all of its release or none of it: the release branch moved exactly
 * when tags were added, and every added tag is on the branch's new tip.
 */
export function checkAtomic(
  world: World,
  channel: Channel,
  branchBefore: string | null,
  added: readonly SeenTag[],
): void {
  const branch = RELEASE_BRANCH[channel];
  const after = world.originRef(`refs/heads/${branch}`);
  if ((after !== branchBefore) !== added.length > 0)
    fail(
      'atomic',
      `${branch} ${after === branchBefore ? 'stayed' : 'moved'} while the run added ${added.length} tag(s)`,
    );
  for (const t of added)
    if (!world.originHas(t.commit, after as string)) fail('atomic', `${t.tag} is not on ${branch}'s new tip`);
}

/** 6: after a run and a publish of all it named, the index holds every tag of the channel whole. */
export function checkNoGaps(world: World, model: Model, channel: Channel): void {
  checked(model);
  for (const t of model.tags.values()) {
    if (channelOfSim(parseSimVersion(t.version)) !== channel) continue;
    const held = world.indexes[channel].holds(t.name, t.version);
    if (held.size < 2)
      fail(
        'gaps',
        `${t.tag} is tagged, but the ${channel} index holds ${held.size ? `only its ${[...held].join()}` : 'none of its files'} after a run and its publish`,
      );
  }
}

function describe(model: Model, ids: ReadonlySet<number>): string {
  return [...ids].map((id) => `#${id} ${JSON.stringify(model.changes[id - 1].subject)}`).join(', ');
}
