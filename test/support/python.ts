import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './action-runner.js';

/** The venv of test/support/global-setup.mjs: python with build and twine, and pypi-server. */
export const VENV_BIN = join(ROOT, '.cache/py-venv/bin');
/** PATH on which `python` can build and upload. */
export const PATH_WITH_TOOLS = `${VENV_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`;
/** PATH without the test venv (test/support/python-on-path.mjs puts it first): a runner with a bare Python. */
export const PATH_WITHOUT_TOOLS = (process.env.PATH ?? '/usr/bin:/bin')
  .split(':')
  .filter((dir) => dir !== VENV_BIN)
  .join(':');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A real pypiserver on 127.0.0.1 with a fresh package folder: uploads without authentication. */
export class PyPIServer {
  url = '';
  readonly packages = mkdtempSync(join(tmpdir(), 'pyrelease-pypiserver-'));
  private child: ChildProcess | null = null;

  async start(): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(
      join(VENV_BIN, 'pypi-server'),
      [
        'run',
        '-p',
        String(port),
        '-i',
        '127.0.0.1',
        '-a',
        '.',
        '-P',
        '.',
        '--hash-algo',
        'sha256',
        '--disable-fallback',
        this.packages,
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i += 1) {
      const ok = await fetch(`${this.url}/simple/`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return this;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('pypiserver did not start');
  }

  async stop(): Promise<void> {
    this.child?.kill();
    rmSync(this.packages, { recursive: true, force: true });
  }

  /** `pip download` of one exact version: proof that what was uploaded is installable. */
  pipDownload(requirement: string): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), 'pyrelease-pip-'));
    try {
      const result = spawnSync(
        join(VENV_BIN, 'python'),
        [
          '-m',
          'pip',
          'download',
          '--no-deps',
          '--disable-pip-version-check',
          '--index-url',
          `${this.url}/simple`,
          '-d',
          dir,
          requirement,
        ],
        { encoding: 'utf8' },
      );
      return { status: result.status, output: result.stdout + result.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Sends a request on to the pypiserver and its answer back; `answered` hears the status. */
function forward(
  index: PyPIServer,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
  answered: (status: number) => void = () => {},
): void {
  const target = new URL(index.url);
  const proxied = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      path,
      method: req.method,
      headers: { ...req.headers, host: target.host },
    },
    (upstream) => {
      answered(upstream.statusCode ?? 502);
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    },
  );
  proxied.end(body);
}

/**
 * PyPI's trusted publishing, played in front of a pypiserver: `/_/oidc/audience` and
 * `/_/oidc/mint-token` answer here, everything else is proxied to the index. Also the runner's OIDC
 * token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL). Uploads must carry the minted token.
 */
export class FakeTrustedPublishing {
  url = '';
  mintStatus = 200;
  mintErrors: { code: string; description: string }[] = [];
  readonly runnerToken = 'runner-request-token-abc';
  readonly jwt = 'eyJ.fake-runner-jwt.sig';
  readonly minted = 'pypi-minted-upload-token-xyz';
  readonly log: { path: string; auth?: string; body?: string }[] = [];
  uploadsWithoutMintedToken = 0;
  private server: Server | null = null;

  constructor(private readonly index: PyPIServer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? '';
        this.log.push({
          path,
          auth: req.headers.authorization,
          body: path.startsWith('/_/') ? body.toString() : undefined,
        });
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        if (path === '/_/oidc/audience') return json(200, { audience: 'testpypi' });
        if (path.startsWith('/runner-token')) {
          const url = new URL(path, 'http://x');
          // The scheme is case-insensitive (RFC 9110); @actions/core sends `Bearer`.
          if (req.headers.authorization?.replace(/^bearer /i, 'bearer ') !== `bearer ${this.runnerToken}`)
            return json(401, { message: 'bad request token' });
          if (url.searchParams.get('audience') !== 'testpypi')
            return json(400, { message: 'wrong audience' });
          return json(200, { value: this.jwt });
        }
        if (path === '/_/oidc/mint-token') {
          if (this.mintStatus !== 200)
            return json(this.mintStatus, { message: 'Token request failed', errors: this.mintErrors });
          const sent = JSON.parse(body.toString() || '{}') as { token?: string };
          if (sent.token !== this.jwt)
            return json(422, { errors: [{ code: 'invalid-token', description: 'not the runner token' }] });
          return json(200, { success: true, token: this.minted });
        }
        if (req.method === 'POST') {
          const expected = `Basic ${Buffer.from(`__token__:${this.minted}`).toString('base64')}`;
          if (req.headers.authorization !== expected) {
            this.uploadsWithoutMintedToken += 1;
            return json(403, { message: 'upload without the minted token' });
          }
        }
        // PyPI takes uploads at /legacy/, pypiserver at /.
        forward(this.index, req, res, path.replace(/^\/legacy\/?/, '/'), body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this;
  }

  runnerEnv(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/runner-token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.runnerToken,
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A proxy in front of a pypiserver that can answer a request itself, to play what another job does
 * between two of ours (an upload that lands after our check). Records every request.
 */
export class IndexProxy {
  url = '';
  readonly log: { method: string; path: string; status: number }[] = [];
  /** The bodies of the uploads (POST), as sent. */
  readonly uploads: Buffer[] = [];
  /** A non-null answer is sent instead of the index's. */
  intercept: (method: string, path: string) => { status: number; body: string } | null = () => null;
  private server: Server | null = null;

  constructor(private readonly index: PyPIServer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        if (method === 'POST') this.uploads.push(Buffer.concat(chunks));
        const own = this.intercept(method, path);
        if (own) {
          this.log.push({ method, path, status: own.status });
          res.writeHead(own.status, { 'content-type': 'text/html' });
          res.end(own.body);
          return;
        }
        forward(this.index, req, res, path, Buffer.concat(chunks), (status) =>
          this.log.push({ method, path, status }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Runs a Python script in the test venv (where `packaging` is) with `input` as JSON on stdin, and reads
 * its one line of JSON: the oracle of the PEP 440 tests, one process per batch.
 */
export function pythonOracle<T>(lines: readonly string[], input: unknown): T {
  const result = spawnSync(join(VENV_BIN, 'python'), ['-c', lines.join('\n')], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`packaging oracle failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
