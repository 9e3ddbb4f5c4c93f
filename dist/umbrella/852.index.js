export const id = 852;
export const ids = [852];
export const modules = {

/***/ 4852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7207);
/* harmony import */ var _shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7310);
/* harmony import */ var _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3477);




const STATUS = {
    verified: 'built and verified (dry run)',
    uploaded: 'uploaded',
    skipped: 'already on the index, skipped',
    'skipped-different': 'already on the index with a different sha256, skipped',
};
/** The action: inputs and event -> core -> outputs and summary. */
async function run() {
    const password = (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('password');
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setSecret */ .Pq(password);
    const dryRun = (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('dry-run', false);
    const result = await (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .publishFromTag */ .wR)(new _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Git */ .TU(process.cwd()), {
        tag: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('tag') || null,
        ref: process.env.GITHUB_REF ?? null,
        tagFormat: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('tag-format') || undefined,
        expect: (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseExpectation */ .WR)((0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('expect', 'any')),
        repositoryUrl: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('repository-url') || null,
        password: password || null,
        skipExisting: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .booleanInput */ .tE)('skip-existing', false),
        dryRun,
        buildCommand: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .stringInput */ .Uj)('build-command') || null,
        tempDir: process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.tmpdir)(),
        oidc: {
            requestUrl: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
            requestToken: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        },
        mask: _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setSecret */ .Pq,
    }, _shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .actionLogger */ .v0);
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('package', result.package);
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('version', result.version);
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('channel', result.channel);
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('repository-url', result.repositoryUrl);
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .setOutput */ .uH('files', result.files.map((f) => f.name).join(' '));
    _shared_src_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .appendSummary */ .fe([
        `### pyrelease publish-from-tag: ${result.package} ${result.version} (${result.channel})${dryRun ? ', dry run' : ''}`,
        '',
        `Index: ${result.repositoryUrl}`,
        '',
        '| file | sha256 | status |',
        '| --- | --- | --- |',
        ...result.files.map((f) => `| ${f.name} | \`${f.sha256}\` | ${STATUS[f.status]} |`),
    ].join('\n'));
}


/***/ })

};
