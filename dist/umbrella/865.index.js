export const id = 865;
export const ids = [865];
export const modules = {

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



/***/ }),

/***/ 5865:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Z9: () => (/* reexport */ API_CHECK_MODES),
  W$: () => (/* reexport */ COMMENT_LIMIT),
  hP: () => (/* reexport */ DEFAULT_PUBLISH_BRANCHES),
  Eb: () => (/* reexport */ FINAL_BRANCHES),
  TU: () => (/* reexport */ Git),
  Y0: () => (/* reexport */ MERGE_METHODS),
  yf: () => (/* reexport */ PREVIEW_MARKER),
  yo: () => (/* reexport */ lean/* UserError */.yo),
  b: () => (/* reexport */ channelsOfMode),
  WH: () => (/* reexport */ checkedOutMerge),
  Dt: () => (/* reexport */ chooseMergeMethod),
  Cw: () => (/* reexport */ cutRelease),
  Uc: () => (/* reexport */ lean/* describeError */.Uc),
  FV: () => (/* reexport */ lean/* escapeMarkdown */.FV),
  hi: () => (/* reexport */ failedTags),
  Sc: () => (/* reexport */ formatPlanMarkdown),
  Ri: () => (/* reexport */ indexUrlSecrets),
  k: () => (/* reexport */ isPreReleaseChannel),
  p0: () => (/* reexport */ markdown/* markdownFence */.p0),
  TN: () => (/* reexport */ lean/* oneLine */.TN),
  jO: () => (/* reexport */ outputText),
  hw: () => (/* reexport */ parseChunkLimits),
  WR: () => (/* reexport */ parseExpectation),
  Zx: () => (/* reexport */ parseMode),
  cl: () => (/* reexport */ parseTagList),
  U7: () => (/* reexport */ previewFails),
  ib: () => (/* reexport */ previewMarkdown),
  HG: () => (/* reexport */ previewOutputs),
  st: () => (/* reexport */ previewRelease),
  wR: () => (/* reexport */ publishFromTag),
  ti: () => (/* reexport */ publishFromTags),
  JZ: () => (/* reexport */ readReleaseTags),
  d5: () => (/* reexport */ releaseIndexOf),
  mm: () => (/* reexport */ releaseOutputs),
  q: () => (/* reexport */ tagFromRef),
  py: () => (/* reexport */ tokenForms)
});

// UNUSED EXPORTS: ACTION_SETTINGS, CHANNELS, CLI_SETTINGS, DEFAULT_BOT_ACTORS, DEFAULT_CHUNK_LIMITS, DEFAULT_RELEASE_BRANCHES, DEFAULT_RELEASE_COMMIT_PATTERN, GITHUB_SQUASH_DEFAULTS, MATRIX_LIMIT, PromotionRuleViolation, RELEASE_MODES, RecordingLogger, RepositoryReader, apiReportJson, channelOf, commandFreeJson, compileReleaseCommitPattern, cutReleaseJson, decideLoopGuard, formatPlanHeading, formatPlanTable, formatReleaseCommit, hideUrlCredentials, mergeLocally, nearestWord, planFromRepository, planRepositoryCheckingApi, planToJson, prepareReleases, previewJson, previewText, publishChunks, requireWholeHistory, safeLogText, shownUrl, silentLogger, traceCommands, userCacheDir, wordList

// EXTERNAL MODULE: ./packages/core/src/lean.ts
var lean = __webpack_require__(457);
// EXTERNAL MODULE: ./packages/core/src/guard.ts + 1 modules
var guard = __webpack_require__(1999);
;// CONCATENATED MODULE: ./packages/core/src/logger.ts
const silentLogger = {
    debug() { },
    info() { },
    warning() { },
};
/** A logger that keeps every line: for tests, and to show warnings again in a summary. */
class RecordingLogger {
    lines = [];
    debug(message) {
        this.lines.push({ level: 'debug', message });
    }
    info(message) {
        this.lines.push({ level: 'info', message });
    }
    warning(message) {
        this.lines.push({ level: 'warning', message });
    }
    get warnings() {
        return this.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    }
}

// EXTERNAL MODULE: ./packages/core/src/markdown.ts
var markdown = __webpack_require__(2712);
;// CONCATENATED MODULE: ./packages/core/src/settings.ts
const ACTION_SETTINGS = {
    flag: (name) => `set ${name}: true`,
    value: (name) => name,
    password: 'pass an API token as password',
    trustedPublishing: true,
    missingTag: (tag, { shallow }) => shallow
        ? `tag ${tag} is not in this checkout, a shallow clone without tags: check out with fetch-depth: 0 and fetch-tags: true (release flow §5)`
        : `tag ${tag} is not in this checkout: check out with fetch-tags: true (release flow §5)`,
    checkOutTag: (tag) => `check out the tag's commit (ref: ${tag})`,
};
const CLI_SETTINGS = {
    flag: (name) => `pass --${name}`,
    value: (name) => `--${name}`,
    password: 'set PYRELEASE_PASSWORD to an API token',
    trustedPublishing: false,
    missingTag: (tag, { shallow, nearest }) => `no such tag ${tag}${nearest ? ` (did you mean ${nearest}?)` : ''}: ${shallow ? 'this clone is shallow; git fetch --unshallow --tags' : 'git fetch --tags'} brings the remote's tags, git tag --list shows the ones here`,
    checkOutTag: (tag) => `git switch --detach ${tag} first`,
};

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var src_errors = __webpack_require__(7638);
;// CONCATENATED MODULE: ./packages/core/src/git/exec/command-error.ts

/** A command that failed: the message carries the command line and what it printed on stderr. */
class CommandError extends src_errors/* UserError */.yo {
    command;
    args;
    exitCode;
    stderr;
    reason;
    stdout;
    signal;
    constructor(command, args, exitCode, stderr, 
    /** Why pyrelease gave up on it (`timed out after 300 s`); absent when the command failed alone. */
    reason, stdout = '', 
    /** The signal that ended the command (`SIGKILL`), when no exit code did. */
    signal = null) {
        super(`${command} ${args.join(' ')} failed: ${(0,src_errors/* oneLine */.TN)(reason ?? exitReason(exitCode, signal, stderr))}`);
        this.command = command;
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.reason = reason;
        this.stdout = stdout;
        this.signal = signal;
        this.name = 'CommandError';
    }
}
/** What stderr says; a signal is named first, since a killed command rarely says why it died. */
function exitReason(exitCode, signal, stderr) {
    const said = stderr.trim();
    if (signal)
        return said ? `killed by ${signal}: ${said}` : `killed by ${signal}`;
    return said || `exit code ${exitCode}`;
}

;// CONCATENATED MODULE: ./packages/core/src/git/exec/environment.ts
/**
 * Variables that carry the step's secrets or the runner's credentials. Builds run third-party code from
 * the index, and git hooks or a build-command may print their environment: none of these may reach them.
 * The runner URLs are not secrets, but nothing pyrelease starts has a use for them.
 */
const SECRET_NAMES = new Set([
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'PYRELEASE_TOKEN',
    'PYRELEASE_PASSWORD',
    'TWINE_PASSWORD',
    // The runner's command files: a build writing to them could set variables, outputs or the PATH of
    // the job's later steps.
    'GITHUB_ENV',
    'GITHUB_OUTPUT',
    'GITHUB_PATH',
    'GITHUB_STATE',
]);
/** Every input of the step (`password`, `token`) and the OIDC token request of `id-token: write`. */
const SECRET_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_'];
/** Names compare in upper case: Windows treats `input_password` and `INPUT_PASSWORD` as one variable. */
function isStepSecret(name) {
    const upper = name.toUpperCase();
    return SECRET_NAMES.has(upper) || SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix));
}
/**
 * The environment every child process starts from: pyrelease's own without the step's secrets. The one
 * command that needs a secret (twine upload, an authenticated git fetch or push) gets it added alone.
 */
function childEnvironment(env = process.env) {
    const child = {};
    for (const [name, value] of Object.entries(env)) {
        if (value !== undefined && !isStepSecret(name))
            child[name] = value;
    }
    return child;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./packages/core/src/git/exec/process-group.ts


/** Between SIGTERM and SIGKILL: time for git to remove its lock files, for python to unwind. */
const KILL_GRACE_MS = 2000;
/** How long pyrelease, told to stop, waits for its commands' groups to end before it kills what is left. */
const STOP_GRACE_MS = 2000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'];
// Windows has no process groups: there a command is started and killed as before, alone.
const GROUPS = process.platform !== 'win32';
/** The commands pyrelease is running: what a SIGINT or SIGTERM to pyrelease is passed on to. */
const live = new Set();
let stopping = null;
let forwarding = false;
/**
 * Starts a command as the leader of its own process group, so that a timeout or a cancellation can end
 * everything it started (git's transport helper, ssh, a build's compilers), not only the command.
 */
function startInGroup(command, args, cwd, env) {
    forwardStopSignals();
    const child = (0,external_node_child_process_.spawn)(command, [...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: GROUPS });
    live.add(child);
    return child;
}
/** The command has its answer. While pyrelease stops, its group is still waited for. */
function forgetChild(child) {
    if (!stopping)
        live.delete(child);
}
/** The signal pyrelease was told to stop with; a stopping pyrelease starts no new command. */
function stoppingSignal() {
    return stopping;
}
function signalGroup(child, signal) {
    if (!GROUPS || child.pid === undefined) {
        child.kill(signal);
        return;
    }
    try {
        process.kill(-child.pid, signal);
    }
    catch {
        // The group is gone: every process of it has ended.
    }
}
/** SIGTERM to the whole group, SIGKILL to whatever of it is left after the grace. */
function terminateGroup(child) {
    signalGroup(child, 'SIGTERM');
    setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}
function groupAlive(child) {
    if (!GROUPS || child.pid === undefined)
        return child.exitCode === null && child.signalCode === null;
    try {
        process.kill(-child.pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * Installed once, when the first command starts. The runner cancels a job with SIGINT, then SIGTERM, and
 * a terminal's Ctrl-C signals its foreground group: commands in their own groups get neither.
 */
function forwardStopSignals() {
    if (forwarding)
        return;
    forwarding = true;
    for (const signal of STOP_SIGNALS)
        process.on(signal, onStopSignal);
}
/** Passes the signal on to every command's group, and ends pyrelease once they have ended. */
function onStopSignal(signal) {
    const first = stopping === null;
    stopping ??= signal;
    for (const child of live)
        signalGroup(child, signal);
    if (first)
        void endAfterGroups([...live], signal);
}
async function endAfterGroups(children, signal) {
    const deadline = Date.now() + STOP_GRACE_MS;
    // A referenced timer: pyrelease must not end on an empty event loop before it re-raises the signal.
    while (children.some(groupAlive) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
    for (const child of children)
        signalGroup(child, 'SIGKILL');
    endBy(signal);
}
/**
 * What must not outlive a stopped pyrelease (a signing key's private folder, its gpg-agent): run,
 * synchronously, before the process ends by a stop signal, when no `finally` runs. Returns the way to
 * take it back once the owner has cleaned up by itself.
 */
const stopCleanups = new Set();
function cleanUpOnStop(cleanup) {
    forwardStopSignals();
    stopCleanups.add(cleanup);
    return () => stopCleanups.delete(cleanup);
}
/** Ends the process as the signal would have ended it without our handler: the exit status says so. */
function endBy(signal) {
    for (const cleanup of stopCleanups) {
        try {
            cleanup();
        }
        catch {
            // Ending matters more than any one cleanup.
        }
    }
    stopCleanups.clear();
    for (const s of STOP_SIGNALS)
        process.removeListener(s, onStopSignal);
    // Someone else listens for it too: how the process ends is theirs to decide.
    if (process.listenerCount(signal) > 0)
        return;
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + external_node_os_.constants.signals[signal]), 500);
}

;// CONCATENATED MODULE: ./packages/core/src/git/exec/output-buffer.ts
/** What a log keeps of its start and of its end: enough for any error message, bounded for any output. */
const LOG_HEAD_BYTES = 64 * 1024;
const LOG_TAIL_BYTES = 64 * 1024;
/**
 * The most stdout pyrelease reads whole from one command (git's answers): generous for any repository,
 * and below V8's largest string (about 512 MiB) so decoding it can never crash the process.
 */
const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
/** A command's answer, kept whole up to `limit` bytes. */
class DataBuffer {
    limit;
    chunks = [];
    size = 0;
    constructor(limit) {
        this.limit = limit;
    }
    add(chunk) {
        if (this.size + chunk.length > this.limit)
            return false;
        this.chunks.push(chunk);
        this.size += chunk.length;
        return true;
    }
    contents() {
        return Buffer.concat(this.chunks);
    }
}
/**
 * Output that is only shown (build logs, stderr): its first and last bytes, with one marker line for
 * what lies between. A command may print gigabytes; pyrelease holds at most head + tail.
 */
class LogBuffer {
    headLimit;
    tailLimit;
    head = [];
    headSize = 0;
    tail = [];
    tailSize = 0;
    leftOut = 0;
    constructor(headLimit = LOG_HEAD_BYTES, tailLimit = LOG_TAIL_BYTES) {
        this.headLimit = headLimit;
        this.tailLimit = tailLimit;
    }
    add(chunk) {
        const toHead = Math.min(chunk.length, this.headLimit - this.headSize);
        if (toHead > 0) {
            this.head.push(chunk.subarray(0, toHead));
            this.headSize += toHead;
        }
        if (toHead < chunk.length) {
            this.tail.push(chunk.subarray(toHead));
            this.tailSize += chunk.length - toHead;
            this.trimTail();
        }
        return true;
    }
    trimTail() {
        while (this.tailSize > this.tailLimit) {
            const excess = this.tailSize - this.tailLimit;
            const first = this.tail[0];
            // A view keeps its chunk alive: one pipe read (64 KiB) at most.
            if (first.length > excess)
                this.tail[0] = first.subarray(excess);
            else
                this.tail.shift();
            const dropped = Math.min(first.length, excess);
            this.tailSize -= dropped;
            this.leftOut += dropped;
        }
    }
    contents() {
        const marker = this.leftOut > 0
            ? [Buffer.from(`\n[pyrelease: ${this.leftOut.toLocaleString('en-US')} bytes left out]\n`)]
            : [];
        return Buffer.concat([...this.head, ...marker, ...this.tail]);
    }
}
/** `256 MiB`, `64 KiB`, `12 bytes`: sizes as an error message names them. */
function formatBytes(bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
        return `${bytes / (1024 * 1024)} MiB`;
    if (bytes >= 1024 && bytes % 1024 === 0)
        return `${bytes / 1024} KiB`;
    return `${bytes} bytes`;
}

;// CONCATENATED MODULE: ./packages/core/src/git/exec/watch.ts


/**
 * How long pyrelease waits for the pipes once the command has exited: a child of it (ssh, git's transport
 * helper, a hook's background job) may hold them open for as long as it lives.
 */
const PIPE_GRACE_MS = 500;
/**
 * Collects a running command's output and answers once it is over: when its pipes close, or a moment
 * after it exited while something else still holds them. Rejects only when it could not start.
 */
function watch(child, options) {
    return new Promise((resolve, reject) => new CommandWatch(child, options, resolve, reject).start());
}
class CommandWatch {
    child;
    options;
    resolve;
    reject;
    out;
    err = new LogBuffer();
    limit;
    stopped = null;
    exit = null;
    /** Counts reads, so the grace after the exit restarts while output still arrives. */
    reads = 0;
    settled = false;
    timer = null;
    grace = null;
    constructor(child, options, resolve, reject) {
        this.child = child;
        this.options = options;
        this.resolve = resolve;
        this.reject = reject;
        this.limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
        this.out = options.stdout === 'log' ? new LogBuffer() : new DataBuffer(this.limit);
    }
    start() {
        const { child, options } = this;
        if (options.timeoutMs)
            this.timer = setTimeout(() => this.onTimeout(options.timeoutMs ?? 0), options.timeoutMs);
        child.stdout.on('data', (chunk) => {
            this.reads += 1;
            if (!this.stopped && !this.out.add(chunk))
                this.stop(`printed more than ${formatBytes(this.limit)} on stdout, the most pyrelease reads from one command`);
        });
        child.stderr.on('data', (chunk) => {
            this.reads += 1;
            this.err.add(chunk);
        });
        child.on('error', (error) => {
            // Also emitted when a kill fails; only a command without a pid never started.
            if (child.pid === undefined && this.settle())
                this.reject(error);
        });
        child.on('exit', (code, signal) => {
            this.exit = { code, signal };
            if (this.stopped)
                this.stopWaiting();
            else
                this.awaitPipes();
        });
        child.on('close', (code, signal) => this.finish({ code, signal }));
        // The command may exit before reading all of stdin; the close handler reports the outcome.
        child.stdin.on('error', () => { });
        child.stdin.end(options.input ?? '');
    }
    onTimeout(timeoutMs) {
        // The command finished in time and only its pipes are held: that is its answer, not a timeout.
        if (this.exit)
            this.stopWaiting();
        else
            this.stop(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    }
    /** Kills the command's whole group; its exit then ends the wait, whatever still holds the pipes. */
    stop(reason) {
        if (this.stopped)
            return;
        this.stopped = reason;
        terminateGroup(this.child);
    }
    awaitPipes() {
        const seen = this.reads;
        // A busy event loop must not cut off what the command printed just before it exited.
        this.grace = setTimeout(() => setImmediate(() => !this.settled && (this.reads === seen ? this.stopWaiting() : this.awaitPipes())), PIPE_GRACE_MS);
    }
    /** setImmediate runs after the event loop's poll phase: data already in the pipes is read first. */
    stopWaiting() {
        setImmediate(() => {
            this.child.stdout.destroy();
            this.child.stderr.destroy();
            this.finish(this.exit ?? { code: null, signal: null });
        });
    }
    finish(last) {
        if (!this.settle())
            return;
        this.resolve({
            exit: this.exit ?? last,
            stdout: this.out.contents(),
            stderr: this.err.contents().toString('utf8'),
            stopped: this.stopped,
        });
    }
    settle() {
        if (this.settled)
            return false;
        this.settled = true;
        // Neither timer may keep the process alive once the command has its answer.
        if (this.timer)
            clearTimeout(this.timer);
        if (this.grace)
            clearTimeout(this.grace);
        forgetChild(this.child);
        return true;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/git/exec.ts









/** Who hears of each command as it starts (the CLI's --verbose); null: nobody. */
let commandTrace = null;
/**
 * Tells `trace` of every command pyrelease starts from now on (null: stop). Only the program and its
 * arguments, which never hold a secret: credentials travel in the environment of the one command
 * that needs them.
 */
function traceCommands(trace) {
    commandTrace = trace;
}
/** A cancelled run starts nothing new: no retry of a push, no next step. */
function refuseWhileStopping(name, args) {
    const stopping = stoppingSignal();
    if (stopping)
        throw new CommandError(name, args, null, '', `not started: pyrelease is stopping (${stopping})`);
}
/**
 * Runs a program with an argument array, never through a shell, in its own process group and with the
 * environment of childEnvironment(). A command pyrelease stops, and everything it started, is killed.
 */
async function runCommand(command, args, options = {}) {
    const name = options.displayName ?? command;
    refuseWhileStopping(name, args);
    commandTrace?.(command, args);
    let outcome;
    try {
        const env = { ...childEnvironment(), ...options.extraEnv };
        outcome = await watch(startInGroup(command, args, options.cwd, env), options);
    }
    catch (error) {
        throw new CommandError(name, args, null, '', `could not start ${name} (${error.message})`);
    }
    const { exit, stdout, stderr, stopped } = outcome;
    if (stopped)
        throw new CommandError(name, args, exit.code, stderr, stopped, '', exit.signal);
    if (exit.code === 0 || (exit.code !== null && options.okExitCodes?.includes(exit.code)))
        return { stdout, stderr, exitCode: exit.code };
    throw new CommandError(name, args, exit.code, stderr, undefined, stdout.toString('utf8'), exit.signal);
}
/**
 * Starts a long-lived command (git cat-file --batch) under the rules runCommand keeps: an argument
 * array, its own process group that a stop signal reaches, the environment without the step's secrets.
 * The caller reads its pipes and ends it.
 */
function startCommand(command, args, options = {}) {
    refuseWhileStopping(options.displayName ?? command, args);
    commandTrace?.(command, args);
    const child = startInGroup(command, args, options.cwd, { ...childEnvironment(), ...options.extraEnv });
    return { child, forget: () => forgetChild(child) };
}

;// CONCATENATED MODULE: ./packages/core/src/git/batch.ts

const CAT_FILE_BATCH = ['cat-file', '--batch'];
/**
 * One `git cat-file --batch` that answers several reads, one after the other: a plan reads files in
 * phases that each depend on the last (pyproject.toml files, then the version files they name, then
 * dependents' files at their previous tags, then changelogs and lock files), and one process serves
 * them all, so the number of git processes does not grow with the phases a repository's layout needs.
 */
class CatFileBatch {
    command;
    maxRequestBytes;
    buffered = Buffer.alloc(0);
    /** Chunks not yet joined to `buffered`, and their length: a large file is joined once, not per chunk. */
    chunks = [];
    chunksLength = 0;
    /** How many bytes the answer being read needs in `buffered` (0: not known yet). */
    need = 0;
    request = null;
    queue = Promise.resolve();
    stderr = '';
    failure = null;
    closing = false;
    closed;
    constructor(command, maxRequestBytes = DEFAULT_MAX_OUTPUT_BYTES) {
        this.command = command;
        this.maxRequestBytes = maxRequestBytes;
        const { child } = command;
        child.stdout.on('data', (chunk) => {
            this.chunks.push(chunk);
            this.chunksLength += chunk.length;
            if (this.need > 0 && this.buffered.length + this.chunksLength < this.need)
                return;
            this.buffered = Buffer.concat([this.buffered, ...this.chunks]);
            this.chunks = [];
            this.chunksLength = 0;
            this.parse();
        });
        child.stderr.on('data', (chunk) => {
            if (this.stderr.length < 64 * 1024)
                this.stderr += chunk.toString('utf8');
        });
        // A write after git died fails here; the close handler says why it died.
        child.stdin.on('error', () => { });
        this.closed = new Promise((resolve) => {
            child.on('error', (error) => {
                this.fail(batchError({ reason: `could not start git (${error.message})` }));
                // A command that never started has no close event to wait for.
                if (child.pid === undefined) {
                    command.forget();
                    resolve();
                }
            });
            child.on('close', (code, signal) => {
                command.forget();
                if (!this.closing || this.request)
                    this.fail(batchError({ code, stderr: this.stderr, signal }));
                resolve();
            });
        });
    }
    /** Bytes of an object name in this repository (20 for SHA-1, 32 for SHA-256), once git answered. */
    objectIdBytes = 20;
    /**
     * The contents of `<rev>:<path>` specs; null for those that do not exist or are not of `type`
     * (files, unless trees are asked for).
     */
    read(specs, type = 'blob') {
        const answer = this.queue.then(() => this.send(specs, type));
        this.queue = answer.catch(() => { });
        return answer;
    }
    /** Ends git once every read has its answer. */
    async close() {
        await this.queue;
        this.closing = true;
        this.command.child.stdin.end();
        await this.closed;
    }
    send(specs, type) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.closing)
            return Promise.reject(new Error('git cat-file --batch was already closed'));
        if (specs.length === 0)
            return Promise.resolve(new Map());
        return new Promise((resolve, reject) => {
            this.request = { specs, type, results: new Map(), next: 0, bytes: 0, resolve, reject };
            this.command.child.stdin.write(specs.map((s) => `${s}\n`).join(''));
        });
    }
    /** Takes every whole answer out of what git printed so far: `<sha> <type> <size>\n<contents>\n`. */
    parse() {
        const request = this.request;
        if (!request)
            return;
        while (request.next < request.specs.length) {
            const headerEnd = this.buffered.indexOf(0x0a);
            if (headerEnd < 0)
                return;
            const spec = request.specs[request.next];
            const header = this.buffered.subarray(0, headerEnd).toString('utf8');
            const match = / (blob|tree|commit|tag) (\d+)$/.exec(header);
            if (!match) {
                request.results.set(spec, null); // "<spec> missing" (or ambiguous)
                this.buffered = this.buffered.subarray(headerEnd + 1);
                request.next += 1;
                continue;
            }
            this.objectIdBytes = header.indexOf(' ') / 2;
            const size = Number(match[2]);
            if (request.bytes + size > this.maxRequestBytes) {
                this.fail(batchError({
                    reason: `printed more than ${formatBytes(this.maxRequestBytes)} for one read, the most pyrelease reads from one command`,
                }));
                this.command.child.kill('SIGTERM');
                return;
            }
            const start = headerEnd + 1;
            if (this.buffered.length < start + size + 1) {
                this.need = start + size + 1;
                return;
            }
            this.need = 0;
            // A copy: the answer must not keep the whole read buffer alive.
            request.results.set(spec, match[1] === request.type ? Buffer.from(this.buffered.subarray(start, start + size)) : null);
            request.bytes += size;
            this.buffered = this.buffered.subarray(start + size + 1);
            request.next += 1;
        }
        this.request = null;
        request.resolve(request.results);
    }
    fail(error) {
        this.failure ??= error;
        const request = this.request;
        this.request = null;
        request?.reject(this.failure);
    }
}
/** Why the cat-file process failed: its exit and stderr, or pyrelease's own reason. */
function batchError(o) {
    return new CommandError('git', CAT_FILE_BATCH, o.code ?? null, o.stderr ?? '', o.reason, '', o.signal ?? null);
}

;// CONCATENATED MODULE: ./packages/core/src/git/partial-clone.ts
/**
 * Blobless clones (`git clone --filter=blob:none`, actions/checkout's `filter: blob:none`) hold every
 * commit and tree but only the blobs their checkout needed. git fetches a missing blob when something
 * reads it, one round trip per object: a plan that reads pyproject.toml, version files and changelogs
 * at many tags would make dozens. pyrelease instead finds the blobs a read needs from the trees, which
 * are present, and fetches the missing ones in one request before reading them.
 */
/** `git config --get-regexp` for the remotes that promise the objects a partial clone lacks. */
const PROMISOR_CONFIG = ['config', '--get-regexp', '^remote\\..*\\.promisor$'];
/** The promisor remote from `git config --get-regexp` output (`remote.origin.promisor true`), or null. */
function promisorRemoteOf(configOutput) {
    for (const line of configOutput.split('\n')) {
        const match = /^remote\.(.+)\.promisor (.*)$/.exec(line.trim());
        if (match && /^(true|yes|on|1)$/i.test(match[2]))
            return match[1];
    }
    return null;
}
/**
 * The fetch git itself runs for missing objects of a partial clone (object names on stdin): no
 * negotiation, no tags, no FETCH_HEAD, no submodules, and the clone's filter kept.
 */
function blobFetchArgs(remote) {
    return [
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--recurse-submodules=no',
        '--filter=blob:none',
        '--stdin',
        '--end-of-options',
        remote,
    ];
}
/** A `<rev>:<path>` spec split into the tree that holds the file (`<rev>:<dir>`) and its name. */
function treeOfSpec(spec) {
    const colon = spec.indexOf(':');
    if (colon < 0)
        return null;
    const path = spec.slice(colon + 1);
    const slash = path.lastIndexOf('/');
    return {
        tree: `${spec.slice(0, colon + 1)}${slash < 0 ? '' : path.slice(0, slash)}`,
        name: path.slice(slash + 1),
    };
}
/**
 * The object name (hex) of the file `name` in a raw tree object (`<mode> <name>\0<id>` entries), or
 * null when the tree has no such file (a folder or a submodule is not one).
 */
function blobInTree(tree, name, idBytes) {
    const wanted = Buffer.from(name, 'utf8');
    let i = 0;
    while (i < tree.length) {
        const space = tree.indexOf(0x20, i);
        const nul = tree.indexOf(0, space);
        if (space < 0 || nul < 0)
            return null;
        const mode = tree.toString('latin1', i, space);
        const entry = tree.subarray(space + 1, nul);
        const id = tree.subarray(nul + 1, nul + 1 + idBytes);
        i = nul + 1 + idBytes;
        // 100644 and 100755 files, 120000 symbolic links: blobs. 40000 trees, 160000 submodules: not.
        if ((mode.startsWith('10') || mode === '120000') && entry.equals(wanted))
            return id.toString('hex');
    }
    return null;
}

;// CONCATENATED MODULE: ./packages/core/src/git/git.ts



/**
 * Runs git with an argument array, never through a shell, in the environment every child gets (without
 * the step's secrets) plus this Git's and this command's own variables. Counts the processes it starts,
 * so tests and benchmarks can hold the number of git calls independent of the number of packages.
 */
class Git {
    cwd;
    baseEnv;
    processCount = 0;
    /** Open while keepReading() runs: every readBlobs() of that time goes to this one process. */
    batch = null;
    /** The remote a partial clone fetches missing objects from (null: not a partial clone). */
    promisor = null;
    objectFetch = {};
    /** A dry run's environment: objects written apart from the repository's, no optional locks. */
    apart = {};
    /** Blobs fetched or found here already in this run: not asked for again. */
    fetchedBlobs = new Set();
    /** Answers about objects named by their full id, which never change: each read once. */
    immutable = new Map();
    constructor(cwd, baseEnv = {}) {
        this.cwd = cwd;
        this.baseEnv = baseEnv;
    }
    /** A Git of the same environment working in `cwd` (a worktree of this repository). */
    in(cwd) {
        return new Git(cwd, this.baseEnv);
    }
    /**
     * What `read` answers for `key`, read once per Git (the plan and the API check after it list the
     * head's tree once). Only for keys that name objects by their full id: a branch moves, they do not.
     */
    once(key, read) {
        const known = this.immutable.get(key);
        if (known)
            return known;
        const answer = read();
        this.immutable.set(key, answer);
        answer.catch(() => this.immutable.delete(key));
        return answer;
    }
    run(args, options = {}) {
        this.processCount += 1;
        return runCommand('git', args, {
            cwd: this.cwd,
            input: options.input,
            timeoutMs: options.timeoutMs,
            okExitCodes: options.okExitCodes,
            stdout: options.stdout ?? 'data',
            extraEnv: this.envFor(options.env),
        });
    }
    /**
     * The contents of `<rev>:<path>` specs (null for those that are missing or not files), read by
     * `git cat-file --batch`: the one kept open by keepReading(), or one started for this read alone.
     */
    async readBlobs(specs) {
        return this.readObjects(specs, 'blob');
    }
    /** The tree objects `<rev>:<folder>` specs name (`<rev>:` the root's); null for those that are missing. */
    async readTrees(specs) {
        return this.readObjects(specs, 'tree');
    }
    /** Commit objects by name (headers and message); null for those that are missing or not commits. */
    async readCommitObjects(specs) {
        return this.readObjects(specs, 'commit');
    }
    /** Annotated tag objects by name (`refs/tags/<tag>`); null for those that are missing or lightweight. */
    async readTagObjects(specs) {
        return this.readObjects(specs, 'tag');
    }
    async readObjects(specs, type) {
        if (specs.length === 0)
            return new Map();
        const read = async (batch) => {
            // Trees are there in a blobless clone: only blobs may have to be fetched.
            if (type === 'blob')
                await this.fetchMissingBlobs(batch, specs);
            return batch.read(specs, type);
        };
        if (this.batch) {
            this.batch.current ??= this.startBatch();
            return read(this.batch.current);
        }
        const batch = this.startBatch();
        try {
            return await read(batch);
        }
        finally {
            await batch.close().catch(() => { });
        }
    }
    /**
     * Credentials and time limit for the fetches of a partial clone's missing blobs (cut-release's for
     * its remote; in CI the checkout keeps none).
     */
    fetchObjectsWith(env, timeoutMs) {
        this.objectFetch = { env, timeoutMs };
    }
    /** Asks again whether this is a partial clone (after a fetch that may have made it one). */
    forgetCloneKind() {
        this.promisor = null;
    }
    /**
     * In a partial clone, fetches the blobs `specs` name that are not here yet in one request (see
     * partial-clone.ts): their names come from the trees, through the same cat-file.
     */
    async fetchMissingBlobs(batch, specs) {
        // A check that fails says nothing: git's own fetch of each missing object still works, slower.
        this.promisor ??= this.run(PROMISOR_CONFIG, { okExitCodes: [1] }).then((r) => promisorRemoteOf(r.stdout.toString('utf8')), () => null);
        const remote = await this.promisor;
        if (!remote)
            return;
        const places = specs.map(treeOfSpec);
        const trees = await batch.read([...new Set(places.flatMap((p) => (p ? [p.tree] : [])))], 'tree');
        const wanted = new Set();
        for (const place of places) {
            const tree = place && trees.get(place.tree);
            const id = tree ? blobInTree(tree, place.name, batch.objectIdBytes) : null;
            if (id && !this.fetchedBlobs.has(id))
                wanted.add(id);
        }
        if (wanted.size === 0)
            return;
        // Blobs already here make no transfer: git fetches nothing when it has every object asked for.
        await this.run(blobFetchArgs(remote), {
            input: [...wanted].map((id) => `${id}\n`).join(''),
            env: this.objectFetch.env,
            timeoutMs: this.objectFetch.timeoutMs,
        });
        for (const id of wanted)
            this.fetchedBlobs.add(id);
    }
    /**
     * Runs `work` with one `git cat-file --batch` serving all its reads (started at the first), so that a
     * plan reads its files in phases with one process; nested calls share the outer one.
     */
    async keepReading(work) {
        if (this.batch)
            return work();
        const batch = { current: null };
        this.batch = batch;
        try {
            return await work();
        }
        finally {
            this.batch = null;
            await batch.current?.close().catch(() => { });
        }
    }
    startBatch() {
        this.processCount += 1;
        return new CatFileBatch(startCommand('git', CAT_FILE_BATCH, { cwd: this.cwd, extraEnv: this.envFor(undefined) }));
    }
    envFor(env) {
        // Parseable messages, and never a prompt for credentials in a job that nobody watches.
        return withoutHooks({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...this.baseEnv, ...this.apart, ...env });
    }
    /**
     * From now on, the objects this Git's commands write (a fetch's) go to `dir`, the repository's own are
     * still read, and no command refreshes the index: a dry run can fetch what it plans from and leave
     * the clone byte for byte as it was. The caller removes `dir`; null ends it.
     */
    async keepApart(dir) {
        if (dir === null) {
            this.apart = {};
            return;
        }
        const own = await this.text(['rev-parse', '--path-format=absolute', '--git-path', 'objects']);
        const inherited = process.env.GIT_ALTERNATE_OBJECT_DIRECTORIES;
        this.apart = {
            GIT_OBJECT_DIRECTORY: dir,
            GIT_ALTERNATE_OBJECT_DIRECTORIES: inherited ? `${own}:${inherited}` : own,
            GIT_OPTIONAL_LOCKS: '0',
        };
    }
    /** stdout as UTF-8 text without the trailing newline. */
    async text(args, options) {
        return (await this.run(args, options)).stdout.toString('utf8').replace(/\n$/, '');
    }
}
/**
 * No repository hook runs for any git command pyrelease starts: hooks are the repository's own code
 * (husky's `npm ci` points core.hooksPath at a folder of the repository), and a push's hooks would
 * inherit its environment, the token's authorization header with it. Set through the environment
 * (GIT_CONFIG_COUNT), after the entries that `env` or pyrelease's own environment carry already, so it
 * wins over every configuration file and leaves the command line as it is.
 */
function withoutHooks(env, inherited = process.env) {
    const count = gitConfigCount(env.GIT_CONFIG_COUNT ?? inherited.GIT_CONFIG_COUNT);
    return {
        ...env,
        GIT_CONFIG_COUNT: String(count + 1),
        [`GIT_CONFIG_KEY_${count}`]: 'core.hooksPath',
        [`GIT_CONFIG_VALUE_${count}`]: '/dev/null',
    };
}
/**
 * How many GIT_CONFIG_* entries an environment holds already: entries pyrelease adds go after them.
 * A value git would refuse (negative, not a number) counts as none, so ours are never dropped.
 */
function gitConfigCount(value) {
    const count = Number.parseInt(value ?? '0', 10);
    return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

;// CONCATENATED MODULE: ./packages/core/src/git/remote.ts

function parseLsRemote(text) {
    const branches = new Map();
    const tags = new Map();
    const peeled = new Map();
    for (const line of text.split('\n')) {
        const [sha, ref] = line.split('\t');
        if (!sha || !ref)
            continue;
        if (ref.startsWith('refs/heads/'))
            branches.set(ref.slice('refs/heads/'.length), sha);
        else if (ref.startsWith('refs/tags/') && ref.endsWith('^{}'))
            peeled.set(ref.slice(10, -3), sha);
        else if (ref.startsWith('refs/tags/'))
            tags.set(ref.slice(10), sha);
    }
    return {
        branches,
        tags: [...tags].map(([name, sha]) => ({ name, commit: peeled.get(name) ?? sha })),
        tagObjects: tags,
    };
}
/** The branch the remote's HEAD names (`--symref`'s `ref: refs/heads/main<TAB>HEAD`); null: not said. */
function parseRemoteHead(text) {
    for (const line of text.split('\n')) {
        const [target, ref] = line.split('\t');
        if (ref === 'HEAD' && target?.startsWith('ref: refs/heads/'))
            return target.slice('ref: refs/heads/'.length);
    }
    return null;
}
/**
 * Environment-only git configuration that authenticates https requests to the remote's host with
 * `token`: nothing is written to .git/config and the token never appears in a command line. The empty
 * first value clears an extraheader that actions/checkout may have persisted for the default token.
 */
function tokenAuthEnv(remoteUrl, token, env = process.env) {
    if (!token)
        return {};
    let url;
    try {
        url = new URL(remoteUrl);
    }
    catch {
        return {};
    }
    if (url.protocol !== 'https:')
        return {};
    const key = `http.${url.protocol}//${url.host}/.extraheader`;
    const basic = basicAuthOf(token);
    // Appended after configuration the environment already carries (e.g. safe.directory in containers).
    const first = gitConfigCount(env.GIT_CONFIG_COUNT);
    return {
        GIT_CONFIG_COUNT: String(first + 2),
        [`GIT_CONFIG_KEY_${first}`]: key,
        [`GIT_CONFIG_VALUE_${first}`]: '',
        [`GIT_CONFIG_KEY_${first + 1}`]: key,
        [`GIT_CONFIG_VALUE_${first + 1}`]: `AUTHORIZATION: basic ${basic}`,
    };
}
/**
 * The remote's branches and tags. `--heads --tags` asks the server for those two prefixes only
 * (protocol v2's ref-prefix; a pattern would not be sent), so what a hosting service keeps beside them
 * (GitHub's refs/pull/*, two per pull request) is never transferred. Every tag is listed, not only the
 * packages' shapes: the plan looks at tags of any shape for lookalikes of a package's releases.
 */
async function listRemote(git, remote, env, timeoutMs) {
    const out = await git.text(['ls-remote', '--heads', '--tags', '--end-of-options', remote], {
        env,
        timeoutMs,
    });
    return parseLsRemote(out);
}
/**
 * The remote's default branch. A separate request, made only when a check needs it: ls-remote sends no
 * ref-prefix for a pattern such as HEAD, so this lists every ref of the remote.
 */
async function remoteDefaultBranch(git, remote, env, timeoutMs) {
    const out = await git.text(['ls-remote', '--symref', '--end-of-options', remote, 'HEAD'], {
        env,
        timeoutMs,
    });
    return parseRemoteHead(out);
}
function basicAuthOf(token) {
    return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}
/**
 * Every form in which `token` travels once pyrelease uses it for git: as given, and as the Basic
 * authorization git sends (and its environment carries). Each is masked in the job's log.
 */
function tokenForms(token) {
    return [token, basicAuthOf(token)];
}

;// CONCATENATED MODULE: ./packages/core/src/git/objects.ts
/** git's commit and tag objects, as `cat-file --batch` prints them: headers, a blank line, a message. */
function headersAndMessage(bytes) {
    const text = bytes.toString('utf8');
    const end = text.indexOf('\n\n');
    return {
        headers: (end < 0 ? text : text.slice(0, end)).split('\n'),
        message: end < 0 ? '' : text.slice(end + 2),
    };
}
function parseCommitObject(bytes) {
    const { headers, message } = headersAndMessage(bytes);
    return {
        parents: headers.filter((h) => h.startsWith('parent ')).map((h) => h.slice(7)),
        message,
    };
}
/** Null for a tag object without the headers every tag has (`object`, `type`, a dated `tagger`). */
function parseTagObject(bytes) {
    const { headers, message } = headersAndMessage(bytes);
    const header = (key) => headers.find((h) => h.startsWith(`${key} `))?.slice(key.length + 1);
    // `tagger Name <email> 1764806400 +0000`: the date is the number after the address.
    const date = /> (\d+) [+-]\d{4}$/.exec(header('tagger') ?? '');
    const [object, type] = [header('object'), header('type')];
    if (!object || !type || !date)
        return null;
    return { object, type, taggedAt: new Date(Number(date[1]) * 1000), message };
}

;// CONCATENATED MODULE: ./packages/core/src/git/log.ts
/** The history walk's output: `git log` with each commit's files, their status and blobs, parsed. */
/**
 * `git log` of the revisions on stdin: each commit's SHA, parents, message and changed files, each with
 * its status and blobs (`--raw`): a pyproject.toml deleted is read as a folder moved, or a package gone.
 */
const LOG_WITH_FILES = [
    'log',
    '-z',
    '--no-renames',
    '--raw',
    '--no-abbrev',
    '--format=%x1e%H%x00%P%x00%B%x00',
    '--stdin',
];
/**
 * Parses `git log -z --no-renames --raw --no-abbrev --format=%x1e%H%x00%P%x00%B%x00` sequentially, so a
 * message that contains the record separator cannot split a commit.
 */
function parseLog(text) {
    const commits = [];
    let i = 0;
    const field = () => {
        const end = text.indexOf('\0', i);
        const value = text.slice(i, end < 0 ? text.length : end);
        i = end < 0 ? text.length : end + 1;
        return value;
    };
    while (i < text.length) {
        if (text[i] !== '\x1e')
            throw new Error(`unexpected git log output at offset ${i}`);
        i += 1;
        const sha = field();
        const parents = field().split(' ').filter(Boolean);
        const message = field();
        if (text[i] === '\0')
            i += 1;
        const changes = [];
        if (text[i] === '\n') {
            i += 1;
            // `:<mode> <mode> <blob> <blob> <status>\0<path>\0` per file: --no-renames leaves one path to each.
            while (i < text.length && text[i] !== '\x1e')
                changes.push(rawChange(field(), field()));
        }
        const manifests = manifestChangesOf(changes);
        commits.push({
            sha,
            parents,
            message: message.replace(/\n$/, ''),
            files: changes.map((c) => c.path).filter(Boolean),
            ...(manifests ? { manifests } : {}),
        });
    }
    return commits;
}
function rawChange(meta, path) {
    const [, , oldBlob = '', newBlob = '', status = ''] = meta.split(' ');
    return { status, path, oldBlob, newBlob };
}
const MANIFEST = '/pyproject.toml';
/** The package manifests a commit deleted and added, when it deleted one (else null). Pure. */
function manifestChangesOf(changes) {
    const folder = (c) => c.path.slice(0, -MANIFEST.length);
    const deleted = changes.filter((c) => c.status === 'D' && c.path.endsWith(MANIFEST));
    if (deleted.length === 0)
        return null;
    return {
        deleted: deleted.map((c) => ({ folder: folder(c), blob: c.oldBlob })),
        added: changes
            .filter((c) => c.status === 'A' && c.path.endsWith(MANIFEST))
            .map((c) => ({ folder: folder(c), blob: c.newBlob })),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/git/repository.ts



const NO_BOUNDS = { tagCommits: [], fullHistoryPaths: [] };
/** How many moves back the history of a package without a final is followed. */
const MAX_MOVE_ROUNDS = 8;
/** Modes of a git tree's entries: a plain file, an executable, a symbolic link. */
const REGULAR_FILE = '100644';
const EXECUTABLE_FILE = '100755';
const SYMBOLIC_LINK = '120000';
/** A full object id (SHA-1 or SHA-256): what it names never changes, unlike a branch or `HEAD`. */
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/**
 * Reads what the plan needs from a git repository with a fixed number of git processes, whatever the
 * number of packages: one tree listing, one batch read of files, one tag listing, one history walk.
 */
class repository_RepositoryReader {
    git;
    constructor(git) {
        this.git = git;
    }
    /** The commit a ref names, or null when it does not exist. */
    async resolveCommit(ref) {
        const result = await this.git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
            okExitCodes: [1],
        });
        return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : null;
    }
    /** True for a shallow clone, whose boundary commits look like they changed every file. */
    async isShallow() {
        return (await this.git.text(['rev-parse', '--is-shallow-repository'])) === 'true';
    }
    /** Every file path in a commit's tree (POSIX, relative to the root). */
    async listFiles(commit) {
        return (await this.listTree(commit)).files;
    }
    /**
     * Every file path in a commit's tree, and the mode of each that is not a plain file (`100755` for an
     * executable, `120000` for a symbolic link, `160000` for a submodule): a release keeps a file's mode.
     */
    listTree(commit) {
        if (!OBJECT_ID.test(commit))
            return this.readTreeListing(commit);
        return this.git.once(`ls-tree ${commit}`, () => this.readTreeListing(commit));
    }
    async readTreeListing(commit) {
        const out = await this.git.run(['ls-tree', '-r', '-z', '--full-tree', commit]);
        const files = [];
        const modes = new Map();
        for (const entry of out.stdout.toString('utf8').split('\0')) {
            // `<mode> <type> <object>\t<path>`
            const tab = entry.indexOf('\t');
            if (tab < 0)
                continue;
            const path = entry.slice(tab + 1);
            const mode = entry.slice(0, entry.indexOf(' '));
            files.push(path);
            if (mode !== REGULAR_FILE)
                modes.set(path, mode);
        }
        return { files, modes };
    }
    /** The contents of `<rev>:<path>` specs (git.readBlobs); null for those that do not exist. */
    async readFiles(specs) {
        return this.git.readBlobs(readableSpecs(specs));
    }
    /** The tree objects of `<rev>:<folder>` specs (`<rev>:` the root's): equal bytes, equal folders. */
    async readTrees(specs) {
        return this.git.readTrees(readableSpecs(specs));
    }
    /** Commits by SHA, with their parents and message (no files), through the same cat-file. */
    async readCommits(shas) {
        const objects = await this.git.readCommitObjects(shas);
        const commits = new Map();
        for (const [sha, bytes] of objects)
            if (bytes)
                commits.set(sha, parseCommitObject(bytes));
        return commits;
    }
    /** Annotated tags by name, as their objects say; lightweight and missing tags are left out. */
    async readTagObjects(names) {
        const objects = await this.git.readTagObjects(names.map((n) => `refs/tags/${n}`));
        const tags = new Map();
        for (const name of names) {
            const bytes = objects.get(`refs/tags/${name}`);
            const tag = bytes ? parseTagObject(bytes) : null;
            if (tag)
                tags.set(name, tag);
        }
        return tags;
    }
    /** Every tag with the object it points at (an annotated tag's own object, not peeled). */
    async listTagObjects() {
        const out = await this.git.text(['show-ref', '--tags'], { okExitCodes: [1] });
        const tags = new Map();
        for (const line of out.split('\n')) {
            const space = line.indexOf(' ');
            const ref = line.slice(space + 1);
            if (space > 0 && ref.startsWith('refs/tags/'))
                tags.set(ref.slice('refs/tags/'.length), line.slice(0, space));
        }
        return tags;
    }
    /** Every tag with the commit it points at (peeled). */
    async listTags() {
        // show-ref takes the peeled commits that packed-refs keeps (10x faster than for-each-ref's
        // %(*objectname) on 38,000 tags, which reads every tag object). Ref names hold no space or `^`.
        const out = await this.git.text(['show-ref', '--tags', '--dereference'], { okExitCodes: [1] });
        const tags = new Map();
        for (const line of out.split('\n')) {
            const space = line.indexOf(' ');
            if (space < 0)
                continue;
            const ref = line.slice(space + 1);
            if (!ref.startsWith('refs/tags/'))
                continue;
            const peeled = ref.endsWith('^{}');
            const name = ref.slice('refs/tags/'.length, peeled ? -3 : undefined);
            // The peeled line follows its tag's: it wins.
            if (peeled || !tags.has(name))
                tags.set(name, line.slice(0, space));
        }
        return [...tags].map(([name, commit]) => ({ name, commit }));
    }
    /**
     * The history a plan reads, with the files each commit changed: the head's and the counted tags'
     * commits down to their common ancestors (included), in one walk; and when some packages have no
     * final release, the commits below that touch their folders, in a second walk beside it. Without
     * counted tags, or when they share no ancestor with the head, the whole history in one walk.
     */
    async readHistory(head, bounds = NO_BOUNDS) {
        const tips = [head, ...new Set(bounds.tagCommits)];
        const bases = bounds.tagCommits.length > 0 ? await this.mergeBases(tips) : [];
        const log = (revisions, paths = null) => this.git
            .run(paths
            ? // Literal pathspecs: a folder name is not a pattern. --full-history: every commit that
                // changed the folders, as the whole walk has them (no merge simplification). --full-diff:
                // each commit's every file, so a folder moved in shows where it came from.
                ['--literal-pathspecs', ...LOG_WITH_FILES, '--full-history', '--full-diff']
            : LOG_WITH_FILES, { input: [...revisions, ...(paths?.length ? ['--', ...paths] : [])].map((r) => `${r}\n`).join('') })
            .then((out) => parseLog(out.stdout.toString('utf8')));
        if (bases.length === 0)
            return { head, commits: await log(tips) };
        // `^base^@`: the bases themselves are read, so every counted tag's walk meets the history.
        const newer = log([...tips, ...bases.map((b) => `^${b}^@`)]);
        const folders = bounds.fullHistoryPaths;
        const older = folders.length === 0
            ? Promise.resolve([])
            : log(bases, folders.includes('.') ? [] : [...new Set(folders)]);
        const [commits, below] = await Promise.all([newer, older]);
        const moved = folders.includes('.')
            ? { records: [], folders: [] }
            : await this.formerFolderHistory(log, bases, folders, [...commits, ...below]);
        // Each with the files of the folders it was read for, as a path-limited walk lists them (the whole
        // diff, read to see where a folder moved from, is in its manifests).
        const walked = new Set([...folders, ...moved.folders]);
        const inFolders = (file) => {
            if (walked.has('.'))
                return true;
            for (let at = file.lastIndexOf('/'); at > 0; at = file.lastIndexOf('/', at - 1)) {
                if (walked.has(file.slice(0, at)))
                    return true;
            }
            return false;
        };
        const read = new Set(commits.map((c) => c.sha));
        const outside = [];
        for (const c of [...below, ...moved.records]) {
            if (read.has(c.sha))
                continue;
            read.add(c.sha);
            outside.push({ ...c, files: c.files.filter(inFolders) });
        }
        return { head, commits, older: outside };
    }
    /**
     * The commits below the boundary in the folders that those of packages without a final were moved
     * from (a pyproject.toml deleted there by a commit that added theirs), back move by move: their
     * changes before the move are theirs too (plan/moved-folders.ts). One more walk per move, none
     * without one.
     */
    async formerFolderHistory(log, bases, folders, read) {
        const wanted = new Set(folders);
        const found = [];
        for (let records = read, round = 0; round < MAX_MOVE_ROUNDS; round += 1) {
            const from = new Set();
            for (const { manifests } of records) {
                if (!manifests?.added.some((a) => wanted.has(a.folder)))
                    continue;
                for (const d of manifests.deleted)
                    if (!wanted.has(d.folder))
                        from.add(d.folder);
            }
            if (from.size === 0)
                break;
            for (const f of from)
                wanted.add(f);
            records = await log(bases, [...from]);
            found.push(...records);
        }
        return { records: found, folders: [...wanted].filter((f) => !folders.includes(f)) };
    }
    /** The best common ancestors of `commits` (several after criss-cross merges; none: unrelated). */
    async mergeBases(commits) {
        const out = await this.git.run(['merge-base', '--all', '--octopus', '--end-of-options', ...commits], {
            okExitCodes: [1],
        });
        return out.stdout.toString('utf8').split('\n').filter(Boolean);
    }
    /** The commits of `tip` that none of `bases` reaches, oldest first, with their files: one walk. */
    async readCommitsBetween(bases, tip) {
        const excluded = [...new Set(typeof bases === 'string' ? [bases] : bases)];
        const out = await this.git.run(LOG_WITH_FILES, {
            input: [tip, ...excluded.map((b) => `^${b}`)].map((r) => `${r}\n`).join(''),
        });
        return parseLog(out.stdout.toString('utf8')).reverse();
    }
}
/**
 * cat-file --batch reads one spec per line (git 2.39 has no -z here): a line break inside a path
 * would shift every answer after it onto the wrong file, and a carriage return ending the line is
 * dropped (another file would answer); one inside a path is read as it is.
 */
function readableSpecs(specs) {
    const broken = specs.find((s) => /\n|\r$/.test(s));
    if (broken) {
        throw new src_errors/* UserError */.yo(`${JSON.stringify(broken.slice(broken.indexOf(':') + 1))} has a line break in its path, which pyrelease cannot read from git: rename the folder or file`);
    }
    return specs;
}

;// CONCATENATED MODULE: ./packages/core/src/text.ts
/** `text` as a regular expression that matches exactly it (for names and formats built into patterns). */
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * The known word nearest `word` (edit distance, case ignored), for a "did you mean" hint; null when
 * none is near enough to be the one meant (at most a third of its letters differ, and at most 3).
 */
function nearestWord(word, known) {
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    let best = null;
    for (const candidate of known) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= limit && (!best || distance < best.distance))
            best = { word: candidate, distance };
    }
    return best?.word ?? null;
}
/** Levenshtein distance, with an adjacent swap counting as one edit. */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [
        i,
        ...new Array(b.length).fill(0),
    ]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
/** `a`, `a or b`, `a, b or c`: a list of alternatives in words (`and` for a list of things). */
function wordList(words, last = 'or') {
    return words.length > 1
        ? `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`
        : (words[0] ?? '');
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/pep440.ts
/**
 * PEP 440's grammar, read into exact parts. Numbers stay BigInt from the text on: a version segment
 * may have any number of digits (`1.0.20261203153045123`), and a JavaScript number rounds it past 2^53.
 */
/**
 * What packaging's `\s*` around a version skips: Python's whitespace, which is not JavaScript's
 * (`\x85` and `\x1c`-`\x1f` are, the byte order mark is not).
 */
const PYTHON_SPACE = 
// eslint-disable-next-line no-control-regex -- Python's whitespace holds control characters.
/^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
// PEP 440, appendix B ("the canonical regular expression"), with the same groups.
const PEP440 = new RegExp([
    '^v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?:[-_.]?(?<preLabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preNumber>[0-9]+)?)?',
    '(?:-(?<postImplicit>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?',
    '(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
].join(''), 'i');
const PRE_LABELS = {
    a: 'a',
    alpha: 'a',
    b: 'b',
    beta: 'b',
    c: 'rc',
    rc: 'rc',
    pre: 'rc',
    preview: 'rc',
};
/** The parts of any PEP 440 spelling (`v1.0.0rc1`, `1.0.0-rc.1`, `1.0.0.RC1`), or null. */
function readVersionParts(input) {
    const match = PEP440.exec(input.replace(PYTHON_SPACE, ''));
    if (!match?.groups)
        return null;
    const g = match.groups;
    const post = g.postImplicit ?? (g.postLabel === undefined ? undefined : (g.postNumber ?? '0'));
    return {
        epoch: BigInt(g.epoch ?? '0'),
        release: g.release.split('.').map(BigInt),
        pre: g.preLabel === undefined
            ? null
            : { label: PRE_LABELS[g.preLabel.toLowerCase()], number: BigInt(g.preNumber ?? '0') },
        post: post === undefined ? null : BigInt(post),
        dev: g.devLabel === undefined ? null : BigInt(g.devNumber ?? '0'),
        local: g.local === undefined ? null : normalLocal(g.local),
    };
}
/** packaging's form of a local label: lower case, `.` between segments, numbers without leading zeros. */
function normalLocal(local) {
    return local
        .toLowerCase()
        .split(/[-_.]/)
        .map((segment) => (/^[0-9]+$/.test(segment) ? BigInt(segment).toString() : segment))
        .join('.');
}
/** The normalized text of `parts`: `1!2.0rc1.post0.dev3+abc.7`. */
function versionText(parts) {
    let text = parts.epoch ? `${parts.epoch}!` : '';
    text += parts.release.join('.');
    if (parts.pre)
        text += `${parts.pre.label}${parts.pre.number}`;
    if (parts.post !== null)
        text += `.post${parts.post}`;
    if (parts.dev !== null)
        text += `.dev${parts.dev}`;
    if (parts.local !== null)
        text += `+${parts.local}`;
    return text;
}
/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
function compareIntegers(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/version.ts


const BUMP_ORDER = { patch: 1, minor: 2, major: 3 };
/** Parses any PEP 440 spelling (`v1.0.0rc1`, `1.0.0-rc.1`, `1.0.0.RC1`); `what` names the value in errors. */
function parseVersion(input, what = 'version') {
    const version = tryParseVersion(input);
    if (!version) {
        throw new src_errors/* UserError */.yo(`${what} ${JSON.stringify(input)} is not a valid PEP 440 version (expected e.g. 1.2.0 or 1.2.0rc1)`);
    }
    return version;
}
/** The version or null, for places where "not a version" is an answer rather than an error. */
function tryParseVersion(input) {
    if (typeof input !== 'string')
        return null;
    const parts = readVersionParts(input);
    return parts && versionFromParts(parts);
}
function normalizeVersion(input, what) {
    return parseVersion(input, what).text;
}
/** The version of `parts`, with its normalized text. */
function versionFromParts(parts) {
    return { ...parts, text: versionText(parts) };
}
/** PEP 440 ordering: 1.0.0rc1 < 1.0.0rc2 < 1.0.0 < 1.0.0.post1; 1.0 == 1.0.0. */
function compareVersions(a, b) {
    // From the parsed parts, as packaging's _cmpkey does: plans compare thousands of tag versions, and
    // re-parsing their text for every comparison was the plan's largest cost after the git log.
    return (compareReleaseNumbers(a, b) ||
        preKey(a) - preKey(b) ||
        (a.pre && b.pre ? compareIntegers(a.pre.number, b.pre.number) : 0) ||
        compareIntegers(a.post ?? -1n, b.post ?? -1n) ||
        compareDev(a.dev, b.dev) ||
        compareLocal(a.local, b.local));
}
/** Epoch and release numbers alone: `1.1.0rc2` and `1.1.0.post1` compare equal to `1.1`. */
function compareReleaseNumbers(a, b) {
    return compareIntegers(a.epoch, b.epoch) || compareRelease(a.release, b.release);
}
function compareRelease(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
        const d = compareIntegers(a[i] ?? 0n, b[i] ?? 0n);
        if (d)
            return d;
    }
    return 0;
}
/** No dev part sorts after any dev part: 1.0.dev1 < 1.0. */
function compareDev(a, b) {
    return a === b ? 0 : a === null ? 1 : b === null ? -1 : compareIntegers(a, b);
}
/** A dev release of a final (1.0.dev1) sorts before its pre-releases; a final after them. */
function preKey(v) {
    if (v.pre)
        return { a: 1, b: 2, rc: 3 }[v.pre.label];
    return v.post === null && v.dev !== null ? 0 : 4;
}
/** No local label sorts first; then segment by segment, numbers above words, words alphabetically. */
function compareLocal(a, b) {
    if (a === b)
        return 0;
    if (a === null)
        return -1;
    if (b === null)
        return 1;
    const [as, bs] = [a.split('.'), b.split('.')];
    for (let i = 0; i < Math.min(as.length, bs.length); i += 1) {
        const [x, y] = [as[i], bs[i]];
        const [xn, yn] = [/^\d+$/.test(x), /^\d+$/.test(y)];
        const d = xn && yn
            ? compareIntegers(BigInt(x), BigInt(y))
            : xn !== yn
                ? xn
                    ? 1
                    : -1
                : x < y
                    ? -1
                    : x > y
                        ? 1
                        : 0;
        if (d)
            return d;
    }
    return as.length - bs.length;
}
function maxVersion(a, b) {
    return compareVersions(a, b) >= 0 ? a : b;
}
/** A final release is neither a pre-release nor a development release (post-releases are final). */
function isFinal(v) {
    return v.pre === null && v.dev === null;
}
/**
 * The next release after `v` at `level`. Below 1.0.0 a breaking change bumps the minor, as the
 * conventional 0.x rule says; pre, post, dev and local parts are dropped.
 */
function bumpVersion(v, level) {
    const release = [...v.release];
    while (release.length < 3)
        release.push(0n);
    const effective = level === 'major' && release[0] === 0n ? 'minor' : level;
    const index = effective === 'major' ? 0 : effective === 'minor' ? 1 : 2;
    const next = release.slice(0, index + 1);
    next[index] += 1n;
    while (next.length < 3)
        next.push(0n);
    return versionFromParts({ epoch: v.epoch, release: next, pre: null, post: null, dev: null, local: null });
}
/** The release `v` stands for, without pre-release, dev and local parts (`1.1.0rc2.dev1` -> `1.1.0`). */
function releaseOf(v) {
    return versionFromParts({
        epoch: v.epoch,
        release: v.release,
        pre: null,
        post: v.post,
        dev: null,
        local: null,
    });
}
/** The final release `v` belongs to, its release numbers alone (`1.4.0` of `1.4.0.post1` or `1.4.0rc2`). */
function finalReleaseOf(v) {
    return versionFromParts({
        epoch: v.epoch,
        release: v.release,
        pre: null,
        post: null,
        dev: null,
        local: null,
    });
}
function higherBump(a, b) {
    if (a === null)
        return b;
    if (b === null)
        return a;
    return BUMP_ORDER[a] >= BUMP_ORDER[b] ? a : b;
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/channels.ts




const CHANNELS = ['alpha', 'beta', 'rc', 'dev', 'final', 'post'];
const RELEASE_MODES = ['alpha', 'beta', 'rc', 'dev', 'final'];
const LABEL_OF_MODE = { alpha: 'a', beta: 'b', rc: 'rc' };
const CHANNEL_OF_LABEL = { a: 'alpha', b: 'beta', rc: 'rc' };
/** a < b < rc, as PEP 440 orders them: a target's pre-releases never go back down this list. */
const LABEL_RANK = { a: 1, b: 2, rc: 3 };
function parseMode(value, what = 'mode') {
    if (RELEASE_MODES.includes(value))
        return value;
    throw new src_errors/* UserError */.yo(`${what} must be ${wordList(RELEASE_MODES)}, got ${JSON.stringify(value)}`);
}
/** The channel of a version, from its parts: a dev part wins (`1.0.0rc1.dev2` is dev), then the pre label. */
function channelOf(v) {
    if (v.dev !== null)
        return 'dev';
    if (v.pre)
        return CHANNEL_OF_LABEL[v.pre.label];
    return v.post === null ? 'final' : 'post';
}
/** The channels a run of `mode` releases: a final run releases post releases too (`Release-As: 1.4.0.post1`). */
function channelsOfMode(mode) {
    return mode === 'final' ? ['final', 'post'] : [mode];
}
/** Whether a version of `channel` is a pre-release in pip's sense (a GitHub pre-release, never "latest"). */
function isPreReleaseChannel(channel) {
    return channel !== 'final' && channel !== 'post';
}
/**
 * The version a run of `mode` releases for `target`, one past every version of its kind in `taken`
 * (the package's tags, and what the index holds):
 * - final: the target itself;
 * - alpha, beta, rc: the target's next pre-release of that label (`a1`, `a2`, `b1` …). A target whose
 *   pre-releases reached a later label already never goes back (a beta after `rc1` is an error);
 * - dev: a dev release of the target's next pre-release when it has any (`2.0.0rc2.dev1` after
 *   `2.0.0rc1`), else of the target (`2.0.0.dev1`); one past the highest dev number of that base.
 * `what` names the package in errors.
 */
function versionInMode(mode, target, taken, what) {
    if (mode === 'final')
        return target;
    // A post release has no pre-releases: 1.4.0rc1 is 1.4.0's, never 1.4.0.post1's.
    const pres = target.post !== null
        ? []
        : taken.filter((v) => v.pre && v.dev === null && v.post === null && compareReleaseNumbers(v, target) === 0);
    const highest = pres.reduce((h, v) => (h && compareVersions(h, v) >= 0 ? h : v), null);
    if (mode === 'dev') {
        const base = highest?.pre ? withPre(target, highest.pre.label, highest.pre.number + 1n) : target;
        return withDev(base, nextNumber(taken, (v) => devBaseIs(v, base)));
    }
    if (target.post !== null) {
        throw new src_errors/* UserError */.yo(`${what}: ${target.text} is a post release, which only a final run releases`);
    }
    const label = LABEL_OF_MODE[mode];
    if (highest?.pre && LABEL_RANK[highest.pre.label] > LABEL_RANK[label]) {
        throw new src_errors/* UserError */.yo(`${what}: ${highest.text} is released already, so ${mode === 'alpha' ? 'an' : 'a'} ${mode} of ${target.text} would go back: release it in ${CHANNEL_OF_LABEL[highest.pre.label]} mode, or raise the version with a Release-As footer`);
    }
    const number = nextNumber(pres, (v) => (v.pre?.label === label ? v.pre.number : null));
    return withPre(target, label, number);
}
/** One past the highest number `numberOf` finds among `versions` (1 when none has one). */
function nextNumber(versions, numberOf) {
    let highest = 0n;
    for (const v of versions) {
        const n = numberOf(v);
        if (n !== null && compareIntegers(n, highest) > 0)
            highest = n;
    }
    return highest + 1n;
}
/** The dev number of `v` when it is a dev release of exactly `base` (`2.0.0rc2.dev3` of `2.0.0rc2`). */
function devBaseIs(v, base) {
    if (v.dev === null || v.local !== null)
        return null;
    return compareVersions(withDev(v, null), base) === 0 ? v.dev : null;
}
function withPre(target, label, number) {
    return rebuilt(target, { pre: { label, number }, post: null, dev: null });
}
function withDev(base, dev) {
    return rebuilt(base, { dev });
}
function rebuilt(v, parts) {
    return versionFromParts({
        epoch: v.epoch,
        release: v.release,
        pre: v.pre,
        post: v.post,
        dev: v.dev,
        local: null,
        ...parts,
    });
}

;// CONCATENATED MODULE: ./packages/core/src/plan/types.ts
/** The plan's data: what goes in (PlanInput) and what comes out (ReleasePlan, one PackagePlan each). */

function releasedPackages(plan) {
    return plan.packages.filter((p) => p.next !== null);
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/tags.ts



const DEFAULT_TAG_FORMAT = '{name}-v{version}';
/** PEP 503 normalization: `Skyforge_Orchestrator` -> `skyforge-orchestrator`. */
function normalizeName(name) {
    return name.replace(/[-_.]+/g, '-').toLowerCase();
}
/** PEP 508 project names: ASCII letters and digits, with `-`, `_` or `.` inside. */
function isValidProjectName(name) {
    return /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i.test(name);
}
/** The placeholders of a tag format: `{version}` once, and what names the package. */
const PACKAGE_PLACEHOLDERS = ['{name}', '{dir}', '{path}'];
/** Whether a tag format names its package (`{name}`, `{dir}` or `{path}`): `v{version}` does not. */
function formatNamesPackage(format) {
    return PACKAGE_PLACEHOLDERS.some((p) => format.includes(p));
}
/**
 * Checks a tag format: exactly one `{version}`, only known placeholders, text between two placeholders
 * (else a tag could not be read back), and the result a valid git tag name. `what` names the setting.
 */
function checkTagFormat(format, what = 'tag-format') {
    const placeholders = format.match(/\{[^}]*\}/g) ?? [];
    const invalid = (why) => new src_errors/* UserError */.yo(`${what} ${JSON.stringify(format)} is invalid: ${why}`);
    const unknown = placeholders.filter((p) => p !== '{version}' && !PACKAGE_PLACEHOLDERS.includes(p));
    if (unknown.length > 0 || placeholders.filter((p) => p === '{version}').length !== 1) {
        throw invalid('expected exactly one {version} and any of {name}, {dir}, {path}, e.g. {name}-v{version}');
    }
    if (/\}\{/.test(format)) {
        throw invalid('placeholders need text between them, e.g. {name}-v{version}');
    }
    const sample = format
        .replace(/\{name\}/g, 'x')
        .replace(/\{dir\}/g, 'x')
        .replace(/\{path\}/g, 'x/y')
        .replace('{version}', '1');
    if (!isValidRefComponent(sample))
        throw invalid('it does not make a valid git tag name');
}
/**
 * A tag format such as `{name}-v{version}`, read without knowing the packages: renders tags and
 * parses them back. Parsing tries every place where the separator occurs, so names that contain `-v`
 * or `rc` parse correctly. Formats with `{dir}` or `{path}` are read per package (PackageTagPattern).
 */
class TagFormat {
    format;
    prefix;
    separator;
    suffix;
    /** Which placeholder comes first; null when the format has no `{name}`. */
    order;
    /** True when the format holds `{dir}` or `{path}`: only PackageTagPattern reads it. */
    byFolder;
    constructor(format = DEFAULT_TAG_FORMAT) {
        this.format = format;
        checkTagFormat(format);
        this.byFolder = format.includes('{dir}') || format.includes('{path}');
        const v = format.indexOf('{version}');
        const n = format.includes('{name}', format.indexOf('{name}') + 1) ? -1 : format.indexOf('{name}');
        if (n < 0 || this.byFolder) {
            this.order = null;
            this.prefix = format.slice(0, v);
            this.separator = '';
            this.suffix = format.slice(v + '{version}'.length);
        }
        else {
            const [first, firstLen, second, secondLen] = n < v ? [n, '{name}'.length, v, '{version}'.length] : [v, '{version}'.length, n, '{name}'.length];
            this.order = n < v ? 'name-first' : 'version-first';
            this.prefix = format.slice(0, first);
            this.separator = format.slice(first + firstLen, second);
            this.suffix = format.slice(second + secondLen);
        }
    }
    /** True when the format tells packages apart ({name}, {dir} or {path}). */
    get hasName() {
        return this.order !== null || this.byFolder;
    }
    render(name, version) {
        return this.format.replace('{name}', normalizeName(name)).replace('{version}', version.text);
    }
    /** Every (name, version) reading of `tag` whose version is valid PEP 440 and name a valid project name. */
    candidates(tag) {
        if (this.byFolder)
            return [];
        if (!tag.startsWith(this.prefix) || !tag.endsWith(this.suffix))
            return [];
        if (tag.length < this.prefix.length + this.suffix.length)
            return [];
        const middle = tag.slice(this.prefix.length, tag.length - this.suffix.length);
        if (this.order === null) {
            const version = tryParseVersion(middle);
            return version ? [{ name: null, version }] : [];
        }
        const found = [];
        for (let i = middle.indexOf(this.separator, 1); i > 0; i = middle.indexOf(this.separator, i + 1)) {
            const first = middle.slice(0, i);
            const second = middle.slice(i + this.separator.length);
            if (second === '')
                break;
            const [name, versionText] = this.order === 'name-first' ? [first, second] : [second, first];
            if (!isValidProjectName(name))
                continue;
            const version = tryParseVersion(versionText);
            if (version)
                found.push({ name: normalizeName(name), version });
        }
        return found;
    }
    /**
     * The reading of `tag` for one of `knownNames` (normalized), preferring the longest name, so
     * `core-utils-v1.0` is core-utils and never core. Without known names, the only valid reading.
     */
    parse(tag, knownNames) {
        const all = this.candidates(tag);
        if (!knownNames || this.order === null)
            return all.length === 1 ? all[0] : null;
        const known = all.filter((c) => c.name !== null && knownNames.has(c.name));
        known.sort((a, b) => b.name.length - a.name.length);
        return known[0] ?? null;
    }
}
/** The rules of `git check-ref-format` for one tag name, checked without running git. */
function isValidRefComponent(name) {
    if (name === '' || name === '@')
        return false;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
        return false;
    if (name.includes('..') || name.includes('@{') || name.includes('//'))
        return false;
    if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.'))
        return false;
    // Each part between slashes: git refuses one that starts with a dot or ends with .lock.
    return !name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}
/** Any spelling of a normalized name that normalizes to it: `core-lib` matches `Core_Lib`, `core.lib`. */
function nameSpellings(normalized) {
    return normalized
        .split('-')
        .map((part) => [...part].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : escapeRegExp(c))).join(''))
        .join('[-_.]+');
}
/**
 * One package's tags under one format: `{name}`, `{dir}` and `{path}` filled in, so only `{version}`
 * is left to read. `{name}` also matches the name's other spellings (`Core_Lib-v1.0`); the folder
 * placeholders match as written.
 */
class PackageTagPattern {
    format;
    subject;
    pattern;
    /** The tag with `{version}` left in: what the plan shows as the package's tag shape. */
    shape;
    /** The length of the fixed text: of two patterns that read a tag, the longer one is meant. */
    specificity;
    constructor(format, subject) {
        this.format = format;
        this.subject = subject;
        checkTagFormat(format);
        const dir = subject.path === '.' ? '' : subject.path.slice(subject.path.lastIndexOf('/') + 1);
        const path = subject.path === '.' ? '' : subject.path;
        const fill = (text) => text
            .replace(/\{name\}/g, subject.name)
            .replace(/\{dir\}/g, dir)
            .replace(/\{path\}/g, path);
        this.shape = fill(format);
        this.specificity = this.shape.length - '{version}'.length;
        const source = format
            .split(/(\{name\}|\{dir\}|\{path\}|\{version\})/)
            .map((part) => part === '{version}'
            ? '(.+)'
            : part === '{name}'
                ? nameSpellings(subject.name)
                : escapeRegExp(fill(part)))
            .join('');
        this.pattern = new RegExp(`^${source}$`);
    }
    /** Whether the format names this package at all (a root package has no `{dir}`). */
    get usable() {
        return !((this.format.includes('{dir}') || this.format.includes('{path}')) && this.subject.path === '.');
    }
    render(version) {
        return this.shape.replace('{version}', version.text);
    }
    /** The version `tag` gives this package, or null when it is not one of its tags. */
    parse(tag) {
        const match = this.pattern.exec(tag);
        return match ? tryParseVersion(match[1]) : null;
    }
}
/**
 * Which package a tag belongs to, among many patterns: the most specific pattern that reads it, so
 * `core-utils-v1.0` is core-utils's and never core's. Patterns are checked longest first.
 */
class TagMatcher {
    entries;
    constructor(entries) {
        this.entries = [...entries].sort((a, b) => b.pattern.specificity - a.pattern.specificity);
    }
    match(tag) {
        for (const entry of this.entries) {
            const version = entry.pattern.parse(tag);
            if (version)
                return { owner: entry.owner, version, pattern: entry.pattern };
        }
        return null;
    }
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./packages/core/src/toml/pyproject.ts




/**
 * The TOML parser's complaint in the words of the person who wrote the file ("unterminated string",
 * not "control characters are not allowed in strings"); one it does not know is kept as it is.
 */
function inPlainWords(parser, line) {
    if (/control characters are not allowed in strings|unfinished string/.test(parser)) {
        const unclosed = /^(?:[^"']|"[^"]*"|'[^']*')*["']/.test(line) || /unfinished/.test(parser);
        return unclosed
            ? 'unterminated string: the closing quote is missing'
            : 'a control character in a string: write it as an escape such as \\t';
    }
    if (/illegal character in key/.test(parser)) {
        return line.trimStart().startsWith('[')
            ? 'unterminated table header: the closing ] is missing'
            : 'expected key = value (a key holds letters, digits, - and _; quote it otherwise)';
    }
    if (/redefine an already defined/.test(parser))
        return 'this key or table is defined twice';
    if (/expected comma or end of structure/.test(parser)) {
        return 'unterminated list or inline table: a comma or the closing ] or } is missing';
    }
    if (/must be followed by an end-of-line/.test(parser))
        return 'unexpected text after the value: one key = value per line';
    if (/^invalid value$/.test(parser))
        return 'invalid value: text needs quotes, and true and false are lower case';
    return parser;
}
function parseToml(text, file) {
    try {
        // Every valid TOML integer parses (64-bit ones beyond 2^53 as BigInt), so no valid file is refused.
        return (0,dist/* parse */.qg)(text, { integersAsBigInt: 'asNeeded' });
    }
    catch (error) {
        if (error instanceof dist/* TomlError */.zx) {
            const parser = error.message.split('\n', 1)[0].replace(/^Invalid TOML document:\s*/, '');
            const reason = inPlainWords(parser, text.split(/\r?\n/)[error.line - 1] ?? '');
            throw new src_errors/* UserError */.yo(`${file}:${error.line}:${error.column}: invalid TOML: ${reason}`, {
                file,
                line: error.line,
                column: error.column,
            });
        }
        throw error;
    }
}
/** The table at `path` under `node` (a parsed document or any value), or null when there is none. */
function tableAt(node, path) {
    for (const key of path) {
        if (node === null || typeof node !== 'object' || Array.isArray(node))
            return null;
        node = node[key];
    }
    return node !== null && typeof node === 'object' && !Array.isArray(node) ? node : null;
}
/** tableAt with the path as arguments: `tableIn(doc, 'tool', 'uv', 'workspace')`. */
function tableIn(node, ...path) {
    return tableAt(node, path);
}
/** The declared name, or null when this pyproject.toml names no project (a tooling-only file). */
function projectNameOf(doc) {
    const name = tableAt(doc, ['project'])?.name ?? tableAt(doc, ['tool', 'poetry'])?.name;
    return typeof name === 'string' ? name : null;
}
function readPyProject(text, file) {
    return pyProjectFromDocument(parseToml(text, file), file);
}
/** readPyProject for a document already parsed with parseToml. */
function pyProjectFromDocument(doc, file) {
    const name = projectNameOf(doc);
    if (name === null) {
        throw new src_errors/* UserError */.yo(`${file}: no project name: expected a string in [project].name or [tool.poetry].name`, { file });
    }
    if (!isValidProjectName(name)) {
        throw new src_errors/* UserError */.yo(`${file}: project name ${JSON.stringify(name)} is not a valid Python distribution name`, { file });
    }
    const versionTable = versionTableOf(doc, file);
    const raw = tableAt(doc, versionTable.split('.'))?.version;
    return { file, name, versionTable, version: parseVersion(raw, `${file}: [${versionTable}].version`) };
}
function versionTableOf(doc, file) {
    const project = tableAt(doc, ['project']);
    const poetry = tableAt(doc, ['tool', 'poetry']);
    const poetryHasVersion = typeof poetry?.version === 'string';
    if (project && typeof project.name === 'string') {
        if (typeof project.version === 'string')
            return 'project';
        const dynamic = Array.isArray(project.dynamic) && project.dynamic.includes('version');
        // Poetry 2 keeps the version in [tool.poetry] when [project] declares it dynamic.
        if (dynamic && poetryHasVersion)
            return 'tool.poetry';
        if (dynamic) {
            throw new src_errors/* UserError */.yo(`${file}: [project] declares dynamic = ["version"]; pyrelease needs a static version string in [project].version`, { file });
        }
        throw new src_errors/* UserError */.yo(`${file}: [project] has no version: expected a string such as version = "0.1.0"`, {
            file,
        });
    }
    if (poetryHasVersion)
        return 'tool.poetry';
    throw new src_errors/* UserError */.yo(`${file}: [tool.poetry] has no version: expected a string such as version = "0.1.0"`, {
        file,
    });
}
/**
 * A parsed document as text that is equal exactly when the documents are: how an edit is checked to
 * have changed nothing but its one value (integers parse as bigint, which JSON cannot write alone).
 */
function canonicalToml(doc) {
    return JSON.stringify(doc, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
}

;// CONCATENATED MODULE: ./packages/core/src/dependencies/specifier.ts

const CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>|\^|~)\s*([^\s,]+?)(\.\*)?\s*$/;
/** The clauses of a comma-separated specifier set; null when one of them is not a valid clause. */
function parseSpecifierSet(text) {
    if (text.trim() === '')
        return [];
    const clauses = [];
    let offset = 0;
    for (const part of text.split(',')) {
        const match = CLAUSE.exec(part);
        if (!match)
            return null;
        const [, operator, versionText, star] = match;
        if (operator !== '===' && !validClause(operator, tryParseVersion(versionText), Boolean(star)))
            return null;
        const lead = part.length - part.trimStart().length;
        const trail = part.length - part.trimEnd().length;
        clauses.push({
            operator: operator,
            versionText,
            wildcard: Boolean(star),
            start: offset + lead,
            end: offset + part.length - trail,
        });
        offset += part.length + 1;
    }
    return clauses;
}
/**
 * PEP 440's limits on a clause, as packaging applies them: `.*` only after `==`/`!=` and a release
 * alone (`==1.0.*`, never `>=1.0.*` or `==1.0rc1.*`); `~=` needs two release numbers (`~=1` is
 * invalid); an ordered comparison takes no local label. Poetry's `^` and `~` are Poetry's.
 */
function validClause(operator, v, wildcard) {
    if (!v)
        return false;
    if (wildcard) {
        const releaseOnly = v.pre === null && v.post === null && v.dev === null && v.local === null;
        return (operator === '==' || operator === '!=') && releaseOnly;
    }
    if (operator === '~=')
        return v.release.length >= 2 && v.local === null;
    if (operator === '<' || operator === '>' || operator === '<=' || operator === '>=')
        return v.local === null;
    return true;
}
function parsed(text) {
    return tryParseVersion(text);
}
function publicOf(v) {
    return v.local === null ? v : tryParseVersion(v.text.slice(0, v.text.indexOf('+')));
}
function releaseOfVersion(v) {
    return tryParseVersion(`${v.epoch ? `${v.epoch}!` : ''}${v.release.join('.')}`);
}
function isPrerelease(v) {
    return v.pre !== null || v.dev !== null;
}
/** packaging's Specifier.prereleases: a clause that names a pre-release admits pre-releases. */
function namesPrerelease(clause) {
    if (clause.operator === '!=')
        return false;
    const v = tryParseVersion(clause.versionText);
    return v !== null && isPrerelease(v);
}
function prefixMatches(v, spec) {
    if (v.epoch !== spec.epoch)
        return false;
    return spec.release.every((n, i) => (v.release[i] ?? 0n) === n);
}
/** The upper bound of `~=`, `^` and `~` as a release prefix that must match. */
function compatiblePrefix(clause, spec) {
    const release = [...spec.release];
    if (clause.operator === '~=')
        return release.slice(0, -1);
    if (clause.operator === '~')
        return release.length === 1 ? release : release.slice(0, 2);
    // ^: up to the first non-zero number (Poetry: ^0.2.3 is >=0.2.3,<0.3.0; ^0.0 is <0.1).
    const firstNonZero = release.findIndex((n) => n !== 0n);
    if (firstNonZero < 0)
        return release;
    return release.slice(0, firstNonZero + 1);
}
function clauseAdmits(clause, item) {
    const { operator } = clause;
    if (operator === '===')
        return clause.versionText.toLowerCase() === item.text.toLowerCase();
    const spec = parsed(clause.versionText);
    const candidate = spec.local === null ? publicOf(item) : item;
    if (operator === '==' || operator === '!=') {
        const equal = clause.wildcard
            ? prefixMatches(publicOf(item), spec)
            : compareVersions(candidate, spec) === 0;
        return operator === '==' ? equal : !equal;
    }
    const cmp = compareVersions(publicOf(item), spec);
    if (operator === '>=')
        return cmp >= 0;
    if (operator === '<=')
        return cmp <= 0;
    if (operator === '<') {
        if (cmp >= 0)
            return false;
        // <V does not admit a pre-release of V itself unless V is one.
        return !(!isPrerelease(spec) &&
            isPrerelease(item) &&
            compareVersions(releaseOfVersion(item), releaseOfVersion(spec)) === 0);
    }
    if (operator === '>') {
        if (cmp <= 0)
            return false;
        // >V does not admit a post-release of V itself unless V is one.
        if (spec.post === null && item.post !== null) {
            const withoutPost = tryParseVersion(publicOf(item).text.replace(/\.post\d+/, ''));
            if (withoutPost && compareVersions(withoutPost, spec) === 0)
                return false;
        }
        return true;
    }
    // ~=, ^ and ~: at least the version, within its compatible prefix.
    return (compareVersions(publicOf(item), spec) >= 0 &&
        prefixMatches(publicOf(item), { ...spec, release: compatiblePrefix(clause, spec) }));
}
/**
 * Whether the specifier set admits `version` for an installer choosing among releases: as packaging's
 * `SpecifierSet.contains(v, prereleases=...)` with pre-releases only when a clause names one (so an
 * empty set admits every final and no pre-release).
 */
function admits(clauses, version) {
    if (isPrerelease(version) && !clauses.some(namesPrerelease))
        return false;
    return clauses.every((c) => clauseAdmits(c, version));
}
/** `v` written with `count` release numbers (padded with zeros, or cut), keeping its epoch. */
function releaseText(v, count) {
    const numbers = [...v.release];
    while (numbers.length < count)
        numbers.push(0n);
    return `${v.epoch ? `${v.epoch}!` : ''}${numbers.slice(0, Math.max(count, 1)).join('.')}`;
}
/**
 * The next boundary after `v` at the level of an upper bound, written with as many numbers: the level is
 * the bound's last non-zero number (`<2` and `<2.0` are major, `<1.5` minor): `<2.0` -> `<3.0`.
 */
function nextBoundary(v, bound) {
    const count = Math.max(bound.release.length, 1);
    let level = bound.release.length - 1;
    while (level > 0 && bound.release[level] === 0n)
        level -= 1;
    const numbers = [...v.release];
    while (numbers.length < count)
        numbers.push(0n);
    const next = numbers.slice(0, count).map((n, i) => (i < level ? n : i === level ? n + 1n : 0n));
    return `${v.epoch ? `${v.epoch}!` : ''}${next.join('.')}`;
}
/** `base` (release numbers) with `v`'s pre, post and dev parts: the anchor of `~=2.0rc1`. */
function withSuffix(v, base) {
    return (base +
        (v.pre ? `${v.pre.label}${v.pre.number}` : '') +
        (v.post !== null ? `.post${v.post}` : '') +
        (v.dev !== null ? `.dev${v.dev}` : ''));
}
/**
 * The specifier set moved up so it admits `version` (the release of a sibling package), keeping its
 * shape: lower bounds and exact pins become `version`, an upper bound it passed moves to the next
 * boundary of the same level (`>=1.0,<2` -> `>=2.0.0,<3`), `~=`/`^`/`~` stay anchored at it with as
 * many numbers as written, and a `!=` that excludes it is dropped. Only the clauses' text changes.
 * Null when the set admits it already.
 */
function moveSpecifierTo(text, version) {
    const clauses = parseSpecifierSet(text);
    if (clauses === null)
        return null;
    if (admits(clauses, version))
        return null;
    const exact = version.text;
    const kept = clauses.map((clause) => {
        // Lower bounds always move up to the version (the dependent was built and tested against it).
        const lower = clause.operator === '>=' || clause.operator === '>';
        if (!lower && clauseAdmits(clause, version)) {
            return { clause, replacement: text.slice(clause.start, clause.end) };
        }
        const count = tryParseVersion(clause.versionText)?.release.length ?? 1;
        switch (clause.operator) {
            case '>=':
            case '>':
                return { clause, replacement: `>=${exact}` };
            case '<=':
                return { clause, replacement: `<=${exact}` };
            case '<':
                return { clause, replacement: `<${nextBoundary(version, parsed(clause.versionText))}` };
            case '==':
                return { clause, replacement: clause.wildcard ? `==${releaseText(version, count)}.*` : `==${exact}` };
            case '===':
                return { clause, replacement: `===${exact}` };
            case '!=':
                return { clause, replacement: null };
            default: {
                // ~=, ^, ~: anchored at the version; a pre-release is written whole so it is admitted.
                const anchor = withSuffix(version, releaseText(version, Math.max(count, clause.operator === '~=' ? 2 : 1)));
                return { clause, replacement: `${clause.operator}${anchor}` };
            }
        }
    });
    // A pre-release is admitted only by a clause that names it: with none left, the lower bound does.
    const pieces = kept.map((k) => k.replacement).filter((r) => r !== null);
    if (isPrerelease(version) && !pieces.some(namesPrereleaseText)) {
        const lower = pieces.findIndex((p) => p.startsWith('>='));
        if (lower >= 0)
            pieces[lower] = `>=${exact}`;
        else
            pieces.unshift(`>=${exact}`);
    }
    // The clauses keep their order; the separator keeps the text's spacing.
    const result = pieces.join(/,\s/.test(text) ? ', ' : ',');
    const check = parseSpecifierSet(result);
    return check !== null && admits(check, version) ? result : null;
}
function namesPrereleaseText(clauseText) {
    const clauses = parseSpecifierSet(clauseText);
    return clauses !== null && clauses.some(namesPrerelease);
}

;// CONCATENATED MODULE: ./packages/core/src/dependencies/requirements.ts



const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*/;
/** The parts of a PEP 508 requirement that pyrelease reads; null when it is not one. */
function parseRequirement(text) {
    const name = NAME.exec(text);
    if (!name)
        return null;
    const i = name[0].length;
    const markerAt = text.indexOf(';', i);
    const head = markerAt < 0 ? text.length : markerAt;
    if (text[i] === '@')
        return { name: normalizeName(name[1]), specifier: '', start: i, end: i, direct: true };
    let start = i;
    let end = head;
    // `name (>=1.0)`: the older spelling with parentheses.
    const open = text.slice(i, head).match(/^\(\s*/);
    if (open) {
        const close = text.lastIndexOf(')', head);
        if (close < 0)
            return null;
        start = i + open[0].length;
        end = close;
    }
    while (end > start && /\s/.test(text[end - 1]))
        end -= 1;
    return { name: normalizeName(name[1]), specifier: text.slice(start, end), start, end, direct: false };
}
/** A PEP 735 `[dependency-groups]` requirement: never published, so it never makes a sibling's release. */
function isUnpublishedRequirement(r) {
    return r.key[0] === 'dependency-groups';
}
/**
 * The requirements of a pyproject.toml on the packages named in `names`: `[project].dependencies`,
 * each `[project.optional-dependencies]` group, each `[dependency-groups]` group (PEP 735), and Poetry's `[tool.poetry.dependencies]` (a string
 * constraint or a table's `version`). Direct references (`name @ url`) are not version constraints.
 */
function internalRequirementsOf(doc, names, self) {
    const found = [];
    const fromArray = (value, key) => {
        if (!Array.isArray(value))
            return;
        value.forEach((item, index) => {
            if (typeof item !== 'string')
                return;
            const parsed = parseRequirement(item);
            if (!parsed || parsed.direct || parsed.name === self || !names.has(parsed.name))
                return;
            found.push({ on: parsed.name, specifier: parsed.specifier, key, index, text: item });
        });
    };
    const project = tableIn(doc, 'project');
    fromArray(project?.dependencies, ['project', 'dependencies']);
    const optional = tableIn(project, 'optional-dependencies') ?? {};
    for (const [group, list] of Object.entries(optional))
        fromArray(list, ['project', 'optional-dependencies', group]);
    // PEP 735 groups: strings are requirements, `{include-group = …}` tables are skipped.
    for (const [group, list] of Object.entries(tableIn(doc, 'dependency-groups') ?? {}))
        fromArray(list, ['dependency-groups', group]);
    const poetry = tableIn(doc, 'tool', 'poetry', 'dependencies') ?? {};
    for (const [dep, value] of Object.entries(poetry)) {
        const on = normalizeName(dep);
        if (on === self || !names.has(on))
            continue;
        if (typeof value === 'string')
            found.push({
                on,
                specifier: value,
                key: ['tool', 'poetry', 'dependencies', dep],
                index: null,
                text: value,
            });
        const version = tableIn(value)?.version;
        if (typeof version === 'string') {
            found.push({
                on,
                specifier: version,
                key: ['tool', 'poetry', 'dependencies', dep, 'version'],
                index: null,
                text: version,
            });
        }
    }
    return found;
}
/**
 * A Poetry constraint as PEP 440 clauses, and back: a bare version is an exact pin (`1.0.0`), clauses
 * are separated by commas or spaces. `||` (either of two) has no PEP 440 form: null.
 */
function poetryClauses(text) {
    if (text.includes('||') || text.trim() === '*')
        return null;
    const tokens = text
        .trim()
        .replace(/(>=|<=|==|!=|~=|>|<|\^|~)\s+/g, '$1')
        .split(/[\s,]+/)
        .filter(Boolean);
    const bare = tokens.map((t) => /^\d/.test(t));
    const pep440 = tokens.map((t, i) => (bare[i] ? `==${t}` : t)).join(',');
    return parseSpecifierSet(pep440) ? { pep440, bare, separator: text.includes(',') ? ', ' : ' ' } : null;
}
/** Whether pyrelease can read a requirement's specifier (empty counts: it admits every final). */
function isReadableRequirement(requirement) {
    if (requirement.specifier.trim() === '' || requirement.specifier.trim() === '*')
        return true;
    if (requirement.index === null)
        return poetryClauses(requirement.specifier) !== null;
    return parseSpecifierSet(requirement.specifier) !== null;
}
/** The new text of a requirement whose specifier moves up to `version`; null when it admits it already. */
function movedRequirementText(requirement, version) {
    if (requirement.index === null) {
        const poetry = poetryClauses(requirement.specifier);
        const moved = poetry ? moveSpecifierTo(poetry.pep440, version) : null;
        if (!poetry || moved === null)
            return null;
        // Back to Poetry's spelling: exact pins bare again, its own separator.
        const clauses = moved.split(',');
        return clauses
            .map((c, i) => poetry.bare[i] && c.startsWith('==') && clauses.length === poetry.bare.length ? c.slice(2) : c)
            .join(poetry.separator);
    }
    const parsed = parseRequirement(requirement.text);
    const moved = moveSpecifierTo(parsed.specifier, version);
    if (moved === null)
        return null;
    return requirement.text.slice(0, parsed.start) + moved + requirement.text.slice(parsed.end);
}
/** A bare requirement with a lower bound at `version` (`alpha[x] ; marker` -> `alpha[x]>=1.2.0 ; marker`). */
function pinnedRequirementText(requirement, version) {
    if (requirement.index === null)
        return requirement.specifier.trim() === '*' || requirement.specifier.trim() === ''
            ? `>=${version.text}`
            : null;
    const parsed = parseRequirement(requirement.text);
    if (!parsed || parsed.direct || parsed.specifier !== '')
        return null;
    const head = requirement.text.slice(0, parsed.start).trimEnd();
    const rest = requirement.text.slice(parsed.start);
    return `${head}>=${version.text}${rest.startsWith(';') ? ` ${rest}` : rest}`;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/cascade.ts

/**
 * Internal dependencies (docs/configuration.md, "Internal dependencies"): a package whose
 * requirement on a released sibling does not admit the sibling's new version is released too (a patch
 * unless its own commits say more), unless what it published admits it already (with `cascade =
 * "always"`, whenever a sibling it requires is released); this cascades along
 * chains and ends on cycles, because the released set only grows. `force` re-plans a package with the
 * reasons and says whether it is released now. Returns every requirement to move, released or not.
 */
function cascadeDependencies(plans, released, force, warn) {
    for (let grew = true; grew;) {
        grew = false;
        const next = newVersions(plans);
        plans.forEach((p, index) => {
            if (p.next !== null)
                return;
            const because = unmetRequirements(p, next, released);
            if (because.length > 0 && force(index, because))
                grew = true;
        });
    }
    const final = newVersions(plans);
    const updates = [];
    plans.forEach((p, index) => {
        const because = new Map(p.dependencies.map((d) => [cascade_dependencyKey(d), d]));
        for (const update of movedRequirements(p, plans, final, warn)) {
            updates.push(update);
            if (p.next && !update.ownCommit) {
                const d = { name: update.dependency, version: update.version };
                if (!because.has(cascade_dependencyKey(d)))
                    because.set(cascade_dependencyKey(d), d);
            }
        }
        if (p.next && p.package.settings.pinWorkspaceDependencies)
            updates.push(...pins(p, plans, final));
        if (p.next && because.size !== p.dependencies.length)
            plans[index] = { ...p, dependencies: [...because.values()] };
    });
    return updates;
}
/** The sibling released at `version`, as one dependency: the text a plan and its JSON show. */
function cascade_dependencyKey(d) {
    return `${d.name} ${d.version.text}`;
}
function newVersions(plans) {
    return new Map(plans.flatMap((p) => (p.next ? [[p.package.name, p.next]] : [])));
}
function sameRequirement(a, b) {
    return a.on === b.on && a.key.join('\0') === b.key.join('\0');
}
/** The siblings' new versions that an unreleased package's requirements (and what it published) do not admit. */
function unmetRequirements(p, next, released) {
    const because = new Map();
    const always = p.package.settings.cascade === 'always';
    for (const r of p.package.requirements) {
        const v = next.get(r.on);
        // A dependency group is not published metadata: it is kept consistent, never a reason to release.
        if (!v || isUnpublishedRequirement(r))
            continue;
        if (always) {
            because.set(cascade_dependencyKey({ name: r.on, version: v }), { name: r.on, version: v });
            continue;
        }
        if (r.specifier.trim() === '' || !isReadableRequirement(r))
            continue;
        if (movedRequirementText(r, v) === null)
            continue;
        const published = released?.get(p.package.name)?.find((x) => sameRequirement(x, r));
        if (p.previous && published && movedRequirementText(published, v) === null)
            continue;
        const d = { name: r.on, version: v };
        if (!because.has(cascade_dependencyKey(d)))
            because.set(cascade_dependencyKey(d), d);
    }
    return [...because.values()];
}
/**
 * The requirements of `p` that a sibling's version does not admit. A sibling released now moves the
 * requirement in its own commit. For a released package, a sibling released before counts too: the
 * base branch's text never moved, and its release must not publish less than what it published last
 * (its own commit moves it). A bare requirement admits every final (pins below bound it).
 */
function movedRequirements(p, plans, final, warn) {
    const updates = [];
    for (const r of p.package.requirements) {
        const sibling = plans.find((o) => o.package.name === r.on);
        const now = final.get(r.on);
        const v = now ?? (p.next ? sibling?.previous?.version : undefined);
        if (!v || r.specifier.trim() === '')
            continue;
        if (!isReadableRequirement(r)) {
            warn(`${p.package.name}: its requirement ${JSON.stringify(r.text)} on ${r.on} is not a version specifier pyrelease can read, so it was not checked against ${r.on} ${v.text}`);
            continue;
        }
        const replacement = movedRequirementText(r, v);
        if (replacement === null)
            continue;
        updates.push(updateOf(p, r, v, replacement, { pin: false, ownCommit: !now }));
    }
    return updates;
}
/**
 * pin-workspace-dependencies: a released package's bare requirements get the version its sibling has
 * at this release (the new one, else its last tag of the release's channel).
 */
function pins(p, plans, final) {
    const updates = [];
    for (const r of p.package.requirements) {
        if (r.specifier.trim() !== '' || isUnpublishedRequirement(r))
            continue;
        const sibling = plans.find((o) => o.package.name === r.on);
        const v = final.get(r.on) ?? sibling?.previous?.version;
        if (!v)
            continue;
        const replacement = pinnedRequirementText(r, v);
        if (replacement === null)
            continue;
        updates.push(updateOf(p, r, v, replacement, { pin: true, ownCommit: true }));
    }
    return updates;
}
function updateOf(p, requirement, version, replacement, how) {
    return { dependent: p.package.name, dependency: requirement.on, version, requirement, replacement, ...how };
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/release-line.ts

function parseLine(text, what = 'line') {
    if (!/^\d+(\.\d+)?$/.test(text.trim())) {
        throw new src_errors/* UserError */.yo(`${what} must be leading release numbers such as "0.6" or "2", got ${JSON.stringify(text)}`);
    }
    return { text: text.trim(), release: text.trim().split('.').map(BigInt) };
}
/** Whether `version` belongs to `line`: its release numbers start with the line's. */
function lineOf(line, version) {
    return line.release.every((n, i) => (version.release[i] ?? 0n) === n);
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/bump-rules.ts
/** The rules that bump `from` (below 1.0.0: the pre-major table, if any); null: a first release. */
function bumpRulesFor(rules, from) {
    return rules.preMajor && from && from.release[0] === 0n ? rules.preMajor : rules;
}
/** Types whose commits change nothing a user installs: they release nothing on their own. */
const NON_RELEASING_TYPES = [
    'chore',
    'docs',
    'style',
    'test',
    'ci',
    'build',
    'refactor',
];
const DEFAULT_BUMP_RULES = {
    minor: ['feat'],
    patch: ['fix', 'perf', 'revert', 'deps'],
    nonConventional: 'patch',
};
/** What one commit releases under `rules`; null: nothing on its own. */
function bumpLevelOf(intent, rules = DEFAULT_BUMP_RULES) {
    if (intent.breaking)
        return 'major';
    const { type } = intent;
    if (type !== null) {
        if (rules.minor.includes(type))
            return 'minor';
        if (rules.patch.includes(type))
            return 'patch';
        if (NON_RELEASING_TYPES.includes(type))
            return null;
    }
    return rules.nonConventional === 'patch' ? 'patch' : null;
}

;// CONCATENATED MODULE: ./packages/core/src/versioning/conventional.ts
const HEADER = /^(?<type>[A-Za-z][A-Za-z0-9-]*)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:[ \t]+\S/;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:[ \t]*\S/m;
function parseCommitMessage(message) {
    const normalized = message.replace(/\r\n?/g, '\n');
    const subject = normalized.split('\n', 1)[0].trim();
    const match = HEADER.exec(subject);
    const blank = normalized.indexOf('\n\n');
    const body = blank < 0 ? '' : normalized.slice(blank + 2);
    const footerBreaking = BREAKING_FOOTER.test(body);
    if (!match?.groups)
        return { type: null, scope: null, breaking: footerBreaking, subject, description: subject };
    return {
        type: match.groups.type.toLowerCase(),
        scope: match.groups.scope?.trim() || null,
        breaking: Boolean(match.groups.bang) || footerBreaking,
        subject,
        // The match ends on the description's first character.
        description: subject.slice(match[0].length - 1),
    };
}
/** A footer line (`Refs: #1`, `Signed-off-by: …`, `Closes #2`): where a footer's value ends. */
const FOOTER_TOKEN = /^(?:BREAKING[ -]CHANGE|[A-Za-z][A-Za-z0-9-]*)(?::[ \t]|[ \t]#)/;
/**
 * What a `BREAKING CHANGE:` footer says: its first paragraph, as one line (its lines joined), up to a
 * blank line or the next footer; null without such a footer.
 */
function breakingNoteOf(message) {
    const normalized = message.replace(/\r\n?/g, '\n');
    const blank = normalized.indexOf('\n\n');
    if (blank < 0)
        return null;
    const lines = normalized.slice(blank + 2).split('\n');
    const start = lines.findIndex((l) => /^BREAKING[ -]CHANGE:/.test(l));
    if (start < 0)
        return null;
    const paragraph = [lines[start].replace(/^BREAKING[ -]CHANGE:[ \t]*/, '')];
    for (const line of lines.slice(start + 1)) {
        if (line.trim() === '' || FOOTER_TOKEN.test(line))
            break;
        paragraph.push(line.trim());
    }
    const note = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    return note === '' ? null : note;
}
/**
 * The header a revert reverts: `revert: <header>` (Conventional Commits) or git's own
 * `Revert "<header>"`; null for any other commit.
 */
function revertedHeaderOf(intent) {
    if (intent.type === 'revert' && intent.scope === null)
        return intent.description;
    if (intent.type !== null)
        return null;
    return /^Revert "(.+)"$/.exec(intent.subject)?.[1] ?? null;
}
const RELEASE_AS_FOOTER = /^Release-As:[ \t]*(\S+)[ \t]*$/im;
/** The version a `Release-As: <version>` footer asks for, as written; null when there is none. */
function releaseAsOf(message) {
    const normalized = message.replace(/\r\n?/g, '\n');
    const blank = normalized.indexOf('\n\n');
    if (blank < 0)
        return null;
    return RELEASE_AS_FOOTER.exec(normalized.slice(blank + 2))?.[1] ?? null;
}
/** A squashed commit in GitHub's squash-merge message: a bullet that starts with a conventional header. */
const SQUASHED = /^\* (?=[A-Za-z][A-Za-z0-9-]*(?:\([^()\r\n]*\))?!?:[ \t]+\S)/;
/**
 * The commits a squash merge folded into one (GitHub writes `* <subject>` then that commit's body for
 * each), as messages of their own: each bullet with the lines up to the next bullet. Only bullets with
 * a conventional header count; null when there is none (not a squash, or one of commits that say nothing).
 */
function squashedMessagesOf(message) {
    const normalized = message.replace(/\r\n?/g, '\n');
    const blank = normalized.indexOf('\n\n');
    if (blank < 0)
        return null;
    const messages = [];
    let current = null;
    for (const line of normalized.slice(blank + 2).split('\n')) {
        if (SQUASHED.test(line)) {
            current = [line.slice(2)];
            messages.push(current);
        }
        else if (line.startsWith('* ')) {
            current = null;
        }
        else {
            current?.push(line);
        }
    }
    if (messages.length === 0)
        return null;
    // The body's first paragraph after the subject line is blank-separated already (`* subject\n\nbody`).
    return messages.map((lines) => lines.join('\n').replace(/\n+$/, ''));
}

;// CONCATENATED MODULE: ./packages/core/src/plan/target.ts





/** `finals`: the package's final tags, whose versions a Release-As footer asks for in vain. */
function changesSinceFinal(commits, lastFinal, finals = []) {
    const changes = commits.map((commit) => ({ commit, intent: parseCommitMessage(commit.message) }));
    return { changes, ...findReleaseAs(commits, lastFinal, finals) };
}
/**
 * The level a change releases for `pkg` (its `bump` rules, the pre-major ones while `from`, the
 * version bumped, is below 1.0.0); null: it releases nothing.
 */
function levelOf(pkg, change, from) {
    return bumpLevelOf(change.intent, bumpRulesFor(pkg.settings.bump, from?.version ?? null));
}
/**
 * The version a package is released at (before an rc number) and the level that got it there: a
 * Release-As footer's version; after a final, the final bumped by its changes (at least a patch, and
 * in a maintenance line never out of it), or the declared version when that is higher; before the
 * first final, the declared version, or for a version from the tags the initial version, never below
 * an rc already tagged; a final never below the rc it promotes. A target outside the maintenance line
 * is an error.
 */
function targetVersion(pkg, line, tags, since, forDependency, apiBreaking) {
    const { lastFinal, lastAny } = tags;
    // A release for a sibling's new version is at least a patch; a break the API check found, a major.
    const level = since.changes.reduce((highest, c) => higherBump(highest, levelOf(pkg, c, lastFinal)), apiBreaking?.length ? 'major' : forDependency ? 'patch' : null);
    let bump = lastFinal ? (level ?? 'patch') : null;
    const declared = pkg.version ? releaseOf(pkg.version) : null;
    let target;
    if (since.releaseAs) {
        target = since.releaseAs.version;
    }
    else if (lastFinal) {
        const bumped = bumpInLine(pkg, line, lastFinal, since, bump ?? 'patch', apiBreaking);
        bump = bumped.bump;
        target =
            declared && (!line || lineOf(line, declared)) ? maxVersion(declared, bumped.version) : bumped.version;
    }
    else {
        const first = declared ?? pkg.settings.initialVersion;
        target = lastAny && !declared ? maxVersion(first, releaseOf(lastAny.version)) : first;
    }
    if (tags.promoted)
        target = maxVersion(target, releaseOf(tags.promoted.rc.version));
    if (line && !lineOf(line, target)) {
        throw new src_errors/* UserError */.yo(`${pkg.name}: ${target.text} is not in maintenance line ${line.text}: the version in ${pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath} or the Release-As footer must stay in it`);
    }
    return { bump, target };
}
/**
 * The last final bumped by `bump`; a maintenance line takes only a patch of it, and a breaking change
 * it cannot release is an error naming the commit.
 */
function bumpInLine(pkg, line, lastFinal, since, bump, apiBreaking = []) {
    const bumped = bumpVersion(lastFinal.version, bump);
    if (!line || lineOf(line, bumped))
        return { bump, version: bumped };
    if (apiBreaking.length > 0) {
        throw new src_errors/* UserError */.yo(`${pkg.name}: the API check found breaking changes since ${lastFinal.tag} (${apiBreaking.join('; ')}), which maintenance line ${line.text} cannot release (${lastFinal.version.text} -> ${bumped.text}): undo them in this line, or release them from the main line`);
    }
    const breaking = since.changes.find((c) => c.intent.breaking);
    if (breaking) {
        throw new src_errors/* UserError */.yo(`${pkg.name}: commit ${breaking.commit.sha.slice(0, 12)} is a breaking change, which maintenance line ${line.text} cannot release (${lastFinal.version.text} -> ${bumped.text}): release it from the main line`);
    }
    return { bump: 'patch', version: bumpVersion(lastFinal.version, 'patch') };
}
/**
 * The version a `Release-As:` footer sets, from the newest commit since the last final that has one.
 * It must be a final version above the last final: else a one-line error naming the commit. A footer
 * that asks for a version a final tag holds already (one written on `test` while a hotfix on `master`
 * asked for, and was released at, the same version) is fulfilled: it is left out, and the plan says so.
 */
function findReleaseAs(commits, lastFinal, finals) {
    const fulfilled = [];
    for (const commit of commits) {
        const text = releaseAsOf(commit.message);
        if (text === null)
            continue;
        const sha = commit.sha.slice(0, 12);
        const version = tryParseVersion(text);
        if (!version || !isFinal(version) || version.local !== null) {
            throw new src_errors/* UserError */.yo(`commit ${sha}: Release-As: ${JSON.stringify(text)} must be a final PEP 440 version such as 2.0.0 (or a post release of a published one, such as 1.4.0.post1)`);
        }
        postOfPublishedFinal(sha, version, finals);
        if (lastFinal && compareVersions(version, lastFinal.version) <= 0) {
            const released = finals.find((t) => compareVersions(t.version, version) === 0);
            if (released) {
                fulfilled.push({ commit: commit.sha, tag: released });
                continue;
            }
            throw new src_errors/* UserError */.yo(`commit ${sha}: Release-As: ${version.text} is not above the last final release ${lastFinal.tag}; a newer commit with a Release-As above it replaces this one`);
        }
        return { releaseAs: { version, commit: commit.sha }, fulfilled };
    }
    return { releaseAs: null, fulfilled };
}
/**
 * A post release fixes the packaging or docs of a published final: `Release-As: 1.4.0.post1` needs a
 * final tag of 1.4.0 (or of an earlier post of it), else it would publish a fix of nothing.
 */
function postOfPublishedFinal(sha, version, finals) {
    if (version.post === null)
        return;
    const fixed = finals.some((t) => compareReleaseNumbers(t.version, version) === 0);
    if (fixed)
        return;
    throw new src_errors/* UserError */.yo(`commit ${sha}: Release-As: ${version.text} is a post release of ${finalReleaseOf(version).text}, which no final tag of the package holds: a post release fixes a published final`);
}

;// CONCATENATED MODULE: ./packages/core/src/plan/tag-assignment.ts




/**
 * Which tags are whose: each package's tag patterns, the tags they match (in the maintenance line, if
 * any), and the tags each package's plan counts from, which also bound the history read.
 */
/**
 * The tag patterns of each package: the format it writes, then those its older tags used. A root
 * package cannot fill `{dir}` or `{path}`: such formats are left out (the plan says why).
 */
function tagPatternsOf(pkg, override) {
    const formats = [
        override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT,
        ...pkg.settings.previousTagFormats,
    ];
    return formats.map((f) => new PackageTagPattern(f, pkg)).filter((p) => p.usable);
}
function writtenFormatOf(pkg, override) {
    return override ?? pkg.settings.tagFormat ?? DEFAULT_TAG_FORMAT;
}
const assignedTags = new WeakMap();
function assignTags(input) {
    const key = JSON.stringify([input.tagFormat ?? null, input.line ?? null]);
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    const cached = assignedTags.get(input.tags);
    if (cached &&
        cached.key === key &&
        same(cached.tags, input.tags) &&
        same(cached.packages, input.packages)) {
        return cached.assigned;
    }
    const assigned = readTags(input);
    assignedTags.set(input.tags, { tags: [...input.tags], packages: [...input.packages], key, assigned });
    return assigned;
}
function readTags(input) {
    const { packages } = input;
    const line = input.line ? parseLine(input.line) : null;
    const patterns = new Map(packages.map((p) => [p.name, tagPatternsOf(p, input.tagFormat)]));
    const shared = sharedShapes(packages, input.tagFormat);
    checkDistinctShapes(packages, patterns, input.tagFormat, shared);
    const matcher = new TagMatcher(packages.flatMap((p) => (patterns.get(p.name) ?? []).map((pattern) => ({ pattern, owner: p.name }))));
    const tagsByPackage = new Map();
    const outOfLine = new Set();
    const unclaimed = [];
    for (const tag of input.tags) {
        const found = matcher.match(tag.name);
        if (!found) {
            unclaimed.push(tag);
            continue;
        }
        // A maintenance line counts only its own tags: the main line's are another history.
        if (line && !lineOf(line, found.version)) {
            outOfLine.add(found.owner);
            continue;
        }
        const owners = shared.get(found.pattern.shape) ?? [found.owner];
        for (const owner of owners) {
            const list = tagsByPackage.get(owner) ?? [];
            const record = { tag: tag.name, version: found.version, commit: tag.commit };
            list.push(owners.length > 1 ? { ...record, shared: true } : record);
            tagsByPackage.set(owner, list);
        }
    }
    return { tagsByPackage, outOfLine, unclaimed };
}
/**
 * The tags a package's plan counts from: its last release of any kind and its last final, `previous`
 * (lastAny in the pre-release and dev modes, lastFinal in final mode), and the tags whose contents
 * count as released, from the first pre-release of the lowest counted release up to the highest (in a
 * pre-release mode the pre-releases that a final promoted by a squash merge; in final mode the final
 * and its pre-releases). Older tags say nothing more: what they released, the counted release either
 * contains or left out (a maintenance fix merged forward was never in the newer line).
 * Dev releases count only for the next dev release: an alpha, beta, rc or final run reads the
 * package as if they were not there, so a nightly build is never taken for a release of its changes.
 */
function countedTags(mode, all) {
    const tags = mode === 'dev' ? all : all.filter((t) => t.version.dev === null);
    const lastAny = highest(tags);
    const lastFinal = highest(tags.filter((t) => isFinal(t.version)));
    const previous = mode === 'final' ? lastFinal : lastAny;
    const lowest = lastFinal ?? (mode === 'final' ? null : lastAny);
    const counting = lowest && previous
        ? tags.filter((t) => compareReleaseNumbers(t.version, lowest.version) >= 0 &&
            compareVersions(t.version, previous.version) <= 0)
        : [];
    return { lastAny, lastFinal, previous, counting };
}
/**
 * The pre-releases above a package's last final (all of them before its first final): what a final
 * run may promote. Newest first. Dev releases are none of them: a final run never reads them.
 */
function pendingPreReleases(tags) {
    const { lastFinal } = countedTags('final', tags);
    return tags
        .filter((t) => !isFinal(t.version) &&
        t.version.dev === null &&
        (!lastFinal || compareVersions(t.version, lastFinal.version) > 0))
        .sort((a, b) => compareVersions(b.version, a.version));
}
/**
 * How far the history read goes (HistoryBounds): the commits of the tags every package counts from,
 * and the folders of the packages without a final release.
 */
function historyBoundsOf(input) {
    const { tagsByPackage } = assignTags(input);
    const tagCommits = new Set();
    const fullHistoryPaths = [];
    for (const pkg of input.packages) {
        const tags = tagsByPackage.get(pkg.name) ?? [];
        const { lastFinal, counting } = countedTags(input.mode, tags);
        for (const t of counting)
            tagCommits.add(t.commit);
        if (!lastFinal)
            fullHistoryPaths.push(pkg.path);
    }
    // A final run reads what the rcs it promotes released (promotion.ts).
    for (const promotion of input.promotions?.values() ?? [])
        tagCommits.add(promotion.base);
    return { tagCommits: [...tagCommits], fullHistoryPaths };
}
/**
 * The previous-tag-formats without a name (`v{version}`) that several packages list, by shape: the
 * tags of a repository that released them together are each one's history. A format they write is
 * never shared.
 */
function sharedShapes(packages, override) {
    const byShape = new Map();
    for (const pkg of packages) {
        for (const format of pkg.settings.previousTagFormats) {
            if (formatNamesPackage(format) || format === writtenFormatOf(pkg, override))
                continue;
            const shape = new PackageTagPattern(format, pkg).shape;
            byShape.set(shape, [...(byShape.get(shape) ?? []), pkg.name]);
        }
    }
    const written = new Set(packages.map((p) => new PackageTagPattern(writtenFormatOf(p, override), p).shape));
    return new Map([...byShape].filter(([shape, owners]) => owners.length > 1 && !written.has(shape)));
}
/**
 * Two packages whose formats (written or previous) give the same tags could never be told apart:
 * one package's history would be taken for the other's. A one-line error naming both. A shape that
 * several packages list as a previous format without a name (`shared`) is their common history.
 */
function checkDistinctShapes(packages, patterns, override, shared) {
    const byShape = new Map();
    for (const pkg of packages) {
        for (const [i, pattern] of patterns.get(pkg.name).entries()) {
            const other = byShape.get(pattern.shape);
            if (other !== undefined && other !== pkg.name && !shared.has(pattern.shape)) {
                const setting = i === 0 && pattern.format === writtenFormatOf(pkg, override)
                    ? 'tag-format'
                    : 'previous-tag-formats';
                const named = formatNamesPackage(pattern.format);
                throw new src_errors/* UserError */.yo(named
                    ? `${setting} gives ${other} and ${pkg.name} the same tags (${pattern.shape}): use {name} or {path} to tell them apart`
                    : `${setting} ${JSON.stringify(pattern.format)} has no {name}, so it fits only a single package, but ${packages.length} were found`);
            }
            byShape.set(pattern.shape, pkg.name);
        }
    }
}
function highest(tags) {
    let best = null;
    for (const t of tags)
        if (!best || compareVersions(t.version, best.version) > 0)
            best = t;
    return best;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/rules.ts




/** A root package cannot fill a tag-format's `{dir}` or `{path}`. */
function formatNeedsFolder(facts) {
    if (facts.written.usable)
        return null;
    return {
        warn: true,
        reason: `tag-format ${JSON.stringify(facts.written.format)} uses {dir} or {path}, which a root package has none of: give it a tag-format with {name} (in the root configuration, or as the tag-format input or option)`,
    };
}
/**
 * A tag git refuses (a folder with a space, `~`, `^`, `:`, `..` in it, filled into `{dir}` or `{path}`)
 * could only fail at the push, after the release was committed: the plan says so and names the folder.
 */
function tagRefusedByGit(facts) {
    const sample = facts.written.shape.replace('{version}', '1.0.0');
    if (isValidRefComponent(sample))
        return null;
    return {
        warn: true,
        reason: `its tags (${JSON.stringify(facts.written.shape)}, tag-format ${JSON.stringify(facts.written.format)}) are not valid git tag names: rename the folder ${facts.pkg.path}, or use a tag-format that names the package by {name}`,
    };
}
/** A maintenance line counts only its own tags: a package released only in other lines waits for its own branch. */
function releasedInOtherLinesOnly(ctx, facts) {
    if (!ctx.line || facts.tags.length > 0 || !ctx.assigned.outOfLine.has(facts.pkg.name))
        return null;
    return {
        reason: `no release in line ${ctx.line.text} yet: it is released from its own maintenance branch`,
    };
}
/**
 * Tags in a shape its formats do not read look like its releases: planning it from nothing would
 * release them again. The reason names the tag and, when it can be worked out, the tag-format that reads it.
 */
function taggedInOtherShape(ctx, facts) {
    const { pkg } = facts;
    if (facts.tags.length > 0 || facts.commits.length === 0 || pkg.settings.tagsDeclared)
        return null;
    const lookalike = ctx.lookalikes.newestFor(pkg);
    if (!lookalike)
        return null;
    const where = formatNamesPackage(lookalike.format ?? '')
        ? 'in the root configuration for every package tagged so, or in its own [tool.pyrelease]'
        : 'in its own [tool.pyrelease]';
    const advice = lookalike.format
        ? `set tag-format = ${JSON.stringify(lookalike.format)} ${where}, or list it in previous-tag-formats to write ${facts.written.shape} from now on`
        : `set tag-format in its own [tool.pyrelease] to their shape, or list that shape in previous-tag-formats`;
    return {
        warn: true,
        reason: `tags such as ${lookalike.tag} look like its releases, but none matches ${facts.written.shape}: ${advice} (previous-tag-formats = [] only if it never had a release in that shape)`,
    };
}
/** No commit since its previous release, and no sibling's release that requires one. */
function nothingChanged(facts, because) {
    if (facts.commits.length > 0 || because.length > 0)
        return null;
    return {
        unchanged: true,
        reason: facts.previous ? `no changes since ${facts.previous.tag}` : `no commit touches ${facts.pkg.path}`,
    };
}
/** A package that was released before is released again only for a change a user installs. */
function onlyQuietCommits(facts, because, since) {
    const { previous, pkg } = facts;
    if (!previous || because.length > 0)
        return null;
    const changed = new Set(facts.commits.map((c) => c.sha));
    if (since.releaseAs && changed.has(since.releaseAs.commit))
        return null;
    const own = since.changes.filter((c) => changed.has(c.commit.sha));
    if (own.some((c) => levelOf(pkg, c, facts.lastFinal) !== null))
        return null;
    return {
        unchanged: true,
        reason: `only commits that release nothing (${describeTypes(own.map((c) => c.intent.type))}) since ${previous.tag}`,
    };
}
/**
 * Why `next` (of `target`) cannot be tagged for the package, whatever else holds: a bare tag or a
 * CHANGELOG.md section has the first version already, a tag holds it, or the index has it.
 */
function versionRefused(ctx, facts, target, next) {
    return (bareVersionTaken(ctx, facts, target) ??
        firstVersionInChangelog(ctx, facts, target) ??
        alreadyTagged(ctx.input.mode, facts, next) ??
        onIndexAlready(ctx, facts, next));
}
function bareVersionTaken(ctx, facts, target) {
    if (facts.lastAny || ctx.input.packages.length <= 1 || facts.pkg.settings.tagsDeclared)
        return null;
    const bare = ctx.lookalikes.bareTagOf(target);
    if (!bare)
        return null;
    const format = bare.name.startsWith('v') || bare.name.startsWith('V') ? 'v{version}' : '{version}';
    return {
        warn: true,
        reason: `tag ${bare.name} holds the version ${target.text} it would release first: if the repository's bare tags released it (alone or with siblings), set previous-tag-formats = ["${format}"] in its own [tool.pyrelease], so its next version follows them; previous-tag-formats = [] only if no version of it was ever released`,
    };
}
/**
 * A version the index has already is never tagged: uploaded from elsewhere, or its tag deleted. An
 * index that could not be asked releases nothing of the package in this run, for the same reason.
 */
function onIndexAlready(ctx, facts, next) {
    const index = ctx.input.index;
    const answer = index?.byPackage.get(facts.pkg.name);
    if (!index || !answer)
        return null;
    if ('error' in answer) {
        return {
            warn: true,
            reason: `could not ask ${index.url} whether ${next.text} is there already (${answer.error}): not released in this run, which never tags a version the index may have; the next run asks again`,
        };
    }
    if (!holdsVersion(answer.versions, next))
        return null;
    return {
        warn: true,
        reason: `${next.text} is on ${index.url} already, though no tag here released it (uploaded from elsewhere, or its tag deleted): tag the commit it was built from as ${facts.written.render(next)}, or release a higher version with a Release-As footer`,
    };
}
/** The versions the index holds of a package, as far as it was asked (none: not asked, or no answer). */
function indexedVersions(ctx, pkg) {
    const answer = ctx.input.index?.byPackage.get(pkg.name);
    if (!answer || 'error' in answer)
        return [];
    return [...answer.versions].flatMap((text) => tryParseVersion(text) ?? []);
}
/** Whether `versions` (texts) hold `version` in any spelling (`1.3` is `1.3.0`, as pip compares). */
function holdsVersion(versions, version) {
    for (const text of versions) {
        const held = tryParseVersion(text);
        if (held && compareVersions(held, version) === 0)
            return true;
    }
    return false;
}
/**
 * Without an index: a package with no tag whose CHANGELOG.md already has a section for the version it
 * would release first was released before, elsewhere (a package moved in from another repository).
 */
function firstVersionInChangelog(ctx, facts, target) {
    if (ctx.input.index || facts.lastAny)
        return null;
    const sections = ctx.input.changelogVersions?.get(facts.pkg.name);
    if (!sections || !holdsVersion(sections, target))
        return null;
    return {
        warn: true,
        reason: `its ${facts.pkg.changelogPath ?? 'CHANGELOG.md'} has a section for ${target.text}, the version it would release first, and no tag here released it (moved in from another repository?): tag the commit that released it as ${facts.written.render(target)}, or release a higher version with a Release-As footer`,
    };
}
/**
 * A post release (`Release-As: 1.4.0.post1`) is a fix of a published final: an alpha, beta or rc
 * run leaves it to the final run, and says so (a dev run makes `1.4.0.post1.dev1`).
 */
function postReleaseInPreMode(mode, target) {
    if (target.post === null || mode === 'final' || mode === 'dev')
        return null;
    return {
        warn: true,
        reason: `${target.text} is a post release, which only a final run releases: PEP 440 has no ${mode} of a post release`,
    };
}
/** A final target is never a version that is tagged already (rc numbers always go one past the highest). */
function alreadyTagged(mode, facts, next) {
    if (mode !== 'final' || !facts.tags.some((t) => t.version.text === next.text))
        return null;
    return { reason: `${next.text} is tagged already` };
}
function describeTypes(types) {
    const names = [...new Set(types.map((t) => t ?? 'non-conventional'))];
    return names.join(', ');
}
/**
 * A final below an rc above the last final that it does not promote (the head's folder is not where
 * that rc was cut: a commit on master alone, or a promotion the rc run has not seen yet): released as
 * the head's commits say, and said, since a version below a tested rc surprises. Null: nothing to say.
 */
function unpromotedCandidate(facts, next) {
    if (facts.promoted)
        return null;
    const [newest] = pendingPreReleases(facts.tags);
    if (!newest || compareVersions(releaseOf(newest.version), next) <= 0)
        return null;
    return `${facts.pkg.name}: final ${next.text} is below ${newest.tag}, which it does not promote: ${facts.pkg.path} at the head is not the folder that rc was cut from, so the final counts the head's own commits; promote the tested commit unchanged to release the rc`;
}
/**
 * A final run that releases nothing of a package whose rc above the last final it does not promote
 * (a squash whose message lost the rc's commits, a quiet commit on master alone): the tested rc waits,
 * and that is said. Null: nothing to say.
 */
function unpromotedQuiet(facts) {
    if (facts.promoted)
        return null;
    const [newest] = pendingPreReleases(facts.tags);
    if (!newest)
        return null;
    return `${facts.pkg.name}: not released, and ${newest.tag} is not promoted: ${facts.pkg.path} at the head is not the folder that rc was cut from, and the head's own commits release nothing; promote the tested commit unchanged to release the rc`;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/groups.ts





function alignGroups(ctx, plans, unchanged, held) {
    let changed = false;
    const hold = new Map();
    const warnings = [];
    for (const group of ctx.input.groups ?? []) {
        if (held.has(group.name))
            continue;
        const members = memberIndexes(plans, group);
        if (!members.some((i) => plans[i].next !== null))
            continue;
        const blocker = group.versioning === 'fixed' ? members.find((i) => blocks(plans[i], unchanged)) : undefined;
        if (blocker !== undefined) {
            const { name } = plans[blocker].package;
            hold.set(group.name, `${name} cannot be released (${plans[blocker].skipReason})`);
            continue;
        }
        const releasing = releasingMembers(ctx, group, members, plans);
        const version = groupVersion(ctx, group, releasing, warnings);
        const taken = members.flatMap((i) => [
            ...plans[i].tags.map((t) => t.version),
            ...indexedVersions(ctx, plans[i].package),
        ]);
        const next = versionInMode(ctx.input.mode, version.target, taken, `version group ${group.name}`);
        const refused = releasing
            .map((p) => ({ p, skip: versionRefused(ctx, factsOf(p), version.target, next) }))
            .find((r) => r.skip !== null);
        if (refused) {
            hold.set(group.name, `${refused.p.package.name} ${next.text} cannot be released (${refused.skip?.reason})`);
            continue;
        }
        for (const p of releasing) {
            const i = plans.indexOf(p);
            if (p.next?.text === next.text && p.group)
                continue;
            plans[i] = releasedWithGroup(p, group, next, version.level);
            changed = true;
        }
        warnings.push(...introduction(group, releasing, version.target));
    }
    return { changed, hold, warnings };
}
/**
 * A group held whole, `why` naming the member that cannot be released: each other member not
 * released, with that reason; the warning to show.
 */
function holdGroup(plans, group, why) {
    for (const i of memberIndexes(plans, group)) {
        if (plans[i].next === null)
            continue;
        plans[i] = {
            ...plans[i],
            releaseAs: null,
            bump: null,
            next: null,
            tag: null,
            skipReason: `held with version group ${group.name}: ${why}`,
            dependencies: [],
        };
    }
    const whole = group.versioning === 'fixed'
        ? 'a fixed group is released whole'
        : "a linked group's members are released at one version";
    return `version group ${group.name}: not released, since ${why}: ${whole}`;
}
function memberIndexes(plans, group) {
    const names = new Set(group.members);
    return plans.flatMap((p, i) => (names.has(p.package.name) ? [i] : []));
}
/**
 * Not released, and not for want of changes: the plan could not release it (a warning, a line). A held
 * group's members are never asked: alignGroups passes held groups by.
 */
function blocks(plan, unchanged) {
    return plan.next === null && !unchanged.has(plan.package.name);
}
/**
 * The members released in this run: every member of a fixed group; a linked group's members with
 * changes of their own, and, before a final, those whose pre-release above their last final is below
 * the group's version now (their final will be at the group's version, so their pre-release is too:
 * a final is never a version no pre-release tested).
 */
function releasingMembers(ctx, group, members, plans) {
    if (group.versioning === 'fixed')
        return members.map((i) => plans[i]);
    const own = members.map((i) => plans[i]).filter((p) => p.next !== null);
    if (ctx.input.mode === 'final')
        return own;
    const highest = own.map(targetOf).reduce(maxVersion);
    const pending = members
        .map((i) => plans[i])
        .filter((p) => p.next === null &&
        p.lastAny !== null &&
        !isFinal(p.lastAny.version) &&
        (!p.lastFinal || compareVersions(p.lastAny.version, p.lastFinal.version) > 0) &&
        compareVersions(releaseOf(p.lastAny.version), highest) < 0);
    return [...own, ...pending];
}
/** The release a member's own plan asks for, before a pre-release number (its pending one's, if none). */
function targetOf(p) {
    if (p.next)
        return releaseOf(p.next);
    return releaseOf((p.lastAny ?? p.lastFinal)?.version ?? p.package.settings.initialVersion);
}
/**
 * The group's version before any pre-release number, and the level that got it there: the highest
 * target its releasing members ask for; a fixed group's at least every member's last final bumped by
 * the group's level (or their first versions). A post release (a Release-As footer's) is the group's
 * only when every releasing member has the final it fixes.
 */
function groupVersion(ctx, group, releasing, warnings) {
    const own = releasing.filter((p) => p.next !== null);
    const level = own.reduce((l, p) => higherBump(l, p.bump), null);
    // What the members ask for: their own targets (in a linked group, also their pending pre-releases').
    const asking = group.versioning === 'linked' ? releasing : own;
    let target = asking.map(targetOf).reduce(maxVersion);
    if (target.post !== null) {
        requirePublishedFinal(group, releasing, target);
    }
    else if (group.versioning === 'fixed') {
        for (const p of releasing)
            target = maxVersion(target, floorOf(ctx, p, level));
    }
    for (const p of own) {
        if (p.releaseAs && compareVersions(p.releaseAs.version, target) < 0)
            warnings.push(`${p.package.name}: commit ${p.releaseAs.commit.slice(0, 12)} asks for Release-As: ${p.releaseAs.version.text}, but version group ${group.name} is released at ${target.text}: its members need that much`);
    }
    if (ctx.line && !lineOf(ctx.line, target)) {
        throw new src_errors/* UserError */.yo(`version group ${group.name}: ${target.text} is not in maintenance line ${ctx.line.text}: its members' versions must stay in it`);
    }
    return { target, level };
}
/** A post release of a group fixes a final every member published: else a one-line error naming one that did not. */
function requirePublishedFinal(group, releasing, post) {
    const without = releasing.find((p) => !p.tags.some((t) => isFinal(t.version) && compareReleaseNumbers(t.version, post) === 0));
    if (!without)
        return;
    const footer = releasing.find((p) => p.releaseAs && compareVersions(p.releaseAs.version, post) === 0);
    const where = footer?.releaseAs ? `commit ${footer.releaseAs.commit.slice(0, 12)}: ` : '';
    throw new src_errors/* UserError */.yo(`${where}Release-As: ${post.text} would release version group ${group.name} at a post release, but member ${without.package.name} has no final ${finalReleaseOf(post).text} to fix: a post release fixes a published final`);
}
/**
 * The lowest version a member may be released at next: above its last final by the group's level, or
 * its first version; outside final runs, never below a pre-release of it already tagged (its commits
 * since the last final asked for that much).
 */
function floorOf(ctx, p, level) {
    const first = p.declared ? releaseOf(p.declared) : p.package.settings.initialVersion;
    const floor = p.lastFinal
        ? bumpVersion(p.lastFinal.version, ctx.line ? 'patch' : (level ?? 'patch'))
        : first;
    // A final run releases what the head has, as a member's own plan does (promotion.ts).
    return p.lastAny && ctx.input.mode !== 'final' ? maxVersion(floor, releaseOf(p.lastAny.version)) : floor;
}
/** What the version rules read of a member (rules.ts, versionRefused). */
function factsOf(plan) {
    return {
        pkg: plan.package,
        lastAny: plan.lastAny,
        tags: plan.tags,
        written: { render: (v) => tagOf(plan, v) },
    };
}
/** The member's tag of `version`: its tag shape filled in, as PackageTagPattern.render does. */
function tagOf(plan, version) {
    return plan.tagShape.replace('{version}', version.text);
}
function releasedWithGroup(plan, group, next, level) {
    const own = plan.group ? plan.group.own : plan.next ? releaseOf(plan.next) : null;
    return {
        ...plan,
        bump: plan.lastFinal ? (plan.bump ?? level ?? 'patch') : null,
        next,
        tag: tagOf(plan, next),
        skipReason: null,
        group: { name: group.name, versioning: group.versioning, own },
    };
}
/**
 * A fixed group whose members' versions differ today (their last finals, or the versions their files
 * declare before a first release) starts at the highest of them: said in the plan.
 */
function introduction(group, released, target) {
    const current = released.flatMap((p) => {
        const version = p.lastFinal?.version ?? p.declared;
        return version ? [{ name: p.package.name, version: releaseOf(version).text }] : [];
    });
    if (group.versioning !== 'fixed' || new Set(current.map((c) => c.version)).size < 2)
        return [];
    const listed = current.map((c) => `${c.name} ${c.version}`).join(', ');
    return [
        `version group ${group.name}: its members' versions differ (${listed}): all are released at ${target.text}, and stay together from now on`,
    ];
}

;// CONCATENATED MODULE: ./packages/core/src/plan/ancestry.ts
/** Reachability questions over the commits of one history walk. */
class Ancestry {
    bySha;
    position;
    ancestors = new Map();
    unions = new Map();
    entries = new Map();
    reached = new Map();
    /** Commits reachable from the head. */
    ofHead;
    constructor(history) {
        this.bySha = new Map(history.commits.map((c) => [c.sha, c]));
        this.position = new Map(history.commits.map((c, i) => [c.sha, i]));
        this.ofHead = this.walk([history.head]);
    }
    /**
     * Commits of the head's history that any of `shas` can reach. Tags sit on release commits outside the
     * base branch: each is first followed to where it enters the head's history (memoized along release
     * chains), entries that another entry reaches are dropped, and the ancestors of each remaining entry
     * are walked once and cached, so all packages share a handful of walks however many tags they have.
     */
    headCommitsReachableFrom(shas) {
        // Newest first (git log order), so the newest entry's walk usually covers all the others.
        const entries = [...new Set(shas.flatMap((sha) => this.entriesOf(sha)))].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
        const kept = [];
        for (const entry of entries) {
            if (kept.some((k) => this.ancestorsOf(k).has(entry)))
                continue;
            const reach = this.ancestorsOf(entry);
            for (let i = kept.length - 1; i >= 0; i -= 1)
                if (reach.has(kept[i]))
                    kept.splice(i, 1);
            kept.push(entry);
        }
        if (kept.length === 1)
            return this.ancestorsOf(kept[0]);
        const key = kept.sort().join(',');
        let union = this.unions.get(key);
        if (!union) {
            union = new Set(kept.flatMap((k) => [...this.ancestorsOf(k)]));
            this.unions.set(key, union);
        }
        return union;
    }
    /**
     * Every commit of the walked history that any of `shas` reaches, themselves included, wherever it is
     * (not only in the head's history): what a tag on another branch holds. Cached per set of starts.
     */
    reachableFrom(shas) {
        const key = [...new Set(shas)].sort().join(',');
        let reach = this.reached.get(key);
        if (!reach) {
            reach = this.walk(shas);
            this.reached.set(key, reach);
        }
        return reach;
    }
    commit(sha) {
        return this.bySha.get(sha);
    }
    /** Everything the head-history commit `entry` reaches, itself included; one walk per entry. */
    ancestorsOf(entry) {
        let reach = this.ancestors.get(entry);
        if (!reach) {
            reach = this.walk([entry]);
            this.ancestors.set(entry, reach);
        }
        return reach;
    }
    /** The head-history commits where walks from `sha` enter the head's history. */
    entriesOf(sha) {
        // Release chains have one parent per commit: follow them, and remember the answer for every
        // commit passed, so the next tag on the same chain stops where this walk went through.
        const passed = [];
        let current = sha;
        let found;
        while (found === undefined) {
            const memo = this.entries.get(current);
            const parents = this.bySha.get(current)?.parents ?? [];
            if (this.ofHead.has(current))
                found = [current];
            else if (memo)
                found = memo;
            else if (parents.length === 1) {
                passed.push(current);
                current = parents[0];
            }
            else
                found = this.entriesByWalk(current);
        }
        for (const commit of passed)
            this.entries.set(commit, found);
        return found;
    }
    /** entriesOf for a merge (or a commit outside the walked history): a plain walk, no recursion. */
    entriesByWalk(start) {
        const entries = new Set();
        const seen = new Set();
        const stack = [start];
        while (stack.length > 0) {
            const current = stack.pop();
            if (seen.has(current))
                continue;
            seen.add(current);
            if (this.ofHead.has(current))
                entries.add(current);
            else
                for (const parent of this.bySha.get(current)?.parents ?? [])
                    stack.push(parent);
        }
        return [...entries];
    }
    walk(starts) {
        const seen = new Set();
        const stack = [...starts];
        while (stack.length > 0) {
            const current = stack.pop();
            if (seen.has(current))
                continue;
            const commit = this.bySha.get(current);
            // A commit outside the walked history (a shallow clone's boundary) ends the walk there.
            if (!commit)
                continue;
            seen.add(current);
            for (const parent of commit.parents)
                if (!seen.has(parent))
                    stack.push(parent);
        }
        return seen;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/package.ts
const SKIPPED_FOLDERS = new Set([
    'node_modules',
    '.venv',
    'venv',
    'build',
    'dist',
    '.git',
    '__pycache__',
    'site-packages',
]);
function joinPath(folder, file) {
    return folder === '.' ? file : `${folder}/${file}`;
}
/** The folder of a file (POSIX, relative to the root), `.` for the root. */
function folderOf(file) {
    const slash = file.lastIndexOf('/');
    return slash < 0 ? '.' : file.slice(0, slash);
}
/** uv's lock files, wherever they are (a workspace's at its root, a single project's in its folder). */
function isLockFile(file) {
    return (file === 'uv.lock' || file.endsWith('/uv.lock')) && !isSkipped(folderOf(file));
}
function baseName(file) {
    return file.slice(file.lastIndexOf('/') + 1);
}
/** A folder glob as written (with ./ in front or / at the end) in the form folders are matched in. */
function trimGlob(glob) {
    return (glob
        .trim()
        .replace(/^\.\/+/, '')
        .replace(/\/+$/, '') || '.');
}
/** Folders no package lives in: tools' and builds' folders, and hidden ones. */
function isSkipped(folder) {
    return (folder !== '.' && folder.split('/').some((part) => SKIPPED_FOLDERS.has(part) || part.startsWith('.')));
}
/**
 * Folders whose projects are fixtures, examples and documentation (a dummy project under `tests/`, a CLI's
 * `examples/`): never released unless a `packages` glob names that folder by its name.
 */
const SAMPLE_FOLDERS = new Set(['tests', 'test', 'examples', 'example', 'docs', 'fixtures']);
/** The part of `folder` that makes it a sample (`tests`, `examples`, …), or null. */
function sampleFolderOf(folder) {
    if (folder === '.')
        return null;
    return folder.split('/').find((part) => SAMPLE_FOLDERS.has(part.toLowerCase())) ?? null;
}
function sortByPath(items) {
    return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

;// CONCATENATED MODULE: ./packages/core/src/plan/lookalike-tags.ts



/** How well a label names a package: all its words, its last words after a prefix, or a part of the package's name. */
var Fit;
(function (Fit) {
    Fit[Fit["Part"] = 1] = "Part";
    Fit[Fit["Within"] = 2] = "Within";
    Fit[Fit["Whole"] = 3] = "Whole";
})(Fit || (Fit = {}));
/** The package's spellings with case and separators left out: its name, its folder's name, its folder. */
function spellingsOf(pkg) {
    const compact = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const spellings = [compact(pkg.name)];
    if (pkg.path !== '.')
        spellings.push(compact(baseName(pkg.path)), compact(pkg.path));
    return [...new Set(spellings.filter((s) => s !== ''))];
}
/** The words of the package's name and folder, for a label that is one of them (`cli` for langgraph-cli). */
function partsOf(pkg) {
    const words = (s) => s
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
    const runs = new Set();
    const folder = pkg.path === '.' ? '' : baseName(pkg.path);
    for (const list of [words(pkg.name), words(folder)]) {
        for (let i = 0; i < list.length; i++) {
            for (let j = i + 1; j <= list.length; j++)
                runs.add(list.slice(i, j).join(''));
        }
    }
    return [...runs];
}
/**
 * Reads a tag as label, version, label: the earliest version that runs to the tag's end, else the
 * earliest that ends where a word ends (`core-1.0.0-final`, `core-v1.0.0-py`).
 */
function readTag(tag) {
    return readVersionAt(tag, true) ?? readVersionAt(tag, false);
}
function readVersionAt(tag, toTheEnd) {
    const name = tag.name;
    for (let i = 0; i < name.length; i++) {
        if (!/[0-9]/.test(name[i]) || (i > 0 && /[A-Za-z0-9]/.test(name[i - 1]) && !isVersionV(name, i - 1))) {
            continue;
        }
        const ends = toTheEnd ? [name.length] : separatorsAfter(name, i);
        for (const end of ends) {
            const version = tryParseVersion(name.slice(i, end));
            if (!version)
                continue;
            const labelEnd = isVersionV(name, i - 1) ? i - 1 : i;
            return {
                tag,
                version,
                before: name.slice(0, i),
                after: name.slice(end),
                words: wordsOf(name, labelEnd),
            };
        }
    }
    return null;
}
/** Where a version starting at `from` may end before a suffix: at a `-`, `_`, `/` or `.` before a letter, longest first. */
function separatorsAfter(name, from) {
    const ends = [];
    for (let j = name.length - 1; j > from; j--) {
        if (/[-_/.]/.test(name[j]) && /[A-Za-z]/.test(name[j + 1] ?? ''))
            ends.push(j);
    }
    return ends;
}
/** A `v` that belongs to the version (`-v1.0`, `v1.0`), not to a word (`dev1.0`). */
function isVersionV(name, at) {
    return at >= 0 && (name[at] === 'v' || name[at] === 'V') && (at === 0 || !/[A-Za-z0-9]/.test(name[at - 1]));
}
function wordsOf(name, end) {
    const words = [];
    for (const match of name.slice(0, end).matchAll(/[A-Za-z0-9]+/g)) {
        const start = match.index ?? 0;
        words.push({ text: match[0].toLowerCase(), start, end: start + match[0].length });
    }
    return words;
}
/** Every package `reading`'s label names, with how well: each spelling its last words make, and the label as a part. */
function namings(reading, index) {
    const { words } = reading;
    const found = new Map();
    const consider = (pkg, candidate) => {
        const best = found.get(pkg);
        if (!best || candidate.fit > best.fit || (candidate.fit === best.fit && candidate.length > best.length)) {
            found.set(pkg, candidate);
        }
    };
    // A word after the name makes another name (`core-utils-v1.0` is not core's), except a word that
    // names the language (`core-py-v1.0`); words before it are a prefix (`python-core-v1.0`): the runs
    // read are the label's last words.
    const named = words.length > 1 && LANGUAGE_WORDS.has(words[words.length - 1].text) ? words.slice(0, -1) : words;
    const last = named[named.length - 1];
    for (let i = 0; i < named.length; i++) {
        const run = named
            .slice(i)
            .map((w) => w.text)
            .join('');
        const fit = i === 0 ? Fit.Whole : Fit.Within;
        for (const pkg of index.bySpelling.get(run) ?? []) {
            consider(pkg, { fit, length: run.length, start: named[i].start, end: last.end });
        }
    }
    // A part of a name (`sdk==0.4.2` for langgraph-sdk) only in pip's own shape: `api-v2.0.0` or
    // `release-2024.1` is another tool's tag, not a release of api-client or release-tools.
    if (!reading.before.endsWith('=='))
        return found;
    const label = words.map((w) => w.text).join('');
    for (const pkg of index.byPart.get(label) ?? []) {
        consider(pkg, { fit: Fit.Part, length: label.length, start: 0, end: 0 });
    }
    return found;
}
/** Words after a name that say which language's package it is, not another name. */
const LANGUAGE_WORDS = new Set(['py', 'python', 'pypi']);
function spellingIndex(packages) {
    const bySpelling = new Map();
    const byPart = new Map();
    const add = (map, key, pkg) => map.set(key, [...(map.get(key) ?? []), pkg]);
    for (const pkg of packages) {
        for (const spelling of spellingsOf(pkg))
            add(bySpelling, spelling, pkg);
        for (const part of partsOf(pkg))
            add(byPart, part, pkg);
    }
    return { bySpelling, byPart };
}
/**
 * The unclaimed tags of a plan read once, with the packages each names best: asked per package that
 * has no tag of its own. Built on the first question, since most plans ask none.
 */
class LookalikeTags {
    unclaimed;
    packages;
    owners = null;
    read = null;
    constructor(unclaimed, packages) {
        this.unclaimed = unclaimed;
        this.packages = packages;
    }
    /** The newest tag that looks like `pkg`'s release, and the tag-format that would read it (null: none found). */
    newestFor(pkg) {
        const single = this.packages.length === 1;
        let found = null;
        for (const entry of this.ownersOf().get(pkg.name) ?? []) {
            if (!found || compareVersions(entry.reading.version, found.reading.version) > 0)
                found = entry;
        }
        // A repository of one package tagged `v1.4.0`: a tag with no label is its release.
        if (single) {
            for (const reading of this.readings()) {
                if (reading.words.length > 0)
                    continue;
                if (!found || compareVersions(reading.version, found.reading.version) > 0)
                    found = { reading, naming: null };
            }
        }
        return (found && { tag: found.reading.tag.name, format: workedOutFormat(pkg, found.reading, found.naming) });
    }
    ownersOf() {
        if (this.owners)
            return this.owners;
        const index = spellingIndex(this.packages);
        const owners = new Map();
        const score = (n) => n.fit * 1e6 + n.length;
        for (const reading of this.readings()) {
            if (reading.words.length === 0)
                continue;
            const named = [...namings(reading, index)];
            const best = Math.max(...named.map(([, n]) => score(n)));
            for (const [pkg, naming] of named) {
                if (score(naming) !== best)
                    continue;
                const list = owners.get(pkg.name) ?? [];
                list.push({ reading, naming });
                owners.set(pkg.name, list);
            }
        }
        return (this.owners = owners);
    }
    /**
     * A repository that was one package tagged `v1.4.0`: the unclaimed tag with no label whose version is
     * `target`, which a package planned from nothing would publish again.
     */
    bareTagOf(target) {
        return this.readings().find((r) => r.words.length === 0 && r.version.text === target.text)?.tag;
    }
    /** The unclaimed tags that read as a version, each read once for every question of the plan. */
    readings() {
        return (this.read ??= this.unclaimed.flatMap((tag) => readTag(tag) ?? []));
    }
}
/**
 * The tag-format that reads `reading` as `pkg`'s: the version becomes `{version}`, the text that names
 * the package `{name}`, `{dir}` or `{path}` when it is spelled so, else stays as written. Null when no
 * format reads the tag back (then the plan says only which tag it found).
 */
function workedOutFormat(pkg, reading, named) {
    const name = reading.tag.name;
    const versionAt = reading.before.length;
    let label = name.slice(0, versionAt);
    if (named && named.fit !== Fit.Part) {
        const text = name.slice(named.start, named.end);
        const dir = baseName(pkg.path);
        const placeholder = normalizeName(text) === normalizeName(pkg.name)
            ? '{name}'
            : pkg.path !== '.' && text === dir
                ? '{dir}'
                : pkg.path !== '.' && text === pkg.path
                    ? '{path}'
                    : null;
        if (placeholder)
            label = label.slice(0, named.start) + placeholder + label.slice(named.end);
    }
    const format = `${label}{version}${reading.after}`;
    try {
        checkTagFormat(format);
        const read = new PackageTagPattern(format, pkg).parse(name);
        return read && read.text === reading.version.text ? format : null;
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/ownership.ts

/**
 * Maps a changed file to the package that owns it: the nearest package folder above it, so a package
 * nested in another (or the root package) does not count its neighbours' changes. A folder that is not
 * released and sits in no package but the root owns its files too (null), so a legacy package's changes
 * do not release the root; inside a package it is part of it (a template with a setup.py).
 */
class PackageOwnership {
    byPath;
    constructor(packages, unreleased = []) {
        const inPackage = (folder) => packages.some((p) => p.path !== '.' && folder.startsWith(`${p.path}/`));
        this.byPath = new Map(unreleased.filter((u) => !inPackage(u.path)).map((u) => [u.path, null]));
        for (const p of packages)
            this.byPath.set(p.path, p);
    }
    ownerOf(file) {
        let folder = folderOf(file);
        for (;;) {
            const owner = this.byPath.get(folder);
            if (owner !== undefined)
                return owner;
            if (folder === '.')
                return null;
            folder = folderOf(folder);
        }
    }
    /** Who owns the files of exactly this folder: a package, null (an unreleased project), undefined (neither). */
    ownerAt(folder) {
        return this.byPath.get(folder);
    }
}

;// CONCATENATED MODULE: ./packages/core/src/plan/moved-folders.ts


/**
 * Each package's former folders, back from its folder at the head through the moves the read history
 * holds: the newest move into its folder, then the newest move into the folder it came from that the
 * later move follows, and so on. Pure.
 */
function formerFoldersOf(commits, packages) {
    const moves = commits.flatMap((c) => (c.moves ?? []).map((m) => ({ ...m, sha: c.sha })));
    if (moves.length === 0)
        return new Map();
    const after = descendants(commits);
    /** The one move of `among` that no other of them follows; null when none or several. */
    const newest = (among) => {
        const last = among.filter((m) => !among.some((n) => n !== m && after(m.sha).has(n.sha)));
        return last.length === 1 ? last[0] : null;
    };
    const former = new Map();
    for (const pkg of packages) {
        const held = [];
        const seen = new Set([pkg.path]);
        for (let left = newest(moves.filter((m) => m.to === pkg.path)); left && !seen.has(left.from);) {
            const away = left;
            seen.add(away.from);
            const came = newest(moves.filter((m) => m.to === away.from && after(m.sha).has(away.sha)));
            held.push({
                path: away.from,
                holds: (sha) => !after(away.sha).has(sha) && (came === null || came.sha === sha || after(came.sha).has(sha)),
            });
            left = came;
        }
        if (held.length > 0)
            former.set(pkg.name, held);
    }
    return former;
}
/** Every commit that descends from a commit (not itself), among `commits`: cached per commit. */
function descendants(commits) {
    const children = new Map();
    for (const c of commits)
        for (const p of c.parents)
            children.set(p, [...(children.get(p) ?? []), c.sha]);
    const known = new Map();
    return (sha) => {
        let found = known.get(sha);
        if (!found) {
            found = new Set();
            for (let level = children.get(sha) ?? []; level.length > 0;) {
                level = level.filter((c) => !found?.has(c));
                for (const c of level)
                    found.add(c);
                level = level.flatMap((c) => children.get(c) ?? []);
            }
            known.set(sha, found);
        }
        return found;
    };
}
/**
 * Maps a changed file of a commit to the package that owns it: the nearest folder above it that a
 * package had at that commit (a former folder in the package's time there), or has at the head.
 */
class MovedFolderOwnership {
    atHead;
    claims = new Map();
    constructor(packages, unreleased, former) {
        this.atHead = new PackageOwnership(packages, unreleased);
        for (const pkg of packages) {
            for (const { path, holds } of former.get(pkg.name) ?? []) {
                this.claims.set(path, [...(this.claims.get(path) ?? []), { pkg: { ...pkg, path }, holds }]);
            }
        }
    }
    ownerOf(file, commit) {
        if (this.claims.size === 0)
            return this.atHead.ownerOf(file);
        for (let folder = folderOf(file);; folder = folderOf(folder)) {
            const claim = this.claims.get(folder)?.find(({ holds }) => holds(commit));
            if (claim)
                return claim.pkg;
            const owner = this.atHead.ownerAt(folder);
            if (owner !== undefined)
                return owner;
            if (folder === '.')
                return null;
        }
    }
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./packages/core/src/versioning/release-commit.ts


/** The message of the release commit of `name` at `version`: `release(<name>): <version>`, nothing else. */
function releaseCommitMessage(name, version) {
    return `release(${name}): ${version}`;
}
/**
 * The package and version of a message that pyrelease wrote for a release commit, or null. Strict on
 * purpose: the whole message is the one line pyrelease writes (git may add one newline), the name is a
 * Python distribution name and the version PEP 440, so a person's commit that merely starts with
 * `release(…)` (loop-guard's pattern) is not mistaken for one.
 */
function parseReleaseCommitMessage(message) {
    const match = /^release\(([^()\s]+)\): (\S+)\n?$/.exec(message);
    if (!match)
        return null;
    const [, name, version] = match;
    if (!isValidProjectName(name) || tryParseVersion(version)?.text !== version)
        return null;
    return { name, version };
}
/**
 * The package and version of a commit that has the shape of every release commit pyrelease makes:
 * its message (parseReleaseCommitMessage) and one parent (release commits of a run form one chain on
 * the base commit). Whether its files are that package's release files is asked where packages are known.
 */
function releaseCommitSubject(commit) {
    return commit.parents.length === 1 ? parseReleaseCommitMessage(commit.message) : null;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/package-history.ts





/** Which commits touch which package, and where a package's changelog was at its previous release. */
/**
 * The commits of the head's history (`ofHead`; null: all of `commits`) that touch each package: a file
 * in its folder (not in a nested package's, nor matched by its `ignore-paths`).
 */
function commitsByPackage(commits, packages, unreleased, ofHead, former = new Map()) {
    const ownership = new MovedFolderOwnership(packages, unreleased, former);
    const scopes = scopeOwners(packages);
    const ignored = new Map(packages.map((p) => [p.name, p.settings.ignorePaths.map((g) => picomatch_default()(g, { dot: true }))]));
    const touching = new Map();
    for (const commit of commits) {
        if (ofHead && !ofHead.has(commit.sha))
            continue;
        const owners = new Set();
        for (const file of commit.files) {
            const owner = ownership.ownerOf(file, commit.sha);
            if (!owner)
                continue;
            const relative = owner.path === '.' ? file : file.slice(owner.path.length + 1);
            if (!(ignored.get(owner.name) ?? []).some((matches) => matches(relative)))
                owners.add(owner.name);
        }
        for (const name of owners) {
            const list = touching.get(name) ?? [];
            list.push(...changesOf(commit, name, owners, scopes));
            touching.set(name, list);
        }
    }
    return touching;
}
/** The packages a scope names (its name, its folder's name), lower-cased. */
function scopeOwners(packages) {
    const owners = new Map();
    for (const pkg of packages) {
        const dir = pkg.path === '.' ? null : baseName(pkg.path).toLowerCase();
        for (const scope of [pkg.name.toLowerCase(), dir]) {
            if (scope)
                owners.set(scope, (owners.get(scope) ?? new Set()).add(pkg.name));
        }
    }
    return owners;
}
/**
 * A commit as the changes it brings to package `owner`: itself, or for a GitHub squash merge (its
 * subject ends in the pull request's `(#N)`, its body lists `* <header>` bullets; the promotion of
 * `test` by "Squash and merge") the commits it folded, each a record of its own with the squash's sha
 * and files, so a squashed `feat!` counts as it did on `test`. A bullet whose scope names another
 * package the squash also touched is that package's; the squash's own subject counts when it is
 * conventional.
 */
function changesOf(commit, owner, touched, scopes) {
    const subject = parseCommitMessage(commit.message);
    const squashed = /\(#[1-9][0-9]*\)$/.test(subject.subject) ? squashedMessagesOf(commit.message) : null;
    if (!squashed)
        return [commit];
    const own = squashed.filter((m) => {
        const scope = parseCommitMessage(m).scope?.toLowerCase();
        const named = scope ? scopes.get(scope) : undefined;
        return !named || named.has(owner) || ![...named].some((other) => touched.has(other));
    });
    const titled = subject.type !== null && !squashed.some((m) => parseCommitMessage(m).subject === subject.subject)
        ? [{ ...commit, message: subject.subject }]
        : [];
    const changes = [...titled, ...own.map((message) => ({ ...commit, message, squashed: true }))];
    return changes.length > 0 ? changes : [commit];
}
/**
 * The CHANGELOG.md a package's new section goes on top of (PackagePlan.changelogSource): the one at its
 * previous tag and the base commit that tag was cut from, else the head's.
 */
function changelogSourceOf(ancestry, pkg, previous, head) {
    const changelogPath = pkg.changelogPath ?? joinChangelog(pkg);
    if (!previous)
        return { commit: head, path: changelogPath, releasedFrom: null };
    return {
        commit: previous.commit,
        path: changelogAt(ancestry, previous.commit, changelogPath) ?? changelogPath,
        releasedFrom: releaseBaseOf(ancestry, previous.commit),
    };
}
function joinChangelog(pkg) {
    return pkg.path === '.' ? 'CHANGELOG.md' : `${pkg.path}/CHANGELOG.md`;
}
/**
 * Where the package's changelog was at a tag made by cut-release: the file itself, or after a folder
 * move, the one file of the same name its release commit changed.
 */
function changelogAt(ancestry, commit, path) {
    const record = ancestry.commit(commit);
    const files = record?.files ?? [];
    if (files.includes(path))
        return path;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const same = files.filter((f) => f === name || f.endsWith(`/${name}`));
    // The release commit's shape (its message, one parent): a merge lists no files, and a root commit
    // with pyrelease's message is not one of its release commits.
    return same.length === 1 && record && releaseCommitSubject(record) ? same[0] : null;
}
/**
 * The commit a release was cut from: below a tag, the release commits of its run sit on one chain
 * (one parent each) on top of the base commit. A tag on a base branch commit is its own base. Null
 * when that is unknown: the chain leaves the walked history, or another tool tagged a commit of its own
 * branch.
 */
function releaseBaseOf(ancestry, tagCommit) {
    // Another tool's tag on its own branch: where it grew from is unknown, so the tag's file is kept.
    const tagged = ancestry.commit(tagCommit);
    if (tagged && !ancestry.ofHead.has(tagCommit) && !parseReleaseCommitMessage(tagged.message))
        return null;
    let current = tagged;
    while (current && releaseCommitSubject(current)) {
        current = ancestry.commit(current.parents[0]);
    }
    return current?.sha ?? null;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/facts.ts









function planContext(input) {
    const line = input.line ? parseLine(input.line) : null;
    const assigned = assignTags(input);
    const ancestry = new Ancestry(input.history);
    const unreleased = input.unreleased ?? [];
    const { commits, older = [] } = input.history;
    const former = formerFoldersOf([...commits, ...older], input.packages);
    const touchingOf = (read, ofHead) => commitsByPackage(read, input.packages, unreleased, ofHead, former);
    let anywhere = null;
    return {
        input,
        line,
        assigned,
        ancestry,
        touching: touchingOf(commits, ancestry.ofHead),
        touchingOlder: touchingOf(older, null),
        touchingAnywhere: () => (anywhere ??= touchingOf(commits, null)),
        lookalikes: new LookalikeTags(assigned.unclaimed, input.packages),
        grouped: new Set((input.groups ?? []).flatMap((g) => g.members)),
    };
}
function packageFacts(ctx, pkg) {
    const { input, ancestry } = ctx;
    const written = new PackageTagPattern(writtenFormatOf(pkg, input.tagFormat), pkg);
    const tags = ctx.assigned.tagsByPackage.get(pkg.name) ?? [];
    const counted = countedTags(input.mode, tags);
    const { lastAny, lastFinal, previous } = counted;
    const counting = withoutUncarriedRcs(ctx, pkg, lastFinal, counted.counting);
    // Released already: everything the counting tags up to `from` contain. Not only `from` itself,
    // whose history may lack commits that reached it by a squash merge (a final on master after rcs on
    // test). Older commits, read for a package without a final, are contained by every counting tag.
    const since = (from) => {
        const all = ctx.touching.get(pkg.name) ?? [];
        if (!from)
            return [...all, ...(ctx.touchingOlder.get(pkg.name) ?? [])];
        const upTo = counting.filter((t) => compareVersions(t.version, from.version) <= 0).map((t) => t.commit);
        const excluded = ancestry.headCommitsReachableFrom(upTo);
        const unreached = all.filter((c) => !excluded.has(c.sha));
        return withoutReleasedCopies(ctx, pkg, upTo, withoutReleasedSquashes(ctx, pkg, upTo, unreached));
    };
    const promoted = input.mode === 'final' ? (input.promotions?.get(pkg.name) ?? null) : null;
    const commits = promoted ? promotedCommits(ctx, pkg, promoted, counting) : since(previous);
    const base = {
        package: pkg,
        declared: pkg.version,
        tagShape: written.shape,
        lastFinal,
        lastAny,
        promoted,
        tags,
        previous,
        commits,
        changelogSource: changelogSourceOf(ancestry, pkg, previous, input.history.head),
    };
    return { pkg, written, tags, lastAny, lastFinal, previous, promoted, commits, since, base };
}
/**
 * The counting tags less the rcs of the last final's version that the final does not carry: neither
 * its history reaches where they were cut (a merge, a fast-forward) nor its files are theirs (a squash,
 * a rebase). Their changes are not released yet, and the next release lists and counts them.
 */
function withoutUncarriedRcs(ctx, pkg, lastFinal, counting) {
    const carry = ctx.input.finalCarries?.get(pkg.name);
    if (!carry || !lastFinal || carry.byFiles.size === carry.rcBases.size)
        return counting;
    const reached = ctx.ancestry.reachableFrom([lastFinal.commit]);
    return counting.filter((t) => {
        const base = carry.rcBases.get(t.tag);
        return base === undefined || carry.byFiles.has(t.tag) || reached.has(base);
    });
}
/**
 * What a promoted rc released, as the final's changes: the package's commits that the rc's base holds
 * and the counting tags (the last final and its rcs) do not, wherever they are: after a squash or a
 * rebase they are on the rc's branch only. The head's own commits (the squashed copy, a merge) add
 * nothing: its files are the rc's. Newest first, as the history is read.
 */
function promotedCommits(ctx, pkg, promoted, counting) {
    const held = ctx.ancestry.reachableFrom([promoted.base]);
    const released = counting.length > 0 ? ctx.ancestry.reachableFrom(counting.map((t) => t.commit)) : null;
    const own = (ctx.touchingAnywhere().get(pkg.name) ?? []).filter((c) => held.has(c.sha) && !released?.has(c.sha));
    // Without a final, the commits below the history's boundary are the rc's too.
    return counting.length > 0 ? own : [...own, ...(ctx.touchingOlder.get(pkg.name) ?? [])];
}
/**
 * A squash of a long-lived branch that was squashed before lists every commit since the branch began,
 * the released ones too (GitHub's pull request compares from the old fork point): a squashed commit
 * whose subject is one the tags up to `upTo` already released is left out, so it is not counted twice.
 */
function withoutReleasedSquashes(ctx, pkg, upTo, commits) {
    if (!commits.some((c) => c.squashed))
        return commits;
    const released = ctx.ancestry.reachableFrom(upTo);
    const subjects = new Set((ctx.touchingAnywhere().get(pkg.name) ?? [])
        .filter((c) => released.has(c.sha))
        .map((c) => parseCommitMessage(c.message).subject));
    return commits.filter((c) => !c.squashed || !subjects.has(parseCommitMessage(c.message).subject));
}
/**
 * A commit whose copy the tags up to `upTo` released is left out: a promotion by rebase (or a
 * cherry-pick without -x) puts a copy on master, a squash lists its message in the squash's body, and
 * a final released from either holds the copy, not the commit still on `test`. Counting the original
 * again would release the change twice and apply its Release-As footer a second time. A copy is a
 * commit off the head's history with the same message and the same files (what GitHub's rebase
 * keeps), or a squash whose body lists the same message and whose files hold the commit's. Each copy
 * stands for one original, the oldest that matches (whether a tag reached it or not), so a later
 * commit that only repeats a message (`fix: typo`) is not taken for one.
 */
function withoutReleasedCopies(ctx, pkg, upTo, commits) {
    if (commits.length === 0 || upTo.length === 0)
        return commits;
    const offHead = (ctx.touchingAnywhere().get(pkg.name) ?? []).filter((c) => !ctx.ancestry.ofHead.has(c.sha));
    if (offHead.length === 0)
        return commits;
    const reached = ctx.ancestry.reachableFrom(upTo);
    // The head's commits by message, oldest first: the originals a copy can stand for.
    const byMessage = new Map();
    for (const c of [...(ctx.touching.get(pkg.name) ?? [])].reverse()) {
        const message = c.message.trimEnd();
        byMessage.set(message, [...(byMessage.get(message) ?? []), c]);
    }
    const copied = new Set();
    for (const copy of offHead.filter((c) => reached.has(c.sha))) {
        const candidates = byMessage.get(copy.message.trimEnd()) ?? [];
        const original = candidates.find((c) => !copied.has(c) && isCopyOf(copy, c));
        if (original)
            copied.add(original);
    }
    return commits.filter((c) => c.squashed || !copied.has(c));
}
/** Whether `copy` (same message) carries `original`'s change: the same files, or a squash holding them. */
function isCopyOf(copy, original) {
    if (copy.squashed && original.squashed)
        return false;
    if (copy.squashed)
        return original.files.every((f) => copy.files.includes(f));
    if (original.squashed)
        return copy.files.every((f) => original.files.includes(f));
    return copyKey(copy) === copyKey(original);
}
/** What a rebased copy keeps of its commit: the message and the changed files. */
function copyKey(commit) {
    return `${commit.message.trimEnd()}\0${[...commit.files].sort().join('\0')}`;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/compute.ts








/**
 * The release plan (README, "How versions are chosen"), as a pure function of the packages, the tags and the history:
 * which packages are released, at which version, with which commits. Each package is planned on its
 * own (planPackage), then siblings whose requirements a release leaves behind are released too.
 */
function computePlan(input) {
    return completePlan(draftPlan(input), input.releasedRequirements);
}
function draftPlan(input) {
    const ctx = planContext(input);
    const warnings = [];
    const unchanged = new Set();
    const plans = input.packages.map((pkg) => recorded(planPackage(ctx, pkg, []), warnings, unchanged));
    return { ctx, plans, warnings, unchanged };
}
/**
 * The draft with the cascade of internal dependencies, given each dependent's requirements as its
 * previous tag has them (PlanInput.releasedRequirements; absent: unknown), and the version groups. The
 * draft stays as it is.
 */
function completePlan(draft, releasedRequirements) {
    const { input } = draft.ctx;
    // A group that cannot be released as one is held from the start, so no sibling is released for it.
    const held = new Map();
    for (;;) {
        const settled = settleReleases(draft, releasedRequirements, held);
        if (settled.hold.size === 0) {
            return {
                mode: input.mode,
                head: input.history.head,
                packages: settled.plans,
                dependencyUpdates: settled.dependencyUpdates,
                unreleased: input.unreleased ?? [],
                warnings: [...new Set(settled.warnings)],
                line: draft.ctx.line?.text ?? null,
                releaseBranches: input.releaseBranches ?? [],
                lockFiles: input.lockFiles ?? [],
                fileModes: input.fileModes ?? new Map(),
            };
        }
        for (const [group, why] of settled.hold)
            held.set(group, why);
    }
}
/**
 * The cascade and the version groups, in turns until neither changes a plan: a group's version moves
 * its members' dependents, and a dependent released by the cascade moves its group. Each turn only
 * releases more or raises versions, so it ends. Groups in `held` are held whole first; a group found
 * that cannot be released is returned in `hold`, for the caller to start again with it held.
 */
function settleReleases(draft, releasedRequirements, held) {
    const { ctx } = draft;
    const warnings = [...draft.warnings];
    const unchanged = new Set(draft.unchanged);
    const plans = [...draft.plans];
    for (const group of ctx.input.groups ?? []) {
        const why = held.get(group.name);
        if (why === undefined)
            continue;
        warnings.push(holdGroup(plans, group, why));
        // Never released by the cascade either: the group stays together.
        for (const member of group.members)
            unchanged.delete(member);
    }
    const force = (index, because) => {
        if (!unchanged.has(plans[index].package.name))
            return false;
        plans[index] = recorded(planPackage(ctx, plans[index].package, because), warnings, unchanged);
        return plans[index].next !== null;
    };
    for (let turn = 0;; turn += 1) {
        const turnWarnings = [];
        const dependencyUpdates = cascadeDependencies(plans, releasedRequirements, force, (m) => turnWarnings.push(m));
        const aligned = alignGroups(ctx, plans, unchanged, held);
        if (aligned.hold.size > 0)
            return { plans, dependencyUpdates, warnings, hold: aligned.hold };
        if (!aligned.changed || turn > plans.length) {
            warnings.push(...turnWarnings, ...aligned.warnings);
            warnings.push(...unreleasedDependents(plans, dependencyUpdates, unchanged), ...taggedSamples(ctx));
            return { plans, dependencyUpdates, warnings, hold: aligned.hold };
        }
    }
}
/** A package's plan, with why it is skipped written down: a warning, or nothing of its own to release. */
function recorded(outcome, warnings, unchanged) {
    const { plan, skip } = outcome;
    for (const warning of outcome.warnings ?? [])
        if (warning)
            warnings.push(warning);
    if (skip?.warn)
        warnings.push(`${plan.package.name}: not released: ${skip.reason}`);
    if (skip?.unchanged)
        unchanged.add(plan.package.name);
    return plan;
}
/**
 * One package's plan: the rules that keep it from a release, in order, then its target version and
 * the tag. `because`: siblings whose new version its requirements need (the cascade's second look).
 */
function planPackage(ctx, pkg, because) {
    const facts = packageFacts(ctx, pkg);
    const skipped = (skip) => ({ plan: skippedPlan(facts, skip), skip });
    const early = formatNeedsFolder(facts) ??
        tagRefusedByGit(facts) ??
        releasedInOtherLinesOnly(ctx, facts) ??
        taggedInOtherShape(ctx, facts) ??
        nothingChanged(facts, because);
    if (early)
        return skipped(early);
    const { mode } = ctx.input;
    const since = changesSinceFinal(mode === 'final' ? facts.commits : facts.since(facts.lastFinal), facts.lastFinal, facts.tags.filter((t) => isFinal(t.version)));
    const fulfilled = since.fulfilled.map((f) => `${pkg.name}: commit ${f.commit.slice(0, 12)} asks for Release-As: ${f.tag.version.text}, which ${f.tag.tag} released already: the footer is left out, and the commit counts by its type`);
    const quiet = onlyQuietCommits(facts, because, since);
    if (quiet)
        return { ...skipped(quiet), warnings: [...fulfilled, mode === 'final' ? unpromotedQuiet(facts) : null] };
    const apiBreaking = since.releaseAs ? undefined : ctx.input.apiBreaking?.get(pkg.name);
    const { bump, target } = targetVersion(pkg, ctx.line, facts, since, because.length > 0, apiBreaking);
    // A group member's version is judged at the group's (plan/groups.ts), not at its own.
    const grouped = ctx.grouped.has(pkg.name);
    const bare = grouped
        ? null
        : (bareVersionTaken(ctx, facts, target) ?? firstVersionInChangelog(ctx, facts, target));
    if (bare)
        return skipped(bare);
    const postOnly = postReleaseInPreMode(mode, target);
    if (postOnly)
        return skipped(postOnly);
    // Never a version that is already tagged: pre-release and dev numbers go one past the highest, and
    // a final target is always above lastFinal (or, with no final yet, above nothing tagged final).
    // A pre-release the index has but no tag names (its tag deleted) is passed too, never waited on.
    const taken = [...facts.tags.map((t) => t.version), ...indexedVersions(ctx, pkg)];
    const next = versionInMode(mode, target, taken, pkg.name);
    const tagged = grouped ? null : (alreadyTagged(mode, facts, next) ?? onIndexAlready(ctx, facts, next));
    if (tagged)
        return skipped(tagged);
    const plan = {
        ...facts.base,
        releaseAs: since.releaseAs,
        bump,
        next,
        tag: facts.written.render(next),
        skipReason: null,
        dependencies: because,
        ...(apiBreaking ? { apiBreaking } : {}),
    };
    return {
        plan,
        skip: null,
        warnings: [...fulfilled, mode === 'final' ? unpromotedCandidate(facts, next) : null],
    };
}
function skippedPlan(facts, skip) {
    return {
        ...facts.base,
        releaseAs: null,
        bump: null,
        next: null,
        tag: null,
        skipReason: skip.reason,
        dependencies: [],
    };
}
/**
 * A folder left out as a sample (under docs/, tests/, …) whose project has tags in the default shape
 * was released before: leaving it out is said, not done in silence.
 */
function taggedSamples(ctx) {
    const format = new TagFormat(DEFAULT_TAG_FORMAT);
    return (ctx.input.unreleased ?? []).flatMap((u) => {
        if (u.name === null || !u.sample)
            return [];
        const names = new Set([u.name]);
        const tag = ctx.assigned.unclaimed.find((t) => format.parse(t.name, names));
        return tag
            ? [`${u.path}: not released, though tags such as ${tag.name} are its releases: ${u.reason}`]
            : [];
    });
}
/** A requirement a sibling's new version leaves behind, on a package that is not released for a reason of its own. */
function unreleasedDependents(plans, updates, unchanged) {
    const warnings = [];
    for (const update of updates) {
        const dependent = plans.find((p) => p.package.name === update.dependent);
        if (dependent && dependent.next === null && !unchanged.has(update.dependent)) {
            warnings.push(`${update.dependent} requires ${update.requirement.text}, which ${update.dependency} ${update.version.text} does not satisfy, and is not released: ${dependent.skipReason}`);
        }
    }
    return warnings;
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/released-versions.ts

/**
 * The versions a CHANGELOG.md has a release section for: headings that start with the version
 * (`## [1.2.0] - 2024-01-15`, `# v1.2.0rc1`, `### Version 1.2 (2024-01-15)`), normalized. A heading
 * that mentions a version in passing (`## Upgrading from 0.1.0`) or says the section is not released
 * yet (`## 0.2.0 (unreleased)`) is none.
 */
function versionsInChangelog(text) {
    const versions = new Set();
    for (const line of text.split(/\r?\n/)) {
        const heading = /^#{1,3}\s+(?:(?:version|release)\s+)?\[?[vV]?(\d[A-Za-z0-9._!+-]*?)\]?(?=\s|$|\])/i.exec(line);
        if (!heading || /unreleased|upcoming|not released|tbd|wip/i.test(line))
            continue;
        if (!heading[1].includes('.'))
            continue;
        const version = tryParseVersion(heading[1]);
        if (version)
            versions.add(version.text);
    }
    return versions;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/promotion.ts



/**
 * In a final run, the rc each package promotes, read with the plan's cat-file (no process more): the
 * commit each pending rc was cut from (its release chain followed down, all packages a step at a time),
 * then the package's folder there and at the head.
 */
async function readPromotions(reader, input, head) {
    const candidates = pendingByPackage(input);
    if (candidates.length === 0)
        return new Map();
    const read = await foldersAtBases(reader, candidates.map(({ pkg, rcs, lastFinal }) => ({ pkg, tags: [...rcs, ...(lastFinal ? [lastFinal] : [])] })), candidates.map(({ pkg }) => folderSpec(head, pkg)));
    const promotions = new Map();
    for (const { pkg, rcs, lastFinal } of candidates) {
        const atHead = read.tree(folderSpec(head, pkg));
        const atFinal = lastFinal ? read.folderAt(lastFinal, pkg) : null;
        if (atHead && atFinal?.equals(atHead))
            continue;
        // The newest rc whose folder is the head's.
        for (const rc of rcs) {
            const atBase = read.folderAt(rc, pkg);
            if (!atHead || !atBase || !atHead.equals(atBase))
                continue;
            promotions.set(pkg.name, { rc, base: read.baseOf(rc) });
            break;
        }
    }
    return promotions;
}
/**
 * For each package whose last final has rcs of its own version below it (`1.2.1rc1` under `1.2.1`):
 * the commit each was cut from, and those the final carries by its files (its folder is the folder of
 * one of them, or of a newer one). A final cut on master from a hotfix while `test` held an rc of the
 * same version carries none of it: that rc's changes are still to be released. Read with the plan's
 * cat-file, no process more.
 */
async function readFinalCarries(reader, input) {
    const { tagsByPackage } = assignTags(input);
    const candidates = input.packages.flatMap((pkg) => {
        const tags = tagsByPackage.get(pkg.name) ?? [];
        const { lastFinal } = countedTags(input.mode, tags);
        if (!lastFinal)
            return [];
        const rcs = tags
            .filter((t) => !isFinal(t.version) &&
            t.version.dev === null &&
            compareReleaseNumbers(t.version, lastFinal.version) === 0 &&
            compareVersions(t.version, lastFinal.version) < 0)
            .sort((a, b) => compareVersions(b.version, a.version));
        return rcs.length > 0 ? [{ pkg, final: lastFinal, rcs }] : [];
    });
    if (candidates.length === 0)
        return new Map();
    const read = await foldersAtBases(reader, candidates.map(({ pkg, final, rcs }) => ({ pkg, tags: [final, ...rcs] })));
    const carries = new Map();
    for (const { pkg, final, rcs } of candidates) {
        const atFinal = read.folderAt(final, pkg);
        if (!atFinal)
            continue;
        const newest = rcs.findIndex((rc) => read.folderAt(rc, pkg)?.equals(atFinal) === true);
        const rcBases = new Map(rcs.flatMap((rc) => {
            const base = read.baseOf(rc);
            return base ? [[rc.tag, base]] : [];
        }));
        const byFiles = new Set(newest === -1 ? [] : rcs.slice(newest).map((rc) => rc.tag));
        carries.set(pkg.name, { rcBases, byFiles });
    }
    return carries;
}
/**
 * Where each tag was cut from (releaseBases) and its package's folder there, in one walk of the release
 * chains and one tree read; `also`: more folder specs read with them.
 */
async function foldersAtBases(reader, wanted, also = []) {
    const bases = await releaseBases(reader, [...new Set(wanted.flatMap((w) => w.tags.map((t) => t.commit)))]);
    const specOf = (t, pkg) => {
        const base = bases.get(t.commit);
        return base ? folderSpec(base, pkg) : null;
    };
    const specs = [...also, ...wanted.flatMap(({ pkg, tags }) => tags.map((t) => specOf(t, pkg)))];
    const trees = await reader.readTrees([...new Set(specs.filter((s) => s !== null))]);
    return {
        baseOf: (t) => bases.get(t.commit),
        folderAt: (t, pkg) => {
            const spec = specOf(t, pkg);
            return spec ? (trees.get(spec) ?? null) : null;
        },
        tree: (spec) => trees.get(spec) ?? null,
    };
}
/** Each package's pre-releases above its last final, newest first, and that final (final runs only). Pure. */
function pendingByPackage(input) {
    if (input.mode !== 'final')
        return [];
    const { tagsByPackage } = assignTags(input);
    return input.packages
        .map((pkg) => {
        const tags = tagsByPackage.get(pkg.name) ?? [];
        return { pkg, rcs: pendingPreReleases(tags), lastFinal: countedTags('final', tags).lastFinal };
    })
        .filter((p) => p.rcs.length > 0);
}
/**
 * The commit each tagged commit was cut from: below a tag made by cut-release, its run's release
 * commits (pyrelease's message, one parent) sit on one chain on the base commit; another tool's tag
 * on a branch commit is its own base. Missing commits have no base.
 */
async function releaseBases(reader, tagged) {
    const bases = new Map();
    let walking = new Map(tagged.map((t) => [t, t]));
    while (walking.size > 0) {
        const commits = await reader.readCommits([...new Set(walking.values())]);
        const next = new Map();
        for (const [tag, current] of walking) {
            const commit = commits.get(current);
            if (!commit)
                continue;
            if (releaseCommitSubject(commit))
                next.set(tag, commit.parents[0]);
            else
                bases.set(tag, current);
        }
        walking = next;
    }
    return bases;
}
/** The `<commit>:<folder>` spec of a package's folder, as `git cat-file` names its tree. */
function folderSpec(commit, pkg) {
    return pkg.path === '.' ? `${commit}:` : `${commit}:${pkg.path}`;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/folder-moves.ts


/**
 * Which commits of the read history moved a package folder: one that deleted a pyproject.toml and
 * added the same file elsewhere (a `git mv`), or another pyproject.toml of the same project (a move
 * with edits). A package removed beside another one added is no move, whatever their files.
 */
/** The history with each commit's moves (CommitRecord.moves): project names read in one batch, only where needed. */
async function readFolderMoves(reader, history) {
    const all = [...history.commits, ...(history.older ?? [])];
    const candidates = all.flatMap((c) => (c.manifests && c.manifests.added.length > 0 ? [c.manifests] : []));
    if (candidates.length === 0)
        return history;
    // Only a manifest that was not moved as it is needs its project name.
    const unnamed = new Set();
    for (const { deleted, added } of candidates) {
        if (deleted.every((d) => added.some((a) => a.blob === d.blob)))
            continue;
        for (const m of [...deleted, ...added])
            unnamed.add(m.blob);
    }
    const texts = unnamed.size > 0 ? await reader.readFiles([...unnamed]) : new Map();
    const names = new Map([...texts].map(([blob, bytes]) => [blob, bytes ? projectName(bytes) : null]));
    const withMoves = (commits) => commits.map((c) => {
        const moves = c.manifests ? pairMoves(c.manifests, (blob) => names.get(blob) ?? null) : [];
        return moves.length > 0 ? { ...c, moves } : c;
    });
    return {
        ...history,
        commits: withMoves(history.commits),
        ...(history.older ? { older: withMoves(history.older) } : {}),
    };
}
/**
 * Each deleted manifest with the one added manifest that is the same file, else the one of the same
 * project (`nameOf`: its normalized name, null when unknown). Ambiguous or unnamed: no move. Pure.
 */
function pairMoves(m, nameOf) {
    return m.deleted.flatMap((d) => {
        const same = m.added.filter((a) => a.blob === d.blob && a.folder !== d.folder);
        const name = same.length === 0 ? nameOf(d.blob) : null;
        const named = name === null ? [] : m.added.filter((a) => a.folder !== d.folder && nameOf(a.blob) === name);
        const [to, ...others] = same.length > 0 ? same : named;
        return to && others.length === 0 ? [{ from: d.folder, to: to.folder }] : [];
    });
}
/** The normalized project name a pyproject.toml declares; null when it declares none or cannot be read. */
function projectName(bytes) {
    try {
        const name = projectNameOf(parseToml(bytes.toString('utf8'), 'pyproject.toml'));
        return name === null ? null : normalizeName(name);
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/config/groups.ts

const GROUP_KEYS = ['name', 'packages', 'versioning'];
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Reads `[[tool.pyrelease.groups]]` (`value`, as parsed from `file`): each mistake one line naming the key. */
function readGroupConfigs(value, file) {
    const at = `${file}: ${file.endsWith('pyrelease.toml') ? '[[groups]]' : '[[tool.pyrelease.groups]]'}`;
    if (!Array.isArray(value))
        throw new src_errors/* UserError */.yo(`${at} must be an array of tables`, { file });
    const names = new Set();
    return value.map((table, i) => {
        const where = `${at} #${i + 1}`;
        if (table === null || typeof table !== 'object' || Array.isArray(table))
            throw new src_errors/* UserError */.yo(`${where} must be a table with name, packages and versioning`, { file });
        const t = table;
        const unknown = Object.keys(t).find((k) => !GROUP_KEYS.includes(k));
        if (unknown !== undefined)
            throw new src_errors/* UserError */.yo(`${where} has an unknown key ${JSON.stringify(unknown)}; known keys: ${GROUP_KEYS.join(', ')}`, { file });
        // The name reaches changelogs, tag messages and logs: letters, digits and `.`, `_`, `-` only.
        if (typeof t.name !== 'string' || !GROUP_NAME.test(t.name))
            throw new src_errors/* UserError */.yo(`${where}.name must be a name of letters, digits, ".", "_" and "-" such as "acme", got ${JSON.stringify(t.name ?? null)}`, { file });
        if (names.has(t.name))
            throw new src_errors/* UserError */.yo(`${at}: two groups are named ${JSON.stringify(t.name)}`, { file });
        names.add(t.name);
        const named = `${at} ${JSON.stringify(t.name)}`;
        if (!Array.isArray(t.packages) ||
            t.packages.length === 0 ||
            !t.packages.every((p) => typeof p === 'string' && p.trim() !== ''))
            throw new src_errors/* UserError */.yo(`${named}.packages must be a non-empty list of package names or folder globs`, {
                file,
            });
        // A group lists its members: a negation (`!libs/x`) would stand for every other package.
        const negated = t.packages.find((p) => p.trim().startsWith('!'));
        if (negated !== undefined)
            throw new src_errors/* UserError */.yo(`${named}.packages names members, and ${JSON.stringify(negated)} is a negation: list the members instead`, { file });
        const versioning = t.versioning ?? 'fixed';
        if (versioning !== 'fixed' && versioning !== 'linked')
            throw new src_errors/* UserError */.yo(`${named}.versioning must be "fixed" or "linked", got ${JSON.stringify(versioning)}`, { file });
        return { name: t.name, packages: t.packages, versioning };
    });
}

;// CONCATENATED MODULE: ./packages/core/src/config/keys.ts


const isString = (v) => typeof v === 'string';
const API_CHECK_MODES = ['off', 'warn', 'raise', 'fail'];
const isApiCheckMode = (v) => API_CHECK_MODES.includes(v);
/** A dotted Python module name (`acme.plugin`): identifiers, no leading dot. */
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const isStringList = (v) => Array.isArray(v) && v.every(isString);
const CONFIG_KEYS = {
    packages: { scope: 'root', expected: 'a list of folder globs', valid: isStringList },
    exclude: { scope: 'root', expected: 'a list of folder globs', valid: isStringList },
    'tag-format': { scope: 'both', expected: 'a string such as "{name}-v{version}"', valid: isString },
    skip: { scope: 'package', expected: 'true or false', valid: (v) => typeof v === 'boolean' },
    'previous-tag-formats': { scope: 'both', expected: 'a list of strings', valid: isStringList },
    changelog: { scope: 'both', expected: 'a path or false', valid: (v) => isString(v) || v === false },
    'version-files': { scope: 'both', expected: 'a list of paths', valid: isStringList },
    'ignore-paths': { scope: 'both', expected: 'a list of globs', valid: isStringList },
    bump: {
        scope: 'both',
        expected: 'a table such as { minor = ["feat"], patch = ["fix"] }',
        valid: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    },
    'initial-version': { scope: 'both', expected: 'a PEP 440 version string', valid: isString },
    line: {
        scope: 'root',
        expected: 'leading release numbers such as "0.6"',
        valid: (v) => isString(v) && /^\d+(\.\d+)?$/.test(v),
    },
    'release-branches': {
        scope: 'root',
        expected: 'a list of branch names or patterns such as ["release", "release/*"]',
        valid: isStringList,
    },
    'pin-workspace-dependencies': {
        scope: 'both',
        expected: 'true or false',
        valid: (v) => typeof v === 'boolean',
    },
    cascade: {
        scope: 'both',
        expected: '"when-needed" or "always"',
        valid: (v) => v === 'when-needed' || v === 'always',
    },
    'api-check': {
        scope: 'both',
        expected: '"off", "warn", "raise" or "fail"',
        valid: (v) => isApiCheckMode(v),
    },
    'api-modules': {
        scope: 'both',
        expected: 'a list of module names such as ["mypkg"] or ["acme.plugin"]',
        valid: (v) => isStringList(v) && v.length > 0 && v.every((m) => MODULE_NAME.test(m)),
    },
    groups: {
        scope: 'root',
        expected: 'an array of tables ([[tool.pyrelease.groups]] with name, packages and versioning)',
        valid: (v) => Array.isArray(v),
    },
    'changelog-sections': {
        scope: 'both',
        expected: 'a table such as { perf = "Performance", docs = false }',
        valid: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    },
};
/**
 * Checks one `[tool.pyrelease]` table: every key known, allowed where it is, of the right type. Each
 * mistake is a one-line error naming the file and the key.
 */
function validateConfigTable(table, file, where) {
    const at = `${file}: [tool.pyrelease]`;
    if (table === null || typeof table !== 'object' || Array.isArray(table))
        throw new src_errors/* UserError */.yo(`${at} must be a table`, { file });
    for (const [key, value] of Object.entries(table)) {
        const spec = CONFIG_KEYS[key];
        if (!spec) {
            const near = nearestWord(key.replace(/_/g, '-'), Object.keys(CONFIG_KEYS));
            const hint = near ? ` (did you mean ${JSON.stringify(near)}?)` : '';
            throw new src_errors/* UserError */.yo(`${at} has an unknown key ${JSON.stringify(key)}${hint}; known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`, { file });
        }
        if (spec.scope === 'root' && where === 'package') {
            throw new src_errors/* UserError */.yo(`${at}.${key} belongs in the repository's root configuration (root pyproject.toml or pyrelease.toml), not in a package's`, { file });
        }
        if (spec.scope === 'package' && where === 'root') {
            throw new src_errors/* UserError */.yo(`${at}.${key} belongs in a package's own pyproject.toml, not in the root configuration`, {
                file,
            });
        }
        if (!spec.valid(value))
            throw new src_errors/* UserError */.yo(`${at}.${key} must be ${spec.expected}, got ${describe(value)}`, { file });
    }
    return table;
}
function describe(value) {
    if (Array.isArray(value))
        return `an array ${JSON.stringify(value)}`;
    if (value !== null && typeof value === 'object')
        return 'a table';
    return JSON.stringify(typeof value === 'bigint' ? Number(value) : value);
}

;// CONCATENATED MODULE: ./packages/core/src/config/repository-config.ts




/** `pyrelease.toml` at the repository root: the keys of `[tool.pyrelease]` at its top level. */
const PYRELEASE_TOML = 'pyrelease.toml';
/**
 * The root configuration: `[tool.pyrelease]` of the root pyproject.toml, or the top level of a root
 * pyrelease.toml. Both at once is a mistake (which would win?), named in one line.
 */
function readRepositoryConfig(rootPyproject, pyreleaseToml) {
    const inPyproject = rootPyproject?.tool?.pyrelease;
    if (inPyproject !== undefined && pyreleaseToml !== null) {
        throw new src_errors/* UserError */.yo(`${PYRELEASE_TOML} and pyproject.toml [tool.pyrelease] both configure pyrelease: keep one of them`, { file: PYRELEASE_TOML });
    }
    let table = null;
    let file = null;
    if (pyreleaseToml !== null) {
        file = PYRELEASE_TOML;
        table = validateConfigTable(parseToml(pyreleaseToml, file), file, 'root');
    }
    else if (inPyproject !== undefined) {
        file = 'pyproject.toml';
        table = validateConfigTable(inPyproject, file, 'root');
    }
    if (!table)
        return { file: null, table: null };
    return {
        file,
        packages: table.packages,
        exclude: table.exclude,
        tagFormat: table['tag-format'],
        line: table.line,
        releaseBranches: table['release-branches'],
        groups: table.groups === undefined ? undefined : readGroupConfigs(table.groups, file),
        table,
    };
}
/** A package's own `[tool.pyrelease]`, checked (its keys are the package-level ones); null: none. */
function readPackageConfig(doc, file) {
    const table = doc.tool?.pyrelease;
    return table === undefined ? null : validateConfigTable(table, file, 'package');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/core/src/version-sources/module-file.ts

/** A path the pyproject.toml gives, relative to the repository root in git's spelling (no `./`, `..` resolved). */
function pathInFolder(folder, file) {
    const joined = external_node_path_.posix.normalize(folder === '.' ? file : `${folder}/${file}`);
    return joined === '.' ? '' : joined.replace(/^\.\//, '').replace(/\/$/, '');
}
/** The version file a setting (`via`) names in the package folder, or why it cannot be used. */
function namedVersionFile(folder, files, path, via, format) {
    const file = pathInFolder(folder, path);
    return files.has(file)
        ? { kind: 'file', file, format, via }
        : { unplaceable: `${via} names ${path}, which does not exist in ${folder}` };
}
/** The file of a Python module (`pkg/sub`) under the first of `roots` that holds it, assigning one of `names`. */
function findModuleFile(modulePath, folder, files, roots, via, names, isPackageFolder = false) {
    const tried = [];
    for (const root of roots) {
        const base = pathInFolder(folder, root === '.' ? '' : root).replace(/\/$/, '');
        const at = (p) => (base === '' || base === '.' ? p : `${base}/${p}`);
        const candidates = isPackageFolder && modulePath === ''
            ? [at('__init__.py')]
            : [at(`${modulePath}.py`), at(`${modulePath}/__init__.py`)];
        for (const candidate of candidates) {
            tried.push(candidate);
            if (files.has(candidate))
                return { kind: 'file', file: candidate, format: { kind: 'assignment', names }, via };
        }
    }
    return { unplaceable: `${via}: found no module file (looked for ${tried.slice(0, 4).join(', ')})` };
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/flit.ts


/** flit's version: the `__version__` of the module it builds. Null when the backend is not flit. */
function flitVersionSource(query) {
    const { doc, backend, folder, files } = query;
    if (!backend.startsWith('flit'))
        return null;
    const module = tableIn(doc, 'tool', 'flit', 'module')?.name;
    // flit's import name: the module's, else the project's with - as _; dots are sub-packages.
    const name = (typeof module === 'string' ? module : String(tableIn(doc, 'project')?.name ?? '').replace(/-/g, '_')).replace(/\./g, '/');
    return findModuleFile(name, folder, files, ['src', '.'], "flit (the module's __version__)", [
        '__version__',
    ]);
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/version-file.ts



const VERSION_ASSIGNMENT_NAMES = ['__version__', 'VERSION'];
/**
 * The one place in `text` that holds the version, or why there is none: no assignment, several, or a
 * value that is not PEP 440. Only column-0 assignments of a one-line string count, as the backends
 * read them; `__version__: str = "1.0"` is one too.
 */
function findVersionSpan(text, format) {
    if (format.kind === 'text') {
        const match = /^(\s*)(v?)(\S+)\s*$/.exec(text);
        if (!match)
            return 'it does not hold a single version';
        const version = tryParseVersion(match[3]);
        if (!version)
            return `${JSON.stringify(match[3])} is not a PEP 440 version`;
        const start = match[1].length + match[2].length;
        return { start, end: start + match[3].length, prefix: match[2], version };
    }
    const names = format.names.map(escapeRegExp).join('|');
    const pattern = new RegExp(`^(?:${names})[ \\t]*(?::[^=\\n]*)?=[ \\t]*(?<quote>["'])(?<prefix>v?)(?<value>[^"'\\\\\\n]*)\\k<quote>`, format.hatch ? 'gmi' : 'gm');
    const matches = [...text.matchAll(pattern)];
    const described = format.names.join(' or ');
    if (matches.length === 0)
        return `it has no top-level ${described} = "<version>" line`;
    if (matches.length > 1 && !format.hatch)
        return `it assigns ${described} ${matches.length} times`;
    const match = matches[0];
    const groups = match.groups;
    const version = tryParseVersion(groups.value);
    if (!version)
        return `${JSON.stringify(groups.value)} is not a PEP 440 version`;
    const end = (match.index ?? 0) + match[0].length - 1;
    return { start: end - groups.value.length, end, prefix: groups.prefix, version };
}
/**
 * Rewrites only the version's characters. The result is read again and refused unless it holds
 * exactly `version` and nothing else changed.
 */
function setVersionInFile(text, file, format, version) {
    const span = findVersionSpan(text, format);
    if (typeof span === 'string')
        throw new src_errors/* UserError */.yo(`${file}: cannot rewrite its version: ${span}`, { file });
    const updated = text.slice(0, span.start) + version.text + text.slice(span.end);
    const check = findVersionSpan(updated, format);
    const rest = (t, s) => t.slice(0, s.start) + t.slice(s.end);
    if (typeof check === 'string' ||
        check.version.text !== version.text ||
        rest(updated, check) !== rest(text, span)) {
        throw new src_errors/* UserError */.yo(`${file}: refusing to write: rewriting the version would change more than the version`, {
            file,
        });
    }
    return updated;
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/hatch.ts



/** hatch's default regex source: `__version__`/`VERSION`, any case, the first one. */
const HATCH_PATTERN = { kind: 'assignment', names: VERSION_ASSIGNMENT_NAMES, hatch: true };
/**
 * hatchling's `[tool.hatch.version]`: the tags (hatch-vcs, uv-dynamic-versioning), or the file its default
 * regex reads. Null when neither the backend nor the table is hatch's.
 */
function hatchVersionSource(query) {
    const { doc, backend, folder, files } = query;
    const hatch = tableIn(doc, 'tool', 'hatch', 'version');
    if (!backend.startsWith('hatchling') && !hatch)
        return null;
    if (!hatch)
        return { unplaceable: 'hatchling needs [tool.hatch.version] for a dynamic version' };
    const source = typeof hatch.source === 'string' ? hatch.source : 'regex';
    if (source === 'vcs') {
        return {
            kind: 'vcs',
            backend: 'hatch-vcs',
            tagSetting: '[tool.hatch.version] tag-pattern (or raw-options)',
        };
    }
    if (source === 'uv-dynamic-versioning') {
        return {
            kind: 'vcs',
            backend: 'uv-dynamic-versioning',
            tagSetting: '[tool.uv-dynamic-versioning] pattern',
        };
    }
    if (source !== 'regex')
        return {
            unplaceable: `[tool.hatch.version] source = "${source}" is a version source pyrelease does not know (it knows regex, vcs, uv-dynamic-versioning and versioningit)`,
        };
    if (typeof hatch.path !== 'string')
        return { unplaceable: '[tool.hatch.version] has no path' };
    if (hatch.pattern !== undefined) {
        return {
            unplaceable: '[tool.hatch.version] pattern is custom; pyrelease writes only the default __version__ = "…" form',
        };
    }
    return namedVersionFile(folder, files, hatch.path, '[tool.hatch.version] path', HATCH_PATTERN);
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/pdm.ts


/**
 * pdm's `[tool.pdm.version]`: the tags (`source = "scm"`) or a file's `__version__`. Null when neither the
 * backend nor the table is pdm's.
 */
function pdmVersionSource(query) {
    const { doc, backend, folder, files } = query;
    const pdm = tableIn(doc, 'tool', 'pdm', 'version');
    if (!backend.startsWith('pdm') && !pdm)
        return null;
    const source = typeof pdm?.source === 'string' ? pdm.source : null;
    if (source === 'scm')
        return { kind: 'vcs', backend: 'pdm scm', tagSetting: '[tool.pdm.version] tag_regex (or tag_filter)' };
    if (source === 'file' && typeof pdm?.path === 'string') {
        return namedVersionFile(folder, files, pdm.path, '[tool.pdm.version] path', {
            kind: 'assignment',
            names: ['__version__'],
        });
    }
    return {
        unplaceable: `[tool.pdm.version] source = ${JSON.stringify(source)} is a version source pyrelease does not know (it knows scm, and file with a path)`,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/setuptools.ts


/**
 * setuptools' `[tool.setuptools.dynamic] version`: a module's attribute or one file. Null when the
 * pyproject.toml has no such setting.
 */
function setuptoolsDynamicSource(query) {
    const { doc, folder, files } = query;
    const setuptoolsVersion = tableIn(doc, 'tool', 'setuptools', 'dynamic')?.version;
    if (setuptoolsVersion === undefined)
        return null;
    const spec = tableIn(setuptoolsVersion);
    if (typeof spec?.attr === 'string')
        return setuptoolsAttr(doc, spec.attr, folder, files);
    const file = Array.isArray(spec?.file) && spec.file.length === 1 ? spec.file[0] : spec?.file;
    if (typeof file === 'string')
        return namedVersionFile(folder, files, file, '[tool.setuptools.dynamic] version file', { kind: 'text' });
    return {
        unplaceable: '[tool.setuptools.dynamic] version must be {attr = "…"} or one {file = "…"} for pyrelease to write it',
    };
}
/** setuptools-scm, as a build requirement or by its settings: the tags. Null when it is neither. */
function setuptoolsScmSource(query) {
    const { doc, requires } = query;
    if (requires.has('setuptools-scm') ||
        tableIn(doc, 'tool', 'setuptools_scm') ||
        tableIn(doc, 'tool', 'setuptools-scm')) {
        return {
            kind: 'vcs',
            backend: 'setuptools-scm',
            tagSetting: '[tool.setuptools_scm] tag_regex (or git_describe_command)',
        };
    }
    return null;
}
/** `attr = "pkg.sub.__version__"`: the module file under the package-dir setuptools would use. */
function setuptoolsAttr(doc, attr, folder, files) {
    const parts = attr.split('.');
    const name = parts.pop();
    if (parts.length === 0)
        return { unplaceable: `[tool.setuptools.dynamic] version attr ${JSON.stringify(attr)} names no module` };
    const packageDir = tableIn(doc, 'tool', 'setuptools', 'package-dir') ?? {};
    const where = tableIn(doc, 'tool', 'setuptools', 'packages', 'find')?.where;
    const roots = [];
    const mapped = packageDir[parts[0]];
    if (typeof mapped === 'string') {
        // `pkg = "lib/pkg"` maps the top-level package itself.
        const rest = parts.slice(1).join('/');
        return findModuleFile(rest, pathInFolder(folder, mapped), files, ['.'], '[tool.setuptools.dynamic] version attr', [name], true);
    }
    if (typeof packageDir[''] === 'string')
        roots.push(packageDir['']);
    if (Array.isArray(where))
        roots.push(...where.filter((w) => typeof w === 'string'));
    // Auto-discovery prefers the src layout.
    roots.push('src', '.');
    return findModuleFile(parts.join('/'), folder, files, roots, '[tool.setuptools.dynamic] version attr', [
        name,
    ]);
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/static.ts

/**
 * A version pyproject.toml holds itself: `[project].version`, else poetry-dynamic-versioning's tags, else
 * `[tool.poetry].version`; why none when `[project]` does not declare its version dynamic. Null when it
 * does: a build backend derives it.
 */
function staticVersionSource(doc, pyprojectFile) {
    const project = tableIn(doc, 'project');
    const poetry = tableIn(doc, 'tool', 'poetry');
    if (typeof project?.version === 'string')
        return { kind: 'pyproject', file: pyprojectFile, table: 'project' };
    const dynamic = Array.isArray(project?.dynamic) && project.dynamic.includes('version');
    // poetry-dynamic-versioning leaves a placeholder in [tool.poetry].version: the tag is the version.
    const pdv = tableIn(doc, 'tool', 'poetry-dynamic-versioning');
    if (pdv && pdv.enable === true) {
        return {
            kind: 'vcs',
            backend: 'poetry-dynamic-versioning',
            tagSetting: '[tool.poetry-dynamic-versioning] pattern',
        };
    }
    if (typeof poetry?.version === 'string' && (!project || dynamic)) {
        return { kind: 'pyproject', file: pyprojectFile, table: 'tool.poetry' };
    }
    if (project && !dynamic) {
        return { unplaceable: `${pyprojectFile}: [project] has no version and does not declare it dynamic` };
    }
    if (!project)
        return { unplaceable: `${pyprojectFile}: [tool.poetry] has no version` };
    return null;
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/versioningit.ts

/** The settings that choose which tags versioningit reads: named when it built another version. */
const VERSIONINGIT_TAGS = '[tool.versioningit.vcs] match (and [tool.versioningit.tag2version] rmprefix)';
/**
 * versioningit, a version derived from git like hatch-vcs: by its table or as a build requirement
 * (setuptools' plugin), or as hatch's version source. Null when it is none of them.
 */
function versioningitSource(query) {
    const { doc, requires } = query;
    const hatchSource = tableIn(doc, 'tool', 'hatch', 'version')?.source;
    if (!requires.has('versioningit') &&
        !tableIn(doc, 'tool', 'versioningit') &&
        hatchSource !== 'versioningit') {
        return null;
    }
    return { kind: 'vcs', backend: 'versioningit', tagSetting: VERSIONINGIT_TAGS };
}

;// CONCATENATED MODULE: ./packages/core/src/version-sources/locate.ts







const normalized = (requirement) => requirement
    .trim()
    .split(/[\s<>=!~;[(@]/, 1)[0]
    .replace(/[-_.]+/g, '-')
    .toLowerCase();
/**
 * The version source of a package folder's pyproject.toml (`doc`, already parsed), or why none can be
 * placed. `files` holds the repository's files (POSIX, relative to the root) to find modules in.
 * A version pyproject.toml holds comes first; a dynamic one asks each build backend in turn.
 */
function locateVersionSource(doc, pyprojectFile, folder, files) {
    const declared = staticVersionSource(doc, pyprojectFile);
    if (declared)
        return declared;
    const query = { doc, folder, files, ...buildSystemOf(doc) };
    return (versioningitSource(query) ??
        hatchVersionSource(query) ??
        pdmVersionSource(query) ??
        setuptoolsDynamicSource(query) ??
        setuptoolsScmSource(query) ??
        flitVersionSource(query) ??
        unwritableBackend(query.backend));
}
/** `[build-system]`: its backend (empty when none) and its requirements' normalized names. */
function buildSystemOf(doc) {
    const system = tableIn(doc, 'build-system');
    const backend = typeof system?.['build-backend'] === 'string' ? system['build-backend'] : '';
    const requires = new Set((Array.isArray(system?.requires) ? system.requires : [])
        .filter((r) => typeof r === 'string')
        .map(normalized));
    return { backend, requires };
}
/** A dynamic version none of the sources above places: why, by backend (one it does not know is named so). */
function unwritableBackend(backend) {
    if (backend.startsWith('maturin'))
        return { unplaceable: 'maturin takes the version from Cargo.toml, which pyrelease does not write' };
    if (backend.startsWith('setuptools')) {
        return {
            unplaceable: 'setuptools reads the dynamic version from setup.py or setup.cfg, which pyrelease does not write',
        };
    }
    return {
        unplaceable: `build backend ${JSON.stringify(backend || 'none')} derives the version in a way pyrelease does not know: give [project] a static version, or a version file pyrelease writes`,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/candidates.ts





const LEGACY_FILES = new Set(['setup.py', 'setup.cfg']);
/**
 * Phase one of the discovery: the folders with a pyproject.toml that names a project, from the globs
 * when there are any (each folder they match), else every folder that is not skipped, sorted by path.
 */
function findCandidates(files, read, options) {
    const search = startSearch(files, read, options);
    const globs = options.globs ?? [];
    if (globs.length > 0) {
        const folders = new Set([...search.pyprojectFolders, ...search.legacyFolders]);
        for (const glob of globs)
            considerGlob(search, glob, folders);
    }
    else {
        for (const folder of [...new Set([...search.pyprojectFolders, ...search.legacyFolders])].sort()) {
            if (isSkipped(folder))
                continue;
            if (!isSample(search, folder, null))
                consider(search, folder, false);
        }
    }
    const { candidates, unreleased, explicitFolders } = search;
    return { candidates, unreleased, explicitFolders };
}
function startSearch(files, read, options) {
    const excluded = (options.exclude ?? []).map((glob) => picomatch_default()(trimGlob(glob), { dot: false }));
    const isExcluded = (folder) => excluded.some((matches) => matches(folder));
    const pyprojectFolders = new Set();
    const legacyFolders = new Set();
    for (const f of files) {
        const folder = folderOf(f);
        if (isExcluded(folder))
            continue;
        if (baseName(f) === 'pyproject.toml')
            pyprojectFolders.add(folder);
        else if (LEGACY_FILES.has(baseName(f)))
            legacyFolders.add(folder);
    }
    return {
        candidates: [],
        unreleased: [],
        explicitFolders: new Set(),
        files,
        pyprojectFolders,
        legacyFolders,
        isExcluded,
        read,
        options,
    };
}
/** The folders one glob matches, in the order `folders` lists them. */
function considerGlob(search, glob, folders) {
    const { options } = search;
    const trimmed = trimGlob(glob);
    const matches = picomatch_default()(trimmed, { dot: false });
    const matched = [...folders].filter((folder) => matches(folder));
    if (matched.length === 0)
        return unmatchedGlob(search, glob, trimmed);
    const explicit = options.globsNameFolders !== false && !picomatch_default().scan(trimmed).isGlob;
    for (const folder of matched) {
        if (explicit)
            search.explicitFolders.add(folder);
        const listed = search.unreleased.find((u) => u.path === folder);
        // Named exactly after a wildcard matched it: as much an error as if it came first.
        if (listed && explicit)
            throw new src_errors/* UserError */.yo(`packages: ${folder} cannot be released: ${listed.reason}`);
        if (search.candidates.some((c) => c.folder === folder) || listed)
            continue;
        if (!isSample(search, folder, options.globsNameFolders === false ? null : trimmed)) {
            consider(search, folder, explicit);
        }
    }
}
function unmatchedGlob(search, glob, trimmed) {
    const { options } = search;
    if (options.globsNameFolders === false) {
        // uv accepts a member glob that matches nothing; a member named exactly needs its pyproject.toml.
        if (!picomatch_default().scan(trimmed).isGlob && !search.isExcluded(trimmed)) {
            search.unreleased.push({
                path: trimmed,
                name: null,
                reason: `${options.globsFrom ?? 'packages'} names it, but it has no pyproject.toml`,
            });
        }
        return;
    }
    throw new src_errors/* UserError */.yo(`${options.globsFrom ?? 'packages'}: ${JSON.stringify(glob)} matches no folder with a pyproject.toml`);
}
/**
 * A folder of tests, examples or docs is left out, and listed with why, unless `glob` (from `packages`,
 * not uv's members) names it by that part (`examples/*` names `examples/demo`; `**` does not).
 */
function isSample(search, folder, glob) {
    const part = sampleFolderOf(folder);
    if (!part || (glob !== null && glob.split('/').includes(part)))
        return false;
    search.unreleased.push({
        path: folder,
        name: sampleProjectName(search, folder),
        reason: `under ${part}/: tests, examples and docs are left out by default; name the folder in packages to release it`,
        sample: true,
    });
    return true;
}
/** A sample's project name, when its pyproject.toml reads (a fixture may hold anything): for the plan's check of its tags. */
function sampleProjectName(search, folder) {
    if (!search.pyprojectFolders.has(folder))
        return null;
    try {
        const name = projectNameOf(parseToml(search.read(joinPath(folder, 'pyproject.toml')), folder));
        return name === null ? null : normalizeName(name);
    }
    catch {
        return null;
    }
}
/** One folder: a candidate when its pyproject.toml names a project, else listed as unreleased (or not at all). */
function consider(search, folder, explicit) {
    if (!search.pyprojectFolders.has(folder)) {
        const legacy = [...LEGACY_FILES].filter((f) => search.files.has(joinPath(folder, f)));
        const reason = `only ${legacy.join(' and ')}: pyrelease reads versions from pyproject.toml`;
        return listUnreleased(search, folder, explicit, reason);
    }
    const file = joinPath(folder, 'pyproject.toml');
    const doc = parseToml(search.read(file), file);
    if (projectNameOf(doc) === null)
        return namesNoProject(search, folder, file, explicit);
    search.candidates.push({ folder, file, doc, explicit });
}
/**
 * A pyproject.toml that names no project (a workspace root with only tool settings) is not a
 * package, unless its metadata lives in setup.py or setup.cfg.
 */
function namesNoProject(search, folder, file, explicit) {
    if (search.legacyFolders.has(folder)) {
        const reason = 'its project metadata is in setup.py or setup.cfg, which pyrelease does not write';
        listUnreleased(search, folder, explicit, reason);
    }
    else if (explicit) {
        throw new src_errors/* UserError */.yo(`${file}: no project name: expected a string in [project].name or [tool.poetry].name`, {
            file,
        });
    }
}
/** A folder that cannot be released: an error when a glob names it exactly, else listed with why. */
function listUnreleased(search, folder, explicit, reason) {
    if (explicit)
        throw new src_errors/* UserError */.yo(`packages: ${folder} cannot be released: ${reason}`);
    search.unreleased.push({ path: folder, name: null, reason });
}

;// CONCATENATED MODULE: ./packages/core/src/config/changelog-sections.ts

const DEFAULT_CHANGELOG_SECTIONS = {
    breaking: 'Breaking Changes',
    types: new Map([
        ['feat', 'Features'],
        ['fix', 'Bug Fixes'],
        ['perf', 'Performance Improvements'],
        ['revert', 'Reverts'],
        ['deps', 'Dependencies'],
    ]),
    nonConventional: 'Other',
};
const TYPE = /^[a-z][a-z0-9-]*$/;
/**
 * Reads a `[tool.pyrelease.changelog-sections]` table over `base` (the defaults, or the root's for a
 * package): each key a commit type, `non-conventional` or `breaking`; each value a section title or
 * false (not listed; `breaking` cannot be turned off).
 */
function readChangelogSections(table, file, base = DEFAULT_CHANGELOG_SECTIONS) {
    const at = `${file}: [tool.pyrelease.changelog-sections]`;
    const types = new Map(base.types);
    let { breaking, nonConventional } = base;
    for (const [key, value] of Object.entries(table)) {
        const title = titleOf(value, `${at}.${key}`, file, key !== 'breaking');
        if (key === 'breaking')
            breaking = title;
        else if (key === 'non-conventional')
            nonConventional = title;
        else if (TYPE.test(key))
            types.set(key, title);
        else {
            throw new src_errors/* UserError */.yo(`${at} has a key ${JSON.stringify(key)} that is not a commit type: keys are lower-case types such as feat, or non-conventional, or breaking`, { file });
        }
    }
    return { breaking, types, nonConventional };
}
function titleOf(value, at, file, mayHide) {
    if (value === false && mayHide)
        return null;
    if (typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value))
        return value.trim();
    const expected = mayHide
        ? 'a section title on one line, or false to leave the type out'
        : 'a section title on one line';
    throw new src_errors/* UserError */.yo(`${at} must be ${expected}, got ${JSON.stringify(value)}`, { file });
}

;// CONCATENATED MODULE: ./packages/core/src/config/package-settings.ts




const DEFAULT_IGNORE_PATHS = ['uv.lock'];
const DEFAULT_INITIAL_VERSION = '0.1.0';
/**
 * The settings of one package: each key from the package's `[tool.pyrelease]` when it sets it, else
 * the root configuration's, else the default. `file`s name where each table came from for messages.
 */
function resolvePackageSettings(root, own) {
    const pick = (key) => {
        if (own.table && own.table[key] !== undefined)
            return { value: own.table[key], file: own.file };
        if (root.table && root.table[key] !== undefined)
            return { value: root.table[key], file: root.file ?? own.file };
        return undefined;
    };
    const changelog = pick('changelog');
    const initial = pick('initial-version');
    const { bump, changelogSections } = mergedTables(root, own);
    const versionFiles = own.table?.['version-files'];
    const initialVersion = parseVersion(initial?.value ?? DEFAULT_INITIAL_VERSION, `${initial?.file ?? own.file}: [tool.pyrelease].initial-version`);
    if (!isFinal(initialVersion) || initialVersion.local !== null) {
        throw new src_errors/* UserError */.yo(`${initial?.file ?? own.file}: [tool.pyrelease].initial-version must be a final version such as 0.1.0, got ${JSON.stringify(initial?.value)}`, { file: initial?.file ?? own.file });
    }
    return {
        tagFormat: pick('tag-format')?.value,
        previousTagFormats: pick('previous-tag-formats')?.value ?? [],
        changelog: changelog === undefined
            ? 'CHANGELOG.md'
            : changelog.value === false
                ? null
                : checkRelativePath(changelog.value, changelog.file, 'changelog'),
        // A package's own files: the root configuration's version-files are the root package's alone.
        versionFiles: (versionFiles ?? []).map((p) => checkRelativePath(p, own.file, 'version-files')),
        ignorePaths: pick('ignore-paths')?.value ?? DEFAULT_IGNORE_PATHS,
        bump,
        changelogSections,
        initialVersion,
        skip: own.table?.skip === true,
        pinWorkspaceDependencies: pick('pin-workspace-dependencies')?.value === true,
        cascade: pick('cascade')?.value ?? 'when-needed',
        apiCheck: pick('api-check')?.value ?? 'warn',
        apiModules: own.table?.['api-modules'] ?? null,
        tagsDeclared: own.table?.['tag-format'] !== undefined || own.table?.['previous-tag-formats'] !== undefined,
    };
}
/**
 * The tables that merge key by key: a package that sets only `non-conventional` keeps the root's bump
 * lists, one that titles `docs` keeps the root's other changelog titles.
 */
function mergedTables(root, own) {
    const rootFile = root.file ?? own.file;
    const rootBump = root.table?.bump
        ? readBumpRules(root.table.bump, rootFile, DEFAULT_BUMP_RULES, null)
        : DEFAULT_BUMP_RULES;
    const bump = own.table?.bump
        ? readBumpRules(own.table.bump, own.file, rootBump, root.table?.bump ? rootFile : null)
        : rootBump;
    const sectionsTable = (t) => t?.['changelog-sections'];
    const rootSections = sectionsTable(root.table)
        ? readChangelogSections(sectionsTable(root.table), rootFile)
        : DEFAULT_CHANGELOG_SECTIONS;
    const changelogSections = sectionsTable(own.table)
        ? readChangelogSections(sectionsTable(own.table), own.file, rootSections)
        : rootSections;
    return { bump, changelogSections };
}
/** A path inside the package folder, POSIX, without `./`; one that leaves the folder is refused. */
function checkRelativePath(path, file, key) {
    const clean = path.replace(/^\.\/+/, '');
    if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..') || clean.includes('\\')) {
        throw new src_errors/* UserError */.yo(`${file}: [tool.pyrelease].${key} must be a path inside the package folder (POSIX, no ..), got ${JSON.stringify(path)}`, { file });
    }
    return clean;
}
const BUMP_KEYS = new Set(['minor', 'patch', 'non-conventional']);
/**
 * A bump table over `base`: each key it sets wins. Its `pre-major` table (the rules below 1.0.0) is
 * read over the table's own rules, so it says only what differs ("features are patches until 1.0").
 */
function readBumpRules(table, file, base, baseFile) {
    const { 'pre-major': preMajor, ...rest } = table;
    const rules = readBumpTable(rest, file, { rules: base, file: baseFile }, '[tool.pyrelease.bump]');
    if (preMajor === undefined)
        return base.preMajor ? { ...rules, preMajor: base.preMajor } : rules;
    if (preMajor === null || typeof preMajor !== 'object' || Array.isArray(preMajor)) {
        throw new src_errors/* UserError */.yo(`${file}: [tool.pyrelease.bump].pre-major must be a table such as { minor = [], patch = ["feat", "fix"] }, got ${JSON.stringify(preMajor)}`, { file });
    }
    const below = readBumpTable(preMajor, file, base.preMajor ? { rules: base.preMajor, file: baseFile } : { rules, file }, '[tool.pyrelease.bump.pre-major]');
    return { ...rules, preMajor: below };
}
/**
 * One bump table over `base` (the rules it merges into, and the file they came from; null: the
 * defaults). A type in both lists is an error that names where each list was written.
 */
function readBumpTable(table, file, over, label) {
    const base = over.rules;
    const at = `${file}: ${label}`;
    for (const key of Object.keys(table)) {
        if (!BUMP_KEYS.has(key)) {
            throw new src_errors/* UserError */.yo(`${at} has an unknown key ${JSON.stringify(key)}; known keys: minor, patch, non-conventional${label.endsWith('pre-major]') ? '' : ', pre-major'} (a breaking change is always major)`, { file });
        }
    }
    const types = (key) => {
        const value = table[key];
        if (value === undefined)
            return [...base[key]];
        if (!Array.isArray(value) ||
            !value.every((v) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9-]*$/.test(v))) {
            throw new src_errors/* UserError */.yo(`${at}.${key} must be a list of commit types such as ["feat"], got ${JSON.stringify(value)}`, { file });
        }
        return value.map((v) => v.toLowerCase());
    };
    const minor = types('minor');
    const patch = types('patch');
    const both = minor.filter((t) => patch.includes(t));
    if (both.length > 0) {
        const from = (key) => table[key] !== undefined ? file : over.file === null ? 'the default' : over.file;
        const where = from('minor') === file && from('patch') === file
            ? ''
            : ` (minor from ${from('minor')}, patch from ${from('patch')}: a package's list replaces the root's list of that key, so set both)`;
        throw new src_errors/* UserError */.yo(`${at}: ${both.join(', ')} is in both minor and patch${where}`, { file });
    }
    const nonConventional = table['non-conventional'] ?? base.nonConventional;
    if (nonConventional !== 'patch' && nonConventional !== 'ignore') {
        throw new src_errors/* UserError */.yo(`${at}.non-conventional must be "patch" or "ignore", got ${JSON.stringify(nonConventional)}`, { file });
    }
    return { minor, patch, nonConventional };
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/to-package.ts








/**
 * Phase two for one candidate, once the version files it needs are read: the package (its requirements
 * not yet filled in), or why it is not released.
 */
function toPackage(c, read, config, files) {
    const { source } = c;
    const declaredName = projectNameOf(c.doc);
    // A template's `$pkg` or `{{ name }}`: listed, never fatal, unless packages names the folder.
    if (!isValidProjectName(declaredName)) {
        return {
            path: c.folder,
            name: null,
            reason: `${c.file}: project name ${JSON.stringify(declaredName)} is not a valid Python distribution name`,
        };
    }
    const name = normalizeName(declaredName);
    const settings = settingsOf(c, config);
    if (settings.skip)
        return { path: c.folder, name, reason: `skip = true in ${c.file}` };
    if (isPrivate(c.doc)) {
        return {
            path: c.folder,
            name,
            reason: `${c.file} has the classifier ${PRIVATE_CLASSIFIER}: it is never uploaded`,
        };
    }
    if ('unplaceable' in source)
        return { path: c.folder, name, reason: source.unplaceable };
    const declared = declaredVersion(c, source, read);
    if ('reason' in declared)
        return { path: c.folder, name, reason: declared.reason };
    const versionFiles = versionFilesOf(c, settings, files);
    return {
        name,
        declaredName,
        path: c.folder,
        pyprojectPath: c.file,
        changelogPath: settings.changelog === null ? null : joinPath(c.folder, settings.changelog),
        version: declared.version,
        versionSource: source,
        versionFiles,
        settings,
        requirements: [],
    };
}
/** The trove classifier that marks a project never to be uploaded (PyPI refuses it). */
const PRIVATE_CLASSIFIER = 'Private :: Do Not Upload';
function isPrivate(doc) {
    const project = doc.project;
    const poetry = doc.tool?.poetry;
    return [project?.classifiers, poetry?.classifiers].some((list) => Array.isArray(list) &&
        list.some((c) => typeof c === 'string' && c.trim().toLowerCase().startsWith(PRIVATE_CLASSIFIER.toLowerCase())));
}
function settingsOf(c, config) {
    // The root pyproject.toml's [tool.pyrelease] is the repository's configuration, checked as such.
    // The root configuration is also the root package's own table (checked as the repository's).
    const own = c.folder === '.'
        ? { table: config?.table ?? null, file: config?.file ?? c.file }
        : { table: readPackageConfig(c.doc, c.file), file: c.file };
    return resolvePackageSettings({ table: config?.table ?? null, file: config?.file ?? null }, own);
}
/** The version the package's files declare (null when the build derives it from the tags), or why not. */
function declaredVersion(c, source, read) {
    if (source.kind === 'pyproject') {
        const raw = (source.table === 'project'
            ? c.doc.project
            : c.doc.tool.poetry).version;
        return { version: parseVersion(raw, `${c.file}: [${source.table}].version`) };
    }
    if (source.kind !== 'file')
        return { version: null };
    const text = read(source.file);
    if (text === null)
        return { reason: `${source.via} names ${source.file}, which cannot be read` };
    const span = findVersionSpan(text, source.format);
    // A module that imports its version, or assigns it twice: a layout to list, not a mistake.
    if (typeof span === 'string')
        return { reason: `${source.via} names ${source.file}, but ${span}` };
    return { version: span.version };
}
/** Its `version-files`, relative to the repository root: each must exist. */
function versionFilesOf(c, settings, files) {
    const versionFiles = settings.versionFiles.map((f) => joinPath(c.folder, f));
    for (const f of versionFiles) {
        if (!files.has(f)) {
            throw new src_errors/* UserError */.yo(`${c.file}: [tool.pyrelease].version-files names ${f}, which does not exist`, {
                file: c.file,
            });
        }
    }
    return versionFiles;
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/discovery.ts






/**
 * Finds the packages among a repository's files (POSIX paths relative to its root): every folder with a
 * pyproject.toml that names a project, or, when globs are given, exactly the folders they match.
 * `read` returns a file's text; here it is only asked for pyproject.toml files. Folders with only
 * setup.py or setup.cfg, packages whose version cannot be placed, `skip = true` and two folders of
 * one name are listed as unreleased; they fail the discovery only when a glob names them exactly.
 */
function findPackages(files, read, options = {}) {
    const fileSet = new Set(files);
    const found = findCandidates(fileSet, read, options);
    const located = found.candidates.map((c) => ({
        ...c,
        source: locateVersionSource(c.doc, c.file, c.folder, fileSet),
    }));
    return {
        versionFiles: versionFilesNeeded(located),
        finish: (readMore) => finish(located, found, readMore, options.config, fileSet),
    };
}
/** findPackages and finish with one reader (tests, and callers that hold every file already). */
function discoverPackages(files, read, options = {}) {
    return findPackages(files, read, options).finish(read);
}
/** The version files the packages' versions live in: the second batch of reads. */
function versionFilesNeeded(located) {
    return located.flatMap((c) => ('kind' in c.source && c.source.kind === 'file' ? [c.source.file] : []));
}
/** Phase two: the packages, the folders that cannot be released and why, and the requirements on siblings. */
function finish(located, found, read, config, files) {
    const packages = releasable(located, found, read, config, files);
    const kept = withoutTwins(packages, found.unreleased, found.explicitFolders);
    return { packages: withRequirements(kept, located), unreleased: sortByPath(found.unreleased) };
}
/** The candidates that can be released; the others are listed as unreleased (an error when named exactly). */
function releasable(located, found, read, config, files) {
    const packages = [];
    for (const c of located) {
        const result = toPackage(c, read, config, files);
        if ('reason' in result) {
            if (c.explicit || found.explicitFolders.has(c.folder)) {
                throw new src_errors/* UserError */.yo(`packages: ${c.folder} cannot be released: ${result.reason}`, {
                    file: c.file,
                });
            }
            found.unreleased.push(result);
        }
        else {
            packages.push(result);
        }
    }
    return packages;
}
/**
 * Two folders of one project name cannot both be released (their tags would be the same): both are
 * listed as unreleased, unless a glob named one of them exactly, which then wins.
 */
function withoutTwins(packages, unreleased, explicit) {
    const byName = new Map();
    for (const pkg of packages)
        byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
    const kept = [];
    for (const [name, group] of byName) {
        if (group.length === 1) {
            kept.push(group[0]);
            continue;
        }
        const named = group.filter((p) => explicit.has(p.path));
        if (named.length > 1) {
            throw new src_errors/* UserError */.yo(`two packages are named ${name}: ${named[0].pyprojectPath} and ${named[1].pyprojectPath}`);
        }
        for (const pkg of group) {
            if (pkg === named[0]) {
                kept.push(pkg);
                continue;
            }
            const others = group.filter((p) => p !== pkg).map((p) => p.path);
            unreleased.push({
                path: pkg.path,
                name,
                reason: `${others.join(', ')} is also named ${name}: exclude the one that is not released`,
            });
        }
    }
    return sortByPath(kept);
}
/** Requirements on siblings, once every package's name is known. */
function withRequirements(kept, located) {
    const names = new Set(kept.map((p) => p.name));
    const docs = new Map(located.map((c) => [c.folder, c.doc]));
    return kept.map((p) => ({
        ...p,
        requirements: internalRequirementsOf(docs.get(p.path), names, p.name),
    }));
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/uv.ts


function globs(value, file, key) {
    if (value === undefined)
        return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        throw new src_errors/* UserError */.yo(`${file}: [tool.uv.workspace].${key} must be a list of folder globs`, { file });
    }
    return value;
}
/**
 * The workspace of a root pyproject.toml, or null when it declares none. As uv decides it, the root is
 * a package only when it has a [project] and builds: `[tool.uv] package = true`, or a build-system and
 * no `package = false` (a virtual root holds only the workspace's settings).
 */
function readUvWorkspace(root, file = 'pyproject.toml') {
    const workspace = root ? tableIn(root, 'tool', 'uv', 'workspace') : null;
    if (!root || !workspace)
        return null;
    const packaged = tableIn(root, 'tool', 'uv')?.package;
    const builds = packaged === true || (packaged !== false && tableIn(root, 'build-system') !== null);
    return {
        members: globs(workspace.members, file, 'members'),
        exclude: globs(workspace.exclude, file, 'exclude'),
        rootIsPackage: tableIn(root, 'project') !== null && builds,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/groups.ts




/**
 * Each group's members among `packages`: a pattern is a package's name (in any spelling PEP 503
 * normalizes alike) or a glob of its folder. A pattern that finds no package is an error (a folder
 * that is not released is named with its reason); so is a package two groups claim. With a `packages`
 * selection (`selected`), patterns are matched within it and one that finds nothing there is not an error.
 */
function resolveGroups(configs, packages, unreleased, file, selected = false) {
    const owner = new Map();
    return configs.flatMap((group) => {
        const members = new Set();
        for (const pattern of group.packages) {
            const found = packages.filter((p) => matchesPattern(pattern, p.name, p.path));
            if (found.length === 0 && !selected)
                throw new src_errors/* UserError */.yo(noMember(group, pattern, unreleased, file), { file });
            for (const pkg of found) {
                const other = owner.get(pkg.name);
                if (other !== undefined && other !== group.name)
                    throw new src_errors/* UserError */.yo(`${file}: ${pkg.name} is in two version groups, ${JSON.stringify(other)} and ${JSON.stringify(group.name)}: a package is in one group at most`, { file });
                owner.set(pkg.name, group.name);
                members.add(pkg.name);
            }
        }
        const ordered = packages.filter((p) => members.has(p.name)).map((p) => p.name);
        return ordered.length > 0 ? [{ name: group.name, versioning: group.versioning, members: ordered }] : [];
    });
}
function matchesPattern(pattern, name, path) {
    if (normalizeName(pattern) === normalizeName(name) && !pattern.includes('/'))
        return true;
    return picomatch_default()(trimGlob(pattern), { dot: false })(path);
}
function noMember(group, pattern, unreleased, file) {
    const folder = unreleased.find((u) => matchesPattern(pattern, u.name ?? '', u.path));
    const why = folder ? `: ${folder.path} is not released (${folder.reason})` : '';
    return `${file}: version group ${JSON.stringify(group.name)}: ${JSON.stringify(pattern)} names no package${why}`;
}

;// CONCATENATED MODULE: ./packages/core/src/plan/planner.ts
















/** Plans the base ref of the local repository with its local tags (the read-only `plan` command). */
async function planFromRepository(git, request) {
    return planAt(git, await planner_repositoryPlanRequest(git, request));
}
/** What planFromRepository plans: the base ref's commit, in a clone with its whole history, and the local tags. */
async function planner_repositoryPlanRequest(git, request) {
    const reader = new RepositoryReader(git);
    const head = await reader.resolveCommit(request.baseRef);
    if (!head)
        throw new UserError(`base branch ${request.baseRef} does not exist in ${git.cwd}`);
    await requireWholeHistory(reader);
    return { ...request, head, tags: await reader.listTags() };
}
/** A plan of a shallow clone would count the boundary commits as changing every file: refused. */
async function requireWholeHistory(reader) {
    if (await reader.isShallow()) {
        throw new src_errors/* UserError */.yo('this repository is a shallow clone and the plan needs its whole history: run git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)');
    }
}
/**
 * Computes the plan for commit `head` with the given tags (a release uses the remote's), reading the
 * repository with a fixed number of git processes: tree listing, one cat-file for every file, one
 * history walk.
 */
function planAt(git, request) {
    // Each read depends on the one before it: one cat-file process serves them all.
    return git.keepReading(() => planWithReader(git, request));
}
async function planWithReader(git, request) {
    const { head } = request;
    const reader = new repository_RepositoryReader(git);
    const { packages, unreleased, config, lockFiles, fileModes } = await readPackagesAt(reader, head, request.packageGlobs ?? []);
    const withoutHistory = {
        mode: request.mode,
        packages,
        unreleased,
        tags: request.tags,
        tagFormat: request.tagFormat,
        line: request.line ?? config.line,
        releaseBranches: config.releaseBranches,
        groups: resolveGroups(config.groups ?? [], packages, unreleased, config.file ?? 'pyproject.toml', (request.packageGlobs ?? []).length > 0),
        lockFiles,
        fileModes,
        apiBreaking: request.apiBreaking,
    };
    // A final run's promotions come first: what a promoted rc released is read with the history.
    const withPromotions = {
        ...withoutHistory,
        promotions: await readPromotions(reader, withoutHistory, head),
        finalCarries: await readFinalCarries(reader, withoutHistory),
        changelogVersions: request.index ? undefined : await changelogVersionsAt(reader, withoutHistory, head),
    };
    // The walk stops where every package's counted tags agree that all is released.
    const history = await readFolderMoves(reader, await reader.readHistory(head, historyBoundsOf(withPromotions)));
    // Every tag goes in: those that match no package's format may be its releases in another shape.
    const input = { ...withPromotions, history };
    const plan = await planOnce(reader, input);
    return request.index ? planAskingIndex(reader, input, plan, request.index) : plan;
}
/**
 * The plan with every planned version looked up on the index first: packages are asked once each,
 * and the plan is made again while a planned version is there (or the index could not say), since a
 * package left out changes what its dependents need.
 */
async function planAskingIndex(reader, input, first, index) {
    const known = new Map();
    let plan = first;
    for (;;) {
        const planned = releasedPackages(plan);
        const unasked = planned.map((p) => p.package.name).filter((name) => !known.has(name));
        if (unasked.length === 0)
            return plan;
        for (const [name, answer] of await index.ask(unasked))
            known.set(name, answer);
        const held = (p) => {
            const answer = known.get(p.package.name);
            return answer !== undefined && ('error' in answer || holdsVersion(answer.versions, p.next));
        };
        if (!planned.some(held))
            return plan;
        plan = await planOnce(reader, { ...input, index: { url: index.url, byPackage: new Map(known) } });
    }
}
/** Without an index: the versions each package without a tag has a CHANGELOG.md section for. */
async function changelogVersionsAt(reader, input, head) {
    const { tagsByPackage } = assignTags(input);
    const untagged = input.packages.filter((p) => p.changelogPath !== null && !tagsByPackage.has(p.name));
    const specs = untagged.map((p) => `${head}:${p.changelogPath}`);
    const texts = await reader.readFiles(specs);
    const versions = new Map();
    untagged.forEach((p, i) => {
        const text = texts.get(specs[i]);
        if (text)
            versions.set(p.name, versionsInChangelog(text.toString('utf8')));
    });
    return versions;
}
/** One plan of the input: the packages' own plans, then the cascade with what dependents published. */
async function planOnce(reader, input) {
    const draft = draftPlan(input);
    const plan = completePlan(draft, undefined);
    if (plan.dependencyUpdates.length === 0)
        return plan;
    // What each dependent published at its previous tag decides whether it needs a release: one more
    // read through the same cat-file, however many packages.
    const names = new Set(input.packages.map((p) => p.name));
    const previous = plan.packages.filter((p) => p.previous && plan.dependencyUpdates.some((u) => u.dependent === p.package.name));
    const specs = previous.map((p) => `${p.previous?.commit}:${p.package.pyprojectPath}`);
    const texts = await reader.readFiles(specs);
    const releasedRequirements = new Map();
    previous.forEach((p, i) => {
        const text = texts.get(specs[i])?.toString('utf8');
        if (text === undefined)
            return;
        try {
            releasedRequirements.set(p.package.name, internalRequirementsOf(parseToml(text, p.package.pyprojectPath), names, p.package.name));
        }
        catch {
            // A file that no longer parses at an old tag tells nothing: the dependent is released.
        }
    });
    // Only the cascade is computed again: the packages' own plans stay as drafted.
    return completePlan(draft, releasedRequirements);
}
/**
 * The packages and configuration of the tree at `commit`: one tree listing and one batch read of every
 * pyproject.toml and the root pyrelease.toml. `globs` (inputs, options) win over the configuration's.
 */
async function readPackagesAt(reader, commit, globs) {
    const { files, modes } = await reader.listTree(commit);
    const pyprojects = files.filter((f) => f === 'pyproject.toml' || f.endsWith('/pyproject.toml'));
    const wanted = [...pyprojects, ...(files.includes(PYRELEASE_TOML) ? [PYRELEASE_TOML] : [])];
    const contents = await reader.readFiles(wanted.map((f) => `${commit}:${f}`));
    const read = (file) => (contents.get(`${commit}:${file}`) ?? Buffer.alloc(0)).toString('utf8');
    const root = pyprojects.includes('pyproject.toml')
        ? parseToml(read('pyproject.toml'), 'pyproject.toml')
        : null;
    const config = readRepositoryConfig(root, files.includes(PYRELEASE_TOML) ? read(PYRELEASE_TOML) : null);
    // Inputs and options win, then the configuration's packages, then a uv workspace's members.
    const uv = readUvWorkspace(root);
    const fromUv = globs.length === 0 && !config.packages && uv !== null;
    const chosen = globs.length > 0
        ? globs
        : (config.packages ?? (uv ? [...uv.members, ...(uv.rootIsPackage ? ['.'] : [])] : []));
    if (fromUv && chosen.length === 0) {
        throw new src_errors/* UserError */.yo('pyproject.toml [tool.uv.workspace] has no members and its root is not a package (uv treats it as virtual): nothing to release', { file: 'pyproject.toml' });
    }
    const pending = findPackages(files, read, {
        globs: chosen,
        globsFrom: fromUv ? 'pyproject.toml [tool.uv.workspace] members' : 'packages',
        globsNameFolders: !fromUv,
        exclude: [...(config.exclude ?? []), ...(uv?.exclude ?? [])],
        config,
    });
    const versionFiles = await reader.readFiles(pending.versionFiles.map((f) => `${commit}:${f}`));
    const { packages, unreleased } = pending.finish((file) => versionFiles.get(`${commit}:${file}`)?.toString('utf8') ?? null);
    if (packages.length === 0) {
        const why = unreleased.length > 0
            ? `; not released: ${unreleased.map((u) => `${u.path} (${u.reason})`).join(', ')}`
            : '';
        throw new src_errors/* UserError */.yo(`no package found at ${commit.slice(0, 12)}: expected folders with a pyproject.toml that names a project${why}`);
    }
    return { packages, unreleased, config, lockFiles: files.filter(isLockFile), fileModes: modes };
}

;// CONCATENATED MODULE: ./packages/core/src/plan/format.ts


/** One row per package, then one per folder that is not released, with the reason. */
function planRows(plan) {
    const rows = plan.packages.map((p) => ({
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
function releaseReason(p) {
    const reasons = [];
    const own = (!p.group || p.group.own !== null) && (p.commits.length > 0 || p.dependencies.length === 0);
    if (own)
        reasons.push(ownReason(p));
    if (p.dependencies.length > 0)
        reasons.push(`dependency ${p.dependencies.map(cascade_dependencyKey).join(', ')}`);
    if (p.group)
        reasons.push(groupReason(p.group));
    return reasons.join('; ');
}
/** `group ui (fixed)`, `group ui (linked) above its own 1.0.1`. */
function groupReason(group) {
    const own = group.own === null ? '' : `, its own ${group.own.text}`;
    return `version group ${group.name} (${group.versioning}${own})`;
}
function ownReason(p) {
    if (p.releaseAs)
        return `Release-As ${p.releaseAs.version.text} in ${p.releaseAs.commit.slice(0, 7)}`;
    if (!p.lastFinal) {
        return p.declared
            ? `declared ${p.declared.text}, no final release yet`
            : `version from tags: initial-version ${p.package.settings.initialVersion.text}, no final release yet`;
    }
    return `${p.bump ?? 'patch'} bump since ${p.lastFinal.tag}`;
}
const HEADERS = ['package', 'path', 'previous', 'next', 'bump', 'commits', 'reason'];
function cells(row) {
    return HEADERS.map((h) => String(row[h]));
}
/**
 * The line above a plan table: its mode, the branch as the remote names it (`origin/test`) or as a local
 * branch, and the commit planned. The same in `plan` and `cut-release`.
 */
function formatPlanHeading(plan, branch) {
    return `${plan.mode} plan of ${branch} at ${plan.head.slice(0, 12)}`;
}
/** The plan as an aligned plain-text table for a terminal. */
function formatPlanTable(plan) {
    const rows = [HEADERS.map((h) => h.toUpperCase()), ...planRows(plan).map(cells)];
    const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '))
        .join('\n');
}
/** The line a plan or a release run logs for each release commit it would make. */
function formatReleaseCommit(release) {
    return `${release.tag}: the release commit changes ${release.changes.join(', ')}`;
}
/** The plan as a Markdown table (job summaries): cell text is escaped so it cannot break the table or make markup. */
function formatPlanMarkdown(plan) {
    const lines = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`];
    for (const row of planRows(plan))
        lines.push(`| ${cells(row).map(markdown/* escapeMarkdown */.FV).join(' | ')} |`);
    return lines.join('\n');
}
/**
 * The plan as plain data, for `--json`. `changes`: the files each released package's release commit
 * changes (prepareReleases), by package name.
 */
function format_planToJson(plan, changes = new Map()) {
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/core/src/progress.ts
/** How often a step that is still running says so: often enough that nobody thinks it hung. */
const STILL_WAITING_MS = 12_000;
/**
 * Runs a step that waits on something outside (a remote, an index, a build) and tells a person who
 * is watching: a line before it, and a "still" line every STILL_WAITING_MS while it runs. A logger
 * without `progress` hears nothing and nothing is timed.
 */
async function waitingFor(logger, words, step) {
    const progress = logger.progress?.bind(logger);
    if (!progress)
        return step();
    if (words.start)
        progress(words.start);
    const started = Date.now();
    const timer = setInterval(() => progress(`still ${words.doing} (${Math.round((Date.now() - started) / 1000)} s)`), logger.progressIntervalMs ?? STILL_WAITING_MS);
    // A pending reminder never keeps the process alive.
    timer.unref();
    try {
        return await step();
    }
    finally {
        clearInterval(timer);
    }
}
/** The same words before and during: `asking origin …` then `still asking origin … (12 s)`. */
function doing(words) {
    return { start: `${words}...`, doing: words };
}

;// CONCATENATED MODULE: ./packages/core/src/publish/python.ts






/** `build` and `twine`: what every publish runs. */
const PUBLISH_TOOLS = [
    { pip: 'build', module: 'build' },
    { pip: 'twine', module: 'twine' },
];
/**
 * The user's own cache folder for pyrelease (`$XDG_CACHE_HOME/pyrelease`, else `~/.cache/pyrelease`):
 * where the private venv goes off a runner (the CLI, the library). Never the shared temporary folder,
 * where another user of the machine could put a `python` first.
 */
function userCacheDir() {
    const dir = (0,external_node_path_.join)(process.env.XDG_CACHE_HOME || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache'), 'pyrelease');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    return dir;
}
/** An import probe is instant; one that hangs (a broken interpreter, a stuck site hook) must not. */
const IMPORT_PROBE_TIMEOUT_MS = 2 * 60_000;
/** `python -m venv` copies pip into the venv: seconds, minutes on a slow disk. */
const VENV_TIMEOUT_MS = 5 * 60_000;
/** pip downloads build and twine with their dependencies from the index. */
const PIP_INSTALL_TIMEOUT_MS = 10 * 60_000;
/** The exit code of an import probe whose Python runs but lacks a tool (or has another version). */
const LACKS_TOOLS = 3;
/**
 * What one start of `python` says: `tools` when it imports every tool (each at its pinned version if
 * it has one), `python` when it runs without them, null when it does not run.
 */
async function probe(python, tools) {
    const pinned = tools.filter((t) => t.version);
    const lines = [
        ...tools.map((t) => `import ${t.module}`),
        ...(pinned.length > 0 ? ['import importlib.metadata as m'] : []),
        ...pinned.map((t) => `assert m.version(${JSON.stringify(t.module)}) == ${JSON.stringify(t.version)}`),
    ];
    const script = [
        'import sys',
        'try:',
        ...(lines.length > 0 ? lines : ['pass']).map((l) => `    ${l}`),
        'except Exception:',
        `    sys.exit(${LACKS_TOOLS})`,
    ].join('\n');
    // -I: nothing of the working directory (a checkout), PYTHON* variables or the user's site is imported.
    const result = await runCommand(python, ['-I', '-c', script], {
        okExitCodes: [LACKS_TOOLS],
        stdout: 'log',
        timeoutMs: IMPORT_PROBE_TIMEOUT_MS,
    }).catch(() => null);
    if (result?.exitCode === 0)
        return 'tools';
    return result?.exitCode === LACKS_TOOLS ? 'python' : null;
}
/**
 * A Python that can import build and twine (and `extra` tools): the one on PATH when it can, else a
 * venv under `tempDir` where they are installed. The user's own environment is never changed.
 */
function pythonWithTools(tempDir, logger, extra = []) {
    return pythonWith([...PUBLISH_TOOLS, ...extra], tempDir, logger, 'publish-from-tag');
}
/**
 * A Python that can import `tools`: the one on PATH when it can, else pyrelease's private venv under
 * `tempDir`, where they are installed. `usedBy` names the step that needs it in the error for no Python.
 */
function pythonWith(tools, tempDir, logger, usedBy) {
    // A process that asks again (the CLI's plan then its release, a test file's runs) probes once.
    const key = JSON.stringify([process.env.PATH, tempDir, tools]);
    const known = pythons.get(key);
    if (known)
        return known;
    const finding = findPython(tools, tempDir, logger, usedBy);
    pythons.set(key, finding);
    finding.catch(() => pythons.delete(key));
    return finding;
}
/** The Pythons found so far in this process, by PATH, the private venv's folder and the tools. */
const pythons = new Map();
async function findPython(tools, tempDir, logger, usedBy) {
    // One start of each Python on PATH: the first with the tools answers, else the first that runs
    // makes the private venv.
    let found = null;
    for (const candidate of ['python3', 'python']) {
        const has = await probe(candidate, tools);
        if (has === 'tools')
            return candidate;
        if (has === 'python')
            found ??= candidate;
    }
    if (!found)
        throw new src_errors/* UserError */.yo(`no python3 or python on PATH: add actions/setup-python before ${usedBy}`);
    const venv = (0,external_node_path_.join)(tempDir, 'pyrelease-python');
    const python = process.platform === 'win32' ? (0,external_node_path_.join)(venv, 'Scripts', 'python.exe') : (0,external_node_path_.join)(venv, 'bin', 'python');
    if ((0,external_node_fs_.existsSync)(python) && (await probe(python, tools)) === 'tools')
        return python;
    const names = tools.map((t) => t.pip).join(', ');
    logger.info(`${found} cannot import ${tools.map((t) => t.module).join(', ')}: installing ${names} into a private venv at ${venv}`);
    await waitingFor(logger, { doing: `installing ${names}` }, async () => {
        if (!(0,external_node_fs_.existsSync)(python))
            await runCommand(found, ['-I', '-m', 'venv', venv], { stdout: 'log', timeoutMs: VENV_TIMEOUT_MS });
        await runCommand(python, ['-I', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...tools.map((t) => t.pip)], { stdout: 'log', timeoutMs: PIP_INSTALL_TIMEOUT_MS });
    });
    return python;
}
/**
 * A build command as an argument array: words split on spaces, with '…' and "…" quoting, never a
 * shell. A leading `python`/`python3` becomes the interpreter that has the tools.
 */
function parseCommandLine(line, python) {
    const words = [];
    let current = '';
    let quote = null;
    let inWord = false;
    for (const c of line.trim()) {
        if (quote) {
            if (c === quote)
                quote = null;
            else
                current += c;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            inWord = true;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(current);
            current = '';
            inWord = false;
        }
        else {
            current += c;
            inWord = true;
        }
    }
    if (quote)
        throw new src_errors/* UserError */.yo(`build-command ${JSON.stringify(line)} has an unclosed ${quote} quote`);
    if (inWord)
        words.push(current);
    if (words.length === 0)
        throw new src_errors/* UserError */.yo('build-command is empty');
    if (words[0] === 'python' || words[0] === 'python3')
        words[0] = python;
    return words;
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/findings.ts
/**
 * A breaking change in words, as the plan, the job summary and the changelog show it: "removed function
 * `pkg.mod.f`", "parameter `x` of `pkg.g` became required". Pure.
 */
function describeBreakage(b) {
    const at = code(b.path);
    const parameter = `parameter ${code(b.parameter ?? '?')} of ${at}`;
    switch (b.kind) {
        case 'OBJECT_REMOVED':
            return `removed ${b.object} ${at}`;
        case 'PARAMETER_REMOVED':
            return `${parameter} was removed`;
        case 'PARAMETER_CHANGED_REQUIRED':
            return `${parameter} became required`;
        case 'PARAMETER_ADDED_REQUIRED':
            return `${at} has a new required parameter ${code(b.parameter ?? '?')}`;
        case 'PARAMETER_MOVED':
            return `positional ${parameter} moved`;
        case 'PARAMETER_CHANGED_KIND':
            return `${parameter} became ${b.new ?? 'another kind'} (was ${b.old ?? 'unknown'})`;
        case 'RETURN_CHANGED_TYPE':
            return `the return type of ${at} changed (${shown(b.old)} -> ${shown(b.new)})`;
        case 'OBJECT_CHANGED_KIND':
            return `${at} became ${article(b.new)} (was ${article(b.old)})`;
        case 'ATTRIBUTE_CHANGED_TYPE':
            return `the type of attribute ${at} changed (${shown(b.old)} -> ${shown(b.new)})`;
        case 'LEFT_ALL':
            return `${at} was taken out of \`__all__\``;
        case 'CLASS_REMOVED_BASE':
            return `class ${at} lost a base class (${shown(b.old)} -> ${shown(b.new)})`;
        default:
            return `${at}: ${b.kind.toLowerCase().replace(/_/g, ' ')}`;
    }
}
/** A Python dotted name in backticks: griffe's paths are identifiers (Unicode ones too) and dots; anything else is dropped. */
function code(name) {
    return `\`${name.replace(/[^\p{L}\p{N}\p{M}\p{Pc}.]/gu, '')}\``;
}
/** A type or a list of bases as griffe prints it, cut short, without marks of Markdown or HTML. */
function shown(value) {
    if (value === undefined || value === null || value === '')
        return 'none';
    const clean = value.replace(/[^\p{L}\p{N}\p{M}\p{Pc}.,[\] |]/gu, '');
    return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}
function article(kind) {
    const word = (kind ?? 'object').replace(/[^\w ]/g, '');
    return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/griffe.ts


/**
 * griffe (PyPI `griffe`), pinned: it parses a package's code and compares two versions of its API,
 * never importing or running it. One Python process checks every package of a run.
 */
const GRIFFE = { pip: 'griffe==2.4.1', module: 'griffe', version: '2.4.1' };
/** The most breaking changes a package's report lists: the rest are counted. */
const BREAKAGE_LIMIT = 50;
/** griffe reads a few files per millisecond: ten minutes is far beyond any package. */
const API_CHECK_TIMEOUT_MS = 10 * 60_000;
/** The most output the check may print: 50 changes of every package of a large monorepo, and more. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/**
 * The program griffe runs: the request on stdin, one JSON line per package on stdout. Static analysis
 * only (allow_inspection=False), no path taken as a module name (try_relative_path=False), no git
 * process of griffe's own per module, its logging silenced. A file the running Python cannot parse is
 * an error, never a module removed; a default changed and an attribute's value changed are not
 * breaking here. A public name a module imports from inside its package is its API where the module
 * has no `__all__` (griffe would count it private). The changes are sorted before they are cut.
 */
const CHECK_SCRIPT = String.raw `
import ast, json, logging, os, sys
logging.disable(logging.CRITICAL)
import griffe
from griffe import BreakageKind, ParameterKind
griffe.GitInfo.from_package = classmethod(lambda cls, package: None)

LIMIT = int(sys.argv[1])
NOT_BREAKING = {BreakageKind.PARAMETER_CHANGED_DEFAULT, BreakageKind.ATTRIBUTE_CHANGED_VALUE}

def unparsable(name, root):
    """The dotted modules under root whose file this Python cannot parse, with the reason."""
    found = {}
    base = os.path.join(root, *name.split("."))
    files = [base + ".py"] if os.path.isfile(base + ".py") else []
    for folder, _, names in os.walk(base):
        files += [os.path.join(folder, n) for n in names if n.endswith(".py")]
    for path in files:
        try:
            with open(path, "rb") as handle:
                ast.parse(handle.read(), path)
        except (SyntaxError, ValueError) as error:
            dotted = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
            found[dotted[:-9] if dotted.endswith(".__init__") else dotted] = type(error).__name__ + ": " + str(error)[:200]
    return found

def load(name, root):
    try:
        module = griffe.load(name, search_paths=[root], allow_inspection=False, try_relative_path=False,
                             find_stubs_package=False, resolve_aliases=False, store_source=False)
    except ModuleNotFoundError:
        return None
    publish_reexports(module, name.split(".")[0])
    return module

def publish_reexports(module, top):
    for sub in [module, *modules_of(module).values()]:
        if sub.exports is not None:
            continue
        for member_name, member in sub.members.items():
            if member.is_alias and not member_name.startswith("_") and member.target_path.startswith(top + "."):
                member.public = True

def kind_of(obj):
    if obj is None or getattr(obj, "is_alias", False):
        return "name"
    kind = getattr(obj, "kind", None)
    return getattr(kind, "value", str(kind))

def text(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(getattr(v, "canonical_path", str(v)) for v in value)
    if hasattr(value, "kind") and isinstance(getattr(value, "kind"), ParameterKind):
        return value.kind.value
    return str(getattr(value, "value", value))

def record(b):
    entry = {"kind": b.kind.name, "path": b.obj.path, "object": kind_of(b.obj)}
    param = b.old_value if b.old_value is not None and hasattr(b.old_value, "required") else b.new_value
    if b.kind.name.startswith("PARAMETER_") and param is not None:
        entry["parameter"] = param.name
    if b.kind is BreakageKind.OBJECT_REMOVED:
        entry["object"] = kind_of(b.old_value)
    else:
        entry["old"] = text(b.old_value)
        entry["new"] = text(b.new_value)
    return entry

def modules_of(module, found=None):
    found = {} if found is None else found
    found[module.path] = module
    for sub in module.modules.values():
        if not sub.is_alias:
            modules_of(sub, found)
    return found

def names(exports):
    return set() if exports is None else {str(name) for name in exports}

def left_all(old, new):
    # griffe's own rules make a name outside __all__ private, but do not report one taken out of it.
    now = modules_of(new)
    for path, module in modules_of(old).items():
        other = now.get(path)
        if other is None or module.exports is None or other.exports is None:
            continue
        for name in sorted(names(module.exports) - names(other.exports)):
            if name in other.members:
                yield {"kind": "LEFT_ALL", "path": path + "." + name, "object": "name"}

def within(path, modules):
    return any(path == m or path.startswith(m + ".") for m in modules)

def compare(module):
    broken = {**unparsable(module["name"], module["old"]), **unparsable(module["name"], module["new"])}
    errors = [name + ": " + reason for name, reason in sorted(broken.items())]
    old = load(module["name"], module["old"])
    if old is None:
        return [], errors
    new = load(module["name"], module["new"])
    if new is None:
        return [{"kind": "OBJECT_REMOVED", "path": module["name"], "object": "module"}], errors
    found = [record(b) for b in griffe.find_breaking_changes(old, new) if b.kind not in NOT_BREAKING]
    found += list(left_all(old, new))
    return [c for c in found if not within(c["path"], broken)], errors

request = json.load(sys.stdin)
for package in request:
    found, errors = [], []
    for module in package["modules"]:
        try:
            changes, unreadable = compare(module)
        except Exception as error:
            changes, unreadable = [], [module["name"] + ": " + (str(error) or type(error).__name__)[:300]]
        found += changes
        errors += unreadable
    found.sort(key=lambda c: (c["path"], c["kind"]))
    print(json.dumps({"name": package["name"], "breakages": found[:LIMIT], "more": max(0, len(found) - LIMIT), "errors": errors}), flush=True)
`;
/** Compares every package's API in one Python process (`python` has griffe); one report per package. */
async function compareApis(python, comparisons, cwd) {
    if (comparisons.length === 0)
        return [];
    // -I: nothing of the working directory, PYTHON* variables or the user's site is imported.
    const result = await runCommand(python, ['-I', '-c', CHECK_SCRIPT, String(BREAKAGE_LIMIT)], {
        cwd,
        input: JSON.stringify(comparisons),
        extraEnv: { NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
        timeoutMs: API_CHECK_TIMEOUT_MS,
        maxOutputBytes: MAX_OUTPUT_BYTES,
        displayName: 'python (griffe)',
    }).catch((error) => {
        throw new src_errors/* UserError */.yo(`the API check (griffe) failed: ${failureOf(error)}`);
    });
    const reports = new Map();
    for (const line of result.stdout.toString('utf8').split('\n')) {
        const report = reportOf(line);
        if (report)
            reports.set(report.name, report);
    }
    // A package the check did not answer for is not "no change": it is a comparison that failed.
    return comparisons.map((c) => reports.get(c.name) ?? {
        name: c.name,
        breakages: [],
        more: 0,
        errors: ['griffe gave no answer for it'],
    });
}
/** One line of the check's output as a report; null for anything else a site hook may have printed. */
function reportOf(line) {
    try {
        const value = JSON.parse(line);
        return typeof value?.name === 'string' && Array.isArray(value.breakages) && Array.isArray(value.errors)
            ? value
            : null;
    }
    catch {
        return null;
    }
}
/** Why the check failed, in one line: its reason (a time limit, a signal, an exit code) and last words. */
function failureOf(error) {
    if (!(error instanceof CommandError))
        return (0,src_errors/* describeError */.Uc)(error);
    const last = error.stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
    const how = error.reason ?? (error.signal ? `killed by ${error.signal}` : `exit code ${error.exitCode}`);
    return (0,src_errors/* oneLine */.TN)([how, last].filter(Boolean).join(': '));
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/modules.ts
/** Folders that are never a package's API, though they hold Python files. */
const NOT_API = new Set([
    'tests',
    'test',
    'testing',
    'docs',
    'doc',
    'examples',
    'example',
    'scripts',
    'benchmarks',
]);
/** Top-level files that are never a module of the API. */
const NOT_API_FILES = new Set(['setup.py', 'conftest.py', 'noxfile.py', 'tasks.py', 'fabfile.py']);
/**
 * The API modules of the package in `folder`: `api-modules`, else the first build configuration that
 * names them (hatch's wheel `packages`, setuptools' `packages`/`py-modules` with `package-dir`, flit's
 * module, Poetry's `packages`), else the module named after the project in `src/` or the folder.
 * `files`: every file of the tree, relative to the repository root.
 */
function apiModulesOf(doc, folder, projectName, configured, files) {
    const own = ownFiles(folder, files);
    const importName = projectName.replace(/[-.]+/g, '_').toLowerCase();
    // Tests and scripts beside a module are no API of their own, but a module may have any name.
    const named = new Set([importName, ...(configured ?? []).map((m) => m.split('.', 1)[0])]);
    const python = own.filter((f) => {
        const first = f.split('/', 1)[0];
        return /\.pyi?$/.test(f) && (named.has(first) || !NOT_API.has(first)) && !NOT_API_FILES.has(f);
    });
    if (python.length === 0)
        return { none: 'it has no Python module' };
    const exists = (root, name) => moduleExists(own, root, name);
    if (configured) {
        const modules = configured.map((name) => ({
            name,
            root: ['src', '.'].find((root) => exists(root, name)) ?? null,
        }));
        const missing = modules.find((m) => m.root === null);
        if (missing) {
            return {
                unmapped: `api-modules names ${missing.name}, which is neither in src/ nor in the package folder`,
            };
        }
        return { modules: modules, from: 'api-modules' };
    }
    const built = fromBuildConfiguration(doc, own);
    if (built)
        return built;
    for (const root of ['src', '.']) {
        if (exists(root, importName)) {
            return {
                modules: [{ name: importName, root }],
                from: root === 'src' ? 'the src layout' : 'the flat layout',
            };
        }
    }
    return {
        unmapped: `no module ${importName} in src/ or the package folder, and no build configuration names its modules: set api-modules`,
    };
}
/** The package's files, relative to its folder. */
function ownFiles(folder, files) {
    const prefix = folder === '.' ? '' : `${folder}/`;
    const own = [];
    for (const f of files) {
        if (!f.startsWith(prefix))
            continue;
        own.push(f.slice(prefix.length));
    }
    return own;
}
/** A package (`name/__init__.py`, or a namespace folder of .py files) or a module file under `root`. */
function moduleExists(own, root, name) {
    const base = root === '.' ? '' : `${root}/`;
    const path = `${base}${name.replace(/\./g, '/')}`;
    return own.some((f) => f === `${path}.py` || f === `${path}.pyi` || (f.startsWith(`${path}/`) && /\.pyi?$/.test(f)));
}
function table(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : undefined;
}
function strings(value) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}
/** A folder path as a module: its last part the name, the rest its root (`src/acme` -> acme in src). */
function moduleAt(path) {
    const clean = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
    const slash = clean.lastIndexOf('/');
    const file = clean.slice(slash + 1).replace(/\.pyi?$/, '');
    return { name: file, root: slash < 0 ? '.' : clean.slice(0, slash) };
}
/** The modules a build configuration names, in the order the backends are tried. */
function fromBuildConfiguration(doc, own) {
    const tool = table(doc.tool);
    const hatch = strings(table(table(table(table(tool?.hatch)?.build)?.targets)?.wheel)?.packages);
    if (hatch?.length)
        return { modules: hatch.map(moduleAt), from: 'hatch packages' };
    const setuptools = fromSetuptools(table(tool?.setuptools), own);
    if (setuptools)
        return setuptools;
    const flit = table(table(tool?.flit)?.module)?.name;
    if (typeof flit === 'string') {
        const root = moduleExists(own, 'src', flit) ? 'src' : '.';
        return { modules: [{ name: flit, root }], from: 'flit module' };
    }
    const poetry = table(tool?.poetry)?.packages;
    if (Array.isArray(poetry)) {
        const modules = poetry.flatMap((entry) => {
            const e = table(entry);
            if (typeof e?.include !== 'string' || /[*?[]/.test(e.include))
                return [];
            const from = typeof e.from === 'string' ? e.from.replace(/\/+$/, '') : '.';
            const at = moduleAt(e.include);
            return [{ name: at.name, root: at.root === '.' ? from : `${from}/${at.root}`.replace(/^\.\//, '') }];
        });
        if (modules.length > 0)
            return { modules, from: 'Poetry packages' };
    }
    return null;
}
/** setuptools' `packages` (a list; their top-level names) and `py-modules`, under `package-dir`'s root. */
function fromSetuptools(setuptools, own) {
    if (!setuptools)
        return null;
    const packageDir = table(setuptools['package-dir']);
    const root = typeof packageDir?.[''] === 'string' ? packageDir[''].replace(/\/+$/, '') || '.' : null;
    const listed = [
        ...(strings(setuptools.packages) ?? []).filter((p) => !p.includes('.')),
        ...(strings(setuptools['py-modules']) ?? []),
    ];
    if (listed.length > 0) {
        const at = (name) => root ?? (moduleExists(own, 'src', name) ? 'src' : '.');
        return { modules: listed.map((name) => ({ name, root: at(name) })), from: 'setuptools packages' };
    }
    const find = table(table(setuptools.packages)?.find);
    const where = strings(find?.where)?.[0];
    if (where === undefined)
        return null;
    const base = where.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
    const prefix = base === '.' ? '' : `${base}/`;
    const names = new Set(own
        .filter((f) => f.startsWith(prefix) && f.slice(prefix.length).split('/').length === 2)
        .filter((f) => f.endsWith('/__init__.py'))
        .map((f) => f.slice(prefix.length).split('/', 1)[0])
        .filter((name) => !NOT_API.has(name)));
    if (names.size === 0)
        return null;
    return {
        modules: [...names].sort().map((name) => ({ name, root: base })),
        from: 'setuptools packages.find',
    };
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/trees.ts


const TREE_MODE = '40000';
/** A file or folder name that stays where it is written: no separator, no line break, no NUL. */
const SAFE_NAME = /^[^/\\\0\r\n]+$/;
const PYTHON_FILE = /\.pyi?$/;
/** Folders that are never part of a module's API, however deep. */
const SKIPPED = new Set(['__pycache__', 'tests', 'test', '.git', 'node_modules']);
/** Writes every module's Python files; returns those that exist at their commit (by index in `modules`). */
async function writeModules(reader, modules) {
    const found = new Set();
    /** `<commit>:<path>` of each blob to write, with where it goes. */
    const files = new Map();
    const addFile = (spec, index, target) => files.set(spec, [...(files.get(spec) ?? []), { index, target }]);
    const base = (m) => `${m.root === '.' ? '' : `${m.root}/`}${m.module.replace(/\./g, '/')}`;
    // The module as a single file, beside the module as a folder.
    modules.forEach((m, index) => {
        for (const ext of ['.py', '.pyi'])
            addFile(`${m.commit}:${base(m)}${ext}`, index, (0,external_node_path_.join)(m.into, `${m.module.replace(/\./g, '/')}${ext}`));
    });
    let level = modules.map((m, index) => ({
        index,
        commit: m.commit,
        path: base(m),
        target: (0,external_node_path_.join)(m.into, ...m.module.split('.')),
    }));
    while (level.length > 0) {
        const trees = await reader.readTrees([...new Set(level.map((l) => `${l.commit}:${l.path}`))]);
        const next = [];
        for (const folder of level) {
            const tree = trees.get(`${folder.commit}:${folder.path}`);
            if (!tree)
                continue;
            for (const entry of treeEntries(tree, folder.commit.length / 2)) {
                // git itself never writes these names, but a tree made by hand can hold them: never a path out.
                if (!SAFE_NAME.test(entry.name) || entry.name === '.' || entry.name === '..')
                    continue;
                const path = `${folder.path}/${entry.name}`;
                const target = (0,external_node_path_.join)(folder.target, entry.name);
                if (entry.mode === TREE_MODE && !SKIPPED.has(entry.name))
                    next.push({ ...folder, path, target });
                else if (/^100(644|755)$/.test(entry.mode) && PYTHON_FILE.test(entry.name))
                    addFile(`${folder.commit}:${path}`, folder.index, target);
            }
        }
        level = next;
    }
    const blobs = await reader.readFiles([...files.keys()]);
    const folders = new Set();
    for (const [spec, targets] of files) {
        const bytes = blobs.get(spec);
        if (!bytes)
            continue;
        for (const { index, target } of targets) {
            // Each folder made once: a module of many files costs one mkdir, not one per file.
            if (!folders.has((0,external_node_path_.dirname)(target)))
                (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(target), { recursive: true });
            folders.add((0,external_node_path_.dirname)(target));
            (0,external_node_fs_.writeFileSync)(target, bytes);
            found.add(index);
        }
    }
    return found;
}
/**
 * A raw git tree object's entries: `<mode> <name>\0<object id>` each, the id `idBytes` long (20 for
 * SHA-1 repositories, 32 for SHA-256 ones: the length of the commit's own id tells which).
 */
function treeEntries(tree, idBytes) {
    const entries = [];
    let at = 0;
    while (at < tree.length) {
        const space = tree.indexOf(0x20, at);
        const nul = tree.indexOf(0, space);
        if (space < 0 || nul < 0)
            break;
        entries.push({ mode: tree.toString('latin1', at, space), name: tree.toString('utf8', space + 1, nul) });
        at = nul + 1 + idBytes;
    }
    return entries;
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/check.ts











/** `only`: the packages to compare (those a plan made again releases for the first time); absent: all. */
async function checkApis(reader, plan, request, only) {
    const notes = [];
    const unchecked = [];
    const none = { compared: [], breaks: [], notes, unchecked };
    const candidates = await candidatesOf(reader, plan, request, unchecked, only);
    if (candidates.length === 0)
        return none;
    const scratch = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(request.tempDir, 'pyrelease-api-'));
    try {
        const comparisons = (await writeTrees(reader, plan.head, candidates, scratch, unchecked)).filter((c) => c.modules.length > 0);
        if (comparisons.length === 0)
            return none;
        const python = await pythonFor(candidates, request, notes);
        if (python === null)
            return none;
        const reports = await strictly(candidates, notes, () => compareApis(python, comparisons, scratch));
        if (reports === null)
            return none;
        const breaks = [];
        for (const report of reports) {
            const c = candidates.find((x) => x.plan.package.name === report.name);
            incomplete(c, report.errors, notes);
            if (report.breakages.length === 0)
                continue;
            breaks.push({
                package: report.name,
                mode: c.mode,
                changes: report.breakages.map(describeBreakage),
                more: report.more,
                since: c.plan.lastFinal?.tag,
                planned: releaseOf(c.plan.next),
                needs: c.needs,
            });
        }
        return { compared: comparisons.map((c) => c.name), breaks, notes, unchecked };
    }
    finally {
        (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
    }
}
/**
 * The released packages the check compares: not `off`, with a last final, planned below its next major
 * (minor below 1.0.0), with modules it can tell. What it cannot tell is a note.
 */
async function candidatesOf(reader, plan, request, unchecked, only) {
    const wanted = releasedPackages(plan).flatMap((p) => {
        if (only && !only.has(p.package.name))
            return [];
        const mode = request.mode ?? p.package.settings.apiCheck;
        if (mode === 'off' || !p.lastFinal)
            return [];
        const needs = bumpVersion(p.lastFinal.version, 'major');
        return compareVersions(releaseOf(p.next), needs) < 0 ? [{ plan: p, mode, needs }] : [];
    });
    if (wanted.length === 0)
        return [];
    const files = new Set(await reader.listFiles(plan.head));
    const specs = wanted.map((w) => `${plan.head}:${w.plan.package.pyprojectPath}`);
    const texts = await reader.readFiles(specs);
    return wanted.flatMap((w, i) => {
        const pkg = w.plan.package;
        const doc = parseToml(texts.get(specs[i]).toString('utf8'), pkg.pyprojectPath);
        const api = apiModulesOf(doc, pkg.path, pkg.declaredName, pkg.settings.apiModules, files);
        if ('modules' in api)
            return [{ ...w, modules: api.modules }];
        const reason = 'unmapped' in api ? api.unmapped : api.none;
        unchecked.push({ text: `${pkg.name}: not checked by the API check: ${reason}`, mode: w.mode });
        return [];
    });
}
/** Each candidate's modules at its last final and at the head, written under `scratch`. */
async function writeTrees(reader, head, candidates, scratch, unchecked) {
    const at = (c, m, i, j, side) => ({
        commit: side === 'old' ? c.plan.lastFinal?.commit : head,
        root: [c.plan.package.path, m.root].filter((p) => p !== '.').join('/') || '.',
        module: m.name,
        into: (0,external_node_path_.join)(scratch, String(i), String(j), side),
    });
    const olds = candidates.flatMap((c, i) => c.modules.map((m, j) => at(c, m, i, j, 'old')));
    const news = candidates.flatMap((c, i) => c.modules.map((m, j) => at(c, m, i, j, 'new')));
    const found = await writeModules(reader, [...olds, ...news]);
    let index = 0;
    return candidates.map((c) => {
        const modules = c.modules.map(() => {
            const k = index++;
            return { name: olds[k].module, old: olds[k].into, new: news[k].into, present: found.has(k) };
        });
        if (!modules.some((m) => m.present)) {
            unchecked.push({
                text: `${c.plan.package.name}: not checked by the API check: ${c.modules.map((m) => m.name).join(', ')} not found at ${c.plan.lastFinal?.tag}`,
                mode: c.mode,
            });
        }
        return {
            name: c.plan.package.name,
            modules: modules.filter((m) => m.present).map(({ name, old, new: now }) => ({ name, old, new: now })),
        };
    });
}
/**
 * A Python with griffe. Without one, a check that only warns says so and the release goes on; one
 * that raises or fails cannot be skipped in silence, so the run stops.
 */
function pythonFor(candidates, request, notes) {
    return strictly(candidates, notes, () => pythonWith([GRIFFE], request.tempDir, request.logger, request.usedBy));
}
/**
 * `work`, whose failure (no Python, griffe ended by a signal or a time limit) stops the run where a
 * package asks for `raise` or `fail`, and is a note that the check did not run where all only warn.
 */
async function strictly(candidates, notes, work) {
    try {
        return await work();
    }
    catch (error) {
        const strict = candidates.filter((c) => c.mode !== 'warn').map((c) => c.plan.package.name);
        if (strict.length > 0) {
            throw new src_errors/* UserError */.yo(`the API check could not run, and api-check is "raise" or "fail" for ${strict.join(', ')}; nothing was changed: ${(0,src_errors/* describeError */.Uc)(error)}`);
        }
        notes.push(`the API check did not run: ${(0,src_errors/* describeError */.Uc)(error)}`);
        return null;
    }
}
/**
 * Files griffe could not read (newer syntax than the Python that runs it, a broken file): its report
 * cannot tell what they break, so a package that asks for `raise` or `fail` stops the run.
 */
function incomplete(c, errors, notes) {
    if (errors.length === 0)
        return;
    const name = c.plan.package.name;
    if (c.mode !== 'warn') {
        throw new src_errors/* UserError */.yo(`${name}: the API check could not read ${errors.join('; ')}, so it cannot tell whether ${releaseOf(c.plan.next).text} covers its changes (api-check = "${c.mode}"); nothing was changed: fix the file, run the check with a newer Python, or set api-check = "warn"`);
    }
    notes.push(`${name}: the API check could not read ${errors.join('; ')}: its comparison is incomplete`);
}

;// CONCATENATED MODULE: ./packages/core/src/api-check/plan.ts





/**
 * A plan with the API check applied (api-check.ts): `warn` adds a warning to the plan for each package
 * whose planned version a breaking change needs more than; `raise` plans again with the bump raised and
 * the changes in its changelog; `fail` stops the run with the list, before anything is changed.
 */
function planCheckingApi(git, request, api) {
    return git.keepReading(async () => {
        const first = await planAt(git, request);
        if (api === null)
            return { plan: first, api: null };
        const reader = new repository_RepositoryReader(git);
        let report = await checkApis(reader, first, api);
        let plan = first;
        // A raised bump can release a dependent the first plan left alone (the cascade): it is checked too.
        for (let round = 0; round < MAX_ROUNDS; round += 1) {
            const failing = report.breaks.filter((b) => b.mode === 'fail');
            if (failing.length > 0)
                throw new src_errors/* UserError */.yo(failingMessage(failing));
            const raising = report.breaks.filter((b) => b.mode === 'raise');
            if (raising.length === 0)
                break;
            const checked = new Set(releasedPackages(plan).map((p) => p.package.name));
            plan = await planAt(git, {
                ...request,
                apiBreaking: new Map(raising.map((b) => [b.package, b.changes])),
            });
            const newly = new Set(releasedPackages(plan)
                .map((p) => p.package.name)
                .filter((n) => !checked.has(n)));
            if (newly.size === 0)
                break;
            report = merged(report, await checkApis(reader, plan, api, newly));
        }
        return { plan: { ...plan, warnings: [...plan.warnings, ...warningsOf(report, plan, api)] }, api: report };
    });
}
/** Rounds of raising, each releasing dependents the one before did not: a chain of them is short. */
const MAX_ROUNDS = 4;
function merged(a, b) {
    return {
        compared: [...a.compared, ...b.compared],
        breaks: [...a.breaks, ...b.breaks],
        notes: [...a.notes, ...b.notes],
        unchecked: [...a.unchecked, ...b.unchecked],
    };
}
/**
 * What the plan says of the check: what went wrong, a package it could not compare where it asks for
 * more than a warning (the others are a line of the log), each break the planned version does not cover
 * where it warns, and where it raises but a Release-As version stays below what the break needs.
 */
function warningsOf(report, plan, api) {
    for (const u of report.unchecked)
        if (u.mode === 'warn')
            api.logger.info(u.text);
    const keptReleaseAs = report.breaks.filter((b) => b.mode === 'raise' && plan.packages.some((p) => p.package.name === b.package && p.releaseAs));
    return [
        ...report.notes,
        ...report.unchecked.filter((u) => u.mode !== 'warn').map((u) => u.text),
        ...[...report.breaks.filter((b) => b.mode === 'warn'), ...keptReleaseAs].map(warning),
    ];
}
/** planFromRepository with the API check applied (the CLI's `plan`). */
async function planRepositoryCheckingApi(git, request, api) {
    return planCheckingApi(git, await repositoryPlanRequest(git, request), api);
}
/** The report as `--json` gives it: each package's breaking changes, and what the check could not do. */
function plan_apiReportJson(report) {
    if (report === null)
        return null;
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
function listed(b, shown = 5) {
    const more = b.changes.length - shown + b.more;
    return `${b.changes.slice(0, shown).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
function warning(b) {
    const fix = b.mode === 'raise'
        ? `A Release-As version is kept as it is: make it ${b.needs.text} or above, or undo the changes`
        : 'Mark the commit that made them with "!" or a BREAKING CHANGE footer, or set api-check = "raise"';
    return `${b.package}: the API check found breaking changes since ${b.since} that ${b.planned.text} does not cover (they need ${b.needs.text}): ${listed(b)}. ${fix}`;
}
function failingMessage(failing) {
    const each = failing.map((b) => `${b.package} (${b.planned.text}, they need ${b.needs.text} since ${b.since}): ${listed(b, 20)}`);
    return `the API check found breaking changes that the planned versions do not cover, and api-check is "fail"; nothing was changed: ${each.join(' | ')}. Mark the commits that made them with "!" or a BREAKING CHANGE footer, undo them, or set api-check = "raise"`;
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/file.ts
const DEFAULT_CHANGELOG_TITLE = '# Changelog';
/**
 * Places `section` above the newest release section (the first `## ` heading), so a title and an
 * introduction stay on top; without any section yet, after the title line and the blank lines that
 * follow it, if there is one. Every previous byte is kept; the section takes the file's line endings.
 */
function insertChangelogSection(previous, section) {
    if (previous === null || previous.trim() === '') {
        return `${DEFAULT_CHANGELOG_TITLE}\n\n${section}${previous ? '\n' + previous : ''}`;
    }
    const eol = previous.includes('\r\n') ? '\r\n' : '\n';
    const body = section.replace(/\n/g, eol);
    const bom = previous.startsWith('\uFEFF') ? 1 : 0;
    const newest = /^## /m.exec(previous.slice(bom));
    let insertAt = bom;
    if (newest) {
        insertAt += newest.index;
    }
    else if (/^# /.test(previous.slice(bom))) {
        const titleEnd = previous.indexOf('\n', bom);
        if (titleEnd < 0)
            return `${previous}${eol}${eol}${body}`;
        insertAt = titleEnd + 1;
        const afterTitle = /^(?:[ \t]*\r?\n)*/.exec(previous.slice(insertAt));
        insertAt += afterTitle ? afterTitle[0].length : 0;
    }
    return `${previous.slice(0, insertAt)}${body}${eol}${previous.slice(insertAt)}`;
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/merge.ts




/**
 * Keeps both the released sections and the base branch's edits since that release, choosing without
 * a merge whenever one side is unchanged. Pure: no file and no process.
 */
function chooseChangelogStart(v) {
    // No released file (first release, or a tag made by another tool): the base branch's file.
    if (v.released === null)
        return { text: v.base, because: null };
    if (v.releasedFrom === undefined)
        return { text: v.released, because: null };
    const releasedFrom = v.releasedFrom ?? '';
    const base = v.base ?? '';
    if (base === releasedFrom || base === v.released)
        return { text: v.released, because: null };
    if (v.released === releasedFrom)
        return { text: v.base, because: 'edited on the base branch' };
    // The maintainer brought the released history into the base branch (and edited it there): every
    // released section is in it already, so it is the whole story.
    const headings = sectionHeadings(v.released);
    const inBase = new Set(sectionHeadings(base));
    if (headings.length > 0 && headings.every((h) => inBase.has(h))) {
        return { text: v.base, because: 'the base branch holds every released section' };
    }
    return { merge: true };
}
function sectionHeadings(text) {
    return text
        .split(/\r?\n/)
        .filter((line) => line.startsWith('## '))
        .map((line) => line.trimEnd());
}
/** Long conflict markers: a changelog's own lines (a setext `=======` underline) are never taken for one. */
const MARKER_SIZE = 32;
/**
 * The three-way merge of the released file and the base branch's edits, with the base branch's file
 * at the previous release as ancestor (`git merge-file`). Text the maintainer added where the release
 * added its sections (a note under the heading of a file that had no section yet) goes above them, as
 * if written before the release; any other conflict is a hard failure naming the file and the fix:
 * never a silent choice of one side.
 */
async function mergeChangelog(git, v, where) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pyrelease-changelog-'));
    try {
        const files = ['released', 'released-from', 'base'].map((name) => (0,external_node_path_.join)(dir, name));
        [v.released, v.releasedFrom, v.base].forEach((text, i) => (0,external_node_fs_.writeFileSync)(files[i], text ?? ''));
        const result = await git.run([
            'merge-file',
            '--stdout',
            '--diff3',
            `--marker-size=${MARKER_SIZE}`,
            ...LABELS.flatMap((l) => ['-L', l]),
            ...files,
        ], 
        // The exit code counts the conflicts (up to 127); negative values (255) are git's own errors.
        { okExitCodes: Array.from({ length: 127 }, (_, i) => i + 1) });
        const merged = result.stdout.toString('utf8');
        if (result.exitCode === 0)
            return merged;
        // git writes its markers with the file's line ends: a CRLF file is resolved as LF, and given back.
        const crlf = merged.includes('\r\n');
        const resolved = resolveSideBySideInserts(crlf ? merged.replace(/\r\n/g, '\n') : merged);
        // Whatever is resolved holds no marker: a file with one is never released.
        if (resolved !== null && !CONFLICT_MARKER.test(resolved)) {
            return crlf ? resolved.replace(/\n/g, '\r\n') : resolved;
        }
        throw new src_errors/* UserError */.yo(`${where.path}: the edits made on the base branch since ${where.tag} conflict with the sections released at ${where.tag} (${result.exitCode} conflict(s)); nothing was changed: make ${where.path} on the base branch the file released at ${where.tag} (git show ${where.tag}:${where.tagPath}) with your edits applied, commit it, and release again`);
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
const LABELS = ['released', 'ancestor', 'base'];
/** A line that starts like one of git's conflict markers of MARKER_SIZE. */
const CONFLICT_MARKER = new RegExp(`^(<{${MARKER_SIZE}}|\\|{${MARKER_SIZE}}|={${MARKER_SIZE}}|>{${MARKER_SIZE}})`, 'm');
/**
 * The merge with each conflict resolved where the release only added whole sections (`## ` first) and
 * the base branch only touched text around them: null when any conflict is of another kind. Pure.
 */
function resolveSideBySideInserts(merged) {
    const marker = (c, label) => c.repeat(MARKER_SIZE) + (label ? ` ${label}` : '');
    const [open, ancestor, middle, close] = [
        marker('<', LABELS[0]),
        marker('|', LABELS[1]),
        marker('='),
        marker('>', LABELS[2]),
    ];
    const out = [];
    const lines = merged.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
        if (lines[i] !== open) {
            out.push(lines[i]);
            continue;
        }
        const [a, b, c] = [lines.indexOf(ancestor, i), lines.indexOf(middle, i), lines.indexOf(close, i)];
        if (!(i < a && a < b && b < c))
            return null;
        const resolved = resolveConflict(lines.slice(i + 1, a), lines.slice(a + 1, b), lines.slice(b + 1, c));
        if (resolved === null)
            return null;
        out.push(...resolved);
        i = c;
    }
    return out.join('\n');
}
/**
 * One conflict of the three-way merge. The release's side is the ancestor's text with sections added
 * before or after it; the base branch's side replaced that text (a note added where there was none, a
 * note removed or reverted, a line reworded). The result is the base branch's text with the sections
 * where the release put them; where the ancestor held no text, the note goes above them, as if written
 * before the release. A section the base branch wrote itself, or sections added in the middle of the
 * text it changed, are for a person to place.
 */
function resolveConflict(released, ancestor, base) {
    const blank = (l) => l.trim() === '';
    const ancestorEmpty = ancestor.every(blank);
    const before = ancestorEmpty ? released : endsWith(released, ancestor);
    const after = ancestorEmpty || before ? null : startsWith(released, ancestor);
    const sections = before ?? after;
    if (sections === null || !sections.find((l) => !blank(l))?.startsWith('## '))
        return null;
    const own = new Set(ancestor.filter((l) => l.startsWith('## ')));
    if (base.some((l) => l.startsWith('## ') && !own.has(l)))
        return null;
    // A blank line between text and a section heading, as Markdown wants.
    const [first, second] = before && !ancestorEmpty ? [sections, base] : [base, sections];
    const gap = first.length > 0 && !blank(first[first.length - 1]) && second.length > 0 && !blank(second[0]);
    return [...first, ...(gap ? [''] : []), ...second];
}
/** `lines` without `tail` at its end, or null when it does not end with it. */
function endsWith(lines, tail) {
    const cut = lines.length - tail.length;
    return cut >= 0 && tail.every((l, k) => lines[cut + k] === l) ? lines.slice(0, cut) : null;
}
/** `lines` without `head` at its start, or null when it does not start with it. */
function startsWith(lines, head) {
    return head.length <= lines.length && head.every((l, k) => lines[k] === l)
        ? lines.slice(head.length)
        : null;
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/sections.ts

/** Where the lines about siblings released with a package go, whatever `deps` is set to. */
function dependenciesTitle(sections) {
    return sections.types.get('deps') ?? 'Dependencies';
}
/**
 * The section a commit is listed in, or null when it is not listed: its type's entry; else, when it
 * releases something under `bump` (a type nobody configured, a free-form message), the
 * non-conventional section; else (chore, docs, ci, … by default) none. `type` is the type to look up
 * (`revert` for git's own `Revert "…"` messages).
 */
function sectionOf(intent, type, sections, bump) {
    if (intent.breaking)
        return sections.breaking;
    if (type !== null && sections.types.has(type))
        return sections.types.get(type) ?? null;
    return bumpLevelOf(intent, bump) !== null ? sections.nonConventional : null;
}
/** Every section title in the order they are shown: breaking first, dependencies last. */
function sectionOrder(sections) {
    const deps = dependenciesTitle(sections);
    const titles = [sections.breaking, ...sections.types.values(), sections.nonConventional, deps];
    return [...new Set(titles.filter((t) => t !== null && t !== deps)), deps];
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/section.ts





/**
 * One release's section: `## <version> (<date>)`, then a `###` section per group that has entries:
 * `- **scope:** description (sha)`, the type prefix dropped. A breaking change is listed under Breaking
 * Changes with its footer's explanation (and under its type with its description); reverts under
 * Reverts; types that release nothing are not listed unless a section names them.
 */
function renderChangelogSection(input) {
    const sections = input.sections ?? DEFAULT_CHANGELOG_SECTIONS;
    const bump = input.bump ?? DEFAULT_BUMP_RULES;
    const links = input.links ?? null;
    const groups = new Map();
    const add = (title, line) => groups.set(title, [...(groups.get(title) ?? []), line]);
    const unlisted = new Set();
    for (const commit of input.commits) {
        const intent = parseCommitMessage(commit.message);
        const reverted = revertedHeaderOf(intent);
        const type = reverted !== null ? 'revert' : intent.type;
        // A revert shows what it reverts: `revert: feat(x): y` is `**x:** y` under Reverts.
        const shown = reverted !== null ? parseCommitMessage(reverted) : intent;
        const title = sectionOf(intent, type, sections, bump);
        if (title === null) {
            unlisted.add(intent.type ?? 'non-conventional');
            continue;
        }
        const entry = (text) => entryLine(shown.scope, text, commit.sha, links);
        if (!intent.breaking) {
            add(title, entry(shown.description));
            continue;
        }
        const note = breakingNoteOf(commit.message);
        add(title, entry(note ?? shown.description));
        const own = note === null ? null : sectionOf({ ...intent, breaking: false }, type, sections, bump);
        if (own !== null)
            add(own, entry(shown.description));
    }
    for (const change of input.apiBreaking ?? []) {
        // Words pyrelease wrote (findings.ts): names in code spans, nothing of the package's text but names.
        add(sections.breaking, `- ${change} (found by the API check)`);
    }
    for (const d of input.dependencies ?? []) {
        const version = links && d.tag ? `[${d.version}](${links.tag(d.tag)})` : d.version;
        add(dependenciesTitle(sections), `- requires ${escapeText(d.name)} ${version}`);
    }
    const heading = links && input.previousTag
        ? `## [${input.version}](${links.compare(input.previousTag, input.tag)}) (${input.date})`
        : `## ${input.version} (${input.date})`;
    let section = `${heading}\n`;
    if (groups.size === 0)
        section += `\n${emptyNote(input, [...unlisted])}\n`;
    for (const title of sectionOrder(sections)) {
        const lines = groups.get(title);
        if (lines)
            section += `\n### ${escapeText(title)}\n\n${lines.join('\n')}\n`;
    }
    return section;
}
/** What a section without entries says instead. */
function emptyNote(input, unlisted) {
    if (input.commits.length === 0 && input.group !== undefined)
        return `No changes of its own: released with version group ${escapeText(input.group)}.`;
    if (input.commits.length === 0)
        return 'No changes since the previous release.';
    if (input.previousTag === null)
        return 'First release.';
    return `Only changes that the changelog does not list (${unlisted.join(', ')}).`;
}
function entryLine(scope, text, sha, links) {
    const bold = scope ? `**${escapeInline(scope)}:** ` : '';
    const body = commitText(text, (plain) => links
        ? plain.replace(/\(#([1-9][0-9]{0,9})\)/g, (whole, number) => {
            const url = links.pullRequest(number);
            return url ? `([#${number}](${url}))` : whole;
        })
        : plain);
    const short = sha.slice(0, 7);
    const url = links?.commit(sha) ?? null;
    return `- ${bold}${body} ${url ? `([${short}](${url}))` : `(${short})`}`;
}
/**
 * What GitHub's Markdown would turn into a link by itself (GFM autolinks: a URL, `www.`, an e-mail
 * address). The parts are bounded, so a long run of letters cannot make the match slow.
 */
const AUTOLINK = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>`]+|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
/**
 * A commit's description as Markdown that shows it as written and opens nothing: escaped like any
 * text, a URL or address in a code span (shown, not linked), and a leading `#`, `-`, `+`, `*` or `1.`
 * escaped so it starts no heading or list. `linked` adds pyrelease's own links to the plain parts.
 */
function commitText(text, linked) {
    let out = '';
    let at = 0;
    for (const match of text.matchAll(AUTOLINK)) {
        out += linked(escapeText(text.slice(at, match.index)));
        out += `\`${match[0]}\``;
        at = (match.index ?? 0) + match[0].length;
    }
    out += linked(escapeText(text.slice(at)));
    return out.replace(/^(#|[-+*=](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))/, (lead) => /^\d/.test(lead) ? `${lead}\\` : `\\${lead}`);
}
/**
 * Commit text is text, not Markdown: it cannot open an HTML element, a link or a code span (whose
 * backticks could pair with those of the code spans pyrelease puts URLs in) in the changelog or the
 * GitHub Release, nor ping anyone (`@user`, `@org/team`: a word joiner after the `@`), while ordinary
 * subjects stay readable.
 */
function escapeText(text) {
    return (0,markdown/* defuseMentions */.qs)(text.replace(/[\\<>[\]`]/g, (c) => `\\${c}`));
}
/** Inside bold, emphasis and code marks are escaped too, so the bold cannot be broken open. */
function escapeInline(text) {
    return (0,markdown/* defuseMentions */.qs)(text.replace(/[\\<>[\]*_`]/g, (c) => `\\${c}`));
}

;// CONCATENATED MODULE: ./packages/core/src/release/file-modes.ts


/**
 * The mode a rewritten file keeps (an executable stays one). A symbolic link or a submodule is refused:
 * writing the new text would replace the link with a file, and the file it names would not change.
 */
function modeToKeep(plan, path) {
    // A folder on the way that is a link (`docs -> ../../shared/docs`) would become a folder of its own.
    const parts = path.split('/');
    const linkedFolder = parts
        .slice(1)
        .map((_, i) => parts.slice(0, i + 1).join('/'))
        .find((folder) => plan.fileModes.get(folder) === SYMBOLIC_LINK);
    if (linkedFolder) {
        throw new src_errors/* UserError */.yo(`${path} is under ${linkedFolder}, a symbolic link at ${plan.head.slice(0, 12)}, and a release rewrites it: point changelog or version-files at the file itself`, { file: path });
    }
    const mode = plan.fileModes.get(path) ?? REGULAR_FILE;
    if (mode === REGULAR_FILE || mode === EXECUTABLE_FILE)
        return mode;
    const what = mode === SYMBOLIC_LINK ? 'a symbolic link' : `not a plain file (mode ${mode})`;
    throw new src_errors/* UserError */.yo(`${path} is ${what} at ${plan.head.slice(0, 12)}, and a release rewrites it: make it a plain file, or point changelog or version-files at the file itself`, { file: path });
}

;// CONCATENATED MODULE: ./packages/core/src/toml/scan.ts
function scanValueSpans(text) {
    const spans = [];
    let table = [];
    // Arrays of tables: how many elements each has so far, and the current element of each path.
    const counts = new Map();
    const elements = new Map();
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < text.length) {
        i = skipBlank(text, i);
        const c = text[i];
        if (c === undefined)
            break;
        if (c === '\n' || c === '\r') {
            i += 1;
        }
        else if (c === '#') {
            i = endOfLine(text, i);
        }
        else if (c === '[') {
            const arrayTable = text[i + 1] === '[';
            const key = parseKey(text, i + (arrayTable ? 2 : 1));
            // An element of an array of tables is `[n]` after the array's path (`package`, `[3]`, `version`),
            // also in the sub-tables that follow it (`[package.metadata]` belongs to the last `[[package]]`).
            table = withElements(key.path, elements);
            if (arrayTable) {
                const array = table.join('\0');
                const index = (counts.get(array) ?? -1) + 1;
                counts.set(array, index);
                elements.set(key.path.join('\0'), index);
                table = [...table, `[${index}]`];
            }
            i = endOfLine(text, key.end);
        }
        else {
            const key = parseKey(text, i);
            i = skipBlank(text, key.end);
            if (text[i] !== '=')
                return spans; // not a key/value line: the file did not parse anyway
            const start = skipBlank(text, i + 1);
            const end = skipValue(text, start);
            spans.push({ path: [...table, ...key.path], start, end });
            i = endOfLine(text, end);
        }
    }
    return spans;
}
/** `path` with the current element index after each array-of-tables prefix it runs through. */
function withElements(path, elements) {
    const out = [];
    for (let n = 0; n < path.length; n += 1) {
        out.push(path[n]);
        const index = elements.get(path.slice(0, n + 1).join('\0'));
        if (index !== undefined && n < path.length - 1)
            out.push(`[${index}]`);
    }
    return out;
}
function skipBlank(text, i) {
    while (text[i] === ' ' || text[i] === '\t')
        i += 1;
    return i;
}
function endOfLine(text, i) {
    const n = text.indexOf('\n', i);
    return n < 0 ? text.length : n + 1;
}
function parseKey(text, i) {
    const path = [];
    for (;;) {
        i = skipBlank(text, i);
        const c = text[i];
        if (c === '"') {
            const end = skipBasicString(text, i);
            path.push(decodeBasic(text.slice(i + 1, end - 1)));
            i = end;
        }
        else if (c === "'") {
            const end = text.indexOf("'", i + 1) + 1 || text.length;
            path.push(text.slice(i + 1, end - 1));
            i = end;
        }
        else {
            const start = i;
            while (i < text.length && /[A-Za-z0-9_-]/.test(text[i]))
                i += 1;
            path.push(text.slice(start, i));
        }
        i = skipBlank(text, i);
        if (text[i] !== '.')
            return { path, end: i };
        i += 1;
    }
}
function decodeBasic(raw) {
    try {
        return JSON.parse(`"${raw}"`);
    }
    catch {
        return raw;
    }
}
function skipBasicString(text, i) {
    for (let j = i + 1; j < text.length; j += 1) {
        if (text[j] === '\\')
            j += 1;
        else if (text[j] === '"' || text[j] === '\n')
            return j + 1;
    }
    return text.length;
}
function skipMultiline(text, i, quote) {
    const close = quote.repeat(3);
    let j = i + 3;
    for (; j < text.length; j += 1) {
        if (quote === '"' && text[j] === '\\')
            j += 1;
        else if (text.startsWith(close, j))
            break;
    }
    j += 3;
    // Up to two quotes right before the closing delimiter belong to the content.
    for (let extra = 0; extra < 2 && text[j] === quote; extra += 1)
        j += 1;
    return Math.min(j, text.length);
}
/** The end of the value that starts at `i`: a string, an array, an inline table or a bare scalar. */
function skipValue(text, i) {
    const c = text[i];
    if (c === '"' || c === "'") {
        if (text.startsWith(c.repeat(3), i))
            return skipMultiline(text, i, c);
        if (c === '"')
            return skipBasicString(text, i);
        const end = text.indexOf("'", i + 1);
        return end < 0 ? text.length : end + 1;
    }
    if (c === '[' || c === '{') {
        const close = c === '[' ? ']' : '}';
        let j = i + 1;
        while (j < text.length) {
            const d = text[j];
            if (d === close)
                return j + 1;
            if (d === '#')
                j = endOfLine(text, j);
            else if (d === '"' || d === "'" || d === '[' || d === '{')
                j = skipValue(text, j);
            else
                j += 1;
        }
        return text.length;
    }
    let j = i;
    while (j < text.length && !/[\s#,\]}]/.test(text[j]))
        j += 1;
    // Date-times may hold one space between date and time.
    if (text[j] === ' ' && /^\d{4}-\d\d-\d\d$/.test(text.slice(i, j)) && /\d/.test(text[j + 1] ?? '')) {
        return skipValue(text, j + 1);
    }
    return j;
}

;// CONCATENATED MODULE: ./packages/core/src/updaters/pyproject-version.ts



/**
 * Rewrites only the version string's characters: its quotes, comments, order and spacing stay byte for
 * byte. The result is parsed again and refused unless exactly the version changed.
 */
function setPyProjectVersion(text, file, version, scan = scanValueSpans) {
    const doc = parseToml(text, file);
    const info = pyProjectFromDocument(doc, file);
    const path = [...info.versionTable.split('.'), 'version'];
    const spans = scan(text).filter((s) => s.path.join('\0') === path.join('\0'));
    const span = spans.length === 1 ? spans[0] : null;
    const quote = span ? text[span.start] : '';
    const single = span && (quote === '"' || quote === "'") && !text.startsWith(quote.repeat(3), span.start);
    if (!span || !single) {
        throw new src_errors/* UserError */.yo(`${file}: cannot locate [${info.versionTable}].version as a one-line string to rewrite`, { file });
    }
    const updated = text.slice(0, span.start + 1) + version.text + text.slice(span.end - 1);
    // What the edit must produce: the original document with only the version changed.
    const expected = doc;
    tableAt(expected, info.versionTable.split('.')).version = version.text;
    let actual;
    try {
        actual = parseToml(updated, file);
    }
    catch {
        actual = {};
    }
    if (canonicalToml(actual) !== canonicalToml(expected)) {
        throw new src_errors/* UserError */.yo(`${file}: refusing to write: rewriting the version would change more than the version`, { file });
    }
    return updated;
}

;// CONCATENATED MODULE: ./packages/core/src/updaters/version-files.ts


/**
 * The files that carry a package's version: its pyproject.toml for a static version, the version file
 * a dynamic version points at, and its `version-files`. A version derived from tags has none of its own.
 */
function versionUpdatersOf(pkg) {
    const updaters = [];
    const source = pkg.versionSource;
    if (source.kind === 'pyproject') {
        updaters.push({ file: source.file, update: (text, v) => setPyProjectVersion(text, source.file, v) });
    }
    else if (source.kind === 'file') {
        updaters.push({
            file: source.file,
            update: (text, v) => setVersionInFile(text, source.file, source.format, v),
        });
    }
    for (const file of pkg.versionFiles) {
        if (updaters.some((u) => u.file === file))
            continue;
        const format = { kind: 'assignment', names: VERSION_ASSIGNMENT_NAMES };
        updaters.push({ file, update: (text, v) => setVersionInFile(text, file, format, v) });
    }
    return updaters;
}
/** The files a package's release commit changes: those that carry its version, and its changelog. */
function releaseFilesOf(pkg) {
    const files = versionUpdatersOf(pkg).map((u) => u.file);
    return pkg.changelogPath ? [...files, pkg.changelogPath] : files;
}

;// CONCATENATED MODULE: ./packages/core/src/updaters/uv-lock.ts





/** The lock formats pyrelease has read: `version = 1`, `revision` up to this (uv 0.13 writes 5). */
const KNOWN_LOCK_VERSION = 1;
const KNOWN_LOCK_REVISION = 5;
/** The folder a lock file's relative sources are resolved from. */
function uv_lock_folderOf(file) {
    const slash = file.lastIndexOf('/');
    return slash < 0 ? '.' : file.slice(0, slash);
}
/** A `uv.lock` whose format is newer than pyrelease knows is refused: a guess could corrupt it. */
function checkLockFormat(doc, file) {
    const version = doc.version;
    const revision = doc.revision ?? 0;
    const known = version === KNOWN_LOCK_VERSION && typeof revision === 'number' && revision <= KNOWN_LOCK_REVISION;
    if (!known) {
        throw new src_errors/* UserError */.yo(`${file}: lock format version ${String(version)} revision ${String(revision)} is newer than pyrelease knows (version ${KNOWN_LOCK_VERSION}, revision up to ${KNOWN_LOCK_REVISION}); update pyrelease`, { file });
    }
}
/**
 * The index of `member` among the lock's `[[package]]` entries: the entry of its name whose source is
 * its folder (editable, virtual or a directory path, relative to the lock's folder). -1 when the lock
 * does not list it so (a registry release of the same name is another package).
 */
function entryOf(doc, file, member) {
    const packages = Array.isArray(doc.package) ? doc.package : [];
    const base = uv_lock_folderOf(file);
    return packages.findIndex((entry) => {
        if (typeof entry.name !== 'string' || normalizeName(entry.name) !== member.name)
            return false;
        const source = entry.source;
        const local = source?.editable ?? source?.virtual ?? source?.directory;
        if (typeof local !== 'string')
            return false;
        return external_node_path_.posix.normalize(base === '.' ? local : `${base}/${local}`).replace(/\/$/, '') === member.path;
    });
}
/**
 * Sets `member`'s locked version in the text of a uv.lock: only that string changes, and the result is
 * parsed again and refused unless exactly that changed. Returns null when the lock does not list the
 * member with a version (another folder's lock, or a dynamic version, which uv does not lock).
 */
function setLockedVersion(text, file, member, version) {
    const doc = parseToml(text, file);
    const index = entryOf(doc, file, member);
    if (index < 0)
        return null;
    // Only a lock that lists the member must be one pyrelease can write.
    checkLockFormat(doc, file);
    const entry = doc.package[index];
    if (typeof entry.version !== 'string')
        return null;
    if (entry.version === version.text)
        return text;
    const spans = scanValueSpans(text).filter((s) => s.path.length === 3 && s.path[0] === 'package' && s.path[1] === `[${index}]` && s.path[2] === 'version');
    const span = spans.length === 1 ? spans[0] : null;
    if (!span || text[span.start] !== '"' || text[span.end - 1] !== '"') {
        throw new src_errors/* UserError */.yo(`${file}: cannot locate the version of ${member.name} as a one-line string to rewrite`, { file });
    }
    const updated = text.slice(0, span.start + 1) + version.text + text.slice(span.end - 1);
    entry.version = version.text;
    let reparsed;
    try {
        reparsed = parseToml(updated, file);
    }
    catch {
        reparsed = {};
    }
    if (JSON.stringify(reparsed) !== JSON.stringify(doc)) {
        throw new src_errors/* UserError */.yo(`${file}: refusing to write: rewriting ${member.name}'s version would change more than the version`, { file });
    }
    return updated;
}

;// CONCATENATED MODULE: ./packages/core/src/updaters/requirements.ts




/**
 * Rewrites one requirement in a pyproject.toml's text to `replacement`: only that string's characters
 * change, and the result is parsed again and refused unless exactly that value changed.
 */
function setRequirementText(text, file, requirement, replacement) {
    const span = valueSpanOf(text, requirement.key);
    const target = span ? literalSpanOf(text, span, requirement.index) : null;
    if (!target)
        throw cannotRewrite(file, requirement);
    const literal = text.slice(target.start, target.end);
    const quote = literal[0];
    if ((quote !== '"' && quote !== "'") || literal.startsWith(quote.repeat(3)))
        throw cannotRewrite(file, requirement);
    // A basic string may hold escapes (\"): read as JSON reads it, written back escaped the same way.
    if (stringValue(literal, quote) !== requirement.text || (quote === "'" && replacement.includes("'")))
        throw cannotRewrite(file, requirement);
    const written = quote === "'" ? `'${replacement}'` : JSON.stringify(replacement);
    const updated = text.slice(0, target.start) + written + text.slice(target.end);
    checkOnlyRequirementChanged(text, updated, file, requirement, replacement);
    return updated;
}
function cannotRewrite(file, requirement) {
    return new src_errors/* UserError */.yo(`${file}: cannot rewrite the requirement ${JSON.stringify(requirement.text)} in place (a multi-line string, or a value pyrelease cannot find): write it as a plain "…" string`, { file });
}
/** Where the value at `key` sits in the text; null unless exactly one place. */
function valueSpanOf(text, key) {
    const all = scanValueSpans(text);
    const spanOf = (path) => all.filter((s) => s.path.join('\0') === path.join('\0'));
    const spans = spanOf(key);
    if (spans.length > 0)
        return spans.length === 1 ? spans[0] : null;
    // The key sits inside an inline table (Poetry's `alpha = { version = "^1.2" }`, or
    // `optional-dependencies = { test = [...] }`): find it in the table's text.
    const [inline] = spanOf(key.slice(0, -1));
    return inline ? spanInInlineTable(text, inline, key) : null;
}
function spanInInlineTable(text, inline, path) {
    const key = escapeRegExp(path[path.length - 1]);
    const found = new RegExp(`[{,]\\s*(?:"${key}"|'${key}'|${key})\\s*=\\s*(["'[])`).exec(text.slice(inline.start, inline.end));
    if (!found)
        return null;
    const start = inline.start + (found.index ?? 0) + found[0].length - 1;
    const end = found[1] === '[' ? closingBracket(text, start) + 1 : text.indexOf(found[1], start + 1) + 1;
    return end > start ? { path, start, end } : null;
}
/** The string literal of the requirement: the value itself, or the element `index` of an array. */
function literalSpanOf(text, span, index) {
    if (index === null)
        return span;
    const elements = stringElementSpans(text, span.start, span.end);
    return elements[index] ?? null;
}
/** The string a one-line literal holds; null when it cannot be read. */
function stringValue(literal, quote) {
    if (quote === "'")
        return literal.slice(1, -1);
    try {
        return JSON.parse(literal);
    }
    catch {
        return null;
    }
}
/** Refuses the edit unless the updated text parses to the original document with only the requirement changed. */
function checkOnlyRequirementChanged(text, updated, file, requirement, replacement) {
    const expected = parseToml(text, file);
    let node = expected;
    for (const key of requirement.key.slice(0, -1))
        node = node[key];
    const last = requirement.key[requirement.key.length - 1];
    if (requirement.index === null)
        node[last] = replacement;
    else
        node[last][requirement.index] = replacement;
    let actual = {};
    try {
        actual = parseToml(updated, file);
    }
    catch {
        actual = {};
    }
    if (canonicalToml(actual) !== canonicalToml(expected)) {
        throw new src_errors/* UserError */.yo(`${file}: refusing to write: rewriting a requirement would change more than it`, {
            file,
        });
    }
}
/** The offset of the `]` that closes the array opened at `open`, skipping strings; -1 when none. */
function closingBracket(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i += 1) {
        const c = text[i];
        if (c === '"' || c === "'") {
            i += 1;
            while (i < text.length && text[i] !== c)
                i += c === '"' && text[i] === '\\' ? 2 : 1;
        }
        else if (c === '[')
            depth += 1;
        else if (c === ']' && (depth -= 1) === 0)
            return i;
    }
    return -1;
}
/** Offsets of the string literals of a TOML array value, in order (basic and literal strings). */
function stringElementSpans(text, start, end) {
    const spans = [];
    let i = start;
    while (i < end) {
        const c = text[i];
        if (c === '#') {
            while (i < end && text[i] !== '\n')
                i += 1;
        }
        else if (c === '"' || c === "'") {
            const from = i;
            i += 1;
            while (i < end && text[i] !== c)
                i += c === '"' && text[i] === '\\' ? 2 : 1;
            spans.push({ start: from, end: i + 1 });
            i += 1;
        }
        else {
            i += 1;
        }
    }
    return spans;
}

;// CONCATENATED MODULE: ./packages/core/src/workspace/dependency-order.ts
/**
 * `items` with each one after the siblings its package requires (among `items`), so a release's tag
 * holds their new versions and its moved requirements; among equals, and within a cycle, in the given
 * order.
 */
function dependenciesFirst(items) {
    const names = new Set(items.map((p) => p.package.name));
    const ordered = [];
    const done = new Set();
    let rest = [...items];
    while (rest.length > 0) {
        const ready = rest.filter((p) => p.package.requirements.every((r) => !names.has(r.on) || done.has(r.on) || r.on === p.package.name));
        // A cycle: take the first in the given order and go on.
        const take = ready.length > 0 ? ready : [rest[0]];
        for (const p of take) {
            ordered.push(p);
            done.add(p.package.name);
        }
        rest = rest.filter((p) => !take.includes(p));
    }
    return ordered;
}

;// CONCATENATED MODULE: ./packages/core/src/release/prepare.ts















/**
 * Builds each released package's new pyproject.toml and CHANGELOG.md from the base tree (never from
 * the working tree), the CHANGELOG.md stored at its previous tag and the base branch's edits since.
 * One `cat-file` for all packages; a `git merge-file` only where both sides changed the changelog.
 */
async function prepareReleases(git, plan, date, logger = silentLogger, 
/** Where changelog links point (the repository's web pages); null: plain text. */
links = null) {
    const released = dependenciesFirst(releasedPackages(plan));
    const text = await readReleaseInputs(git, plan, released);
    const tree = new ReleaseTree(plan, text, readableLocks(plan, text, logger));
    const prepared = [];
    for (const p of released) {
        const version = p.next;
        const files = tree.versionFiles(p, version);
        files.push(...tree.movedRequirements(p, files), ...tree.lockFiles(p, version));
        const section = renderChangelogSection({
            version: version.text,
            date,
            tag: p.tag,
            previousTag: p.previous?.tag ?? null,
            commits: p.commits,
            dependencies: p.dependencies.map((d) => releasedDependency(plan, d)),
            ...(p.group ? { group: p.group.name } : {}),
            apiBreaking: p.apiBreaking,
            sections: p.package.settings.changelogSections,
            bump: p.package.settings.bump,
            links,
        });
        if (p.package.changelogPath !== null) {
            const start = await changelogStart(git, p, p.package.changelogPath, changelogVersions(plan, p, text), logger);
            files.push({ path: p.package.changelogPath, content: insertChangelogSection(start, section) });
        }
        prepared.push({
            plan: p,
            name: p.package.name,
            version: version.text,
            previous: p.previous?.version.text ?? null,
            tag: p.tag,
            path: p.package.path,
            channel: channelOf(version),
            commitMessage: releaseCommitMessage(p.package.name, version.text),
            notes: section,
            files: files.map((f) => ({ ...f, mode: modeToKeep(plan, f.path) })),
            changes: files.map((f) => f.path),
        });
    }
    return prepared;
}
/** Only what a caller may see: not the plan, the commit message or the files. */
function toReleased({ name, version, previous, tag, path, channel, notes, changes, }) {
    return { name, version, previous, tag, path, channel, notes, changes };
}
/** Where a released package's changelog versions are: at its previous tag, where that was cut from, and the head's. */
function changelogSpecs(plan, p) {
    const { commit, path, releasedFrom } = p.changelogSource;
    const keeps = p.package.changelogPath !== null;
    return {
        released: keeps && p.previous ? `${commit}:${path}` : null,
        releasedFrom: keeps && releasedFrom ? `${releasedFrom}:${path}` : null,
        base: keeps ? `${plan.head}:${p.package.changelogPath}` : null,
    };
}
function changelogVersions(plan, p, text) {
    const s = changelogSpecs(plan, p);
    return {
        released: text(s.released),
        releasedFrom: s.releasedFrom ? text(s.releasedFrom) : undefined,
        base: text(s.base),
    };
}
/** Every file the release commits start from, in one read: version files, changelogs, dependents, lock files. */
async function readReleaseInputs(git, plan, released) {
    const atHead = (file) => `${plan.head}:${file}`;
    const pyprojectOf = new Map(plan.packages.map((p) => [p.package.name, p.package.pyprojectPath]));
    const dependents = plan.dependencyUpdates.map((u) => atHead(pyprojectOf.get(u.dependent)));
    const wanted = [
        ...(released.length > 0 ? dependents : []),
        ...released.flatMap((p) => [
            ...versionUpdatersOf(p.package).map((u) => atHead(u.file)),
            ...Object.values(changelogSpecs(plan, p)).filter((s) => s !== null),
        ]),
        ...(released.length > 0 ? plan.lockFiles.map(atHead) : []),
    ];
    const contents = await new repository_RepositoryReader(git).readFiles([...new Set(wanted)]);
    return (spec) => (spec ? (contents.get(spec)?.toString('utf8') ?? null) : null);
}
/** The head's uv.lock files; one that is not TOML lists nothing pyrelease can find: left as it is, said once. */
function readableLocks(plan, text, logger) {
    const locks = new Map(plan.lockFiles.map((f) => [f, text(`${plan.head}:${f}`)]));
    for (const [file, content] of locks) {
        if (content === null)
            continue;
        try {
            parseToml(content, file);
        }
        catch (error) {
            logger.warning(`${file}: left as it is: ${(0,src_errors/* describeError */.Uc)(error)}`);
            locks.set(file, null);
        }
    }
    return locks;
}
/**
 * The files of the release commits as the chain grows: a file that several commits change (a lock file,
 * a sibling's pyproject.toml whose requirement moved) carries each commit's edit into the next. Each
 * release commit is computed from the base tree otherwise: two releases writing one version file would
 * lose an edit, so that is refused.
 */
class ReleaseTree {
    plan;
    text;
    locks;
    carried = new Map();
    writtenBy = new Map();
    pyprojectOf;
    constructor(plan, text, locks) {
        this.plan = plan;
        this.text = text;
        this.locks = locks;
        this.pyprojectOf = new Map(plan.packages.map((p) => [p.package.name, p.package.pyprojectPath]));
    }
    current(file) {
        const text = this.carried.get(file) ?? this.text(`${this.plan.head}:${file}`);
        if (text === null)
            throw new src_errors/* UserError */.yo(`${file} is missing at ${this.plan.head}`);
        return text;
    }
    /** The files that carry the package's version, at the new version. */
    versionFiles(p, version) {
        const files = [];
        for (const updater of versionUpdatersOf(p.package)) {
            const other = this.writtenBy.get(updater.file);
            if (other !== undefined) {
                throw new src_errors/* UserError */.yo(`${updater.file} holds the version of both ${other} and ${p.package.name}: each package needs a version file of its own`);
            }
            this.writtenBy.set(updater.file, p.package.name);
            const content = updater.update(this.current(updater.file), version);
            this.carried.set(updater.file, content);
            files.push({ path: updater.file, content });
        }
        return files;
    }
    /**
     * The requirements on this release that it does not satisfy move up in this commit, so its tag is a
     * workspace that resolves (and its own, for pins and siblings released before). A requirement in a
     * file the commit writes already is edited there.
     */
    movedRequirements(p, files) {
        const added = [];
        const moved = this.plan.dependencyUpdates.filter((u) => u.ownCommit ? u.dependent === p.package.name : u.dependency === p.package.name);
        for (const update of moved) {
            const file = this.pyprojectOf.get(update.dependent);
            const content = setRequirementText(this.current(file), file, update.requirement, update.replacement);
            this.carried.set(file, content);
            const same = [...files, ...added].find((f) => f.path === file);
            if (same)
                same.content = content;
            else
                added.push({ path: file, content });
        }
        return added;
    }
    /** The uv.lock files that list the package, at its new version. */
    lockFiles(p, version) {
        const files = [];
        for (const [file, current] of this.locks) {
            const updated = current === null ? null : setLockedVersion(current, file, p.package, version);
            if (updated === null || updated === current)
                continue;
            this.locks.set(file, updated);
            files.push({ path: file, content: updated });
        }
        return files;
    }
}
/** A sibling the release names (`alpha 2.0.0`) with the tag that version has: released now, or before. */
function releasedDependency(plan, { name, version }) {
    const sibling = plan.packages.find((p) => p.package.name === name);
    const tag = sibling?.next?.text === version.text
        ? sibling.tag
        : sibling?.previous?.version.text === version.text
            ? sibling.previous.tag
            : null;
    return { name, version: version.text, tag };
}
/** The changelog the new section goes on: released sections and base edits, merged when both changed. */
async function changelogStart(git, p, changelogPath, versions, logger) {
    const tag = p.previous?.tag ?? '';
    const chosen = chooseChangelogStart(versions);
    if (!('merge' in chosen)) {
        if (chosen.because)
            logger.info(`${changelogPath}: continues from the base branch's file (${chosen.because} since ${tag})`);
        return chosen.text;
    }
    const merged = await mergeChangelog(git, versions, {
        path: changelogPath,
        tag,
        tagPath: p.changelogSource.path,
    });
    logger.info(`${changelogPath}: kept the edits made on the base branch since ${tag}`);
    return merged;
}

// EXTERNAL MODULE: ./packages/core/src/log-safety.ts
var log_safety = __webpack_require__(8550);
;// CONCATENATED MODULE: ./packages/core/src/publish/package-index.ts




const PYPI_UPLOAD_URL = 'https://upload.pypi.org/legacy/';
const TESTPYPI_UPLOAD_URL = 'https://test.pypi.org/legacy/';
/**
 * Where a channel's releases are uploaded by default: pre-releases and dev releases (alpha, beta, rc,
 * dev) to TestPyPI, finals and post releases to PyPI. An input (`repository-url`) overrides it.
 */
function defaultIndexOf(channel) {
    return isPreReleaseChannel(channel) ? TESTPYPI_UPLOAD_URL : PYPI_UPLOAD_URL;
}
/**
 * The index a release run checks (cut-release's `repository-url`): empty, the channel's default as
 * publish-from-tag uploads to it (defaultIndexOf); `none`, no index (one the runner cannot reach, or
 * packages published nowhere public).
 */
function releaseIndexOf(setting, channel) {
    if (setting.trim().toLowerCase() === 'none')
        return null;
    if (setting.trim() === '')
        return defaultIndexOf(channel);
    return setting.trim();
}
/** An index URL as messages show it: credentials written into it (a password, a token as the user) are `***`. */
function shownUrl(url) {
    return (0,log_safety/* hideUrlCredentials */.y0)(url);
}
/**
 * Where an index's other endpoints live, from its upload URL. PyPI uploads go to upload.pypi.org, but
 * its simple API and its OIDC endpoints live on pypi.org (TestPyPI: test.pypi.org for all three).
 */
function indexEndpoints(repositoryUrl) {
    let url;
    try {
        url = new URL(repositoryUrl);
    }
    catch {
        throw new src_errors/* UserError */.yo(`repository-url ${JSON.stringify(shownUrl(repositoryUrl))} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new src_errors/* UserError */.yo(`repository-url ${JSON.stringify(shownUrl(repositoryUrl))} must be an http(s) URL`);
    }
    if (url.host === 'upload.pypi.org')
        url.host = 'pypi.org';
    const path = url.pathname.replace(/\/+$/, '').replace(/\/legacy$/, '');
    const base = `${url.protocol}//${url.host}${path}`;
    return { simple: `${base}/simple/`, base };
}
/**
 * The files an index already has for a project, with their sha256 when it tells: PEP 691 JSON when
 * the index speaks it, else the PEP 503 HTML page. A project the index does not know (404, or
 * pypiserver's redirect to another index's page of the project) has none. Anything else that is not
 * a simple page (a redirect to a login, a page that is no project page) is an error: the index did
 * not answer, and nothing is guessed. `auth`: the `Authorization` header for an index with credentials.
 */
async function existingFiles(simpleUrl, project, timeoutMs = 30_000, auth) {
    const url = `${simpleUrl}${normalizeName(project)}/`;
    const response = await fetch(url, {
        headers: {
            Accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1',
            ...(auth ? { Authorization: auth } : {}),
        },
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
    });
    const files = new Map();
    if (response.status === 404)
        return files;
    if (response.status >= 300 && response.status < 400) {
        if (isFallbackRedirect(response.headers.get('location'), project))
            return files;
        throw new Error(`GET ${url} was redirected (${response.status}), not answered with its simple page`);
    }
    if (!response.ok)
        throw new Error(`GET ${url} answered ${response.status}`);
    const body = await response.text();
    if ((response.headers.get('content-type') ?? '').includes('json')) {
        const data = JSON.parse(body);
        for (const file of data.files ?? [])
            if (file.filename)
                files.set(file.filename, file.hashes?.sha256 ?? null);
        return files;
    }
    for (const match of body.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([^<]+)<\/a>/gi)) {
        const sha = /#sha256=([0-9a-f]{64})/i.exec(match[1]);
        files.set(match[2].trim(), sha ? sha[1].toLowerCase() : null);
    }
    if (files.size === 0 && !/pypi:repository-version|Links for/i.test(body)) {
        throw new Error(`GET ${url} answered a page that is not a simple project page`);
    }
    return files;
}
/** pypiserver sends a project it does not hold to another index's page of that project. */
function isFallbackRedirect(location, project) {
    if (!location)
        return false;
    try {
        return new URL(location, 'http://x/').pathname
            .replace(/\/+$/, '')
            .endsWith(`/simple/${normalizeName(project)}`);
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/publish/index-holdings.ts






/** The version a wheel or sdist file name carries, however its project name is spelled. */
function fileVersion(file) {
    const stem = file.endsWith('.whl')
        ? file.slice(0, -4).split('-')[1]
        : file.endsWith('.tar.gz')
            ? file.slice(0, -7).split('-').at(-1)
            : file.endsWith('.zip')
                ? file.slice(0, -4).split('-').at(-1)
                : undefined;
    return stem ? tryParseVersion(stem) : null;
}
function holdingsOf(files) {
    const held = new Map();
    for (const f of files) {
        const v = fileVersion(f);
        if (!v)
            continue;
        const kinds = held.get(v.text) ?? new Set();
        kinds.add(f.endsWith('.whl') ? 'wheel' : 'sdist');
        held.set(v.text, kinds);
    }
    return held;
}
/** An index known by its upload URL, asked at most once per project (a few projects at a time). */
class PackageIndex {
    timeoutMs;
    /** The simple API's URL: what messages name. */
    simple;
    answers = new Map();
    /** Basic credentials written into the URL (`https://user:token@host/…`): sent, never shown. */
    auth;
    constructor(uploadUrl, timeoutMs = 30_000) {
        this.timeoutMs = timeoutMs;
        this.simple = indexEndpoints(uploadUrl).simple;
        this.auth = urlCredentialsAuth(uploadUrl);
    }
    /** The answers for `projects`, in their order; an index that fails answers with the error. */
    async ask(projects) {
        const results = new Array(projects.length);
        let next = 0;
        const worker = async () => {
            while (next < projects.length) {
                const i = next++;
                results[i] = await this.answerFor(projects[i]);
            }
        };
        await Promise.all(Array.from({ length: Math.min(8, projects.length) }, worker));
        return results;
    }
    answerFor(project) {
        const key = normalizeName(project);
        let answer = this.answers.get(key);
        if (!answer) {
            answer = existingFiles(this.simple, key, this.timeoutMs, this.auth).then((files) => ({ held: holdingsOf(files.keys()) }), (error) => ({ error: (0,src_errors/* describeError */.Uc)(error) }));
            this.answers.set(key, answer);
        }
        return answer;
    }
}
/** The `Authorization` header of the credentials in a URL; undefined without any. */
function urlCredentialsAuth(url) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed || (!parsed.username && !parsed.password))
        return undefined;
    const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
/** Every form of the password in an index URL that a log could show: to mask. None without one. */
function indexUrlSecrets(url) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed?.password)
        return [];
    return [parsed.password, decodeURIComponent(parsed.password), urlCredentialsAuth(url)];
}
/** The index as the plan asks it: which versions each package has (any file of it counts). */
function indexQuestion(index, logger = silentLogger) {
    return {
        url: index.simple,
        async ask(names) {
            const answers = await waitingFor(logger, doing(`asking ${index.simple} which versions it holds of ${names.length} package(s)`), () => index.ask(names));
            return new Map(names.map((name, i) => {
                const answer = answers[i];
                return [name, 'held' in answer ? { versions: new Set(answer.held.keys()) } : answer];
            }));
        },
    };
}

;// CONCATENATED MODULE: ./packages/core/src/publish/unpublished.ts


/**
 * Every tag of the run's channels (its mode's; a final run's are finals and post releases) of every package: the
 * tags an earlier run may have pushed and then been cancelled or failed before it published them (or
 * published only part of). The tags this run makes are not among them, nor tags several packages
 * share as history (`v1.4.0` read through previous-tag-formats). Pure.
 */
function tagsOfChannel(plan) {
    const channels = channelsOfMode(plan.mode);
    return plan.packages.flatMap((p) => [...p.tags]
        .filter((t) => channels.includes(channelOf(t.version)) && !t.shared)
        .sort((a, b) => compareVersions(a.version, b.version))
        .map((t) => ({
        name: p.package.name,
        version: t.version.text,
        previous: null,
        tag: t.tag,
        path: p.package.path,
        channel: channelOf(t.version),
    })));
}
/**
 * Which of one package's tags (oldest first) the index lacks, in part or whole. A version counts as
 * published when it has every kind of file the index holds of the project's other versions, or, with
 * no other version to go by, an sdist and a wheel (what python -m build makes): an upload that died
 * between its files left the rest to do.
 * Versions below the oldest one on the index are history from before it was used, and a project the
 * index has nothing of is asked only for its newest tag: neither is published now.
 */
function unpublishedOf(tags, held) {
    if (held.size === 0)
        return tags.length > 0 ? [{ tag: tags[tags.length - 1], missing: null }] : [];
    const versions = [...held.keys()].map((v) => tryParseVersion(v));
    const oldest = versions.reduce((a, b) => (compareVersions(a, b) <= 0 ? a : b));
    const found = [];
    for (const tag of tags) {
        const version = tryParseVersion(tag.version);
        if (!version || compareVersions(version, oldest) < 0)
            continue;
        const kinds = held.get(version.text);
        if (!kinds) {
            found.push({ tag, missing: null });
            continue;
        }
        const others = [...held].filter(([v]) => v !== version.text).flatMap(([, k]) => [...k]);
        const expected = new Set(others.length > 0 ? others : ['sdist', 'wheel']);
        const missing = [...expected].filter((k) => !kinds.has(k)).sort();
        if (missing.length > 0)
            found.push({ tag, missing });
    }
    return found;
}
/**
 * The tags among `candidates` that the index lacks in whole or in part (unpublishedOf), asked through
 * its simple API once per package (a few packages at a time). An index that cannot be asked is named
 * in a warning, and its tags are not reported: a guess could publish twice or hide a gap.
 */
async function findUnpublished(candidates, index, logger) {
    const { simple } = index;
    const names = [...new Set(candidates.map((c) => c.name))];
    const answers = await index.ask(names);
    // By package, so the warnings list them in plan order whichever answer comes first.
    const unknown = [];
    const found = names.flatMap((name, i) => {
        const tags = candidates.filter((c) => c.name === name);
        const answer = answers[i];
        if ('held' in answer)
            return unpublishedOf(tags, answer.held);
        unknown.push(`${tags.map((t) => t.tag).join(', ')} (${answer.error})`);
        return [];
    });
    if (unknown.length > 0) {
        logger.warning(`could not ask ${simple} whether these tags are published: ${unknown.join(', ')}`);
    }
    for (const { tag: m, missing } of found) {
        logger.warning(missing === null
            ? `${m.tag} is tagged but ${simple} has no file of ${m.name} ${m.version} (an earlier run stopped before publishing it): it is in this run's publish output`
            : `${m.tag} is tagged but ${simple} has only part of ${m.name} ${m.version}, no ${missing.join(' and no ')} (an upload stopped between its files): it is in this run's publish output`);
    }
    return found.map((f) => f.tag);
}

;// CONCATENATED MODULE: ./packages/core/src/git/records.ts
/** A commit's subject line as messages quote it: in quotes, cut to 72 characters. */
function quotedSubject(commit) {
    const subject = commit.message.split('\n', 1)[0];
    return JSON.stringify(subject.length > 72 ? `${subject.slice(0, 69)}...` : subject);
}

;// CONCATENATED MODULE: ./packages/core/src/release/release-branch.ts




/**
 * release flow §8's per-run release branches: `{date}` (UTC, YYYYMMDD) and `{sha}` (the base commit, short)
 * make a branch name unique to a run. Such a branch is created, never reset.
 */
const PLACEHOLDERS = ['date', 'sha'];
const SHORT_SHA_LENGTH = 7;
/** True when `pattern` names a new branch per run (it holds `{date}` or `{sha}`). */
function isPerRunBranch(pattern) {
    return PLACEHOLDERS.some((p) => pattern.includes(`{${p}}`));
}
/**
 * The branch name for this run. Other braces stay as written: git allows them in branch names, and a
 * name that is not per-run is still protected by the release-branch guard.
 */
function renderReleaseBranch(pattern, run) {
    const date = run.now.toISOString().slice(0, 10).replace(/-/g, '');
    return pattern.replace(/\{date\}/g, date).replace(/\{sha\}/g, run.baseSha.slice(0, SHORT_SHA_LENGTH));
}
/**
 * A commit that pyrelease made for a release: its message is exactly `release(<name>): <version>` and
 * it changes nothing but that package's release files (version files and changelog). Both, because a
 * person's commit can carry the message, and a commit of the right files can be anyone's. A package
 * with a version from tags and no changelog makes an empty one.
 */
function isReleaseCommit(commit, packages) {
    const subject = releaseCommitSubject(commit);
    if (!subject)
        return false;
    const pkg = packages.find((p) => p.name === normalizeName(subject.name));
    if (pkg) {
        // Lock files list every member, and a sibling's requirement on it moves in its commit: any
        // release may rewrite them.
        const siblings = new Set(packages.map((p) => p.pyprojectPath));
        const files = [...releaseFilesOf(pkg), ...commit.files.filter((f) => isLockFile(f) || siblings.has(f))];
        // Empty only where the release writes nothing (a version from tags, no changelog).
        if (commit.files.length === 0)
            return files.length === 0;
        if (commit.files.every((f) => files.includes(f)))
            return true;
    }
    if (commit.files.length === 0)
        return false;
    // The release branch was cut before the package's folder moved: the two release files of one
    // folder that is no other package's today.
    const folders = new Set(commit.files.map((f) => f.slice(0, f.lastIndexOf('/') + 1)));
    const [folder] = folders;
    const taken = packages.some((p) => p.pyprojectPath === `${folder}pyproject.toml`);
    return (folders.size === 1 &&
        !taken &&
        commit.files.every((f) => f === `${folder}pyproject.toml` || f === `${folder}CHANGELOG.md`));
}
/**
 * The commits of the release branch that a reset would lose: neither in the base branch's history
 * (`commits` holds only those, oldest first) nor release commits of pyrelease.
 */
function foreignCommits(commits, packages) {
    return commits.filter((c) => !isReleaseCommit(c, packages));
}

// EXTERNAL MODULE: ./packages/core/src/branch-pattern.ts
var branch_pattern = __webpack_require__(5166);
;// CONCATENATED MODULE: ./packages/core/src/release/branch-guard.ts





/** The release-branch guard: what a release branch holds before a run resets or reuses it. */
/**
 * The remote release branch, and a local one that the checkout would reset, lose nothing but release
 * commits (or commits that tags keep). Released history stays reachable from the packages' tags (after
 * a base branch was rewritten).
 */
async function guardReleaseBranch(git, run, plan, o) {
    const { releaseBranch, leaseSha, baseSha } = run;
    const localSha = o.dryRun
        ? null
        : await new repository_RepositoryReader(git).resolveCommit(`refs/heads/${releaseBranch}`);
    // Every tag's commit: a release commit written before its package's folder moved no longer has the
    // shape of one, but a tag keeps it, so a reset loses nothing.
    const tagged = plan.packages
        .flatMap((p) => [p.lastAny?.commit, p.lastFinal?.commit, ...p.tags.map((t) => t.commit)])
        .filter((c) => c !== undefined);
    for (const tip of new Set([leaseSha, localSha ?? ''])) {
        if (!tip)
            continue;
        const label = tip === leaseSha ? releaseBranch : `${releaseBranch} (the local branch)`;
        if (tip !== baseSha) {
            await assertOnlyReleaseCommits(git, {
                releaseBranch: label,
                baseBranch: run.baseBranch,
                baseSha,
                tip,
                kept: [...(leaseSha && tip !== leaseSha ? [leaseSha] : []), ...tagged],
                plan,
                names: run.names,
            });
        }
        await assertNotAnotherKindOfBranch(git, { run, plan, tip, label, isProtected: o.isProtected });
    }
}
/** What a repository's base branches are called: a release branch of such a name is a mistake until said otherwise. */
const BASE_BRANCH_NAMES = ['main', 'master', 'test', 'develop', 'development', 'dev', 'trunk', 'staging'];
/**
 * DESIGN "Safety rules": an existing branch that never held a release commit of pyrelease, and that is
 * named like a base branch, is the remote's default branch or is protected, is somebody's branch, not
 * a release branch (`release-branch: master` just after a fast-forward promotion would force-move
 * master). It is reset only when the configuration's `release-branches` names it.
 */
async function assertNotAnotherKindOfBranch(git, o) {
    const { run, plan, tip } = o;
    const branch = run.releaseBranch;
    if ((0,branch_pattern/* matchesBranchPattern */.a)(branch, plan.releaseBranches ?? []))
        return;
    // A branch that held a release of pyrelease is a release branch, whatever its name. Looked at
    // first, in the checkout: the remote's default branch and the branch's protection are asked only
    // about a branch that never held one.
    if (await holdsReleaseCommit(git, { baseSha: run.baseSha, tip, plan }))
        return;
    const named = BASE_BRANCH_NAMES.includes(branch)
        ? 'is named like a base branch'
        : branch === (await run.defaultBranch())
            ? "is the repository's default branch"
            : null;
    const kind = named ?? (o.isProtected ? await protection(o.isProtected, branch) : null);
    if (!kind)
        return;
    throw new src_errors/* UserError */.yo(`release branch ${o.label} ${kind} and holds no release commit of pyrelease, so it is somebody's branch and resetting it would move it: nothing was changed; check ${run.names.value('release-branch')}, or name ${branch} in release-branches of the root [tool.pyrelease] if it is a release branch`);
}
/** Whether the service protects `branch`; a question it cannot answer counts as yes (fail closed). */
async function protection(ask, branch) {
    try {
        return (await ask(branch)) ? 'is a protected branch' : null;
    }
    catch (error) {
        return `may be a protected branch (asking failed: ${(0,src_errors/* describeError */.Uc)(error)})`;
    }
}
/**
 * A release commit on the branch that its base does not hold, or the branch's tip itself (a release
 * branch merged back into the base).
 */
async function holdsReleaseCommit(git, o) {
    const reader = new repository_RepositoryReader(git);
    const packages = o.plan.packages.map((p) => p.package);
    const ahead = o.tip === o.baseSha ? [] : await reader.readCommitsBetween(o.baseSha, o.tip);
    if (ahead.some((c) => isReleaseCommit(c, packages)))
        return true;
    const [tipCommit] = await reader.readCommitsBetween(`${o.tip}^@`, o.tip);
    return tipCommit !== undefined && isReleaseCommit(tipCommit, packages);
}
/**
 * DESIGN "Safety rules": a release branch is only ever reset over release commits. Anything else on it
 * (a hotfix on `master` given as release-branch by mistake) would be lost by the force push.
 */
async function assertOnlyReleaseCommits(git, o) {
    const commits = await new repository_RepositoryReader(git).readCommitsBetween([o.baseSha, ...o.kept], o.tip);
    const foreign = foreignCommits(commits, o.plan.packages.map((p) => p.package));
    if (foreign.length === 0)
        return;
    const first = foreign[0];
    throw new src_errors/* UserError */.yo(`release branch ${o.releaseBranch} holds ${foreign.length} commit(s) that are neither on ${o.baseBranch} nor release commits of pyrelease, the first ${first.sha.slice(0, 12)} ${quotedSubject(first)}; resetting it would lose them, so nothing was changed: check ${o.names.value('release-branch')}, or bring those commits to ${o.baseBranch} first`);
}
/**
 * A per-run release branch that exists already must hold this very release (a re-run whose tags are
 * gone): the base commit and a release commit for every planned version. Anything else, such as the
 * rc run's branch met by the final run of the same commit, is never reset.
 */
async function assertReleasedByEarlierRun(git, o) {
    const contains = await git.run(['merge-base', '--is-ancestor', o.baseSha, o.leaseSha], {
        okExitCodes: [1],
    });
    if (contains.exitCode !== 0) {
        throw new src_errors/* UserError */.yo(`release branch ${o.releaseBranch} already exists and does not hold the base commit ${o.baseSha.slice(0, 12)}; a per-run release branch is created, never reset: put {sha} in ${o.names.value('release-branch')} so that each base commit gets its own`);
    }
    const held = new Set((await new repository_RepositoryReader(git).readCommitsBetween(o.baseSha, o.leaseSha)).map((c) => c.message.trim()));
    const missing = o.prepared.find((r) => !held.has(r.commitMessage));
    if (missing) {
        throw new src_errors/* UserError */.yo(`release branch ${o.releaseBranch} already exists without ${missing.commitMessage} (another run's release, e.g. the rc run of the same commit); a per-run release branch is created, never reset: give each mode its own ${o.names.value('release-branch')}, e.g. release/rc-{date}-{sha} and release/final-{date}-{sha}`);
    }
}

;// CONCATENATED MODULE: ./packages/core/src/release/identity.ts
/** The identity of release commits when the repository has none configured (GitHub's own bot). */
const BOT_IDENTITY = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
};
/** The git settings whose names match `pattern` (`git config --get-regexp`), by lower-case name. */
async function gitConfigValues(git, pattern) {
    const out = await git.run(['config', '--get-regexp', pattern], { okExitCodes: [1] });
    const values = new Map();
    for (const line of out.stdout.toString('utf8').split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0)
            values.set(line.slice(0, space).toLowerCase(), line.slice(space + 1));
    }
    return values;
}
/** The identity `user.name` and `user.email` of `config` give, or the GitHub Actions bot without both. */
function identityOf(config) {
    const name = config.get('user.name');
    const email = config.get('user.email');
    return name && email ? { name, email } : BOT_IDENTITY;
}
/** The configured git identity, or the GitHub Actions bot when none is configured. */
async function releaseIdentity(git) {
    return identityOf(await gitConfigValues(git, '^user\\.(name|email)$'));
}

;// CONCATENATED MODULE: ./packages/core/src/release/push.ts




/** The atomic push of the release branch to `tip` and `tags`, leased on where this run found the branch. */
function pushArgs(run, tip, tags) {
    return [
        'push',
        '--atomic',
        '--porcelain',
        `--force-with-lease=refs/heads/${run.releaseBranch}:${run.leaseSha}`,
        '--end-of-options',
        run.remote,
        `${tip}:refs/heads/${run.releaseBranch}`,
        ...tags.map((t) => `refs/tags/${t}:refs/tags/${t}`),
    ];
}
/** One atomic push of the branch and its tags; the tags the pushed release holds. */
async function pushRelease(git, o, logger) {
    const { remote, releaseBranch, leaseSha, auth, timeoutMs, committed } = o;
    let tags = committed.releases.map((r) => r.tag);
    try {
        await waitingFor(logger, doing(`pushing ${releaseBranch} and ${tags.length} tag(s) to ${remote}`), () => git.run(pushArgs(o, committed.tip, tags), { env: auth, timeoutMs }));
    }
    catch (error) {
        // Classify the failure against the remote as it is now: an atomic push changed nothing there.
        const remoteNow = await listRemote(git, remote, auth, timeoutMs).catch(() => null);
        // The remote may have taken the push before the error (a connection lost or timed out afterwards).
        const landed = remoteNow !== null &&
            remoteNow.branches.get(releaseBranch) === committed.tip &&
            committed.releases.every((r) => remoteNow.tags.some((t) => t.name === r.tag && t.commit === r.commit));
        if (landed) {
            logger.warning(`git push reported a failure, but ${remote} holds ${releaseBranch} and every tag of this release: the push is done (${reason(error)})`);
            return tags;
        }
        const taken = remoteNow ? tags.filter((t) => remoteNow.tags.some((r) => r.name === t)) : [];
        const leaseHolds = remoteNow !== null && (remoteNow.branches.get(releaseBranch) ?? '') === leaseSha;
        if (taken.length === 0 || !leaseHolds)
            throw pushFailure(error, releaseBranch, leaseHolds);
        for (const t of taken)
            logger.warning(`tag ${t} already exists on ${remote}: left out of the push`);
        tags = tags.filter((t) => !taken.includes(t));
        await git.run(pushArgs(o, committed.tip, tags), { env: auth, timeoutMs }).catch((retryError) => {
            throw pushFailure(retryError, releaseBranch, true);
        });
    }
    return tags;
}
/** What went wrong, on one line (git's stderr often spans several). */
function reason(error) {
    return (0,src_errors/* oneLine */.TN)(error instanceof CommandError
        ? error.stderr.trim() || error.message
        : error instanceof Error
            ? error.message
            : String(error));
}
/** release flow §11 "Push failed on release branch": name the fix that works for protection and rulesets. */
function pushFailure(error, releaseBranch, leaseHolds) {
    const detail = reason(error).replace(/\s+/g, ' ');
    // GitHub's "Require signed commits" (branch protection or a ruleset) names the signatures.
    if (/verified signatures|must be signed|signed commits/i.test(detail)) {
        return new src_errors/* UserError */.yo(`push of ${releaseBranch} was rejected because the branch requires signed commits (nothing was pushed): ${detail} — give cut-release a signing key (the signing-key input, an SSH or OpenPGP private key kept as a secret; on the CLI, --sign with your git signing configuration), and register its public key with the identity that releases`);
    }
    if (/GH006|GH013|protected branch|ruleset/i.test(detail)) {
        return new src_errors/* UserError */.yo(`push of ${releaseBranch} was rejected by branch protection or a ruleset (nothing was pushed): ${detail} — the default GITHUB_TOKEN ("GitHub Actions" integration) cannot be added to a repository ruleset's bypass list, so pass cut-release a token from a GitHub App that is on the bypass list (actions/create-github-app-token), or leave the release branches out of rulesets that require pull requests`);
    }
    // The branch is where this run found it, yet the remote refused: it denies moving the branch to a
    // commit that does not descend from it (receive.denyNonFastForwards or a similar server rule).
    if (leaseHolds && /non-fast-forward/i.test(detail)) {
        return new src_errors/* UserError */.yo(`push of ${releaseBranch} was rejected because the remote does not allow force pushes to it (nothing was pushed): ${detail} — every release resets the release branch to the base commit, so allow force pushes on ${releaseBranch} for the identity that releases`);
    }
    if (/stale info|fetch first|non-fast-forward/i.test(detail)) {
        return new src_errors/* UserError */.yo(`push of ${releaseBranch} was rejected because it changed on the remote since this run read it (another release run?); nothing was pushed: ${detail}`);
    }
    return new src_errors/* UserError */.yo(`cannot push ${releaseBranch} and its tags (nothing was pushed): ${detail}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/core/src/release/signing/signed-objects.ts




/**
 * Signed release commits and tags, with a fixed number of git processes whatever the number of
 * packages: the commits fast-import wrote are read in one cat-file, signed in order (each names the
 * signed one before it as its parent, so the object ids are computed here), written by two
 * hash-object processes (commits, tags) that must agree with the ids computed, and the ref and the
 * tags set in one update-ref. The signing program runs twice per release (its commit, its tag).
 */
async function signReleaseCommits(git, o) {
    const format = (await git.text(['rev-parse', '--show-object-format'])).trim() === 'sha256' ? 'sha256' : 'sha1';
    const raw = await readRawCommits(git, o.commits);
    const commits = [];
    const ids = [];
    for (const [i, original] of raw.entries()) {
        const unsigned = i === 0 ? original : withParent(original, ids[i - 1]);
        const signature = await o.signer.sign(unsigned);
        commits.push(withHeader(unsigned, format === 'sha256' ? 'gpgsig-sha256' : 'gpgsig', signature));
        ids.push(objectId(format, 'commit', commits[i]));
    }
    const tags = [];
    for (const [i, release] of o.releases.entries()) {
        const message = release.notes.endsWith('\n') ? release.notes : `${release.notes}\n`;
        const unsigned = Buffer.from(`object ${ids[i]}\ntype commit\ntag ${release.tag}\ntagger ${o.tagger}\n\n${message}`, 'utf8');
        tags.push(Buffer.concat([unsigned, Buffer.from(await o.signer.sign(unsigned), 'utf8')]));
    }
    const tagIds = tags.map((t) => objectId(format, 'tag', t));
    await writeObjects(git, 'commit', commits, ids);
    await writeObjects(git, 'tag', tags, tagIds);
    const updates = [
        `update ${o.ref} ${ids[ids.length - 1]}`,
        ...o.releases.map((r, i) => `update refs/tags/${r.tag} ${tagIds[i]}`),
    ];
    await git.run(['update-ref', '--stdin'], { input: `${updates.join('\n')}\n` });
    return ids;
}
/** The commits' objects as stored, in one `cat-file --batch`. */
async function readRawCommits(git, ids) {
    const out = (await git.run(['cat-file', '--batch'], { input: `${ids.join('\n')}\n` })).stdout;
    const objects = [];
    let at = 0;
    for (const id of ids) {
        const end = out.indexOf(0x0a, at);
        const [got, type, size] = out.subarray(at, end).toString('utf8').split(' ');
        if (got !== id || type !== 'commit')
            throw new Error(`cat-file answered ${got} ${type} for commit ${id}`);
        objects.push(out.subarray(end + 1, end + 1 + Number(size)));
        at = end + 1 + Number(size) + 1;
    }
    return objects;
}
/** The commit with its first (only) parent replaced: the signed commit before it. */
function withParent(commit, parent) {
    const text = commit.toString('utf8');
    return Buffer.from(text.replace(/^parent [0-9a-f]+$/m, `parent ${parent}`), 'utf8');
}
/** A header added at the end of the commit's headers; continuation lines start with a space. */
function withHeader(commit, name, value) {
    const text = commit.toString('utf8');
    const end = text.indexOf('\n\n');
    const header = `${name} ${value.trimEnd().split('\n').join('\n ')}`;
    return Buffer.from(`${text.slice(0, end)}\n${header}${text.slice(end)}`, 'utf8');
}
function objectId(format, type, content) {
    return (0,external_node_crypto_.createHash)(format)
        .update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]))
        .digest('hex');
}
/** Writes the objects in one hash-object; git's ids must be the ones computed here. */
async function writeObjects(git, type, objects, ids) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pyrelease-objects-'));
    try {
        const paths = objects.map((content, i) => {
            const path = (0,external_node_path_.join)(dir, `${i}`);
            (0,external_node_fs_.writeFileSync)(path, content);
            return path;
        });
        const out = await git.text(['hash-object', '-w', '-t', type, '--stdin-paths'], {
            input: `${paths.join('\n')}\n`,
        });
        const written = out.split('\n').filter(Boolean);
        if (written.join() !== ids.join())
            throw new Error(`hash-object wrote ${written.join(', ')}, not ${ids.join(', ')}`);
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./packages/core/src/release/signing/git-config.ts





/** The settings `--sign` reads: git's signing configuration and the identity. */
const SIGNING_SETTINGS = '^(gpg\\.format|gpg\\.program|gpg\\.openpgp\\.program|gpg\\.ssh\\.program|user\\.(signingkey|name|email))$';
/**
 * `--sign`: the user's own git signing configuration, as `git commit -S` uses it: gpg.format (openpgp
 * by default, or ssh), user.signingkey (for openpgp, else the committer's identity), and the program
 * (gpg.openpgp.program or gpg.program, gpg.ssh.program). The keys stay where the user keeps them (an
 * agent, a keyring); nothing is copied. pyrelease starts programs without a terminal, so a key that
 * asks for its passphrase must be in an agent first.
 */
async function gitConfigSigner(git) {
    // One read for the signing settings and the identity a key of its own falls back to.
    const config = await gitConfigValues(git, SIGNING_SETTINGS);
    const format = config.get('gpg.format') ?? 'openpgp';
    const key = config.get('user.signingkey');
    const dispose = async () => undefined;
    const noTerminal = (agent) => (text) => /passphrase|pinentry|ioctl|tty/i.test(text)
        ? `--sign: the key asks for its passphrase, and pyrelease signs without a terminal: ${agent} first (${text})`
        : `--sign: cannot sign: ${text}`;
    if (format === 'ssh') {
        if (!key)
            throw new src_errors/* UserError */.yo('--sign: git config gpg.format is ssh, but user.signingkey is not set (the key file to sign with)');
        if (key.startsWith('key::'))
            throw new src_errors/* UserError */.yo('--sign: user.signingkey holds a literal key (key::…); set it to the key file instead');
        const file = key.startsWith('~/') ? (0,external_node_path_.join)((0,external_node_os_.homedir)(), key.slice(2)) : key;
        const program = config.get('gpg.ssh.program') ?? 'ssh-keygen';
        const args = ['-Y', 'sign', '-n', 'git', '-f', file];
        return {
            format: 'ssh',
            sign: (p) => signWith(program, args, p, noTerminal(`add it to ssh-agent (ssh-add ${file})`)),
            dispose,
        };
    }
    if (format !== 'openpgp')
        throw new src_errors/* UserError */.yo(`--sign: git config gpg.format is ${format}; pyrelease signs with openpgp or ssh`);
    const program = config.get('gpg.openpgp.program') ?? config.get('gpg.program') ?? 'gpg';
    // As git does: without user.signingkey, the key of the committer's identity.
    const identity = identityOf(config);
    const user = key ?? `${identity.name} <${identity.email}>`;
    const args = ['--armor', '--detach-sign', '--local-user', user];
    const unlock = 'unlock it in gpg-agent (sign anything once with gpg at a terminal)';
    return { format: 'openpgp', sign: (p) => signWith(program, args, p, noTerminal(unlock)), dispose };
}

;// CONCATENATED MODULE: ./packages/core/src/release/signing/openpgp.ts






/** An armored OpenPGP key given as text: imported into a keyring of its own in the private folder. */
async function openPgpKeySigner(dir, signing, dispose) {
    const home = (0,external_node_path_.join)(dir, 'gnupg');
    (0,external_node_fs_.mkdirSync)(home, { mode: 0o700 });
    const gpg = (args, input) => runCommand('gpg', ['--batch', '--no-tty', ...args], {
        extraEnv: { GNUPGHOME: home },
        input,
        timeoutMs: SIGN_TIMEOUT_MS,
    });
    await gpg(['--import'], signing.key).catch((error) => {
        throw new src_errors/* UserError */.yo(`signing-key cannot be imported by gpg: ${reason(error)}`);
    });
    const key = signingKeyOf((await gpg(['--with-colons', '--list-secret-keys'])).stdout.toString('utf8'));
    const passphrase = [];
    if (signing.passphrase) {
        writePrivate((0,external_node_path_.join)(dir, 'passphrase'), signing.passphrase);
        passphrase.push('--passphrase-file', (0,external_node_path_.join)(dir, 'passphrase'));
    }
    const args = [
        '--pinentry-mode',
        'loopback',
        ...passphrase,
        '--armor',
        '--detach-sign',
        '--local-user',
        key.fingerprint,
    ];
    return {
        format: 'openpgp',
        emails: key.emails,
        sign: async (payload) => {
            const result = await gpg(args, payload).catch((error) => {
                const text = reason(error);
                // Without a passphrase, gpg in batch mode cannot ask for one; with a wrong one, it says so.
                if (/passphrase|can't get input/i.test(text))
                    throw new src_errors/* UserError */.yo(signing.passphrase
                        ? `signing-passphrase does not open signing-key: ${text}`
                        : 'signing-key is protected by a passphrase: give it as signing-passphrase (a secret)');
                throw new src_errors/* UserError */.yo(`gpg cannot sign with signing-key: ${text}`);
            });
            return result.stdout.toString('utf8');
        },
        dispose,
    };
}
/**
 * The one secret key that can sign (its capabilities name S), with its user ids' e-mails: a keyring
 * exported whole holds several, and which of them signs must not be a guess.
 */
function signingKeyOf(listing) {
    const keys = [];
    for (const line of listing.split('\n')) {
        const fields = line.split(':');
        if (fields[0] === 'sec')
            keys.push({ fingerprint: '', canSign: /S/.test(fields[11] ?? ''), emails: [] });
        const key = keys[keys.length - 1];
        if (!key)
            continue;
        if (fields[0] === 'fpr' && key.fingerprint === '')
            key.fingerprint = fields[9] ?? '';
        const email = fields[0] === 'uid' ? /<([^>]+)>/.exec(fields[9] ?? '')?.[1] : undefined;
        if (email)
            key.emails.push(email);
    }
    const signing = keys.filter((k) => k.canSign && k.fingerprint);
    if (signing.length === 0)
        throw new src_errors/* UserError */.yo('signing-key holds no OpenPGP secret key that can sign');
    if (signing.length > 1)
        throw new src_errors/* UserError */.yo(`signing-key holds ${signing.length} secret keys that can sign: export only the one to sign with (gpg --armor --export-secret-keys <its key id>)`);
    return signing[0];
}

;// CONCATENATED MODULE: ./packages/core/src/release/signing/ssh.ts






/** An OpenSSH key given as text: its copy in the private folder signs with `ssh-keygen -Y sign`. */
async function sshKeySigner(dir, signing, dispose) {
    const keyFile = (0,external_node_path_.join)(dir, 'key');
    writePrivate(keyFile, signing.key);
    const open = await publicHalf(keyFile);
    if (open.exitCode !== 0) {
        if (!/passphrase/i.test(open.stderr))
            throw new src_errors/* UserError */.yo(`signing-key cannot be read by ssh-keygen: ${(0,src_errors/* oneLine */.TN)(open.stderr)}`);
        if (!signing.passphrase)
            throw new src_errors/* UserError */.yo('signing-key is protected by a passphrase: give it as signing-passphrase (a secret)');
        await removeSshPassphrase(dir, keyFile, signing.passphrase);
    }
    // ssh-keygen -Y sign reads the public half beside a PEM key: written there from the private one.
    const publicKey = open.exitCode === 0 ? open.stdout : (await publicHalf(keyFile)).stdout;
    (0,external_node_fs_.writeFileSync)(`${keyFile}.pub`, publicKey);
    return {
        format: 'ssh',
        sign: (payload) => signWith('ssh-keygen', ['-Y', 'sign', '-n', 'git', '-f', keyFile], payload),
        dispose,
    };
}
/** `ssh-keygen -y`: the public key of a private key without a passphrase (exit 1 or 255 otherwise). */
function publicHalf(keyFile) {
    return runCommand('ssh-keygen', ['-y', '-P', '', '-f', keyFile], {
        okExitCodes: [255, 1],
        timeoutMs: SIGN_TIMEOUT_MS,
    }).catch((error) => {
        throw new src_errors/* UserError */.yo(`ssh-keygen cannot run (is OpenSSH installed?): ${reason(error)}`);
    });
}
/**
 * Takes the passphrase off the key's copy in the private folder, once: ssh-keygen reads the old
 * passphrase from an askpass program (never from its arguments, which every process can read). The
 * copy is removed with the folder, also when a stop signal ends the run.
 */
async function removeSshPassphrase(dir, keyFile, passphrase) {
    const secret = (0,external_node_path_.join)(dir, 'passphrase');
    writePrivate(secret, passphrase);
    const askpass = (0,external_node_path_.join)(dir, 'askpass.mjs');
    const script = [
        `#!${process.execPath}`,
        "import { readFileSync } from 'node:fs';",
        `process.stdout.write(readFileSync(${JSON.stringify(secret)}, 'utf8') + '\\n');`,
        '',
    ];
    (0,external_node_fs_.writeFileSync)(askpass, script.join('\n'), { mode: 0o700 });
    try {
        const result = await runCommand('ssh-keygen', ['-p', '-N', '', '-f', keyFile], {
            extraEnv: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
            okExitCodes: [255, 1],
            timeoutMs: SIGN_TIMEOUT_MS,
        });
        if (result.exitCode !== 0)
            throw new src_errors/* UserError */.yo(`signing-passphrase does not open signing-key: ${(0,src_errors/* oneLine */.TN)(result.stderr)}`);
    }
    finally {
        (0,external_node_fs_.rmSync)(secret, { force: true });
        (0,external_node_fs_.rmSync)(askpass, { force: true });
    }
}

;// CONCATENATED MODULE: ./packages/core/src/release/signing/signer.ts









const SIGN_TIMEOUT_MS = 60_000;
/** A signer for `signing`, checked by signing once: a key that cannot sign is a one-line error here. */
async function openSigner(signing, git) {
    const signer = signing.kind === 'key' ? await keySigner(signing) : await gitConfigSigner(git);
    try {
        await signer.sign(Buffer.from('pyrelease checks that the signing key signs\n'));
    }
    catch (error) {
        await signer.dispose();
        throw error;
    }
    return signer;
}
/**
 * Why GitHub would not show the release commits as verified: an OpenPGP key none of whose user ids
 * is the committer's e-mail (GitHub matches the two). Null: nothing to say (an SSH key names no one).
 */
function unverifiedIdentity(signer, identity) {
    const emails = signer.emails;
    if (!emails || emails.some((e) => e.toLowerCase() === identity.email.toLowerCase()))
        return null;
    return `the release commits are signed by a key for ${emails.join(', ') || 'no e-mail'}, but committed as ${identity.email}: GitHub shows them as unverified, and a branch that requires signed commits refuses them; commit as the key's e-mail (git config user.email before cut-release)`;
}
/** `ssh` or `openpgp` from a private key's first line; null: neither. */
function keyFormatOf(key) {
    const first = key.trim().split('\n', 1)[0].trim();
    // ssh-keygen signs with OpenSSH keys and with PEM ones (RSA, EC, DSA, PKCS#8) alike.
    if (/^-----BEGIN (OPENSSH |RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----$/.test(first))
        return 'ssh';
    if (first === '-----BEGIN PGP PRIVATE KEY BLOCK-----')
        return 'openpgp';
    return null;
}
async function keySigner(given) {
    // A secret pasted from another system may carry CRLF line ends and surrounding blank lines.
    const signing = { ...given, key: `${given.key.replace(/\r\n?/g, '\n').trim()}\n` };
    const found = keyFormatOf(signing.key);
    if (found === null) {
        throw new src_errors/* UserError */.yo('signing-key is neither an SSH private key (-----BEGIN OPENSSH PRIVATE KEY-----, or PEM) nor an armored OpenPGP private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)');
    }
    if (signing.format && signing.format !== found) {
        throw new src_errors/* UserError */.yo(`signing-format is ${signing.format}, but signing-key is an ${found === 'ssh' ? 'SSH' : 'OpenPGP'} key`);
    }
    if (signing.passphrase && /[\r\n]/.test(signing.passphrase))
        throw new src_errors/* UserError */.yo('signing-passphrase holds a line break, which neither ssh-keygen nor gpg can take');
    // mkdtemp makes the folder 0700: nobody else on the machine can read what goes in it.
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(signing.tempDir, 'pyrelease-signing-'));
    const cleanUp = () => removePrivateFolder(dir);
    // A stop signal ends pyrelease without running its finally blocks: the folder goes then too.
    const forget = cleanUpOnStop(cleanUp);
    const dispose = async () => {
        forget();
        cleanUp();
    };
    try {
        return found === 'ssh'
            ? await sshKeySigner(dir, signing, dispose)
            : await openPgpKeySigner(dir, signing, dispose);
    }
    catch (error) {
        await dispose();
        throw error;
    }
}
/** The private folder and a gpg-agent started for its keyring, synchronously (also in a signal's handler). */
function removePrivateFolder(dir) {
    const home = (0,external_node_path_.join)(dir, 'gnupg');
    if ((0,external_node_fs_.existsSync)(home))
        (0,external_node_child_process_.spawnSync)('gpgconf', ['--kill', 'gpg-agent'], {
            env: { ...childEnvironment(), GNUPGHOME: home },
            timeout: 10_000,
            stdio: 'ignore',
        });
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
}
function writePrivate(path, content) {
    (0,external_node_fs_.writeFileSync)(path, content, { mode: 0o600 });
    (0,external_node_fs_.chmodSync)(path, 0o600);
}
/** Runs a signing program on `payload`: its armored signature, or a one-line error from `failed`. */
async function signWith(program, args, payload, failed = (text) => `${program} cannot sign: ${text}`, extraEnv) {
    const result = await runCommand(program, args, {
        input: payload,
        timeoutMs: SIGN_TIMEOUT_MS,
        extraEnv,
    }).catch((error) => {
        throw new src_errors/* UserError */.yo(failed(reason(error)));
    });
    return result.stdout.toString('utf8');
}

;// CONCATENATED MODULE: ./packages/core/src/release/commit.ts








/** A local run without push leaves its tags; the next run replaces them, and says so. */
async function warnAboutReplacedLocalTags(git, prepared, remoteTags, logger) {
    const local = await git.text([
        'for-each-ref',
        '--format=%(refname:strip=2)',
        ...prepared.map((r) => `refs/tags/${r.tag}`),
    ]);
    const onRemote = new Set(remoteTags.map((t) => t.name));
    for (const tag of local.split('\n').filter(Boolean)) {
        if (!onRemote.has(tag))
            logger.warning(`local tag ${tag} was left by an earlier run that did not push: this run replaces it`);
    }
}
/**
 * Deletes those of `refs` that exist, in one transaction: a ref that is missing, or that cannot exist
 * because another is in its way (`refs/tags/a` beside `refs/tags/a/b`), would fail it for all.
 */
async function deleteRefs(git, refs) {
    const wanted = new Set(refs);
    const listed = await git.text(['for-each-ref', '--format=%(refname)', ...refs]).catch(() => '');
    const existing = listed.split('\n').filter((r) => wanted.has(r));
    if (existing.length === 0)
        return;
    await git
        .run(['update-ref', '--stdin'], { input: existing.map((r) => `delete ${r}\n`).join('') })
        .catch(() => undefined);
}
/** Where the release commits are written before the checkout follows them; never left behind. */
const SCRATCH_REF = 'refs/pyrelease/release-tip';
/**
 * Commits and tags go to a scratch ref first and the checkout follows in one command, so a run
 * stopped in between leaves the local branch and working tree as they were, not half moved.
 */
async function commitAndCheckOut(git, o, logger) {
    const identity = await releaseIdentity(git);
    const unverified = o.signer ? unverifiedIdentity(o.signer, identity) : null;
    if (unverified)
        logger.warning(unverified);
    // Leave neither the scratch ref nor a tag of an unpushed release behind: a later `git push --tags`
    // would publish it. fast-import may have written some refs before it failed.
    const discard = () => deleteRefs(git, [SCRATCH_REF, ...o.prepared.map((r) => `refs/tags/${r.tag}`)]);
    const committed = await commitReleases(git, {
        base: o.baseSha,
        ref: SCRATCH_REF,
        releases: o.prepared,
        identity,
        now: o.now,
        signer: o.signer,
    }).catch(async (error) => {
        await discard();
        throw new src_errors/* UserError */.yo(`cannot commit the release on ${o.releaseBranch}: ${reason(error)}`);
    });
    await git
        .run(['checkout', '--quiet', '--no-track', '-B', o.releaseBranch, committed.tip])
        .catch(async (error) => {
        await discard();
        throw new src_errors/* UserError */.yo(`cannot create or reset release branch ${o.releaseBranch} at the release commit ${committed.tip.slice(0, 12)}: ${reason(error)}`);
    });
    await git.run(['update-ref', '-d', SCRATCH_REF]);
    const signed = o.signer ? ` (signed, ${o.signer.format})` : '';
    for (const r of committed.releases)
        logger.info(`committed ${r.commitMessage} (${r.commit.slice(0, 12)}) and tagged ${r.tag}${signed}`);
    return committed;
}
/** The CLI's promise: after a local release the checkout is back where the user left it. */
async function restoreCheckout(git, startedOn, logger) {
    // A branch name from symbolic-ref, or a SHA; the `--` keeps git from reading either as a path.
    const args = startedOn.branch
        ? ['checkout', '--quiet', startedOn.branch.replace(/^refs\/heads\//, ''), '--']
        : startedOn.commit
            ? ['checkout', '--quiet', '--detach', startedOn.commit, '--']
            : null;
    if (!args)
        return;
    await git.run(args).catch((error) => {
        logger.warning(`the checkout stays on the release branch: cannot go back (${reason(error)})`);
    });
}
/**
 * Writes one commit per release on top of `base` onto `ref` (replacing whatever it held) and an
 * annotated tag on each, all in one `git fast-import`. Tags of the same names are replaced too: they
 * can only be local leftovers of an earlier, unpushed run, since the plan skips released tags.
 */
async function commitReleases(git, options) {
    const { base, ref, releases } = options;
    if (releases.length === 0)
        return { tip: base, releases: [] };
    const who = `${sanitize(options.identity.name)} <${sanitize(options.identity.email)}> ${Math.floor(options.now.getTime() / 1000)} +0000`;
    // A signed release's tags are made after its commits are signed (signed-objects.ts).
    const stream = fastImportStream({ base, ref, releases, who, tags: !options.signer });
    const marksDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pyrelease-marks-'));
    const marksFile = (0,external_node_path_.join)(marksDir, 'marks');
    try {
        await git.run(['fast-import', '--quiet', '--force', `--export-marks=${marksFile}`], {
            input: stream,
        });
        const marks = new Map();
        for (const entry of (0,external_node_fs_.readFileSync)(marksFile, 'utf8').split('\n')) {
            const [mark, sha] = entry.split(' ');
            if (mark && sha)
                marks.set(Number(mark.slice(1)), sha);
        }
        let commits = releases.map((_, i) => marks.get(i + 1));
        if (options.signer)
            commits = await signReleaseCommits(git, {
                commits,
                releases,
                tagger: who,
                ref,
                signer: options.signer,
            });
        const committed = releases.map((r, i) => ({ ...r, commit: commits[i] }));
        return { tip: committed[committed.length - 1].commit, releases: committed };
    }
    finally {
        (0,external_node_fs_.rmSync)(marksDir, { recursive: true, force: true });
    }
}
/** fast-import's input: each release's commit on the one before (the first on `base`), and its tag. */
function fastImportStream(o) {
    const chunks = [];
    const line = (text) => chunks.push(Buffer.from(`${text}\n`, 'utf8'));
    const data = (text) => {
        const bytes = Buffer.from(text, 'utf8');
        line(`data ${bytes.length}`);
        chunks.push(bytes, Buffer.from('\n'));
    };
    line('feature done');
    o.releases.forEach((release, index) => {
        const mark = index + 1;
        line(`commit ${o.ref}`);
        line(`mark :${mark}`);
        line(`author ${o.who}`);
        line(`committer ${o.who}`);
        data(release.commitMessage);
        line(index === 0 ? `from ${o.base}` : `from :${index}`);
        for (const file of release.files) {
            line(`M ${file.mode} inline ${quotePath(file.path)}`);
            data(file.content);
        }
        if (!o.tags)
            return;
        line(`tag ${release.tag}`);
        line(`from :${mark}`);
        line(`tagger ${o.who}`);
        data(release.notes);
    });
    line('done');
    return Buffer.concat(chunks);
}
/** fast-import identities end at `>` and lines at newlines: neither may appear inside a name. */
function sanitize(text) {
    return text.replace(/[<>\r\n]/g, '').trim();
}
/** fast-import's C-style quoting for paths with spaces, quotes or non-ASCII bytes. */
function quotePath(path) {
    if (!/[\s"\\]/.test(path) && !path.startsWith('"'))
        return path;
    return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

;// CONCATENATED MODULE: ./packages/core/src/release/fetch.ts



/**
 * The fetch of a release run, after preflight listed the remote: the base branch, the release
 * branch's commits and only the tags the checkout lacks or has otherwise (issue 33: a dry run on a
 * history of 38,000 tags no longer transfers their listing twice).
 */
/**
 * More tags to bring than this, and the fetch asks for every tag (`refs/tags/*`): git matches named
 * refspecs against what the remote lists one by one (40 s for 7,667 tags named).
 */
const MOST_TAGS_NAMED = 100;
/**
 * Base branch, the release branch's commits and the tags the checkout lacks or has otherwise than the
 * remote (forced, so the plan sees the remote's). The remote's tags were listed already (preflight):
 * a checkout that has them all fetches two branches, not a listing of every tag again. A dry run only
 * fetches objects.
 */
async function fetchForRelease(git, o) {
    const reader = new repository_RepositoryReader(git);
    const shallow = await reader.isShallow();
    const flags = historyFlags(shallow, o);
    const tags = shallow ? null : tagsToFetch(o.tagObjects, await reader.listTagObjects());
    // A dry run updates no ref, so a checkout that has every object it plans from asks for nothing.
    if (o.dryRun && tags?.length === 0 && (await hasCommits(git, [o.baseSha, o.leaseSha], o)))
        return;
    const named = tags !== null && tags.length <= MOST_TAGS_NAMED;
    await fetchRefs(git, o, flags, named ? tags : null).catch((error) => {
        // A tag deleted on the remote since the listing: every tag is asked for instead (as before
        // naming them), which no missing tag fails.
        if (!named || !/couldn't find remote ref/i.test((0,src_errors/* describeError */.Uc)(error)))
            throw error;
        o.logger.info(`a tag ${o.remote} listed is gone: fetching every tag instead`);
        return fetchRefs(git, o, flags, null);
    });
    // An unshallowing fetch with a filter makes the clone a partial one.
    if (shallow)
        git.forgetCloneKind();
    const fetched = await git.run(['cat-file', '-e', `${o.baseSha}^{commit}`], { okExitCodes: [1, 128] });
    if (fetched.exitCode !== 0) {
        throw new src_errors/* UserError */.yo(`base moved while fetching: ${o.remote}/${o.baseBranch} no longer points at ${o.baseSha.slice(0, 12)}`);
    }
}
/** One fetch: the base branch, the tags named (null: every tag) and the release branch. */
async function fetchRefs(git, o, flags, tags) {
    const refspecs = [
        `+refs/heads/${o.baseBranch}:refs/remotes/${o.remote}/${o.baseBranch}`,
        ...(tags === null ? ['+refs/tags/*:refs/tags/*'] : tags.map((t) => `+refs/tags/${t}:refs/tags/${t}`)),
        // What the release branch holds now, to check that a reset loses nothing.
        ...(o.leaseSha ? [`+refs/heads/${o.releaseBranch}:refs/remotes/${o.remote}/${o.releaseBranch}`] : []),
    ];
    // Neither submodules (git writes their objects into their own store, a dry run's too) nor the
    // maintenance a fetch may start (gc, pack-refs) are the release's business.
    const quiet = ['--quiet', '--no-tags', '--no-recurse-submodules', '--no-auto-maintenance'];
    const what = tags?.length === 0 ? '' : tags === null ? ' and the tags' : ` and ${tags.length} tag(s)`;
    await waitingFor(o.logger, doing(`fetching ${o.remote}/${o.baseBranch}${what}`), () => git.run(['fetch', ...quiet, '--stdin', ...flags, '--end-of-options', o.remote], {
        input: refspecs.map((r) => `${r}\n`).join(''),
        env: o.auth,
        timeoutMs: o.timeoutMs,
    }));
}
/**
 * The fetch's flags: a dry run takes the objects and updates no ref. A shallow checkout (actions/checkout's
 * default depth 1) would make its boundary commit look like it changed every file and hide older
 * commits: the plan needs the whole history, which a real run fetches.
 */
function historyFlags(shallow, o) {
    if (shallow && o.dryRun) {
        // Unshallowing rewrites .git/shallow (and a filter makes the clone a partial one): not a dry run.
        throw new src_errors/* UserError */.yo(`the checkout is shallow, and a dry run changes nothing, so it cannot fetch the whole history the plan needs (a real run fetches it: git fetch --unshallow --filter=blob:none ${o.remote}): fetch it first, or check out with fetch-depth: 0`);
    }
    if (!shallow)
        return o.dryRun ? ['--dry-run'] : [];
    o.logger.info('the checkout is shallow: fetching its full history, which the plan needs');
    // Without blobs where the remote allows it: the plan reads a few files, fetched when read.
    return ['--unshallow', '--filter=blob:none'];
}
/** The remote's tags that the checkout lacks or has at another object, by name. */
function tagsToFetch(remote, local) {
    return [...remote].filter(([name, object]) => local.get(name) !== object).map(([name]) => name);
}
/**
 * Whether the checkout has each of `commits` (empty ones left out), asked in one `cat-file`. In a
 * partial clone git may fetch a missing one on the way, with the run's credentials: then it is there.
 */
async function hasCommits(git, commits, o) {
    const wanted = commits.filter((c) => c !== '');
    const out = await git.text(['cat-file', '--batch-check=%(objecttype)'], {
        input: wanted.map((c) => `${c}^{commit}\n`).join(''),
        env: o.auth,
        timeoutMs: o.timeoutMs,
    });
    return out.split('\n').filter((l) => l === 'commit').length === wanted.length;
}

;// CONCATENATED MODULE: ./packages/core/src/changelog/links.ts
/**
 * Links into a repository's web pages on GitHub or GitHub Enterprise Server, built from parsed parts
 * only: a host name, an owner and a repository name that match strict patterns, a commit SHA, a
 * number, a tag encoded per path segment. Nothing from a commit message reaches a URL unparsed.
 */
class RepositoryLinks {
    url;
    constructor(
    /** `https://host[:port]/owner/name`, without credentials or a trailing slash. */
    url) {
        this.url = url;
    }
    /**
     * The repository a URL names: `https://[user@]host[:port]/owner/name[.git]` (GITHUB_SERVER_URL and
     * GITHUB_REPOSITORY joined, or a remote's https URL), `ssh://[user@]host[:port]/owner/name[.git]`,
     * `git://…`, or scp-like `[user@]host:owner/name[.git]`. Null for anything else (a local path, an
     * ssh host alias without a dot): changelogs then carry no links.
     */
    static fromUrl(url) {
        const trimmed = url.trim();
        const web = /^(https?):\/\/(?:[^@/\s]*@)?([^/:@\s]+)(:\d{1,5})?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(trimmed);
        if (web)
            return RepositoryLinks.of(web[1], web[2], web[3] ?? '', web[4], web[5]);
        const ssh = /^(?:ssh|git\+ssh|git):\/\/(?:[^@/\s]*@)?([^/:@\s]+)(?::\d{1,5})?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(trimmed);
        const scp = ssh
            ? null
            : /^(?:[^@/:\s]+@)?([^/:@\s]+):(?!\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(trimmed);
        const remote = ssh ?? scp;
        if (!remote || !remote[1].includes('.'))
            return null;
        // GitHub's ssh-over-443 host serves the same repositories as github.com.
        const host = remote[1].toLowerCase() === 'ssh.github.com' ? 'github.com' : remote[1];
        return RepositoryLinks.of('https', host, '', remote[2], remote[3]);
    }
    static of(scheme, host, port, owner, name) {
        const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
        const hostValid = host.length <= 253 && host.split('.').every((l) => label.test(l));
        const segment = /^[A-Za-z0-9_.-]{1,100}$/;
        const valid = (s) => segment.test(s) && s !== '.' && s !== '..';
        if (!hostValid || !valid(owner) || !valid(name))
            return null;
        return new RepositoryLinks(`${scheme}://${host.toLowerCase()}${port}/${owner}/${name}`);
    }
    commit(sha) {
        return /^[0-9a-f]{7,64}$/.test(sha) ? `${this.url}/commit/${sha}` : null;
    }
    /** The compare view from one tag to another. */
    compare(from, to) {
        return `${this.url}/compare/${refPath(from)}...${refPath(to)}`;
    }
    pullRequest(number) {
        return /^[1-9][0-9]{0,9}$/.test(number) ? `${this.url}/pull/${number}` : null;
    }
    tag(tag) {
        return `${this.url}/releases/tag/${refPath(tag)}`;
    }
}
/**
 * A ref in a URL path: each `/`-separated part percent-encoded, parentheses too, so that it cannot end
 * a Markdown link's destination early.
 */
function refPath(ref) {
    return ref
        .split('/')
        .map((part) => encodeURIComponent(part).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}

;// CONCATENATED MODULE: ./packages/core/src/release/preflight.ts








const DEFAULT_NETWORK_TIMEOUT_MS = 5 * 60_000;
/** Every check before anything changes: inputs, the checkout, the remote's state and the tested commit. */
async function preflight(git, options, logger) {
    const names = options.settingNames ?? ACTION_SETTINGS;
    const remote = options.remote ?? 'origin';
    const now = options.now ?? new Date();
    const nameFor = (baseSha) => renderReleaseBranch(options.releaseBranch, { now, baseSha });
    checkInputs(options, remote, () => nameFor('0'.repeat(40)), names);
    const timeoutMs = options.networkTimeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
    const head = await git.run(['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] });
    const branch = head.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
    if (!branch)
        logger.warning('HEAD is detached (usual in GitHub Actions): continuing from the base branch');
    if (!options.allowDirty)
        await assertClean(git, names);
    const remoteUrl = await git
        .text(['remote', 'get-url', '--end-of-options', remote])
        .catch(() => Promise.reject(new src_errors/* UserError */.yo(`remote ${JSON.stringify(remote)} is not configured in this repository`)));
    const auth = tokenAuthEnv(remoteUrl, options.token);
    // A blobless checkout fetches the files the release reads from the same remote, with the same token.
    git.fetchObjectsWith(auth, timeoutMs);
    const state = await waitingFor(logger, doing(`asking ${remote} for its branches and tags`), () => listRemote(git, remote, auth, timeoutMs));
    const baseSha = state.branches.get(options.baseBranch);
    if (!baseSha)
        throw new src_errors/* UserError */.yo(`the remote base branch ${remote}/${options.baseBranch} does not exist`);
    const releaseBranch = nameFor(baseSha);
    assertDiffersFromBase(releaseBranch, options.baseBranch, names);
    await checkTestedCommit(git, { options, remote, baseSha, names }, logger);
    const startedOn = {
        branch,
        commit: branch ? null : await git.text(['rev-parse', 'HEAD']).catch(() => null),
    };
    return {
        remote,
        baseBranch: options.baseBranch,
        baseSha,
        releaseBranch,
        perRun: isPerRunBranch(options.releaseBranch),
        leaseSha: state.branches.get(releaseBranch) ?? '',
        defaultBranch: once(() => remoteDefaultBranch(git, remote, auth, timeoutMs)),
        tags: state.tags,
        tagObjects: state.tagObjects,
        links: RepositoryLinks.fromUrl(options.webUrl || remoteUrl),
        auth,
        timeoutMs,
        startedOn,
        names,
        now,
    };
}
/** `ask`, called at most once; its answer is kept. */
function once(ask) {
    let answer = null;
    return () => (answer ??= ask());
}
/**
 * The inputs, before any network call: branch names, and the release branch differs from the base
 * (checked on the name as given here, and again once {date} and {sha} are filled in).
 */
function checkInputs(options, remote, sampleReleaseBranch, names) {
    validateBranch(names.value('base-branch'), options.baseBranch);
    validateBranch(names.value('release-branch'), sampleReleaseBranch(), options.releaseBranch);
    assertDiffersFromBase(options.releaseBranch, options.baseBranch, names);
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote))
        throw new src_errors/* UserError */.yo(`remote ${JSON.stringify((0,log_safety/* hideUrlCredentials */.y0)(remote))} is not a remote name`);
}
function assertDiffersFromBase(releaseBranch, baseBranch, names) {
    if (releaseBranch === baseBranch) {
        throw new src_errors/* UserError */.yo(`${names.value('release-branch')} must differ from ${names.value('base-branch')} (both are ${JSON.stringify(baseBranch)})`);
    }
}
/**
 * The commit CI tested must be the base branch's tip, unless skip-base-sync-check says otherwise. With
 * no tested commit given (the CLI), the checkout's HEAD is the one under test.
 */
async function checkTestedCommit(git, o, logger) {
    const { options, remote, baseSha, names } = o;
    const tested = options.testedSha || (await git.text(['rev-parse', 'HEAD']));
    if (tested === baseSha)
        return;
    const base = `${remote}/${options.baseBranch}`;
    if (!options.skipBaseSyncCheck) {
        const skip = names.flag('skip-base-sync-check');
        throw new src_errors/* UserError */.yo(options.testedSha
            ? `base moved since CI ran: the tested commit is ${tested.slice(0, 12)} but ${base} is ${baseSha.slice(0, 12)}; release from the exact ${base} commit, or ${skip}`
            : `${await checkoutApartFrom(git, { tested, baseSha, base })}, or ${skip} to release ${base} as it is`);
    }
    logger.warning(`releasing ${base} at ${baseSha.slice(0, 12)}, not the tested commit ${tested.slice(0, 12)} (${names.value('skip-base-sync-check')})`);
}
/** How a local checkout stands apart from the remote's base branch, and what to do about it. */
async function checkoutApartFrom(git, o) {
    const checkout = `your checkout (HEAD ${o.tested.slice(0, 12)})`;
    const remote = `${o.base} (${o.baseSha.slice(0, 12)})`;
    // 128: the remote's commit is not here yet, which is the remote being ahead.
    const ancestor = (a, b) => git.run(['merge-base', '--is-ancestor', a, b], { okExitCodes: [1, 128] }).then((r) => r.exitCode);
    const behind = await ancestor(o.tested, o.baseSha);
    if (behind === 0 || behind === 128)
        return `${remote} has commits ${checkout} lacks: pull first`;
    if ((await ancestor(o.baseSha, o.tested)) === 0)
        return `${checkout} has commits ${remote} lacks: push them first`;
    return `${checkout} is not ${remote}: check out ${o.base} first`;
}
function validateBranch(input, branch, given = branch) {
    if (!branch || !isValidRefComponent(branch) || branch.startsWith('-')) {
        throw new src_errors/* UserError */.yo(`${input} ${JSON.stringify(given)} is not a valid branch name`);
    }
}
async function assertClean(git, names) {
    const status = await git.text(['status', '--porcelain', '--untracked-files=no']);
    if (status.trim() !== '') {
        const files = status
            .split('\n')
            .map((l) => l.slice(3))
            .slice(0, 5)
            .join(', ');
        throw new src_errors/* UserError */.yo(`the working tree has uncommitted changes (${files}); commit or stash them, or ${names.flag('allow-dirty')}`);
    }
}

;// CONCATENATED MODULE: ./packages/core/src/release/cut-release.ts















/**
 * release flow §4 and §7: fetch, verify the base, reset the release branch to it, bump and commit each changed
 * package, tag, and push branch and tags in one atomic push. A hard failure leaves the remote untouched.
 */
async function cutRelease(git, options, logger) {
    // A key that cannot sign stops the run before anything is fetched or written.
    const signer = options.signing ? await openSigner(options.signing, git) : null;
    try {
        return await runApartWhenDry(git, options, signer, logger);
    }
    finally {
        await signer?.dispose();
    }
}
async function runApartWhenDry(git, options, signer, logger) {
    if (!options.dryRun)
        return releaseRun(git, options, signer, logger);
    // A dry run changes nothing local either: what it fetches goes to a folder of its own, removed after.
    const apart = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pyrelease-dry-run-'));
    try {
        await git.keepApart(apart);
        return await releaseRun(git, options, signer, logger);
    }
    finally {
        await git.keepApart(null);
        (0,external_node_fs_.rmSync)(apart, { recursive: true, force: true });
    }
}
async function releaseRun(git, options, signer, logger) {
    const run = await preflight(git, options, logger);
    const dryRun = options.dryRun ?? false;
    await fetchForRelease(git, { ...run, dryRun, logger });
    const index = options.indexUrl ? new PackageIndex(options.indexUrl) : null;
    const { plan, prepared } = await planAndPrepare(git, run, { ...options, index }, logger);
    const unpublished = index && options.indexNamed !== false ? await findUnpublished(tagsOfChannel(plan), index, logger) : [];
    const { releaseBranch, baseSha } = run;
    const nothing = {
        plan,
        releaseBranch,
        released: [],
        releaseSha: null,
        pushed: false,
        commands: [],
        unpublished,
        releaseBranchTip: run.leaseSha || null,
    };
    if (prepared.length > 0 && run.perRun && run.leaseSha) {
        await assertReleasedByEarlierRun(git, { ...run, prepared });
        logger.info(`release branch ${releaseBranch} already exists and holds ${baseSha.slice(0, 12)}: an earlier run released this base commit, and a per-run release branch is never reset, so nothing is released`);
        return nothing;
    }
    if (prepared.length === 0) {
        logger.info(`nothing to release in ${options.mode} mode at ${run.remote}/${options.baseBranch} (${baseSha.slice(0, 12)})`);
        return nothing;
    }
    await guardReleaseBranch(git, run, plan, { dryRun, isProtected: options.isProtectedBranch });
    if (dryRun) {
        const commands = dryRunCommands(run, prepared, options.push);
        return { ...nothing, released: prepared.map(toReleased), commands };
    }
    await warnAboutReplacedLocalTags(git, prepared, run.tags, logger);
    const committed = await commitAndCheckOut(git, { ...run, prepared, signer }, logger);
    try {
        if (!options.push) {
            logger.info(`not pushed: ${releaseBranch} and ${committed.releases.length} tag(s) are local only (push is off); a later run replaces these local tags unless they are pushed`);
            return { ...nothing, released: committed.releases.map(toReleased), releaseSha: committed.tip };
        }
        const tags = await pushRelease(git, { ...run, committed }, logger);
        logger.info(`pushed ${releaseBranch} and ${tags.length} tag(s) to ${run.remote} in one atomic push`);
        const released = committed.releases.filter((r) => tags.includes(r.tag)).map(toReleased);
        return { ...nothing, released, releaseSha: committed.tip, pushed: true };
    }
    finally {
        if (options.restoreCheckout)
            await restoreCheckout(git, run.startedOn, logger);
    }
}
/** The plan of the base commit and each release commit's files, read through one cat-file process. */
function planAndPrepare(git, run, options, logger) {
    return git.keepReading(async () => {
        const request = {
            mode: options.mode,
            head: run.baseSha,
            tags: run.tags,
            packageGlobs: options.packageGlobs,
            tagFormat: options.tagFormat,
            line: options.line,
            index: options.index ? indexQuestion(options.index, logger) : undefined,
        };
        const api = {
            tempDir: options.tempDir ?? userCacheDir(),
            logger,
            mode: options.apiCheck,
            usedBy: 'cut-release',
        };
        const { plan } = await planCheckingApi(git, request, api);
        for (const warning of plan.warnings)
            logger.warning(warning);
        logger.info(`${formatPlanHeading(plan, `${run.remote}/${options.baseBranch}`)}\n${formatPlanTable(plan)}`);
        const prepared = await prepareReleases(git, plan, run.now.toISOString().slice(0, 10), logger, run.links);
        for (const r of prepared)
            logger.info(formatReleaseCommit(r));
        return { plan, prepared };
    });
}
/** What a real run would do, for a dry run to print. */
function dryRunCommands(run, prepared, push) {
    return [
        `git checkout -B ${run.releaseBranch} ${run.baseSha}`,
        ...prepared.map((r) => `commit "${r.commitMessage}" (${r.files.map((f) => f.path).join(', ')}) and tag ${r.tag}`),
        ...(push
            ? [
                `git ${pushArgs(run, '<release commit>', prepared.map((r) => r.tag)).join(' ')}`,
            ]
            : []),
    ];
}

;// CONCATENATED MODULE: ./packages/core/src/release/publish-chunks.ts


/**
 * The `publish` list cut in chunks, one publish job each (issue 33): GitHub refuses a matrix of more
 * than 256 jobs, and every job pays a runner's start-up, so a job publishes several tags in one
 * publish-from-tag step. Pure.
 */
/** GitHub's limit on the jobs one matrix makes. */
const MATRIX_LIMIT = 256;
const DEFAULT_CHUNK_LIMITS = { size: 10, most: MATRIX_LIMIT };
/**
 * The chunks: finals and post releases apart from pre-releases (they go to other environments), each
 * part cut into chunks of `limits.size` tags, in the order of `publish`. When that makes more than
 * `limits.most` chunks, there are `limits.most`, shared between the parts by their number of tags, and
 * the tags shared evenly among each part's chunks.
 */
function publishChunks(publish, limits) {
    const parts = [
        publish.filter((r) => !isPreReleaseChannel(r.channel)),
        publish.filter((r) => isPreReleaseChannel(r.channel)),
    ].filter((p) => p.length > 0);
    const counts = chunkCounts(parts.map((p) => p.length), limits);
    const chunks = [];
    parts.forEach((part, p) => {
        const count = counts[p];
        for (let i = 0; i < count; i++) {
            // Even shares: 21 tags in 3 chunks are 7, 7 and 7, not 10, 10 and 1.
            const share = part.slice(Math.floor((i * part.length) / count), Math.floor(((i + 1) * part.length) / count));
            const channels = new Set(share.map((r) => r.channel));
            chunks.push({
                id: String(chunks.length + 1),
                tags: share.map((r) => r.tag).join(' '),
                expect: CHANNELS.filter((c) => channels.has(c)).join(','),
                final: !isPreReleaseChannel(share[0].channel),
                count: share.length,
            });
        }
    });
    return chunks;
}
/** How many chunks each part gets: a chunk per `size` tags, or `most` shared by size (each part one at least). */
function chunkCounts(sizes, limits) {
    const wanted = sizes.map((n) => Math.ceil(n / limits.size));
    if (wanted.reduce((a, b) => a + b, 0) <= limits.most)
        return wanted;
    const total = sizes.reduce((a, b) => a + b, 0);
    const counts = sizes.map((n) => Math.max(1, Math.floor((limits.most * n) / total)));
    // What flooring left over goes to the largest parts; a part never gets more chunks than tags.
    const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
    for (let left = limits.most - counts.reduce((a, b) => a + b, 0), k = 0; left > 0; k++) {
        const i = order[k % order.length];
        if (counts[i] < sizes[i]) {
            counts[i] += 1;
            left -= 1;
        }
        else if (counts.every((c, j) => c >= sizes[j]))
            break;
    }
    return counts;
}
/**
 * The limits as the inputs give them (`publish-chunk-size`, `publish-max-chunks`): whole numbers, a
 * chunk of 1 to 1,000 tags and 2 (finals apart from pre-releases) to 256 chunks.
 */
function parseChunkLimits(size, most, names = ['publish-chunk-size', 'publish-max-chunks']) {
    const whole = (text, name, low, high, fallback) => {
        if (text.trim() === '')
            return fallback;
        const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
        if (!(n >= low && n <= high))
            throw new src_errors/* UserError */.yo(`${name} must be a whole number from ${low} to ${high}, got ${JSON.stringify(text)}`);
        return n;
    };
    return {
        size: whole(size, names[0], 1, 1000, DEFAULT_CHUNK_LIMITS.size),
        most: whole(most, names[1], 2, MATRIX_LIMIT, DEFAULT_CHUNK_LIMITS.most),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/release/outputs.ts

function releaseOutputs(result, dryRun, chunks = DEFAULT_CHUNK_LIMITS) {
    const released = dryRun ? [] : result.released.map(taggedRelease);
    const unpublished = dryRun ? [] : result.unpublished;
    const publish = [...released, ...unpublished];
    return {
        released,
        unpublished,
        publish,
        'publish-chunks': publishChunks(publish, chunks),
        tags: released.map((r) => r.tag).join(' '),
        'release-sha': dryRun ? '' : (result.releaseSha ?? ''),
        count: released.length,
        'release-branch': result.releaseBranch,
    };
}
/** A release as the publish jobs take it: without its notes and the files its commit changed. */
function taggedRelease({ notes: _notes, changes: _changes, ...tagged }) {
    return tagged;
}
/** An output as the runner holds it: a string (lists as JSON). */
function outputText(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
}
/**
 * `pyrelease cut-release --json`: the outputs, and what a person or a program checks before and after
 * a run: whether it was a dry run and pushed, and each release of the run (in a dry run, those it
 * would make) with the changelog section it writes and the files its commit changes.
 */
function cutReleaseJson(result, dryRun) {
    return {
        ...releaseOutputs(result, dryRun),
        'dry-run': dryRun,
        pushed: result.pushed,
        releases: result.released,
        ...(dryRun && { 'would-run': result.commands }),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/release/release-tags.ts




/** How many of each package's newest tags are read: more than a run creates Releases for. */
const RELEASE_TAGS_READ_PER_PACKAGE = 25;
/**
 * Per package, its newest tags of the plan's channels in cut-release's shape, newest first, as they
 * were before this run (the plan's tags). Another tool's tag, or one that points elsewhere than the
 * remote said, ends a package's list: what is below it is not pyrelease's to speak for. Whether each
 * is on the release branch as this run found it (`releaseTip`, its remote tip; null: none) is read
 * too. One cat-file for all packages.
 */
async function readReleaseTags(git, plan, releaseTip) {
    const channels = channelsOfMode(plan.mode);
    const newest = plan.packages.map((p) => newestOfChannels(p, channels));
    const all = newest.flat();
    if (all.length === 0)
        return [];
    const reader = new repository_RepositoryReader(git);
    return git.keepReading(async () => {
        const tags = await reader.readTagObjects(all.map((t) => t.tag));
        const commits = await reader.readCommits([...new Set(all.map((t) => t.commit))]);
        const chain = releaseTip ? await releaseChain(reader, releaseTip) : new Set();
        return plan.packages.map((p, i) => {
            const made = [];
            for (const t of newest[i]) {
                const tag = tags.get(t.tag);
                const commit = commits.get(t.commit);
                const subject = commit?.parents.length === 1 ? parseReleaseCommitMessage(commit.message) : null;
                const ours = tag?.object === t.commit && subject?.name === p.package.name && subject.version === t.version.text;
                if (!ours || !tag)
                    break;
                made.push({ ...toReleaseTag(t, tag, p.package.name), onReleaseBranch: chain.has(t.commit) });
            }
            return made;
        });
    });
}
function newestOfChannels(p, channels) {
    return p.tags
        .filter((t) => channels.includes(channelOf(t.version)))
        .sort((a, b) => compareVersions(b.version, a.version))
        .slice(0, RELEASE_TAGS_READ_PER_PACKAGE);
}
/** The release commits a release branch's tip sits on (one run's: each has one parent, down to its base). */
async function releaseChain(reader, tip) {
    const chain = new Set();
    for (let sha = tip; sha && !chain.has(sha);) {
        const commit = (await reader.readCommits([sha])).get(sha);
        if (!commit || !releaseCommitSubject(commit))
            break;
        chain.add(sha);
        sha = commit.parents[0];
    }
    return chain;
}
function toReleaseTag(t, tag, name) {
    const channel = channelOf(t.version);
    return { tag: t.tag, name, version: t.version.text, channel, notes: tag.message, taggedAt: tag.taggedAt };
}

;// CONCATENATED MODULE: ./packages/core/src/publish/attestations.ts



/** The PEP 740 signing tool, installed into the private venv when the python on PATH lacks it. */
const ATTESTATION_TOOLS = [
    { pip: 'pypi-attestations==0.0.31', module: 'pypi_attestations' },
];
/** Where an attestation of `file` is written, and where `twine upload --attestations` looks for it. */
function attestationPathOf(file) {
    return `${file}.publish.attestation`;
}
/**
 * What `python -m pypi_attestations sign` does (PEP 740 attestations over sigstore, Rekor v1), with an
 * identity token given to it instead of found in the environment: the signing code never gets the
 * runner's token request variables, which could mint tokens for any audience.
 */
const SIGN_SCRIPT = [
    'import os, sys',
    'from pathlib import Path',
    'from pypi_attestations import Attestation, Distribution',
    'from sigstore.models import ClientTrustConfig',
    'from sigstore.oidc import IdentityToken',
    'from sigstore.sign import SigningContext',
    // The files, then where each one's attestation goes (attestationPathOf).
    'args = sys.argv[1:]',
    'half = len(args) // 2',
    'token = IdentityToken(os.environ.pop("PYRELEASE_SIGSTORE_TOKEN"))',
    'config = ClientTrustConfig.production()',
    'config.force_tlog_version = 1',
    'with SigningContext.from_trust_config(config).signer(token, cache=True) as signer:',
    '    for name, out in zip(args[:half], args[half:]):',
    '        attestation = Attestation.sign(signer, Distribution.from_file(Path(name)))',
    '        Path(out).write_text(attestation.model_dump_json())',
].join('\n');
/** Signing asks the runner for a token, Sigstore for a certificate, and logs to Rekor: minutes at most. */
const attestations_SIGN_TIMEOUT_MS = 5 * 60_000;
/** The indexes that take attestations (PEP 740), by upload host. */
const ATTESTING_HOSTS = new Set(['upload.pypi.org', 'test.pypi.org']);
/**
 * Whether a publish signs its files: asked for (the default), with trusted publishing (the identity
 * that signs is the workflow's), to PyPI or TestPyPI. Otherwise why not, for a notice; null when
 * attestations were turned off. Pure.
 */
function attestationDecision(o) {
    if (!o.requested)
        return { sign: false, notice: null };
    if (!o.trustedPublishing)
        return {
            sign: false,
            notice: 'no attestations: they are signed with the workflow identity of trusted publishing, and an API token is set (password)',
        };
    let host = '';
    try {
        host = new URL(o.repositoryUrl).host;
    }
    catch {
        // indexEndpoints has refused it already.
    }
    if (!ATTESTING_HOSTS.has(host))
        return {
            sign: false,
            notice: `no attestations: only PyPI and TestPyPI take them, and repository-url is ${shownUrl(o.repositoryUrl)}`,
        };
    return { sign: true };
}
/**
 * Signs each file with pypi-attestations and sigstore as the job's workflow identity (`identityToken`:
 * the runner's OIDC token for audience `sigstore`, which pyrelease asks for itself), writing each
 * file's attestation to attestationPathOf(file) for `twine upload --attestations`.
 */
async function signDistributions(python, paths, identityToken) {
    await runCommand(python, ['-I', '-c', SIGN_SCRIPT, ...paths, ...paths.map(attestationPathOf)], {
        // The token goes to this one command, and no other credential does.
        extraEnv: { NO_COLOR: '1', PYRELEASE_SIGSTORE_TOKEN: identityToken },
        stdout: 'log',
        timeoutMs: attestations_SIGN_TIMEOUT_MS,
        displayName: 'python',
    }).catch((error) => {
        const detail = error instanceof CommandError
            ? (0,src_errors/* oneLine */.TN)([
                error.reason ?? '',
                // A Python traceback ends with the exception and its message.
                (error.stderr.trim() || error.stdout).split('\n').filter(Boolean).slice(-1).join(' '),
            ]
                .filter(Boolean)
                .join(': ') || error.message)
            : (0,src_errors/* describeError */.Uc)(error);
        throw new src_errors/* UserError */.yo(`signing attestations failed (pypi-attestations): ${detail}; nothing was uploaded. To publish without them, set attestations: false`);
    });
}
/** The runner's OIDC token for Sigstore, masked before use; a one-line error when the job has none. */
async function sigstoreIdentity(oidc, mask) {
    if (!oidc.idToken) {
        throw new src_errors/* UserError */.yo('cannot sign attestations: the job has no OIDC token to sign with; give it permissions: id-token: write, or set attestations: false');
    }
    const token = await oidc.idToken('sigstore').catch((error) => {
        throw new src_errors/* UserError */.yo(`cannot sign attestations: the runner refused an OIDC token for sigstore (${error instanceof Error ? error.message : String(error)}); nothing was uploaded`);
    });
    mask(token);
    return token;
}

;// CONCATENATED MODULE: ./packages/core/src/publish/artifacts.ts



/** The name part of wheel (PEP 427) and sdist (PEP 625) file names: normalized, `-` as `_`. */
function fileNamePart(name) {
    return normalizeName(name).replace(/-/g, '_');
}
/**
 * Why `file` is not a distribution of exactly `name` `version`, or null when it is: a wheel
 * `{name}-{version}(-{build})?-{py}-{abi}-{platform}.whl` or an sdist `{name}-{version}.tar.gz`.
 */
function artifactProblem(file, name, version) {
    let parts;
    if (file.endsWith('.whl')) {
        parts = file.slice(0, -4).split('-');
        if (parts.length !== 5 && parts.length !== 6)
            return `${file} is not a valid wheel file name (PEP 427)`;
    }
    else if (file.endsWith('.tar.gz')) {
        const stem = file.slice(0, -7);
        const dash = stem.indexOf('-');
        parts = dash < 0 ? [stem] : [stem.slice(0, dash), stem.slice(dash + 1)];
        if (parts.length !== 2)
            return `${file} is not a valid sdist file name (PEP 625)`;
    }
    else {
        return `${file} is neither a wheel (.whl) nor an sdist (.tar.gz)`;
    }
    // Both parts must be spelled normalized, as PEP 625 and the binary distribution format require.
    const [fileName, fileVersion] = parts;
    if (fileName !== fileNamePart(name))
        return `${file} is named ${fileName}, not ${fileNamePart(name)}`;
    if (fileVersion !== version.text)
        return `${file} has version ${fileVersion}, not ${version.text}`;
    return null;
}
function sha256Of(path) {
    return (0,external_node_crypto_.createHash)('sha256').update((0,external_node_fs_.readFileSync)(path)).digest('hex');
}

;// CONCATENATED MODULE: ./packages/core/src/publish/build.ts








/** A build runs the project's own backend (and may compile): long, but a hung one must end the job. */
const BUILD_TIMEOUT_MS = 30 * 60_000;
/** `twine check` reads the files it is given, offline. */
const TWINE_CHECK_TIMEOUT_MS = 5 * 60_000;
/** Added for build and twine: plain logs without colour codes or pip's version nag. */
const QUIET_ENV = {
    NO_COLOR: '1',
    TERM: 'dumb',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
};
/**
 * The files to publish, in `outdir`: those in `dist` (built by an earlier `upload: false` step), else
 * a build of the package.
 */
async function builtFiles(git, tagged, python, outdir, given, logger) {
    if (!given.dist)
        return await build(git, tagged.pkg.path, python, outdir, given.buildCommand, logger);
    // Of a folder that holds several tags' files, this tag's: its package's name and version.
    const mine = given.distOfSeveral
        ? (f) => artifactProblem(f, tagged.pkg.name, tagged.version) === null
        : () => true;
    const files = takeBuilt((0,external_node_path_.resolve)(git.cwd, given.dist), outdir, { mine, shown: given.dist }, logger);
    if (files.length > 0)
        return files;
    throw new src_errors/* UserError */.yo(given.distOfSeveral
        ? `dist ${given.dist} holds no files of ${tagged.pkg.name} ${tagged.version.text} (tag ${tagged.tag}): expected the files a publish-from-tag step with upload: false built from the same tags`
        : `dist ${given.dist} holds no files: expected the files a publish-from-tag step with upload: false built`);
}
/** Each file must be a wheel or sdist of the tag's package and version. */
function assertNamedForTag(files, { tag, pkg, version }) {
    const problems = files
        .map((f) => artifactProblem(f, pkg.name, version))
        .filter((p) => p !== null);
    if (problems.length === 0)
        return;
    const source = pkg.versionSource;
    // A backend that derives the version from git read another tag (or none): name its setting.
    const hint = source.kind === 'vcs' && files.some((f) => artifactVersionDiffers(f, version))
        ? `; ${source.backend} built another version than tag ${tag}: set ${source.tagSetting} in ${pkg.pyprojectPath} so it reads only this package's tags`
        : '';
    throw new src_errors/* UserError */.yo(`refusing to upload: ${problems.join('; ')}${hint}`);
}
/** `twine check` of `paths` (one process for any number of files): their metadata must render on the index. */
async function twineCheck(python, paths, logger) {
    await build_shown(logger, 'twine check', runCommand(python, ['-m', 'twine', 'check', ...paths], {
        extraEnv: QUIET_ENV,
        stdout: 'log',
        timeoutMs: TWINE_CHECK_TIMEOUT_MS,
    })).catch((error) => {
        throw new src_errors/* UserError */.yo(`refusing to upload: twine check failed: ${commandDetail(error)}`);
    });
}
/**
 * With `upload: false`: the verified files, copied to the folder `kept` (a folder that outlives this
 * step: the next one hands it on with actions/upload-artifact), which several tags of one step share.
 * A name already there is another tag's build of the same file: refused.
 */
function keepVerified(local, kept, tag, logger) {
    const taken = local.find((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(kept, f.name)));
    if (taken)
        throw new src_errors/* UserError */.yo(`tag ${tag} built ${taken.name}, which another tag of this step built too`);
    for (const f of local)
        (0,external_node_fs_.copyFileSync)(f.path, (0,external_node_path_.join)(kept, f.name));
    logger.info(`${local.map((f) => f.name).join(', ')} built and verified, not uploaded: they are in ${kept}`);
    return kept;
}
/** A fresh folder for `upload: false`'s files, under the step's temporary folder. */
function keptFolder(tempDir) {
    return (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'pyrelease-built-'));
}
/** True when a built file's name carries a version other than `version`. */
function artifactVersionDiffers(file, version) {
    const stem = file.endsWith('.whl')
        ? file.slice(0, -4).split('-')[1]
        : file.endsWith('.tar.gz')
            ? file.slice(0, -7).split('-').slice(1).join('-')
            : null;
    return stem !== null && stem !== undefined && stem !== version.text;
}
async function build(git, path, python, outdir, command, logger) {
    const argv = parseCommandLine(command || (await defaultBuildCommand()), python);
    const isBuild = argv[1] === '-m' && argv[2] === 'build';
    if (isBuild && !argv.some((a) => a === '--outdir' || a === '-o' || a.startsWith('--outdir=')))
        argv.push('--outdir', outdir);
    const isUvBuild = argv[0] === 'uv' && argv[1] === 'build';
    if (isUvBuild && !argv.some((a) => a === '--out-dir' || a === '-o' || a.startsWith('--out-dir=')))
        argv.push('--out-dir', outdir);
    const cwd = (0,external_node_path_.join)(git.cwd, path);
    // A custom command leaves its files where it likes; its dist/ folder must not hold old ones.
    const collectFrom = argv.includes(outdir) ? outdir : (0,external_node_path_.join)(cwd, 'dist');
    if (collectFrom !== outdir && readdirSafe(collectFrom).length > 0) {
        throw new src_errors/* UserError */.yo(`${joinPath(path, 'dist')} already holds files: a custom build-command must start from an empty dist/`);
    }
    logger.info(`building ${path}: ${argv.join(' ')}`);
    await waitingFor(logger, { doing: `building ${path}` }, () => build_shown(logger, `build of ${path}`, runCommand(argv[0], argv.slice(1), {
        cwd,
        extraEnv: QUIET_ENV,
        stdout: 'log',
        timeoutMs: BUILD_TIMEOUT_MS,
        displayName: argv[0] === python ? 'python' : argv[0],
    }))).catch((error) => {
        throw new src_errors/* UserError */.yo(`build of ${path} failed: ${commandDetail(error)}`);
    });
    // uv build marks its output folder with a .gitignore: a file of the builder's, not a build.
    const files = readdirSafe(collectFrom)
        .filter((f) => !(isUvBuild && f === '.gitignore'))
        .sort();
    if (files.length === 0)
        throw new src_errors/* UserError */.yo(`build of ${path} produced no file in ${collectFrom}`);
    // Verification and upload work on one folder of ours.
    if (collectFrom !== outdir)
        for (const f of files)
            (0,external_node_fs_.copyFileSync)((0,external_node_path_.join)(collectFrom, f), (0,external_node_path_.join)(outdir, f));
    return files;
}
/**
 * The build when none is given: `uv build` when uv is on PATH (its build environments are cached, so a
 * build takes seconds instead of a fresh environment's tens), else `python -m build`. Both build the
 * same files from the same backend, and every check after them is the same.
 */
function defaultBuildCommand() {
    // Asked once per PATH: a step that builds several tags starts uv --version once.
    const path = process.env.PATH ?? '';
    let known = defaultBuilds.get(path);
    if (!known) {
        known = runCommand('uv', ['--version'], { timeoutMs: 30_000 }).then(() => 'uv build', () => 'python -m build');
        defaultBuilds.set(path, known);
    }
    return known;
}
/** The default build found so far in this process, by PATH. */
const defaultBuilds = new Map();
/**
 * What a command printed (its bounded stdout and stderr), handed to the logger, which shows it folded
 * and fenced; also when the command failed, so a failed build can be read in the log.
 */
async function build_shown(logger, title, run) {
    const show = (stdout, stderr) => {
        const text = [stdout, stderr]
            .filter((t) => t.trim() !== '')
            .join('\n')
            .replace(/\n$/, '');
        if (text)
            logger.output?.(title, text);
    };
    try {
        const result = await run;
        show(result.stdout.toString('utf8'), result.stderr);
        return result;
    }
    catch (error) {
        if (error instanceof CommandError)
            show(error.stdout, error.stderr);
        throw error;
    }
}
/** The files an earlier `upload: false` step built that `mine` takes, copied into our folder to be verified like a build. */
function takeBuilt(dir, outdir, o, logger) {
    const files = readdirSafe(dir)
        .filter((f) => (0,external_node_fs_.statSync)((0,external_node_path_.join)(dir, f)).isFile() && o.mine(f))
        .sort();
    if (files.length === 0)
        return [];
    logger.info(`not building: uploading the files built earlier in ${o.shown}: ${files.join(', ')}`);
    for (const f of files)
        (0,external_node_fs_.copyFileSync)((0,external_node_path_.join)(dir, f), (0,external_node_path_.join)(outdir, f));
    return files;
}
function readdirSafe(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return [];
    }
}
/** The last lines the command printed, after why it ended when that was not its own choice. */
function commandDetail(error) {
    if (error instanceof CommandError) {
        // twine reports its errors on stdout.
        const lines = (error.stderr.trim() || error.stdout)
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
        const why = error.reason ?? (error.signal ? `killed by ${error.signal}` : '');
        return (0,src_errors/* oneLine */.TN)([why, lines.slice(-3).join(' ')].filter(Boolean).join(': ') || error.message);
    }
    return (0,src_errors/* describeError */.Uc)(error);
}

;// CONCATENATED MODULE: ./packages/core/src/publish/release-chain.ts











/**
 * The commits of a tag that reached no reviewed branch (oldest first) may only be pyrelease's release
 * commits, one chain on a reviewed commit, each changing nothing but what a release writes: the
 * package's version files as its updater writes them, its changelog, uv.lock versions, and in
 * pyproject.toml files the version and requirements on sibling packages. What the release writes is
 * judged by the configuration at the reviewed commit, never by the tag's. Null when that holds, else
 * what breaks it, for the message. Two git processes: one tree listing, one batch read.
 */
async function unreviewedChange(git, outside) {
    if (outside.length === 0)
        return null;
    const broken = outside.find((c, i) => c.parents.length !== 1 || (i > 0 && c.parents[0] !== outside[i - 1].sha));
    if (broken)
        return `${release_chain_describe(broken)} is not on one chain of release commits`;
    const base = outside[0].parents[0];
    const reader = new repository_RepositoryReader(git);
    const { packages, blobs } = await git.keepReading(async () => {
        const { packages } = await readPackagesAt(reader, base, []);
        const specs = outside.flatMap((c) => c.files.flatMap((f) => [`${c.parents[0]}:${f}`, `${c.sha}:${f}`]));
        return { packages, blobs: await reader.readFiles([...new Set(specs)]) };
    });
    const text = (spec) => blobs.get(spec)?.toString('utf8') ?? null;
    for (const c of outside) {
        const subject = releaseCommitSubject(c);
        const pkg = subject ? packages.find((p) => p.name === normalizeName(subject.name)) : undefined;
        const version = subject ? tryParseVersion(subject.version) : null;
        if (!pkg || !version)
            return `${release_chain_describe(c)} is not a release commit of a package of ${base.slice(0, 12)}`;
        for (const file of c.files) {
            const edit = { before: text(`${c.parents[0]}:${file}`), after: text(`${c.sha}:${file}`) };
            if (!isReleaseEdit(file, edit, pkg, version, packages)) {
                return `${release_chain_describe(c)} changes ${file} beyond what the release of ${pkg.name} ${version.text} writes`;
            }
        }
    }
    return null;
}
function release_chain_describe(c) {
    return `commit ${c.sha.slice(0, 12)} ${quotedSubject(c)}`;
}
/** Whether `file` went from `before` to `after` as the release of `pkg` at `version` writes it. */
function isReleaseEdit(file, edit, pkg, version, packages) {
    const { before, after } = edit;
    if (after === null)
        return false;
    if (file === pkg.changelogPath)
        return true;
    if (before === null)
        return false;
    try {
        const updater = versionUpdatersOf(pkg).find((u) => u.file === file);
        if (updater && updater.update(before, version) === after)
            return true;
        if (isLockFile(file) && setLockedVersion(before, file, pkg, version) === after)
            return true;
        const owner = packages.find((p) => p.pyprojectPath === file);
        return owner !== undefined && sameBesidesReleaseFields(before, after, file, owner, packages);
    }
    catch {
        // A file the updaters cannot read is not one they wrote.
        return false;
    }
}
/**
 * Two texts of a package's pyproject.toml that are the same document once the version and the
 * version constraints of its requirements on siblings are set aside: what a release may move there.
 */
function sameBesidesReleaseFields(before, after, file, owner, packages) {
    const names = new Set(packages.map((p) => p.name));
    const normalized = (text) => {
        const doc = parseToml(text, file);
        for (const table of [tableIn(doc, 'project'), tableIn(doc, 'tool', 'poetry')]) {
            if (table)
                delete table.version;
        }
        for (const r of internalRequirementsOf(doc, names, owner.name))
            setAt(doc, r.key, r.index, r.on);
        return canonicalToml(doc);
    };
    return normalized(before) === normalized(after);
}
/** Sets the value at `key` (an array element when `index` is given) in a parsed document. */
function setAt(doc, key, index, value) {
    let node = doc;
    for (const part of key.slice(0, -1))
        node = node[part];
    const last = key[key.length - 1];
    const holder = node;
    if (index === null)
        holder[last] = value;
    else
        holder[last][index] = value;
}

;// CONCATENATED MODULE: ./packages/core/src/publish/reviewed-checkout.ts




/**
 * The branches a published tag's commit must have reached by default: the release flow's base branches
 * (test, master), where reviewed pull requests land, and its release branches, which only
 * cut-release pushes.
 */
const DEFAULT_PUBLISH_BRANCHES = ['test', 'master', 'release-test', 'release'];
/**
 * Write access to tags alone must not publish to the index: a tag whose commit holds work that reached
 * none of `branches` (names, per-run patterns or globs; local or remote-tracking, as the checkout has
 * them) is refused. pyrelease's own release commits on top of such a branch are the exception, checked
 * for what they change (unreviewedChange): a release branch is reset by the next run, so an older
 * release's tag is on no branch any more (one `for-each-ref`, one `log` of the commits between).
 */
async function assertTagOnBranches(git, o) {
    const listed = await git.text(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes']);
    const reviewed = listed
        .split('\n')
        .filter((ref) => branchNameOf(ref).some((b) => (0,branch_pattern/* matchesBranchPattern */.a)(b, o.branches)));
    const setting = o.settings.value('tag-branches');
    const named = `tag ${o.tag} (${o.tagCommit.slice(0, 12)})`;
    if (reviewed.length === 0) {
        throw new src_errors/* UserError */.yo(`${named} cannot be shown to hold reviewed work: no branch of this checkout is one of ${o.branches.join(', ')}; check out with fetch-depth: 0 so the branches are there, or list its branch in ${setting}`);
    }
    const outside = await new repository_RepositoryReader(git).readCommitsBetween(reviewed, o.tagCommit);
    const problem = await unreviewedChange(git, outside);
    if (problem === null)
        return;
    throw new src_errors/* UserError */.yo(`${named} holds work that reached none of the branches ${o.branches.join(', ')}: ${problem}; only work that reached a base or release branch is published, and pyrelease's own release commits on it: check out with fetch-depth: 0 so the branches are there, or list its branch in ${setting}`);
}
/** `refs/heads/x` and `refs/remotes/<remote>/x` as the branch name `x`; a remote's HEAD is none. */
function branchNameOf(ref) {
    if (ref.startsWith('refs/heads/'))
        return [ref.slice('refs/heads/'.length)];
    const rest = ref.startsWith('refs/remotes/') ? ref.slice('refs/remotes/'.length) : '';
    const name = rest.slice(rest.indexOf('/') + 1);
    return rest.includes('/') && name !== 'HEAD' ? [name] : [];
}
/**
 * What is built is what the tag holds: a tracked file changed, or one hidden from git's eye
 * (skip-worktree, assume-unchanged), an untracked file, or an ignored one in the package's folder
 * (a stale build/, a local module a backend would pick up) would go into the uploaded files.
 */
async function assertCleanCheckout(git, o) {
    if (o.allowDirty)
        return;
    const status = await git.text(['status', '--porcelain', '--untracked-files=all', '--ignored=matching']);
    const inPackage = (file) => o.path === '.' || file.startsWith(`${o.path}/`);
    const changed = status
        .split('\n')
        .filter((l) => l.length > 3 && (!l.startsWith('!! ') || inPackage(l.slice(3))))
        .map((l) => (l.startsWith('!! ') ? `${l.slice(3)} (ignored)` : l.slice(3)));
    // `git ls-files -v` marks skip-worktree entries S and assume-unchanged ones in lower case.
    const flagged = await git.text(['ls-files', '-v']);
    const hidden = flagged
        .split('\n')
        .filter((l) => /^(S|[a-z]) /.test(l))
        .map((l) => `${l.slice(2)} (hidden from git status)`);
    const files = [...hidden, ...changed];
    if (files.length === 0)
        return;
    throw new src_errors/* UserError */.yo(`the checkout of tag ${o.tag} has changes (${files.slice(0, 5).join(', ')}): what is built must be exactly the tag's files; build from a clean checkout of the tag${o.settings.trustedPublishing ? '' : `, or ${o.settings.flag('allow-dirty')}`}`);
}

;// CONCATENATED MODULE: ./packages/core/src/publish/tag-package.ts






/**
 * `any`, or channels separated by commas or spaces (`alpha, beta, rc`). `final` admits post releases
 * too: a post release fixes a published final, and goes where it went.
 */
function parseExpectation(value, what = 'expect') {
    const words = value.split(/[\s,]+/).filter((w) => w !== '');
    if (words.length === 1 && words[0] === 'any')
        return 'any';
    const unknown = words.find((w) => !CHANNELS.includes(w));
    if (words.length === 0 || unknown !== undefined) {
        throw new src_errors/* UserError */.yo(`${what} must be any, or one or more of ${wordList(CHANNELS)} (separated by commas), got ${JSON.stringify(value)}`);
    }
    const channels = words;
    return [...new Set(channels.flatMap((c) => (c === 'final' ? ['final', 'post'] : [c])))];
}
/** `a final release`, `an rc`, `an alpha`, `a dev release`: what a tag of `channel` is, in words. */
function describeChannel(channel) {
    if (channel === 'rc')
        return 'an rc';
    if (channel === 'alpha')
        return 'an alpha';
    if (channel === 'beta')
        return 'a beta';
    return `a ${channel} release`;
}
/**
 * release flow §5: the package of `tag`, read at its commit; its channel must be the one expected, and
 * a version declared in a file the tag's.
 */
function packageAtTag(tag, workspace, request, names = ACTION_SETTINGS) {
    const { packages, unreleased } = workspace;
    const { pkg, version } = packageOfTag(tag, packages, unreleased, request.tagFormat);
    const channel = channelOf(version);
    const expect = request.expect ?? 'any';
    if (expect !== 'any' && !expect.includes(channel)) {
        throw new src_errors/* UserError */.yo(`tag ${tag} is ${describeChannel(channel)} (${version.text}), but ${names.value('expect')} admits ${wordList(expect, 'and')} releases only`);
    }
    // A version in a file must be the tag's; one derived from the tags is checked on the built files.
    if (pkg.version && pkg.version.text !== version.text) {
        const where = pkg.versionSource.kind === 'file' ? pkg.versionSource.file : pkg.pyprojectPath;
        throw new src_errors/* UserError */.yo(`${where} at ${tag} declares version ${pkg.version.text}, but the tag says ${version.text}`);
    }
    return { tag, pkg, version, channel };
}
function tagFromRef(ref) {
    if (ref?.startsWith('refs/tags/'))
        return ref.slice('refs/tags/'.length);
    throw new src_errors/* UserError */.yo(`no tag to publish: set input tag, or run on a tag push (GITHUB_REF is ${ref ? JSON.stringify(ref) : 'not set'})`);
}
/**
 * release flow §5: the checkout must hold the tag and sit on its commit (`atHead`; false when nothing
 * of the checkout is read: files built earlier, a package read from the tag's objects).
 */
async function checkoutAtTag(git, tag, names = ACTION_SETTINGS, atHead = true) {
    const found = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/tags/${tag}^{commit}`], { okExitCodes: [1] });
    const [shallow, head] = (await git.text(['rev-parse', '--is-shallow-repository', 'HEAD'])).split('\n');
    if (found.exitCode !== 0) {
        // Only on the way to an error: the tags are listed to suggest the one meant.
        const tags = (await git.text(['tag', '--list'])).split('\n').filter(Boolean);
        throw new src_errors/* UserError */.yo(names.missingTag(tag, { shallow: shallow === 'true', nearest: nearestWord(tag, tags) }));
    }
    const tagCommit = found.stdout.toString('utf8').trim();
    if (atHead && head !== tagCommit) {
        throw new src_errors/* UserError */.yo(`the checkout is at ${head.slice(0, 12)}, not at tag ${tag} (${tagCommit.slice(0, 12)}): ${names.checkOutTag(tag)}`);
    }
    return tagCommit;
}
/**
 * The package a tag belongs to and the version it gives, read with every package's formats (the
 * configured one and its previous ones). A tag of no package is a one-line error naming the known ones.
 */
function packageOfTag(tag, packages, unreleased, override) {
    const matcher = new TagMatcher(packages.flatMap((p) => tagPatternsOf(p, override).map((pattern) => ({ pattern, owner: p }))));
    const found = matcher.match(tag);
    const sharing = found && sharedShapes(packages, override).get(found.pattern.shape);
    if (sharing) {
        throw new src_errors/* UserError */.yo(`tag ${tag} is history that ${sharing.join(', ')} share through previous-tag-formats ${JSON.stringify(found.pattern.format)}: pyrelease publishes only from a tag that names one package`);
    }
    if (found)
        return { pkg: found.owner, version: found.version };
    const names = packages.map((p) => p.name);
    const format = override ?? packages[0].settings.tagFormat ?? DEFAULT_TAG_FORMAT;
    const guess = format.includes('{dir}') || format.includes('{path}')
        ? undefined
        : new TagFormat(format).candidates(tag)[0];
    const folder = guess?.name ? unreleased.find((u) => u.name === guess.name) : undefined;
    if (folder)
        throw new src_errors/* UserError */.yo(`tag ${tag} names ${folder.path}, which pyrelease does not release: ${folder.reason}`);
    throw new src_errors/* UserError */.yo(guess
        ? `tag ${tag} names package ${guess.name ?? '?'}, which this repository does not have; known packages: ${names.join(', ')}`
        : `tag ${tag} does not match tag-format ${format} of any package; known packages: ${names.join(', ')}`);
}

;// CONCATENATED MODULE: ./packages/core/src/publish/trusted-publishing.ts

const PERMISSION_FIX = 'give the publishing job `permissions: id-token: write` (or pass an API token as password)';
async function getJson(url, init, what, timeoutMs) {
    let response;
    try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    }
    catch (error) {
        throw new src_errors/* UserError */.yo(`trusted publishing: ${what} failed: ${error.message}`);
    }
    const text = await response.text();
    try {
        return { status: response.status, body: JSON.parse(text) };
    }
    catch {
        return { status: response.status, body: text };
    }
}
/**
 * PyPI trusted publishing: the runner's OIDC token for the audience the index announces, exchanged for
 * a short-lived upload token at the index's `/_/oidc/mint-token`. Both tokens are masked through `mask`
 * as soon as they exist.
 */
async function mintUploadToken(indexBase, oidc, mask, timeoutMs = 30_000) {
    const idToken = oidc.idToken;
    if (!idToken) {
        throw new src_errors/* UserError */.yo(`trusted publishing needs the runner's OIDC token, which this job cannot request: ${PERMISSION_FIX}`);
    }
    const audience = await getJson(`${indexBase}/_/oidc/audience`, {}, `GET ${indexBase}/_/oidc/audience`, timeoutMs);
    const aud = audience.body?.audience;
    if (audience.status !== 200 || typeof aud !== 'string') {
        throw new src_errors/* UserError */.yo(`trusted publishing: ${indexBase} does not support it (GET /_/oidc/audience answered ${audience.status}); pass an API token as password`);
    }
    const jwt = await idToken(aud).catch((error) => {
        throw new src_errors/* UserError */.yo(`trusted publishing: the runner refused an OIDC token (${(0,src_errors/* oneLine */.TN)(error instanceof Error ? error.message : String(error))}): ${PERMISSION_FIX}`);
    });
    mask(jwt);
    const minted = await getJson(`${indexBase}/_/oidc/mint-token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: jwt }) }, `POST ${indexBase}/_/oidc/mint-token`, timeoutMs);
    const token = minted.body?.token;
    if (minted.status === 200 && typeof token === 'string') {
        mask(token);
        return token;
    }
    const errors = minted.body?.errors ?? [];
    const detail = errors.map((e) => `${e.code ?? 'error'}: ${e.description ?? ''}`.trim()).join('; ') ||
        `HTTP ${minted.status}`;
    const publisherFix = errors.some((e) => e.code === 'invalid-publisher')
        ? ` — add this repository, this workflow file and its environment as a trusted publisher of the project on ${new URL(indexBase).host}; PyPI rejects tokens minted inside reusable workflows, so the publish job must sit in the workflow registered there`
        : '';
    throw new src_errors/* UserError */.yo(`trusted publishing: ${indexBase} refused to mint an upload token (${detail})${publisherFix}`);
}

;// CONCATENATED MODULE: ./packages/core/src/publish/upload.ts







/** Between the looks at the index after an upload it refused as existing: PyPI's simple API is cached. */
const RACE_RECHECK_WAITS_MS = [0, 5_000, 15_000];
/** twine uploads every file of one release; a large wheel over a slow link takes minutes. */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;
/** A failed twine upload; `refusedExisting`: the index said it has (one of) the files. */
class UploadError extends src_errors/* UserError */.yo {
    refusedExisting;
    constructor(message, refusedExisting) {
        super(message);
        this.refusedExisting = refusedExisting;
    }
}
/** Whether the upload signs its files (PEP 740); when it does not, a notice says why if there is a why. */
function signsUpload(options, repositoryUrl, logger) {
    const attesting = attestationDecision({
        requested: options.attestations !== false,
        trustedPublishing: !options.password,
        repositoryUrl,
    });
    if (!attesting.sign && attesting.notice)
        (logger.notice ?? logger.info)(attesting.notice);
    return attesting.sign;
}
/**
 * The files the index has for the package. Any of ours among them is refused without skip-existing,
 * else skipped (with a warning when the index's sha256 differs).
 */
async function filesOnIndex(target, local, skipExisting, settings, logger) {
    const { simple } = target.endpoints;
    const remote = await existingFiles(simple, target.packageName).catch((error) => {
        logger.warning(`could not ask ${simple} which files exist (${(0,src_errors/* describeError */.Uc)(error)}): uploading all`);
        return new Map();
    });
    const present = local.filter((f) => remote.has(f.name));
    if (present.length > 0 && !skipExisting) {
        throw new src_errors/* UserError */.yo(`${present.map((f) => f.name).join(', ')} already exist on ${simple}; nothing was uploaded. To re-run a publish, ${settings.flag('skip-existing')}`);
    }
    for (const f of present) {
        const theirs = remote.get(f.name);
        if (theirs && theirs !== f.sha256) {
            logger.warning(`${f.name} already exists on the index with a different sha256 (${theirs}); the index keeps its own build, this one is skipped`);
        }
        else {
            logger.info(`${f.name} already exists on the index: skipped`);
        }
    }
    return remote;
}
/**
 * Signs (when asked) and uploads `files`. With skip-existing, files another job uploaded meanwhile are
 * left to the index: returned with the sha256 it has for them.
 */
async function uploadFiles(files, target, options, logger) {
    // Signed before the upload token is minted: the token's 15 minutes are for the upload alone.
    if (target.sign) {
        const identity = await sigstoreIdentity(options.oidc ?? {}, options.mask ?? (() => { }));
        await waitingFor(logger, doing('signing with Sigstore (PEP 740 attestations)'), () => signDistributions(target.python, files.map((f) => f.path), identity));
        logger.info(`signed ${files.map((f) => f.name).join(', ')} (PEP 740 attestations)`);
    }
    const password = options.password ||
        (await mintUploadToken(target.endpoints.base, options.oidc ?? {}, options.mask ?? (() => { })));
    // Files another job uploaded between the check and our upload: name -> the sha256 the index has.
    const raced = new Map();
    let pending = files;
    for (;;) {
        try {
            const uploading = `uploading ${pending.map((f) => f.name).join(', ')} to ${shownUrl(target.repositoryUrl)}`;
            await waitingFor(logger, doing(uploading), () => twineUpload(target, pending, password, logger));
            break;
        }
        catch (error) {
            if (!options.skipExisting || !(error instanceof UploadError))
                throw error;
            const now = await indexAfterRefusal(target, pending, error.refusedExisting);
            const appeared = pending.filter((f) => now?.has(f.name));
            if (!now || appeared.length === 0)
                throw error;
            noteRaced(appeared, now, raced, logger);
            pending = pending.filter((f) => !now.has(f.name));
            if (pending.length === 0)
                break;
        }
    }
    reportUploaded(files, raced, target.repositoryUrl, logger);
    return raced;
}
/**
 * `python -m twine upload` for `files`; with attestations, each file's `<file>.publish.attestation`
 * goes with it (twine pairs them by name) and `--attestations` asks twine to send them.
 */
function twineUploadArgs(repositoryUrl, files, attestations) {
    return [
        '-m',
        'twine',
        'upload',
        '--non-interactive',
        '--disable-progress-bar',
        '--repository-url',
        repositoryUrl,
        ...(attestations ? ['--attestations'] : []),
        ...files,
        ...(attestations ? files.map(attestationPathOf) : []),
    ];
}
function twineUpload(target, files, password, logger) {
    return build_shown(logger, 'twine upload', runCommand(target.python, twineUploadArgs(target.repositoryUrl, files.map((f) => f.path), target.sign), {
        // The one command that gets a secret, and only this one.
        extraEnv: { ...QUIET_ENV, TWINE_USERNAME: '__token__', TWINE_PASSWORD: password },
        stdout: 'log',
        timeoutMs: UPLOAD_TIMEOUT_MS,
    })).catch((error) => {
        // An index refusing a file it has says so (PyPI: 400 "already exists", pypiserver: 409);
        // twine prints it on stdout.
        const said = error instanceof CommandError ? `${error.stdout}\n${error.stderr}` : '';
        throw new UploadError(`upload to ${shownUrl(target.repositoryUrl)} failed: ${commandDetail(error)}`, /already exist|\b409\b/i.test(said));
    });
}
/** What the index has after it refused an upload of `pending`; null: it could not be asked. */
async function indexAfterRefusal(target, pending, refusedExisting) {
    // Two workflows publishing one tag with skip-existing (auto-release and a tag-triggered one):
    // the other may have uploaded between our check and our upload, and again between our next
    // check and upload. What the index has now decides; its simple API may list a new file a
    // little later (PyPI's is cached), so after an "already exists" it is asked a few times.
    let now = null;
    for (const wait of refusedExisting ? RACE_RECHECK_WAITS_MS : [0]) {
        if (wait > 0)
            await new Promise((r) => setTimeout(r, wait));
        now = await existingFiles(target.endpoints.simple, target.packageName).catch(() => null);
        if (now && pending.some((f) => now?.has(f.name)))
            break;
    }
    return now;
}
/** Records the files another job uploaded at the same time; a warning for those not this build. */
function noteRaced(appeared, now, raced, logger) {
    for (const f of appeared) {
        const theirs = now.get(f.name) ?? null;
        raced.set(f.name, theirs);
        if (theirs !== f.sha256)
            logger.warning(`${f.name} is on the index with ${theirs ? `another sha256 (${theirs})` : 'no sha256 to compare'} after a refused upload (another job uploaded it at the same time); the index keeps its own build`);
    }
}
function reportUploaded(files, raced, repositoryUrl, logger) {
    const confirmed = files.filter((f) => raced.get(f.name) === f.sha256).map((f) => f.name);
    if (confirmed.length > 0)
        logger.info(`${confirmed.join(', ')} on the index with this build's sha256 after a refused upload: uploaded by this job or by another at the same time`);
    const sent = files.filter((f) => !raced.has(f.name));
    if (sent.length > 0)
        logger.info(`uploaded ${sent.map((f) => f.name).join(', ')} to ${shownUrl(repositoryUrl)}`);
}

;// CONCATENATED MODULE: ./packages/core/src/publish/publish-from-tag.ts














/** release flow §5: parse the tag, build only that package, check it, upload only its files. */
async function publishFromTag(git, options, logger) {
    const prepared = await prepareTag(git, options, logger);
    try {
        await twineCheck(prepared.python, pathsOf(prepared), logger);
        return await finishTag(prepared, options, logger);
    }
    finally {
        discardPrepared(prepared);
    }
}
/** Outside GitHub Actions nothing can mint a token: said before anything is built. */
function assertCanUpload(options) {
    const settings = options.settingNames ?? ACTION_SETTINGS;
    const uploading = !options.dryRun && options.upload !== false;
    if (uploading && !options.password && !settings.trustedPublishing) {
        throw new src_errors/* UserError */.yo(`no API token to upload with: ${settings.password} (trusted publishing works only inside GitHub Actions)`);
    }
}
/** The tag read and checked, and its package built (or its files taken from dist) and named right. */
async function prepareTag(git, options, logger) {
    assertCanUpload(options);
    const settings = options.settingNames ?? ACTION_SETTINGS;
    const tagged = await tagToPublish(git, options, settings);
    const { pkg, version, channel } = tagged;
    const repositoryUrl = options.repositoryUrl || defaultIndexOf(channel);
    // A URL that is not one is said before anything is built.
    const endpoints = indexEndpoints(repositoryUrl);
    logger.info(`publishing ${pkg.name} ${version.text} (${channel}) from ${pkg.path} to ${shownUrl(repositoryUrl)}`);
    const uploading = !options.dryRun && options.upload !== false;
    const sign = uploading && signsUpload(options, repositoryUrl, logger);
    const python = await pythonWithTools(options.tempDir, logger, sign ? ATTESTATION_TOOLS : []);
    const outdir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(options.tempDir, 'pyrelease-dist-'));
    try {
        const files = await builtFiles(git, tagged, python, outdir, options, logger);
        assertNamedForTag(files, tagged);
        const sha256 = files.map((f) => sha256Of((0,external_node_path_.join)(outdir, f)));
        return { tagged, repositoryUrl, endpoints, sign, python, outdir, files, sha256 };
    }
    catch (error) {
        (0,external_node_fs_.rmSync)(outdir, { recursive: true, force: true });
        throw error;
    }
}
function pathsOf(prepared) {
    return prepared.files.map((f) => (0,external_node_path_.join)(prepared.outdir, f));
}
function discardPrepared(prepared) {
    (0,external_node_fs_.rmSync)(prepared.outdir, { recursive: true, force: true });
}
/** After twine check: the files kept for a later step (upload: false), only shown (dry run), or uploaded. */
async function finishTag(prepared, options, logger, 
/** With `upload: false`: the folder the files go to (default: a fresh one). */
kept) {
    const { tagged, repositoryUrl, endpoints, python, sign, files } = prepared;
    const settings = options.settingNames ?? ACTION_SETTINGS;
    const local = pathsOf(prepared).map((path, i) => ({
        name: files[i],
        path,
        sha256: sha256Of(path),
    }));
    const changed = local.find((f, i) => f.sha256 !== prepared.sha256[i]);
    if (changed) {
        throw new src_errors/* UserError */.yo(`refusing to upload: ${changed.name} changed after tag ${tagged.tag} built it (something that ran later in this step, such as another tag's build, wrote to it)`);
    }
    const result = (status, distDir = null) => ({
        package: tagged.pkg.name,
        version: tagged.version.text,
        channel: tagged.channel,
        repositoryUrl,
        files: local.map((f) => ({ name: f.name, sha256: f.sha256, status: status(f) })),
        distDir,
    });
    if (options.upload === false) {
        const folder = kept ?? keptFolder(options.tempDir);
        return result(() => 'verified', keepVerified(local, folder, tagged.tag, logger));
    }
    if (options.dryRun) {
        logger.info(`dry run: ${files.join(', ')} built and verified, not uploaded`);
        return result(() => 'verified');
    }
    const target = { python, packageName: tagged.pkg.name, repositoryUrl, endpoints, sign };
    const remote = await filesOnIndex(target, local, options.skipExisting, settings, logger);
    const upload = local.filter((f) => !remote.has(f.name));
    const raced = upload.length > 0 ? await uploadFiles(upload, target, options, logger) : new Map();
    return result((f) => statusOf(f, remote, raced));
}
/**
 * release flow §5: the tag, the checkout at it, the branches its commit reached, the checkout's files,
 * and the package it names, read at its commit.
 */
async function tagToPublish(git, options, settings) {
    const tag = options.tag || tagFromRef(options.ref);
    const tagCommit = await checkoutAtTag(git, tag, settings, !(options.dist && options.distOfSeveral));
    const reader = new repository_RepositoryReader(git);
    const workspace = await git.keepReading(() => readPackagesAt(reader, tagCommit, []));
    const branches = options.branches ?? DEFAULT_PUBLISH_BRANCHES;
    await assertTagOnBranches(git, { tag, tagCommit, branches, settings });
    const tagged = packageAtTag(tag, workspace, options, settings);
    // Files built elsewhere (dist) are checked against the tag; a build here reads the checkout.
    if (!options.dist) {
        const allowDirty = options.allowDirty ?? false;
        await assertCleanCheckout(git, { tag, path: tagged.pkg.path, allowDirty, settings });
    }
    return tagged;
}
/**
 * A file's status after the upload: `remote`, what the index had before it; `raced`, what it had after
 * refusing one.
 */
function statusOf(f, remote, raced) {
    if (remote.has(f.name)) {
        const theirs = remote.get(f.name);
        return theirs && theirs !== f.sha256 ? 'skipped-different' : 'skipped';
    }
    if (!raced.has(f.name))
        return 'uploaded';
    return raced.get(f.name) === f.sha256 ? 'confirmed' : 'skipped-different';
}

;// CONCATENATED MODULE: ./packages/core/src/preview/merge-method.ts
/**
 * How a pull request reaches its base branch, and what commit a squash merge makes of it: GitHub's own
 * rules (the repository's settings `squash_merge_commit_title` and `squash_merge_commit_message`), so
 * the preview plans the commit the release will read. Pure.
 */
const MERGE_METHODS = ['merge', 'squash', 'rebase'];
/** Base branches that release finals when no mode is given (the release flow's master; main). */
const FINAL_BRANCHES = ['master', 'main'];
/** A repository's defaults, which a repository that never changed them has. */
const GITHUB_SQUASH_DEFAULTS = {
    title: 'COMMIT_OR_PR_TITLE',
    message: 'COMMIT_MESSAGES',
};
/**
 * The method a pull request will be merged with when the repository decides (`merge-method: auto`):
 * the only one it allows; with several the reviewer chooses, so the commits are planned as they are and
 * `titleMayBeCommit` says the title could become the commit (its lint is then a warning).
 */
function chooseMergeMethod(allowed) {
    const methods = MERGE_METHODS.filter((m) => allowed[m]);
    if (methods.length === 1)
        return { method: methods[0], titleMayBeCommit: methods[0] === 'squash' };
    return { method: methods.includes('merge') ? 'merge' : 'rebase', titleMayBeCommit: allowed.squash };
}
/**
 * The message of the commit "Squash and merge" writes: its subject (the title, or a single commit's
 * subject under COMMIT_OR_PR_TITLE) with ` (#N)`, then the body the settings choose. `commits`: the pull
 * request's own commits, oldest first, merges left out (GitHub lists those it squashes).
 */
function squashMessage(pr, commits, settings) {
    const single = commits.length === 1 && settings.title === 'COMMIT_OR_PR_TITLE' ? commits[0] : null;
    const headline = (single ? single.message.split('\n', 1)[0] : pr.title).trim();
    const subject = `${headline} (#${pr.number})`;
    const body = single
        ? single.message.replace(/\r\n?/g, '\n').split('\n').slice(1).join('\n').trim()
        : settings.message === 'COMMIT_MESSAGES'
            ? commits.map((c) => `* ${c.message.replace(/\r\n?/g, '\n').trim()}`).join('\n\n')
            : settings.message === 'PR_BODY'
                ? pr.body.replace(/\r\n?/g, '\n').trim()
                : '';
    const message = body ? `${subject}\n\n${body}\n` : `${subject}\n`;
    return { header: headline, from: single ? 'commit' : 'title', message };
}

;// CONCATENATED MODULE: ./packages/core/src/preview/merge-result.ts



/** Who the commits written here are by: nobody's, and never pushed. */
const PREVIEW_IDENTITY = {
    GIT_AUTHOR_NAME: 'pyrelease preview',
    GIT_AUTHOR_EMAIL: 'preview@pyrelease.invalid',
    GIT_COMMITTER_NAME: 'pyrelease preview',
    GIT_COMMITTER_EMAIL: 'preview@pyrelease.invalid',
};
/**
 * HEAD as GitHub's merge commit of the pull request: its first parent the base, its second the pull
 * request's head (`expectedTip`, from the event, when known).
 */
async function checkedOutMerge(git, expectedTip) {
    const reader = new repository_RepositoryReader(git);
    // A shallow checkout would plan every package from nothing: refused, naming fetch-depth: 0.
    await requireWholeHistory(reader);
    const head = await reader.resolveCommit('HEAD');
    const commit = head ? (await reader.readCommits([head])).get(head) : undefined;
    const checkout = "check out the pull request's merge commit (actions/checkout's default for pull_request events) with fetch-depth: 0";
    if (!head || !commit || commit.parents.length !== 2) {
        throw new src_errors/* UserError */.yo(`release-preview plans the merge result, and HEAD is not a merge commit: ${checkout}`);
    }
    if (expectedTip && commit.parents[1] !== expectedTip) {
        throw new src_errors/* UserError */.yo(`HEAD ${head.slice(0, 12)} does not merge the pull request's head ${expectedTip.slice(0, 12)}: ${checkout}`);
    }
    return { head, base: commit.parents[0], tip: commit.parents[1] };
}
/** The merge of `tip` into `base` as GitHub makes it (the CLI's preview): conflicts are an error. */
async function mergeLocally(git, base, tip) {
    const merged = await git.run(['merge-tree', '--write-tree', '--no-messages', '--name-only', base, tip], {
        okExitCodes: [1, 129],
    });
    const [tree, ...conflicts] = merged.stdout.toString('utf8').split('\n').filter(Boolean);
    if (merged.exitCode === 129) {
        throw new UserError('pyrelease preview needs git 2.38 or later (git merge-tree --write-tree)');
    }
    if (merged.exitCode === 1) {
        throw new UserError(`the branch does not merge cleanly into the base (conflicts in ${conflicts.join(', ')}): merge the base into it first`);
    }
    const head = await commitTree(git, tree, [base, tip], `Merge ${tip} into ${base}\n`);
    return { head, base, tip };
}
/** The commit "Squash and merge" makes of `merge`: its tree, on the base alone, with `message`. */
async function squashedMerge(git, merge, message) {
    return commitTree(git, `${merge.head}^{tree}`, [merge.base], message);
}
async function commitTree(git, tree, parents, message) {
    return git.text(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], {
        input: message,
        env: PREVIEW_IDENTITY,
    });
}

;// CONCATENATED MODULE: ./packages/core/src/preview/commit-lint.ts

/**
 * Headers the release cannot read: of a subject that is not `type(scope)!: description` it cannot tell
 * what it changes, so it counts as a patch (the bump rules' `non-conventional`, or nothing where that is
 * `ignore`), whatever it broke or added. Pure.
 */
/** What a header should look like, said in every finding. */
const HEADER_SHAPE = 'type(scope)!: description, e.g. "fix(core): handle empty input"';
/** Whether the release reads `header` (a Conventional Commits header, or a revert git wrote). */
function isReleaseHeader(header) {
    const intent = parseCommitMessage(header);
    return intent.type !== null || revertedHeaderOf(intent) !== null;
}
/** The commits of a pull request whose header the release cannot read; merge commits say nothing. */
function unreadableCommits(commits) {
    return commits.filter((c) => c.parents.length < 2 && !isReleaseHeader(c.message.split('\n', 1)[0]));
}
/**
 * The one-line problem of the header a squash merge writes (the title, or the single commit's subject
 * that GitHub takes instead); null when the release reads it.
 */
function squashHeaderProblem(header, from) {
    if (isReleaseHeader(header))
        return null;
    const fix = from === 'title' ? 'rename the pull request' : "reword the pull request's one commit";
    return `the squash merge's commit header ${JSON.stringify(header)} is not a Conventional Commits header, so the release cannot tell what it changes: ${fix} to ${HEADER_SHAPE}`;
}

;// CONCATENATED MODULE: ./packages/core/src/preview/preview.ts











async function previewRelease(git, request) {
    const apart = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(request.tempDir, 'pyrelease-preview-'));
    try {
        await git.keepApart(apart);
        return await git.keepReading(() => previewApart(git, request));
    }
    finally {
        await git.keepApart(null);
        (0,external_node_fs_.rmSync)(apart, { recursive: true, force: true });
    }
}
async function previewApart(git, request) {
    const reader = new repository_RepositoryReader(git);
    const merge = await request.merge(git);
    const own = (await reader.readCommitsBetween(merge.base, merge.tip)).filter((c) => c.parents.length < 2);
    const { head, headerProblems } = await commitToPlan(git, { ...request, merge }, own);
    const shown = { mode: request.mode, method: request.method, head, headerProblems };
    const notes = new RecordingLogger();
    let plan = null;
    let api = null;
    // The plan of a commit with the request's inputs: the merge's, and the base's when that fails.
    const tags = await reader.listTags();
    const planOf = (commit, check) => planCheckingApi(git, {
        mode: request.mode,
        head: commit,
        tags,
        packageGlobs: request.packageGlobs,
        tagFormat: request.tagFormat,
        line: request.line,
    }, check);
    try {
        ({ plan, api } = await planOf(head, request.api));
        const date = new Date().toISOString().slice(0, 10);
        const releases = (await prepareReleases(git, plan, date, notes, request.links ?? null)).map(toReleased);
        return { ...shown, plan, api, releases, blocked: null, warnings: [...plan.warnings, ...notes.warnings] };
    }
    catch (error) {
        // What would stop the release after the merge (an invalid pyproject.toml, a changelog that cannot
        // be merged, the API check's `fail`) is the preview's finding, shown where the plan would be.
        if (!(error instanceof src_errors/* UserError */.yo))
            throw error;
        if (plan === null)
            await failIfBaseFails(() => planOf(merge.base, null), error);
        const warnings = [...(plan?.warnings ?? []), ...notes.warnings];
        return { ...shown, plan, api, releases: [], blocked: error.message, warnings };
    }
}
/**
 * A plan that fails on the merge fails on the base alone too when the fault is an input (a tag-format,
 * packages, a line) or a file the base already has: then it is no finding of the pull request, and the
 * run fails with the error itself rather than saying that merging stops the release.
 */
async function failIfBaseFails(planBase, error) {
    const failure = await planBase().then(() => null, (baseError) => (baseError instanceof src_errors/* UserError */.yo ? baseError : null));
    if (failure?.message === error.message)
        throw new src_errors/* UserError */.yo(`${error.message} (the base branch alone fails so: the fault is an input or the base branch's files, not this pull request)`);
}
/** The merge commit, or for a squash the commit it makes; and what is wrong with the headers. */
async function commitToPlan(git, request, own) {
    const pr = request.pullRequest;
    if (request.method === 'squash') {
        if (!pr)
            throw new src_errors/* UserError */.yo('a squash merge makes the title the commit: give the title (--title)');
        const squash = squashMessage(pr, own, request.squash ?? GITHUB_SQUASH_DEFAULTS);
        const problem = squashHeaderProblem(squash.header, squash.from);
        // The release also reads the `* <header>` bullets of the squash's body (GitHub's COMMIT_MESSAGES):
        // with one it can read, an unreadable title is a warning, not a failure.
        const readableBullet = (squashedMessagesOf(squash.message) ?? []).some((m) => isReleaseHeader(m.split('\n', 1)[0]));
        return {
            head: await squashedMerge(git, request.merge, squash.message),
            headerProblems: problem ? [{ text: problem, failing: !readableBullet }] : [],
        };
    }
    const problems = unreadableCommits(own).map((c) => ({
        text: `commit ${c.sha.slice(0, 7)} ${JSON.stringify(c.message.split('\n', 1)[0])} is not a Conventional Commits header, so the release cannot tell what it changes: reword it to ${HEADER_SHAPE}`,
        failing: request.lint === 'strict',
    }));
    const title = request.titleMayBeCommit && pr ? squashHeaderProblem(pr.title.trim(), 'title') : null;
    if (title)
        problems.unshift({ text: `if squash-merged, ${title}`, failing: false });
    return { head: request.merge.head, headerProblems: problems };
}

;// CONCATENATED MODULE: ./packages/core/src/preview/format.ts



/**
 * The preview as the job summary and the pull request's comment show it (Markdown), and as the CLI
 * prints it. Every text of the repository's (names, commit subjects, a title) is escaped, and the
 * changelog sections, written by commit authors, are shown in code fences: nothing of theirs becomes
 * a link, a mention or HTML. Pure.
 */
/** Finds the one comment the preview keeps up to date on a pull request. */
const PREVIEW_MARKER = '<!-- pyrelease:release-preview -->';
/** `1.1.0rc2 -> 1.1.0` and what a final promotes: the rc whose release it is. */
function versionCell(p) {
    const next = p.next;
    const from = p.previous?.version.text ?? 'none';
    const rc = p.lastAny && !isFinal(p.lastAny.version) ? p.lastAny.version : null;
    const promotes = isFinal(next) && rc && compareVersions(releaseOf(rc), next) === 0 ? ` (promotes ${rc.text})` : '';
    return `${from} → ${next.text}${promotes}`;
}
/** The packages the merge releases, each row: package, versions, bump, why (the cascade's dependents among them). */
function releaseTable(preview) {
    const plan = preview.plan;
    const released = plan?.packages.filter((p) => p.next) ?? [];
    if (released.length === 0)
        return [];
    const why = new Map((plan ? planRows(plan) : []).map((r) => [r.package, r.reason]));
    return [
        '| package | version | bump | why |',
        '| --- | --- | --- | --- |',
        ...released.map((p) => `| ${[p.package.name, versionCell(p), p.bump ?? '-', why.get(p.package.name) ?? ''].map(markdown/* escapeMarkdown */.FV).join(' | ')} |`),
    ];
}
function headline(preview, baseBranch) {
    const into = `merging into ${baseBranch}`;
    if (preview.blocked !== null)
        return `${into} stops the ${preview.mode} release`;
    const n = preview.releases.length;
    if (n === 0)
        return `${into} releases nothing (${preview.mode})`;
    return `${into} releases ${n} package${n === 1 ? '' : 's'} (${preview.mode})`;
}
/** The most characters GitHub keeps in a comment's body: a longer one is refused (422). */
const COMMENT_LIMIT = 65_536;
/**
 * The summary's and the comment's Markdown; `marker` starts the comment's. With `limit` (the comment's:
 * COMMENT_LIMIT), what does not fit is left out from the end, and said: the changelog sections first,
 * then table rows and warnings; the job summary, written without a limit, has everything.
 */
function previewMarkdown(preview, context) {
    const top = [
        ...(context.marker ? [PREVIEW_MARKER] : []),
        `### pyrelease release preview: ${(0,markdown/* escapeMarkdown */.FV)(headline(preview, context.baseBranch))}`,
        '',
        `Planned on the ${preview.method === 'squash' ? 'squash' : 'merge'} commit ${preview.head.slice(0, 12)}, in ${preview.mode} mode.`,
        '',
        ...(preview.blocked !== null ? [`**Blocked:** ${(0,markdown/* escapeMarkdown */.FV)(preview.blocked)}`, ''] : []),
    ];
    const table = releaseTable(preview);
    const failing = preview.headerProblems.filter((h) => h.failing).map((h) => h.text);
    const warnings = [
        ...preview.headerProblems.filter((h) => !h.failing).map((h) => h.text),
        ...preview.warnings,
    ];
    const sections = preview.releases.map((r) => [
        `<details><summary>${(0,markdown/* escapeMarkdown */.FV)(r.tag)}: changelog section</summary>`,
        '',
        ...(0,markdown/* markdownFence */.p0)(r.notes.trimEnd().split('\n')),
        '',
        '</details>',
        '',
    ].join('\n'));
    const parts = { top, table, failing, warnings, sections };
    return fitted(parts, context.limit ?? Infinity);
}
function joined(p, note) {
    const list = (title, items) => items.length > 0 ? [`${title}:`, '', ...items.map((i) => `- ${(0,markdown/* escapeMarkdown */.FV)(i)}`), ''] : [];
    return [
        ...p.top,
        ...(p.table.length > 0 ? [...p.table, ''] : []),
        ...list('Fails the check', p.failing),
        ...list('Warnings', p.warnings),
        ...p.sections,
        ...(note ? [note] : []),
    ].join('\n');
}
/**
 * The parts joined within `limit` characters: changelog sections left out from the last, then table rows
 * and warnings, in halves, until it fits; the note says how much is left out and where it all is.
 */
function fitted(parts, limit) {
    const whole = joined(parts, null);
    if (whole.length <= limit)
        return whole;
    let p = parts;
    const left = () => `_Left out to keep this comment within GitHub's ${COMMENT_LIMIT.toLocaleString('en')} characters: ${parts.sections.length - p.sections.length} changelog section(s), ${parts.table.length - p.table.length} package row(s), ${parts.warnings.length - p.warnings.length} warning(s). The job summary has them all._`;
    const fits = () => joined(p, left()).length <= limit;
    while (!fits() && p.sections.length > 0)
        p = { ...p, sections: p.sections.slice(0, -1) };
    while (!fits() && (p.table.length > 2 || p.warnings.length > 0)) {
        p = {
            ...p,
            table: p.table.length > 2 ? p.table.slice(0, 2 + Math.floor((p.table.length - 2) / 2)) : p.table,
            warnings: p.warnings.slice(0, Math.floor(p.warnings.length / 2)),
        };
    }
    return joined(p, left()).slice(0, limit);
}
/** The CLI's text: the same findings, the table of every package, each section indented. */
function previewText(preview, baseBranch) {
    const lines = [`release preview: ${headline(preview, baseBranch)}`];
    if (preview.blocked !== null)
        lines.push(`blocked: ${preview.blocked}`);
    for (const p of preview.plan?.packages.filter((x) => x.next) ?? [])
        lines.push(`  ${p.package.name}  ${versionCell(p)}  ${p.bump ?? '-'}${p.group ? `  version group ${p.group.name}` : ''}`);
    for (const h of preview.headerProblems)
        lines.push(`${h.failing ? 'fails' : 'warning'}: ${h.text}`);
    for (const r of preview.releases) {
        lines.push('', `${r.tag} changelog section:`, ...r.notes
            .trimEnd()
            .split('\n')
            .map((l) => (l ? `  ${l}` : l)));
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./packages/core/src/preview/outputs.ts



/** release-preview's outputs: the releases the merge would make, as cut-release's `released` lists them. */
function previewOutputs(preview) {
    return { released: preview.releases.map(taggedRelease), count: preview.releases.length };
}
/** `pyrelease preview --json`: the outputs, what fails the check, and the plan. */
function previewJson(preview, baseBranch) {
    return {
        baseBranch,
        mode: preview.mode,
        mergeMethod: preview.method,
        head: preview.head,
        ...previewOutputs(preview),
        releases: preview.releases,
        blocked: preview.blocked,
        headerProblems: preview.headerProblems,
        warnings: preview.warnings,
        plan: preview.plan ? planToJson(preview.plan) : null,
        apiCheck: apiReportJson(preview.api),
    };
}
/** Whether the check fails: the merge stops the release, or a header problem fails it. */
function previewFails(preview) {
    if (preview.blocked !== null)
        return `merging this pull request stops the release: ${preview.blocked}`;
    const failing = preview.headerProblems.filter((h) => h.failing);
    return failing.length > 0 ? failing.map((h) => h.text).join('; ') : null;
}

;// CONCATENATED MODULE: ./packages/core/src/publish/tag-worktree.ts



/**
 * A checkout of one tag after another, for a step that builds several tags (each at its own release
 * commit): a detached worktree of the repository in a private folder, moved to each tag's commit and
 * cleaned of the last build (ignored files too), so each build sees exactly its tag's files. The
 * user's checkout and its other worktrees are never touched. Removed at the end, and on a stop signal.
 */
class TagWorktree {
    git;
    /** A folder of its own, whose unique name git also gives the worktree's record (.git/worktrees/<name>). */
    dir;
    /** That record: removed with the folder, and nothing else of the repository's worktrees. */
    record = null;
    added = false;
    forget;
    constructor(git, tempDir) {
        this.git = git;
        this.dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'pyrelease-checkout-'));
        this.forget = cleanUpOnStop(() => this.removeFiles());
    }
    /** The worktree at `commit`, clean: a Git that works in it. */
    async at(commit) {
        if (!this.added) {
            const common = await this.git.text(['rev-parse', '--path-format=absolute', '--git-common-dir']);
            this.record = (0,external_node_path_.join)(common, 'worktrees', (0,external_node_path_.basename)(this.dir));
            try {
                await this.git.run([...QUIET, 'worktree', 'add', '--quiet', '--detach', '--force', this.dir, commit], {
                    env: AS_CHECKED_OUT,
                });
            }
            catch (error) {
                // What a failed add left must not stand in the way of the next tag's.
                this.removeFiles();
                throw error;
            }
            this.added = true;
        }
        else {
            const tree = this.git.in(this.dir);
            await tree.run([...QUIET, 'checkout', '--quiet', '--force', '--detach', commit], {
                env: AS_CHECKED_OUT,
            });
            await tree.run(['clean', '-ffdxq']);
        }
        return this.git.in(this.dir);
    }
    /** Removes the worktree and git's record of it. */
    async remove() {
        this.forget();
        this.removeFiles();
    }
    removeFiles() {
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
        if (this.record)
            (0,external_node_fs_.rmSync)(this.record, { recursive: true, force: true });
    }
}
/** No hook of the repository runs (post-checkout): moving our worktree is not the user's checkout. */
const QUIET = ['-c', 'advice.detachedHead=false', '-c', 'core.hooksPath=/dev/null'];
/**
 * Files as actions/checkout leaves them: Git LFS files stay pointers (its `lfs: false` default), so a
 * tag is built from the same files as a checkout of it would hold.
 */
const AS_CHECKED_OUT = { GIT_LFS_SKIP_SMUDGE: '1' };

;// CONCATENATED MODULE: ./packages/core/src/publish/publish-tags.ts






/** The tags of input `tags`: separated by spaces, commas or lines; each once. */
function parseTagList(value, what = 'tags') {
    const tags = value.split(/[\s,]+/).filter((t) => t !== '');
    const twice = tags.find((t, i) => tags.indexOf(t) !== i);
    if (twice !== undefined)
        throw new src_errors/* UserError */.yo(`${what} names ${twice} twice`);
    return tags;
}
/**
 * Three passes: each tag read, checked and built (in a worktree of its commit; the checkout stays where
 * it is) or its files picked from `dist` by name and version, with nothing checked out; one `twine
 * check` of every tag's files (per tag only when it fails, to tell which); then each tag's files kept,
 * shown or uploaded.
 */
async function publishFromTags(git, tags, options, logger) {
    // What would fail every tag alike is said once, before any is built.
    assertCanUpload(options);
    const failures = new Map();
    const prepared = await prepareAll(git, tags, options, failures, logger);
    // One folder for all tags' files: a wheel's or sdist's name carries its package and version.
    const kept = options.upload === false ? keptFolder(options.tempDir) : null;
    const results = new Map();
    try {
        for (const { tag, files } of await checkedByTwine(prepared, failures, logger)) {
            await attempt(tag, failures, logger, async () => {
                results.set(tag, await finishTag(files, options, logger, kept ?? undefined));
            });
        }
    }
    finally {
        for (const p of prepared)
            discardPrepared(p.files);
    }
    const outcomes = tags.map((tag) => {
        const result = results.get(tag);
        return result ? { tag, result, error: null } : { tag, result: null, error: failures.get(tag) ?? '?' };
    });
    return { outcomes, distDir: kept };
}
/** Each tag read, checked and built (or picked from dist), one after another. */
async function prepareAll(git, tags, options, failures, logger) {
    const building = !options.dist;
    const worktree = building ? new TagWorktree(git, options.tempDir) : null;
    const prepared = [];
    try {
        for (const [i, tag] of tags.entries()) {
            logger.info(`tag ${i + 1} of ${tags.length}: ${tag}`);
            await attempt(tag, failures, logger, async () => {
                const where = worktree ? await worktree.at(await tagCommit(git, tag, options)) : git;
                const files = await prepareTag(where, { ...options, tag, distOfSeveral: !building }, logger);
                prepared.push({ tag, files });
            });
        }
    }
    finally {
        await worktree?.remove();
    }
    return prepared;
}
/** The prepared tags whose files pass `twine check`: one run for all, and one per tag only when it fails. */
async function checkedByTwine(prepared, failures, logger) {
    if (prepared.length === 0)
        return [];
    // Any of the Pythons can run twine: the one with the signing tools has it too.
    const python = prepared[0].files.python;
    const all = prepared.flatMap((p) => pathsOf(p.files));
    if (await twineCheck(python, all, logger).then(() => true, () => false))
        return [...prepared];
    const passed = [];
    for (const p of prepared) {
        await attempt(p.tag, failures, logger, async () => {
            await twineCheck(python, pathsOf(p.files), logger);
            passed.push(p);
        });
    }
    return passed;
}
/** Runs one tag's `work`; a failure is that tag's (warned, kept in `failures`), and the step goes on. */
async function attempt(tag, failures, logger, work) {
    try {
        await work();
    }
    catch (error) {
        const message = (0,src_errors/* oneLine */.TN)((0,src_errors/* describeError */.Uc)(error));
        logger.warning(`tag ${tag} was not published: ${message}`);
        failures.set(tag, message);
    }
}
/** The step's one-line failure when tags failed; null when none did. */
function failedTags(outcomes) {
    const failed = outcomes.filter((o) => o.error !== null);
    if (failed.length === 0)
        return null;
    return `${failed.length} of ${outcomes.length} tag(s) failed: ${failed.map((o) => `${o.tag} (${o.error})`).join('; ')}`;
}
/** The tag's commit, or the one-line error for a tag the checkout lacks. */
function tagCommit(git, tag, options) {
    return checkoutAtTag(git, tag, options.settingNames ?? ACTION_SETTINGS, false);
}

;// CONCATENATED MODULE: ./packages/core/src/index.ts
// The core's public surface: what the CLI (packages/cli) and the action entries (actions/*/src) use,
// named one by one. Everything else is internal to the core; its tests import it from its module.
// lean.ts is the part every action loads (errors, log safety, logger), guard.ts the loop-guard decision.



































/***/ })

};
