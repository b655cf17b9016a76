import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4378:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3711);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .eF)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3711:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: explain, main

;// CONCATENATED MODULE: ./src/retry.ts
/** The run's deadline: every request and every wait fits inside it, so a run never hangs. */
class Deadline {
    endsAt;
    constructor(ms) {
        this.endsAt = Date.now() + ms;
    }
    remainingMs() {
        return Math.max(0, this.endsAt - Date.now());
    }
}
function sleep(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}
/** Full jitter: a random wait up to base × 2^(attempt-1), capped. */
function backoffMs(attempt, timing) {
    const ceiling = Math.min(timing.retryMaxWaitMs, timing.retryBaseMs * 2 ** (attempt - 1));
    return Math.round(Math.random() * ceiling);
}
async function withRetries(action, options) {
    const { timing, deadline, classify } = options;
    for (let attempt = 1;; attempt++) {
        try {
            return await action(attempt);
        }
        catch (error) {
            const verdict = classify(error);
            if (!verdict.retry || attempt >= timing.maxAttempts)
                throw error;
            const waitMs = verdict.waitMs ?? backoffMs(attempt, timing);
            // Leave room for the next attempt itself; a wait that eats the deadline only delays the failure.
            if (waitMs >= deadline.remainingMs()) {
                throw options.onOutOfTime ? options.onOutOfTime(error, waitMs) : error;
            }
            options.onRetry?.(error, attempt, waitMs);
            await (options.sleep ?? sleep)(waitMs);
        }
    }
}

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * An error the user can act on. `step` says where the run stopped (shown in the summary),
 * `fix` says what to do about it. Messages never contain secret values: the code that
 * builds them uses names and ids only, and `main` redacts once more before printing.
 */
class errors_ActionError extends Error {
    step;
    fix;
    constructor(step, message, fix) {
        super(message);
        this.name = 'ActionError';
        this.step = step;
        this.fix = fix;
    }
}
/** Bad input: raised before any network call, always naming the input. */
class InputError extends errors_ActionError {
    input;
    constructor(input, message) {
        super('read inputs', `Input \`${input}\`: ${message}`);
        this.name = 'InputError';
        this.input = input;
    }
}
function describeError(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/** A non-secret input value for a message: JSON-escaped (no line breaks) and cut to 80 characters. */
function quote(value) {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

;// CONCATENATED MODULE: ./src/github/errors.ts

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
    if (error instanceof ActionError)
        return error;
    if (!(error instanceof GitHubError)) {
        return new ActionError(step, `${target.label}: could not ${doing}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const where = `${target.label}: GitHub answered ${error.status} when we tried to ${doing}`;
    if (error.status === 401) {
        return new ActionError(step, `${where} (bad credentials).`, '`github-token` is invalid or expired (GitHub App installation tokens last one hour): mint a fresh one in the same job.');
    }
    if (error.status === 403 && !error.isRateLimit) {
        // The header names what this request needed (read, for a public-key read); writing the
        // secret later needs write, so ask for write from the start.
        const accepted = error.headers['x-accepted-github-permissions'];
        const permission = permissionFor(target);
        const needed = `\`${permission}=write\`, the ${PERMISSION_NAMES[permission]}${accepted ? ` (GitHub answered: \`${accepted}\`)` : ''}`;
        return new ActionError(step, `${where}: \`github-token\` is not allowed to (${error.githubMessage}).`, `Give the token's GitHub App or fine-grained PAT the missing permission: ${needed}. ${NO_GITHUB_TOKEN}`);
    }
    if (error.status === 404) {
        const fix = target.kind === 'environment'
            ? `Create the environment "${target.environment}" in ${target.owner}/${target.repo} (Settings → Environments), or check that \`github-token\` can see the repository and has the ${PERMISSION_NAMES.environments}.`
            : target.kind === 'organization'
                ? `Check the organization name and that \`github-token\` has the ${PERMISSION_NAMES.organization_secrets}.`
                : `Check the repository name and that \`github-token\` is installed on it with the ${PERMISSION_NAMES.secrets}. ${NO_GITHUB_TOKEN}`;
        return new ActionError(step, `${where} (not found, or not visible to \`github-token\`).`, fix);
    }
    if (error.isRateLimit) {
        return new ActionError(step, `${where}: rate limited (${error.githubMessage}).`, 'Run again later; GitHub asked for a longer wait than this run may take.');
    }
    return new ActionError(step, `${where}: ${error.githubMessage}.`);
}

;// CONCATENATED MODULE: ./src/github/api.ts


/** https://docs.github.com/en/rest/about-the-rest-api/api-versions */
const API_VERSION = '2022-11-28';
/** The answer headers that decisions read (rate limits, missing permissions). */
const KEPT_HEADERS = ['retry-after', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-accepted-github-permissions'];
/** GitHub answers a renamed or transferred repository with a redirect to the same API. */
const REDIRECTS = new Set([301, 302, 307, 308]);
const MAX_REDIRECTS = 3;
/**
 * GitHub REST calls, written as Octokit-style routes (`PUT /repos/{owner}/{repo}/…`), with a
 * timeout on every request, retries of 5xx and transport failures with backoff, and
 * rate-limit answers honoured. A rate-limit answer pauses every request of the run (not just
 * the one that got it), since GitHub's limits are per token.
 *
 * A few routes do not need Octokit: loading it (and the undici it imports) cost ~40 ms of
 * compilation on the critical path of every rotation.
 */
class GitHubApi {
    options;
    pausedUntil = 0;
    constructor(options) {
        this.options = options;
    }
    async request(route, params = {}) {
        return withRetries(() => this.once(route, params), {
            timing: this.options.timing,
            deadline: this.options.deadline,
            classify: error => {
                if (!(error instanceof GitHubError))
                    return { retry: false };
                if (error.isRateLimit)
                    return { retry: true, waitMs: rateLimitWaitMs(error) };
                return { retry: error.kind !== 'http' || error.status >= 500 };
            },
            onRetry: (error, _attempt, waitMs) => {
                if (error instanceof GitHubError && error.isRateLimit)
                    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + waitMs);
                this.options.onRetry?.(route, error, waitMs);
            },
        });
    }
    async once(route, params) {
        const pause = this.pausedUntil - Date.now();
        if (pause > 0)
            await sleep(pause);
        const { method, url, body } = buildRequest(this.options.baseUrl, route, params);
        const headers = {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${this.options.token}`,
            'x-github-api-version': API_VERSION,
        };
        if (body !== undefined)
            headers['content-type'] = 'application/json; charset=utf-8';
        const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()));
        const signal = AbortSignal.timeout(timeoutMs);
        let response;
        let text;
        try {
            let location = url;
            for (let redirects = 0;; redirects++) {
                response = await this.options.fetch(location, { method, headers, body, signal });
                text = await response.text();
                const next = REDIRECTS.has(response.status) ? sameOrigin(location, response.headers.get('location')) : undefined;
                if (!next || redirects === MAX_REDIRECTS)
                    break;
                location = next;
            }
        }
        catch {
            // The transport's own message is not passed on: it can quote the URL.
            if (signal.aborted)
                throw new GitHubError({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` });
            throw new GitHubError({ status: 0, kind: 'network', githubMessage: 'network error' });
        }
        const data = parseJson(text);
        if (response.status >= 200 && response.status < 300)
            return { status: response.status, data };
        const message = typeof data?.message === 'string' ? data.message : `HTTP ${response.status}`;
        const kept = Object.fromEntries(KEPT_HEADERS.map(name => [name, response.headers.get(name) ?? undefined]));
        throw new GitHubError({ status: response.status, headers: kept, githubMessage: message, kind: 'http' });
    }
}
/**
 * Expands a route: `{name}` placeholders take (URL-encoded) values from `params`; the other
 * params go in the query string of a GET or DELETE and in the JSON body otherwise.
 */
function buildRequest(baseUrl, route, params) {
    const [method, template] = route.split(' ');
    const rest = { ...params };
    const path = template.replace(/\{(\w+)\}/g, (_, name) => {
        const value = rest[name];
        if (value === undefined)
            throw new Error(`route ${route} needs a value for ${name}`);
        delete rest[name];
        return encodeURIComponent(String(value));
    });
    const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
    if (method === 'GET' || method === 'DELETE') {
        for (const [name, value] of Object.entries(rest))
            url.searchParams.set(name, String(value));
        return { method, url: url.toString() };
    }
    return { method, url: url.toString(), body: JSON.stringify(rest) };
}
/** A redirect is followed only to the API it came from: the token must not go anywhere else. */
function sameOrigin(from, location) {
    if (!location)
        return undefined;
    const next = new URL(location, from);
    return next.origin === new URL(from).origin ? next.toString() : undefined;
}
function parseJson(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}

;// CONCATENATED MODULE: ./src/http.ts
const USER_AGENT = 'meta-token-keeper';
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/**
 * The HTTP client of every Graph and GitHub call: node:http(s) directly, or, when the runner is
 * configured for a proxy, undici's fetch through an EnvHttpProxyAgent (which also honours
 * NO_PROXY). Node's own fetch is not used: its first call costs ~30 ms of start-up (it compiles
 * Node's internal undici), node:http ~8 ms, and a rotation is a short chain of round trips.
 */
async function createFetch(env) {
    if (!PROXY_VARIABLES.some(name => env[name]))
        return nodeFetch;
    const { EnvHttpProxyAgent, fetch } = await __nccwpck_require__.e(/* import() */ 752).then(__nccwpck_require__.t.bind(__nccwpck_require__, 6752, 19));
    const dispatcher = new EnvHttpProxyAgent();
    return (url, request) => fetch(url, { ...request, redirect: 'manual', dispatcher });
}
/**
 * One request over node:http or node:https (loaded on first use: a run against plain-HTTP
 * servers never compiles TLS). The body is read whole before the promise resolves, so the
 * caller's signal bounds the whole exchange. Idle sockets are kept alive by Node's global agent
 * (and unref'd, so they do not hold the process open).
 */
function nodeFetch(url, request) {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
    const headers = { 'user-agent': USER_AGENT, ...request.headers };
    if (request.body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(request.body));
    return new Promise((resolve, reject) => {
        const outgoing = transport.request(target, { method: request.method, headers, signal: request.signal }, incoming => {
            const chunks = [];
            incoming.on('data', (chunk) => chunks.push(chunk));
            incoming.on('error', reject);
            incoming.on('close', () => {
                if (!incoming.complete)
                    reject(Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' }));
            });
            incoming.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                resolve({ status: incoming.statusCode ?? 0, headers: headerReader(incoming.headers), text: async () => text });
            });
        });
        outgoing.on('error', reject);
        outgoing.end(request.body);
    });
}
function headerReader(headers) {
    return {
        get(name) {
            const value = headers[name.toLowerCase()];
            if (value === undefined)
                return null;
            return Array.isArray(value) ? value.join(', ') : value;
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/runner.ts



/**
 * The runner's side of a JavaScript action, spoken directly: inputs from INPUT_* variables,
 * workflow commands on stdout, outputs and the job summary appended to the files the runner
 * names. This is all that the action needs of @actions/core, whose import also loads its own
 * HTTP client (1.5 MB of undici) and costs about 45 ms of start-up on every run.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
/** Workflow command data escaping, as the runner decodes it. */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function command(name, message) {
    process.stdout.write(`::${name}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
/** `name<<delimiter` blocks, safe for any value (the delimiter is random and checked). */
function appendOutput(file, name, value) {
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Output ${name} contains the delimiter`);
    (0,external_node_fs_namespaceObject.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, 'utf8');
}
function runnerIO(env = process.env) {
    return {
        // https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs
        getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
        setSecret: value => command('add-mask', value),
        // Outside a runner there is no output file, and printing outputs would print the token.
        setOutput: (name, value) => {
            if (env.GITHUB_OUTPUT)
                appendOutput(env.GITHUB_OUTPUT, name, value);
        },
        // One line per message: a line break in server text must not start a workflow command.
        info: message => process.stdout.write(`${message.replace(/[\r\n]+/g, ' ')}${external_node_os_namespaceObject.EOL}`),
        warning: message => command('warning', message),
        setFailed: message => {
            process.exitCode = 1;
            command('error', message);
        },
        writeSummary: async (markdown) => {
            if (env.GITHUB_STEP_SUMMARY)
                (0,external_node_fs_namespaceObject.appendFileSync)(env.GITHUB_STEP_SUMMARY, `${markdown}${external_node_os_namespaceObject.EOL}`, 'utf8');
        },
    };
}

;// CONCATENATED MODULE: ./src/timing.ts
const DEFAULT_TIMING = {
    retryBaseMs: 1000,
    retryMaxWaitMs: 30_000,
    maxAttempts: 5,
    deadlineMs: 10 * 60_000,
};
function positiveNumber(env, name) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '')
        return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
        throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
    return value;
}
function timingFromEnv(env) {
    const deadlineSeconds = positiveNumber(env, 'META_TOKEN_KEEPER_DEADLINE_SECONDS');
    return {
        retryBaseMs: positiveNumber(env, 'META_TOKEN_KEEPER_RETRY_BASE_MS') ?? DEFAULT_TIMING.retryBaseMs,
        retryMaxWaitMs: positiveNumber(env, 'META_TOKEN_KEEPER_RETRY_MAX_MS') ?? DEFAULT_TIMING.retryMaxWaitMs,
        maxAttempts: Math.max(1, Math.floor(positiveNumber(env, 'META_TOKEN_KEEPER_MAX_ATTEMPTS') ?? DEFAULT_TIMING.maxAttempts)),
        deadlineMs: deadlineSeconds === undefined ? DEFAULT_TIMING.deadlineMs : deadlineSeconds * 1000,
    };
}

;// CONCATENATED MODULE: ./src/alert/decide.ts
/**
 * The alert's decisions, free of I/O: what a finished run says about the token (`judge`), and
 * what that means for the one open alert issue (`nextStep`).
 *
 * An issue has a level: `check` when it is about the token itself (invalid, or expiring
 * within `min-days-remaining`), `write` when a run that writes or revokes failed. A healthy run
 * closes an issue only when it proves at least that much: a passing `check` closes `check`
 * issues; a successful `rotate`, `refresh` or `generate` closes both. So a deploy gate's
 * passing check never hides a rotation that keeps failing.
 */
const WRITING = new Set(['rotate', 'refresh', 'generate']);
const INSPECTS_STORED = new Set(['rotate', 'refresh', 'check']);
const RANK = { check: 1, write: 2 };
function higher(a, b) {
    return RANK[a] >= RANK[b] ? a : b;
}
function secretLabel(facts) {
    return facts.secretName ? `\`${facts.secretName}\`` : 'the secret';
}
function expiryText(facts) {
    if (facts.expiresAt === 'never')
        return 'never expires';
    if (facts.daysRemaining === undefined || facts.expiresAt === '')
        return 'expiry unknown';
    return `expires at ${facts.expiresAt} (${facts.daysRemaining} day${facts.daysRemaining === 1 ? '' : 's'} left)`;
}
const RUN_AGAIN = 'Run the workflow again by hand (Actions → the workflow → Run workflow). A healthy run closes this issue.';
const READ_THE_RUN = 'Open the failed run: the error annotation and the job summary say what failed and what to do. The README\'s "Troubleshooting" table lists every message.';
const GENERATE = 'A dead token cannot be refreshed; generate a new one. With `META_ADMIN_TOKEN` and the variables `META_SYSTEM_USER_ID` and `META_TOKEN_SCOPE` set, run the emergency revocation workflow (it revokes what is stored and generates and stores a fresh 60-day token), or run this workflow with `operation: generate`. Without an admin token: Meta Business Suite → Business settings → System users → Generate new token (60 days), then store it in the secret.';
/**
 * Meta reported the stored token invalid. The action sets `is-valid` to `false` before it
 * knows anything, so only believe it when the token was inspected (Meta told its type or
 * expiry), and only for the operations whose `is-valid` describes the stored token.
 */
function storedTokenDead(facts) {
    return facts.isValid === false && INSPECTS_STORED.has(facts.operation) && (facts.tokenType !== '' || facts.expiresAt !== '');
}
function failure(facts) {
    const secret = secretLabel(facts);
    const level = facts.operation === 'check' ? 'check' : 'write';
    if (facts.failedStep === 'plan') {
        return {
            kind: 'problem',
            level,
            title: 'the workflow is missing a secret or an input',
            details: `The reusable workflow's own check stopped \`${facts.operation}\` before anything was sent to Meta or GitHub.`,
            todo: [
                'Open the failed run: the error annotation names the missing secret or input.',
                'A secret that does not exist reaches the workflow as an empty string: check the names under Settings → Secrets and variables → Actions, and the `secrets:` the calling job passes.',
                RUN_AGAIN,
            ],
        };
    }
    if (facts.failedStep === 'github-app-token') {
        return {
            kind: 'problem',
            level,
            title: 'no GitHub App token, so the secret could not be written',
            details: `\`actions/create-github-app-token\` failed, so \`${facts.operation}\` did not run. Nothing was changed at Meta; the stored token is as it was.`,
            todo: [
                'Check that the variable passed as `github-app-client-id` and the secret passed as `github-app-private-key` belong to the same GitHub App (the whole PEM file, including the BEGIN and END lines).',
                'Check that the App is installed on the owner of every secret target, with access to those repositories, and that it has read and write access to "Secrets" (repository secrets), "Environments" (environment secrets) or "Secrets" under organization permissions (organization secrets).',
                RUN_AGAIN,
            ],
        };
    }
    if (storedTokenDead(facts)) {
        // About the token itself, not the pipeline: any healthy run that sees a valid token resolves it.
        return {
            kind: 'problem',
            level: 'check',
            title: `the token in ${secret} is no longer valid`,
            details: `\`${facts.operation}\` failed because Meta reports the stored token as invalid: it has expired or was revoked. Everything that uses ${secret} fails until it is replaced.`,
            todo: [GENERATE, 'Then run the scheduled rotation workflow by hand (operation `check` or `rotate`); a healthy run closes this issue.'],
        };
    }
    if (facts.operation === 'revoke') {
        return {
            kind: 'problem',
            level: 'write',
            title: `revoking the token in ${secret} failed`,
            details: 'The token may still be valid. If it leaked, it can still be used.',
            todo: [
                READ_THE_RUN,
                'If the cause cannot be fixed at once, revoke the token by hand: Meta Business Suite → Business settings → System users → the system user → Revoke tokens.',
                'Then store a new token: run the emergency revocation workflow again (with an admin token configured it generates one), or generate one in Business settings and store it in the secret.',
            ],
        };
    }
    const expiring = facts.daysRemaining !== undefined && facts.daysRemaining < facts.minDaysRemaining;
    return {
        kind: 'problem',
        level,
        title: expiring ? `\`${facts.operation}\` failed and the token in ${secret} ${expiryText(facts)}` : `\`${facts.operation}\` failed for ${secret}`,
        details: `The \`${facts.operation}\` run failed; the token ${expiryText(facts)}.${WRITING.has(facts.operation) ? ' A failed rotation leaves the old token working.' : ''}`,
        todo: [READ_THE_RUN, expiring ? `Fix the cause and rotate before the token expires (${facts.expiresAt}): run the workflow by hand with operation \`rotate\`.` : RUN_AGAIN],
    };
}
function expiringSoon(facts) {
    const secret = secretLabel(facts);
    const days = facts.daysRemaining;
    const todo = facts.skipped
        ? [
            '`renew-before-days` is smaller than `min-days-remaining`, so the rotation waits too long: raise `renew-before-days` above `min-days-remaining`.',
            'Rotate now: run the workflow by hand with operation `rotate`.',
        ]
        : WRITING.has(facts.operation) && facts.rotated
            ? [
                `Meta issued a token that lasts only ${days} days${facts.tokenType ? ` (type ${facts.tokenType})` : ''}. System user tokens are renewed for 60 days; a user token cannot be extended past its limit. Generate a system user token instead (\`operation: generate\` with \`expiring: true\`).`,
            ]
            : ['Rotate now: run the scheduled rotation workflow by hand with operation `rotate`.', `If rotation fails, read the run's error; if the token has already expired: ${GENERATE}`];
    return {
        kind: 'problem',
        level: 'check',
        title: `the token in ${secret} expires in ${days} day${days === 1 ? '' : 's'}`,
        details: `The token ${expiryText(facts)}: fewer than \`min-days-remaining\` (${facts.minDaysRemaining}).`,
        todo,
    };
}
/** What a finished run says about the token. */
function judge(facts) {
    if (facts.outcome === 'cancelled' || facts.outcome === 'skipped')
        return { kind: 'neutral', reason: `the run was ${facts.outcome}` };
    if (facts.outcome === 'failure')
        return failure(facts);
    if (facts.operation === 'revoke' || facts.operation === 'install-app') {
        return { kind: 'neutral', reason: `a successful \`${facts.operation}\` says nothing about the stored token's health` };
    }
    if (facts.dryRun && facts.operation !== 'check')
        return { kind: 'neutral', reason: 'a dry run changes nothing' };
    if (facts.daysRemaining !== undefined && facts.daysRemaining < facts.minDaysRemaining)
        return expiringSoon(facts);
    // A skipped rotation only inspected the token; it proves no more than a check.
    const level = WRITING.has(facts.operation) && !facts.skipped ? 'write' : 'check';
    return { kind: 'healthy', level, summary: `\`${facts.operation}\` succeeded${facts.skipped ? ' (no renewal due)' : ''}; the token ${expiryText(facts)}.` };
}
function nextStep(verdict, issue) {
    if (verdict.kind === 'neutral')
        return { do: 'none', why: verdict.reason };
    if (verdict.kind === 'problem')
        return issue ? { do: 'comment', level: higher(issue.level, verdict.level) } : { do: 'open' };
    if (!issue)
        return { do: 'none', why: 'healthy, and no alert issue is open' };
    if (RANK[verdict.level] >= RANK[issue.level])
        return { do: 'close' };
    return { do: 'none', why: `healthy, but issue #${issue.number} is about a failed rotation; only a successful rotate, refresh or generate closes it` };
}

;// CONCATENATED MODULE: ./src/urls.ts

function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
/** A base URL: https, or plain http on a loopback address only. Returns it without a trailing slash. */
function baseUrl(raw, name) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new InputError(name, `must be a URL such as https://graph.facebook.com, got ${quote(raw)}.`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        throw new InputError(name, `must use https (plain http is allowed only on localhost, 127.0.0.0/8 or [::1]), got ${quote(raw)}.`);
    }
    if (url.username || url.password || raw.includes('?') || raw.includes('#')) {
        throw new InputError(name, 'must not contain credentials, a query string or a fragment.');
    }
    return url.toString().replace(/\/+$/, '');
}

;// CONCATENATED MODULE: ./src/alert/inputs.ts


/** Bad input to the alert action; the message names the input. */
class AlertInputError extends Error {
    constructor(input, message) {
        super(`Input \`${input}\`: ${message}`);
        this.name = 'AlertInputError';
    }
}
const OUTCOMES = ['success', 'failure', 'cancelled', 'skipped'];
const FAILED_STEPS = ['', 'plan', 'github-app-token', 'action'];
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
function oneOf(read, name, allowed) {
    const raw = read(name).trim().toLowerCase();
    const value = allowed.find(item => item === raw);
    if (value === undefined)
        throw new AlertInputError(name, `must be one of ${allowed.filter(Boolean).join(', ')}; got ${quote(raw)}.`);
    return value;
}
function flag(read, name) {
    const raw = read(name).trim();
    if (raw === '' || /^false$/i.test(raw))
        return false;
    if (/^true$/i.test(raw))
        return true;
    throw new AlertInputError(name, `must be \`true\` or \`false\`; got ${quote(raw)}.`);
}
function days(read, name) {
    const raw = read(name).trim();
    if (raw === '')
        return undefined;
    if (!/^\d{1,5}$/.test(raw))
        throw new AlertInputError(name, `must be a whole number of days; got ${quote(raw)}.`);
    return Number(raw);
}
/** Lenient: an operation the action refused still deserves an alert that names it. */
function operation(read) {
    const raw = read('operation').trim().toLowerCase() || 'rotate';
    if (!/^[a-z-]{1,30}$/.test(raw))
        throw new AlertInputError('operation', `must be the operation the workflow ran, such as rotate; got ${quote(raw)}.`);
    return raw;
}
/** Reads and checks every input. `env` supplies the run's context where inputs leave it out. */
function parseAlertConfig(read, env) {
    const githubToken = read('github-token').trim();
    if (githubToken === '')
        throw new AlertInputError('github-token', 'is required: the workflow\'s own token (`${{ github.token }}`) with `issues: write`.');
    const repository = read('repository').trim() || env.GITHUB_REPOSITORY?.trim() || '';
    const repoMatch = REPOSITORY.exec(repository);
    if (!repoMatch)
        throw new AlertInputError('repository', `must be \`owner/repo\` (default: GITHUB_REPOSITORY); got ${quote(repository)}.`);
    const label = read('label').trim() || 'meta-token-keeper';
    if (label.length > 50 || /[,\n]/.test(label))
        throw new AlertInputError('label', `must be one label name of at most 50 characters, without commas; got ${quote(label)}.`);
    const secretName = read('secret-name').trim();
    if (secretName !== '' && !SECRET_NAME.test(secretName))
        throw new AlertInputError('secret-name', `must be a GitHub secret name such as META_ACCESS_TOKEN; got ${quote(secretName)}.`);
    const isValidRaw = read('is-valid').trim().toLowerCase();
    const expiresAt = read('expires-at').trim();
    if (expiresAt !== '' && expiresAt !== 'never' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(expiresAt)) {
        throw new AlertInputError('expires-at', `must be an ISO 8601 time such as 2027-01-21T10:00:00Z, or \`never\`; got ${quote(expiresAt)}.`);
    }
    const tokenType = read('token-type').trim();
    if (!/^[A-Z_]{0,40}$/.test(tokenType))
        throw new AlertInputError('token-type', `must be a token type such as SYSTEM_USER; got ${quote(tokenType)}.`);
    const serverUrl = env.GITHUB_SERVER_URL?.trim() || 'https://github.com';
    const runUrl = read('run-url').trim() || (env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : '');
    if (runUrl !== '' && !/^https?:\/\/\S+$/.test(runUrl))
        throw new AlertInputError('run-url', `must be the run's URL; got ${quote(runUrl)}.`);
    const facts = {
        operation: operation(read),
        outcome: oneOf(read, 'outcome', OUTCOMES),
        failedStep: oneOf(read, 'failed-step', FAILED_STEPS),
        secretName,
        minDaysRemaining: days(read, 'min-days-remaining') ?? 7,
        daysRemaining: days(read, 'days-remaining'),
        expiresAt,
        isValid: isValidRaw === '' ? undefined : flag(read, 'is-valid'),
        tokenType,
        rotated: flag(read, 'rotated'),
        skipped: flag(read, 'skipped'),
        dryRun: flag(read, 'dry-run'),
    };
    return {
        githubToken,
        owner: repoMatch[1],
        repo: repoMatch[2],
        label,
        githubApiUrl: baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL'),
        workflow: env.GITHUB_WORKFLOW?.trim() ?? '',
        runUrl,
        facts,
    };
}

;// CONCATENATED MODULE: ./src/alert/text.ts
const MARKER = /<!--\s*meta-token-keeper-alert\s+secret="([A-Za-z0-9_]*)"\s+level="(check|write)"\s*-->/;
function marker(secretName, level) {
    return `<!-- meta-token-keeper-alert secret="${secretName}" level="${level}" -->`;
}
function readMarker(body) {
    const match = MARKER.exec(body ?? '');
    return match ? { secretName: match[1], level: match[2] } : undefined;
}
/** The body with its marker's level replaced (a write-level failure on a check-level issue). */
function withLevel(body, secretName, level) {
    const other = level === 'check' ? 'write' : 'check';
    const updated = body.replace(closesWhen(other), closesWhen(level));
    return MARKER.test(updated) ? updated.replace(MARKER, marker(secretName, level)) : `${marker(secretName, level)}\n${updated}`;
}
function facts(problemOrNote, ctx) {
    const rows = [
        ['Secret', ctx.secretName ? `\`${ctx.secretName}\`` : '(not named)'],
        ['Operation', `\`${ctx.operation}\``],
        ['Workflow', ctx.workflow || '(unknown)'],
        ['Run', ctx.runUrl ? `[${ctx.runUrl.replace(/^https?:\/\/[^/]+\//, '')}](${ctx.runUrl})` : '(unknown)'],
        ['Token', ctx.expiry],
        ['When', ctx.now],
    ];
    const table = ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
    return problemOrNote ? `${problemOrNote}\n\n${table}` : table;
}
function todoList(problem) {
    return problem.todo.map((step, index) => `${index + 1}. ${step}`).join('\n');
}
function issueTitle(problem, ctx) {
    const subject = ctx.secretName ? `Meta token ${ctx.secretName}` : 'Meta token';
    return `${subject}: ${problem.title.replace(/`/g, '')}`;
}
function issueBody(problem, ctx) {
    return [
        marker(ctx.secretName, problem.level),
        `## ${capitalize(problem.title)}`,
        facts(problem.details, ctx),
        '### What to do',
        todoList(problem),
        '---',
        `Opened by Meta Token Keeper's alert. Later failures are added here as comments, never as a new issue. ${closesWhen(problem.level)}`,
    ].join('\n\n');
}
function failureComment(problem, ctx) {
    return [`### Failed again: ${problem.title}`, facts(problem.details, ctx), '**What to do**', todoList(problem)].join('\n\n');
}
function closingComment(healthy, ctx) {
    return [`### ✅ Healthy again`, facts(capitalize(healthy.summary), ctx), 'Closing this issue. A later failure opens a new one.'].join('\n\n');
}
function closesWhen(level) {
    return level === 'check'
        ? 'The next healthy run (a passing `check`, or a successful `rotate`, `refresh` or `generate`) closes it.'
        : 'The next successful `rotate`, `refresh` or `generate` closes it (a passing `check` alone does not: it does not show that rotation works again).';
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./src/alert/issues.ts

const LABEL_COLOR = 'd93f0b';
const LABEL_DESCRIPTION = 'Meta Token Keeper: a Meta token needs attention';
class IssueTracker {
    api;
    repo;
    label;
    constructor(api, owner, repo, label) {
        this.api = api;
        this.repo = { owner, repo };
        this.label = label;
    }
    /** The oldest open issue with the label whose marker names this secret. */
    async findOpen(secretName) {
        // https://docs.github.com/en/rest/issues/issues#list-repository-issues
        const { data } = await this.api.request('GET /repos/{owner}/{repo}/issues', {
            ...this.repo,
            labels: this.label,
            state: 'open',
            sort: 'created',
            direction: 'asc',
            per_page: 100,
        });
        for (const issue of data) {
            if (issue.pull_request)
                continue; // the issues list includes pull requests
            const found = readMarker(issue.body);
            if (found && found.secretName === secretName)
                return { number: issue.number, url: issue.html_url, level: found.level, body: issue.body ?? '' };
        }
        return undefined;
    }
    /** Creates the issue with the label (creating the label first when the repository lacks it). */
    async open(title, body) {
        await this.ensureLabel();
        // https://docs.github.com/en/rest/issues/issues#create-an-issue
        const { data } = await this.api.request('POST /repos/{owner}/{repo}/issues', { ...this.repo, title, body, labels: [this.label] });
        const issue = data;
        // GitHub silently drops labels that the token may not set; without it the issue is never found again.
        const labelled = (issue.labels ?? []).some(label => (typeof label === 'string' ? label : label.name) === this.label);
        return { number: issue.number, url: issue.html_url, labelled };
    }
    async comment(issueNumber, body) {
        // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
        await this.api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.repo, issue_number: issueNumber, body });
    }
    /** Raises the level written in the issue's marker (so a passing check no longer closes it). */
    async raiseLevel(issue, secretName, level) {
        if (issue.level === level)
            return;
        // https://docs.github.com/en/rest/issues/issues#update-an-issue
        await this.api.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...this.repo, issue_number: issue.number, body: withLevel(issue.body, secretName, level) });
    }
    async close(issueNumber, comment) {
        await this.comment(issueNumber, comment);
        // https://docs.github.com/en/rest/issues/issues#update-an-issue
        await this.api.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...this.repo, issue_number: issueNumber, state: 'closed', state_reason: 'completed' });
    }
    async ensureLabel() {
        try {
            // https://docs.github.com/en/rest/issues/labels#get-a-label
            await this.api.request('GET /repos/{owner}/{repo}/labels/{name}', { ...this.repo, name: this.label });
            return;
        }
        catch (error) {
            if (error.status !== 404)
                throw error;
        }
        try {
            // https://docs.github.com/en/rest/issues/labels#create-a-label
            await this.api.request('POST /repos/{owner}/{repo}/labels', { ...this.repo, name: this.label, color: LABEL_COLOR, description: LABEL_DESCRIPTION });
        }
        catch (error) {
            // Another run created it in the meantime.
            if (error.status !== 422)
                throw error;
        }
    }
}

;// CONCATENATED MODULE: ./src/alert/main.ts
/**
 * The alert action: after the reusable workflow's job, open one issue when the run failed or
 * the token expires within `min-days-remaining` days, comment on it on later failures, and close
 * it on the next healthy run. See decide.ts for the rules and text.ts for the words.
 */










const REQUEST_TIMEOUT_MS = 30_000;
async function main(io, env, now = () => new Date()) {
    const token = io.getInput('github-token').trim();
    if (token)
        io.setSecret(token);
    let config;
    try {
        config = parseAlertConfig(name => io.getInput(name), env);
    }
    catch (error) {
        io.setFailed(error instanceof Error ? error.message : String(error));
        return;
    }
    const verdict = judge(config.facts);
    io.setOutput('verdict', verdict.kind);
    if (verdict.kind === 'neutral') {
        await report(io, 'none', `No alert: ${verdict.reason}.`);
        return;
    }
    const ctx = {
        operation: config.facts.operation,
        secretName: config.facts.secretName,
        workflow: config.workflow,
        runUrl: config.runUrl,
        expiry: expiryText(config.facts),
        now: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    let step;
    try {
        const tracker = new IssueTracker(await githubApi(config, env, io), config.owner, config.repo, config.label);
        const issue = await tracker.findOpen(config.facts.secretName);
        step = nextStep(verdict, issue);
        const done = await apply(step, verdict, issue, tracker, ctx, config, io);
        if (verdict.kind === 'problem' && config.facts.outcome === 'success')
            io.warning(`Meta token: ${verdict.title.replace(/`/g, '')}. ${verdict.details}`);
        await report(io, done.action, done.message);
    }
    catch (error) {
        const message = `Alert issue not ${describeStep(step, verdict)}: ${explain(error, config)}`;
        // A problem that nobody hears about is worse than a red run; a missed close is only noise.
        if (verdict.kind === 'problem')
            io.setFailed(message);
        else
            io.warning(message);
        io.setOutput('action', 'none');
    }
}
async function githubApi(config, env, io) {
    const timing = timingFromEnv(env);
    return new GitHubApi({
        fetch: await createFetch(env),
        token: config.githubToken,
        baseUrl: config.githubApiUrl,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        timing,
        deadline: new Deadline(timing.deadlineMs),
        onRetry: (route, error, waitMs) => io.info(`GitHub ${route}: ${error.githubMessage} (HTTP ${error.status}); retrying in ${(waitMs / 1000).toFixed(1)} s`),
    });
}
async function apply(step, verdict, issue, tracker, ctx, config, io) {
    if (step.do === 'none')
        return { action: 'none', message: `No alert: ${step.why}.` };
    if (step.do === 'open' && verdict.kind === 'problem') {
        const opened = await tracker.open(issueTitle(verdict, ctx), issueBody(verdict, ctx));
        setIssue(io, opened.number, opened.url);
        if (!opened.labelled)
            io.warning(`Issue #${opened.number} was created without the label "${config.label}" (the token may not set labels), so later runs will not find it: give the job \`issues: write\`.`);
        return { action: 'opened', message: `Opened issue #${opened.number}: ${opened.url}` };
    }
    if (step.do === 'comment' && verdict.kind === 'problem' && issue) {
        await tracker.comment(issue.number, failureComment(verdict, ctx));
        await tracker.raiseLevel(issue, config.facts.secretName, step.level);
        setIssue(io, issue.number, issue.url);
        return { action: 'commented', message: `Commented on the open issue #${issue.number}: ${issue.url}` };
    }
    if (step.do === 'close' && verdict.kind === 'healthy' && issue) {
        await tracker.close(issue.number, closingComment(verdict, ctx));
        setIssue(io, issue.number, issue.url);
        return { action: 'closed', message: `Closed issue #${issue.number}: ${verdict.summary}` };
    }
    throw new Error(`inconsistent alert step ${step.do} for a ${verdict.kind} verdict`);
}
function setIssue(io, number, url) {
    io.setOutput('issue-number', String(number));
    io.setOutput('issue-url', url);
}
async function report(io, action, message) {
    io.setOutput('action', action);
    io.info(message);
    await io.writeSummary(`### Meta token alert\n\n${message}\n`).catch(() => io.info('No job summary written.'));
}
function describeStep(step, verdict) {
    if (!step)
        return verdict.kind === 'problem' ? 'opened or updated' : 'closed';
    return { open: 'opened', comment: 'updated', close: 'closed', none: 'checked' }[step.do];
}
/** A GitHub failure turned into what to do about it. */
function explain(error, config) {
    const where = `${config.owner}/${config.repo}`;
    if (!(error instanceof GitHubError))
        return error instanceof Error ? error.message : String(error);
    if (error.status === 401)
        return 'GitHub answered 401 (bad credentials): pass the workflow\'s own token, `github-token: ${{ github.token }}`.';
    if (error.status === 403 && !error.isRateLimit) {
        return `GitHub answered 403 (${error.githubMessage}): the token may not manage issues in ${where}. Give the job \`permissions: issues: write\`; a calling workflow must grant it to the job that calls the reusable workflow.`;
    }
    if (error.status === 404)
        return `GitHub answered 404: ${where} was not found or is not visible to the token.`;
    if (error.status === 410)
        return `Issues are disabled in ${where}: enable them (Settings → General → Features → Issues), or call the reusable workflow with \`alert: false\`.`;
    return `${error.message}.`;
}
async function run() {
    await main(runnerIO(), process.env);
}


/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(4378);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map