import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ATTESTATION_TOOLS } from './attestations.js';
import {
  assertNamedForTag,
  builtFiles,
  keepVerified,
  keptFolder,
  twineCheck,
  type BuiltFile,
} from './build.js';
import { sha256Of } from './artifacts.js';
import { UserError } from '../errors.js';
import { Git } from '../git/git.js';
import type { Logger } from '../logger.js';
import type { Channel } from '../versioning/channels.js';
import { defaultIndexOf, indexEndpoints, shownUrl } from './package-index.js';
import { pythonWithTools } from './python.js';
import { ACTION_SETTINGS, type SettingNames } from '../settings.js';
import { RepositoryReader } from '../git/repository.js';
import { readPackagesAt } from '../plan/planner.js';
import { assertCleanCheckout, assertTagOnBranches, DEFAULT_PUBLISH_BRANCHES } from './reviewed-checkout.js';
import {
  checkoutAtTag,
  packageAtTag,
  tagFromRef,
  type Expectation,
  type ResolvedTag,
} from './tag-package.js';
import type { RunnerOidc } from './trusted-publishing.js';
import { filesOnIndex, signsUpload, uploadFiles, type IndexFiles } from './upload.js';

export interface PublishOptions {
  /**
   * The branches the tag's commit must be on (names, per-run patterns, globs); default: test, master,
   * release-test, release.
   */
  readonly branches?: readonly string[];
  /** Build although the checkout has changes or untracked files (the CLI's --allow-dirty). */
  readonly allowDirty?: boolean;
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
  /**
   * With `dist`: it holds the files of several tags (publish-from-tag's `tags`); those of this tag are
   * taken, the rest left, and the checkout need not sit on the tag, whose package is read from git's
   * objects.
   */
  readonly distOfSeveral?: boolean;
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

export interface PublishedFile {
  readonly name: string;
  readonly sha256: string;
  readonly status: FileStatus;
}

export interface PublishResult {
  readonly package: string;
  readonly version: string;
  readonly channel: Channel;
  readonly repositoryUrl: string;
  readonly files: readonly PublishedFile[];
  /** With `upload: false`: the folder that holds the built and verified files. */
  readonly distDir: string | null;
}

/** release flow §5: parse the tag, build only that package, check it, upload only its files. */
export async function publishFromTag(
  git: Git,
  options: PublishOptions,
  logger: Logger,
): Promise<PublishResult> {
  const prepared = await prepareTag(git, options, logger);
  try {
    await twineCheck(prepared.python, pathsOf(prepared), logger);
    return await finishTag(prepared, options, logger);
  } finally {
    discardPrepared(prepared);
  }
}

/** A tag's files, built (or taken from dist) and named for it; not yet checked by twine nor uploaded. */
export interface PreparedTag {
  readonly tagged: ResolvedTag;
  readonly repositoryUrl: string;
  readonly endpoints: ReturnType<typeof indexEndpoints>;
  /** PEP 740 attestations are signed for the upload. */
  readonly sign: boolean;
  /** A Python that can import build and twine (and the signing tools when `sign`). */
  readonly python: string;
  /** Our folder that holds the files. */
  readonly outdir: string;
  readonly files: readonly string[];
  /**
   * Each file's sha256 right after its build: a later build of the same step (another tag's, which
   * runs other code) must not change what is kept or uploaded.
   */
  readonly sha256: readonly string[];
}

/** Outside GitHub Actions nothing can mint a token: said before anything is built. */
export function assertCanUpload(options: PublishOptions): void {
  const settings = options.settingNames ?? ACTION_SETTINGS;
  const uploading = !options.dryRun && options.upload !== false;
  if (uploading && !options.password && !settings.trustedPublishing) {
    throw new UserError(
      `no API token to upload with: ${settings.password} (trusted publishing works only inside GitHub Actions)`,
    );
  }
}

/** The tag read and checked, and its package built (or its files taken from dist) and named right. */
export async function prepareTag(git: Git, options: PublishOptions, logger: Logger): Promise<PreparedTag> {
  assertCanUpload(options);
  const settings = options.settingNames ?? ACTION_SETTINGS;
  const tagged = await tagToPublish(git, options, settings);
  const { pkg, version, channel } = tagged;
  const repositoryUrl = options.repositoryUrl || defaultIndexOf(channel);
  // A URL that is not one is said before anything is built.
  const endpoints = indexEndpoints(repositoryUrl);
  logger.info(
    `publishing ${pkg.name} ${version.text} (${channel}) from ${pkg.path} to ${shownUrl(repositoryUrl)}`,
  );
  const uploading = !options.dryRun && options.upload !== false;
  const sign = uploading && signsUpload(options, repositoryUrl, logger);
  const python = await pythonWithTools(options.tempDir, logger, sign ? ATTESTATION_TOOLS : []);
  const outdir = mkdtempSync(join(options.tempDir, 'pyrelease-dist-'));
  try {
    const files = await builtFiles(git, tagged, python, outdir, options, logger);
    assertNamedForTag(files, tagged);
    const sha256 = files.map((f) => sha256Of(join(outdir, f)));
    return { tagged, repositoryUrl, endpoints, sign, python, outdir, files, sha256 };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

export function pathsOf(prepared: PreparedTag): string[] {
  return prepared.files.map((f) => join(prepared.outdir, f));
}

export function discardPrepared(prepared: PreparedTag): void {
  rmSync(prepared.outdir, { recursive: true, force: true });
}

/** After twine check: the files kept for a later step (upload: false), only shown (dry run), or uploaded. */
export async function finishTag(
  prepared: PreparedTag,
  options: PublishOptions,
  logger: Logger,
  /** With `upload: false`: the folder the files go to (default: a fresh one). */
  kept?: string,
): Promise<PublishResult> {
  const { tagged, repositoryUrl, endpoints, python, sign, files } = prepared;
  const settings = options.settingNames ?? ACTION_SETTINGS;
  const local: BuiltFile[] = pathsOf(prepared).map((path, i) => ({
    name: files[i],
    path,
    sha256: sha256Of(path),
  }));
  const changed = local.find((f, i) => f.sha256 !== prepared.sha256[i]);
  if (changed) {
    throw new UserError(
      `refusing to upload: ${changed.name} changed after tag ${tagged.tag} built it (something that ran later in this step, such as another tag's build, wrote to it)`,
    );
  }
  const result = (status: (f: BuiltFile) => FileStatus, distDir: string | null = null): PublishResult => ({
    package: tagged.pkg.name,
    version: tagged.version.text,
    channel: tagged.channel,
    repositoryUrl,
    files: local.map((f) => ({ name: f.name, sha256: f.sha256, status: status(f) })),
    distDir,
  });
  if (options.upload === false) {
    const folder = kept ?? keptFolder(options.tempDir);
    return result(() => 'verified', keepVerified(local, folder, tagged.tag, logger));
  }
  if (options.dryRun) {
    logger.info(`dry run: ${files.join(', ')} built and verified, not uploaded`);
    return result(() => 'verified');
  }
  const target = { python, packageName: tagged.pkg.name, repositoryUrl, endpoints, sign };
  const remote = await filesOnIndex(target, local, options.skipExisting, settings, logger);
  const upload = local.filter((f) => !remote.has(f.name));
  const raced: IndexFiles =
    upload.length > 0 ? await uploadFiles(upload, target, options, logger) : new Map();
  return result((f) => statusOf(f, remote, raced));
}

/**
 * release flow §5: the tag, the checkout at it, the branches its commit reached, the checkout's files,
 * and the package it names, read at its commit.
 */
async function tagToPublish(git: Git, options: PublishOptions, settings: SettingNames): Promise<ResolvedTag> {
  const tag = options.tag || tagFromRef(options.ref);
  const tagCommit = await checkoutAtTag(git, tag, settings, !(options.dist && options.distOfSeveral));
  const reader = new RepositoryReader(git);
  const workspace = await git.keepReading(() => readPackagesAt(reader, tagCommit, []));
  const branches = options.branches ?? DEFAULT_PUBLISH_BRANCHES;
  await assertTagOnBranches(git, { tag, tagCommit, branches, settings });
  const tagged = packageAtTag(tag, workspace, options, settings);
  // Files built elsewhere (dist) are checked against the tag; a build here reads the checkout.
  if (!options.dist) {
    const allowDirty = options.allowDirty ?? false;
    await assertCleanCheckout(git, { tag, path: tagged.pkg.path, allowDirty, settings });
  }
  return tagged;
}

/**
 * A file's status after the upload: `remote`, what the index had before it; `raced`, what it had after
 * refusing one.
 */
function statusOf(f: BuiltFile, remote: IndexFiles, raced: IndexFiles): FileStatus {
  if (remote.has(f.name)) {
    const theirs = remote.get(f.name);
    return theirs && theirs !== f.sha256 ? 'skipped-different' : 'skipped';
  }
  if (!raced.has(f.name)) return 'uploaded';
  return raced.get(f.name) === f.sha256 ? 'confirmed' : 'skipped-different';
}
