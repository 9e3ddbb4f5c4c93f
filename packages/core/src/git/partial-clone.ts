/**
 * Blobless clones (`git clone --filter=blob:none`, actions/checkout's `filter: blob:none`) hold every
 * commit and tree but only the blobs their checkout needed. git fetches a missing blob when something
 * reads it, one round trip per object: a plan that reads pyproject.toml, version files and changelogs
 * at many tags would make dozens. pyrelease instead finds the blobs a read needs from the trees, which
 * are present, and fetches the missing ones in one request before reading them.
 */

/** `git config --get-regexp` for the remotes that promise the objects a partial clone lacks. */
export const PROMISOR_CONFIG = ['config', '--get-regexp', '^remote\\..*\\.promisor$'];

/** The promisor remote from `git config --get-regexp` output (`remote.origin.promisor true`), or null. */
export function promisorRemoteOf(configOutput: string): string | null {
  for (const line of configOutput.split('\n')) {
    const match = /^remote\.(.+)\.promisor (.*)$/.exec(line.trim());
    if (match && /^(true|yes|on|1)$/i.test(match[2])) return match[1];
  }
  return null;
}

/**
 * The fetch git itself runs for missing objects of a partial clone (object names on stdin): no
 * negotiation, no tags, no FETCH_HEAD, no submodules, and the clone's filter kept.
 */
export function blobFetchArgs(remote: string): string[] {
  return [
    '-c',
    'fetch.negotiationAlgorithm=noop',
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    '--recurse-submodules=no',
    '--filter=blob:none',
    '--stdin',
    '--end-of-options',
    remote,
  ];
}

/** A `<rev>:<path>` spec split into the tree that holds the file (`<rev>:<dir>`) and its name. */
export function treeOfSpec(spec: string): { tree: string; name: string } | null {
  const colon = spec.indexOf(':');
  if (colon < 0) return null;
  const path = spec.slice(colon + 1);
  const slash = path.lastIndexOf('/');
  return {
    tree: `${spec.slice(0, colon + 1)}${slash < 0 ? '' : path.slice(0, slash)}`,
    name: path.slice(slash + 1),
  };
}

/**
 * The object name (hex) of the file `name` in a raw tree object (`<mode> <name>\0<id>` entries), or
 * null when the tree has no such file (a folder or a submodule is not one).
 */
export function blobInTree(tree: Buffer, name: string, idBytes: number): string | null {
  const wanted = Buffer.from(name, 'utf8');
  let i = 0;
  while (i < tree.length) {
    const space = tree.indexOf(0x20, i);
    const nul = tree.indexOf(0, space);
    if (space < 0 || nul < 0) return null;
    const mode = tree.toString('latin1', i, space);
    const entry = tree.subarray(space + 1, nul);
    const id = tree.subarray(nul + 1, nul + 1 + idBytes);
    i = nul + 1 + idBytes;
    // 100644 and 100755 files, 120000 symbolic links: blobs. 40000 trees, 160000 submodules: not.
    if ((mode.startsWith('10') || mode === '120000') && entry.equals(wanted)) return id.toString('hex');
  }
  return null;
}
