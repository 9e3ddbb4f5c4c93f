// Tags a release of pyrelease itself (.github/workflows/ci.yml, job "release"): the version in
// package.json becomes the tag vX.Y.Z on the commit CI tested, and the major tag vX, which GitHub
// Actions users write in `uses: OWNER/pyrelease/cut-release@v1`, moves to it when it is the newest
// vX.*.*. Both in one atomic push, each leased on what the remote held, so a concurrent run changes
// nothing. A version that is tagged already is no release: a push to main without a version bump.
//
//   node scripts/release-tags.mjs [--push] [--remote origin]
//
// GITHUB_TOKEN, when set, authenticates the push through git's environment (never its arguments);
// GITHUB_OUTPUT, when set, receives `tagged` (true: the remote's vX.Y.Z names this commit), `tag`, `major`.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const FINAL = /^(\d+)\.(\d+)\.(\d+)$/;

function fail(message) {
  console.error(`release-tags: ${message}`);
  process.exit(1);
}

function git(args, env = {}) {
  const result = spawnSync('git', args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) fail(`git ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout.trim();
}

/** The token in git's configuration through the environment, for the remote's https host only. */
function authEnv(remote) {
  const token = process.env.GITHUB_TOKEN;
  const url = git(['remote', 'get-url', '--end-of-options', remote]);
  if (!token || !url.startsWith('https://')) return {};
  const origin = new URL(url).origin;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

/** The remote's v* tags: name -> the tag object or commit it holds (the lease) and the commit it names. */
function remoteTags(remote, env) {
  const objects = new Map();
  const peeled = new Map();
  const out = git(['ls-remote', '--tags', '--end-of-options', remote, 'refs/tags/v*'], env);
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t');
    const name = ref.slice('refs/tags/'.length);
    if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), sha);
    else objects.set(name, sha);
  }
  return new Map(
    [...objects].map(([name, object]) => [name, { object, commit: peeled.get(name) ?? object }]),
  );
}

/** Orders X.Y.Z versions as numbers. */
function compare(a, b) {
  const [x, y] = [FINAL.exec(a).slice(1).map(Number), FINAL.exec(b).slice(1).map(Number)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** What this run does, decided from the version, the commit and the remote's tags alone. */
function decide(version, head, tags) {
  const match = FINAL.exec(version);
  if (!match)
    fail(`package.json version ${JSON.stringify(version)} is not X.Y.Z: only final versions are released`);
  const tag = `v${version}`;
  const major = `v${match[1]}`;
  const existing = tags.get(tag);
  if (existing && existing.commit !== head) {
    return {
      tag,
      major,
      taggedHere: false,
      note: `${tag} is released already, at ${existing.commit.slice(0, 12)}: bump the version in package.json to release`,
    };
  }
  // A maintenance release (1.2.1 after 1.3.0) leaves the major tag on the newest.
  const newest = [...tags.keys()]
    .filter((t) => t.startsWith(`${major}.`) && FINAL.test(t.slice(1)))
    .every((t) => compare(t.slice(1), version) <= 0);
  return {
    tag,
    major,
    taggedHere: true,
    createTag: !existing,
    moveMajor: newest && tags.get(major)?.commit !== head,
    majorLease: tags.get(major)?.object ?? '',
  };
}

/**
 * Creates the tags this run adds or moves, and pushes them in one atomic, leased push. Without --push
 * nothing is created: a local tag left behind would stop the next run. A local tag of that name from an
 * earlier run that failed is replaced (the push's leases are on what the remote holds, not on it).
 */
function tagAndPush(plan, o) {
  const moves = [
    ...(plan.createTag ? [{ name: plan.tag, lease: '', annotate: true, force: '' }] : []),
    ...(plan.moveMajor ? [{ name: plan.major, lease: plan.majorLease, annotate: false, force: '+' }] : []),
  ];
  const names = moves.map((m) => m.name).join(' and ');
  if (moves.length === 0) return console.log(`${plan.tag} and ${plan.major} are where they belong already`);
  if (!o.push) return console.log(`would push ${names} at ${o.head.slice(0, 12)} (run with --push to push)`);
  for (const m of moves) {
    const message = m.annotate ? ['--annotate', '--message', `pyrelease ${o.version}`] : [];
    git(['tag', '--force', ...message, '--end-of-options', m.name, o.head]);
  }
  git(
    [
      'push',
      '--atomic',
      ...moves.map((m) => `--force-with-lease=refs/tags/${m.name}:${m.lease}`),
      '--end-of-options',
      o.remote,
      ...moves.map((m) => `${m.force}refs/tags/${m.name}:refs/tags/${m.name}`),
    ],
    o.env,
  );
  console.log(`pushed ${names} at ${o.head.slice(0, 12)} to ${o.remote}`);
}

const args = process.argv.slice(2);
const push = args.includes('--push');
const remote = args.includes('--remote') ? args[args.indexOf('--remote') + 1] : 'origin';
if (!remote || remote.startsWith('-')) fail('--remote needs a remote name');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
// The wheel is published at the tag's version: a tag its wheel cannot match would be half a release.
if (existsSync('python/pyproject.toml')) {
  const wheel = /^version = "([^"]*)"$/m.exec(readFileSync('python/pyproject.toml', 'utf8'))?.[1];
  if (wheel !== version)
    fail(
      `python/pyproject.toml version ${JSON.stringify(wheel ?? null)} is not package.json's ${JSON.stringify(version)}: the wheel is published at the tag's version, so both must be the same`,
    );
}
const head = git(['rev-parse', 'HEAD']);
const env = authEnv(remote);
const plan = decide(version, head, remoteTags(remote, env));
if (plan.note) console.log(plan.note);
else tagAndPush(plan, { version, head, remote, env, push });
if (process.env.GITHUB_OUTPUT) {
  // `tagged`: the version's tag names this commit on the remote now, so the wheel is (re)published.
  const tagged = plan.taggedHere && (push || !plan.createTag);
  appendFileSync(process.env.GITHUB_OUTPUT, `tagged=${tagged}\ntag=${plan.tag}\nmajor=${plan.major}\n`);
}
