import { UserError } from '../errors.js';
import { ACTION_SETTINGS, type SettingNames } from '../settings.js';
import { nearestWord, wordList } from '../text.js';
import { Git } from '../git/git.js';
import { DEFAULT_TAG_FORMAT, TagFormat, TagMatcher } from '../versioning/tags.js';
import { sharedShapes, tagPatternsOf } from '../plan/tag-assignment.js';
import { CHANNELS, channelOf, type Channel } from '../versioning/channels.js';
import type { Version } from '../versioning/version.js';
import type { Discovery, Package, UnreleasedFolder } from '../workspace/package.js';

/** The channels a publish step accepts (`expect`): `any`, or a list of them. */
export type Expectation = 'any' | readonly Channel[];

/**
 * `any`, or channels separated by commas or spaces (`alpha, beta, rc`). `final` admits post releases
 * too: a post release fixes a published final, and goes where it went.
 */
export function parseExpectation(value: string, what = 'expect'): Expectation {
  const words = value.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'any') return 'any';
  const unknown = words.find((w) => !(CHANNELS as readonly string[]).includes(w));
  if (words.length === 0 || unknown !== undefined) {
    throw new UserError(
      `${what} must be any, or one or more of ${wordList(CHANNELS)} (separated by commas), got ${JSON.stringify(value)}`,
    );
  }
  const channels = words as Channel[];
  return [...new Set(channels.flatMap((c): Channel[] => (c === 'final' ? ['final', 'post'] : [c])))];
}

/** `a final release`, `an rc`, `an alpha`, `a dev release`: what a tag of `channel` is, in words. */
function describeChannel(channel: Channel): string {
  if (channel === 'rc') return 'an rc';
  if (channel === 'alpha') return 'an alpha';
  if (channel === 'beta') return 'a beta';
  return `a ${channel} release`;
}

/** The fields of PublishOptions that say how to read the tag and what it must be. */
export interface TagRequest {
  readonly tagFormat?: string;
  readonly expect?: Expectation;
}

/** The package a tag releases, read at the tag's commit, and the version and channel the tag gives. */
export interface ResolvedTag {
  readonly tag: string;
  readonly pkg: Package;
  readonly version: Version;
  readonly channel: Channel;
}

/**
 * release flow §5: the package of `tag`, read at its commit; its channel must be the one expected, and
 * a version declared in a file the tag's.
 */
export function packageAtTag(
  tag: string,
  workspace: Discovery,
  request: TagRequest,
  names: SettingNames = ACTION_SETTINGS,
): ResolvedTag {
  const { packages, unreleased } = workspace;
  const { pkg, version } = packageOfTag(tag, packages, unreleased, request.tagFormat);
  const channel = channelOf(version);
  const expect = request.expect ?? 'any';
  if (expect !== 'any' && !expect.includes(channel)) {
    throw new UserError(
      `tag ${tag} is ${describeChannel(channel)} (${version.text}), but ${names.value('expect')} admits ${wordList(expect, 'and')} releases only`,
    );
  }
  // A version in a file must be the tag's; one derived from the tags is checked on the built files.
  if (pkg.version && pkg.version.text !== version.text) {
    const where = pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath;
    throw new UserError(
      `${where} at ${tag} declares version ${pkg.version.text}, but the tag says ${version.text}`,
    );
  }
  return { tag, pkg, version, channel };
}

export function tagFromRef(ref: string | null | undefined): string {
  if (ref?.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length);
  throw new UserError(
    `no tag to publish: set input tag, or run on a tag push (GITHUB_REF is ${ref ? JSON.stringify(ref) : 'not set'})`,
  );
}

/**
 * release flow §5: the checkout must hold the tag and sit on its commit (`atHead`; false when nothing
 * of the checkout is read: files built earlier, a package read from the tag's objects).
 */
export async function checkoutAtTag(
  git: Git,
  tag: string,
  names: SettingNames = ACTION_SETTINGS,
  atHead = true,
): Promise<string> {
  const found = await git.run(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/tags/${tag}^{commit}`],
    { okExitCodes: [1] },
  );
  const [shallow, head] = (await git.text(['rev-parse', '--is-shallow-repository', 'HEAD'])).split('\n');
  if (found.exitCode !== 0) {
    // Only on the way to an error: the tags are listed to suggest the one meant.
    const tags = (await git.text(['tag', '--list'])).split('\n').filter(Boolean);
    throw new UserError(
      names.missingTag(tag, { shallow: shallow === 'true', nearest: nearestWord(tag, tags) }),
    );
  }
  const tagCommit = found.stdout.toString('utf8').trim();
  if (atHead && head !== tagCommit) {
    throw new UserError(
      `the checkout is at ${head.slice(0, 12)}, not at tag ${tag} (${tagCommit.slice(0, 12)}): ${names.checkOutTag(tag)}`,
    );
  }
  return tagCommit;
}

/**
 * The package a tag belongs to and the version it gives, read with every package's formats (the
 * configured one and its previous ones). A tag of no package is a one-line error naming the known ones.
 */
function packageOfTag(
  tag: string,
  packages: readonly Package[],
  unreleased: readonly UnreleasedFolder[],
  override: string | undefined,
): { pkg: Package; version: Version } {
  const matcher = new TagMatcher(
    packages.flatMap((p) => tagPatternsOf(p, override).map((pattern) => ({ pattern, owner: p }))),
  );
  const found = matcher.match(tag);
  const sharing = found && sharedShapes(packages, override).get(found.pattern.shape);
  if (sharing) {
    throw new UserError(
      `tag ${tag} is history that ${sharing.join(', ')} share through previous-tag-formats ${JSON.stringify(found.pattern.format)}: pyrelease publishes only from a tag that names one package`,
    );
  }
  if (found) return { pkg: found.owner, version: found.version };
  const names = packages.map((p) => p.name);
  const format = override ?? packages[0].settings.tagFormat ?? DEFAULT_TAG_FORMAT;
  const guess =
    format.includes('{dir}') || format.includes('{path}')
      ? undefined
      : new TagFormat(format).candidates(tag)[0];
  const folder = guess?.name ? unreleased.find((u) => u.name === guess.name) : undefined;
  if (folder)
    throw new UserError(
      `tag ${tag} names ${folder.path}, which pyrelease does not release: ${folder.reason}`,
    );
  throw new UserError(
    guess
      ? `tag ${tag} names package ${guess.name ?? '?'}, which this repository does not have; known packages: ${names.join(', ')}`
      : `tag ${tag} does not match tag-format ${format} of any package; known packages: ${names.join(', ')}`,
  );
}
