export const id = 110;
export const ids = [110];
export const modules = {

/***/ 6110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 123 modules
var src = __webpack_require__(5865);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./actions/shared/src/inputs.ts
var inputs = __webpack_require__(7310);
// EXTERNAL MODULE: ./actions/shared/src/log.ts
var log = __webpack_require__(993);
;// CONCATENATED MODULE: ./actions/cut-release/src/signing-inputs.ts



/**
 * The signing inputs: `signing-key` (with `signing-format` and `signing-passphrase`), masked in the
 * log line by line before anything can print them. Undefined: the release is not signed.
 */
function signingInputs(tempDir) {
    const key = (0,inputs/* stringInput */.Uj)('signing-key');
    // Not trimmed: spaces at either end of a passphrase are part of it.
    const passphrase = (0,inputs/* stringInputUntrimmed */.J$)('signing-passphrase');
    for (const secret of [key, passphrase])
        for (const line of secret.split(/\r?\n/))
            if (line.trim())
                core/* setSecret */.Pq(line.trim());
    const format = (0,inputs/* choiceInput */.ij)('signing-format', ['ssh', 'openpgp', ''], '');
    if (!key) {
        if (format || passphrase)
            throw new src/* UserError */.yo('signing-format and signing-passphrase need signing-key, which is empty');
        return undefined;
    }
    return { kind: 'key', key, format: format || undefined, passphrase: passphrase || undefined, tempDir };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(157);
;// CONCATENATED MODULE: ./actions/cut-release/src/release-backlog.ts

/** The list call asks for one page of this many Releases, newest first. */
const RELEASE_LIST_PAGE = 100;
/** A run creates at most this many missing Releases; the next run goes on with the rest. */
const MOST_BACKFILLED_PER_RUN = 20;
/**
 * Per package, its tags newer than its newest tag that has a Release. A tag older than the oldest
 * Release of a full page may have its Release on a later page, so it is never taken for missing. A
 * package none of whose tags has a Release (a repository that turns Releases on late) gets its newest
 * one only, not its history.
 */
function missingReleases(tagsByPackage, listed) {
    const has = new Set(listed.map((r) => r.tag));
    const cutoff = listed.length >= RELEASE_LIST_PAGE ? Math.min(...listed.map((r) => r.createdAt.getTime())) : null;
    const missing = tagsByPackage.flatMap((newestFirst) => {
        const gap = [];
        for (const t of newestFirst) {
            if (has.has(t.tag))
                return gap.reverse();
            if (cutoff !== null && t.taggedAt.getTime() < cutoff)
                return gap.reverse();
            gap.push(t);
        }
        return gap.slice(0, 1);
    });
    // Oldest first (a stable sort: a package's tags of one second stay in version order).
    missing.sort((a, b) => a.taggedAt.getTime() - b.taggedAt.getTime());
    const own = missing.filter((t) => t.onReleaseBranch);
    return {
        create: own.slice(0, MOST_BACKFILLED_PER_RUN),
        later: own.slice(MOST_BACKFILLED_PER_RUN),
        elsewhere: missing.filter((t) => !t.onReleaseBranch),
    };
}
/**
 * The late Release to make the latest when the run made no final of its own: the newest final among
 * those created, if no listed Release is newer than its tag. Null: none.
 */
function latestOfBacklog(create, listed) {
    const finals = create.filter((t) => !(0,src/* isPreReleaseChannel */.k)(t.channel));
    const newest = finals[finals.length - 1];
    if (!newest)
        return null;
    const newer = listed.some((r) => r.createdAt.getTime() > newest.taggedAt.getTime());
    return newer ? null : newest;
}

;// CONCATENATED MODULE: ./actions/cut-release/src/github-releases.ts



/** owner and repo of GITHUB_REPOSITORY, or null (said once in a warning) when it is not owner/name. */
function repositoryOf(target, logger) {
    const [owner, repo, ...rest] = target.repository.split('/');
    if (owner && repo && rest.length === 0)
        return { owner, repo };
    logger.warning(`GitHub Releases skipped: GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`);
    return null;
}
/**
 * Creates one Release, complete in one request (a repository with immutable releases cannot edit it
 * later). Any failure is a warning: publishing depends only on tags (release flow §7).
 */
async function createRelease(octokit, at, release, logger) {
    try {
        const response = await octokit.rest.repos.createRelease({
            owner: at.owner,
            repo: at.repo,
            tag_name: release.tag,
            name: release.tag,
            body: release.notes,
            prerelease: (0,src/* isPreReleaseChannel */.k)(release.channel),
            make_latest: release.latest ? 'legacy' : 'false',
            request: { signal: AbortSignal.timeout(at.target.timeoutMs ?? 30_000) },
        });
        logger.info(`created GitHub Release ${release.tag}: ${response.data.html_url}`);
        return { tag: release.tag, url: response.data.html_url };
    }
    catch (error) {
        logger.warning(`could not create the GitHub Release for ${release.tag} (the tag is released and publishes anyway; the next run creates it): ${(0,src/* describeError */.Uc)(error)}`);
        return { tag: release.tag, url: null };
    }
}
/** One GitHub Release per tag of this run: a prerelease below a final, the changelog section as body. */
async function createGitHubReleases(released, target, logger) {
    const at = repositoryOf(target, logger);
    if (!at)
        return released.map((r) => ({ tag: r.tag, url: null }));
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
    const results = [];
    for (const r of released) {
        results.push(await createRelease(octokit, { ...at, target }, { ...r, latest: !(0,src/* isPreReleaseChannel */.k)(r.channel) }, logger));
    }
    return results;
}
/**
 * The Releases an earlier run did not create (killed during the request, or an API error), found with
 * one list call and created now, oldest first, for tags on the release branch as this run found it
 * (a tag pushed alone is named in a warning, never given a Release by pyrelease's token). The newest
 * late final is made the latest when this run made no final of its own and no listed Release is newer.
 * Failures are warnings.
 */
async function createMissingGitHubReleases(tagsByPackage, target, logger, latestTaken) {
    if (tagsByPackage.every((tags) => tags.length === 0))
        return [];
    const at = repositoryOf(target, logger);
    if (!at)
        return [];
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
    let listed;
    try {
        const response = await octokit.rest.repos.listReleases({
            ...at,
            per_page: RELEASE_LIST_PAGE,
            request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
        });
        listed = response.data.map((r) => ({ tag: r.tag_name, createdAt: new Date(r.created_at) }));
    }
    catch (error) {
        logger.warning(`could not list the GitHub Releases to find tags an earlier run left without one: ${(0,src/* describeError */.Uc)(error)}`);
        return [];
    }
    const backlog = missingReleases(tagsByPackage, listed);
    warnAboutBacklog(backlog, logger);
    const latest = latestTaken ? null : latestOfBacklog(backlog.create, listed);
    const results = [];
    for (const t of backlog.create) {
        logger.info(`tag ${t.tag} has no GitHub Release (an earlier run did not create it): creating it`);
        results.push(await createRelease(octokit, { ...at, target }, { ...t, latest: t === latest }, logger));
    }
    return results;
}
function warnAboutBacklog(backlog, logger) {
    if (backlog.later.length > 0) {
        logger.warning(`${backlog.create.length + backlog.later.length} tags have no GitHub Release; this run creates ${backlog.create.length}, the next run goes on with ${backlog.later.map((t) => t.tag).join(', ')}`);
    }
    if (backlog.elsewhere.length > 0) {
        logger.warning(`tags without a GitHub Release that are not on the release branch as this run found it, so pyrelease does not create one (a tag pushed without its run's branch): ${backlog.elsewhere.map((t) => t.tag).join(', ')}; create their Releases by hand if they are releases`);
    }
}
/**
 * Asks GitHub whether a branch is protected, for the release-branch guard (asked only of a release
 * branch that holds no release commit). An answer it cannot give is an error, which the guard counts
 * as protected.
 */
function branchProtection(target) {
    const [owner, repo] = target.repository.split('/');
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
    return async (branch) => {
        if (!owner || !repo)
            throw new Error(`GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`);
        const response = await octokit.rest.repos.getBranch({
            owner,
            repo,
            branch,
            request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
        });
        return response.data.protected === true;
    };
}

;// CONCATENATED MODULE: ./actions/cut-release/src/run.ts








/**
 * The commit CI tested. For `workflow_run` the run's own SHA is the default branch's tip, so the
 * tested commit is the triggering run's head_sha.
 */
function testedSha() {
    if (process.env.GITHUB_EVENT_NAME === 'workflow_run' && process.env.GITHUB_EVENT_PATH) {
        try {
            const event = JSON.parse((0,external_node_fs_.readFileSync)(process.env.GITHUB_EVENT_PATH, 'utf8'));
            if (typeof event?.workflow_run?.head_sha === 'string')
                return event.workflow_run.head_sha;
        }
        catch {
            // An unreadable event falls back to GITHUB_SHA, which the base check then compares.
        }
    }
    return process.env.GITHUB_SHA || null;
}
/** The repository's web address on github.com or a GHES server, which changelog entries link into. */
function webUrl() {
    const server = process.env.GITHUB_SERVER_URL;
    const repository = process.env.GITHUB_REPOSITORY;
    return server && repository ? `${server.replace(/\/+$/, '')}/${repository}` : undefined;
}
/** The action: inputs and event -> core -> outputs and summary. */
async function run() {
    const token = (0,inputs/* stringInput */.Uj)('token');
    // The token and the Basic authorization git sends with it: both are secrets in the log.
    if (token)
        for (const form of (0,src/* tokenForms */.py)(token))
            core/* setSecret */.Pq(form);
    // An index URL may carry credentials (https://user:token@host/…): never shown either.
    for (const secret of (0,src/* indexUrlSecrets */.Ri)((0,inputs/* stringInput */.Uj)('repository-url')))
        core/* setSecret */.Pq(secret);
    const mode = (0,src/* parseMode */.Zx)((0,inputs/* requiredInput */.YF)('mode'), 'input mode');
    const dryRun = (0,inputs/* booleanInput */.tE)('dry-run', false);
    const push = (0,inputs/* booleanInput */.tE)('push', true);
    const chunks = (0,src/* parseChunkLimits */.hw)((0,inputs/* stringInput */.Uj)('publish-chunk-size'), (0,inputs/* stringInput */.Uj)('publish-max-chunks'), [
        'input publish-chunk-size',
        'input publish-max-chunks',
    ]);
    const github = {
        token,
        repository: process.env.GITHUB_REPOSITORY ?? '',
        apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    };
    const result = await (0,src/* cutRelease */.Cw)(new src/* Git */.TU(process.cwd()), {
        mode,
        baseBranch: (0,inputs/* requiredInput */.YF)('base-branch'),
        releaseBranch: (0,inputs/* requiredInput */.YF)('release-branch'),
        remote: (0,inputs/* stringInput */.Uj)('remote', 'origin'),
        push,
        dryRun,
        allowDirty: (0,inputs/* booleanInput */.tE)('allow-dirty', false),
        skipBaseSyncCheck: (0,inputs/* booleanInput */.tE)('skip-base-sync-check', false),
        packageGlobs: (0,inputs/* listInput */.dt)('packages'),
        tagFormat: (0,inputs/* stringInput */.Uj)('tag-format') || undefined,
        line: (0,inputs/* stringInput */.Uj)('line') || undefined,
        // Empty: each package's configuration.
        apiCheck: (0,inputs/* choiceInput */.ij)('api-check', [...src/* API_CHECK_MODES */.Z9, ''], '') || undefined,
        tempDir: process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
        signing: signingInputs(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()),
        testedSha: testedSha(),
        token: token || null,
        webUrl: webUrl(),
        indexUrl: (0,src/* releaseIndexOf */.d5)((0,inputs/* stringInput */.Uj)('repository-url'), (0,src/* channelsOfMode */.b)(mode)[0]) ?? undefined,
        indexNamed: (0,inputs/* stringInput */.Uj)('repository-url').trim() !== '',
        isProtectedBranch: token ? branchProtection(github) : undefined,
    }, log/* actionLogger */.v0);
    // A dry run releases nothing, so its outputs say so: a publish job wired to them must not start.
    for (const [name, value] of Object.entries((0,src/* releaseOutputs */.mm)(result, dryRun, chunks)))
        core/* setOutput */.uH(name, (0,src/* outputText */.jO)(value));
    const created = await gitHubReleases(result, { token, github, dryRun, push });
    await writeSummary(result, created, { dryRun, push });
}
/**
 * This run's Releases, then those earlier runs left out (their tags are on the remote: a run that
 * pushes nothing still looks). A dry run and a run that does not push create none.
 */
async function gitHubReleases(result, o) {
    if (o.dryRun || !o.push || !(0,inputs/* booleanInput */.tE)('create-github-release', true))
        return [];
    if (!o.token) {
        if (result.released.length > 0)
            core/* warning */.$e('GitHub Releases skipped: input token is empty');
        return [];
    }
    const created = result.pushed ? await createGitHubReleases(result.released, o.github, log/* actionLogger */.v0) : [];
    let earlier;
    try {
        earlier = await (0,src/* readReleaseTags */.JZ)(new src/* Git */.TU(process.cwd()), result.plan, result.releaseBranchTip);
    }
    catch (error) {
        core/* warning */.$e(`could not read the release tags to find those without a GitHub Release: ${(0,src/* describeError */.Uc)(error)}`);
        return created;
    }
    // A final this run released is the latest; else the newest late final may be.
    const latestTaken = result.pushed && result.released.some((r) => !(0,src/* isPreReleaseChannel */.k)(r.channel));
    return [...created, ...(await createMissingGitHubReleases(earlier, o.github, log/* actionLogger */.v0, latestTaken))];
}
async function writeSummary(result, created, o) {
    const state = o.dryRun
        ? 'dry run, nothing changed'
        : result.pushed
            ? 'pushed'
            : o.push
                ? 'nothing to push'
                : 'not pushed (push: false)';
    const lines = [
        `### pyrelease cut-release: ${result.plan.mode} (${state})`,
        '',
        (0,src/* formatPlanMarkdown */.Sc)(result.plan),
        '',
    ];
    // What the plan left alone or could not tell (the API check's findings among them), as the log says.
    if (result.plan.warnings.length > 0) {
        lines.push('Warnings:', '', ...result.plan.warnings.map((w) => `- ${(0,src/* escapeMarkdown */.FV)(w)}`), '');
    }
    const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = process.env.GITHUB_REPOSITORY ?? '';
    if (result.released.length > 0 && !o.dryRun) {
        lines.push('Released:', '');
        for (const r of result.released) {
            const url = created.find((c) => c.tag === r.tag)?.url;
            const tagUrl = `${server}/${repository}/releases/tag/${encodeURIComponent(r.tag)}`;
            lines.push(`- ${(0,src/* escapeMarkdown */.FV)(r.tag)} (${r.channel})${url ? `: [GitHub Release](${url})` : repository ? `: [tag](${tagUrl})` : ''}`);
        }
    }
    else if (result.released.length === 0) {
        lines.push('Nothing to release.');
    }
    lines.push(...lateReleaseLines(result, created));
    if (result.released.length > 0) {
        lines.push('', o.dryRun ? 'Release commits (would change):' : 'Release commits change:', '');
        for (const r of result.released)
            lines.push(`- ${(0,src/* escapeMarkdown */.FV)(r.tag)}: ${r.changes.map(src/* escapeMarkdown */.FV).join(', ')}`);
        lines.push('');
    }
    // The same section as the changelog, the tag and the GitHub Release.
    for (const r of result.released) {
        lines.push(`<details><summary>${o.dryRun ? 'Release notes (would be)' : 'Release notes'}: ${(0,src/* escapeMarkdown */.FV)(r.tag)}</summary>`, '', r.notes, '</details>', '');
    }
    if (o.dryRun && result.commands.length > 0) {
        lines.push('Would run:', '', ...(0,src/* markdownFence */.p0)(result.commands));
    }
    await (0,log/* appendSummary */.fe)(lines.join('\n'));
}
/** The Releases this run created for tags of earlier runs (those not among its own). */
function lateReleaseLines(result, created) {
    const late = created.filter((c) => !result.released.some((r) => r.tag === c.tag));
    if (late.length === 0)
        return [];
    return [
        '',
        'GitHub Releases that earlier runs left out:',
        '',
        ...late.map((c) => `- ${(0,src/* escapeMarkdown */.FV)(c.tag)}${c.url ? `: [GitHub Release](${c.url})` : ' (not created, see the warnings)'}`),
    ];
}


/***/ })

};
