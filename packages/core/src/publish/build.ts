import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { artifactProblem } from './artifacts.js';
import { CommandError, runCommand, type RunResult } from '../git/exec.js';
import { describeError, oneLine, UserError } from '../errors.js';
import { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import { waitingFor } from '../progress.js';
import { parseCommandLine } from './python.js';
import type { ResolvedTag } from './tag-package.js';
import type { Version } from '../versioning/version.js';
import { joinPath } from '../workspace/package.js';

/** A build runs the project's own backend (and may compile): long, but a hung one must end the job. */
export const BUILD_TIMEOUT_MS = 30 * 60_000;
/** `twine check` reads the files it is given, offline. */
export const TWINE_CHECK_TIMEOUT_MS = 5 * 60_000;

/** Added for build and twine: plain logs without colour codes or pip's version nag. */
export const QUIET_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
};

/** A built file in our folder, verified. */
export interface BuiltFile {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
}

/**
 * The files to publish, in `outdir`: those in `dist` (built by an earlier `upload: false` step), else
 * a build of the package.
 */
export async function builtFiles(
  git: Git,
  tagged: ResolvedTag,
  python: string,
  outdir: string,
  given: {
    readonly dist?: string | null;
    readonly distOfSeveral?: boolean;
    readonly buildCommand?: string | null;
  },
  logger: Logger,
): Promise<string[]> {
  if (!given.dist) return await build(git, tagged.pkg.path, python, outdir, given.buildCommand, logger);
  // Of a folder that holds several tags' files, this tag's: its package's name and version.
  const mine = given.distOfSeveral
    ? (f: string) => artifactProblem(f, tagged.pkg.name, tagged.version) === null
    : () => true;
  const files = takeBuilt(resolve(git.cwd, given.dist), outdir, { mine, shown: given.dist }, logger);
  if (files.length > 0) return files;
  throw new UserError(
    given.distOfSeveral
      ? `dist ${given.dist} holds no files of ${tagged.pkg.name} ${tagged.version.text} (tag ${tagged.tag}): expected the files a publish-from-tag step with upload: false built from the same tags`
      : `dist ${given.dist} holds no files: expected the files a publish-from-tag step with upload: false built`,
  );
}

/** Each file must be a wheel or sdist of the tag's package and version. */
export function assertNamedForTag(files: readonly string[], { tag, pkg, version }: ResolvedTag): void {
  const problems = files
    .map((f) => artifactProblem(f, pkg.name, version))
    .filter((p): p is string => p !== null);
  if (problems.length === 0) return;
  const source = pkg.versionSource;
  // A backend that derives the version from git read another tag (or none): name its setting.
  const hint =
    source.kind === 'vcs' && files.some((f) => artifactVersionDiffers(f, version))
      ? `; ${source.backend} built another version than tag ${tag}: set ${source.tagSetting} in ${pkg.pyprojectPath} so it reads only this package's tags`
      : '';
  throw new UserError(`refusing to upload: ${problems.join('; ')}${hint}`);
}

/** `twine check` of `paths` (one process for any number of files): their metadata must render on the index. */
export async function twineCheck(python: string, paths: readonly string[], logger: Logger): Promise<void> {
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
}

/**
 * With `upload: false`: the verified files, copied to the folder `kept` (a folder that outlives this
 * step: the next one hands it on with actions/upload-artifact), which several tags of one step share.
 * A name already there is another tag's build of the same file: refused.
 */
export function keepVerified(local: readonly BuiltFile[], kept: string, tag: string, logger: Logger): string {
  const taken = local.find((f) => existsSync(join(kept, f.name)));
  if (taken) throw new UserError(`tag ${tag} built ${taken.name}, which another tag of this step built too`);
  for (const f of local) copyFileSync(f.path, join(kept, f.name));
  logger.info(`${local.map((f) => f.name).join(', ')} built and verified, not uploaded: they are in ${kept}`);
  return kept;
}

/** A fresh folder for `upload: false`'s files, under the step's temporary folder. */
export function keptFolder(tempDir: string): string {
  return mkdtempSync(join(tempDir, 'pyrelease-built-'));
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

async function build(
  git: Git,
  path: string,
  python: string,
  outdir: string,
  command: string | null | undefined,
  logger: Logger,
) {
  const argv = parseCommandLine(command || (await defaultBuildCommand()), python);
  const isBuild = argv[1] === '-m' && argv[2] === 'build';
  if (isBuild && !argv.some((a) => a === '--outdir' || a === '-o' || a.startsWith('--outdir=')))
    argv.push('--outdir', outdir);
  const isUvBuild = argv[0] === 'uv' && argv[1] === 'build';
  if (isUvBuild && !argv.some((a) => a === '--out-dir' || a === '-o' || a.startsWith('--out-dir=')))
    argv.push('--out-dir', outdir);
  const cwd = join(git.cwd, path);
  // A custom command leaves its files where it likes; its dist/ folder must not hold old ones.
  const collectFrom = argv.includes(outdir) ? outdir : join(cwd, 'dist');
  if (collectFrom !== outdir && readdirSafe(collectFrom).length > 0) {
    throw new UserError(
      `${joinPath(path, 'dist')} already holds files: a custom build-command must start from an empty dist/`,
    );
  }
  logger.info(`building ${path}: ${argv.join(' ')}`);
  await waitingFor(logger, { doing: `building ${path}` }, () =>
    shown(
      logger,
      `build of ${path}`,
      runCommand(argv[0], argv.slice(1), {
        cwd,
        extraEnv: QUIET_ENV,
        stdout: 'log',
        timeoutMs: BUILD_TIMEOUT_MS,
        displayName: argv[0] === python ? 'python' : argv[0],
      }),
    ),
  ).catch((error: unknown) => {
    throw new UserError(`build of ${path} failed: ${commandDetail(error)}`);
  });
  // uv build marks its output folder with a .gitignore: a file of the builder's, not a build.
  const files = readdirSafe(collectFrom)
    .filter((f) => !(isUvBuild && f === '.gitignore'))
    .sort();
  if (files.length === 0) throw new UserError(`build of ${path} produced no file in ${collectFrom}`);
  // Verification and upload work on one folder of ours.
  if (collectFrom !== outdir) for (const f of files) copyFileSync(join(collectFrom, f), join(outdir, f));
  return files;
}

/**
 * The build when none is given: `uv build` when uv is on PATH (its build environments are cached, so a
 * build takes seconds instead of a fresh environment's tens), else `python -m build`. Both build the
 * same files from the same backend, and every check after them is the same.
 */
export function defaultBuildCommand(): Promise<string> {
  // Asked once per PATH: a step that builds several tags starts uv --version once.
  const path = process.env.PATH ?? '';
  let known = defaultBuilds.get(path);
  if (!known) {
    known = runCommand('uv', ['--version'], { timeoutMs: 30_000 }).then(
      () => 'uv build',
      () => 'python -m build',
    );
    defaultBuilds.set(path, known);
  }
  return known;
}

/** The default build found so far in this process, by PATH. */
const defaultBuilds = new Map<string, Promise<string>>();

/**
 * What a command printed (its bounded stdout and stderr), handed to the logger, which shows it folded
 * and fenced; also when the command failed, so a failed build can be read in the log.
 */
export async function shown(logger: Logger, title: string, run: Promise<RunResult>): Promise<RunResult> {
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

/** The files an earlier `upload: false` step built that `mine` takes, copied into our folder to be verified like a build. */
function takeBuilt(
  dir: string,
  outdir: string,
  o: { mine: (file: string) => boolean; shown: string },
  logger: Logger,
): string[] {
  const files = readdirSafe(dir)
    .filter((f) => statSync(join(dir, f)).isFile() && o.mine(f))
    .sort();
  if (files.length === 0) return [];
  logger.info(`not building: uploading the files built earlier in ${o.shown}: ${files.join(', ')}`);
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
export function commandDetail(error: unknown): string {
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
