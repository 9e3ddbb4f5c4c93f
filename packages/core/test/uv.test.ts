import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/index.js';
import { parseToml } from '../src/toml/pyproject.js';
import { setLockedVersion } from '../src/updaters/uv-lock.js';
import { parseVersion } from '../src/versioning/version.js';
import { readUvWorkspace } from '../src/workspace/uv.js';
import { scanValueSpans } from '../src/toml/scan.js';

const LOCK = `version = 1
revision = 5
requires-python = ">=3.11"

[manifest]
members = [
    "alpha",
    "beta",
    "root",
]

[[package]]
name = "alpha"
version = "0.1.0"
source = { editable = "packages/alpha" }

[[package]]
name = "beta"
version = "0.1.0"   # a comment stays
source = { editable = "packages/beta" }
dependencies = [
    { name = "alpha" },
]

[package.metadata]
requires-dist = [{ name = "alpha", editable = "packages/alpha" }]

[[package]]
name = "alpha"
version = "9.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "root"
version = "0.1.0"
source = { virtual = "." }
`;

describe('uv workspaces (pure)', () => {
  it('reads members and exclude, and whether the root is a package as uv decides it', () => {
    const root = (toml: string) => readUvWorkspace(parseToml(toml, 'pyproject.toml'));
    expect(root('[project]\nname = "r"\nversion = "1"\n')).toBeNull();
    expect(
      root(
        '[project]\nname = "r"\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/x"]\n',
      ),
    ).toEqual({
      members: ['packages/*'],
      exclude: ['packages/x'],
      rootIsPackage: false,
    });
    const built =
      '[project]\nname = "r"\n[build-system]\nrequires = ["hatchling"]\n[tool.uv.workspace]\nmembers = []\n';
    expect(root(built)?.rootIsPackage).toBe(true);
    expect(root(`${built}[tool.uv]\npackage = false\n`)?.rootIsPackage).toBe(false);
    expect(() => root('[tool.uv.workspace]\nmembers = "packages/*"\n')).toThrow(
      new UserError('pyproject.toml: [tool.uv.workspace].members must be a list of folder globs'),
    );
  });

  it('numbers the elements of arrays of tables, also in their sub-tables', () => {
    const paths = scanValueSpans(LOCK).map((s) => s.path.join('.'));
    expect(paths).toContain('package.[1].version');
    expect(paths).toContain('package.[1].metadata.requires-dist');
    expect(paths).toContain('package.[3].source');
  });
});

describe('uv.lock (pure)', () => {
  const v = parseVersion('0.2.0');

  it('rewrites only the version of the member listed from its folder, byte for byte around it', () => {
    const beta = setLockedVersion(LOCK, 'uv.lock', { name: 'beta', path: 'packages/beta' }, v);
    expect(beta).toBe(
      LOCK.replace('version = "0.1.0"   # a comment stays', 'version = "0.2.0"   # a comment stays'),
    );
    const alpha = setLockedVersion(LOCK, 'uv.lock', { name: 'alpha', path: 'packages/alpha' }, v) as string;
    // The registry release of the same name is another package: it keeps its version.
    expect(alpha).toContain('name = "alpha"\nversion = "0.2.0"\nsource = { editable = "packages/alpha" }');
    expect(alpha).toContain('version = "9.0.0"');
    expect(setLockedVersion(LOCK, 'uv.lock', { name: 'root', path: '.' }, v)).toContain(
      'version = "0.2.0"\nsource = { virtual = "." }',
    );
    // A lock in a package folder resolves its sources from there.
    const own =
      'version = 1\nrevision = 3\n\n[[package]]\nname = "c"\nversion = "1.0"\nsource = { editable = "." }\n';
    expect(setLockedVersion(own, 'libs/c/uv.lock', { name: 'c', path: 'libs/c' }, v)).toContain(
      'version = "0.2.0"',
    );
    expect(setLockedVersion(own, 'uv.lock', { name: 'c', path: 'libs/c' }, v)).toBeNull();
  });

  it('leaves a member without a locked version alone (uv does not lock dynamic versions)', () => {
    const dynamic = 'version = 1\nrevision = 5\n\n[[package]]\nname = "d"\nsource = { editable = "d" }\n';
    expect(setLockedVersion(dynamic, 'uv.lock', { name: 'd', path: 'd' }, v)).toBeNull();
  });

  it('refuses a lock format newer than it knows when it lists the member, naming the file', () => {
    const entry = '\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { editable = "a" }\n';
    expect(() => setLockedVersion(`version = 2\n${entry}`, 'uv.lock', { name: 'a', path: 'a' }, v)).toThrow(
      'uv.lock: lock format version 2 revision 0 is newer than pyrelease knows (version 1, revision up to 5); update pyrelease',
    );
    expect(() =>
      setLockedVersion(`version = 1\nrevision = 6\n${entry}`, 'uv.lock', { name: 'a', path: 'a' }, v),
    ).toThrow(/revision 6 is newer/);
    // A lock that does not list it (a fixture, another tool's file) is none of its business.
    expect(setLockedVersion('# nothing\n', 'tests/fixtures/uv.lock', { name: 'a', path: 'a' }, v)).toBeNull();
  });
});
