import type { TagRecord } from '../git/records.js';
import { PackageTagPattern } from '../versioning/tags.js';
import { compareVersions, type Version } from '../versioning/version.js';
import type { Package } from '../workspace/package.js';

/**
 * Tags that look like a package's releases in a shape its formats do not read: planning such a package
 * from nothing would publish versions that are out already, so the plan names the tag instead.
 */

/**
 * Tag shapes that real monorepos use. A package whose folder has tags of one of these, but none in
 * its configured formats, was released under another format: planning it from nothing would release
 * published versions again, so it is not released and named instead.
 */
const COMMON_TAG_FORMATS = [
  '{name}-v{version}',
  '{name}-{version}',
  '{name}=={version}',
  '{name}@{version}',
  '{name}/v{version}',
  '{name}/{version}',
  '{name}_v{version}',
  '{dir}-v{version}',
  '{dir}-{version}',
  '{dir}@{version}',
  '{dir}/v{version}',
  '{dir}/{version}',
  '{path}-v{version}',
  '{path}/v{version}',
  '{path}/{version}',
];
const SINGLE_PACKAGE_FORMATS = ['v{version}', '{version}'];
const SINGLE_PACKAGE_PATTERNS = SINGLE_PACKAGE_FORMATS.map(
  (f) => new PackageTagPattern(f, { name: 'x', path: '.' }),
);

/** The newest tag among `tags` that reads as one of the package's releases under a common shape. */
export function tagInOtherShape(pkg: Package, tags: readonly TagRecord[], single: boolean): string | null {
  const formats = [...COMMON_TAG_FORMATS, ...(single ? SINGLE_PACKAGE_FORMATS : [])].filter(
    (f) => pkg.path !== '.' || !(f.includes('{dir}') || f.includes('{path}')),
  );
  const shapes = formats.map((f) => new PackageTagPattern(f, pkg));
  // Every shape of a monorepo holds the name or the folder: a tag with neither is skipped unread.
  const dir = pkg.path.slice(pkg.path.lastIndexOf('/') + 1).toLowerCase();
  const name = pkg.name.replace(/-/g, '');
  const mayMatch = (tag: string) => {
    const lower = tag.toLowerCase();
    return (pkg.path !== '.' && lower.includes(dir)) || lower.replace(/[-_.]/g, '').includes(name);
  };
  let found: { tag: string; version: Version } | null = null;
  for (const tag of tags) {
    if (!single && !mayMatch(tag.name)) continue;
    for (const shape of shapes) {
      const version = shape.parse(tag.name);
      if (version && (!found || compareVersions(version, found.version) > 0))
        found = { tag: tag.name, version };
    }
  }
  return found?.tag ?? null;
}

/**
 * A repository that was one package tagged `v1.4.0`: the tag among `tags` (those no package claims)
 * whose bare version is `target`, which a package planned from nothing would publish again.
 */
export function bareVersionTag(tags: readonly TagRecord[], target: Version): TagRecord | undefined {
  return tags.find((t) => SINGLE_PACKAGE_PATTERNS.some((f) => f.parse(t.name)?.text === target.text));
}
