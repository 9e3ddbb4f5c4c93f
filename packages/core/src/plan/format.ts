import { escapeMarkdown } from '../markdown.js';
import { dependencyKey } from './cascade.js';
import type { PackagePlan, ReleasePlan } from './types.js';

export interface PlanRow {
  readonly package: string;
  readonly path: string;
  readonly previous: string;
  readonly next: string;
  readonly bump: string;
  readonly commits: number;
  readonly reason: string;
}

/** One row per package, then one per folder that is not released, with the reason. */
export function planRows(plan: ReleasePlan): PlanRow[] {
  const rows: PlanRow[] = plan.packages.map((p) => ({
    package: p.package.name,
    path: p.package.path,
    previous: p.previous?.version.text ?? '-',
    next: p.next?.text ?? '-',
    bump: p.bump ?? '-',
    commits: p.commits.length,
    reason: p.skipReason ?? releaseReason(p),
  }));
  for (const u of plan.unreleased) {
    rows.push({
      package: u.name ?? '-',
      path: u.path,
      previous: '-',
      next: '-',
      bump: '-',
      commits: 0,
      reason: `not released: ${u.reason}`,
    });
  }
  return rows;
}

function releaseReason(p: PackagePlan): string {
  const reasons: string[] = [];
  const own = (!p.group || p.group.own !== null) && (p.commits.length > 0 || p.dependencies.length === 0);
  if (own) reasons.push(ownReason(p));
  if (p.dependencies.length > 0) reasons.push(`dependency ${p.dependencies.map(dependencyKey).join(', ')}`);
  if (p.group) reasons.push(groupReason(p.group));
  return reasons.join('; ');
}

/** `group ui (fixed)`, `group ui (linked) above its own 1.0.1`. */
function groupReason(group: NonNullable<PackagePlan['group']>): string {
  const own = group.own === null ? '' : `, its own ${group.own.text}`;
  return `version group ${group.name} (${group.versioning}${own})`;
}

function ownReason(p: PackagePlan): string {
  if (p.releaseAs) return `Release-As ${p.releaseAs.version.text} in ${p.releaseAs.commit.slice(0, 7)}`;
  if (!p.lastFinal) {
    return p.declared
      ? `declared ${p.declared.text}, no final release yet`
      : `version from tags: initial-version ${p.package.settings.initialVersion.text}, no final release yet`;
  }
  return `${p.bump ?? 'patch'} bump since ${p.lastFinal.tag}`;
}

const HEADERS = ['package', 'path', 'previous', 'next', 'bump', 'commits', 'reason'] as const;

function cells(row: PlanRow): string[] {
  return HEADERS.map((h) => String(row[h]));
}

/**
 * The line above a plan table: its mode, the branch as the remote names it (`origin/test`) or as a local
 * branch, and the commit planned. The same in `plan` and `cut-release`.
 */
export function formatPlanHeading(plan: ReleasePlan, branch: string): string {
  return `${plan.mode} plan of ${branch} at ${plan.head.slice(0, 12)}`;
}

/** The plan as an aligned plain-text table for a terminal. */
export function formatPlanTable(plan: ReleasePlan): string {
  const rows = [HEADERS.map((h) => h.toUpperCase()), ...planRows(plan).map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '))
    .join('\n');
}

/** The line a plan or a release run logs for each release commit it would make. */
export function formatReleaseCommit(release: {
  readonly tag: string;
  readonly changes: readonly string[];
}): string {
  return `${release.tag}: the release commit changes ${release.changes.join(', ')}`;
}

/** The plan as a Markdown table (job summaries): cell text is escaped so it cannot break the table or make markup. */
export function formatPlanMarkdown(plan: ReleasePlan): string {
  const lines = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`];
  for (const row of planRows(plan)) lines.push(`| ${cells(row).map(escapeMarkdown).join(' | ')} |`);
  return lines.join('\n');
}

/**
 * The plan as plain data, for `--json`. `changes`: the files each released package's release commit
 * changes (prepareReleases), by package name.
 */
export function planToJson(plan: ReleasePlan, changes: ReadonlyMap<string, readonly string[]> = new Map()) {
  return {
    mode: plan.mode,
    head: plan.head,
    packages: plan.packages.map((p) => ({
      name: p.package.name,
      path: p.package.path,
      declared: p.declared?.text ?? null,
      versionSource: p.package.versionSource.kind,
      lastFinal: p.lastFinal?.version.text ?? null,
      lastAny: p.lastAny?.version.text ?? null,
      previous: p.previous?.version.text ?? null,
      next: p.next?.text ?? null,
      tag: p.tag,
      bump: p.bump,
      commits: p.commits.map((c) => ({ sha: c.sha, subject: c.message.split('\n', 1)[0] })),
      skipReason: p.skipReason,
      dependencies: p.dependencies.map(dependencyKey),
      changes: changes.get(p.package.name) ?? [],
      apiBreaking: p.apiBreaking ?? [],
      group: p.group
        ? { name: p.group.name, versioning: p.group.versioning, own: p.group.own?.text ?? null }
        : null,
    })),
    dependencyUpdates: plan.dependencyUpdates.map((u) => ({
      dependent: u.dependent,
      dependency: u.dependency,
      version: u.version.text,
      from: u.requirement.text,
      to: u.replacement,
      pin: u.pin,
      ownCommit: u.ownCommit,
    })),
    unreleased: plan.unreleased.map((u) => ({ path: u.path, name: u.name, reason: u.reason })),
    warnings: plan.warnings,
    line: plan.line,
  };
}
