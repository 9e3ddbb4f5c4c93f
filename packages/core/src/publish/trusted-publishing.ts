import { oneLine, UserError } from '../errors.js';

export interface RunnerOidc {
  /**
   * The runner's OIDC token for `audience` (core.getIDToken in the action); absent when the job has
   * no `permissions: id-token: write`. Rejects with the reason (e.g. `HTTP 401`) when refused.
   */
  readonly idToken?: (audience: string) => Promise<string>;
}

const PERMISSION_FIX =
  'give the publishing job `permissions: id-token: write` (or pass an API token as password)';

async function getJson(
  url: string,
  init: RequestInit,
  what: string,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new UserError(`trusted publishing: ${what} failed: ${(error as Error).message}`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/**
 * PyPI trusted publishing: the runner's OIDC token for the audience the index announces, exchanged for
 * a short-lived upload token at the index's `/_/oidc/mint-token`. Both tokens are masked through `mask`
 * as soon as they exist.
 */
export async function mintUploadToken(
  indexBase: string,
  oidc: RunnerOidc,
  mask: (secret: string) => void,
  timeoutMs = 30_000,
): Promise<string> {
  const idToken = oidc.idToken;
  if (!idToken) {
    throw new UserError(
      `trusted publishing needs the runner's OIDC token, which this job cannot request: ${PERMISSION_FIX}`,
    );
  }
  const audience = await getJson(
    `${indexBase}/_/oidc/audience`,
    {},
    `GET ${indexBase}/_/oidc/audience`,
    timeoutMs,
  );
  const aud = (audience.body as { audience?: unknown } | null)?.audience;
  if (audience.status !== 200 || typeof aud !== 'string') {
    throw new UserError(
      `trusted publishing: ${indexBase} does not support it (GET /_/oidc/audience answered ${audience.status}); pass an API token as password`,
    );
  }

  const jwt = await idToken(aud).catch((error: unknown) => {
    throw new UserError(
      `trusted publishing: the runner refused an OIDC token (${oneLine(error instanceof Error ? error.message : String(error))}): ${PERMISSION_FIX}`,
    );
  });
  mask(jwt);

  const minted = await getJson(
    `${indexBase}/_/oidc/mint-token`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: jwt }) },
    `POST ${indexBase}/_/oidc/mint-token`,
    timeoutMs,
  );
  const token = (minted.body as { token?: unknown } | null)?.token;
  if (minted.status === 200 && typeof token === 'string') {
    mask(token);
    return token;
  }
  const errors = (minted.body as { errors?: { code?: string; description?: string }[] } | null)?.errors ?? [];
  const detail =
    errors.map((e) => `${e.code ?? 'error'}: ${e.description ?? ''}`.trim()).join('; ') ||
    `HTTP ${minted.status}`;
  const publisherFix = errors.some((e) => e.code === 'invalid-publisher')
    ? ` — add this repository, this workflow file and its environment as a trusted publisher of the project on ${new URL(indexBase).host}; PyPI rejects tokens minted inside reusable workflows, so the publish job must sit in the workflow registered there`
    : '';
  throw new UserError(
    `trusted publishing: ${indexBase} refused to mint an upload token (${detail})${publisherFix}`,
  );
}
