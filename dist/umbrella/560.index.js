export const id = 560;
export const ids = [560];
export const modules = {

/***/ 1179:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 87 modules
var src = __webpack_require__(7914);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./actions/shared/src/inputs.ts
var inputs = __webpack_require__(7310);
// EXTERNAL MODULE: ./actions/shared/src/log.ts
var log = __webpack_require__(993);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(157);
;// CONCATENATED MODULE: ./actions/cut-release/src/github-releases.ts


/**
 * One GitHub Release per tag: a prerelease for rc, the changelog section as body. Publishing depends
 * only on tags (release flow §7), so any failure here is a warning and the release stands.
 */
async function createGitHubReleases(released, target, logger) {
    const [owner, repo] = target.repository.split('/');
    if (!owner || !repo) {
        logger.warning(`GitHub Releases skipped: GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not owner/name`);
        return released.map((r) => ({ tag: r.tag, url: null }));
    }
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
    const results = [];
    for (const r of released) {
        try {
            const response = await octokit.rest.repos.createRelease({
                owner,
                repo,
                tag_name: r.tag,
                name: r.tag,
                body: r.notes,
                prerelease: r.channel === 'rc',
                make_latest: r.channel === 'rc' ? 'false' : 'legacy',
                request: { signal: AbortSignal.timeout(target.timeoutMs ?? 30_000) },
            });
            logger.info(`created GitHub Release ${r.tag}: ${response.data.html_url}`);
            results.push({ tag: r.tag, url: response.data.html_url });
        }
        catch (error) {
            logger.warning(`could not create the GitHub Release for ${r.tag} (the tag is released and publishes anyway): ${(0,src/* describeError */.Uc)(error)}`);
            results.push({ tag: r.tag, url: null });
        }
    }
    return results;
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
    const mode = (0,src/* parseMode */.Zx)((0,inputs/* requiredInput */.YF)('mode'), 'input mode');
    const dryRun = (0,inputs/* booleanInput */.tE)('dry-run', false);
    const push = (0,inputs/* booleanInput */.tE)('push', true);
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
        testedSha: testedSha(),
        token: token || null,
        webUrl: webUrl(),
        indexUrl: (0,inputs/* stringInput */.Uj)('repository-url') || undefined,
        isProtectedBranch: token ? branchProtection(github) : undefined,
    }, log/* actionLogger */.v0);
    // A dry run releases nothing, so its outputs say so: a publish job wired to them must not start.
    const released = dryRun ? [] : result.released;
    const tagged = released.map(({ notes: _notes, changes: _changes, ...r }) => r);
    core/* setOutput */.uH('released', JSON.stringify(tagged));
    const unpublished = dryRun ? [] : result.unpublished;
    core/* setOutput */.uH('unpublished', JSON.stringify(unpublished));
    // What the publish jobs take: this run's tags, and earlier ones the index still lacks.
    core/* setOutput */.uH('publish', JSON.stringify([...tagged, ...unpublished]));
    core/* setOutput */.uH('tags', released.map((r) => r.tag).join(' '));
    core/* setOutput */.uH('release-sha', dryRun ? '' : (result.releaseSha ?? ''));
    core/* setOutput */.uH('count', String(released.length));
    core/* setOutput */.uH('release-branch', result.releaseBranch);
    let created = [];
    if (result.pushed && released.length > 0 && (0,inputs/* booleanInput */.tE)('create-github-release', true)) {
        if (!token)
            core/* warning */.$e('GitHub Releases skipped: input token is empty');
        else {
            created = await createGitHubReleases(released, github, log/* actionLogger */.v0);
        }
    }
    await writeSummary(result, created, { dryRun, push });
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


/***/ })

};
