import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { VENV_BIN } from '../support/python.js';

/**
 * The uv workspace of a simulated repository: the root that lists the members, the edits people make
 * to it (a new package, a requirement on a sibling, a folder moved), and what invariant 7 reads at a
 * tag (the requirements and versions of the members, `uv lock --check`, packaging's answer).
 */

/** Every package a simulated repository can have: the two it starts with and two added later. */
export const ALL_NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;
/** Where packages live: a package starts under libs/ and may move to packages/. */
export const FOLDERS = ['libs', 'packages'] as const;
export type Folder = (typeof FOLDERS)[number];

/** A virtual workspace root: only the members, no project of its own. */
export const ROOT_PYPROJECT = `[tool.uv.workspace]\nmembers = [${FOLDERS.map((f) => `"${f}/*"`).join(', ')}]\n`;

/** The shapes of requirement people write on a sibling, from its version `v` on the branch. */
export const REQUIREMENT_SHAPES = ['>=', '==', '~=', 'bare', 'below-next-major'] as const;
export type RequirementShape = (typeof REQUIREMENT_SHAPES)[number];

export function requirementText(name: string, shape: RequirementShape, version: string): string {
  const [major, minor] = version.split('.');
  switch (shape) {
    case 'bare':
      return name;
    case '~=':
      return `${name}~=${major}.${minor}`;
    case 'below-next-major':
      return `${name}>=${version},<${Number(major) + 1}`;
    default:
      return `${name}${shape}${version}`;
  }
}

/**
 * `pyproject` with `requirement` added to `[project].dependencies` and the sibling taken from the
 * workspace (`[tool.uv.sources]`), as a person writes it: one list on one line.
 */
export function withRequirement(pyproject: string, dependency: string, requirement: string): string {
  const list = /^dependencies = \[(.*)\]$/m.exec(pyproject);
  const entry = JSON.stringify(requirement);
  let text = list
    ? pyproject.replace(list[0], `dependencies = [${list[1]}, ${entry}]`)
    : pyproject.replace(/^(requires-python = .*)$/m, `$1\ndependencies = [${entry}]`);
  const source = `${dependency} = { workspace = true }`;
  text = text.includes('[tool.uv.sources]\n')
    ? text.replace('[tool.uv.sources]\n', `[tool.uv.sources]\n${source}\n`)
    : `${text.trimEnd()}\n\n[tool.uv.sources]\n${source}\n`;
  return text;
}

/** A member's name, version and requirements (name and specifier) as its pyproject.toml has them. */
export interface Member {
  readonly name: string;
  readonly version: string;
  readonly requires: readonly { readonly name: string; readonly specifier: string }[];
}

export function readMember(pyproject: string): Member {
  const project = (
    parse(pyproject) as { project: { name: string; version: string; dependencies?: string[] } }
  ).project;
  const requires = (project.dependencies ?? []).map((r) => {
    const match = /^([A-Za-z0-9._-]+)\s*(.*)$/.exec(r) as RegExpExecArray;
    return { name: match[1], specifier: match[2].trim() };
  });
  return { name: project.name, version: project.version, requires };
}

/** uv from the test venv, offline (the members require nothing from an index), quiet. */
export function uv(cwd: string, args: readonly string[]): { ok: boolean; output: string } {
  const run = spawnSync(join(VENV_BIN, 'uv'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, UV_OFFLINE: '1', UV_NO_PROGRESS: '1' },
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** `uv lock` as a person runs it after editing the workspace: it must succeed. */
export function lock(cwd: string): void {
  const run = uv(cwd, ['lock', '--quiet']);
  if (!run.ok) throw new Error(`uv lock failed in the simulated repository: ${run.output}`);
}

/** `uv lock --check` on the tree of `commit` in the bare repository `origin`: null when it passes. */
export function lockCheckAt(origin: string, commit: string, scratch: string): string | null {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: origin, maxBuffer: 1 << 28 });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', scratch], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  try {
    const run = uv(scratch, ['lock', '--check']);
    return run.ok ? null : run.output;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Whether each specifier admits its version, as Python's `packaging` answers (the oracle of the
 * property tests): one Python process for all of them.
 */
export function admitted(pairs: readonly { specifier: string; version: string }[]): boolean[] {
  if (pairs.length === 0) return [];
  const script = [
    'import json, sys',
    'from packaging.specifiers import SpecifierSet',
    'from packaging.version import Version',
    'pairs = json.load(sys.stdin)',
    'print(json.dumps([SpecifierSet(s).contains(Version(v)) for s, v in pairs]))',
  ].join('\n');
  const run = spawnSync(join(VENV_BIN, 'python'), ['-c', script], {
    input: JSON.stringify(pairs.map((p) => [p.specifier, p.version])),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`packaging failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as boolean[];
}
