import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiCheckMode } from '../config/keys.js';
import { describeError, UserError } from '../errors.js';
import type { RepositoryReader } from '../git/repository.js';
import type { Logger } from '../logger.js';
import { releasedPackages, type PackagePlan, type ReleasePlan } from '../plan/types.js';
import { pythonWith } from '../publish/python.js';
import { parseToml } from '../toml/pyproject.js';
import { bumpVersion, compareVersions, releaseOf, type Version } from '../versioning/version.js';
import { describeBreakage } from './findings.js';
import { compareApis, GRIFFE, type ApiComparison } from './griffe.js';
import { apiModulesOf, type ApiModule } from './modules.js';
import { writeModules, type ModuleAt } from './trees.js';

/**
 * The API check (docs/configuration.md, `api-check`): each package whose planned version is below what
 * a breaking change needs has its public API at its last final compared with the head's, by griffe.
 */

export interface ApiCheckRequest {
  /** Where the trees griffe reads and pyrelease's private venv go (RUNNER_TEMP, or the system's). */
  readonly tempDir: string;
  readonly logger: Logger;
  /** The input or option; absent: each package's `api-check` (default `warn`). */
  readonly mode?: ApiCheckMode;
  /** The step that needs Python, for the error when there is none (`cut-release`, `pyrelease plan`). */
  readonly usedBy: string;
}

/** Breaking changes a package's planned version does not cover. */
export interface ApiBreaks {
  readonly package: string;
  readonly mode: ApiCheckMode;
  /** In words, at most BREAKAGE_LIMIT. */
  readonly changes: readonly string[];
  /** How many more griffe found. */
  readonly more: number;
  /** The last final compared with. */
  readonly since: string;
  readonly planned: Version;
  /** The version a breaking change needs: the last final's next major (minor below 1.0.0). */
  readonly needs: Version;
}

export interface ApiReport {
  /** The packages griffe compared. */
  readonly compared: readonly string[];
  readonly breaks: readonly ApiBreaks[];
  /** What went wrong (griffe could not read a module, no Python): shown with the plan's warnings. */
  readonly notes: readonly string[];
  /**
   * Packages it could not compare (no module it can tell, none at the last final), with their mode: a
   * warning where the package asks for `raise` or `fail`, a line of the log where it only warns.
   */
  readonly unchecked: readonly { readonly text: string; readonly mode: ApiCheckMode }[];
}

/** A package the check compares: planned below what a break needs, with its modules. */
interface Candidate {
  readonly plan: PackagePlan;
  readonly mode: ApiCheckMode;
  readonly needs: Version;
  readonly modules: readonly ApiModule[];
}

/** `only`: the packages to compare (those a plan made again releases for the first time); absent: all. */
export async function checkApis(
  reader: RepositoryReader,
  plan: ReleasePlan,
  request: ApiCheckRequest,
  only?: ReadonlySet<string>,
): Promise<ApiReport> {
  const notes: string[] = [];
  const unchecked: { text: string; mode: ApiCheckMode }[] = [];
  const none = { compared: [], breaks: [], notes, unchecked };
  const candidates = await candidatesOf(reader, plan, request, unchecked, only);
  if (candidates.length === 0) return none;
  const scratch = mkdtempSync(join(request.tempDir, 'pyrelease-api-'));
  try {
    const comparisons = (await writeTrees(reader, plan.head, candidates, scratch, unchecked)).filter(
      (c) => c.modules.length > 0,
    );
    if (comparisons.length === 0) return none;
    const python = await pythonFor(candidates, request, notes);
    if (python === null) return none;
    const reports = await strictly(candidates, notes, () => compareApis(python, comparisons, scratch));
    if (reports === null) return none;
    const breaks: ApiBreaks[] = [];
    for (const report of reports) {
      const c = candidates.find((x) => x.plan.package.name === report.name) as Candidate;
      incomplete(c, report.errors, notes);
      if (report.breakages.length === 0) continue;
      breaks.push({
        package: report.name,
        mode: c.mode,
        changes: report.breakages.map(describeBreakage),
        more: report.more,
        since: c.plan.lastFinal?.tag as string,
        planned: releaseOf(c.plan.next as Version),
        needs: c.needs,
      });
    }
    return { compared: comparisons.map((c) => c.name), breaks, notes, unchecked };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The released packages the check compares: not `off`, with a last final, planned below its next major
 * (minor below 1.0.0), with modules it can tell. What it cannot tell is a note.
 */
async function candidatesOf(
  reader: RepositoryReader,
  plan: ReleasePlan,
  request: ApiCheckRequest,
  unchecked: { text: string; mode: ApiCheckMode }[],
  only?: ReadonlySet<string>,
): Promise<Candidate[]> {
  const wanted = releasedPackages(plan).flatMap((p) => {
    if (only && !only.has(p.package.name)) return [];
    const mode = request.mode ?? p.package.settings.apiCheck;
    if (mode === 'off' || !p.lastFinal) return [];
    const needs = bumpVersion(p.lastFinal.version, 'major');
    return compareVersions(releaseOf(p.next as Version), needs) < 0 ? [{ plan: p, mode, needs }] : [];
  });
  if (wanted.length === 0) return [];
  const files = new Set(await reader.listFiles(plan.head));
  const specs = wanted.map((w) => `${plan.head}:${w.plan.package.pyprojectPath}`);
  const texts = await reader.readFiles(specs);
  return wanted.flatMap((w, i) => {
    const pkg = w.plan.package;
    const doc = parseToml((texts.get(specs[i]) as Buffer).toString('utf8'), pkg.pyprojectPath);
    const api = apiModulesOf(doc, pkg.path, pkg.declaredName, pkg.settings.apiModules, files);
    if ('modules' in api) return [{ ...w, modules: api.modules }];
    const reason = 'unmapped' in api ? api.unmapped : api.none;
    unchecked.push({ text: `${pkg.name}: not checked by the API check: ${reason}`, mode: w.mode });
    return [];
  });
}

/** Each candidate's modules at its last final and at the head, written under `scratch`. */
async function writeTrees(
  reader: RepositoryReader,
  head: string,
  candidates: readonly Candidate[],
  scratch: string,
  unchecked: { text: string; mode: ApiCheckMode }[],
): Promise<ApiComparison[]> {
  const at = (c: Candidate, m: ApiModule, i: number, j: number, side: 'old' | 'new'): ModuleAt => ({
    commit: side === 'old' ? (c.plan.lastFinal?.commit as string) : head,
    root: [c.plan.package.path, m.root].filter((p) => p !== '.').join('/') || '.',
    module: m.name,
    into: join(scratch, String(i), String(j), side),
  });
  const olds = candidates.flatMap((c, i) => c.modules.map((m, j) => at(c, m, i, j, 'old')));
  const news = candidates.flatMap((c, i) => c.modules.map((m, j) => at(c, m, i, j, 'new')));
  const found = await writeModules(reader, [...olds, ...news]);
  let index = 0;
  return candidates.map((c) => {
    const modules = c.modules.map(() => {
      const k = index++;
      return { name: olds[k].module, old: olds[k].into, new: news[k].into, present: found.has(k) };
    });
    if (!modules.some((m) => m.present)) {
      unchecked.push({
        text: `${c.plan.package.name}: not checked by the API check: ${c.modules.map((m) => m.name).join(', ')} not found at ${c.plan.lastFinal?.tag}`,
        mode: c.mode,
      });
    }
    return {
      name: c.plan.package.name,
      modules: modules.filter((m) => m.present).map(({ name, old, new: now }) => ({ name, old, new: now })),
    };
  });
}

/**
 * A Python with griffe. Without one, a check that only warns says so and the release goes on; one
 * that raises or fails cannot be skipped in silence, so the run stops.
 */
function pythonFor(
  candidates: readonly Candidate[],
  request: ApiCheckRequest,
  notes: string[],
): Promise<string | null> {
  return strictly(candidates, notes, () =>
    pythonWith([GRIFFE], request.tempDir, request.logger, request.usedBy),
  );
}

/**
 * `work`, whose failure (no Python, griffe ended by a signal or a time limit) stops the run where a
 * package asks for `raise` or `fail`, and is a note that the check did not run where all only warn.
 */
async function strictly<T>(
  candidates: readonly Candidate[],
  notes: string[],
  work: () => Promise<T>,
): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const strict = candidates.filter((c) => c.mode !== 'warn').map((c) => c.plan.package.name);
    if (strict.length > 0) {
      throw new UserError(
        `the API check could not run, and api-check is "raise" or "fail" for ${strict.join(', ')}; nothing was changed: ${describeError(error)}`,
      );
    }
    notes.push(`the API check did not run: ${describeError(error)}`);
    return null;
  }
}

/**
 * Files griffe could not read (newer syntax than the Python that runs it, a broken file): its report
 * cannot tell what they break, so a package that asks for `raise` or `fail` stops the run.
 */
function incomplete(c: Candidate, errors: readonly string[], notes: string[]): void {
  if (errors.length === 0) return;
  const name = c.plan.package.name;
  if (c.mode !== 'warn') {
    throw new UserError(
      `${name}: the API check could not read ${errors.join('; ')}, so it cannot tell whether ${releaseOf(c.plan.next as Version).text} covers its changes (api-check = "${c.mode}"); nothing was changed: fix the file, run the check with a newer Python, or set api-check = "warn"`,
    );
  }
  notes.push(`${name}: the API check could not read ${errors.join('; ')}: its comparison is incomplete`);
}
