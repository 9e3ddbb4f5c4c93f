import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normalizeName } from '../versioning/tags.js';
import type { Version } from '../versioning/version.js';

/** The name part of wheel (PEP 427) and sdist (PEP 625) file names: normalized, `-` as `_`. */
export function fileNamePart(name: string): string {
  return normalizeName(name).replace(/-/g, '_');
}

/**
 * Why `file` is not a distribution of exactly `name` `version`, or null when it is: a wheel
 * `{name}-{version}(-{build})?-{py}-{abi}-{platform}.whl` or an sdist `{name}-{version}.tar.gz`.
 */
export function artifactProblem(file: string, name: string, version: Version): string | null {
  let parts: string[];
  if (file.endsWith('.whl')) {
    parts = file.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return `${file} is not a valid wheel file name (PEP 427)`;
  } else if (file.endsWith('.tar.gz')) {
    const stem = file.slice(0, -7);
    const dash = stem.indexOf('-');
    parts = dash < 0 ? [stem] : [stem.slice(0, dash), stem.slice(dash + 1)];
    if (parts.length !== 2) return `${file} is not a valid sdist file name (PEP 625)`;
  } else {
    return `${file} is neither a wheel (.whl) nor an sdist (.tar.gz)`;
  }
  // Both parts must be spelled normalized, as PEP 625 and the binary distribution format require.
  const [fileName, fileVersion] = parts;
  if (fileName !== fileNamePart(name)) return `${file} is named ${fileName}, not ${fileNamePart(name)}`;
  if (fileVersion !== version.text) return `${file} has version ${fileVersion}, not ${version.text}`;
  return null;
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
