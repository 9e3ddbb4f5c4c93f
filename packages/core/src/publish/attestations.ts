import { CommandError, runCommand } from '../git/exec.js';
import { describeError, oneLine, UserError } from '../errors.js';
import type { RunnerOidc } from './trusted-publishing.js';
import type { PythonTool } from './python.js';
import { shownUrl } from './package-index.js';

/** The PEP 740 signing tool, installed into the private venv when the python on PATH lacks it. */
export const ATTESTATION_TOOLS: readonly PythonTool[] = [
  { pip: 'pypi-attestations==0.0.31', module: 'pypi_attestations' },
];

/** Where an attestation of `file` is written, and where `twine upload --attestations` looks for it. */
export function attestationPathOf(file: string): string {
  return `${file}.publish.attestation`;
}

/**
 * What `python -m pypi_attestations sign` does (PEP 740 attestations over sigstore, Rekor v1), with an
 * identity token given to it instead of found in the environment: the signing code never gets the
 * runner's token request variables, which could mint tokens for any audience.
 */
const SIGN_SCRIPT = [
  'import os, sys',
  'from pathlib import Path',
  'from pypi_attestations import Attestation, Distribution',
  'from sigstore.models import ClientTrustConfig',
  'from sigstore.oidc import IdentityToken',
  'from sigstore.sign import SigningContext',
  // The files, then where each one's attestation goes (attestationPathOf).
  'args = sys.argv[1:]',
  'half = len(args) // 2',
  'token = IdentityToken(os.environ.pop("PYRELEASE_SIGSTORE_TOKEN"))',
  'config = ClientTrustConfig.production()',
  'config.force_tlog_version = 1',
  'with SigningContext.from_trust_config(config).signer(token, cache=True) as signer:',
  '    for name, out in zip(args[:half], args[half:]):',
  '        attestation = Attestation.sign(signer, Distribution.from_file(Path(name)))',
  '        Path(out).write_text(attestation.model_dump_json())',
].join('\n');

/** Signing asks the runner for a token, Sigstore for a certificate, and logs to Rekor: minutes at most. */
export const SIGN_TIMEOUT_MS = 5 * 60_000;

/** The indexes that take attestations (PEP 740), by upload host. */
const ATTESTING_HOSTS = new Set(['upload.pypi.org', 'test.pypi.org']);

/**
 * Whether a publish signs its files: asked for (the default), with trusted publishing (the identity
 * that signs is the workflow's), to PyPI or TestPyPI. Otherwise why not, for a notice; null when
 * attestations were turned off. Pure.
 */
export function attestationDecision(o: {
  readonly requested: boolean;
  readonly trustedPublishing: boolean;
  readonly repositoryUrl: string;
}): { readonly sign: true } | { readonly sign: false; readonly notice: string | null } {
  if (!o.requested) return { sign: false, notice: null };
  if (!o.trustedPublishing)
    return {
      sign: false,
      notice:
        'no attestations: they are signed with the workflow identity of trusted publishing, and an API token is set (password)',
    };
  let host = '';
  try {
    host = new URL(o.repositoryUrl).host;
  } catch {
    // indexEndpoints has refused it already.
  }
  if (!ATTESTING_HOSTS.has(host))
    return {
      sign: false,
      notice: `no attestations: only PyPI and TestPyPI take them, and repository-url is ${shownUrl(o.repositoryUrl)}`,
    };
  return { sign: true };
}

/**
 * Signs each file with pypi-attestations and sigstore as the job's workflow identity (`identityToken`:
 * the runner's OIDC token for audience `sigstore`, which pyrelease asks for itself), writing each
 * file's attestation to attestationPathOf(file) for `twine upload --attestations`.
 */
export async function signDistributions(
  python: string,
  paths: readonly string[],
  identityToken: string,
): Promise<void> {
  await runCommand(python, ['-I', '-c', SIGN_SCRIPT, ...paths, ...paths.map(attestationPathOf)], {
    // The token goes to this one command, and no other credential does.
    extraEnv: { NO_COLOR: '1', PYRELEASE_SIGSTORE_TOKEN: identityToken },
    stdout: 'log',
    timeoutMs: SIGN_TIMEOUT_MS,
    displayName: 'python',
  }).catch((error: unknown) => {
    const detail =
      error instanceof CommandError
        ? oneLine(
            [
              error.reason ?? '',
              // A Python traceback ends with the exception and its message.
              (error.stderr.trim() || error.stdout).split('\n').filter(Boolean).slice(-1).join(' '),
            ]
              .filter(Boolean)
              .join(': ') || error.message,
          )
        : describeError(error);
    throw new UserError(
      `signing attestations failed (pypi-attestations): ${detail}; nothing was uploaded. To publish without them, set attestations: false`,
    );
  });
}

/** The runner's OIDC token for Sigstore, masked before use; a one-line error when the job has none. */
export async function sigstoreIdentity(oidc: RunnerOidc, mask: (secret: string) => void): Promise<string> {
  if (!oidc.idToken) {
    throw new UserError(
      'cannot sign attestations: the job has no OIDC token to sign with; give it permissions: id-token: write, or set attestations: false',
    );
  }
  const token = await oidc.idToken('sigstore').catch((error: unknown) => {
    throw new UserError(
      `cannot sign attestations: the runner refused an OIDC token for sigstore (${error instanceof Error ? error.message : String(error)}); nothing was uploaded`,
    );
  });
  mask(token);
  return token;
}
