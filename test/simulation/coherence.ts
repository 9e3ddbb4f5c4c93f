import { join } from 'node:path';
import { checked, fail } from './invariants.js';
import type { Model, SeenTag } from './model.js';
import { compareSim, parseSimVersion } from './versions.js';
import { admitted, lockCheckAt, readMember, type Member } from './workspace.js';
import { BASE, type Branch, type Channel, type World } from './world.js';

/**
 * 7, Workspace coherence: at every new tag, each requirement of the tagged package on a sibling admits
 * the sibling's version as released (its newest tag of the channel, this run's included; with none,
 * the version in the same tree), by packaging's answer, and `uv lock --check` passes. The tree's
 * version of a sibling released in an earlier run is the base branch's, which release commits never
 * reach: uv takes a workspace member whatever a requirement on it says, so it is not what counts.
 * The lock check is sampled, as it is slow: the newest tag of every run, and every third run all of them.
 */
export function checkWorkspace(
  world: World,
  model: Model,
  channel: Channel,
  added: readonly SeenTag[],
): void {
  if (added.length === 0) return;
  const folders = world.paths[BASE[channel] as Branch];
  const pairs: { tag: string; requirement: string; sibling: string; specifier: string; version: string }[] =
    [];
  for (const t of added) {
    const members = new Map<string, Member | null>();
    const member = (name: string) => {
      if (!members.has(name)) {
        const text = world.fileAt(t.commit, `${folders.get(name)}/pyproject.toml`);
        members.set(name, text === null ? null : readMember(text));
      }
      return members.get(name) ?? null;
    };
    const own = member(t.name);
    if (!own) fail('coherent', `${t.tag} has no ${folders.get(t.name)}/pyproject.toml`);
    for (const r of own.requires) {
      if (!folders.has(r.name)) continue;
      const sibling = member(r.name);
      if (!sibling) fail('coherent', `${t.tag} requires ${r.name}, which its tree does not have`);
      pairs.push({
        tag: t.tag,
        requirement: `${r.name}${r.specifier}`,
        sibling: r.name,
        specifier: r.specifier,
        version: releasedVersion(model, channel, r.name) ?? sibling.version,
      });
    }
  }
  checked(model, added.length);
  admitted(pairs).forEach((ok, i) => {
    const p = pairs[i];
    if (!ok)
      fail(
        'coherent',
        `${p.tag} requires ${p.requirement}, which does not admit ${p.sibling} ${p.version}, its release`,
      );
  });
  const commits = [...new Set(added.map((t) => t.commit))];
  const sampled = model.step % 3 === 0 ? commits : [newestOf(world, commits)];
  for (const commit of sampled) {
    checked(model);
    const failure = lockCheckAt(world.origin, commit, join(world.root, 'lock-check'));
    if (failure !== null) {
      const tags = added.filter((t) => t.commit === commit).map((t) => t.tag);
      const said = failure.split('\n').filter((l) => !/^(Using|Resolved) /.test(l));
      fail('coherent', `uv lock --check fails at ${tags.join(', ')}: ${said.join(' ')}`);
    }
  }
}

/** The commit of `commits` that the others are ancestors of (the run's release chain ends there). */
function newestOf(world: World, commits: readonly string[]): string {
  return commits.find((c) => commits.every((o) => o === c || world.originHas(o, c))) ?? commits[0];
}

/**
 * A sibling's newest tagged version as a run of the channel reads it: finals only for the final
 * channel, no dev release for the rc channel (dev releases count only for the next dev release).
 */
function releasedVersion(model: Model, channel: Channel, name: string): string | null {
  const versions = model
    .tagsOf(name)
    .map((t) => parseSimVersion(t.version))
    .filter((v) => channel === 'dev' || (v.dev === null && (channel === 'rc' || v.rc === null)))
    .sort(compareSim);
  return versions.at(-1)?.text ?? null;
}
