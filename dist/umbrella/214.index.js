export const id = 214;
export const ids = [214];
export const modules = {

/***/ 5214:
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
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 123 modules
var src = __webpack_require__(5865);
// EXTERNAL MODULE: ./actions/shared/src/inputs.ts
var inputs = __webpack_require__(7310);
// EXTERNAL MODULE: ./actions/shared/src/log.ts
var log = __webpack_require__(993);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(157);
;// CONCATENATED MODULE: ./actions/release-preview/src/pull-request-api.ts


const TIMEOUT_MS = 30_000;
const request = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });
/**
 * The merge methods the repository allows and what its squash commits say (GET /repos/{owner}/{repo});
 * null, with a warning, when the API does not tell (a token that may not read them).
 */
async function mergeSettings(target, logger) {
    try {
        const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
        const { data } = await octokit.rest.repos.get({
            owner: target.owner,
            repo: target.repo,
            request: request(),
        });
        const { allow_merge_commit: merge, allow_squash_merge: squash, allow_rebase_merge: rebase } = data;
        if (typeof merge !== 'boolean' || typeof squash !== 'boolean' || typeof rebase !== 'boolean') {
            logger.warning('merge-method auto: the API did not say which merge methods the repository allows: the commits are planned as they are; set merge-method to be sure');
            return null;
        }
        return {
            allowed: { merge, squash, rebase },
            squash: {
                title: data.squash_merge_commit_title === 'PR_TITLE' ? 'PR_TITLE' : 'COMMIT_OR_PR_TITLE',
                message: data.squash_merge_commit_message === 'PR_BODY' || data.squash_merge_commit_message === 'BLANK'
                    ? data.squash_merge_commit_message
                    : 'COMMIT_MESSAGES',
            },
        };
    }
    catch (error) {
        logger.warning(`merge-method auto: could not read the repository's merge settings (${(0,src/* describeError */.Uc)(error)}): the commits are planned as they are; set merge-method to be sure`);
        return null;
    }
}
/**
 * Creates the preview's comment, or updates the one `author` wrote before (found by the marker it
 * starts with: a comment of anyone else that copies the marker is left alone). A failure is a warning:
 * the job summary has the preview anyway.
 */
async function upsertPreviewComment(target, body, author, logger) {
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
    const at = { owner: target.owner, repo: target.repo };
    try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            ...at,
            issue_number: target.number,
            per_page: 100,
            request: request(),
        });
        const mine = comments.find((c) => c.user?.login === author && c.body?.startsWith(src/* PREVIEW_MARKER */.yf));
        if (mine) {
            await octokit.rest.issues.updateComment({ ...at, comment_id: mine.id, body, request: request() });
            logger.info(`updated the preview comment on pull request #${target.number}`);
        }
        else {
            const created = await octokit.rest.issues.createComment({
                ...at,
                issue_number: target.number,
                body,
                request: request(),
            });
            logger.info(`commented the preview on pull request #${target.number}`);
            // A token of another identity (a PAT, an App's) writes as it: the next run would look for the
            // comment of `author`, miss this one and add another.
            const login = created.data.user?.login;
            if (login && login !== author)
                logger.warning(`the preview comment was written as ${login}, but comment-author is ${author}: set comment-author: ${login}, or each run adds a comment instead of updating this one`);
        }
    }
    catch (error) {
        logger.warning(`could not comment on pull request #${target.number} (the job summary has the preview; the workflow needs permissions: pull-requests: write): ${(0,src/* describeError */.Uc)(error)}`);
    }
}

;// CONCATENATED MODULE: ./actions/release-preview/src/run.ts







function pullRequestEvent() {
    let event = {};
    try {
        event = JSON.parse((0,external_node_fs_.readFileSync)(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
    }
    catch {
        // Said below: no pull request.
    }
    const pr = event.pull_request;
    // pull_request_target checks out the base branch with a token that may write: never the merge.
    if (process.env.GITHUB_EVENT_NAME === 'pull_request_target') {
        throw new src/* UserError */.yo('release-preview plans the pull request\'s merge commit, which a pull_request_target run does not check out (it runs the base branch with a token that may write): run it in a workflow "on: pull_request"');
    }
    if (!pr || typeof pr.number !== 'number' || typeof pr.title !== 'string') {
        throw new src/* UserError */.yo(`release-preview runs on pull_request events, and this is ${process.env.GITHUB_EVENT_NAME || 'no event'}: run it in a workflow "on: pull_request"`);
    }
    return {
        number: pr.number,
        title: pr.title,
        body: typeof pr.body === 'string' ? pr.body : '',
        baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : '',
        headSha: typeof pr.head?.sha === 'string' ? pr.head.sha : '',
        fromFork: pr.head?.repo?.full_name !== pr.base?.repo?.full_name,
    };
}
/** Input mode, else final for the final-branches and rc for the others. */
function modeFor(baseBranch) {
    const given = (0,inputs/* stringInput */.Uj)('mode');
    if (given)
        return (0,src/* parseMode */.Zx)(given, 'input mode');
    return (0,inputs/* listInput */.dt)('final-branches', src/* FINAL_BRANCHES */.Eb).includes(baseBranch) ? 'final' : 'rc';
}
/** How the pull request will be merged: the input, or with auto what the repository allows. */
async function mergeMethodOf(target) {
    const given = (0,inputs/* choiceInput */.ij)('merge-method', [...src/* MERGE_METHODS */.Y0, 'auto'], 'auto');
    if (given !== 'auto')
        return { method: given, titleMayBeCommit: false };
    const settings = target ? await mergeSettings(target, log/* actionLogger */.v0) : null;
    if (!settings)
        return { method: 'merge', titleMayBeCommit: true };
    return { ...(0,src/* chooseMergeMethod */.Dt)(settings.allowed), squash: settings.squash };
}
function targetOf(pr, token) {
    const [owner, repo, ...rest] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!token || !owner || !repo || rest.length > 0)
        return null;
    const apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
    return { token, owner, repo, number: pr.number, apiUrl };
}
/** The action: the event's pull request -> the preview of its merge -> summary, comment, outputs. */
async function run() {
    const token = (0,inputs/* stringInput */.Uj)('token');
    if (token)
        for (const form of (0,src/* tokenForms */.py)(token))
            core/* setSecret */.Pq(form);
    const pr = pullRequestEvent();
    // Every input is read before the summary is written: a mistake in one changes nothing.
    const comment = (0,inputs/* booleanInput */.tE)('comment', true);
    const commentAuthor = (0,inputs/* stringInput */.Uj)('comment-author', 'github-actions[bot]');
    const baseBranch = (0,inputs/* stringInput */.Uj)('base-branch') || pr.baseRef;
    const target = targetOf(pr, token);
    const merging = await mergeMethodOf(target);
    const apiCheck = (0,inputs/* choiceInput */.ij)('api-check', [...src/* API_CHECK_MODES */.Z9, ''], '');
    const git = new src/* Git */.TU(process.cwd());
    const tempDir = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const pullRequest = { number: pr.number, title: pr.title, body: pr.body };
    const preview = await (0,src/* previewRelease */.st)(git, {
        mode: modeFor(baseBranch),
        merge: (g) => (0,src/* checkedOutMerge */.WH)(g, pr.headSha || undefined),
        ...merging,
        pullRequest,
        lint: (0,inputs/* choiceInput */.ij)('lint', ['warn', 'strict'], 'warn'),
        packageGlobs: (0,inputs/* listInput */.dt)('packages'),
        tagFormat: (0,inputs/* stringInput */.Uj)('tag-format') || undefined,
        line: (0,inputs/* stringInput */.Uj)('line') || undefined,
        api: { tempDir, logger: log/* actionLogger */.v0, mode: apiCheck || undefined, usedBy: 'release-preview' },
        tempDir,
    });
    for (const [name, value] of Object.entries((0,src/* previewOutputs */.HG)(preview)))
        core/* setOutput */.uH(name, (0,src/* outputText */.jO)(value));
    for (const w of preview.warnings)
        log/* actionLogger */.v0.warning(w);
    for (const h of preview.headerProblems.filter((x) => !x.failing))
        log/* actionLogger */.v0.warning(h.text);
    await (0,log/* appendSummary */.fe)((0,src/* previewMarkdown */.ib)(preview, { baseBranch }));
    if (!comment)
        (0,log/* info */.pq)('input comment is false: the preview is in the job summary');
    else if (pr.fromFork) {
        (0,log/* info */.pq)('a pull request from a fork: its token cannot comment, so the preview is in the job summary');
    }
    else if (target) {
        const body = (0,src/* previewMarkdown */.ib)(preview, { baseBranch, marker: true, limit: src/* COMMENT_LIMIT */.W$ });
        await upsertPreviewComment(target, body, commentAuthor, log/* actionLogger */.v0);
    }
    const failure = (0,src/* previewFails */.U7)(preview);
    if (failure)
        throw new src/* UserError */.yo(failure);
}


/***/ })

};
