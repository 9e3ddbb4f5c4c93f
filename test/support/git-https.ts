import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * A bare repository served over https by `git http-backend`, the way GitHub serves one: fetch and
 * push only with `Authorization: basic base64(x-access-token:<token>)`, anything else gets 401.
 * Its certificate is self-signed; `env` points git at it (GIT_SSL_CAINFO), verification stays on.
 */
export class GitHttpsServer {
  url = '';
  /** Every Authorization header of every request, duplicates kept (Node would join or drop them). */
  readonly authorizations: string[][] = [];
  private server: Server | null = null;
  private readonly certDir = mkdtempSync(join(tmpdir(), 'pyrelease-git-https-'));

  constructor(
    private readonly bareRepo: string,
    private readonly token: string,
    /** Serves the repository at `/<owner>/<name>`, the shape of a GitHub URL. */
    private readonly owner: string | null = null,
  ) {}

  get env(): Record<string, string> {
    return { GIT_SSL_CAINFO: join(this.certDir, 'cert.pem') };
  }

  async start(): Promise<this> {
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(this.certDir, 'key.pem'),
      '-out',
      join(this.certDir, 'cert.pem'),
    ]);
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    const expected = `basic ${Buffer.from(`x-access-token:${this.token}`).toString('base64')}`;
    this.server = createServer(
      {
        key: readFileSync(join(this.certDir, 'key.pem')),
        cert: readFileSync(join(this.certDir, 'cert.pem')),
      },
      (req, res) => {
        const sent = req.headersDistinct.authorization ?? [];
        this.authorizations.push(sent);
        if (sent.length !== 1 || sent[0].toLowerCase() !== expected.toLowerCase()) {
          res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
          res.end('authentication required\n');
          return;
        }
        const url = new URL(req.url ?? '/', 'https://127.0.0.1');
        const backend = spawn('git', ['http-backend'], {
          env: {
            PATH: process.env.PATH,
            GIT_PROJECT_ROOT: dirname(this.bareRepo),
            GIT_HTTP_EXPORT_ALL: '1',
            REMOTE_USER: 'x-access-token',
            REMOTE_ADDR: '127.0.0.1',
            REQUEST_METHOD: req.method ?? 'GET',
            PATH_INFO: decodeURIComponent(url.pathname).replace(this.owner ? `/${this.owner}/` : /^$/, '/'),
            QUERY_STRING: url.search.slice(1),
            CONTENT_TYPE: req.headers['content-type'] ?? '',
            HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
            GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
          },
        });
        const out: Buffer[] = [];
        backend.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        backend.on('close', () => {
          const all = Buffer.concat(out);
          const end = all.indexOf('\r\n\r\n');
          const headers: Record<string, string> = {};
          let status = 200;
          for (const line of all.subarray(0, end).toString('latin1').split('\r\n')) {
            const at = line.indexOf(':');
            const [name, value] = [line.slice(0, at).trim(), line.slice(at + 1).trim()];
            if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
            else if (name) headers[name] = value;
          }
          res.writeHead(status, headers);
          res.end(all.subarray(end + 4));
        });
        req.pipe(backend.stdin);
      },
    );
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `https://127.0.0.1:${port}/${this.owner ? `${this.owner}/` : ''}${basename(this.bareRepo)}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.certDir, { recursive: true, force: true });
  }
}
