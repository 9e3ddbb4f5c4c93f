import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { artifactProblem, sha256Of } from './artifacts.js';
import {
  ATTESTATION_TOOLS,
  attestationDecision,
  attestationPathOf,
  signDistributions,
  sigstoreIdentity,
} from './attestations.js';
import { CommandError, runCommand, type RunResult } from '../git/exec.js';
import { describeError, oneLine, UserError } from '../errors.js';
import { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import { existingFiles, indexEndpoints, PYPI_UPLOAD_URL, TESTPYPI_UPLOAD_URL } from './package-index.js';
import { readPackagesAt } from '../plan/planner.js';
import { parseCommandLine, pythonWithTools } from './python.js';
import { RepositoryReader } from '../git/repository.js';
import { ACTION_SETTINGS, type SettingNames } from '../settings.js';
import { DEFAULT_TAG_FORMAT, TagFormat, TagMatcher } from '../versioning/tags.js';
import { tagPatternsOf } from '../plan/tag-assignment.js';
import { mintUploadToken, type RunnerOidc } from './trusted-publishing.js';
import { channelOf, type Version } from '../versioning/version.js';
import { joinPath, type Package, type UnreleasedFolder } from '../workspace/discovery.js';

export type Expectation = 'rc' | 'final' | 'any';

export function parseExpectation(value: string): Expectation {
  if (value === 'rc' || value === 'final' || value === 'any') return value;
  throw new UserError(`expect must be rc, final or any, got ${JSON.stringify(value)}`);
}

export interface PublishOptions {
  /** The tag to publish; empty: the pushed tag in `ref`. */
  readonly tag?: string | null;
  /** GITHUB_REF of the run. */
  readonly ref?: string | null;
  readonly tagFormat?: string;
  readonly expect?: Expectation;
  /** Default: TestPyPI for rc, PyPI for final. */
  readonly repositoryUrl?: string | null;
  /** An API token; absent: trusted publishing through the runner's OIDC token. */
  readonly password?: string | null;
  readonly skipExisting?: boolean;
  readonly dryRun?: boolean;
  /**
   * false: build and verify, then keep the files in a folder of their own (`distDir`) for a later
   * step or job to upload, so the job that may mint upload tokens runs no build code (PyPA's advice).
   */
  readonly upload?: boolean;
  /**
   * PEP 740 attestations (default true): with trusted publishing to PyPI or TestPyPI each file is
   * signed and the attestations uploaded with it; otherwise a notice says why not.
   */
  readonly attestations?: boolean;
  /** A folder of files an earlier `upload: false` step built: verified against the tag and uploaded, not rebuilt. */
  readonly dist?: string | null;
  /** Default `python -m build`, given a fresh --outdir. */
  readonly buildCommand?: string | null;
  /** Where the build output and a private venv go (RUNNER_TEMP). */
  readonly tempDir: string;
  readonly oidc?: RunnerOidc;
  /** Masks a secret in the job's log (core.setSecret); called for each token before it is used. */
  readonly mask?: (secret: string) => void;
  /** How messages name settings (default: action inputs). */
  readonly settingNames?: SettingNames;
}

/** `confirmed`: on the index with this build's sha256 after a refused upload (this job's or a concurrent one's). */
export type FileStatus = 'verified' | 'uploaded' | 'confirmed' | 'skipped' | 'skipped-different';

/** A failed twine upload; `refusedExisting`: the index said it has (one of) the files. */
class UploadError extends UserError {
  constructor(
    message: string,
    readonly refusedExisting: boolean,
  ) {
    super(message);
  }
}

export interface PublishedFile {
  readonly name: string;
  readonly sha256: string;
  readonly status: FileStatus;
}

export interface PublishResult {
  readonly package: string;
  readonly version: string;
  readonly channel: 'rc' | 'final';
  readonly repositoryUrl: string;
  readonly files: readonly PublishedFile[];
  /** With `upload: false`: the folder that holds the built and verified files. */
  readonly distDir: string | null;
}

/** Between the looks at the index after an upload it refused as existing: PyPI's simple API is cached. */
export const RACE_RECHECK_WAITS_MS = [0, 5_000, 15_000];

/** twine uploads every file of one release; a large wheel over a slow link takes minutes. */
export const UPLOAD_TIMEOUT_MS = 15 * 60_000;
/** A build runs the project's own backend (and may compile): long, but a hung one must end the job. */
export const BUILD_TIMEOUT_MS = 30 * 60_000;
/** `twine check` reads the files it is given, offline. */
export const TWINE_CHECK_TIMEOUT_MS = 5 * 60_000;

/** Added for build and twine: plain logs without colour codes or pip's version nag. */
const QUIET_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
};

/** release flow §5: parse the tag, build only that package, check it, upload only its files. */
export async function publishFromTag(
  git: Git,
  options: PublishOptions,
  logger: Logger,
): Promise<PublishResult> {
  const settings = options.settingNames ?? ACTION_SETTINGS;
  const uploading = !options.dryRun && options.upload !== false;
  // Outside GitHub Actions nothing can mint a token: say so before building anything.
  if (uploading && !options.password && !settings.trustedPublishing) {
    throw new UserError(
      `no API token to upload with: ${settings.password} (trusted publishing works only inside GitHub Actions)`,
    );
  }
  const tag = options.tag || tagFromRef(options.ref);
  const tagCommit = await checkoutAtTag(git, tag);

  const reader = new RepositoryReader(git);
  const { packages, unreleased } = await git.keepReading(() => readPackagesAt(reader, tagCommit, []));
  const { pkg, version } = packageOfTag(tag, packages, unreleased, options.tagFormat);
  const channel = channelOf(version);
  const expect = options.expect ?? 'any';
  if (expect !== 'any' && expect !== channel) {
    const kind = channel === 'rc' ? 'a pre-release' : 'a final release';
    throw new UserError(
      `tag ${tag} is ${kind} (${version.text}), but expect is ${expect}: this workflow publishes ${expect} versions only`,
    );
  }
  // A version in a file must be the tag's; one derived from the tags is checked on the built files.
  if (pkg.version && pkg.version.text !== version.text) {
    const where = pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath;
    throw new UserError(
      `${where} at ${tag} declares version ${pkg.version.text}, but the tag says ${version.text}`,
    );
  }
  const repositoryUrl = options.repositoryUrl || (channel === 'rc' ? TESTPYPI_UPLOAD_URL : PYPI_UPLOAD_URL);
  const endpoints = indexEndpoints(repositoryUrl);
  logger.info(`publishing ${pkg.name} ${version.text} (${channel}) from ${pkg.path} to ${repositoryUrl}`);

  const attesting = uploading
    ? attestationDecision({
        requested: options.attestations !== false,
        trustedPublishing: !options.password,
        repositoryUrl,
      })
    : ({ sign: false, notice: null } as const);
  if (!attesting.sign && attesting.notice) (logger.notice ?? logger.info)(attesting.notice);
  const python = await pythonWithTools(options.tempDir, logger, attesting.sign ? ATTESTATION_TOOLS : []);
  const outdir = mkdtempSync(join(options.tempDir, 'pyrelease-dist-'));
  try {
    const files = options.dist
      ? takeBuilt(resolve(git.cwd, options.dist), outdir, options.dist, logger)
      : await build(git, pkg.path, python, outdir, options.buildCommand, logger);
    const problems = files
      .map((f) => artifactProblem(f, pkg.name, version))
      .filter((p): p is string => p !== null);
    if (problems.length > 0) {
      const source = pkg.versionSource;
      // A backend that derives the version from git read another tag (or none): name its setting.
      const hint =
        source.kind === 'vcs' && files.some((f) => artifactVersionDiffers(f, version))
          ? `; ${source.backend} built another version than tag ${tag}: set ${source.tagSetting} in ${pkg.pyprojectPath} so it reads only this package's tags`
          : '';
      throw new UserError(`refusing to upload: ${problems.join('; ')}${hint}`);
    }
    const paths = files.map((f) => join(outdir, f));
    await shown(
      logger,
      'twine check',
      runCommand(python, ['-m', 'twine', 'check', ...paths], {
        extraEnv: QUIET_ENV,
        stdout: 'log',
        timeoutMs: TWINE_CHECK_TIMEOUT_MS,
      }),
    ).catch((error: unknown) => {
      throw new UserError(`refusing to upload: twine check failed: ${commandDetail(error)}`);
    });
    const local = files.map((name, i) => ({ name, path: paths[i], sha256: sha256Of(paths[i]) }));
    const result = (
      status: (f: (typeof local)[number]) => FileStatus,
      distDir: string | null = null,
    ): PublishResult => ({
      package: pkg.name,
      version: version.text,
      channel,
      repositoryUrl,
      files: local.map((f) => ({ name: f.name, sha256: f.sha256, status: status(f) })),
      distDir,
    });
    if (options.upload === false) {
      // A folder that outlives this step: the next one hands it on (actions/upload-artifact).
      const kept = mkdtempSync(join(options.tempDir, 'pyrelease-built-'));
      for (const f of local) copyFileSync(f.path, join(kept, f.name));
      logger.info(`${files.join(', ')} built and verified, not uploaded: they are in ${kept}`);
      return result(() => 'verified', kept);
    }
    if (options.dryRun) {
      logger.info(`dry run: ${files.join(', ')} built and verified, not uploaded`);
      return result(() => 'verified');
    }

    const remote = await existingFiles(endpoints.simple, pkg.name).catch((error: unknown) => {
      logger.warning(
        `could not ask ${endpoints.simple} which files exist (${describeError(error)}): uploading all`,
      );
      return new Map<string, string | null>();
    });
    const present = local.filter((f) => remote.has(f.name));
    if (present.length > 0 && !options.skipExisting) {
      throw new UserError(
        `${present.map((f) => f.name).join(', ')} already exist on ${endpoints.simple}; nothing was uploaded. To re-run a publish, ${settings.flag('skip-existing')}`,
      );
    }
    for (const f of present) {
      const theirs = remote.get(f.name);
      if (theirs && theirs !== f.sha256) {
        logger.warning(
          `${f.name} already exists on the index with a different sha256 (${theirs}); the index keeps its own build, this one is skipped`,
        );
      } else {
        logger.info(`${f.name} already exists on the index: skipped`);
      }
    }
    const upload = local.filter((f) => !remote.has(f.name));
    // Files another job uploaded between the check and our upload: name -> the sha256 the index has.
    const raced = new Map<string, string | null>();
    if (upload.length > 0) {
      // Signed before the upload token is minted: the token's 15 minutes are for the upload alone.
      if (attesting.sign) {
        await signDistributions(
          python,
          upload.map((f) => f.path),
          await sigstoreIdentity(options.oidc ?? {}, options.mask ?? (() => {})),
        );
        logger.info(`signed ${upload.map((f) => f.name).join(', ')} (PEP 740 attestations)`);
      }
      const password =
        options.password ||
        (await mintUploadToken(endpoints.base, options.oidc ?? {}, options.mask ?? (() => {})));
      const twine = (files: readonly (typeof local)[number][]) =>
        shown(
          logger,
          'twine upload',
          runCommand(
            python,
            twineUploadArgs(
              repositoryUrl,
              files.map((f) => f.path),
              attesting.sign,
            ),
            {
              // The one command that gets a secret, and only this one.
              extraEnv: { ...QUIET_ENV, TWINE_USERNAME: '__token__', TWINE_PASSWORD: password },
              stdout: 'log',
              timeoutMs: UPLOAD_TIMEOUT_MS,
            },
          ),
        ).catch((error: unknown) => {
          // An index refusing a file it has says so (PyPI: 400 "already exists", pypiserver: 409);
          // twine prints it on stdout.
          const said = error instanceof CommandError ? `${error.stdout}\n${error.stderr}` : '';
          throw new UploadError(
            `upload to ${repositoryUrl} failed: ${commandDetail(error)}`,
            /already exist|\b409\b/i.test(said),
          );
        });
      let pending = upload;
      for (;;) {
        try {
          await twine(pending);
          break;
        } catch (error) {
          if (!options.skipExisting || !(error instanceof UploadError)) throw error;
          // Two workflows publishing one tag with skip-existing (auto-release and a tag-triggered one):
          // the other may have uploaded between our check and our upload, and again between our next
          // check and upload. What the index has now decides; its simple API may list a new file a
          // little later (PyPI's is cached), so after an "already exists" it is asked a few times.
          let now: Map<string, string | null> | null = null;
          for (const wait of error.refusedExisting ? RACE_RECHECK_WAITS_MS : [0]) {
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            now = await existingFiles(endpoints.simple, pkg.name).catch(() => null);
            if (now && pending.some((f) => now?.has(f.name))) break;
          }
          const appeared = pending.filter((f) => now?.has(f.name));
          if (!now || appeared.length === 0) throw error;
          for (const f of appeared) {
            const theirs = now.get(f.name) ?? null;
            raced.set(f.name, theirs);
            if (theirs !== f.sha256)
              logger.warning(
                `${f.name} is on the index with ${theirs ? `another sha256 (${theirs})` : 'no sha256 to compare'} after a refused upload (another job uploaded it at the same time); the index keeps its own build`,
              );
          }
          pending = pending.filter((f) => !now?.has(f.name));
          if (pending.length === 0) break;
        }
      }
      const confirmed = upload.filter((f) => raced.get(f.name) === f.sha256).map((f) => f.name);
      if (confirmed.length > 0)
        logger.info(
          `${confirmed.join(', ')} on the index with this build's sha256 after a refused upload: uploaded by this job or by another at the same time`,
        );
      const sent = upload.filter((f) => !raced.has(f.name));
      if (sent.length > 0) logger.info(`uploaded ${sent.map((f) => f.name).join(', ')} to ${repositoryUrl}`);
    }
    return result((f) => {
      if (remote.has(f.name)) {
        const theirs = remote.get(f.name);
        return theirs && theirs !== f.sha256 ? 'skipped-different' : 'skipped';
      }
      if (!raced.has(f.name)) return 'uploaded';
      return raced.get(f.name) === f.sha256 ? 'confirmed' : 'skipped-different';
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * `python -m twine upload` for `files`; with attestations, each file's `<file>.publish.attestation`
 * goes with it (twine pairs them by name) and `--attestations` asks twine to send them.
 */
export function twineUploadArgs(
  repositoryUrl: string,
  files: readonly string[],
  attestations: boolean,
): string[] {
  return [
    '-m',
    'twine',
    'upload',
    '--non-interactive',
    '--disable-progress-bar',
    '--repository-url',
    repositoryUrl,
    ...(attestations ? ['--attestations'] : []),
    ...files,
    ...(attestations ? files.map(attestationPathOf) : []),
  ];
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

/** True when a built file's name carries a version other than `version`. */
function artifactVersionDiffers(file: string, version: Version): boolean {
  const stem = file.endsWith('.whl')
    ? file.slice(0, -4).split('-')[1]
    : file.endsWith('.tar.gz')
      ? file.slice(0, -7).split('-').slice(1).join('-')
      : null;
  return stem !== null && stem !== undefined && stem !== version.text;
}

function tagFromRef(ref: string | null | undefined): string {
  if (ref?.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length);
  throw new UserError(
    `no tag to publish: set input tag, or run on a tag push (GITHUB_REF is ${ref ? JSON.stringify(ref) : 'not set'})`,
  );
}

/** release flow §5: the checkout must hold the tag and sit on its commit. */
async function checkoutAtTag(git: Git, tag: string): Promise<string> {
  const found = await git.run(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/tags/${tag}^{commit}`],
    { okExitCodes: [1] },
  );
  const [shallow, head] = (await git.text(['rev-parse', '--is-shallow-repository', 'HEAD'])).split('\n');
  if (found.exitCode !== 0) {
    throw new UserError(
      shallow === 'true'
        ? `tag ${tag} is not in this checkout, a shallow clone without tags: check out with fetch-depth: 0 and fetch-tags: true (release flow §5)`
        : `tag ${tag} is not in this checkout: check out with fetch-tags: true (release flow §5)`,
    );
  }
  const tagCommit = found.stdout.toString('utf8').trim();
  if (head !== tagCommit) {
    throw new UserError(
      `the checkout is at ${head.slice(0, 12)}, not at tag ${tag} (${tagCommit.slice(0, 12)}): check out the tag's commit (ref: ${tag})`,
    );
  }
  return tagCommit;
}

async function build(
  git: Git,
  path: string,
  python: string,
  outdir: string,
  command: string | null | undefined,
  logger: Logger,
) {
  const argv = parseCommandLine(command || 'python -m build', python);
  const isBuild = argv[1] === '-m' && argv[2] === 'build';
  if (isBuild && !argv.some((a) => a === '--outdir' || a === '-o' || a.startsWith('--outdir=')))
    argv.push('--outdir', outdir);
  const cwd = join(git.cwd, path);
  // A custom command leaves its files where it likes; its dist/ folder must not hold old ones.
  const collectFrom = argv.includes(outdir) ? outdir : join(cwd, 'dist');
  if (collectFrom !== outdir && readdirSafe(collectFrom).length > 0) {
    throw new UserError(
      `${joinPath(path, 'dist')} already holds files: a custom build-command must start from an empty dist/`,
    );
  }
  logger.info(`building ${path}: ${argv.join(' ')}`);
  await shown(
    logger,
    `build of ${path}`,
    runCommand(argv[0], argv.slice(1), {
      cwd,
      extraEnv: QUIET_ENV,
      stdout: 'log',
      timeoutMs: BUILD_TIMEOUT_MS,
      displayName: argv[0] === python ? 'python' : argv[0],
    }),
  ).catch((error: unknown) => {
    throw new UserError(`build of ${path} failed: ${commandDetail(error)}`);
  });
  const files = readdirSafe(collectFrom).sort();
  if (files.length === 0) throw new UserError(`build of ${path} produced no file in ${collectFrom}`);
  // Verification and upload work on one folder of ours.
  if (collectFrom !== outdir) for (const f of files) copyFileSync(join(collectFrom, f), join(outdir, f));
  return files;
}

/**
 * What a command printed (its bounded stdout and stderr), handed to the logger, which shows it folded
 * and fenced; also when the command failed, so a failed build can be read in the log.
 */
async function shown(logger: Logger, title: string, run: Promise<RunResult>): Promise<RunResult> {
  const show = (stdout: string, stderr: string) => {
    const text = [stdout, stderr]
      .filter((t) => t.trim() !== '')
      .join('\n')
      .replace(/\n$/, '');
    if (text) logger.output?.(title, text);
  };
  try {
    const result = await run;
    show(result.stdout.toString('utf8'), result.stderr);
    return result;
  } catch (error) {
    if (error instanceof CommandError) show(error.stdout, error.stderr);
    throw error;
  }
}

/** The files an earlier `upload: false` step built, copied into our folder to be verified like a build. */
function takeBuilt(dir: string, outdir: string, given: string, logger: Logger): string[] {
  const files = readdirSafe(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
  if (files.length === 0)
    throw new UserError(
      `dist ${given} holds no files: expected the files a publish-from-tag step with upload: false built`,
    );
  logger.info(`not building: uploading the files built earlier in ${given}: ${files.join(', ')}`);
  for (const f of files) copyFileSync(join(dir, f), join(outdir, f));
  return files;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The last lines the command printed, after why it ended when that was not its own choice. */
function commandDetail(error: unknown): string {
  if (error instanceof CommandError) {
    // twine reports its errors on stdout.
    const lines = (error.stderr.trim() || error.stdout)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const why = error.reason ?? (error.signal ? `killed by ${error.signal}` : '');
    return oneLine([why, lines.slice(-3).join(' ')].filter(Boolean).join(': ') || error.message);
  }
  return describeError(error);
}
