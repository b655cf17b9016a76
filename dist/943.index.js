export const id = 943;
export const ids = [943];
export const modules = {

/***/ 8943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubApi: () => (/* binding */ GitHubApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9809);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3116);



/**
 * GitHub REST calls through @actions/github's Octokit, with a timeout on every request,
 * retries of 5xx and transport failures with backoff, and rate-limit answers honoured. A
 * rate-limit answer pauses every request of the run (not just the one that got it), since
 * GitHub's limits are per token.
 */
class GitHubApi {
    options;
    octokit;
    pausedUntil = 0;
    constructor(options) {
        this.options = options;
        // baseUrl is passed explicitly: @actions/github reads GITHUB_API_URL only once, at import.
        this.octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl: options.baseUrl });
    }
    async request(route, params = {}) {
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetries */ .LH)(() => this.once(route, params), {
            timing: this.options.timing,
            deadline: this.options.deadline,
            classify: error => {
                if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubError */ .y_))
                    return { retry: false };
                if (error.isRateLimit)
                    return { retry: true, waitMs: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .rateLimitWaitMs */ .JR)(error) };
                return { retry: error.kind !== 'http' || error.status >= 500 };
            },
            onRetry: (error, _attempt, waitMs) => {
                if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubError */ .y_ && error.isRateLimit)
                    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + waitMs);
                this.options.onRetry?.(route, error, waitMs);
            },
        });
    }
    async once(route, params) {
        const pause = this.pausedUntil - Date.now();
        if (pause > 0)
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .sleep */ .yy)(pause);
        const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()));
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        try {
            const response = await this.octokit.request(route, {
                ...params,
                headers: { 'x-github-api-version': '2022-11-28' },
                request: { signal: controller.signal },
            });
            return { status: response.status, data: response.data };
        }
        catch (error) {
            throw toGitHubError(error, controller.signal.aborted, timeoutMs);
        }
        finally {
            clearTimeout(timer);
        }
    }
}
function toGitHubError(error, timedOut, timeoutMs) {
    if (timedOut)
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubError */ .y_({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` });
    const e = error;
    if (!e.response) {
        // Octokit reports transport failures as status 500 without a response; keep the library's
        // text out of messages (it can quote the URL).
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubError */ .y_({ status: 0, kind: 'network', githubMessage: 'network error' });
    }
    const data = e.response.data;
    const message = typeof data === 'object' && data && typeof data.message === 'string' ? data.message : `HTTP ${e.status}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubError */ .y_({ status: e.status ?? 0, headers: e.response.headers ?? {}, githubMessage: message, kind: 'http' });
}


/***/ }),

/***/ 3116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JR: () => (/* binding */ rateLimitWaitMs),
/* harmony export */   _5: () => (/* binding */ targetError),
/* harmony export */   y_: () => (/* binding */ GitHubError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** A GitHub answer (or transport failure) of one request, reduced to what decisions need. */
class GitHubError extends Error {
    status;
    headers;
    githubMessage;
    kind;
    constructor(fields) {
        super(`GitHub: ${fields.githubMessage} (HTTP ${fields.status})`);
        this.name = 'GitHubError';
        this.status = fields.status;
        this.headers = fields.headers ?? {};
        this.githubMessage = fields.githubMessage;
        this.kind = fields.kind;
    }
    get isRateLimit() {
        if (this.status === 429)
            return true;
        if (this.status !== 403)
            return false;
        return this.headers['x-ratelimit-remaining'] === '0' || this.headers['retry-after'] !== undefined || /rate limit/i.test(this.githubMessage);
    }
    get isImproperlyEncrypted() {
        return this.status === 422 && /improperly encrypted|key_id/i.test(this.githubMessage);
    }
}
/**
 * How long GitHub asks us to wait after a rate-limit answer: `retry-after` seconds, else the
 * primary limit's reset time, else a minute (GitHub's advice for secondary limits).
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
function rateLimitWaitMs(error, now = Date.now()) {
    const retryAfter = Number(error.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
        return retryAfter * 1000;
    const reset = Number(error.headers['x-ratelimit-reset']);
    if (error.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset))
        return Math.max(0, reset * 1000 - now) + 1000;
    return 60_000;
}
const NO_GITHUB_TOKEN = 'The workflow\'s own GITHUB_TOKEN can never write secrets: pass a GitHub App installation token (actions/create-github-app-token) or a fine-grained PAT as `github-token`.';
const PERMISSION_NAMES = {
    secrets: '"Secrets" repository permission (read and write)',
    environments: '"Environments" repository permission (read and write)',
    organization_secrets: '"Secrets" organization permission (read and write)',
};
function permissionFor(target) {
    if (target.kind === 'environment')
        return 'environments';
    if (target.kind === 'organization')
        return 'organization_secrets';
    return 'secrets';
}
/** Turns a permanent GitHub failure on one target into a message that says what to do. */
function targetError(error, target, step, doing) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ)
        return error;
    if (!(error instanceof GitHubError)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${target.label}: could not ${doing}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const where = `${target.label}: GitHub answered ${error.status} when we tried to ${doing}`;
    if (error.status === 401) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${where} (bad credentials).`, '`github-token` is invalid or expired (GitHub App installation tokens last one hour): mint a fresh one in the same job.');
    }
    if (error.status === 403 && !error.isRateLimit) {
        const accepted = error.headers['x-accepted-github-permissions'];
        const needed = accepted ? `GitHub says it needs \`${accepted}\`` : `it needs the ${PERMISSION_NAMES[permissionFor(target)]}`;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${where}: \`github-token\` is not allowed to (${error.githubMessage}).`, `Give the token's GitHub App or fine-grained PAT the missing permission: ${needed}. ${NO_GITHUB_TOKEN}`);
    }
    if (error.status === 404) {
        const fix = target.kind === 'environment'
            ? `Create the environment "${target.environment}" in ${target.owner}/${target.repo} (Settings → Environments), or check that \`github-token\` can see the repository and has the ${PERMISSION_NAMES.environments}.`
            : target.kind === 'organization'
                ? `Check the organization name and that \`github-token\` has the ${PERMISSION_NAMES.organization_secrets}.`
                : `Check the repository name and that \`github-token\` is installed on it with the ${PERMISSION_NAMES.secrets}. ${NO_GITHUB_TOKEN}`;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${where} (not found, or not visible to \`github-token\`).`, fix);
    }
    if (error.isRateLimit) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${where}: rate limited (${error.githubMessage}).`, 'Run again later; GitHub asked for a longer wait than this run may take.');
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(step, `${where}: ${error.githubMessage}.`);
}


/***/ })

};

//# sourceMappingURL=943.index.js.map