import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5491);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5491:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: main

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * An error the user can act on. `step` says where the run stopped (shown in the summary),
 * `fix` says what to do about it. Messages never contain secret values: the code that
 * builds them uses names and ids only, and `main` redacts once more before printing.
 */
class ActionError extends Error {
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
class InputError extends ActionError {
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

;// CONCATENATED MODULE: ./src/concurrency.ts
/** Runs `work` on every item with at most `limit` in flight; results keep the input order. */
async function mapWithLimit(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    async function worker() {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    }
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/github/seal.ts

let loading;
/** libsodium is loaded on first use only: operations that write no secret never pay for it. */
function loadSodium() {
    loading ??= __nccwpck_require__.e(/* import() */ 768).then(__nccwpck_require__.bind(__nccwpck_require__, 4768)).then(async (module) => {
        await module.default.ready;
        return module.default;
    });
    return loading;
}
/** Starts loading libsodium now, so that it overlaps network round trips. */
function preloadSodium() {
    loadSodium().catch(() => undefined);
}
/**
 * Seals a value for GitHub's secrets API: a libsodium sealed box for the repository's,
 * environment's or organization's public key, base64 (standard alphabet, padded).
 * https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api
 */
async function sealSecret(value, base64PublicKey, where) {
    const sodium = await loadSodium();
    let key;
    try {
        key = sodium.from_base64(base64PublicKey, sodium.base64_variants.ORIGINAL);
    }
    catch {
        key = new Uint8Array();
    }
    if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
        throw new ActionError('write secrets', `GitHub returned a public key for ${where} that is not a 32-byte Curve25519 key; the secret was not written.`);
    }
    const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
    return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

;// CONCATENATED MODULE: ./src/github/secret-store.ts




/** The contract's limit on writes in flight (shared/spec/ACTION.md, "Writes"). */
const MAX_WRITES_IN_FLIGHT = 10;
function scopePath(target) {
    switch (target.kind) {
        case 'repository':
            return `/repos/${enc(target.owner)}/${enc(target.repo)}/actions`;
        case 'environment':
            return `/repos/${enc(target.owner)}/${enc(target.repo)}/environments/${enc(target.environment)}`;
        case 'organization':
            return `/orgs/${enc(target.org)}/actions`;
    }
}
function enc(part) {
    return encodeURIComponent(part);
}
/**
 * Actions secrets of repositories, environments and organizations: preflight (public key and,
 * for organizations, the secret's current visibility) and sealed writes.
 * https://docs.github.com/en/rest/actions/secrets
 */
class SecretStore {
    options;
    keys = new Map();
    repositoryIds = new Map();
    constructor(options) {
        this.options = options;
    }
    get secretName() {
        return this.options.secretName;
    }
    /** Checks every target concurrently; never throws, each result says what went wrong. */
    async preflight(targets) {
        return Promise.all(targets.map(async (target) => {
            try {
                // The key read and an organization secret's settings read do not depend on each other.
                const [, org] = await Promise.all([this.publicKey(target), target.kind === 'organization' ? this.orgSettings(target) : undefined]);
                return { target, ok: true, prepared: { target, org } };
            }
            catch (error) {
                return { target, ok: false, error: targetError(error, target, 'check secret targets', 'read its secrets public key') };
            }
        }));
    }
    /**
     * Starts loading libsodium (~20 ms of compilation on the main thread) so that it overlaps a
     * round trip. Called right after a request is started on a kept-alive socket: by the time
     * setImmediate runs, the request has been written, so the compilation does not hold it back.
     */
    preloadSealing() {
        setImmediate(preloadSodium);
    }
    /** Writes `value` to every target, at most MAX_WRITES_IN_FLIGHT at once; never throws. */
    async writeAll(prepared, value) {
        return mapWithLimit(prepared, MAX_WRITES_IN_FLIGHT, async (item) => {
            try {
                return { target: item.target, ok: true, created: await this.write(item, value) };
            }
            catch (error) {
                return { target: item.target, ok: false, error: targetError(error, item.target, 'write secrets', `write ${this.secretName}`) };
            }
        });
    }
    /** Returns true when the secret was created, false when it was updated. */
    async write(item, value) {
        try {
            return await this.put(item, value);
        }
        catch (error) {
            // The key may have been rotated since we read it: read it again once and retry.
            if (!(error instanceof GitHubError) || !error.isImproperlyEncrypted)
                throw error;
            this.keys.delete(scopePath(item.target));
            return await this.put(item, value);
        }
    }
    /**
     * https://docs.github.com/en/rest/actions/secrets#create-or-update-a-repository-secret
     * https://docs.github.com/en/rest/actions/secrets#create-or-update-an-environment-secret
     * https://docs.github.com/en/rest/actions/secrets#create-or-update-an-organization-secret
     */
    async put(item, value) {
        const key = await this.publicKey(item.target);
        const body = {
            encrypted_value: await sealSecret(value, key.key, item.target.label),
            key_id: key.keyId,
        };
        if (item.org) {
            body.visibility = item.org.visibility;
            if (item.org.visibility === 'selected')
                body.selected_repository_ids = item.org.selectedRepositoryIds ?? [];
        }
        const response = await this.options.api.request(`PUT ${scopePath(item.target)}/secrets/{secret_name}`, {
            secret_name: this.secretName,
            ...body,
        });
        return response.status === 201;
    }
    /** One read per target and run, shared by concurrent callers. */
    publicKey(target) {
        const path = scopePath(target);
        let key = this.keys.get(path);
        if (!key) {
            // https://docs.github.com/en/rest/actions/secrets#get-a-repository-public-key (and the environment and organization variants)
            key = this.options.api.request(`GET ${path}/secrets/public-key`).then(response => {
                const data = response.data;
                if (typeof data?.key_id !== 'string' || typeof data?.key !== 'string') {
                    throw new ActionError('check secret targets', `${target.label}: GitHub's public-key answer has no key_id or key.`);
                }
                return { keyId: data.key_id, key: data.key };
            });
            key.catch(() => this.keys.delete(path));
            this.keys.set(path, key);
        }
        return key;
    }
    /**
     * Visibility and selected repositories for an organization secret: from the inputs when given,
     * otherwise kept from the existing secret (`private` for a new one).
     */
    async orgSettings(target) {
        const { orgVisibility, orgRepositories } = this.options;
        if (orgVisibility) {
            const selectedRepositoryIds = orgVisibility === 'selected' ? await Promise.all(orgRepositories.map(name => this.repositoryId(target.org, name))) : undefined;
            return { visibility: orgVisibility, selectedRepositoryIds };
        }
        let existing;
        try {
            // https://docs.github.com/en/rest/actions/secrets#get-an-organization-secret
            existing = (await this.options.api.request(`GET /orgs/{org}/actions/secrets/{secret_name}`, { org: target.org, secret_name: this.secretName })).data;
        }
        catch (error) {
            if (error instanceof GitHubError && error.status === 404)
                return { visibility: 'private', selectedRepositoryIds: undefined };
            throw error;
        }
        const visibility = existing.visibility === 'all' || existing.visibility === 'selected' ? existing.visibility : 'private';
        if (visibility !== 'selected')
            return { visibility, selectedRepositoryIds: undefined };
        return { visibility, selectedRepositoryIds: await this.selectedRepositoryIds(target.org) };
    }
    /** https://docs.github.com/en/rest/actions/secrets#list-selected-repositories-for-an-organization-secret */
    async selectedRepositoryIds(org) {
        const ids = [];
        for (let page = 1;; page++) {
            const response = await this.options.api.request('GET /orgs/{org}/actions/secrets/{secret_name}/repositories', {
                org,
                secret_name: this.secretName,
                per_page: 100,
                page,
            });
            const data = response.data;
            const repositories = data.repositories ?? [];
            ids.push(...repositories.map(repo => repo.id));
            if (repositories.length < 100 || ids.length >= (data.total_count ?? 0))
                return ids;
        }
    }
    /** https://docs.github.com/en/rest/repos/repos#get-a-repository */
    repositoryId(org, name) {
        const fullName = name.includes('/') ? name : `${org}/${name}`;
        let id = this.repositoryIds.get(fullName.toLowerCase());
        if (!id) {
            const [owner, repo] = fullName.split('/');
            id = this.options.api.request('GET /repos/{owner}/{repo}', { owner, repo }).then(response => response.data.id, error => {
                if (error instanceof GitHubError && error.status === 404) {
                    throw new ActionError('check secret targets', `org-secret-repositories: repository ${fullName} was not found or \`github-token\` cannot see it.`, 'Check the name, and that the token can read that repository (Metadata: read).');
                }
                throw error;
            });
            this.repositoryIds.set(fullName.toLowerCase(), id);
        }
        return id;
    }
}

;// CONCATENATED MODULE: ./src/github/create-store.ts


/** The secret store for a run that writes `secret-name` (libsodium loads only when there is something to seal). */
function createSecretStore(config, timing, deadline, fetch, onRetry) {
    const api = new GitHubApi({ token: config.githubToken, baseUrl: config.githubApiUrl, requestTimeoutMs: config.requestTimeoutMs, timing, deadline, fetch, onRetry });
    return new SecretStore({ api, secretName: config.secretName, orgVisibility: config.orgVisibility, orgRepositories: config.orgRepositories });
}

;// CONCATENATED MODULE: ./src/graph/errors.ts
/** What went wrong with one Graph call; `kind` separates Graph's own errors from transport. */
class GraphError extends Error {
    endpoint;
    kind;
    status;
    code;
    subcode;
    type;
    fbtraceId;
    isTransient;
    graphMessage;
    /** Minutes Meta says it takes to regain access (X-Business-Use-Case-Usage), if it said. */
    regainAccessMinutes;
    constructor(fields) {
        const details = [
            fields.code !== undefined ? `code ${fields.code}` : undefined,
            fields.subcode !== undefined ? `subcode ${fields.subcode}` : undefined,
            fields.status !== undefined && fields.kind !== 'graph' ? `HTTP ${fields.status}` : undefined,
            fields.fbtraceId ? `fbtrace_id ${fields.fbtraceId}` : undefined,
        ].filter(Boolean);
        super(`Meta ${fields.endpoint}: ${fields.graphMessage}${details.length ? ` (${details.join(', ')})` : ''}`);
        this.name = 'GraphError';
        this.endpoint = fields.endpoint;
        this.kind = fields.kind;
        this.status = fields.status;
        this.code = fields.code;
        this.subcode = fields.subcode;
        this.type = fields.type;
        this.fbtraceId = fields.fbtraceId;
        this.isTransient = fields.isTransient ?? false;
        this.graphMessage = fields.graphMessage;
        this.regainAccessMinutes = fields.regainAccessMinutes;
    }
}
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);
function isRateLimitCode(code) {
    return code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014));
}
/**
 * Retryable or not, decided by the error body (graph-api.md §4.2): codes 1 and 2 with HTTP 5xx
 * or is_transient (never "Error validating client secret."), the rate-limit codes, and any
 * transport failure or 5xx without a Graph body. Everything else is permanent.
 */
function isRetryableGraphError(error) {
    if (error.kind !== 'graph')
        return error.kind !== 'http' || (error.status ?? 0) >= 500;
    if (error.code === 1 && /client secret/i.test(error.graphMessage))
        return false;
    if (error.code === 1 || error.code === 2)
        return (error.status ?? 0) >= 500 || error.isTransient;
    return isRateLimitCode(error.code);
}
function classifyGraphError(error) {
    if (!(error instanceof GraphError))
        return { retry: false };
    if (!isRetryableGraphError(error))
        return { retry: false };
    if (error.regainAccessMinutes && error.regainAccessMinutes > 0) {
        return { retry: true, waitMs: error.regainAccessMinutes * 60_000 };
    }
    return { retry: true };
}
/** The largest `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage. */
function regainAccessMinutes(header) {
    if (!header)
        return undefined;
    try {
        const usage = JSON.parse(header);
        let minutes;
        for (const entries of Object.values(usage)) {
            for (const entry of Array.isArray(entries) ? entries : []) {
                const value = Number(entry?.estimated_time_to_regain_access);
                if (Number.isFinite(value) && value > 0)
                    minutes = Math.max(minutes ?? 0, value);
            }
        }
        return minutes;
    }
    catch {
        return undefined;
    }
}
/** What the user should do about a permanent Graph error. */
function fixForGraphError(error) {
    if (error.code === 190 || error.code === 102) {
        if (error.subcode === 463)
            return 'The token has expired and cannot be refreshed any more: create a new one with `operation: generate` (expiring: true) and store it.';
        if (error.subcode === 460)
            return 'The token was invalidated (password change or a security event): create a new one with `operation: generate`.';
        if (error.subcode === 458)
            return 'The app is not installed for this user: run `operation: install-app`, then `generate`.';
        return 'The token is invalid or revoked: create a new one with `operation: generate` (expiring: true) and store it.';
    }
    if (error.code === 1 && /client secret/i.test(error.graphMessage))
        return 'The app secret is wrong: check `app-secret` (App settings → Basic) and that it belongs to `app-id`.';
    if (error.code === 101)
        return 'The app id is wrong: check `app-id`.';
    if (error.code === 100 && /appsecret_proof/i.test(error.graphMessage))
        return 'The app secret does not match the token\'s app: check `app-secret` and `app-id`.';
    if (error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299))
        return 'The caller lacks a permission at Meta: check the admin token\'s role and the system user\'s assets in Business settings; for `generate`, the app must first be installed for the system user (`operation: install-app`).';
    if (error.code === 3962)
        return 'A permission in `scope` is not valid for this app or system user.';
    if (error.kind === 'timeout')
        return 'Meta did not answer in time; run again later or raise `request-timeout-seconds`.';
    if (isRetryableGraphError(error))
        return 'Meta is unavailable or rate limiting; run again later.';
    if (error.code === 100)
        return 'Meta rejected a parameter of the call: check that `access-token` belongs to `app-id`, and check `system-user-id` and `scope` where they apply.';
    return 'Meta refused the call; the message above is Meta\'s own. Check the inputs it names, and quote the fbtrace_id if you ask Meta for help.';
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/graph/proof.ts

/**
 * `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token, keyed by the app secret.
 * https://developers.facebook.com/docs/facebook-login/security/#proof
 */
function appSecretProof(accessToken, appSecret) {
    return (0,external_node_crypto_.createHmac)('sha256', appSecret).update(accessToken).digest('hex');
}

;// CONCATENATED MODULE: ./src/graph/client.ts



class GraphClient {
    options;
    appToken;
    constructor(options) {
        this.options = options;
        this.appToken = `${options.appId}|${options.appSecret}`;
        // Made of app id and secret: the secret is registered on its own, the id is no secret.
        options.redactor.register(this.appToken, { fragments: false });
    }
    /**
     * Inspect a token, calling as the app (its token in the Authorization header, so no proof).
     * https://developers.facebook.com/docs/graph-api/reference/debug_token
     */
    async debugToken(inputToken) {
        const body = await this.call('GET', 'debug_token', { input_token: inputToken }, { bearer: this.appToken });
        const data = body.data ?? {};
        const error = data.error;
        return {
            isValid: data.is_valid === true,
            type: typeof data.type === 'string' ? data.type : undefined,
            appId: data.app_id === undefined ? undefined : String(data.app_id),
            userId: data.user_id === undefined ? undefined : String(data.user_id),
            scopes: Array.isArray(data.scopes) ? data.scopes.map(String) : [],
            expiresAt: typeof data.expires_at === 'number' ? data.expires_at : undefined,
            issuedAt: typeof data.issued_at === 'number' ? data.issued_at : undefined,
            error: error && typeof error === 'object' ? error : undefined,
        };
    }
    /**
     * Refresh an expiring system user token (`set_token_expires_in_60_days`) or exchange a user
     * token for a long-lived one. Authenticates with client_secret, so no proof.
     * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#refresh-token
     * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
     */
    async exchangeToken(token, systemUser) {
        const params = {
            grant_type: 'fb_exchange_token',
            client_id: this.options.appId,
            client_secret: this.options.appSecret,
            fb_exchange_token: token,
        };
        if (systemUser)
            params.set_token_expires_in_60_days = 'true';
        const body = (await this.call('GET', 'oauth/access_token', params));
        const accessToken = this.takeToken(body, 'oauth/access_token');
        // Legacy answers said `expires`; accept it as a fallback.
        const seconds = Number(body.expires_in ?? body.expires);
        return { accessToken, expiresIn: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined };
    }
    /**
     * Revoke `revokeToken`, calling as `callerToken` (with its proof).
     * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#revoke-token
     */
    async revoke(revokeToken, callerToken) {
        const body = await this.call('GET', 'oauth/revoke', {
            client_id: this.options.appId,
            client_secret: this.options.appSecret,
            revoke_token: revokeToken,
            access_token: callerToken,
            appsecret_proof: this.proof(callerToken),
        });
        if (!isSuccess(body)) {
            throw new GraphError({ endpoint: 'oauth/revoke', kind: 'http', status: 200, graphMessage: 'Meta did not confirm the revocation' });
        }
    }
    /**
     * Generate a system user token, calling as an admin token.
     * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#generate-token
     */
    async generateSystemUserToken(systemUserId, scopes, expiring, adminToken) {
        const params = {
            business_app: this.options.appId,
            scope: scopes.join(','),
            access_token: adminToken,
            appsecret_proof: this.proof(adminToken),
        };
        if (expiring)
            params.set_token_expires_in_60_days = 'true';
        const body = (await this.call('POST', `${systemUserId}/access_tokens`, params));
        return this.takeToken(body, 'access_tokens');
    }
    /**
     * Install the app for a system user, calling as an admin token.
     * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#install-apps
     */
    async installApp(systemUserId, adminToken) {
        const body = await this.call('POST', `${systemUserId}/applications`, {
            business_app: this.options.appId,
            access_token: adminToken,
            appsecret_proof: this.proof(adminToken),
        });
        if (!isSuccess(body)) {
            throw new GraphError({ endpoint: 'applications', kind: 'http', status: 200, graphMessage: 'Meta did not confirm the installation' });
        }
    }
    proof(token) {
        const proof = appSecretProof(token, this.options.appSecret);
        this.options.redactor.register(proof, { fragments: false });
        return proof;
    }
    /** Masks a token Meta returned before anything else can see it. */
    takeToken(body, endpoint) {
        const token = body.access_token;
        if (typeof token !== 'string' || token === '') {
            throw new GraphError({ endpoint, kind: 'http', status: 200, graphMessage: 'the answer holds no access_token' });
        }
        this.options.redactor.register(token);
        return token;
    }
    async call(method, path, params, auth = {}) {
        const endpoint = path.replace(/^\d+\//, '');
        return withRetries(() => this.once(method, path, endpoint, params, auth), {
            timing: this.options.timing,
            deadline: this.options.deadline,
            classify: classifyGraphError,
            onRetry: (error, _attempt, waitMs) => this.options.onRetry?.(endpoint, error, waitMs),
            onOutOfTime: (error, waitMs) => {
                const graphError = error;
                const wait = waitMs >= 60_000 ? `${Math.ceil(waitMs / 60_000)} minutes` : `${Math.ceil(waitMs / 1000)} s`;
                return new GraphError({
                    endpoint: graphError.endpoint,
                    kind: graphError.kind,
                    status: graphError.status,
                    code: graphError.code,
                    subcode: graphError.subcode,
                    fbtraceId: graphError.fbtraceId,
                    isTransient: graphError.isTransient,
                    graphMessage: `${graphError.graphMessage}; the next attempt would have to wait ${wait}, longer than this run may take — run again later`,
                });
            },
        });
    }
    async once(method, path, endpoint, params, auth) {
        const url = new URL(`${this.options.baseUrl}/${this.options.version}/${path}`);
        const headers = { accept: 'application/json' };
        if (auth.bearer)
            headers.authorization = `Bearer ${auth.bearer}`;
        let body;
        if (method === 'GET') {
            for (const [key, value] of Object.entries(params))
                url.searchParams.set(key, value);
        }
        else {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            body = new URLSearchParams(params).toString();
        }
        const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()));
        const signal = AbortSignal.timeout(timeoutMs);
        let status;
        let bucHeader;
        let text;
        try {
            const response = await this.options.fetch(url.toString(), { method, headers, body, signal });
            status = response.status;
            bucHeader = response.headers.get('x-business-use-case-usage');
            text = await response.text();
        }
        catch (error) {
            // Never pass the library's message on: it may quote the URL, query string included.
            throw new GraphError({
                endpoint,
                kind: signal.aborted ? 'timeout' : 'network',
                graphMessage: signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `network error (${networkCode(error)})`,
            });
        }
        const json = client_parseJson(text);
        const envelope = errorEnvelope(json);
        if (envelope) {
            throw new GraphError({
                endpoint,
                kind: 'graph',
                status,
                code: numberOrUndefined(envelope.code),
                subcode: numberOrUndefined(envelope.error_subcode),
                type: typeof envelope.type === 'string' ? envelope.type : undefined,
                fbtraceId: typeof envelope.fbtrace_id === 'string' ? envelope.fbtrace_id : undefined,
                isTransient: envelope.is_transient === true,
                graphMessage: typeof envelope.message === 'string' ? envelope.message : 'unknown error',
                regainAccessMinutes: regainAccessMinutes(bucHeader ?? undefined),
            });
        }
        if (status >= 300 || json === undefined) {
            throw new GraphError({ endpoint, kind: 'http', status, graphMessage: `unexpected answer (HTTP ${status})` });
        }
        return json;
    }
}
function client_parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Graph wraps errors in `{error:{…}}`; some answers carry a bare `{code, message}`. */
function errorEnvelope(json) {
    if (!json || typeof json !== 'object')
        return undefined;
    const record = json;
    if (record.error && typeof record.error === 'object')
        return record.error;
    if (typeof record.code === 'number' && typeof record.message === 'string' && !('data' in record))
        return record;
    return undefined;
}
function isSuccess(body) {
    if (body === true || body === 'true')
        return true;
    const success = body?.success;
    return success === true || success === 'true';
}
function numberOrUndefined(value) {
    const n = typeof value === 'string' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
function networkCode(error) {
    // node:http puts the socket error's code on the error; fetch puts it on the error's cause.
    const code = error?.cause?.code ?? error?.code;
    return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'connection failed';
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

;// CONCATENATED MODULE: ./src/scopes.ts
/**
 * Permissions a system user token can be generated with (`scope` of `generate`).
 * Source: Meta, "Install Apps, Generate, Refresh, and Revoke Tokens" (the list of supported
 * scopes for system users), see shared/reference/graph-api.md, Call 4. Meta lists further
 * capability-gated permissions beside it; they are in the second list. Extend here.
 */
const SYSTEM_USER_SCOPES = [
    'ads_management',
    'ads_read',
    'attribution_read',
    'business_management',
    'catalog_management',
    'commerce_account_manage_orders',
    'commerce_account_read_orders',
    'commerce_account_read_settings',
    'instagram_basic',
    'instagram_branded_content_ads_brand',
    'instagram_branded_content_brand',
    'instagram_content_publish',
    'instagram_manage_comments',
    'instagram_manage_insights',
    'instagram_manage_messages',
    'instagram_shopping_tag_products',
    'leads_retrieval',
    'page_events',
    'pages_manage_ads',
    'pages_manage_cta',
    'pages_manage_engagement',
    'pages_manage_instant_articles',
    'pages_manage_metadata',
    'pages_manage_posts',
    'pages_messaging',
    'pages_read_engagement',
    'pages_read_user_content',
    'pages_show_list',
    'private_computation_access',
    'publish_video',
    'read_audience_network_insights',
    'read_insights',
    'read_page_mailboxes',
    'whatsapp_business_management',
    'whatsapp_business_messaging',
];
/** Capability-gated permissions: valid only for apps that Meta has granted the capability. */
const CAPABILITY_GATED_SCOPES = [
    'whatsapp_business_manage_events',
    'instagram_manage_events',
    'manage_app_solution',
    'threads_business_basic',
];
const KNOWN = new Set([...SYSTEM_USER_SCOPES, ...CAPABILITY_GATED_SCOPES]);
function isSupportedScope(scope) {
    return KNOWN.has(scope);
}

;// CONCATENATED MODULE: ./src/targets.ts

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// Environment names: GitHub allows most printable characters (including `/`); refuse only
// control characters and overlong names, and URL-encode the name in paths.
const ENVIRONMENT = /^[^\p{Cc}]{1,255}$/u;
/** Splits a list input on newlines and commas; drops blanks and `#` comment lines (whole lines, commas and all). */
function splitList(raw) {
    return raw
        .split(/\r?\n/)
        .filter(line => !line.trim().startsWith('#'))
        .flatMap(line => line.split(','))
        .map(item => item.trim())
        .filter(item => item !== '');
}
function parseTarget(text, input = 'secret-targets') {
    const expected = 'expected `owner/repo`, `owner/repo:environment` or `org:NAME`';
    if (text.startsWith('org:')) {
        const org = text.slice(4).trim();
        if (!OWNER.test(org))
            throw new InputError(input, `${quote(text)} is not a valid organization target; ${expected}.`);
        return { kind: 'organization', org, label: `org:${org}` };
    }
    const colon = text.indexOf(':');
    const repoPart = colon === -1 ? text : text.slice(0, colon);
    const parts = repoPart.split('/');
    if (parts.length !== 2 || !OWNER.test(parts[0]) || !REPO.test(parts[1]) || parts[1] === '.' || parts[1] === '..') {
        throw new InputError(input, `${quote(text)} is not a valid target; ${expected}.`);
    }
    const [owner, repo] = parts;
    if (colon === -1)
        return { kind: 'repository', owner, repo, label: `${owner}/${repo}` };
    const environment = text.slice(colon + 1).trim();
    if (!ENVIRONMENT.test(environment) || environment === '.' || environment === '..') {
        throw new InputError(input, `${quote(text)} has an empty or invalid environment name; ${expected}.`);
    }
    return { kind: 'environment', owner, repo, environment, label: `${owner}/${repo}:${environment}` };
}
/** Parses `secret-targets`; duplicates (case-insensitive) collapse to the first. */
function parseTargets(raw, defaultRepository) {
    const items = splitList(raw);
    if (items.length === 0) {
        if (!defaultRepository) {
            throw new InputError('secret-targets', 'is empty and GITHUB_REPOSITORY is not set; name at least one target such as `owner/repo`.');
        }
        const target = parseTarget(defaultRepository, 'secret-targets (default: GITHUB_REPOSITORY)');
        if (target.kind !== 'repository') {
            throw new InputError('secret-targets (default: GITHUB_REPOSITORY)', `${quote(defaultRepository)} is not an \`owner/repo\` name; name the targets in \`secret-targets\`.`);
        }
        return [target];
    }
    const seen = new Set();
    const targets = [];
    for (const item of items) {
        const target = parseTarget(item);
        const key = target.label.toLowerCase();
        if (seen.has(key))
            continue;
        seen.add(key);
        targets.push(target);
    }
    return targets;
}

;// CONCATENATED MODULE: ./src/inputs.ts




const OPERATIONS = ['rotate', 'refresh', 'check', 'revoke', 'generate', 'install-app'];
/** The inputs whose values are secrets; they are masked before anything else happens. */
const SECRET_INPUTS = ['app-secret', 'access-token', 'revoke-token', 'github-token'];
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function inputs_boolean(read, name, fallback) {
    const raw = read(name).trim();
    if (raw === '')
        return fallback;
    if (/^true$/i.test(raw))
        return true;
    if (/^false$/i.test(raw))
        return false;
    throw new InputError(name, `must be \`true\` or \`false\`, got ${quote(raw)}.`);
}
function wholeDays(read, name) {
    const raw = read(name).trim();
    if (raw === '')
        return undefined;
    if (!/^\d{1,5}$/.test(raw))
        throw new InputError(name, `must be a whole number of days (0 or more), got ${quote(raw)}.`);
    return Number(raw);
}
/** A secret input: required ones must be present; none may hold whitespace (a paste error). */
function secret(read, name, required, what) {
    const value = read(name).trim();
    if (value === '') {
        if (required)
            throw new InputError(name, `is required: ${what}.`);
        return undefined;
    }
    // Never quote a secret back: say what is wrong with it, not what it is.
    if (/\s/.test(value))
        throw new InputError(name, `contains whitespace or a line break; paste the value alone (${what}).`);
    // Tokens and secrets are printable ASCII; anything else is an invisible paste artefact.
    if (/[^\x21-\x7e]/.test(value))
        throw new InputError(name, `contains a character that is not printable ASCII (often an invisible character from a paste); paste the value alone (${what}).`);
    if (value.length > 4096)
        throw new InputError(name, `is longer than 4096 characters; expected ${what}.`);
    return value;
}
function needsSecretWrite(operation) {
    return operation === 'rotate' || operation === 'refresh' || operation === 'generate';
}
/**
 * Reads and validates every input. Throws InputError (naming the input and what a valid value
 * looks like) before anything touches the network.
 */
function parseConfig(read, env) {
    const operationRaw = read('operation').trim() || 'rotate';
    const operation = OPERATIONS.find(op => op === operationRaw.toLowerCase());
    if (!operation)
        throw new InputError('operation', `must be one of ${OPERATIONS.join(', ')}; got ${quote(operationRaw)}.`);
    const appId = read('app-id').trim();
    if (appId === '')
        throw new InputError('app-id', 'is required: the Meta app id (digits only, e.g. 1234567890).');
    if (!/^\d{1,30}$/.test(appId))
        throw new InputError('app-id', `must be the Meta app id, digits only (e.g. 1234567890); got ${quote(appId)}.`);
    const appSecret = secret(read, 'app-secret', true, 'the app secret from App settings → Basic');
    const accessToken = secret(read, 'access-token', true, 'a Meta access token');
    const revokeToken = secret(read, 'revoke-token', false, 'the Meta access token to revoke') ?? accessToken;
    const githubToken = secret(read, 'github-token', false, 'a GitHub App installation token or fine-grained PAT');
    const systemUserIdRaw = read('system-user-id').trim();
    if (systemUserIdRaw !== '' && !/^\d{1,30}$/.test(systemUserIdRaw)) {
        throw new InputError('system-user-id', `must be the system user's numeric id; got ${quote(systemUserIdRaw)}.`);
    }
    const systemUserId = systemUserIdRaw || undefined;
    if ((operation === 'generate' || operation === 'install-app') && !systemUserId) {
        throw new InputError('system-user-id', `is required for \`${operation}\`: the numeric id of the system user (Business settings → System users).`);
    }
    const scopes = splitList(read('scope')).map(s => s.toLowerCase());
    if (operation === 'generate') {
        if (scopes.length === 0)
            throw new InputError('scope', 'is required for `generate`: comma-separated permissions such as `ads_management,business_management`.');
        const unknown = scopes.filter(s => !isSupportedScope(s));
        if (unknown.length > 0) {
            const listed = unknown.slice(0, 5).map(quote).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
            throw new InputError('scope', `${listed} ${unknown.length === 1 ? 'is not a permission' : 'are not permissions'} that system users support (see the README for the list).`);
        }
    }
    const expiring = inputs_boolean(read, 'expiring', true);
    const secretNameRaw = read('secret-name').trim();
    if (secretNameRaw !== '') {
        if (!SECRET_NAME.test(secretNameRaw) || /^GITHUB_/i.test(secretNameRaw)) {
            throw new InputError('secret-name', `${quote(secretNameRaw)} is not a valid GitHub secret name: use letters, digits and \`_\`, do not start with a digit or \`GITHUB_\` (e.g. META_ACCESS_TOKEN).`);
        }
    }
    else if (operation === 'rotate') {
        throw new InputError('secret-name', 'is required for `rotate`: the GitHub secret that holds the token (e.g. META_ACCESS_TOKEN).');
    }
    if (secretNameRaw !== '' && [appSecret, accessToken, revokeToken, githubToken].includes(secretNameRaw)) {
        // A secret's name is visible to everyone with access to the repository's settings.
        throw new InputError('secret-name', 'holds the value of a secret input; it must be the secret\'s name, such as META_ACCESS_TOKEN.');
    }
    const secretName = needsSecretWrite(operation) && secretNameRaw !== '' ? secretNameRaw : undefined;
    const targets = secretName ? parseTargets(read('secret-targets'), env.GITHUB_REPOSITORY?.trim() || undefined) : [];
    // Validate the list even when it will not be used, so a typo never hides until later.
    if (!secretName && read('secret-targets').trim() !== '')
        parseTargets(read('secret-targets'), undefined);
    const visibilityRaw = read('org-secret-visibility').trim().toLowerCase();
    if (visibilityRaw !== '' && !['all', 'private', 'selected'].includes(visibilityRaw)) {
        throw new InputError('org-secret-visibility', `must be \`all\`, \`private\` or \`selected\`; got ${quote(visibilityRaw)}.`);
    }
    const orgVisibility = (visibilityRaw || undefined);
    const orgRepositories = splitList(read('org-secret-repositories'));
    for (const repo of orgRepositories) {
        if (!/^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}\/)?[A-Za-z0-9._-]{1,100}$/.test(repo) || /(?:^|\/)\.{1,2}$/.test(repo)) {
            throw new InputError('org-secret-repositories', `${quote(repo)} is not a repository name; use \`name\` or \`owner/name\`.`);
        }
    }
    if (orgVisibility === 'selected' && orgRepositories.length === 0 && targets.some(t => t.kind === 'organization')) {
        throw new InputError('org-secret-repositories', 'is required when `org-secret-visibility` is `selected`: list the repositories that may use the secret.');
    }
    if (orgRepositories.length > 0 && orgVisibility !== 'selected') {
        throw new InputError('org-secret-visibility', 'must be `selected` when `org-secret-repositories` is given.');
    }
    if (secretName && !githubToken) {
        throw new InputError('github-token', 'is required to write the secret: a GitHub App installation token or fine-grained PAT allowed to write secrets (the workflow\'s own GITHUB_TOKEN cannot write secrets).');
    }
    const renewBeforeDays = wholeDays(read, 'renew-before-days');
    const minDaysRemaining = wholeDays(read, 'min-days-remaining') ?? 7;
    const revokeOld = inputs_boolean(read, 'revoke-old', true);
    const dryRun = inputs_boolean(read, 'dry-run', false);
    const graphApiVersion = read('graph-api-version').trim() || 'v26.0';
    if (!/^v\d{1,3}\.\d{1,2}$/.test(graphApiVersion)) {
        throw new InputError('graph-api-version', `must look like v26.0; got ${quote(graphApiVersion)}.`);
    }
    const graphApiUrl = baseUrl(read('graph-api-url').trim() || 'https://graph.facebook.com', 'graph-api-url');
    const githubApiUrl = baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL');
    const timeoutRaw = read('request-timeout-seconds').trim() || '30';
    const timeoutSeconds = Number(timeoutRaw);
    if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(timeoutRaw) || timeoutSeconds < 0.001 || timeoutSeconds > 600) {
        throw new InputError('request-timeout-seconds', `must be a number of seconds from 0.001 to 600 (e.g. 30); got ${quote(timeoutRaw)}.`);
    }
    return {
        operation,
        appId,
        appSecret,
        accessToken,
        revokeToken,
        systemUserId,
        scopes,
        expiring,
        secretName,
        targets,
        orgVisibility,
        orgRepositories,
        githubToken,
        renewBeforeDays,
        minDaysRemaining,
        revokeOld,
        dryRun,
        graphApiVersion,
        graphApiUrl,
        githubApiUrl,
        requestTimeoutMs: Math.round(timeoutSeconds * 1000),
    };
}

;// CONCATENATED MODULE: ./src/expiry.ts
const DAY_SECONDS = 86_400;
/** `expiresAtUnix` as debug_token reports it: unix seconds, 0 = never expires. */
function expiryOf(expiresAtUnix, nowMs = Date.now()) {
    if (expiresAtUnix === 0)
        return { expiresAt: 'never', expiresIn: 0, daysRemaining: undefined, never: true };
    const expiresIn = Math.max(0, Math.floor(expiresAtUnix - nowMs / 1000));
    return {
        expiresAt: new Date(expiresAtUnix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        expiresIn,
        daysRemaining: Math.floor(expiresIn / DAY_SECONDS),
        never: false,
    };
}

;// CONCATENATED MODULE: ./src/operations/common.ts



/** Wraps a failed Graph call into an error that names the step and says what to do. */
function graphFailure(step, error) {
    if (error instanceof ActionError)
        return error;
    if (error instanceof GraphError)
        return new ActionError(step, error.message, fixForGraphError(error));
    return new ActionError(step, error instanceof Error ? error.message : String(error));
}
/**
 * debug_token, called as the app. A top-level error here is about the caller (the app token),
 * so it means `app-id` or `app-secret` is wrong, not the token under inspection.
 */
async function inspect(ctx, token, step) {
    try {
        return await ctx.graph.debugToken(token);
    }
    catch (error) {
        if (error instanceof GraphError && error.kind === 'graph' && (error.code === 190 || error.code === 101 || error.code === 1)) {
            return Promise.reject(new ActionError(step, `${error.message}.`, 'Meta rejected the app credentials: check that `app-id` and `app-secret` belong to the same app (App settings → Basic).'));
        }
        throw graphFailure(step, error);
    }
}
/** Fails unless debug_token says the token is valid. */
function requireValid(info, input, step) {
    if (info.isValid)
        return;
    const reason = info.error?.message ? `: ${info.error.message}` : '';
    const expired = info.error?.subcode === 463 || (info.expiresAt !== undefined && info.expiresAt > 0 && info.expiresAt * 1000 < Date.now());
    throw new ActionError(step, `The token in \`${input}\` is not valid${reason}${info.error?.code ? ` (code ${info.error.code}${info.error.subcode ? `, subcode ${info.error.subcode}` : ''})` : ''}.`, expired
        ? 'An expired token cannot be refreshed: create a new one with `operation: generate` (expiring: true) and store it.'
        : 'The token is revoked or invalid: create a new one with `operation: generate` (expiring: true) and store it.');
}
/** Fails when the token's app is not `app-id`: Meta would refuse to refresh or revoke it. */
function requireSameApp(ctx, info, input, step) {
    if (info.appId && info.appId !== ctx.config.appId) {
        throw new ActionError(step, `The token in \`${input}\` belongs to app ${info.appId}, not to \`app-id\` ${ctx.config.appId}.`, 'Use the app id and secret of the app that issued the token (debug_token shows it), or generate a token with your own app.');
    }
}
/**
 * Reads every target's public key (and organization settings). Records each result; returns
 * the prepared targets and the failures.
 */
async function preflightTargets(ctx) {
    if (!ctx.store)
        return { prepared: [], failures: [] };
    const results = await ctx.store.preflight(ctx.config.targets);
    const prepared = [];
    const failures = [];
    for (const result of results) {
        if (result.ok) {
            prepared.push(result.prepared);
            ctx.report.target(result.target.label, 'ready');
        }
        else {
            failures.push(result.error);
            ctx.report.target(result.target.label, 'unwritable', result.error.message);
        }
    }
    return { prepared, failures };
}
/** A failed preflight stops the run before Meta is asked for anything that changes state. */
function preflightError(failures) {
    const fixes = [...new Set(failures.map(f => f.fix).filter(Boolean))];
    return new ActionError('check secret targets', `${failures.length === 1 ? 'A secret target is' : `${failures.length} secret targets are`} not writable, so nothing was changed at Meta: ${failures.map(f => f.message).join(' ')}`, fixes.join(' ') || undefined);
}
/** Renew only when due: `renew-before-days` says how close to expiry that is. */
function renewalDue(ctx, info) {
    const { renewBeforeDays } = ctx.config;
    if (renewBeforeDays === undefined || info.expiresAt === undefined || info.expiresAt === 0)
        return true;
    const days = expiryOf(info.expiresAt).daysRemaining ?? 0;
    return days <= renewBeforeDays;
}
/** Writes the token to every prepared target and records the results. */
async function writeTargets(ctx, prepared, token) {
    if (!ctx.store || prepared.length === 0)
        return { written: [], failures: [] };
    ctx.log.info(`Writing ${ctx.store.secretName} to ${prepared.map(item => item.target.label).join(', ')}…`);
    const results = await ctx.store.writeAll(prepared, token);
    const written = [];
    const failures = [];
    results.forEach((result, index) => {
        if (result.ok) {
            written.push(prepared[index]);
            ctx.report.target(result.target.label, result.created ? 'created' : 'updated');
        }
        else {
            failures.push(result.error);
            ctx.report.target(result.target.label, 'failed', result.error.message);
        }
    });
    return { written, failures };
}
function neverExpiresWarning(input) {
    return `The token in \`${input}\` never expires, so there is nothing to refresh. A leaked never-expiring token stays usable forever: replace it with a 60-day token (\`operation: generate\` with \`expiring: true\`), then revoke this one.`;
}

;// CONCATENATED MODULE: ./src/operations/check.ts


/** Gate for deploy pipelines: fails when the token is invalid or expires too soon. */
async function check(ctx) {
    const step = 'inspect the token';
    ctx.log.info('Inspecting the token…');
    const info = await inspect(ctx, ctx.config.accessToken, step);
    ctx.report.describeToken(info, ctx.config.accessToken, 'old');
    requireValid(info, 'access-token', step);
    const expiry = ctx.report.oldExpiry;
    if (!expiry || expiry.never) {
        ctx.report.result = 'The token is valid and never expires.';
        ctx.report.warnings.push('This token never expires: a leak would be usable forever. Consider a 60-day token (`operation: generate` with `expiring: true`) rotated on a schedule.');
        return;
    }
    const days = expiry.daysRemaining ?? 0;
    const min = ctx.config.minDaysRemaining;
    if (days < min) {
        throw new ActionError(step, `The token expires at ${expiry.expiresAt}, in ${days} day${days === 1 ? '' : 's'}: fewer than \`min-days-remaining\` (${min}).`, 'Rotate it now (`operation: rotate`, or run the scheduled rotation workflow by hand). If it has already expired, create a new one with `operation: generate`.');
    }
    ctx.report.result = `The token is valid for ${days} more days (until ${expiry.expiresAt}).`;
}

;// CONCATENATED MODULE: ./src/operations/generate.ts


/** Creates a system user token with `scope`, calling as the admin token, and stores it. */
async function generate(ctx) {
    const { config, report } = ctx;
    const systemUserId = config.systemUserId;
    const preflight = await preflightTargets(ctx);
    if (preflight.failures.length > 0)
        throw preflightError(preflight.failures);
    if (config.dryRun) {
        for (const item of preflight.prepared)
            report.target(item.target.label, 'would write');
        report.result = `Dry run: a ${config.expiring ? '60-day' : 'never-expiring'} token for system user ${systemUserId} would be generated. Nothing was changed.`;
        return;
    }
    let token;
    try {
        token = await ctx.graph.generateSystemUserToken(systemUserId, config.scopes, config.expiring, config.accessToken);
    }
    catch (error) {
        throw graphFailure('generate the token', error);
    }
    report.set('token', token);
    // The answer holds only the token: its expiry, type and scopes come from debug_token.
    const info = await inspect(ctx, token, 'inspect the new token');
    report.describeToken(info, token, 'new');
    if (!info.isValid) {
        throw new ActionError('inspect the new token', 'Meta generated a token but debug_token does not confirm it as valid, so it was not stored.', 'Run again later.');
    }
    if (!config.expiring)
        report.warnings.push('This token never expires (`expiring: false`); a leak would be usable forever.');
    const { written, failures } = await writeTargets(ctx, preflight.prepared, token);
    report.setSecretsUpdated(written.map(item => item.target.label));
    if (failures.length > 0) {
        throw new ActionError('write secrets', `A new token was generated but could not be stored in ${failures.length} target(s): ${failures.map(f => f.message).join(' ')}${written.length > 0 ? ` It was stored in ${written.map(w => w.target.label).join(', ')}.` : ''}`, [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || undefined);
    }
    report.set('rotated', true);
    report.result = ctx.store
        ? `Generated a ${config.expiring ? '60-day' : 'never-expiring'} token and stored it in ${written.length} target(s).`
        : `Generated a ${config.expiring ? '60-day' : 'never-expiring'} token; it is in the masked \`token\` output (no \`secret-name\`, so no secret was written).`;
}

;// CONCATENATED MODULE: ./src/operations/install-app.ts

/** Installs `app-id` for the system user: needed once before `generate`. */
async function installApp(ctx) {
    const { config, report } = ctx;
    const systemUserId = config.systemUserId;
    if (config.dryRun) {
        report.result = `Dry run: app ${config.appId} would be installed for system user ${systemUserId}. Nothing was changed.`;
        return;
    }
    try {
        await ctx.graph.installApp(systemUserId, config.accessToken);
    }
    catch (error) {
        throw graphFailure('install the app', error);
    }
    report.result = `Installed app ${config.appId} for system user ${systemUserId}; \`operation: generate\` can now create its tokens.`;
}

;// CONCATENATED MODULE: ./src/operations/refresh.ts



/**
 * The first half of refresh and rotate: inspect the current token while checking every target,
 * decide whether a renewal is due, and ask Meta for the new token. Returns without a new token
 * when nothing is to be done (never-expiring token, not due yet, dry run).
 */
async function renew(ctx) {
    const { config, report } = ctx;
    ctx.log.info(`Inspecting the current token${ctx.store ? ` and checking ${config.targets.length} secret target(s)` : ''}…`);
    const [current, preflight] = await Promise.all([inspect(ctx, config.accessToken, 'inspect the current token'), preflightTargets(ctx)]);
    report.describeToken(current, undefined, 'old');
    requireValid(current, 'access-token', 'inspect the current token');
    requireSameApp(ctx, current, 'access-token', 'inspect the current token');
    const unwritableWarnings = () => {
        for (const failure of preflight.failures)
            report.warnings.push(`Target not writable: ${failure.message}`);
    };
    if (current.expiresAt === 0) {
        report.set('token', config.accessToken);
        report.warnings.push(neverExpiresWarning('access-token'));
        unwritableWarnings();
        report.result = 'Nothing refreshed: the token never expires.';
        return { current, prepared: preflight.prepared, newToken: undefined };
    }
    if (!renewalDue(ctx, current)) {
        report.set('token', config.accessToken);
        report.set('skipped', true);
        unwritableWarnings();
        report.result = `Skipped: the token has ${report.oldExpiry?.daysRemaining} days left, more than \`renew-before-days\` (${config.renewBeforeDays}).`;
        return { current, prepared: preflight.prepared, newToken: undefined };
    }
    if (preflight.failures.length > 0)
        throw preflightError(preflight.failures);
    if (config.dryRun) {
        for (const item of preflight.prepared)
            report.target(item.target.label, 'would write');
        report.result = `Dry run: the token would be ${current.type === 'SYSTEM_USER' ? 'refreshed' : 'exchanged'} and written to ${preflight.prepared.length} target(s). Nothing was changed.`;
        return { current, prepared: preflight.prepared, newToken: undefined };
    }
    ctx.log.info(current.type === 'SYSTEM_USER' ? 'Refreshing the system user token (60 days)…' : `Exchanging the ${current.type ?? 'user'} token for a long-lived one…`);
    let exchanged;
    try {
        const exchanging = ctx.graph.exchangeToken(config.accessToken, current.type === 'SYSTEM_USER');
        // Sealing comes after this round trip (and the verification): load libsodium meanwhile.
        if (preflight.prepared.length > 0)
            ctx.store?.preloadSealing();
        exchanged = await exchanging;
    }
    catch (error) {
        throw graphFailure('refresh the token', error);
    }
    report.set('token', exchanged.accessToken);
    if (exchanged.expiresIn !== undefined) {
        report.describeExpiry(expiryOf(Math.floor(Date.now() / 1000) + exchanged.expiresIn), 'new');
    }
    return { current, prepared: preflight.prepared, newToken: exchanged.accessToken };
}
/** `refresh`: a new token stored where `secret-name` says; the old token is left alone. */
async function refresh(ctx) {
    const { report } = ctx;
    const renewal = await renew(ctx);
    if (!renewal.newToken)
        return;
    if (!report.newExpiry) {
        // Meta did not say when the new token expires: ask debug_token.
        const info = await inspect(ctx, renewal.newToken, 'inspect the new token');
        if (info.expiresAt !== undefined)
            report.describeExpiry(expiryOf(info.expiresAt), 'new');
    }
    const { written, failures } = await writeTargets(ctx, renewal.prepared, renewal.newToken);
    report.setSecretsUpdated(written.map(item => item.target.label));
    if (failures.length > 0) {
        throw new ActionError('write secrets', `A new token was issued but could not be stored in ${failures.length} target(s): ${failures.map(f => f.message).join(' ')} The old token was left alone and still works.`, [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || undefined);
    }
    report.set('rotated', true);
    report.result = ctx.store
        ? `Refreshed: the new token is stored in ${written.length} target(s); the old token still works until it expires.`
        : 'Refreshed: the new token is in the masked `token` output (no `secret-name`, so no secret was written).';
}

;// CONCATENATED MODULE: ./src/operations/revoke.ts


/** Revokes `revoke-token` (default: `access-token` itself), calling as `access-token`. */
async function revoke(ctx) {
    const { config, report } = ctx;
    const self = config.revokeToken === config.accessToken;
    if (config.dryRun) {
        const info = await inspect(ctx, config.revokeToken, 'inspect the token to revoke');
        report.set('is-valid', info.isValid);
        if (info.type)
            report.tokenType = info.type;
        report.result = `Dry run: the token ${info.isValid ? 'is valid and would be revoked' : 'is already invalid'}. Nothing was changed.`;
        return;
    }
    try {
        await ctx.graph.revoke(config.revokeToken, config.accessToken);
    }
    catch (error) {
        // A dead token cannot be revoked again; when it is already invalid, the goal is reached.
        if (error instanceof GraphError && error.kind === 'graph') {
            const info = await inspect(ctx, config.revokeToken, 'revoke the token').catch(() => undefined);
            if (info && !info.isValid) {
                report.result = 'The token was already invalid; nothing left to revoke.';
                report.notes.push('Meta reports the token as invalid (expired or revoked earlier), so it cannot be used any more.');
                return;
            }
        }
        throw graphFailure('revoke the token', error);
    }
    report.set('revoked', true);
    report.result = `Revoked ${self ? 'the token in `access-token`' : 'the token in `revoke-token`'}; it cannot be used any more.`;
}

;// CONCATENATED MODULE: ./src/operations/rotate.ts




/**
 * Zero-downtime rotation: inspect ‖ preflight → refresh → verify the new token at Meta →
 * write every target → revoke the old token (calling as the new one). A failed write rolls
 * every written target back to the old token and revokes the new one, so the old token
 * keeps working everywhere.
 */
async function rotate(ctx) {
    const { config, report } = ctx;
    const renewal = await renew(ctx);
    const newToken = renewal.newToken;
    if (!newToken)
        return;
    // Promise 3: store only a token that Meta has just confirmed valid.
    ctx.log.info('Verifying the new token at Meta…');
    const verified = await inspect(ctx, newToken, 'verify the new token');
    if (!verified.isValid) {
        // Not stored anywhere, so take it out of circulation if Meta lets us.
        await ctx.graph.revoke(newToken, config.accessToken).catch(() => undefined);
        throw new ActionError('verify the new token', 'Meta issued a new token but debug_token does not confirm it as valid, so it was not stored. The old token was left alone and still works.', 'Run again later; if it persists, check the app and the system user in Business settings.');
    }
    report.describeToken(verified, newToken, 'new');
    const { written, failures } = await writeTargets(ctx, renewal.prepared, newToken);
    if (failures.length > 0) {
        await rollBack(ctx, written, newToken, failures);
        return;
    }
    report.setSecretsUpdated(written.map(item => item.target.label));
    report.set('rotated', true);
    if (!config.revokeOld) {
        report.result = `Rotated: the new token is stored in ${written.length} target(s). The old token was not revoked (\`revoke-old: false\`) and works until it expires; revoke it with \`operation: revoke\` once nothing uses it.`;
        return;
    }
    ctx.log.info('Revoking the old token…');
    await revokeOld(ctx, newToken);
    report.result = `Rotated: the new token is stored in ${written.length} target(s) and the old token is revoked.`;
}
async function revokeOld(ctx, newToken) {
    const { config, report } = ctx;
    try {
        await ctx.graph.revoke(config.accessToken, newToken);
        report.set('revoked', true);
        return;
    }
    catch (error) {
        // Another run may have revoked it first (or our first attempt's answer was lost): if Meta
        // says the old token is already invalid, the rotation is complete.
        const old = await inspect(ctx, config.accessToken, 'revoke the old token').catch(() => undefined);
        if (old && !old.isValid) {
            report.set('revoked', true);
            report.notes.push('The old token was already invalid when we tried to revoke it (another run, or a retried request, got there first).');
            return;
        }
        const cause = graphFailure('revoke the old token', error);
        throw new ActionError('revoke the old token', `The new token is stored in every target, but the old token could not be revoked: ${cause.message}`, 'The new token is in place; revoke the old one with `operation: revoke` (revoke-token: the old token).');
    }
}
/**
 * Puts the old token back where the new one was written, then revokes the new one. Always
 * throws: the rotation failed, and the error names every target that could not be written
 * (and any that could not be restored).
 */
async function rollBack(ctx, written, newToken, failures) {
    const { config, report } = ctx;
    const failedList = failures.map(f => f.message).join(' ');
    ctx.log.info(`Writing failed for ${failures.length} target(s); rolling back to the old token…`);
    const restore = ctx.store && written.length > 0 ? await ctx.store.writeAll(written, config.accessToken) : [];
    const stillNew = [];
    for (const result of restore) {
        if (result.ok)
            report.target(result.target.label, 'restored', 'the new token was written, then replaced by the old one again');
        else {
            stillNew.push(result.target.label);
            report.target(result.target.label, 'restore failed', `holds the NEW token: ${result.error.message}`);
        }
    }
    report.setSecretsUpdated(stillNew);
    let newRevoked = false;
    if (stillNew.length === 0) {
        try {
            await ctx.graph.revoke(newToken, config.accessToken);
            newRevoked = true;
        }
        catch (error) {
            report.notes.push(`The unused new token could not be revoked (${error instanceof GraphError ? error.message : 'unknown error'}); it expires on its own.`);
        }
    }
    const aftermath = stillNew.length === 0
        ? `Rolled back: ${written.length > 0 ? `${written.length} target(s) already written got the old token back, ` : ''}${newRevoked ? 'the new token was revoked' : 'the new token was left unused'}, and the old token still works everywhere.`
        : `Rollback incomplete: ${stillNew.join(', ')} still hold${stillNew.length === 1 ? 's' : ''} the NEW token, which was therefore not revoked; the old token was not revoked either, so both work.`;
    throw new ActionError('write secrets', `Could not write the new token to every target. ${failedList} ${aftermath}`, [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || 'Fix the target, then run the rotation again.');
}

;// CONCATENATED MODULE: ./src/redactor.ts
/** Shortest run of a secret that counts as a leak when it shows up on its own. */
const FRAGMENT = 12;
/** ASCII-only lower case: keeps every index in place, unlike toLowerCase on all of Unicode. */
function foldAscii(text) {
    return text.replace(/[A-Z]/g, ch => ch.toLowerCase());
}
/**
 * Knows every secret value of the run and removes them from text. Each value is handed to
 * `mask` (the runner's ::add-mask::) the moment it is registered, so the runner hides it from the log
 * before it could first appear; `redact` is the second line of defence for our own messages
 * and for errors raised by libraries (which may quote URLs with query strings).
 *
 * Secrets registered with `fragments` are also removed where only a part of them shows: a
 * token pasted into the wrong input would otherwise be quoted back cut short, lower-cased or
 * escaped, and the runner masks whole values only.
 */
class Redactor {
    values = new Set();
    fragments = new Set();
    mask;
    constructor(mask) {
        this.mask = mask;
    }
    register(value, options = {}) {
        if (!value)
            return;
        if (options.fragments ?? true) {
            const folded = foldAscii(value);
            for (let i = 0; i + FRAGMENT <= folded.length; i++)
                this.fragments.add(folded.slice(i, i + FRAGMENT));
        }
        if (this.values.has(value))
            return;
        this.values.add(value);
        this.mask(value);
        // Query strings carry the same values percent-encoded (an app token's `|` becomes %7C).
        for (const form of [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]) {
            if (form !== value && !this.values.has(form)) {
                this.values.add(form);
                this.mask(form);
            }
        }
    }
    redact(text) {
        let result = text;
        // Longest first, so a value that contains another is removed whole.
        for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
            result = result.split(value).join('***');
        }
        return this.redactFragments(result);
    }
    redactFragments(text) {
        if (this.fragments.size === 0 || text.length < FRAGMENT)
            return text;
        const folded = foldAscii(text);
        const hidden = new Uint8Array(text.length);
        for (let i = 0; i + FRAGMENT <= folded.length; i++) {
            if (this.fragments.has(folded.slice(i, i + FRAGMENT)))
                hidden.fill(1, i, i + FRAGMENT);
        }
        let result = '';
        for (let i = 0; i < text.length; i++) {
            if (!hidden[i])
                result += text[i];
            else if (i === 0 || !hidden[i - 1])
                result += '***';
        }
        return result;
    }
}

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

;// CONCATENATED MODULE: ./src/report.ts

/**
 * Everything the run learns, as it learns it: the outputs (set even when the run fails
 * later) and what the job summary shows. Holds no secret except the `token` output, which
 * is masked before it gets here.
 */
class Report {
    operation;
    outputs = new Map([
        ['is-valid', 'false'],
        ['rotated', 'false'],
        ['skipped', 'false'],
        ['revoked', 'false'],
    ]);
    tokenType;
    oldExpiry;
    newExpiry;
    targets = new Map();
    notes = [];
    warnings = [];
    failure;
    result = '';
    constructor(operation) {
        this.operation = operation;
    }
    set(name, value) {
        this.outputs.set(name, String(value));
    }
    /** Sets the token outputs from what debug_token said about the resulting token. */
    describeToken(info, token, which) {
        if (token !== undefined)
            this.set('token', token);
        this.set('is-valid', info.isValid);
        if (info.type) {
            this.tokenType = info.type;
            this.set('token-type', info.type);
        }
        this.set('scopes', info.scopes.join(','));
        if (info.expiresAt !== undefined)
            this.describeExpiry(expiryOf(info.expiresAt), which);
    }
    describeExpiry(expiry, which) {
        if (which === 'old')
            this.oldExpiry = expiry;
        else
            this.newExpiry = expiry;
        this.set('expires-at', expiry.expiresAt);
        this.set('expires-in', expiry.expiresIn);
        this.set('days-remaining', expiry.daysRemaining === undefined ? '' : expiry.daysRemaining);
    }
    target(label, outcome, detail) {
        this.targets.set(label, { label, outcome, detail });
    }
    /** `secrets-updated`: the targets now holding the new token, in `secret-targets` form. */
    setSecretsUpdated(labels) {
        this.set('secrets-updated', labels.join('\n'));
    }
}

;// CONCATENATED MODULE: ./src/summary.ts
function escapeCell(text) {
    return text.replace(/[|<>&]/g, ch => ({ '|': '\\|', '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch]).replace(/\r?\n/g, ' ');
}
function expiryText(expiry) {
    if (!expiry)
        return '—';
    if (expiry.expiresAt === 'never')
        return 'never';
    return `${expiry.expiresAt} (${expiry.daysRemaining} days left)`;
}
/**
 * The job summary as Markdown: operation, token type, old and new expiry, each target and
 * its result, and what to do next on failure. Built from the Report only, which holds no
 * secret values.
 */
function renderSummary(report) {
    const lines = [];
    const status = report.failure ? '❌ failed' : '✅ succeeded';
    lines.push(`## Meta token: \`${report.operation}\` ${status}`, '');
    if (report.result)
        lines.push(escapeCell(report.result), '');
    lines.push('| | |', '|---|---|');
    lines.push(`| Operation | \`${report.operation}\` |`);
    lines.push(`| Token type | ${escapeCell(report.tokenType ?? '—')} |`);
    if (report.oldExpiry && report.newExpiry) {
        lines.push(`| Old token expires | ${expiryText(report.oldExpiry)} |`, `| New token expires | ${expiryText(report.newExpiry)} |`);
    }
    else {
        lines.push(`| Token expires | ${expiryText(report.newExpiry ?? report.oldExpiry)} |`);
    }
    for (const name of ['rotated', 'skipped', 'revoked'])
        lines.push(`| ${name} | ${report.outputs.get(name)} |`);
    lines.push('');
    if (report.targets.size > 0) {
        lines.push('### Secret targets', '', '| Target | Result | Details |', '|---|---|---|');
        for (const line of report.targets.values()) {
            lines.push(`| \`${escapeCell(line.label)}\` | ${line.outcome} | ${escapeCell(line.detail ?? '')} |`);
        }
        lines.push('');
    }
    if (report.warnings.length > 0) {
        lines.push('### Warnings', '', ...report.warnings.map(w => `- ${escapeCell(w)}`), '');
    }
    if (report.notes.length > 0) {
        lines.push('### Notes', '', ...report.notes.map(n => `- ${escapeCell(n)}`), '');
    }
    if (report.failure) {
        lines.push('### What went wrong', '', `Step: **${escapeCell(report.failure.step)}**`, '', escapeCell(report.failure.message), '');
        if (report.failure.fix)
            lines.push('### What to do next', '', escapeCell(report.failure.fix), '');
    }
    return lines.join('\n');
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

;// CONCATENATED MODULE: ./src/main.ts

















const HANDLERS = {
    check: check,
    refresh: refresh,
    rotate: rotate,
    revoke: revoke,
    generate: generate,
    'install-app': installApp,
};
/** Tokens minted by these calls are lost when an answer is lost; a retry then mints another. */
const MINTING_ENDPOINTS = new Set(['oauth/access_token', 'access_tokens']);
async function main(io, env, fetch = nodeFetch) {
    const redactor = new Redactor(value => io.setSecret(value));
    const operationInput = io.getInput('operation').trim().toLowerCase() || 'rotate';
    // Until the inputs are validated, the summary names only a known operation.
    const report = new Report(OPERATIONS.includes(operationInput) ? operationInput : 'unknown operation');
    try {
        // Promise 1: every secret input is masked before anything else happens.
        for (const name of SECRET_INPUTS)
            redactor.register(io.getInput(name).trim());
        const config = parseConfig(name => io.getInput(name), env);
        const timing = timingFromEnv(env);
        const ctx = await createContext(config, timing, redactor, io, report, fetch);
        await HANDLERS[config.operation](ctx);
        if (report.result)
            io.info(report.result);
    }
    catch (error) {
        const failure = error instanceof ActionError ? error : new ActionError('run', `Unexpected error: ${describeError(error)}`);
        report.failure = { step: failure.step, message: redactor.redact(failure.message), fix: failure.fix && redactor.redact(failure.fix) };
        io.setFailed(`${report.failure.message}${report.failure.fix ? `\nWhat to do: ${report.failure.fix}` : ''}`);
    }
    finally {
        for (const warning of report.warnings)
            io.warning(redactor.redact(warning));
        for (const [name, value] of report.outputs)
            io.setOutput(name, name === 'token' ? value : redactor.redact(value));
        await io.writeSummary(redactor.redact(renderSummary(report))).catch(error => io.info(`No job summary written: ${redactor.redact(describeError(error))}`));
    }
}
async function createContext(config, timing, redactor, io, report, fetch) {
    const deadline = new Deadline(timing.deadlineMs);
    const log = { info: (m) => io.info(redactor.redact(m)), warning: (m) => io.warning(redactor.redact(m)) };
    const graph = new GraphClient({
        baseUrl: config.graphApiUrl,
        version: config.graphApiVersion,
        appId: config.appId,
        appSecret: config.appSecret,
        requestTimeoutMs: config.requestTimeoutMs,
        timing,
        deadline,
        redactor,
        fetch,
        onRetry: (endpoint, error, waitMs) => {
            log.info(`${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s`);
            if (MINTING_ENDPOINTS.has(endpoint) && error.kind !== 'graph') {
                report.notes.push(`Meta's ${endpoint} was retried after ${error.kind === 'timeout' ? 'a timeout' : 'a network error'}. If the lost answer carried a token, that token was never stored and expires on its own.`);
            }
        },
    });
    let store;
    if (config.secretName && config.githubToken) {
        store = createSecretStore({ ...config, secretName: config.secretName, githubToken: config.githubToken }, timing, deadline, fetch, (route, error, waitMs) => log.info(`GitHub ${route.split(' ')[0]}: ${error.githubMessage} (HTTP ${error.status}); retrying in ${(waitMs / 1000).toFixed(1)} s`));
    }
    return { config, graph, store, log, report };
}
async function run() {
    const io = runnerIO();
    await main(io, process.env, await createFetch(process.env));
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
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map