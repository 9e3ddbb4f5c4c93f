import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checked, fail } from './invariants.js';
import type { Model, SeenTag } from './model.js';
import { ROOT_PYPROJECT } from './workspace.js';
import { BASE, type Branch, type Channel, type World } from './world.js';

/**
 * Version groups in the simulator: an operation that makes some packages one group on test (fixed or
 * linked, written into the root pyproject.toml as people would), and the invariant "Version groups
 * stay together", read from each run's own tree, so it holds whichever branch the group reached.
 */
export interface GroupOperation {
  readonly op: 'group';
  readonly versioning: 'fixed' | 'linked';
  readonly members: readonly string[];
}

/** Writes the group on test (one group, "sim"; an earlier one is replaced), committed and pushed. */
export function applyGroup(o: GroupOperation, model: Model, world: World): boolean {
  const members = [...new Set(o.members)].filter((name) => world.paths.test.has(name));
  if (members.length < 2) return false;
  world.on('test');
  const file = join(world.dev, 'pyproject.toml');
  const before = readFileSync(file, 'utf8');
  const block = `\n[[tool.pyrelease.groups]]\nname = "sim"\npackages = [${members.map((m) => `"${m}"`).join(', ')}]\nversioning = "${o.versioning}"\n`;
  if (before === ROOT_PYPROJECT + block) return false;
  writeFileSync(file, ROOT_PYPROJECT + block);
  const n = world.next();
  const subject = `chore: change ${n} makes ${members.join(', ')} one ${o.versioning} version group`;
  world.devGit('add', '--all');
  world.devGit('commit', '--quiet', '-m', subject);
  world.devGit('push', '--quiet', 'origin', 'test');
  model.add({ packages: [], level: 'none', subject, number: n, releaseAs: null, handNote: null }, 'test');
  // Reverting it is not one of the histories simulated: the newest commit is not a plain change.
  model.head.test = null;
  return true;
}

/**
 * 9: in the tree a run released from, a fixed group's members are tagged together or not at all, at
 * one version; a linked group's members tagged in one run share one version.
 */
export function checkGroups(world: World, model: Model, channel: Channel, added: readonly SeenTag[]): void {
  if (added.length === 0) return;
  checked(model);
  const group = groupAt(world, added[0].tag);
  if (!group) return;
  const folders = world.paths[BASE[channel] as Branch];
  const present = group.members.filter((m) => world.fileAt(added[0].tag, `${folders.get(m)}/pyproject.toml`));
  const tagged = added.filter((t) => present.includes(t.name));
  if (tagged.length === 0) return;
  const versions = new Set(tagged.map((t) => t.version));
  if (versions.size > 1)
    fail(
      'grouped',
      `${group.versioning} group ${present.join(', ')} tagged at ${[...versions].join(' and ')} in one run: ${tagged.map((t) => t.tag).join(', ')}`,
    );
  const missing = present.filter((m) => !tagged.some((t) => t.name === m));
  if (group.versioning === 'fixed' && missing.length > 0)
    fail(
      'grouped',
      `fixed group ${present.join(', ')}: ${tagged.map((t) => t.tag).join(', ')} tagged without ${missing.join(', ')}`,
    );
}

/** The group the root pyproject.toml at `rev` declares, as the simulator wrote it; null: none. */
function groupAt(world: World, rev: string): { versioning: string; members: string[] } | null {
  const text = world.fileAt(rev, 'pyproject.toml') ?? '';
  const packages = /^packages = \[(.*)\]$/m.exec(text)?.[1];
  const versioning = /^versioning = "(.*)"$/m.exec(text)?.[1];
  if (packages === undefined || versioning === undefined) return null;
  return { versioning, members: [...packages.matchAll(/"([^"]+)"/g)].map((m) => m[1]) };
}
