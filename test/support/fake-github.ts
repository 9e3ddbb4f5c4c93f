import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** A local stand-in for the GitHub REST API's release endpoint: answers `status`, records requests. */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  status = 201;
  /** The API URL, set by forSuite() once started. */
  url = '';
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : null;
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        res.statusCode = this.status;
        if (this.status >= 400) {
          res.end(JSON.stringify({ message: 'Server Error' }));
          return;
        }
        const tag = (body as { tag_name?: string } | null)?.tag_name ?? '';
        res.end(
          JSON.stringify({
            id: this.requests.length,
            html_url: `https://github.example/releases/tag/${tag}`,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /**
   * One FakeGitHub for a whole test file: started before its tests, stopped after them, its record
   * and status reset after each test. `url` is the API URL once started.
   */
  static forSuite(): FakeGitHub {
    const github = new FakeGitHub();
    beforeAll(async () => {
      github.url = await github.start();
    });
    afterAll(() => github.stop());
    afterEach(() => {
      github.requests.length = 0;
      github.status = 201;
    });
    return github;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
