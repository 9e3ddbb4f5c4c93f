import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCommand } from '../src/git/exec.js';
import { attestationDecision, signDistributions, sigstoreIdentity } from '../src/publish/attestations.js';
import { twineUploadArgs } from '../src/publish/upload.js';
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
  it('asks the runner for a token of audience sigstore, masks it, and signs with it alone', async () => {
    const asked: string[] = [];
    const masked: string[] = [];
    const token = await sigstoreIdentity(
      { idToken: async (audience) => (asked.push(audience), 'eyJ.runner-sigstore-token.sig') },
      (secret) => masked.push(secret),
    );
    expect([token, asked, masked]).toEqual([
      'eyJ.runner-sigstore-token.sig',
      ['sigstore'],
      ['eyJ.runner-sigstore-token.sig'],
    ]);
    await expect(sigstoreIdentity({}, () => {})).rejects.toThrow(
      'cannot sign attestations: the job has no OIDC token to sign with; give it permissions: id-token: write, or set attestations: false',
    );
    await expect(
      sigstoreIdentity({ idToken: () => Promise.reject(new Error('HTTP 403')) }, () => {}),
    ).rejects.toThrow(
      'cannot sign attestations: the runner refused an OIDC token for sigstore (HTTP 403); nothing was uploaded',
    );
  });

  it('fails in one line, writing no attestation, when sigstore refuses the token or cannot be reached', async () => {
    // The machines that run these tests cannot reach Sigstore (docs/failure-policy.md), and no real
    // workflow token exists here: the real pypi-attestations and sigstore code runs up to the token.
    const jwt = ['{"alg":"RS256"}', '{"sub":"repo:octo/aetherflow:ref:refs/tags/x"}']
      .map((p) => Buffer.from(p).toString('base64url'))
      .join('.');
    const error = await signDistributions(PYTHON, [wheel], `${jwt}.c2ln`).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^signing attestations failed \(pypi-attestations\): .+; nothing was uploaded\. To publish without them, set attestations: false$/,
    );
    expect(error?.message).not.toContain(jwt);
    expect(existsSync(`${wheel}.publish.attestation`)).toBe(false);
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
