import { MAX_RECORD_TOKENS } from '../inputs/record.ts'
import { Semaphore } from '../runtime/concurrency.ts'
import { type Fetch, USER_AGENT } from '../runtime/http.ts'
import type { Redactor } from '../text/redactor.ts'
import { serverText } from '../text/server-text.ts'
import { type Deadline, withRetries } from '../runtime/retry.ts'
import type { Timing } from '../runtime/timing.ts'
import { classifyGraphError, GraphError } from './errors.ts'
import { readUsage, type Usage } from './usage.ts'
import { versionNotice } from './versions.ts'
import { appSecretProof } from './proof.ts'
import { type TokenInfo, tokenInfoOf } from './token-info.ts'
import { errorEnvelope, isSuccess, networkCode, numberOrUndefined, parseJson } from './answers.ts'

export interface ExchangedToken {
  accessToken: string
  /** Seconds; missing when Meta did not say (then ask debug_token). */
  expiresIn: number | undefined
}

export interface GraphClientOptions {
  baseUrl: string
  version: string
  appId: string
  appSecret: string
  requestTimeoutMs: number
  timing: Timing
  deadline: Deadline
  redactor: Redactor
  /** undici's fetch over the run's keep-alive dispatcher (src/runtime/http.ts); tests may pass their own. */
  fetch: Fetch
  /** One line per attempt (service, method, endpoint, status, attempt, duration); never a secret. */
  debug?: (message: string) => void
  /** Told about every retry, so the log and the summary can say a retry happened. */
  onRetry?: (endpoint: string, error: GraphError, waitMs: number) => void
  /** Told when Meta's answer headers say the version asked for is old (src/graph/versions.ts). */
  onVersionNotice?: (notice: string) => void
}

type Params = Record<string, string>

/**
 * Graph requests in flight at once, whoever makes them: an emergency's revocations (the stored
 * token and up to MAX_RECORD_TOKENS of the record) all go out together, so a hundred leaked
 * tokens die in one round trip (issue 28); any more would wait for a slot, in waves.
 */
export const MAX_GRAPH_REQUESTS_IN_FLIGHT = 1 + MAX_RECORD_TOKENS

/** Tokens minted by these calls are lost when an answer is lost; a retry then mints another. */
export const MINTING_ENDPOINTS = new Set(['oauth/access_token', 'access_tokens'])

export class GraphClient {
  private readonly options: GraphClientOptions
  private readonly appToken: string
  private readonly inFlight = new Semaphore(MAX_GRAPH_REQUESTS_IN_FLIGHT)

  constructor(options: GraphClientOptions) {
    this.options = options
    this.appToken = `${options.appId}|${options.appSecret}`
    // Made of app id and secret: the secret is registered on its own, the id is no secret.
    options.redactor.register(this.appToken, { fragments: false })
  }

  /**
   * Inspect a token, calling as the app (its token in the Authorization header, so no proof).
   * https://developers.facebook.com/docs/graph-api/reference/debug_token
   */
  async debugToken(inputToken: string): Promise<TokenInfo> {
    const body = await this.call('GET', 'debug_token', { input_token: inputToken }, { bearer: this.appToken })
    return tokenInfoOf((body as { data?: Record<string, unknown> }).data ?? {})
  }

  /**
   * Refresh an expiring system user token (`set_token_expires_in_60_days`) or exchange a user
   * token for a long-lived one. Authenticates with client_secret, so no proof.
   * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#refresh-token
   * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
   */
  async exchangeToken(token: string, systemUser: boolean): Promise<ExchangedToken> {
    const params: Params = {
      grant_type: 'fb_exchange_token',
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      fb_exchange_token: token,
    }
    if (systemUser) params.set_token_expires_in_60_days = 'true'
    const body = (await this.call('GET', 'oauth/access_token', params)) as Record<string, unknown>
    const accessToken = this.takeToken(body, 'oauth/access_token')
    // Legacy answers said `expires`; accept it as a fallback.
    const seconds = Number(body.expires_in ?? body.expires)
    return { accessToken, expiresIn: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined }
  }

  /**
   * Revoke `revokeToken`, calling as `callerToken` (with its proof).
   * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#revoke-token
   */
  async revoke(revokeToken: string, callerToken: string): Promise<void> {
    const body = await this.call('GET', 'oauth/revoke', {
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      revoke_token: revokeToken,
      access_token: callerToken,
      appsecret_proof: this.proof(callerToken),
    })
    if (!isSuccess(body)) {
      throw new GraphError({ endpoint: 'oauth/revoke', kind: 'http', status: 200, graphMessage: 'Meta did not confirm the revocation' })
    }
  }

  /**
   * Generate a system user token, calling as an admin token.
   * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#generate-token
   */
  async generateSystemUserToken(
    systemUserId: string,
    scopes: string[],
    expiring: boolean,
    adminToken: string,
    options: { retry?: boolean } = {}
  ): Promise<string> {
    const params: Params = {
      business_app: this.options.appId,
      scope: scopes.join(','),
      access_token: adminToken,
      appsecret_proof: this.proof(adminToken),
    }
    if (expiring) params.set_token_expires_in_60_days = 'true'
    // A lost answer to a never-expiring mint may leave a token that never expires: never ask twice.
    const body = (await this.call('POST', `${systemUserId}/access_tokens`, params, {}, { retry: options.retry ?? expiring })) as Record<
      string,
      unknown
    >
    return this.takeToken(body, 'access_tokens')
  }

  /**
   * Install the app for a system user, calling as an admin token.
   * https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens#install-apps
   */
  async installApp(systemUserId: string, adminToken: string): Promise<void> {
    const body = await this.call('POST', `${systemUserId}/applications`, {
      business_app: this.options.appId,
      access_token: adminToken,
      appsecret_proof: this.proof(adminToken),
    })
    if (!isSuccess(body)) {
      throw new GraphError({ endpoint: 'applications', kind: 'http', status: 200, graphMessage: 'Meta did not confirm the installation' })
    }
  }

  /**
   * Read a node's id as `token` (with its proof): whether the token can reach the asset at all.
   * Meta answers 100/33 for an object that does not exist or that the token may not load.
   * https://developers.facebook.com/docs/graph-api/overview (Nodes)
   */
  async readObject(id: string, token: string): Promise<void> {
    await this.call('GET', id, { fields: 'id', access_token: token, appsecret_proof: this.proof(token) }, {}, { endpoint: '{id}' })
  }

  private proof(token: string): string {
    const proof = appSecretProof(token, this.options.appSecret)
    this.options.redactor.register(proof)
    return proof
  }

  /** Masks a token Meta returned before anything else can see it. */
  private takeToken(body: Record<string, unknown>, endpoint: string): string {
    const token = body.access_token
    if (typeof token !== 'string' || token === '') {
      throw new GraphError({ endpoint, kind: 'http', status: 200, graphMessage: 'the answer holds no access_token' })
    }
    this.options.redactor.register(token)
    return token
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    params: Params,
    auth: { bearer?: string } = {},
    options: { retry?: boolean; endpoint?: string } = {}
  ): Promise<unknown> {
    // Named without ids in the debug log and in errors.
    const endpoint = options.endpoint ?? path.replace(/^\d+\//, '')
    // Each attempt holds a slot while on the wire, not while it waits to be retried.
    return withRetries(attempt => this.inFlight.run(() => this.once(method, path, endpoint, params, auth, attempt)), {
      timing: this.options.timing,
      deadline: this.options.deadline,
      classify: options.retry === false ? () => ({ retry: false }) : classifyGraphError,
      onRetry: (error, _attempt, waitMs) => this.options.onRetry?.(endpoint, error as GraphError, waitMs),
      onOutOfTime: (error, waitMs) => {
        const graphError = error as GraphError
        const wait = waitMs >= 60_000 ? `${Math.ceil(waitMs / 60_000)} minutes` : `${Math.ceil(waitMs / 1000)} s`
        return new GraphError({
          endpoint: graphError.endpoint,
          kind: graphError.kind,
          status: graphError.status,
          code: graphError.code,
          subcode: graphError.subcode,
          fbtraceId: graphError.fbtraceId,
          isTransient: graphError.isTransient,
          graphMessage: `${graphError.graphMessage}; the next attempt would have to wait ${wait}, longer than this run may take — run again later`,
        })
      },
    })
  }

  private async once(
    method: 'GET' | 'POST',
    path: string,
    endpoint: string,
    params: Params,
    auth: { bearer?: string },
    attempt: number
  ): Promise<unknown> {
    const started = performance.now()
    const debug = (outcome: string | number) =>
      this.options.debug?.(`Meta ${method} ${endpoint} → ${outcome} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`)
    const url = new URL(`${this.options.baseUrl}/${this.options.version}/${path}`)
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT }
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`
    let body: string | undefined
    if (method === 'GET') {
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(params).toString()
    }
    const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()))
    const signal = AbortSignal.timeout(timeoutMs)
    let status: number
    let usage: Usage
    let text: string
    try {
      // Never follow a redirect: the query string carries tokens and the app secret.
      const response = await this.options.fetch(url.toString(), { method, headers, body, signal, redirect: 'manual' })
      status = response.status
      usage = readUsage(response.headers)
      const notice = versionNotice(this.options.version, response.headers)
      if (notice) this.options.onVersionNotice?.(notice)
      text = await response.text()
    } catch (error) {
      debug(signal.aborted ? 'timeout' : 'network error')
      // Never pass the library's message on: it may quote the URL, query string included.
      throw new GraphError({
        endpoint,
        kind: signal.aborted ? 'timeout' : 'network',
        graphMessage: signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `network error (${networkCode(error)})`,
      })
    }
    debug(status)
    const json = parseJson(text)
    const envelope = errorEnvelope(json)
    if (envelope) {
      throw new GraphError({
        endpoint,
        kind: 'graph',
        status,
        code: numberOrUndefined(envelope.code),
        subcode: numberOrUndefined(envelope.error_subcode),
        type: typeof envelope.type === 'string' ? serverText(envelope.type) : undefined,
        fbtraceId: typeof envelope.fbtrace_id === 'string' ? serverText(envelope.fbtrace_id) : undefined,
        isTransient: envelope.is_transient === true,
        graphMessage: typeof envelope.message === 'string' ? serverText(envelope.message) : 'unknown error',
        ...usage,
        version: this.options.version,
      })
    }
    if (status >= 300 || json === undefined) {
      throw new GraphError({ endpoint, kind: 'http', status, graphMessage: 'unexpected answer' })
    }
    return json
  }
}
