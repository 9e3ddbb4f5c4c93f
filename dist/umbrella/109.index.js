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
/* harmony import */ var _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3099);
/* harmony import */ var _shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7310);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6257);
/* harmony import */ var _shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(993);
// Imports stay lean on purpose (the core's lean.js, no Octokit): loop-guard loads only what it runs.





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
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('proceed', String(proceed));
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('reason', reason);
    (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq)(`loop-guard: ${proceed ? 'proceed' : 'skip'}: ${reason}`);
    return (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .appendSummary */ .fe)(`**loop-guard:** ${proceed ? 'proceed' : 'skip'} — ${reason.replace(/[\\`*_<>[\]|]/g, (c) => `\\${c}`)}`);
}
/** The action: inputs and event -> core -> outputs and summary. */
async function run() {
    const eventName = process.env.GITHUB_EVENT_NAME ?? '';
    if (!eventName)
        throw new _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('GITHUB_EVENT_NAME is not set: loop-guard runs inside GitHub Actions');
    const settings = {
        botActors: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .listInput */ .dt)('bot-actors', _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_BOT_ACTORS */ .vw),
        releaseCommitPattern: (0,_packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .compileReleaseCommitPattern */ .sd)((0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('release-commit-pattern', _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RELEASE_COMMIT_PATTERN */ .J2)),
        branches: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .listInput */ .dt)('branches'),
        releaseBranches: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .listInput */ .dt)('release-branches', _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RELEASE_BRANCHES */ .Z),
        prTargetBranch: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('pr-target-branch'),
        prAllowedSources: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .listInput */ .dt)('pr-allowed-sources', ['test']),
    };
    const context = {
        eventName,
        event: readEvent(),
        actor: process.env.GITHUB_ACTOR ?? '',
        ref: process.env.GITHUB_REF ?? '',
    };
    try {
        const decision = (0,_packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .decideLoopGuard */ .g9)(context, settings);
        await report(decision.proceed, decision.reason);
    }
    catch (error) {
        if (error instanceof _packages_core_src_lean_js__WEBPACK_IMPORTED_MODULE_1__/* .PromotionRuleViolation */ .Hw)
            await report(false, error.message);
        throw error;
    }
}


/***/ })

};
