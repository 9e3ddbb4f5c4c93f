import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { attestationDecision, runCommand, signDistributions, twineUploadArgs } from '../src/index.js';
import { IndexProxy, PyPIServer, VENV_BIN } from '../../../test/support/python.js';

const PYTHON = join(VENV_BIN, 'python');
let dir: string;
let wheel: string;
beforeAll(() => {
  // A real wheel to sign and upload: a one-module hatchling project, built offline.
  dir = mkdtempSync(join(tmpdir(), 'pyrelease-attest-'));
  const project = join(dir, 'project');
  mkdirSync(join(project, 'src', 'attested'), { recursive: true });
  writeFileSync(
    join(project, 'pyproject.toml'),
    '[project]\nname = "attested"\nversion = "1.0.0"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
  );
  writeFileSync(join(project, 'src', 'attested', '__init__.py'), '');
  const built = spawnSync(
    PYTHON,
    ['-m', 'build', '--wheel', '--no-isolation', '--outdir', join(dir, 'dist'), project],
    {
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(built.stderr);
  wheel = join(dir, 'dist', readdirSync(join(dir, 'dist'))[0]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('when a publish signs PEP 740 attestations (pure)', () => {
  it('signs with trusted publishing to PyPI or TestPyPI only, and says why not otherwise', () => {
    const trusted = { requested: true, trustedPublishing: true };
    expect(attestationDecision({ ...trusted, repositoryUrl: 'https://upload.pypi.org/legacy/' })).toEqual({
      sign: true,
    });
    expect(attestationDecision({ ...trusted, repositoryUrl: 'https://test.pypi.org/legacy/' })).toEqual({
      sign: true,
    });
    expect(attestationDecision({ ...trusted, repositoryUrl: 'https://pypi.example.com/legacy/' })).toEqual({
      sign: false,
      notice:
        'no attestations: only PyPI and TestPyPI take them, and repository-url is https://pypi.example.com/legacy/',
    });
    expect(
      attestationDecision({
        requested: true,
        trustedPublishing: false,
        repositoryUrl: 'https://upload.pypi.org/legacy/',
      }),
    ).toEqual({
      sign: false,
      notice:
        'no attestations: they are signed with the workflow identity of trusted publishing, and an API token is set (password)',
    });
    expect(
      attestationDecision({ ...trusted, requested: false, repositoryUrl: 'https://upload.pypi.org/legacy/' }),
    ).toEqual({
      sign: false,
      notice: null,
    });
  });
});

describe('signing and uploading attestations with the real tools', () => {
  let runner: Server;
  let runnerUrl = '';
  const requests: { audience: string | null; auth: string | undefined }[] = [];
  beforeAll(async () => {
    // The runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), as sigstore's ambient detection asks it.
    runner = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ audience: url.searchParams.get('audience'), auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJub3QtYS1yZWFsLXRva2VuIn0.' }));
    });
    await new Promise<void>((resolve) => runner.listen(0, '127.0.0.1', resolve));
    runnerUrl = `http://127.0.0.1:${(runner.address() as AddressInfo).port}/token?api-version=2.0`;
  });
  afterAll(() => new Promise<void>((resolve) => runner.close(() => resolve())));

  it('asks the runner for a sigstore token with the job identity, and fails in one line when Sigstore refuses or is out of reach', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: runnerUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-123',
    };
    const error = await signDistributions(PYTHON, [wheel], env).then(
      () => null,
      (e: Error) => e,
    );
    // The machines that run these tests cannot reach Sigstore (docs/failure-policy.md): what is
    // checked is the ambient identity, never a browser login, and a clear failure that uploads nothing.
    expect(requests).toEqual([{ audience: 'sigstore', auth: 'bearer request-token-123' }]);
    expect(error?.message).toMatch(
      /^signing attestations failed \(python -m pypi_attestations sign\): .+; nothing was uploaded\. To publish without them, set attestations: false$/,
    );
    expect(error?.message).not.toContain('\n');
    expect(error?.message).not.toContain('request-token-123');
    expect(existsSync(`${wheel}.publish.attestation`)).toBe(false);
    await expect(signDistributions(PYTHON, [wheel], {})).rejects.toThrow(
      'cannot sign attestations: the job has no OIDC token to sign with; give it permissions: id-token: write, or set attestations: false',
    );
  });

  it('uploads each file with its attestation through twine --attestations', async () => {
    const index = await new PyPIServer().start();
    const proxy = await new IndexProxy(index).start();
    try {
      // What pypi_attestations sign writes next to each file (its content is Sigstore's, which is out of reach here).
      const attestation = JSON.stringify({
        version: 1,
        verification_material: { certificate: 'Zm9v' },
        envelope: {},
      });
      writeFileSync(`${wheel}.publish.attestation`, attestation);
      const args = twineUploadArgs(`${proxy.url}/`, [wheel], true);
      expect(args.slice(-3)).toEqual(['--attestations', wheel, `${wheel}.publish.attestation`]);
      await runCommand(PYTHON, args, {
        extraEnv: { TWINE_USERNAME: '__token__', TWINE_PASSWORD: 'x', NO_COLOR: '1' },
        stdout: 'log',
      });
      expect(readdirSync(index.packages)).toEqual([basename(wheel)]);
      const body = proxy.uploads.map((b) => b.toString('latin1')).join('');
      expect(body).toMatch(/name="attestations"\r\n\r\n\[\{"version": ?1/);
      expect(twineUploadArgs('u', ['a.whl'], false)).not.toContain('--attestations');
    } finally {
      rmSync(`${wheel}.publish.attestation`, { force: true });
      await proxy.stop();
      await index.stop();
    }
  });
});
