/**
 * Messages name a setting the way the user gives it: an action input (`allow-dirty: true`) or a CLI
 * option (`--allow-dirty`). The core speaks through this, never through either one's words.
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
}

export const ACTION_SETTINGS: SettingNames = {
  flag: (name) => `set ${name}: true`,
  value: (name) => name,
  password: 'pass an API token as password',
  trustedPublishing: true,
};

export const CLI_SETTINGS: SettingNames = {
  flag: (name) => `pass --${name}`,
  value: (name) => `--${name}`,
  password: 'set PYRELEASE_PASSWORD to an API token',
  trustedPublishing: false,
};
