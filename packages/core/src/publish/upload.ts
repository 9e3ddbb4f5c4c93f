import {
  attestationDecision,
  attestationPathOf,
  signDistributions,
  sigstoreIdentity,
} from './attestations.js';
import { commandDetail, QUIET_ENV, shown, type BuiltFile } from './build.js';
import { CommandError, runCommand, type RunResult } from '../git/exec.js';
import { describeError, UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { doing, waitingFor } from '../progress.js';
import { existingFiles, shownUrl } from './package-index.js';
import type { SettingNames } from '../settings.js';
import { mintUploadToken, type RunnerOidc } from './trusted-publishing.js';

/** Between the looks at the index after an upload it refused as existing: PyPI's simple API is cached. */
export const RACE_RECHECK_WAITS_MS = [0, 5_000, 15_000];

/** twine uploads every file of one release; a large wheel over a slow link takes minutes. */
export const UPLOAD_TIMEOUT_MS = 15 * 60_000;

/** A failed twine upload; `refusedExisting`: the index said it has (one of) the files. */
class UploadError extends UserError {
  constructor(
    message: string,
    readonly refusedExisting: boolean,
  ) {
    super(message);
  }
}

/** The fields of PublishOptions that decide how files are uploaded. */
export interface UploadOptions {
  readonly password?: string | null;
  readonly skipExisting?: boolean;
  readonly attestations?: boolean;
  readonly oidc?: RunnerOidc;
  readonly mask?: (secret: string) => void;
}

/** Where one package's files go, and with what. */
export interface UploadTarget {
  readonly python: string;
  readonly packageName: string;
  readonly repositoryUrl: string;
  readonly endpoints: { readonly simple: string; readonly base: string };
  /** Sign each file and upload its PEP 740 attestation with it. */
  readonly sign: boolean;
}

/** Name -> the sha256 the index has for it (null: it does not tell). */
export type IndexFiles = Map<string, string | null>;

/** Whether the upload signs its files (PEP 740); when it does not, a notice says why if there is a why. */
export function signsUpload(options: UploadOptions, repositoryUrl: string, logger: Logger): boolean {
  const attesting = attestationDecision({
    requested: options.attestations !== false,
    trustedPublishing: !options.password,
    repositoryUrl,
  });
  if (!attesting.sign && attesting.notice) (logger.notice ?? logger.info)(attesting.notice);
  return attesting.sign;
}

/**
 * The files the index has for the package. Any of ours among them is refused without skip-existing,
 * else skipped (with a warning when the index's sha256 differs).
 */
export async function filesOnIndex(
  target: UploadTarget,
  local: readonly BuiltFile[],
  skipExisting: boolean | undefined,
  settings: SettingNames,
  logger: Logger,
): Promise<IndexFiles> {
  const { simple } = target.endpoints;
  const remote = await existingFiles(simple, target.packageName).catch((error: unknown) => {
    logger.warning(`could not ask ${simple} which files exist (${describeError(error)}): uploading all`);
    return new Map<string, string | null>();
  });
  const present = local.filter((f) => remote.has(f.name));
  if (present.length > 0 && !skipExisting) {
    throw new UserError(
      `${present.map((f) => f.name).join(', ')} already exist on ${simple}; nothing was uploaded. To re-run a publish, ${settings.flag('skip-existing')}`,
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
  return remote;
}

/**
 * Signs (when asked) and uploads `files`. With skip-existing, files another job uploaded meanwhile are
 * left to the index: returned with the sha256 it has for them.
 */
export async function uploadFiles(
  files: readonly BuiltFile[],
  target: UploadTarget,
  options: UploadOptions,
  logger: Logger,
): Promise<IndexFiles> {
  // Signed before the upload token is minted: the token's 15 minutes are for the upload alone.
  if (target.sign) {
    const identity = await sigstoreIdentity(options.oidc ?? {}, options.mask ?? (() => {}));
    await waitingFor(logger, doing('signing with Sigstore (PEP 740 attestations)'), () =>
      signDistributions(
        target.python,
        files.map((f) => f.path),
        identity,
      ),
    );
    logger.info(`signed ${files.map((f) => f.name).join(', ')} (PEP 740 attestations)`);
  }
  const password =
    options.password ||
    (await mintUploadToken(target.endpoints.base, options.oidc ?? {}, options.mask ?? (() => {})));
  // Files another job uploaded between the check and our upload: name -> the sha256 the index has.
  const raced: IndexFiles = new Map();
  let pending = files;
  for (;;) {
    try {
      const uploading = `uploading ${pending.map((f) => f.name).join(', ')} to ${shownUrl(target.repositoryUrl)}`;
      await waitingFor(logger, doing(uploading), () => twineUpload(target, pending, password, logger));
      break;
    } catch (error) {
      if (!options.skipExisting || !(error instanceof UploadError)) throw error;
      const now = await indexAfterRefusal(target, pending, error.refusedExisting);
      const appeared = pending.filter((f) => now?.has(f.name));
      if (!now || appeared.length === 0) throw error;
      noteRaced(appeared, now, raced, logger);
      pending = pending.filter((f) => !now.has(f.name));
      if (pending.length === 0) break;
    }
  }
  reportUploaded(files, raced, target.repositoryUrl, logger);
  return raced;
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

function twineUpload(
  target: UploadTarget,
  files: readonly BuiltFile[],
  password: string,
  logger: Logger,
): Promise<RunResult> {
  return shown(
    logger,
    'twine upload',
    runCommand(
      target.python,
      twineUploadArgs(
        target.repositoryUrl,
        files.map((f) => f.path),
        target.sign,
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
      `upload to ${shownUrl(target.repositoryUrl)} failed: ${commandDetail(error)}`,
      /already exist|\b409\b/i.test(said),
    );
  });
}

/** What the index has after it refused an upload of `pending`; null: it could not be asked. */
async function indexAfterRefusal(
  target: UploadTarget,
  pending: readonly BuiltFile[],
  refusedExisting: boolean,
): Promise<IndexFiles | null> {
  // Two workflows publishing one tag with skip-existing (auto-release and a tag-triggered one):
  // the other may have uploaded between our check and our upload, and again between our next
  // check and upload. What the index has now decides; its simple API may list a new file a
  // little later (PyPI's is cached), so after an "already exists" it is asked a few times.
  let now: IndexFiles | null = null;
  for (const wait of refusedExisting ? RACE_RECHECK_WAITS_MS : [0]) {
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    now = await existingFiles(target.endpoints.simple, target.packageName).catch(() => null);
    if (now && pending.some((f) => now?.has(f.name))) break;
  }
  return now;
}

/** Records the files another job uploaded at the same time; a warning for those not this build. */
function noteRaced(appeared: readonly BuiltFile[], now: IndexFiles, raced: IndexFiles, logger: Logger): void {
  for (const f of appeared) {
    const theirs = now.get(f.name) ?? null;
    raced.set(f.name, theirs);
    if (theirs !== f.sha256)
      logger.warning(
        `${f.name} is on the index with ${theirs ? `another sha256 (${theirs})` : 'no sha256 to compare'} after a refused upload (another job uploaded it at the same time); the index keeps its own build`,
      );
  }
}

function reportUploaded(
  files: readonly BuiltFile[],
  raced: IndexFiles,
  repositoryUrl: string,
  logger: Logger,
): void {
  const confirmed = files.filter((f) => raced.get(f.name) === f.sha256).map((f) => f.name);
  if (confirmed.length > 0)
    logger.info(
      `${confirmed.join(', ')} on the index with this build's sha256 after a refused upload: uploaded by this job or by another at the same time`,
    );
  const sent = files.filter((f) => !raced.has(f.name));
  if (sent.length > 0)
    logger.info(`uploaded ${sent.map((f) => f.name).join(', ')} to ${shownUrl(repositoryUrl)}`);
}
