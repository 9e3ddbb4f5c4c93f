import { folderOf, type Package, type UnreleasedFolder } from './package.js';

/**
 * Maps a changed file to the package that owns it: the nearest package folder above it, so a package
 * nested in another (or the root package) does not count its neighbours' changes. A folder that is not
 * released and sits in no package but the root owns its files too (null), so a legacy package's changes
 * do not release the root; inside a package it is part of it (a template with a setup.py).
 */
export class PackageOwnership {
  private readonly byPath: Map<string, Package | null>;
  constructor(packages: readonly Package[], unreleased: readonly UnreleasedFolder[] = []) {
    const inPackage = (folder: string) =>
      packages.some((p) => p.path !== '.' && folder.startsWith(`${p.path}/`));
    this.byPath = new Map<string, Package | null>(
      unreleased.filter((u) => !inPackage(u.path)).map((u) => [u.path, null]),
    );
    for (const p of packages) this.byPath.set(p.path, p);
  }
  ownerOf(file: string): Package | null {
    let folder = folderOf(file);
    for (;;) {
      const owner = this.byPath.get(folder);
      if (owner !== undefined) return owner;
      if (folder === '.') return null;
      folder = folderOf(folder);
    }
  }

  /** Who owns the files of exactly this folder: a package, null (an unreleased project), undefined (neither). */
  ownerAt(folder: string): Package | null | undefined {
    return this.byPath.get(folder);
  }
}
