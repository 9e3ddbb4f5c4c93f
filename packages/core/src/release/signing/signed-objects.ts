import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../../git/git.js';
import type { PreparedRelease } from '../prepare.js';
import type { Signer } from './signer.js';

/**
 * Signed release commits and tags, with a fixed number of git processes whatever the number of
 * packages: the commits fast-import wrote are read in one cat-file, signed in order (each names the
 * signed one before it as its parent, so the object ids are computed here), written by two
 * hash-object processes (commits, tags) that must agree with the ids computed, and the ref and the
 * tags set in one update-ref. The signing program runs twice per release (its commit, its tag).
 */
export async function signReleaseCommits(
  git: Git,
  o: {
    readonly commits: readonly string[];
    readonly releases: readonly PreparedRelease[];
    /** The tagger line: `Name <email> <seconds> +0000`, as the commits' author. */
    readonly tagger: string;
    readonly ref: string;
    readonly signer: Signer;
  },
): Promise<string[]> {
  const format =
    (await git.text(['rev-parse', '--show-object-format'])).trim() === 'sha256' ? 'sha256' : 'sha1';
  const raw = await readRawCommits(git, o.commits);
  const commits: Buffer[] = [];
  const ids: string[] = [];
  for (const [i, original] of raw.entries()) {
    const unsigned = i === 0 ? original : withParent(original, ids[i - 1]);
    const signature = await o.signer.sign(unsigned);
    commits.push(withHeader(unsigned, format === 'sha256' ? 'gpgsig-sha256' : 'gpgsig', signature));
    ids.push(objectId(format, 'commit', commits[i]));
  }
  const tags: Buffer[] = [];
  for (const [i, release] of o.releases.entries()) {
    const message = release.notes.endsWith('\n') ? release.notes : `${release.notes}\n`;
    const unsigned = Buffer.from(
      `object ${ids[i]}\ntype commit\ntag ${release.tag}\ntagger ${o.tagger}\n\n${message}`,
      'utf8',
    );
    tags.push(Buffer.concat([unsigned, Buffer.from(await o.signer.sign(unsigned), 'utf8')]));
  }
  const tagIds = tags.map((t) => objectId(format, 'tag', t));
  await writeObjects(git, 'commit', commits, ids);
  await writeObjects(git, 'tag', tags, tagIds);
  const updates = [
    `update ${o.ref} ${ids[ids.length - 1]}`,
    ...o.releases.map((r, i) => `update refs/tags/${r.tag} ${tagIds[i]}`),
  ];
  await git.run(['update-ref', '--stdin'], { input: `${updates.join('\n')}\n` });
  return ids;
}

/** The commits' objects as stored, in one `cat-file --batch`. */
async function readRawCommits(git: Git, ids: readonly string[]): Promise<Buffer[]> {
  const out = (await git.run(['cat-file', '--batch'], { input: `${ids.join('\n')}\n` })).stdout;
  const objects: Buffer[] = [];
  let at = 0;
  for (const id of ids) {
    const end = out.indexOf(0x0a, at);
    const [got, type, size] = out.subarray(at, end).toString('utf8').split(' ');
    if (got !== id || type !== 'commit') throw new Error(`cat-file answered ${got} ${type} for commit ${id}`);
    objects.push(out.subarray(end + 1, end + 1 + Number(size)));
    at = end + 1 + Number(size) + 1;
  }
  return objects;
}

/** The commit with its first (only) parent replaced: the signed commit before it. */
function withParent(commit: Buffer, parent: string): Buffer {
  const text = commit.toString('utf8');
  return Buffer.from(text.replace(/^parent [0-9a-f]+$/m, `parent ${parent}`), 'utf8');
}

/** A header added at the end of the commit's headers; continuation lines start with a space. */
function withHeader(commit: Buffer, name: string, value: string): Buffer {
  const text = commit.toString('utf8');
  const end = text.indexOf('\n\n');
  const header = `${name} ${value.trimEnd().split('\n').join('\n ')}`;
  return Buffer.from(`${text.slice(0, end)}\n${header}${text.slice(end)}`, 'utf8');
}

function objectId(format: 'sha1' | 'sha256', type: string, content: Buffer): string {
  return createHash(format)
    .update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]))
    .digest('hex');
}

/** Writes the objects in one hash-object; git's ids must be the ones computed here. */
async function writeObjects(git: Git, type: string, objects: readonly Buffer[], ids: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pyrelease-objects-'));
  try {
    const paths = objects.map((content, i) => {
      const path = join(dir, `${i}`);
      writeFileSync(path, content);
      return path;
    });
    const out = await git.text(['hash-object', '-w', '-t', type, '--stdin-paths'], {
      input: `${paths.join('\n')}\n`,
    });
    const written = out.split('\n').filter(Boolean);
    if (written.join() !== ids.join())
      throw new Error(`hash-object wrote ${written.join(', ')}, not ${ids.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
