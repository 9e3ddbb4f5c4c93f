import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A package index that records uploads and answers PEP 691 simple pages from them: what cut-release
 * asks before it tags and when it looks for unpublished tags. Uploading is played by `upload` (the
 * upload itself is tested against a real pypiserver elsewhere); here only what the index holds counts.
 */
export class IndexFake {
  /** Normalized project name -> file names. */
  readonly files = new Map<string, Set<string>>();
  url = '';
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const match = /^\/simple\/([^/]+)\/$/.exec(req.url ?? '');
      const held = match ? this.files.get(match[1]) : undefined;
      if (!held) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' });
      res.end(
        JSON.stringify({
          meta: { 'api-version': '1.1' },
          name: match?.[1],
          files: [...held].map((filename) => ({ filename, url: filename, hashes: {} })),
        }),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/legacy/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  upload(name: string, version: string, kinds: readonly ('sdist' | 'wheel')[]): void {
    const project = name.toLowerCase().replace(/[-_.]+/g, '-');
    const stem = `${project.replace(/-/g, '_')}-${version}`;
    const held = this.files.get(project) ?? new Set<string>();
    for (const kind of kinds) held.add(kind === 'sdist' ? `${stem}.tar.gz` : `${stem}-py3-none-any.whl`);
    this.files.set(project, held);
  }

  /** The kinds of file the index holds of one version. */
  holds(name: string, version: string): Set<'sdist' | 'wheel'> {
    const project = name.toLowerCase().replace(/[-_.]+/g, '-');
    const stem = `${project.replace(/-/g, '_')}-${version}`;
    const held = this.files.get(project) ?? new Set<string>();
    const kinds = new Set<'sdist' | 'wheel'>();
    if (held.has(`${stem}.tar.gz`)) kinds.add('sdist');
    if (held.has(`${stem}-py3-none-any.whl`)) kinds.add('wheel');
    return kinds;
  }
}
