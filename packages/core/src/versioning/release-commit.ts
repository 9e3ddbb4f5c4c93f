import { isValidProjectName } from './tags.js';
import { tryParseVersion } from './version.js';

/** What a release commit made by pyrelease names: one package and its new version. */
export interface ReleaseCommitSubject {
  readonly name: string;
  readonly version: string;
}

/** The message of the release commit of `name` at `version`: `release(<name>): <version>`, nothing else. */
export function releaseCommitMessage(name: string, version: string): string {
  return `release(${name}): ${version}`;
}

/**
 * The package and version of a message that pyrelease wrote for a release commit, or null. Strict on
 * purpose: the whole message is the one line pyrelease writes (git may add one newline), the name is a
 * Python distribution name and the version PEP 440, so a person's commit that merely starts with
 * `release(…)` (loop-guard's pattern) is not mistaken for one.
 */
export function parseReleaseCommitMessage(message: string): ReleaseCommitSubject | null {
  const match = /^release\(([^()\s]+)\): (\S+)\n?$/.exec(message);
  if (!match) return null;
  const [, name, version] = match;
  if (!isValidProjectName(name) || tryParseVersion(version)?.text !== version) return null;
  return { name, version };
}

/**
 * The package and version of a commit that has the shape of every release commit pyrelease makes:
 * its message (parseReleaseCommitMessage) and one parent (release commits of a run form one chain on
 * the base commit). Whether its files are that package's release files is asked where packages are known.
 */
export function releaseCommitSubject(commit: {
  readonly message: string;
  readonly parents: readonly string[];
}): ReleaseCommitSubject | null {
  return commit.parents.length === 1 ? parseReleaseCommitMessage(commit.message) : null;
}
