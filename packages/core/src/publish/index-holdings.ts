import { describeError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { doing, waitingFor } from '../progress.js';
import { normalizeName } from '../versioning/tags.js';
import { tryParseVersion, type Version } from '../versioning/version.js';
import type { IndexQuestion } from '../plan/types.js';
import { existingFiles, indexEndpoints } from './package-index.js';

/**
 * What an index holds of the projects a release run asks about, read through its simple API once per
 * project and shared by every question of the run: the versions a plan must not tag again, and the
 * tags an earlier run left unpublished.
 */

export type FileKind = 'sdist' | 'wheel';

/** What the index holds of one project: per version, the kinds of file (sdist, wheel). */
export type IndexHoldings = Map<string, Set<FileKind>>;

/** The version a wheel or sdist file name carries, however its project name is spelled. */
function fileVersion(file: string): Version | null {
  const stem = file.endsWith('.whl')
    ? file.slice(0, -4).split('-')[1]
    : file.endsWith('.tar.gz')
      ? file.slice(0, -7).split('-').at(-1)
      : file.endsWith('.zip')
        ? file.slice(0, -4).split('-').at(-1)
        : undefined;
  return stem ? tryParseVersion(stem) : null;
}

export function holdingsOf(files: Iterable<string>): IndexHoldings {
  const held: IndexHoldings = new Map();
  for (const f of files) {
    const v = fileVersion(f);
    if (!v) continue;
    const kinds = held.get(v.text) ?? new Set<FileKind>();
    kinds.add(f.endsWith('.whl') ? 'wheel' : 'sdist');
    held.set(v.text, kinds);
  }
  return held;
}

/** One project's holdings, or why the index could not be asked. */
export type IndexAnswer = { readonly held: IndexHoldings } | { readonly error: string };

/** An index known by its upload URL, asked at most once per project (a few projects at a time). */
export class PackageIndex {
  /** The simple API's URL: what messages name. */
  readonly simple: string;
  private readonly answers = new Map<string, Promise<IndexAnswer>>();
  /** Basic credentials written into the URL (`https://user:token@host/…`): sent, never shown. */
  private readonly auth: string | undefined;

  constructor(
    uploadUrl: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.simple = indexEndpoints(uploadUrl).simple;
    this.auth = urlCredentialsAuth(uploadUrl);
  }

  /** The answers for `projects`, in their order; an index that fails answers with the error. */
  async ask(projects: readonly string[]): Promise<IndexAnswer[]> {
    const results: IndexAnswer[] = new Array(projects.length);
    let next = 0;
    const worker = async () => {
      while (next < projects.length) {
        const i = next++;
        results[i] = await this.answerFor(projects[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, projects.length) }, worker));
    return results;
  }

  private answerFor(project: string): Promise<IndexAnswer> {
    const key = normalizeName(project);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = existingFiles(this.simple, key, this.timeoutMs, this.auth).then(
        (files) => ({ held: holdingsOf(files.keys()) }),
        (error: unknown) => ({ error: describeError(error) }),
      );
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** The `Authorization` header of the credentials in a URL; undefined without any. */
function urlCredentialsAuth(url: string): string | undefined {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (!parsed.username && !parsed.password)) return undefined;
  const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

/** Every form of the password in an index URL that a log could show: to mask. None without one. */
export function indexUrlSecrets(url: string): string[] {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed?.password) return [];
  return [parsed.password, decodeURIComponent(parsed.password), urlCredentialsAuth(url) as string];
}

/** The index as the plan asks it: which versions each package has (any file of it counts). */
export function indexQuestion(index: PackageIndex, logger: Logger = silentLogger): IndexQuestion {
  return {
    url: index.simple,
    async ask(names) {
      const answers = await waitingFor(
        logger,
        doing(`asking ${index.simple} which versions it holds of ${names.length} package(s)`),
        () => index.ask(names),
      );
      return new Map(
        names.map((name, i) => {
          const answer = answers[i];
          return [name, 'held' in answer ? { versions: new Set(answer.held.keys()) } : answer];
        }),
      );
    },
  };
}
