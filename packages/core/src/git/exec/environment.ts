/**
 * Variables that carry the step's secrets or the runner's credentials. Builds run third-party code from
 * the index, and git hooks or a build-command may print their environment: none of these may reach them.
 * The runner URLs are not secrets, but nothing pyrelease starts has a use for them.
 */
const SECRET_NAMES = new Set([
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'PYRELEASE_TOKEN',
  'PYRELEASE_PASSWORD',
  'TWINE_PASSWORD',
  // The runner's command files: a build writing to them could set variables, outputs or the PATH of
  // the job's later steps.
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STATE',
]);

/** Every input of the step (`password`, `token`) and the OIDC token request of `id-token: write`. */
const SECRET_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_'];

/** Names compare in upper case: Windows treats `input_password` and `INPUT_PASSWORD` as one variable. */
export function isStepSecret(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAMES.has(upper) || SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * The environment every child process starts from: pyrelease's own without the step's secrets. The one
 * command that needs a secret (twine upload, an authenticated git fetch or push) gets it added alone.
 */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const child: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isStepSecret(name)) child[name] = value;
  }
  return child;
}
