import { type InternalRequirement } from '../../src/dependencies/requirements.js';
import { type CommitRecord } from '../../src/git/records.js';
import { computePlan } from '../../src/plan/compute.js';
import { type ReleaseMode } from '../../src/versioning/channels.js';
import { type Package } from '../../src/workspace/package.js';
import { type VersionGroup } from '../../src/workspace/groups.js';

/** A linear history built oldest first; `release` adds a release commit off the line and tags it. */
export class Story {
  readonly commits: CommitRecord[] = [];
  readonly tags: { name: string; commit: string }[] = [];
  /** Version groups the plans keep to. */
  groups: VersionGroup[] = [];
  private n = 0;
  private tip: string | null = null;

  commit(message: string, ...files: string[]): string {
    const sha = `c${++this.n}`.padEnd(40, '0');
    this.commits.unshift({ sha, parents: this.tip ? [this.tip] : [], message, files });
    this.tip = sha;
    return sha;
  }
  merge(message: string, other: string): string {
    const sha = `m${++this.n}`.padEnd(40, '0');
    this.commits.unshift({ sha, parents: [this.tip as string, other], message, files: [] });
    this.tip = sha;
    return sha;
  }
  /** A release commit on top of the current tip (outside the base branch), tagged. */
  tag(...names: string[]): void {
    let parent = this.tip as string;
    for (const name of names) {
      const sha = `r${++this.n}`.padEnd(40, '0');
      this.commits.unshift({
        sha,
        parents: [parent],
        message: `release: ${name}`,
        files: ['x/pyproject.toml'],
      });
      this.tags.push({ name, commit: sha });
      parent = sha;
    }
  }
  plan(
    mode: ReleaseMode,
    packages: Package[],
    tagFormat?: string,
    line?: string,
    releasedRequirements?: ReadonlyMap<string, readonly InternalRequirement[]>,
  ) {
    return computePlan({
      mode,
      packages,
      tags: this.tags,
      history: { head: this.tip as string, commits: this.commits },
      tagFormat,
      line,
      releasedRequirements,
      groups: this.groups,
    });
  }
}
