import { runCommand, startCommand, type RunOptions, type RunResult } from './exec.js';
import { CAT_FILE_BATCH, CatFileBatch, type ObjectKind } from './batch.js';
import { blobFetchArgs, blobInTree, PROMISOR_CONFIG, promisorRemoteOf, treeOfSpec } from './partial-clone.js';

export interface GitRunOptions {
  /** Written to git's stdin (e.g. revisions for `--stdin`, object names for `cat-file --batch`). */
  readonly input?: string | Buffer;
  /** Extra environment for this one command only (e.g. credentials through GIT_CONFIG_*). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills git and fails after this many milliseconds (network commands must not hang a job). */
  readonly timeoutMs?: number;
  /** Exit codes that are answers rather than failures (e.g. 1 for `rev-parse --verify --quiet`). */
  readonly okExitCodes?: readonly number[];
  /** git's stdout is its answer (`data`, kept whole up to the output limit) unless said otherwise. */
  readonly stdout?: RunOptions['stdout'];
}

export type GitResult = RunResult;

/**
 * Runs git with an argument array, never through a shell, in the environment every child gets (without
 * the step's secrets) plus this Git's and this command's own variables. Counts the processes it starts,
 * so tests and benchmarks can hold the number of git calls independent of the number of packages.
 */
export class Git {
  processCount = 0;
  /** Open while keepReading() runs: every readBlobs() of that time goes to this one process. */
  private batch: { current: CatFileBatch | null } | null = null;
  /** The remote a partial clone fetches missing objects from (null: not a partial clone). */
  private promisor: Promise<string | null> | null = null;
  private objectFetch: { env?: Readonly<Record<string, string>>; timeoutMs?: number } = {};
  /** A dry run's environment: objects written apart from the repository's, no optional locks. */
  private apart: Record<string, string> = {};
  /** Blobs fetched or found here already in this run: not asked for again. */
  private readonly fetchedBlobs = new Set<string>();
  /** Answers about objects named by their full id, which never change: each read once. */
  private readonly immutable = new Map<string, Promise<unknown>>();

  constructor(
    readonly cwd: string,
    private readonly baseEnv: Readonly<Record<string, string>> = {},
  ) {}

  /** A Git of the same environment working in `cwd` (a worktree of this repository). */
  in(cwd: string): Git {
    return new Git(cwd, this.baseEnv);
  }

  /**
   * What `read` answers for `key`, read once per Git (the plan and the API check after it list the
   * head's tree once). Only for keys that name objects by their full id: a branch moves, they do not.
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.immutable.get(key);
    if (known) return known as Promise<T>;
    const answer = read();
    this.immutable.set(key, answer);
    answer.catch(() => this.immutable.delete(key));
    return answer;
  }

  run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    this.processCount += 1;
    return runCommand('git', args, {
      cwd: this.cwd,
      input: options.input,
      timeoutMs: options.timeoutMs,
      okExitCodes: options.okExitCodes,
      stdout: options.stdout ?? 'data',
      extraEnv: this.envFor(options.env),
    });
  }

  /**
   * The contents of `<rev>:<path>` specs (null for those that are missing or not files), read by
   * `git cat-file --batch`: the one kept open by keepReading(), or one started for this read alone.
   */
  async readBlobs(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.readObjects(specs, 'blob');
  }

  /** The tree objects `<rev>:<folder>` specs name (`<rev>:` the root's); null for those that are missing. */
  async readTrees(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.readObjects(specs, 'tree');
  }

  /** Commit objects by name (headers and message); null for those that are missing or not commits. */
  async readCommitObjects(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.readObjects(specs, 'commit');
  }

  /** Annotated tag objects by name (`refs/tags/<tag>`); null for those that are missing or lightweight. */
  async readTagObjects(specs: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.readObjects(specs, 'tag');
  }

  private async readObjects(specs: readonly string[], type: ObjectKind) {
    if (specs.length === 0) return new Map<string, Buffer | null>();
    const read = async (batch: CatFileBatch) => {
      // Trees are there in a blobless clone: only blobs may have to be fetched.
      if (type === 'blob') await this.fetchMissingBlobs(batch, specs);
      return batch.read(specs, type);
    };
    if (this.batch) {
      this.batch.current ??= this.startBatch();
      return read(this.batch.current);
    }
    const batch = this.startBatch();
    try {
      return await read(batch);
    } finally {
      await batch.close().catch(() => {});
    }
  }

  /**
   * Credentials and time limit for the fetches of a partial clone's missing blobs (cut-release's for
   * its remote; in CI the checkout keeps none).
   */
  fetchObjectsWith(env: Readonly<Record<string, string>>, timeoutMs?: number): void {
    this.objectFetch = { env, timeoutMs };
  }

  /** Asks again whether this is a partial clone (after a fetch that may have made it one). */
  forgetCloneKind(): void {
    this.promisor = null;
  }

  /**
   * In a partial clone, fetches the blobs `specs` name that are not here yet in one request (see
   * partial-clone.ts): their names come from the trees, through the same cat-file.
   */
  private async fetchMissingBlobs(batch: CatFileBatch, specs: readonly string[]): Promise<void> {
    // A check that fails says nothing: git's own fetch of each missing object still works, slower.
    this.promisor ??= this.run(PROMISOR_CONFIG, { okExitCodes: [1] }).then(
      (r) => promisorRemoteOf(r.stdout.toString('utf8')),
      () => null,
    );
    const remote = await this.promisor;
    if (!remote) return;
    const places = specs.map(treeOfSpec);
    const trees = await batch.read([...new Set(places.flatMap((p) => (p ? [p.tree] : [])))], 'tree');
    const wanted = new Set<string>();
    for (const place of places) {
      const tree = place && trees.get(place.tree);
      const id = tree ? blobInTree(tree, place.name, batch.objectIdBytes) : null;
      if (id && !this.fetchedBlobs.has(id)) wanted.add(id);
    }
    if (wanted.size === 0) return;
    // Blobs already here make no transfer: git fetches nothing when it has every object asked for.
    await this.run(blobFetchArgs(remote), {
      input: [...wanted].map((id) => `${id}\n`).join(''),
      env: this.objectFetch.env,
      timeoutMs: this.objectFetch.timeoutMs,
    });
    for (const id of wanted) this.fetchedBlobs.add(id);
  }

  /**
   * Runs `work` with one `git cat-file --batch` serving all its reads (started at the first), so that a
   * plan reads its files in phases with one process; nested calls share the outer one.
   */
  async keepReading<T>(work: () => Promise<T>): Promise<T> {
    if (this.batch) return work();
    const batch: { current: CatFileBatch | null } = { current: null };
    this.batch = batch;
    try {
      return await work();
    } finally {
      this.batch = null;
      await batch.current?.close().catch(() => {});
    }
  }

  private startBatch(): CatFileBatch {
    this.processCount += 1;
    return new CatFileBatch(
      startCommand('git', CAT_FILE_BATCH, { cwd: this.cwd, extraEnv: this.envFor(undefined) }),
    );
  }

  private envFor(env: Readonly<Record<string, string>> | undefined): Record<string, string> {
    // Parseable messages, and never a prompt for credentials in a job that nobody watches.
    return withoutHooks({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...this.baseEnv, ...this.apart, ...env });
  }

  /**
   * From now on, the objects this Git's commands write (a fetch's) go to `dir`, the repository's own are
   * still read, and no command refreshes the index: a dry run can fetch what it plans from and leave
   * the clone byte for byte as it was. The caller removes `dir`; null ends it.
   */
  async keepApart(dir: string | null): Promise<void> {
    if (dir === null) {
      this.apart = {};
      return;
    }
    const own = await this.text(['rev-parse', '--path-format=absolute', '--git-path', 'objects']);
    const inherited = process.env.GIT_ALTERNATE_OBJECT_DIRECTORIES;
    this.apart = {
      GIT_OBJECT_DIRECTORY: dir,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: inherited ? `${own}:${inherited}` : own,
      GIT_OPTIONAL_LOCKS: '0',
    };
  }

  /** stdout as UTF-8 text without the trailing newline. */
  async text(args: readonly string[], options?: GitRunOptions): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
  }
}

/**
 * No repository hook runs for any git command pyrelease starts: hooks are the repository's own code
 * (husky's `npm ci` points core.hooksPath at a folder of the repository), and a push's hooks would
 * inherit its environment, the token's authorization header with it. Set through the environment
 * (GIT_CONFIG_COUNT), after the entries that `env` or pyrelease's own environment carry already, so it
 * wins over every configuration file and leaves the command line as it is.
 */
export function withoutHooks(env: Record<string, string>, inherited: NodeJS.ProcessEnv = process.env) {
  const count = gitConfigCount(env.GIT_CONFIG_COUNT ?? inherited.GIT_CONFIG_COUNT);
  return {
    ...env,
    GIT_CONFIG_COUNT: String(count + 1),
    [`GIT_CONFIG_KEY_${count}`]: 'core.hooksPath',
    [`GIT_CONFIG_VALUE_${count}`]: '/dev/null',
  };
}

/**
 * How many GIT_CONFIG_* entries an environment holds already: entries pyrelease adds go after them.
 * A value git would refuse (negative, not a number) counts as none, so ours are never dropped.
 */
export function gitConfigCount(value: string | undefined): number {
  const count = Number.parseInt(value ?? '0', 10);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
}
