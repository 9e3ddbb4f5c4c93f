import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** A Release the fake holds, as the list endpoint shows it (newest first by `created_at`). */
export interface FakeRelease {
  readonly tag_name: string;
  readonly created_at: string;
  readonly body?: string;
  readonly prerelease?: boolean;
  readonly make_latest?: string;
}

/** A comment on a pull request, as the issue comments endpoints show it. */
export interface FakeComment {
  readonly id: number;
  body: string;
  readonly user: { readonly login: string };
  readonly issue: number;
}

/** The merge settings GET /repos/{owner}/{repo} answers with (GitHub's defaults unless a test sets them). */
export const DEFAULT_REPOSITORY_SETTINGS = {
  allow_merge_commit: true,
  allow_squash_merge: true,
  allow_rebase_merge: true,
  squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
  squash_merge_commit_message: 'COMMIT_MESSAGES',
};

/**
 * A local stand-in for the parts of GitHub's REST API pyrelease calls: creating and listing a
 * repository's Releases, reading a branch's protection and the repository's merge settings, and a pull
 * request's comments. Every request is recorded; `status`, when
 * set to an error, is the answer to every request.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  status = 201;
  /** The Releases the repository has: those created through the fake, and those a test puts in. */
  readonly releases: FakeRelease[] = [];
  /** Every POST /releases loses its connection before an answer (and creates nothing). */
  dropCreates = false;
  /** Branches GitHub's branch protection would report as protected. */
  readonly protectedBranches = new Set<string>();
  /** The pull requests' comments; those posted through the fake are by `commenter`. */
  readonly comments: FakeComment[] = [];
  commenter = 'github-actions[bot]';
  /** Answers GET /repos/{owner}/{repo}; fields a test deletes are left out of the answer. */
  repository: Record<string, unknown> = { ...DEFAULT_REPOSITORY_SETTINGS };
  /** Every request to the comments endpoints is refused as a fork's read-only token is. */
  readOnly = false;
  /** The API URL, set by forSuite() once started. */
  url = '';
  private server: Server | null = null;

  /**
   * `basePath`: where the API lives on the host, as on a GitHub Enterprise Server (`/api/v3`); a
   * request outside it is answered 404, as a client that ignored it would be.
   */
  constructor(readonly basePath = '') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : null;
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (this.status >= 400) return answer(res, this.status, { message: 'Server Error' });
        const url = new URL(req.url ?? '/', 'http://fake');
        if (!url.pathname.startsWith(`${this.basePath}/`)) return answer(res, 404, { message: 'Not Found' });
        url.pathname = url.pathname.slice(this.basePath.length);
        this.route(req.method ?? '', url, body, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${this.basePath}`;
  }

  private route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    if (/^\/repos\/[^/]+\/[^/]+\/issues\//.test(url.pathname))
      return this.routeComments(method, url, body, res);
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+$/.test(url.pathname))
      return answer(res, 200, this.repository);
    const branch = /^\/repos\/[^/]+\/[^/]+\/branches\/(.+)$/.exec(url.pathname);
    if (method === 'GET' && branch) {
      const name = decodeURIComponent(branch[1]);
      return answer(res, 200, { name, protected: this.protectedBranches.has(name) });
    }
    if (!/^\/repos\/[^/]+\/[^/]+\/releases$/.test(url.pathname))
      return answer(res, 404, { message: 'Not Found' });
    if (method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const newestFirst = [...this.releases].sort((a, b) => b.created_at.localeCompare(a.created_at));
      return answer(res, 200, newestFirst.slice((page - 1) * perPage, page * perPage));
    }
    const created = body as { tag_name: string; body?: string; prerelease?: boolean };
    if (this.dropCreates) {
      // The request reached GitHub and the answer never came back (a killed runner, a lost connection).
      res.destroy();
      return;
    }
    if (this.releases.some((r) => r.tag_name === created.tag_name)) {
      return answer(res, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      });
    }
    this.releases.push({ ...created, created_at: new Date().toISOString() });
    answer(res, this.status, {
      id: this.requests.length,
      html_url: `https://github.example/releases/tag/${created.tag_name}`,
    });
  }

  private routeComments(method: string, url: URL, body: unknown, res: ServerResponse): void {
    if (this.readOnly && method !== 'GET')
      return answer(res, 403, { message: 'Resource not accessible by integration' });
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const text = (body as { body?: string } | null)?.body ?? '';
    // GitHub refuses a comment body over 65,536 characters.
    if (method !== 'GET' && text.length > 65_536)
      return answer(res, 422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
      });
    if (list && method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = this.comments.filter((c) => c.issue === Number(list[1]));
      return answer(res, 200, all.slice((page - 1) * perPage, page * perPage));
    }
    if (list && method === 'POST') {
      const comment = {
        id: 1000 + this.comments.length,
        body: text,
        user: { login: this.commenter },
        issue: Number(list[1]),
      };
      this.comments.push(comment);
      return answer(res, 201, comment);
    }
    const found = one ? this.comments.find((c) => c.id === Number(one[1])) : undefined;
    if (found && method === 'PATCH') {
      if (found.user.login !== this.commenter) return answer(res, 403, { message: 'Forbidden' });
      found.body = text;
      return answer(res, 200, found);
    }
    return answer(res, 404, { message: 'Not Found' });
  }

  /**
   * One FakeGitHub for a whole test file: started before its tests, stopped after them, its record,
   * Releases, protected branches and status reset after each test. `url` is the API URL once started.
   */
  static forSuite(basePath = ''): FakeGitHub {
    const github = new FakeGitHub(basePath);
    beforeAll(async () => {
      github.url = await github.start();
    });
    afterAll(() => github.stop());
    afterEach(() => {
      github.requests.length = 0;
      github.releases.length = 0;
      github.protectedBranches.clear();
      github.comments.length = 0;
      github.commenter = 'github-actions[bot]';
      github.repository = { ...DEFAULT_REPOSITORY_SETTINGS };
      github.readOnly = false;
      github.status = 201;
      github.dropCreates = false;
    });
    return github;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.end(JSON.stringify(body));
}
