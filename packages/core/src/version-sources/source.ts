import type { TomlTable } from '../toml/pyproject.js';
import type { VersionFileFormat } from './version-file.js';

/**
 * Where a package's version lives (docs/configuration.md, "Where a package's version lives"), in this order:
 * a static string in pyproject.toml, a version file a dynamic version points at, or the tags
 * themselves when the build backend derives the version from git.
 */
export type VersionSource =
  | { readonly kind: 'pyproject'; readonly file: string; readonly table: 'project' | 'tool.poetry' }
  | {
      readonly kind: 'file';
      /** Relative to the repository root. */
      readonly file: string;
      readonly format: VersionFileFormat;
      /** The setting that points at the file, for messages: `[tool.hatch.version] path`. */
      readonly via: string;
    }
  | {
      readonly kind: 'vcs';
      /** hatch-vcs, setuptools-scm, pdm scm, poetry-dynamic-versioning, uv-dynamic-versioning. */
      readonly backend: string;
      /** The setting that chooses which tags the backend reads: named when it built another version. */
      readonly tagSetting: string;
    };

/** A package whose version pyrelease cannot place: why, in words for the plan. */
export interface Unplaceable {
  readonly unplaceable: string;
}

/** What the strategies that locate a dynamic version read: a package folder's pyproject.toml and its build. */
export interface DynamicVersionQuery {
  /** The folder's pyproject.toml, already parsed. */
  readonly doc: TomlTable;
  readonly folder: string;
  /** The repository's files (POSIX, relative to the root), to find modules in. */
  readonly files: ReadonlySet<string>;
  /** `[build-system] build-backend`, empty when there is none. */
  readonly backend: string;
  /** `[build-system] requires`, by normalized name. */
  readonly requires: ReadonlySet<string>;
}
