export const id = 109;
export const ids = [109];
export const modules = {

/***/ 4109:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(457);
/* harmony import */ var _packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1999);
/* harmony import */ var _shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7310);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6257);
/* harmony import */ var _shared_src_log_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(993);
// Imports stay lean on purpose (the core's lean.js and guard.js, no Octokit): loop-guard loads only
// what it runs.






function readEvent() {
    const path = process.env.GITHUB_EVENT_PATH;
    if (!path)
        throw new _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('GITHUB_EVENT_PATH is not set: loop-guard reads the event the runner provides');
    let raw;
    try {
        raw = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`cannot read the event file GITHUB_EVENT_PATH=${path}: ${(0,_packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
    }
    try {
        const event = JSON.parse(raw);
        if (event === null || typeof event !== 'object' || Array.isArray(event))
            throw new Error('not a JSON object');
        return event;
    }
    catch (error) {
        throw new _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`the event file GITHUB_EVENT_PATH=${path} is not a JSON object: ${(0,_packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
    }
}
function report(proceed, reason) {
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .setOutput */ .uH('proceed', String(proceed));
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .setOutput */ .uH('reason', reason);
    (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq)(`loop-guard: ${proceed ? 'proceed' : 'skip'}: ${reason}`);
    return (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_5__/* .appendSummary */ .fe)(`**loop-guard:** ${proceed ? 'proceed' : 'skip'} — ${(0,_packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(reason)}`);
}
/** The action: inputs and event -> core -> outputs and summary. */
async function run() {
    const eventName = process.env.GITHUB_EVENT_NAME ?? '';
    if (!eventName)
        throw new _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('GITHUB_EVENT_NAME is not set: loop-guard runs inside GitHub Actions');
    const settings = {
        botActors: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .listInput */ .dt)('bot-actors', _packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_BOT_ACTORS */ .vw),
        releaseCommitPattern: (0,_packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .compileReleaseCommitPattern */ .sd)((0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('release-commit-pattern', _packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RELEASE_COMMIT_PATTERN */ .J2)),
        branches: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .listInput */ .dt)('branches'),
        releaseBranches: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .listInput */ .dt)('release-branches', _packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RELEASE_BRANCHES */ .Z),
        prTargetBranch: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('pr-target-branch'),
        prAllowedSources: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .listInput */ .dt)('pr-allowed-sources', ['test']),
    };
    const context = {
        eventName,
        event: readEvent(),
        actor: process.env.GITHUB_ACTOR ?? '',
        ref: process.env.GITHUB_REF ?? '',
    };
    try {
        const decision = (0,_packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .decideLoopGuard */ .g9)(context, settings);
        await report(decision.proceed, decision.reason);
    }
    catch (error) {
        if (error instanceof _packages_core_src_guard_js__WEBPACK_IMPORTED_MODULE_2__/* .PromotionRuleViolation */ .Hw)
            await report(false, error.message);
        throw error;
    }
}


/***/ }),

/***/ 5166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ matchesBranchPattern)
/* harmony export */ });
/**
 * Branch names with per-run placeholders (release flow §8) and globs, matched without any dependency:
 * loop-guard uses this and must stay small.
 */
/** What each per-run placeholder stands for in a branch name. */
const PLACEHOLDER_PATTERNS = {
    '{date}': '[0-9]{8}',
    '{sha}': '[0-9a-f]{7,40}',
};
/**
 * True when `branch` is one of `patterns`: a name as written, a per-run name such as
 * `release/rc-{date}-{sha}`, or a glob (`*` within a path segment, `**` across segments, `?` one
 * character, `{a,b}` either).
 */
function matchesBranchPattern(branch, patterns) {
    return patterns.some((pattern) => pattern === branch || branchPatternRegExp(pattern).test(branch));
}
function branchPatternRegExp(pattern) {
    let source = '';
    for (let i = 0; i < pattern.length;) {
        const placeholder = Object.keys(PLACEHOLDER_PATTERNS).find((p) => pattern.startsWith(p, i));
        if (placeholder) {
            source += PLACEHOLDER_PATTERNS[placeholder];
            i += placeholder.length;
        }
        else if (pattern[i] === '{' && pattern.indexOf('}', i) > i) {
            // `{final,hotfix}`: one of the alternatives, each a pattern of its own.
            const end = pattern.indexOf('}', i);
            const alternatives = pattern.slice(i + 1, end).split(',');
            source += `(?:${alternatives.map((a) => branchPatternRegExp(a).source.slice(1, -1)).join('|')})`;
            i = end + 1;
        }
        else if (pattern.startsWith('**', i)) {
            source += '.*';
            i += 2;
        }
        else {
            const c = pattern[i];
            source += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
            i += 1;
        }
    }
    return new RegExp(`^${source}$`);
}


/***/ }),

/***/ 1999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vw: () => (/* reexport */ DEFAULT_BOT_ACTORS),
  Z: () => (/* reexport */ DEFAULT_RELEASE_BRANCHES),
  J2: () => (/* reexport */ DEFAULT_RELEASE_COMMIT_PATTERN),
  Hw: () => (/* reexport */ PromotionRuleViolation),
  sd: () => (/* reexport */ compileReleaseCommitPattern),
  g9: () => (/* reexport */ decideLoopGuard)
});

// EXTERNAL MODULE: ./packages/core/src/branch-pattern.ts
var branch_pattern = __webpack_require__(5166);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
;// CONCATENATED MODULE: ./packages/core/src/guard/loop-guard.ts


/** The one case where loop-guard fails the job: a pull request that breaks the promotion rule. */
class PromotionRuleViolation extends errors/* UserError */.yo {
    constructor(message) {
        super(message);
        this.name = 'PromotionRuleViolation';
    }
}
const DEFAULT_BOT_ACTORS = ['github-actions[bot]'];
const DEFAULT_RELEASE_COMMIT_PATTERN = '^release\\([^)]+\\): ';
const DEFAULT_RELEASE_BRANCHES = ['release-test', 'release'];
function compileReleaseCommitPattern(source) {
    try {
        // No `m` flag: only the start of the message counts, never a line of its body.
        return new RegExp(source);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`input release-commit-pattern is not a valid regular expression: ${error.message}`);
    }
}
const object = (value) => value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
const loop_guard_text = (value) => (typeof value === 'string' ? value : null);
const login = (value) => loop_guard_text(object(value)?.login);
const list = (items) => items.join(', ');
const firstLine = (message) => {
    const line = message.split(/\r?\n/, 1)[0];
    return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};
/**
 * release flow §6: should this release job run? Options A (bot actor), B (release commit message) and C
 * (workflow_run conclusion and branch), plus pushes to the release branches and tags. Every skip is a
 * decision; only the promotion rule of release flow §1-2 throws.
 */
function decideLoopGuard(ctx, settings) {
    const skip = (reason) => ({ proceed: false, reason });
    const go = (reason) => ({ proceed: true, reason });
    if (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target') {
        return pullRequest(ctx, settings);
    }
    const run = ctx.eventName === 'workflow_run' ? object(ctx.event.workflow_run) : null;
    if (ctx.eventName === 'workflow_run' && !run) {
        throw new errors/* UserError */.yo('the workflow_run event at GITHUB_EVENT_PATH has no workflow_run object');
    }
    const actors = [ctx.actor, login(run?.actor), login(run?.triggering_actor)].filter((a) => !!a);
    const bot = actors.find((a) => settings.botActors.includes(a));
    if (bot)
        return skip(`the actor ${bot} is a release bot (bot-actors), so this run was caused by a release`);
    if (run) {
        const conclusion = loop_guard_text(run.conclusion) ?? 'unknown';
        if (conclusion !== 'success')
            return skip(`the triggering workflow run concluded ${conclusion}, not success`);
        const runEvent = loop_guard_text(run.event);
        if (runEvent === 'pull_request' || runEvent === 'pull_request_target') {
            return skip('the triggering workflow run was for a pull request, not a push');
        }
        const branch = loop_guard_text(run.head_branch) ?? '';
        if ((0,branch_pattern/* matchesBranchPattern */.a)(branch, settings.releaseBranches))
            return skip(`the triggering run was on release branch ${branch}`);
        if (settings.branches.length > 0 && !settings.branches.includes(branch)) {
            return skip(`the triggering run's branch ${branch || '(none)'} is not one of ${list(settings.branches)} (branches)`);
        }
        const message = loop_guard_text(object(run.head_commit)?.message);
        if (message !== null && settings.releaseCommitPattern.test(message)) {
            return skip(`the head commit "${firstLine(message)}" is a release commit (release-commit-pattern)`);
        }
        return go(`the workflow run on ${branch} succeeded and was not caused by a release`);
    }
    if (ctx.ref.startsWith('refs/tags/'))
        return skip(`${ctx.ref} is a tag: tags publish, they never cut a release`);
    const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : '';
    if ((0,branch_pattern/* matchesBranchPattern */.a)(branch, settings.releaseBranches))
        return skip(`${branch} is a release branch (release-branches)`);
    if (ctx.eventName === 'push') {
        if (ctx.event.deleted === true)
            return skip(`the push deleted ${branch || ctx.ref}`);
        const message = loop_guard_text(object(ctx.event.head_commit)?.message);
        if (message !== null && settings.releaseCommitPattern.test(message)) {
            return skip(`the head commit "${firstLine(message)}" is a release commit (release-commit-pattern)`);
        }
        return go(`push to ${branch || ctx.ref} by ${ctx.actor || 'an unknown actor'}`);
    }
    if (ctx.eventName === 'workflow_dispatch')
        return go(`manual run (workflow_dispatch) by ${ctx.actor || 'an unknown actor'}`);
    // schedule, repository_dispatch and any other event: nothing of ours triggers them except through
    // the bot actor or a tag, both handled above.
    return go(`event ${ctx.eventName} on ${ctx.ref || 'no ref'} is not caused by a release`);
}
function pullRequest(ctx, settings) {
    const pr = object(ctx.event.pull_request);
    if (!pr)
        throw new errors/* UserError */.yo(`the ${ctx.eventName} event at GITHUB_EVENT_PATH has no pull_request object`);
    const base = object(pr.base);
    const head = object(pr.head);
    const into = loop_guard_text(base?.ref) ?? '';
    const from = loop_guard_text(head?.ref) ?? '';
    const number = typeof pr.number === 'number' ? `#${pr.number} ` : '';
    if (!settings.prTargetBranch || into !== settings.prTargetBranch) {
        return {
            proceed: true,
            reason: `pull request ${number}into ${into} is not restricted by the promotion rule`,
        };
    }
    const baseRepo = loop_guard_text(object(base?.repo)?.full_name);
    const headRepo = loop_guard_text(object(head?.repo)?.full_name);
    const fork = baseRepo !== null && headRepo !== null && baseRepo !== headRepo;
    const allowed = list(settings.prAllowedSources) || '(none)';
    if (fork || !settings.prAllowedSources.includes(from)) {
        const source = fork ? `${headRepo}:${from}` : from;
        throw new PromotionRuleViolation(`pull request ${number}from ${source} into ${into} breaks the promotion rule: only ${allowed} of this repository may open a pull request into ${into}`);
    }
    // Fail closed: a head repository the event does not name (GitHub sends head.repo null once a fork
    // is deleted) cannot be shown to be this repository, whatever its branch is called.
    if (headRepo === null || baseRepo === null) {
        throw new PromotionRuleViolation(`pull request ${number}from ${from} of ${headRepo === null ? 'an unknown repository (head.repo is missing: a deleted fork?)' : headRepo} into ${into} breaks the promotion rule: only ${allowed} of this repository may open a pull request into ${into}, and the event does not name ${headRepo === null ? 'the head' : 'the base'} repository`);
    }
    return {
        proceed: true,
        reason: `pull request ${number}from ${from} into ${into} follows the promotion rule`,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/guard.ts
// The loop-guard decision, a surface of its own so that the loop-guard bundle, which runs on every
// push, loads it and lean.ts alone (and the other bundles do not carry it).



/***/ })

};
