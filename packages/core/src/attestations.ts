import { CommandError, runCommand } from './exec.js';
import { describeError, oneLine, UserError } from './errors.js';
import type { PythonTool } from './python.js';

/** The PEP 740 signing tool, installed into the private venv when the python on PATH lacks it. */
export const ATTESTATION_TOOLS: readonly PythonTool[] = [
  { pip: 'pypi-attestations', module: 'pypi_attestations' },
];

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
      notice: `no attestations: only PyPI and TestPyPI take them, and repository-url is ${o.repositoryUrl}`,
    };
  return { sign: true };
}

/**
 * Signs each file with `python -m pypi_attestations sign` (sigstore, with the job's ambient OIDC
 * identity: the runner's token request variables go to this one command only) and returns the
 * attestation files it wrote, `<file>.publish.attestation`, for `twine upload --attestations`.
 */
export async function signDistributions(
  python: string,
  paths: readonly string[],
  requestEnv: Readonly<Record<string, string>>,
): Promise<string[]> {
  if (!requestEnv.ACTIONS_ID_TOKEN_REQUEST_URL || !requestEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new UserError(
      'cannot sign attestations: the job has no OIDC token to sign with; give it permissions: id-token: write, or set attestations: false',
    );
  }
  await runCommand(python, ['-m', 'pypi_attestations', 'sign', ...paths], {
    // GITHUB_ACTIONS tells sigstore to ask the runner, never to open a browser for a login.
    extraEnv: { NO_COLOR: '1', GITHUB_ACTIONS: 'true', ...requestEnv },
    stdout: 'log',
    timeoutMs: SIGN_TIMEOUT_MS,
    displayName: 'python',
  }).catch((error: unknown) => {
    const detail =
      error instanceof CommandError
        ? oneLine(
            [
              error.reason ?? '',
              (error.stderr.trim() || error.stdout).split('\n').filter(Boolean).slice(-2).join(' '),
            ]
              .filter(Boolean)
              .join(': ') || error.message,
          )
        : describeError(error);
    throw new UserError(
      `signing attestations failed (python -m pypi_attestations sign): ${detail}; nothing was uploaded. To publish without them, set attestations: false`,
    );
  });
  return paths.map((p) => `${p}.publish.attestation`);
}
