import { afterEach, describe, expect, it } from '@jest/globals';
import { Git, RepositoryReader } from '../src/index.js';
import { Monorepo } from '../../../test/support/repo.js';

let repo: Monorepo;
afterEach(() => repo?.cleanup());

describe('files read through one git cat-file --batch', () => {
  it('answers reads in phases with one process, each answer on its own file', async () => {
    repo = Monorepo.create([], 'test');
    // Contents that look like cat-file's own framing, and one larger than a pipe's chunk.
    const framed = 'abc blob 3\nxyz\n\n';
    const big = 'x'.repeat(300_000) + '\nend\n';
    repo.commit('feat: files', { 'a.txt': framed, 'big.txt': big, 'dir/b.txt': 'b\n', 'empty.txt': '' });
    const head = repo.git('rev-parse', 'HEAD');
    const git = new Git(repo.work);
    const reader = new RepositoryReader(git);
    const [first, second, third] = await git.keepReading(async () => {
      const first = await reader.readFiles([`${head}:a.txt`, `${head}:missing.txt`, `${head}:dir`]);
      const second = await reader.readFiles([`${head}:big.txt`, `${head}:empty.txt`]);
      const third = await reader.readFiles([`${head}:dir/b.txt`, `${head}~1:a.txt`]);
      return [first, second, third];
    });
    // The cat-file, and the one check whether this is a partial clone.
    expect(git.processCount).toBe(2);
    expect(first.get(`${head}:a.txt`)?.toString('utf8')).toBe(framed);
    expect(first.get(`${head}:missing.txt`)).toBeNull();
    expect(first.get(`${head}:dir`)).toBeNull(); // a tree, not a file
    expect(second.get(`${head}:big.txt`)?.toString('utf8')).toBe(big);
    expect(second.get(`${head}:empty.txt`)?.toString('utf8')).toBe('');
    expect(third.get(`${head}:dir/b.txt`)?.toString('utf8')).toBe('b\n');
    expect(third.get(`${head}~1:a.txt`)).toBeNull();
  });

  it('queues reads started together and gives each its own answer', async () => {
    repo = Monorepo.create([], 'test');
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}.txt`, `${i}\n`.repeat(i)]));
    repo.commit('feat: files', files);
    const git = new Git(repo.work);
    const answers = await git.keepReading(() =>
      Promise.all(Object.keys(files).map((f) => git.readBlobs([`HEAD:${f}`]))),
    );
    expect(git.processCount).toBe(2);
    Object.entries(files).forEach(([file, text], i) => {
      expect(answers[i].get(`HEAD:${file}`)?.toString('utf8')).toBe(text);
    });
  });

  it('starts one process per read outside keepReading, and none for an empty read', async () => {
    repo = Monorepo.create([], 'test');
    repo.commit('feat: a', { 'a.txt': 'a\n' });
    const git = new Git(repo.work);
    expect((await git.readBlobs(['HEAD:a.txt'])).get('HEAD:a.txt')?.toString('utf8')).toBe('a\n');
    expect((await git.readBlobs(['HEAD:a.txt'])).get('HEAD:a.txt')?.toString('utf8')).toBe('a\n');
    expect(await git.keepReading(async () => (await git.readBlobs([])).size)).toBe(0);
    expect(git.processCount).toBe(3);
  });

  it('fails the read, not the process, when git cannot answer, and a later session starts afresh', async () => {
    repo = Monorepo.create([], 'test');
    repo.commit('feat: a', { 'a.txt': 'a\n' });
    // A folder that is no repository (git exits), and one that does not exist (git never starts).
    const notRepository = new Git(repo.root);
    await expect(notRepository.keepReading(() => notRepository.readBlobs(['HEAD:a.txt']))).rejects.toThrow(
      /git cat-file --batch failed: .*not a git repository/,
    );
    const missing = new Git(`${repo.root}/no-such-folder`);
    await expect(missing.readBlobs(['HEAD:a.txt'])).rejects.toThrow(
      /git cat-file --batch failed: could not start/,
    );
    const git = new Git(repo.work);
    await expect(git.keepReading(() => git.readBlobs(['HEAD:a.txt']))).resolves.toBeInstanceOf(Map);
  });

  it('refuses a path cat-file would read as another: a line break, or a carriage return at its end', async () => {
    repo = Monorepo.create([], 'test');
    repo.commit('feat: a', { 'a.txt': 'a\n', 'b\rc.txt': 'inside\n' });
    const reader = new RepositoryReader(new Git(repo.work));
    await expect(reader.readFiles(['HEAD:a.txt\r'])).rejects.toThrow('has a line break in its path');
    await expect(reader.readFiles(['HEAD:a\n.txt'])).rejects.toThrow('has a line break in its path');
    // One inside a name is read as it is.
    expect((await reader.readFiles(['HEAD:b\rc.txt'])).get('HEAD:b\rc.txt')?.toString('utf8')).toBe(
      'inside\n',
    );
  });
});
