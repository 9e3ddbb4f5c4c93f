import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { planAt, repositoryPlanRequest, type PlanAtRequest, type PlanRequest } from '../plan/planner.js';
import { releasedPackages, type ReleasePlan } from '../plan/types.js';
import { checkApis, type ApiBreaks, type ApiCheckRequest, type ApiReport } from './check.js';

/**
 * A plan with the API check applied (api-check.ts): `warn` adds a warning to the plan for each package
 * whose planned version a breaking change needs more than; `raise` plans again with the bump raised and
 * the changes in its changelog; `fail` stops the run with the list, before anything is changed.
 */
export function planCheckingApi(
  git: Git,
  request: PlanAtRequest,
  api: ApiCheckRequest | null,
): Promise<{ readonly plan: ReleasePlan; readonly api: ApiReport | null }> {
  return git.keepReading(async () => {
    const first = await planAt(git, request);
    if (api === null) return { plan: first, api: null };
    const reader = new RepositoryReader(git);
    let report = await checkApis(reader, first, api);
    let plan = first;
    // A raised bump can release a dependent the first plan left alone (the cascade): it is checked too.
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const failing = report.breaks.filter((b) => b.mode === 'fail');
      if (failing.length > 0) throw new UserError(failingMessage(failing));
      const raising = report.breaks.filter((b) => b.mode === 'raise');
      if (raising.length === 0) break;
      const checked = new Set(releasedPackages(plan).map((p) => p.package.name));
      plan = await planAt(git, {
        ...request,
        apiBreaking: new Map(raising.map((b) => [b.package, b.changes])),
      });
      const newly = new Set(
        releasedPackages(plan)
          .map((p) => p.package.name)
          .filter((n) => !checked.has(n)),
      );
      if (newly.size === 0) break;
      report = merged(report, await checkApis(reader, plan, api, newly));
    }
    return { plan: { ...plan, warnings: [...plan.warnings, ...warningsOf(report, plan, api)] }, api: report };
  });
}

/** Rounds of raising, each releasing dependents the one before did not: a chain of them is short. */
const MAX_ROUNDS = 4;

function merged(a: ApiReport, b: ApiReport): ApiReport {
  return {
    compared: [...a.compared, ...b.compared],
    breaks: [...a.breaks, ...b.breaks],
    notes: [...a.notes, ...b.notes],
    unchecked: [...a.unchecked, ...b.unchecked],
  };
}

/**
 * What the plan says of the check: what went wrong, a package it could not compare where it asks for
 * more than a warning (the others are a line of the log), each break the planned version does not cover
 * where it warns, and where it raises but a Release-As version stays below what the break needs.
 */
function warningsOf(report: ApiReport, plan: ReleasePlan, api: ApiCheckRequest): string[] {
  for (const u of report.unchecked) if (u.mode === 'warn') api.logger.info(u.text);
  const keptReleaseAs = report.breaks.filter(
    (b) => b.mode === 'raise' && plan.packages.some((p) => p.package.name === b.package && p.releaseAs),
  );
  return [
    ...report.notes,
    ...report.unchecked.filter((u) => u.mode !== 'warn').map((u) => u.text),
    ...[...report.breaks.filter((b) => b.mode === 'warn'), ...keptReleaseAs].map(warning),
  ];
}

/** planFromRepository with the API check applied (the CLI's `plan`). */
export async function planRepositoryCheckingApi(
  git: Git,
  request: PlanRequest,
  api: ApiCheckRequest | null,
): Promise<{ readonly plan: ReleasePlan; readonly api: ApiReport | null }> {
  return planCheckingApi(git, await repositoryPlanRequest(git, request), api);
}

/** The report as `--json` gives it: each package's breaking changes, and what the check could not do. */
export function apiReportJson(report: ApiReport | null) {
  if (report === null) return null;
  return {
    compared: report.compared,
    breaking: report.breaks.map((b) => ({
      package: b.package,
      mode: b.mode,
      since: b.since,
      planned: b.planned.text,
      needs: b.needs.text,
      changes: b.changes,
      more: b.more,
    })),
    notes: [...report.notes, ...report.unchecked.map((u) => u.text)],
  };
}

/** The changes in one line: the first few, and how many more. */
function listed(b: ApiBreaks, shown = 5): string {
  const more = b.changes.length - shown + b.more;
  return `${b.changes.slice(0, shown).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function warning(b: ApiBreaks): string {
  const fix =
    b.mode === 'raise'
      ? `A Release-As version is kept as it is: make it ${b.needs.text} or above, or undo the changes`
      : 'Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"';
  return `${b.package}: the API check found breaking changes since ${b.since} that ${b.planned.text} does not cover (they need ${b.needs.text}): ${listed(b)}. ${fix}`;
}

function failingMessage(failing: readonly ApiBreaks[]): string {
  const each = failing.map(
    (b) => `${b.package} (${b.planned.text}, they need ${b.needs.text} since ${b.since}): ${listed(b, 20)}`,
  );
  return `the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: ${each.join(' | ')}. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"`;
}
