import {
  apiReportJson,
  commandFreeJson,
  formatPlanHeading,
  formatPlanTable,
  formatReleaseCommit,
  type Git,
  parseMode,
  planRepositoryCheckingApi,
  planToJson,
  prepareReleases,
  RecordingLogger,
  userCacheDir,
} from '../../core/src/index.js';
import { apiCheckOption, flag, required, str, type Values } from './args.js';

import { branchLabel, resolveBaseRef } from './base-ref.js';
import { cliLogger } from './cli-logger.js';
import type { CliIO } from './main.js';
import type { Terminal } from './terminal.js';

/** `pyrelease plan`: the release plan of a branch, with the API check, changing nothing. */

export async function planCommand(values: Values, git: Git, io: CliIO, term: Terminal): Promise<number> {
  const mode = parseMode(required(values, 'mode'), '--mode');
  const remote = str(values, 'remote') ?? 'origin';
  const baseRef = await resolveBaseRef(git, remote, required(values, 'base-branch'));
  const preparing = new RecordingLogger();
  const json = flag(values, 'json');
  // What the API check says as it goes (installing griffe, a package it cannot compare) is said on
  // stderr with --verbose: stdout is the plan alone, and --json lists the packages it did not compare.
  const apiLogger = cliLogger({ ...io, stdout: flag(values, 'verbose') ? io.stderr : () => {} }, term);
  const { plan, api, prepared } = await git.keepReading(async () => {
    const { plan, api } = await planRepositoryCheckingApi(
      git,
      {
        mode,
        baseRef,
        packageGlobs: (values.packages as string[] | undefined) ?? [],
        tagFormat: str(values, 'tag-format'),
        line: str(values, 'line'),
      },
      { tempDir: userCacheDir(), logger: apiLogger, mode: apiCheckOption(values), usedBy: 'pyrelease plan' },
    );
    // Which files each release commit changes, found as cut-release finds them; nothing is written.
    const prepared = await prepareReleases(git, plan, new Date().toISOString().slice(0, 10), preparing);
    return { plan, api, prepared };
  });
  const logger = cliLogger(io, term);
  for (const warning of [...plan.warnings, ...preparing.warnings]) logger.warning(warning);
  const changes = new Map(prepared.map((r) => [r.name, r.changes]));
  io.stdout(
    json
      ? // Programs read this, so it is never fenced with stop-commands: it is made command-free instead.
        commandFreeJson(
          JSON.stringify(
            {
              baseBranch: required(values, 'base-branch'),
              baseRef,
              ...planToJson(plan, changes),
              apiCheck: apiReportJson(api),
            },
            null,
            2,
          ),
        )
      : [
          term.out(formatPlanHeading(plan, branchLabel(baseRef, remote)), 'bold'),
          formatPlanTable(plan),
          ...prepared.map(formatReleaseCommit),
        ].join('\n'),
  );
  return 0;
}
