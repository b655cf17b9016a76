export const id = 481;
export const ids = [481];
export const modules = {

/***/ 7481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createSecretStore: () => (/* binding */ createSecretStore)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
    if (error instanceof errors/* ActionError */.lZ)
        return error;
    if (!(error instanceof GitHubError)) {
        return new errors/* ActionError */.lZ(step, `${target.label}: could not ${doing}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const where = `${target.label}: GitHub answered ${error.status} when we tried to ${doing}`;
    if (error.status === 401) {
        return new errors/* ActionError */.lZ(step, `${where} (bad credentials).`, '`github-token` is invalid or expired (GitHub App installation tokens last one hour): mint a fresh one in the same job.');
    }
    if (error.status === 403 && !error.isRateLimit) {
        // The header names what this request needed (read, for a public-key read); writing the
        // secret later needs write, so ask for write from the start.
        const accepted = error.headers['x-accepted-github-permissions'];
        const permission = permissionFor(target);
        const needed = `\`${permission}=write\`, the ${PERMISSION_NAMES[permission]}${accepted ? ` (GitHub answered: \`${accepted}\`)` : ''}`;
        return new errors/* ActionError */.lZ(step, `${where}: \`github-token\` is not allowed to (${error.githubMessage}).`, `Give the token's GitHub App or fine-grained PAT the missing permission: ${needed}. ${NO_GITHUB_TOKEN}`);
    }
    if (error.status === 404) {
        const fix = target.kind === 'environment'
            ? `Create the environment "${target.environment}" in ${target.owner}/${target.repo} (Settings → Environments), or check that \`github-token\` can see the repository and has the ${PERMISSION_NAMES.environments}.`
            : target.kind === 'organization'
                ? `Check the organization name and that \`github-token\` has the ${PERMISSION_NAMES.organization_secrets}.`
                : `Check the repository name and that \`github-token\` is installed on it with the ${PERMISSION_NAMES.secrets}. ${NO_GITHUB_TOKEN}`;
        return new errors/* ActionError */.lZ(step, `${where} (not found, or not visible to \`github-token\`).`, fix);
    }
    if (error.isRateLimit) {
        return new errors/* ActionError */.lZ(step, `${where}: rate limited (${error.githubMessage}).`, 'Run again later; GitHub asked for a longer wait than this run may take.');
    }
    return new errors/* ActionError */.lZ(step, `${where}: ${error.githubMessage}.`);
}

;// CONCATENATED MODULE: ./src/github/api.ts



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
        this.octokit = (0,github/* getOctokit */.Q)(options.token, { baseUrl: options.baseUrl });
    }
    async request(route, params = {}) {
        return (0,retry/* withRetries */.LH)(() => this.once(route, params), {
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
            await (0,retry/* sleep */.yy)(pause);
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
        return new GitHubError({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` });
    const e = error;
    if (!e.response) {
        // Octokit reports transport failures as status 500 without a response; keep the library's
        // text out of messages (it can quote the URL).
        return new GitHubError({ status: 0, kind: 'network', githubMessage: 'network error' });
    }
    const data = e.response.data;
    const message = typeof data === 'object' && data && typeof data.message === 'string' ? data.message : `HTTP ${e.status}`;
    return new GitHubError({ status: e.status ?? 0, headers: e.response.headers ?? {}, githubMessage: message, kind: 'http' });
}

;// CONCATENATED MODULE: ./src/github/seal.ts

let loading;
/** libsodium is loaded on first use only: operations that write no secret never pay for it. */
function loadSodium() {
    loading ??= __webpack_require__.e(/* import() */ 768).then(__webpack_require__.bind(__webpack_require__, 4768)).then(async (module) => {
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
        throw new errors/* ActionError */.lZ('write secrets', `GitHub returned a public key for ${where} that is not a 32-byte Curve25519 key; the secret was not written.`);
    }
    const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
    return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
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
                    throw new errors/* ActionError */.lZ('check secret targets', `${target.label}: GitHub's public-key answer has no key_id or key.`);
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
                    throw new errors/* ActionError */.lZ('check secret targets', `org-secret-repositories: repository ${fullName} was not found or \`github-token\` cannot see it.`, 'Check the name, and that the token can read that repository (Metadata: read).');
                }
                throw error;
            });
            this.repositoryIds.set(fullName.toLowerCase(), id);
        }
        return id;
    }
}

;// CONCATENATED MODULE: ./src/github/create-store.ts



/**
 * The secret store for a run that writes `secret-name`. main() imports this module lazily, so
 * runs that write nothing never load Octokit; libsodium starts loading now, overlapping the
 * first network round trips.
 */
function createSecretStore(config, timing, deadline, onRetry) {
    preloadSodium();
    const api = new GitHubApi({ token: config.githubToken, baseUrl: config.githubApiUrl, requestTimeoutMs: config.requestTimeoutMs, timing, deadline, onRetry });
    return new SecretStore({ api, secretName: config.secretName, orgVisibility: config.orgVisibility, orgRepositories: config.orgRepositories });
}


/***/ })

};

//# sourceMappingURL=481.index.js.map