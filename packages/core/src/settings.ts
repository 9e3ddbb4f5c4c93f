/**
 * Messages name a setting the way the user gives it: an action input (`allow-dirty: true`) or a CLI
 * option (`--allow-dirty`), and say what to do in the user's own terms (a workflow's checkout, or git
 * at a terminal). The core speaks through this, never through either one's words.
 */
export interface SettingNames {
  /** How to turn a flag on, as an instruction: `set allow-dirty: true` or `pass --allow-dirty`. */
  flag(name: string): string;
  /** How a value is named: `release-branch` or `--release-branch`. */
  value(name: string): string;
  /** How to give the API token for uploads. */
  readonly password: string;
  /** Whether PyPI trusted publishing can work here: only inside GitHub Actions, with an OIDC token. */
  readonly trustedPublishing: boolean;
  /** The whole message for a tag the repository lacks; `nearest` is a tag it has with a name like it. */
  missingTag(tag: string, facts: { shallow: boolean; nearest: string | null }): string;
  /** How to put the checkout on a tag's commit. */
  checkOutTag(tag: string): string;
}

export const ACTION_SETTINGS: SettingNames = {
  flag: (name) => `set ${name}: true`,
  value: (name) => name,
  password: 'pass an API token as password',
  trustedPublishing: true,
  missingTag: (tag, { shallow }) =>
    shallow
      ? `tag ${tag} is not in this checkout, a shallow clone without tags: check out with fetch-depth: 0 and fetch-tags: true (release flow §5)`
      : `tag ${tag} is not in this checkout: check out with fetch-tags: true (release flow §5)`,
  checkOutTag: (tag) => `check out the tag's commit (ref: ${tag})`,
};

export const CLI_SETTINGS: SettingNames = {
  flag: (name) => `pass --${name}`,
  value: (name) => `--${name}`,
  password: 'set PYRELEASE_PASSWORD to an API token',
  trustedPublishing: false,
  missingTag: (tag, { shallow, nearest }) =>
    `no such tag ${tag}${nearest ? ` (did you mean ${nearest}?)` : ''}: ${
      shallow ? 'this clone is shallow; git fetch --unshallow --tags' : 'git fetch --tags'
    } brings the remote's tags, git tag --list shows the ones here`,
  checkOutTag: (tag) => `git switch --detach ${tag} first`,
};
