import { afterAll, beforeAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../test/support/action-runner.js';

/**
 * The CLI as a user runs it: the `pyrelease` bin of the package as npm packs it, run by `npm exec`.
 * Packed once for a whole test file (before its tests), removed after them.
 */
export class InstalledCli {
  private dir = '';
  private tarball = '';

  static forSuite(): InstalledCli {
    const cli = new InstalledCli();
    beforeAll(() => {
      cli.dir = mkdtempSync(join(tmpdir(), 'pyrelease-cli-'));
      const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', cli.dir], {
        cwd: ROOT,
        encoding: 'utf8',
        env: cli.env(),
      });
      cli.tarball = join(cli.dir, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);
    }, 120_000);
    afterAll(() => rmSync(cli.dir, { recursive: true, force: true }));
    return cli;
  }

  private env() {
    return {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_cache: join(this.dir, 'cache'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
  }

  /** `pyrelease <args>` in `cwd`: its exit code, stdout and stderr. */
  run(cwd: string, ...args: string[]) {
    const run = spawnSync('npm', ['exec', '--yes', `--package=${this.tarball}`, '--', 'pyrelease', ...args], {
      cwd,
      encoding: 'utf8',
      env: this.env(),
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }
}
