import { UserError } from '../errors.js';
import type { Git } from '../git/git.js';
import { RepositoryReader } from '../git/repository.js';
import { planAt, repositoryPlanRequest, type PlanAtRequest, type PlanRequest } from '../plan/planner.js';
import type { ReleasePlan } from '../plan/types.js';
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
    const report = await checkApis(new RepositoryReader(git), first, api);
    const failing = report.breaks.filter((b) => b.mode === 'fail');
    if (failing.length > 0) throw new UserError(failingMessage(failing));
    const raising = report.breaks.filter((b) => b.mode === 'raise');
    const plan =
      raising.length === 0
        ? first
        : await planAt(git, { ...request, apiBreaking: new Map(raising.map((b) => [b.package, b.changes])) });
    // A package the check could not compare is a warning where it asks for more than a warning.
    for (const u of report.unchecked) if (u.mode === 'warn') api.logger.info(u.text);
    const warnings = [
      ...report.notes,
      ...report.unchecked.filter((u) => u.mode !== 'warn').map((u) => u.text),
      ...report.breaks.filter((b) => b.mode === 'warn').map(warning),
    ];
    return { plan: { ...plan, warnings: [...plan.warnings, ...warnings] }, api: report };
  });
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
  return `${b.package}: the API check found breaking changes since ${b.since} that ${b.planned.text} does not cover (they need ${b.needs.text}): ${listed(b)}. Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"`;
}

function failingMessage(failing: readonly ApiBreaks[]): string {
  const each = failing.map(
    (b) => `${b.package} (${b.planned.text}, they need ${b.needs.text} since ${b.since}): ${listed(b, 20)}`,
  );
  return `the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: ${each.join(' | ')}. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"`;
}
