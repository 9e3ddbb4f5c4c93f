import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseExpectation } from '../src/index.js';
import { artifactProblem } from '../src/publish/artifacts.js';
import { existingFiles, indexEndpoints } from '../src/publish/package-index.js';
import { parseCommandLine } from '../src/publish/python.js';
import { parseVersion } from '../src/versioning/version.js';

describe('artifact names (PEP 427 wheels, PEP 625 sdists)', () => {
  const v = parseVersion('1.0.0rc1');
  it.each([
    ['aetherflow_core-1.0.0rc1-py3-none-any.whl', null],
    ['aetherflow_core-1.0.0rc1-1-cp311-cp311-manylinux_2_17_x86_64.whl', null],
    ['aetherflow_core-1.0.0rc1.tar.gz', null],
    [
      'Aetherflow.Core-1.0.0rc1.tar.gz',
      'Aetherflow.Core-1.0.0rc1.tar.gz is named Aetherflow.Core, not aetherflow_core',
    ],
    [
      'aetherflow_core-1.0.0-py3-none-any.whl',
      'aetherflow_core-1.0.0-py3-none-any.whl has version 1.0.0, not 1.0.0rc1',
    ],
    [
      'aetherflow_core-1.0.0-rc.1.tar.gz',
      'aetherflow_core-1.0.0-rc.1.tar.gz has version 1.0.0-rc.1, not 1.0.0rc1',
    ],
    [
      'aetherflow_core_extra-1.0.0rc1.tar.gz',
      'aetherflow_core_extra-1.0.0rc1.tar.gz is named aetherflow_core_extra, not aetherflow_core',
    ],
    [
      'aetherflow_core-1.0.0rc1.zip',
      'aetherflow_core-1.0.0rc1.zip is neither a wheel (.whl) nor an sdist (.tar.gz)',
    ],
    [
      'aetherflow_core-1.0.0rc1-py3.whl',
      'aetherflow_core-1.0.0rc1-py3.whl is not a valid wheel file name (PEP 427)',
    ],
  ])('%s', (file, problem) => {
    expect(artifactProblem(file, 'Aetherflow-Core', v)).toBe(problem);
  });
});

describe('index endpoints', () => {
  it('puts PyPI simple and OIDC endpoints on pypi.org, TestPyPI on test.pypi.org, others beside the upload URL', () => {
    expect(indexEndpoints('https://upload.pypi.org/legacy/')).toEqual({
      simple: 'https://pypi.org/simple/',
      base: 'https://pypi.org',
    });
    expect(indexEndpoints('https://test.pypi.org/legacy/')).toEqual({
      simple: 'https://test.pypi.org/simple/',
      base: 'https://test.pypi.org',
    });
    expect(indexEndpoints('http://127.0.0.1:8080/')).toEqual({
      simple: 'http://127.0.0.1:8080/simple/',
      base: 'http://127.0.0.1:8080',
    });
    expect(() => indexEndpoints('pypi')).toThrow('repository-url "pypi" is not a URL');
    expect(() => indexEndpoints('ftp://x/')).toThrow('repository-url "ftp://x/" must be an http(s) URL');
  });

  it('reads PEP 691 JSON answers and treats an unknown project as having no files', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/simple/aetherflow-core/') {
        res.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
        res.end(
          JSON.stringify({
            files: [{ filename: 'aetherflow_core-1.0.tar.gz', hashes: { sha256: 'ab'.repeat(32) } }],
          }),
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const simple = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
    try {
      expect([...(await existingFiles(simple, 'Aetherflow_Core'))]).toEqual([
        ['aetherflow_core-1.0.tar.gz', 'ab'.repeat(32)],
      ]);
      expect((await existingFiles(simple, 'nothing')).size).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('build commands and inputs', () => {
  it('splits a command line without a shell and points python at the interpreter with the tools', () => {
    expect(parseCommandLine('python -m build --sdist', '/venv/bin/python')).toEqual([
      '/venv/bin/python',
      '-m',
      'build',
      '--sdist',
    ]);
    expect(parseCommandLine(`uv build --out-dir 'my dir' "a b"`, 'py')).toEqual([
      'uv',
      'build',
      '--out-dir',
      'my dir',
      'a b',
    ]);
    expect(parseCommandLine('make dist; rm -rf / $(x)', 'py')).toEqual([
      'make',
      'dist;',
      'rm',
      '-rf',
      '/',
      '$(x)',
    ]);
    expect(() => parseCommandLine('python "unclosed', 'py')).toThrow(
      'build-command "python \\"unclosed" has an unclosed " quote',
    );
    expect(() => parseCommandLine('  ', 'py')).toThrow('build-command is empty');
  });

  it('takes expect as any or a list of channels, final admitting post releases', () => {
    expect(parseExpectation('rc')).toEqual(['rc']);
    expect(parseExpectation(' any ')).toBe('any');
    expect(parseExpectation('alpha, beta,rc')).toEqual(['alpha', 'beta', 'rc']);
    expect(parseExpectation('final')).toEqual(['final', 'post']);
    expect(parseExpectation('post final')).toEqual(['post', 'final']);
    expect(() => parseExpectation('gamma')).toThrow(
      'expect must be any, or one or more of alpha, beta, rc, dev, final or post (separated by commas), got "gamma"',
    );
    expect(() => parseExpectation('')).toThrow('expect must be any');
    expect(() => parseExpectation('any, rc')).toThrow('expect must be any');
  });
});
