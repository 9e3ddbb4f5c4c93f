import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATH_WITH_TOOLS, VENV_BIN } from './python.js';

/** Real uv from the test venv, offline (a workspace of local members needs no index), with its own cache. */
export class Uv {
  private readonly cache = mkdtempSync(join(tmpdir(), 'pyrelease-uv-cache-'));

  run(cwd: string, ...args: string[]): { code: number; output: string } {
    const result = spawnSync(join(VENV_BIN, 'uv'), args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: PATH_WITH_TOOLS,
        UV_CACHE_DIR: this.cache,
        UV_OFFLINE: '1',
        NO_COLOR: '1',
      },
    });
    return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  }

  /** `uv <args>`, which must succeed: its output. */
  ok(cwd: string, ...args: string[]): string {
    const result = this.run(cwd, ...args);
    if (result.code !== 0) throw new Error(`uv ${args.join(' ')} failed: ${result.output}`);
    return result.output;
  }

  cleanup(): void {
    rmSync(this.cache, { recursive: true, force: true });
  }
}
