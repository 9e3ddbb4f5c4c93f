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
/* harmony import */ var _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5865);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6257);
/* harmony import */ var _shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7310);
/* harmony import */ var _shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(993);





const STATUS = {
    verified: 'built and verified, not uploaded',
    uploaded: 'uploaded',
    confirmed: 'on the index with this sha256 (uploaded by this job or a concurrent one)',
    skipped: 'already on the index, skipped',
    'skipped-different': 'already on the index with a different sha256, skipped',
};
/** core.getIDToken, its multi-line error reduced to the HTTP status it reports. */
async function runnerIdToken(audience) {
    try {
        return await _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getIDToken */ .V9(audience);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const status = /Error Code\s*:\s*(\d+)/.exec(message)?.[1];
        throw new Error(status ? `HTTP ${status}` : (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(message));
    }
}
/** The action: inputs and event -> core -> outputs and summary. */
async function run() {
    const password = (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('password');
    if (password)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(password);
    const dryRun = (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('dry-run', false);
    const tags = (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTagList */ .cl)((0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('tags'));
    if (tags.length === 0 && (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('tags'))
        throw new _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('input tags names no tag');
    if (tags.length > 0 && (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('tag'))
        throw new _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('set input tag or input tags, not both: tags publishes several, tag one');
    const options = publishOptions(password, dryRun);
    const git = new _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Git */ .TU(process.cwd());
    if (tags.length === 0) {
        const result = await (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .publishFromTag */ .wR)(git, options, _shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .actionLogger */ .v0);
        setOutputs([{ tag: options.tag || (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .tagFromRef */ .q)(options.ref), result, error: null }], result.distDir);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('package', result.package);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('version', result.version);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('channel', result.channel);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('repository-url', result.repositoryUrl);
        await (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .appendSummary */ .fe)(summary(result, dryRun));
        return;
    }
    const { outcomes, distDir } = await (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .publishFromTags */ .ti)(git, tags, options, _shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .actionLogger */ .v0);
    setOutputs(outcomes, distDir);
    const done = outcomes.flatMap((o) => (o.result ? [summary(o.result, dryRun)] : []));
    const failed = outcomes.flatMap((o) => o.error !== null ? [`- ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(o.tag)}: ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(o.error)}`] : []);
    const notPublished = failed.length > 0 ? [['### Not published', '', ...failed].join('\n')] : [];
    await (0,_shared_src_log_js__WEBPACK_IMPORTED_MODULE_4__/* .appendSummary */ .fe)([...done, ...notPublished].join('\n\n'));
    const failure = (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .failedTags */ .hi)(outcomes);
    if (failure)
        throw new _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(failure);
}
function publishOptions(password, dryRun) {
    return {
        tag: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('tag') || null,
        ref: process.env.GITHUB_REF ?? null,
        tagFormat: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('tag-format') || undefined,
        branches: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .listInput */ .dt)('tag-branches', _packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_PUBLISH_BRANCHES */ .hP),
        expect: (0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseExpectation */ .WR)((0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('expect', 'any')),
        repositoryUrl: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('repository-url') || null,
        password: password || null,
        skipExisting: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('skip-existing', false),
        dryRun,
        upload: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('upload', true),
        attestations: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('attestations', true),
        dist: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('dist') || null,
        buildCommand: (0,_shared_src_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .stringInput */ .Uj)('build-command') || null,
        tempDir: process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.tmpdir)(),
        oidc: {
            // Without `permissions: id-token: write` the runner gives the step no way to ask for a token.
            idToken: process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
                ? runnerIdToken
                : undefined,
        },
        mask: (secret) => _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(secret),
    };
}
/** The outputs every run sets: `published`, `failed`, `files` and `dist-dir`. */
function setOutputs(outcomes, distDir) {
    const published = outcomes.flatMap((o) => o.result
        ? [
            {
                tag: o.tag,
                package: o.result.package,
                version: o.result.version,
                channel: o.result.channel,
                files: o.result.files.map((f) => f.name),
            },
        ]
        : []);
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('published', JSON.stringify(published));
    const failed = outcomes.flatMap((o) => (o.error !== null ? [{ tag: o.tag, error: o.error }] : []));
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('failed', JSON.stringify(failed));
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('files', published.flatMap((p) => p.files).join(' '));
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('dist-dir', distDir ?? '');
}
function summary(result, dryRun) {
    return [
        `### pyrelease publish-from-tag: ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(result.package)} ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(result.version)} (${result.channel})${dryRun ? ', dry run' : ''}`,
        '',
        `Index: ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(result.repositoryUrl)}`,
        '',
        '| file | sha256 | status |',
        '| --- | --- | --- |',
        ...result.files.map((f) => `| ${(0,_packages_core_src_index_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(f.name)} | \`${f.sha256}\` | ${STATUS[f.status]} |`),
    ].join('\n');
}


/***/ })

};
