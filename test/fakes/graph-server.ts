/**
 * A fake Meta Graph API on 127.0.0.1 for end-to-end tests and the demo.
 * It follows /work/shared/reference/graph-api.md (§1–§4 and the fake-server blueprint in §6):
 * token refresh, revoke, system user token generation, app installation and debug_token,
 * with Graph's error envelope, appsecret_proof checks and injectable faults.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { checkGraphRequest } from '../contract/graph-rules.ts'
import type { GraphKnowledge } from '../contract/graph-rules.ts'
import type { ContractViolation } from '../contract/violations.ts'

export type TokenType = 'SYSTEM_USER' | 'USER' | 'PAGE' | 'APP'

export interface FakeToken {
  value: string
  type: TokenType
  appId: string
  userId: string
  scopes: string[]
  /** Unix seconds. */
  issuedAt: number
  /** Unix seconds, 0 = never. */
  expiresAt: number
  revoked: boolean
}

export interface RecordedGraphRequest {
  method: string
  /** Without the version prefix, e.g. '/debug_token'. */
  path: string
  version: string | null
  /** Query string, form, multipart and JSON body merged; a Bearer header shows up as access_token. */
  params: Record<string, string>
  headers: Record<string, string | string[] | undefined>
}

export interface GraphFault {
  /** Exact path without the version, e.g. '/oauth/access_token' or '/123/access_tokens'. */
  path: string
  /** Default: any method. */
  method?: string
  /** How many matching requests it applies to (default 1). */
  times?: number
  /** Let this many matching requests through untouched before the fault applies (default 0). */
  skip?: number
  status?: number
  /** JSON body to answer with (a string is sent as-is); default: an error envelope built from `error`. */
  body?: unknown
  error?: { code: number; message?: string; subcode?: number; isTransient?: boolean; type?: string }
  /** Sent with the fault's answer; a fault with only headers adds them to the real answer. */
  headers?: Record<string, string>
  /** Accept the request and never answer (until the server closes). */
  hang?: boolean
  /** Destroy the socket without answering. */
  reset?: boolean
  /** Run the real handler (state changes happen) and then answer with the fault: a lost response. */
  afterHandling?: boolean
}

export interface FakeGraphOptions {
  requireAppSecretProof?: boolean
  omitExpiresIn?: boolean
  /** Unix seconds. */
  now?: () => number
  /**
   * Check every request against the rules of graph-api.md (test/contract/graph-rules.ts);
   * default true. Broken rules are recorded in `contractViolations`; the answer stays Graph's.
   */
  checkContract?: boolean
}

interface FakeApp {
  id: string
  secret: string
  name: string
  requireAppSecretProof: boolean
}

interface FakeSystemUser {
  id: string
  installedApps: Set<string>
}

interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

interface MintRequest {
  appId: string
  type?: TokenType
  userId?: string
  scopes?: string[]
  /** Default 60 days; 0 = never expires. */
  expiresInSeconds?: number
  issuedAt?: number
}

interface GraphCall {
  method: string
  path: string
  params: Record<string, string>
}

/** Who made a call: an app token `{id}|{secret}` or a user/system-user/page token. */
type Caller = { kind: 'app'; app: FakeApp } | { kind: 'token'; app: FakeApp; token: FakeToken }

const SIXTY_DAYS = 5_184_000
const DEFAULT_VERSION = 'v26.0'
const PROOF_WINDOW_SECONDS = 300

/** System-user permissions listed in the reference (Call 4). */
const SYSTEM_USER_SCOPES = new Set([
  'ads_management', 'ads_read', 'attribution_read', 'business_management', 'catalog_management',
  'commerce_account_manage_orders', 'commerce_account_read_orders', 'commerce_account_read_settings',
  'instagram_basic', 'instagram_branded_content_ads_brand', 'instagram_branded_content_brand',
  'instagram_content_publish', 'instagram_manage_comments', 'instagram_manage_insights',
  'instagram_manage_messages', 'instagram_shopping_tag_products',
  'leads_retrieval', 'page_events',
  'pages_manage_ads', 'pages_manage_cta', 'pages_manage_engagement', 'pages_manage_instant_articles',
  'pages_manage_metadata', 'pages_manage_posts', 'pages_messaging', 'pages_read_engagement',
  'pages_read_user_content', 'pages_show_list',
  'private_computation_access', 'publish_video', 'read_audience_network_insights', 'read_insights',
  'read_page_mailboxes',
  'whatsapp_business_management', 'whatsapp_business_messaging',
])

/** A Graph error a handler throws; turned into the `{"error":{…}}` envelope. */
class GraphFailure extends Error {
  readonly code: number
  readonly subcode: number | undefined
  readonly type: string
  readonly isTransient: boolean | undefined
  readonly status: number | undefined

  constructor(code: number, message: string, extra: { subcode?: number; type?: string; isTransient?: boolean; status?: number } = {}) {
    super(message)
    this.code = code
    this.subcode = extra.subcode
    this.type = extra.type ?? 'OAuthException'
    this.isTransient = extra.isTransient
    this.status = extra.status
  }
}

function methodFailure(code: number, message: string, subcode?: number): GraphFailure {
  return new GraphFailure(code, message, { type: 'GraphMethodException', subcode })
}

function unsupported(method: string, objectId: string): GraphFailure {
  return methodFailure(
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    33,
  )
}

const invalidSecret = (): GraphFailure => new GraphFailure(1, 'Error validating client secret.', { isTransient: false })
const missingProof = (): GraphFailure => methodFailure(100, 'API calls from the server require an appsecret_proof argument')
const wrongProof = (): GraphFailure => methodFailure(100, 'Invalid appsecret_proof provided in the API argument')
const cannotParse = (): GraphFailure => new GraphFailure(190, 'Invalid OAuth access token - Cannot parse access token')

/** Codes Graph marks `is_transient` (1 and 2 unless said otherwise). */
function transientByDefault(code: number): boolean {
  return [1, 2, 4, 17, 32, 613].includes(code) || (code >= 80000 && code <= 80014)
}

function statusFor(code: number, transient: boolean): number {
  if ((code === 1 || code === 2) && transient) return 500
  if (code === 4 || code === 10 || (code >= 200 && code <= 299)) return 403
  return 400
}

function errorReply(failure: GraphFailure, traceId: string): Reply {
  const transient = failure.isTransient ?? transientByDefault(failure.code)
  const error: Record<string, unknown> = { message: failure.message, type: failure.type, code: failure.code }
  if (failure.subcode !== undefined) error.error_subcode = failure.subcode
  if (transient) error.is_transient = true
  error.fbtrace_id = traceId
  return { status: failure.status ?? statusFor(failure.code, transient), body: { error } }
}

const FAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  2: '(#2) Service temporarily unavailable',
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  190: 'Invalid OAuth access token - Cannot parse access token',
  200: '(#200) Permissions error',
  613: '(#613) Calls to this api have exceeded the rate limit.',
}

function faultFailure(error: NonNullable<GraphFault['error']>, status: number | undefined): GraphFailure {
  const message = error.message ?? FAULT_MESSAGES[error.code] ?? `(#${error.code}) Injected fake error`
  return new GraphFailure(error.code, message, { subcode: error.subcode, type: error.type, isTransient: error.isTransient, status })
}

function fakeTokenValue(): string {
  return `fake-meta-${randomBytes(20).toString('hex')}`
}

function numericId(): string {
  return String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999))
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex')
}

/** Meta's expiry message quotes Pacific time; a fixed PST offset is close enough for a fake. */
function metaDate(unixSeconds: number): string {
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const d = new Date((unixSeconds - 8 * 3600) * 1000)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${pad(d.getUTCFullYear() % 100)} ${time} PST`
}

// ---------------------------------------------------------------------------------------------
// Request parsing

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseMultipart(body: string, contentType: string): Record<string, string> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  const fields: Record<string, string> = {}
  if (!boundary) return fields
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) continue
    const name = /\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1]
    if (name !== undefined) fields[name] = part.slice(split + 4).replace(/\r\n$/, '')
  }
  return fields
}

function parseJsonBody(body: string): Record<string, string> {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return {}
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {}
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(json)) {
    fields[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return fields
}

function bodyParams(body: string, contentType: string): Record<string, string> {
  if (body === '') return {}
  const type = contentType.toLowerCase()
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body))
  if (type.startsWith('multipart/form-data')) return parseMultipart(body, contentType)
  if (type.startsWith('application/json')) return parseJsonBody(body)
  return {}
}

function mergeParams(url: URL, body: string, headers: IncomingMessage['headers']): Record<string, string> {
  const params: Record<string, string> = {
    ...Object.fromEntries(url.searchParams),
    ...bodyParams(body, headers['content-type'] ?? ''),
  }
  const bearer = /^(?:Bearer|OAuth)\s+(\S+)/i.exec(headers.authorization ?? '')?.[1]
  if (params.access_token === undefined && bearer !== undefined) params.access_token = bearer
  return params
}

function splitVersion(pathname: string): { version: string | null; path: string } {
  const match = /^\/(v\d+\.\d+)(\/.*)?$/.exec(pathname)
  const version = match ? match[1] : null
  const rest = match ? (match[2] ?? '/') : pathname
  const path = rest.length > 1 ? rest.replace(/\/+$/, '') : rest
  return { version, path }
}

// ---------------------------------------------------------------------------------------------

interface ActiveFault {
  fault: GraphFault
  remaining: number
  skip: number
}

export class FakeGraph {
  readonly url: string
  readonly requests: RecordedGraphRequest[] = []
  /** Requests that break the rules of graph-api.md (see FakeGraphOptions.checkContract). */
  readonly contractViolations: ContractViolation[] = []

  private readonly server: Server
  private readonly options: FakeGraphOptions
  private readonly apps = new Map<string, FakeApp>()
  private readonly systemUsers = new Map<string, FakeSystemUser>()
  private readonly tokens = new Map<string, FakeToken>()
  private faults: ActiveFault[] = []
  private readonly knowledge: GraphKnowledge = {
    token: (value) => this.tokens.get(value),
    appSecret: (appId) => this.apps.get(appId)?.secret,
    now: () => this.now(),
  }

  static async start(options: FakeGraphOptions = {}): Promise<FakeGraph> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    return new FakeGraph(server, `http://127.0.0.1:${port}`, options)
  }

  private constructor(server: Server, url: string, options: FakeGraphOptions) {
    this.server = server
    this.url = url
    this.options = options
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch(() => res.destroy())
    })
  }

  // --- state set-up -----------------------------------------------------------------------------

  addApp(app: { id?: string; secret?: string; name?: string; requireAppSecretProof?: boolean } = {}): { id: string; secret: string; name: string } {
    const id = app.id ?? numericId()
    const created: FakeApp = {
      id,
      secret: app.secret ?? `fake-secret-${randomBytes(16).toString('hex')}`,
      name: app.name ?? `Fake App ${id}`,
      requireAppSecretProof: app.requireAppSecretProof ?? false,
    }
    this.apps.set(id, created)
    return { id: created.id, secret: created.secret, name: created.name }
  }

  addSystemUser(su: { id?: string; appIdsInstalled?: string[] } = {}): { id: string } {
    const id = su.id ?? numericId()
    this.systemUsers.set(id, { id, installedApps: new Set(su.appIdsInstalled ?? []) })
    return { id }
  }

  mintToken(t: MintRequest): string {
    return this.createToken(t).value
  }

  private createToken(t: MintRequest): FakeToken {
    if (!this.apps.has(t.appId)) throw new Error(`FakeGraph.mintToken: unknown app ${t.appId}; call addApp first`)
    const issuedAt = t.issuedAt ?? this.now()
    const lifetime = t.expiresInSeconds ?? SIXTY_DAYS
    const token: FakeToken = {
      value: fakeTokenValue(),
      type: t.type ?? 'SYSTEM_USER',
      appId: t.appId,
      userId: t.userId ?? numericId(),
      scopes: [...(t.scopes ?? [])],
      issuedAt,
      expiresAt: lifetime === 0 ? 0 : issuedAt + lifetime,
      revoked: false,
    }
    this.tokens.set(token.value, token)
    return token
  }

  token(value: string): FakeToken | undefined {
    return this.tokens.get(value)
  }

  isValid(value: string): boolean {
    const token = this.tokens.get(value)
    return token !== undefined && !token.revoked && !this.isExpired(token)
  }

  validTokens(appId?: string): FakeToken[] {
    return [...this.tokens.values()].filter((t) => this.isValid(t.value) && (appId === undefined || t.appId === appId))
  }

  injectFault(fault: GraphFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0 })
  }

  clearFaults(): void {
    this.faults = []
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      // Also ends hanging requests and idle keep-alive sockets, so no test waits on them.
      this.server.closeAllConnections()
    })
  }

  // --- request pipeline ---------------------------------------------------------------------------

  private now(): number {
    return this.options.now ? this.options.now() : Math.floor(Date.now() / 1000)
  }

  private isExpired(token: FakeToken): boolean {
    return token.expiresAt > 0 && this.now() >= token.expiresAt
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const { version, path } = splitVersion(url.pathname)
    const method = (req.method ?? 'GET').toUpperCase()
    const params = mergeParams(url, body, req.headers)
    this.requests.push({ method, path, version, params, headers: { ...req.headers } })
    this.contractCheck(method, url.pathname, params)

    const traceId = randomBytes(8).toString('base64url')
    const call: GraphCall = { method, path, params }
    const fault = this.takeFault(method, path)
    if (!fault) return send(res, this.handle(call, traceId), version, traceId)
    if (onlyHeaders(fault)) return send(res, { ...this.handle(call, traceId), headers: fault.headers }, version, traceId)
    // A lost response: the state changes happen, the caller never learns of them.
    if (fault.afterHandling) this.handle(call, traceId)
    if (fault.reset) return void req.socket.destroy()
    if (fault.hang) return
    send(res, faultReply(fault, traceId), version, traceId)
  }

  /** Judges the request's shape only: faults and answers play no part. */
  private contractCheck(method: string, path: string, params: Record<string, string>): void {
    if (this.options.checkContract === false) return
    const messages = checkGraphRequest({ method, path, params }, this.knowledge)
    if (messages.length > 0) this.contractViolations.push({ method, path, messages })
  }

  private takeFault(method: string, path: string): GraphFault | undefined {
    const active = this.faults.find(
      (f) => f.remaining > 0 && f.fault.path === path && (f.fault.method === undefined || f.fault.method.toUpperCase() === method),
    )
    if (!active) return undefined
    if (active.skip > 0) {
      active.skip -= 1
      return undefined
    }
    active.remaining -= 1
    return active.fault
  }

  private handle(call: GraphCall, traceId: string): Reply {
    try {
      return { status: 200, body: this.route(call) }
    } catch (error) {
      if (error instanceof GraphFailure) return errorReply(error, traceId)
      const message = error instanceof Error ? error.message : String(error)
      return errorReply(new GraphFailure(1, `Fake Graph bug: ${message}`, { isTransient: false, status: 500 }), traceId)
    }
  }

  private route(call: GraphCall): unknown {
    const { method, path } = call
    if (path === '/oauth/access_token' && (method === 'GET' || method === 'POST')) return this.exchangeToken(call.params)
    if (path === '/oauth/revoke' && method === 'GET') return this.revoke(call.params)
    if (path === '/debug_token' && method === 'GET') return this.debugToken(call.params)
    const edge = /^\/([^/]+)\/(access_tokens|applications)$/.exec(path)
    if (edge && method === 'POST') {
      return edge[2] === 'access_tokens' ? this.generateToken(edge[1], call.params) : this.installApp(edge[1], call.params)
    }
    throw unsupported(method, path.split('/')[1] || path)
  }

  // --- authentication -----------------------------------------------------------------------------

  /** A user/system-user/page token that must exist, not be revoked and not be expired. */
  private validToken(value: string): FakeToken {
    const token = this.tokens.get(value)
    if (!token) throw cannotParse()
    if (token.revoked) {
      throw new GraphFailure(190, 'Error validating access token: The session has been invalidated because the access token was revoked.', { subcode: 467 })
    }
    if (this.isExpired(token)) {
      throw new GraphFailure(190, `Error validating access token: Session has expired on ${metaDate(token.expiresAt)}. The current time is ${metaDate(this.now())}.`, { subcode: 463 })
    }
    return token
  }

  private appFor(token: FakeToken): FakeApp {
    const app = this.apps.get(token.appId)
    if (!app) throw cannotParse()
    return app
  }

  /** Parses an app token `{id}|{secret}`; undefined when the value is not shaped like one. */
  private appFromAppToken(value: string): FakeApp | undefined {
    const bar = value.indexOf('|')
    if (bar < 0) return undefined
    const app = this.apps.get(value.slice(0, bar))
    if (!app || app.secret !== value.slice(bar + 1)) throw new GraphFailure(190, 'Invalid OAuth access token signature.')
    return app
  }

  /** Steps 3 and 4 of the blueprint: token lookup, then appsecret_proof. */
  private authenticate(params: Record<string, string>, rules: { allowAppToken: boolean; proofAlwaysRequired?: boolean }): Caller {
    const value = params.access_token
    if (!value) throw new GraphFailure(104, 'An access token is required to request this resource.')
    const app = this.appFromAppToken(value)
    if (app) {
      if (!rules.allowAppToken) {
        throw new GraphFailure(200, '(#200) This call needs a user or system user access token, not an app access token')
      }
      this.checkProof(params, app, value, false)
      return { kind: 'app', app }
    }
    const token = this.validToken(value)
    const tokenApp = this.appFor(token)
    const required = rules.proofAlwaysRequired === true || tokenApp.requireAppSecretProof || this.options.requireAppSecretProof === true
    this.checkProof(params, tokenApp, value, required)
    return { kind: 'token', app: tokenApp, token }
  }

  /** A proof, when sent, must be right even if not required; the timed form carries appsecret_time. */
  private checkProof(params: Record<string, string>, app: FakeApp, accessToken: string, required: boolean): void {
    const proof = params.appsecret_proof
    if (proof === undefined || proof === '') {
      if (required) throw missingProof()
      return
    }
    const time = params.appsecret_time
    if (time === undefined) {
      if (proof !== hmacHex(app.secret, accessToken)) throw wrongProof()
      return
    }
    const fresh = /^\d+$/.test(time) && Math.abs(this.now() - Number(time)) <= PROOF_WINDOW_SECONDS
    if (!fresh || proof !== hmacHex(app.secret, `${accessToken}|${time}`)) throw wrongProof()
  }

  /** client_id (101) and client_secret (1) of the OAuth endpoints. */
  private clientApp(params: Record<string, string>): FakeApp {
    if (!params.client_id) throw new GraphFailure(101, 'Missing client_id parameter.')
    const app = this.apps.get(params.client_id)
    if (!app) throw new GraphFailure(101, 'Error validating application. Invalid application ID.')
    if (params.client_secret !== app.secret) throw invalidSecret()
    return app
  }

  // --- handlers -----------------------------------------------------------------------------------

  /** GET|POST /oauth/access_token (Calls 1, 2a and the client_credentials grant). No proof needed. */
  private exchangeToken(params: Record<string, string>): unknown {
    const app = this.clientApp(params)
    if (params.grant_type === 'client_credentials') return { access_token: `${app.id}|${app.secret}`, token_type: 'bearer' }
    if (params.grant_type !== 'fb_exchange_token') {
      throw new GraphFailure(100, 'The fake Graph API models only grant_type=fb_exchange_token and grant_type=client_credentials')
    }
    if (!params.fb_exchange_token) throw new GraphFailure(100, 'Missing fb_exchange_token parameter.')
    const old = this.validToken(params.fb_exchange_token)
    if (old.appId !== app.id) {
      throw new GraphFailure(100, `fb_exchange_token was issued for app ${old.appId}, not for client_id ${app.id} (app mismatch)`)
    }
    const fresh = this.exchangedToken(old, params)
    const answer: Record<string, unknown> = { access_token: fresh.value, token_type: 'bearer' }
    if (!this.options.omitExpiresIn) answer.expires_in = fresh.expiresAt - this.now()
    return answer
  }

  private exchangedToken(old: FakeToken, params: Record<string, string>): FakeToken {
    const copy = { appId: old.appId, type: old.type, userId: old.userId, scopes: old.scopes, expiresInSeconds: SIXTY_DAYS }
    if (old.type === 'USER') return this.createToken(copy)
    if (old.type !== 'SYSTEM_USER') throw new GraphFailure(100, `A ${old.type} access token cannot be exchanged`)
    if (params.set_token_expires_in_60_days !== 'true') {
      throw new GraphFailure(100, 'Refreshing a system user access token needs set_token_expires_in_60_days=true')
    }
    if (old.expiresAt === 0) throw new GraphFailure(100, 'The fb_exchange_token is not an expiring token, so it cannot be refreshed')
    return this.createToken(copy)
  }

  /** GET /oauth/revoke (Call 3): client_id, app of revoke_token, app of access_token and secret must agree. */
  private revoke(params: Record<string, string>): unknown {
    const app = this.clientApp(params)
    const caller = this.authenticate(params, { allowAppToken: false })
    if (!params.revoke_token) throw new GraphFailure(100, 'Missing revoke_token parameter.')
    const target = this.validToken(params.revoke_token)
    if (caller.app.id !== app.id || target.appId !== app.id) {
      throw new GraphFailure(100, `client_id ${app.id}, the app of access_token (${caller.app.id}) and the app of revoke_token (${target.appId}) must be the same (app mismatch)`)
    }
    target.revoked = true
    return { success: true }
  }

  /** POST /{system-user-id}/access_tokens (Call 4). Always needs appsecret_proof. */
  private generateToken(systemUserId: string, params: Record<string, string>): unknown {
    const caller = this.authenticate(params, { allowAppToken: false, proofAlwaysRequired: true })
    const su = this.systemUsers.get(systemUserId)
    if (!su) throw unsupported('POST', systemUserId)
    const app = this.businessApp(params)
    if (!su.installedApps.has(app.id)) {
      throw new GraphFailure(200, `(#200) Permissions error: app ${app.id} is not installed for system user ${su.id}; install it with POST /${su.id}/applications first`)
    }
    if (caller.app.id !== app.id) {
      throw new GraphFailure(200, `(#200) Permissions error: the access token was issued for app ${caller.app.id}, not for business_app ${app.id}`)
    }
    const scopes = parseScopes(params.scope)
    const expiring = params.set_token_expires_in_60_days === 'true'
    const value = this.mintToken({ appId: app.id, type: 'SYSTEM_USER', userId: su.id, scopes, expiresInSeconds: expiring ? SIXTY_DAYS : 0 })
    return { access_token: value }
  }

  /** POST /{system-user-id}/applications (Call 5). Idempotent. */
  private installApp(systemUserId: string, params: Record<string, string>): unknown {
    this.authenticate(params, { allowAppToken: false })
    const su = this.systemUsers.get(systemUserId)
    if (!su) throw unsupported('POST', systemUserId)
    su.installedApps.add(this.businessApp(params).id)
    return { success: true }
  }

  private businessApp(params: Record<string, string>): FakeApp {
    if (!params.business_app) throw new GraphFailure(100, '(#100) The parameter business_app is required')
    const app = this.apps.get(params.business_app)
    if (!app) throw new GraphFailure(100, `(#100) Param business_app must be a valid app ID; ${params.business_app} is not`)
    return app
  }

  /** GET /debug_token (Call 6): 200 with is_valid false for dead tokens; bad callers get a top-level error. */
  private debugToken(params: Record<string, string>): unknown {
    const caller = this.authenticate(params, { allowAppToken: true })
    const input = params.input_token
    if (!input) throw new GraphFailure(100, '(#100) The parameter input_token is required')
    const data = this.describe(input)
    if (data.app_id !== undefined && data.app_id !== caller.app.id) {
      throw new GraphFailure(190, `Invalid OAuth access token: the caller's app ${caller.app.id} is not the app of input_token`)
    }
    return { data: pickFields(data, params.fields) }
  }

  private describe(value: string): Record<string, unknown> {
    const token = this.tokens.get(value)
    if (!token) return this.describeAppToken(value)
    const app = this.apps.get(token.appId)
    const data: Record<string, unknown> = {
      app_id: token.appId,
      type: token.type,
      application: app?.name ?? '',
      data_access_expires_at: 0,
      expires_at: token.expiresAt,
      is_valid: true,
      issued_at: token.issuedAt,
      scopes: [...token.scopes],
      granular_scopes: token.scopes.map((scope) => ({ scope })),
      user_id: token.userId,
    }
    try {
      this.validToken(value)
    } catch (error) {
      if (!(error instanceof GraphFailure)) throw error
      data.is_valid = false
      data.error = { code: error.code, message: error.message, subcode: error.subcode }
    }
    return data
  }

  private describeAppToken(value: string): Record<string, unknown> {
    let app: FakeApp | undefined
    try {
      app = this.appFromAppToken(value)
    } catch {
      app = undefined
    }
    if (!app) {
      return { is_valid: false, scopes: [], error: { code: 190, message: cannotParse().message } }
    }
    return { app_id: app.id, type: 'APP', application: app.name, is_valid: true, scopes: [] }
  }
}

// ---------------------------------------------------------------------------------------------

function parseScopes(scope: string | undefined): string[] {
  const scopes = (scope ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (scopes.length === 0) throw new GraphFailure(3962, '(#3962) Provided permission is not valid: scope is empty')
  const unknown = scopes.filter((s) => !SYSTEM_USER_SCOPES.has(s))
  if (unknown.length > 0) throw new GraphFailure(3962, `(#3962) Provided permission is not valid: ${unknown.join(', ')}`)
  return scopes
}

/** `fields=app_id,expires_at` keeps only those keys. */
function pickFields(data: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return data
  const wanted = new Set(fields.split(',').map((f) => f.trim()))
  return Object.fromEntries(Object.entries(data).filter(([key]) => wanted.has(key)))
}

function onlyHeaders(fault: GraphFault): boolean {
  return !fault.hang && !fault.reset && fault.status === undefined && fault.body === undefined && fault.error === undefined
}

function faultReply(fault: GraphFault, traceId: string): Reply {
  if (fault.body !== undefined) return { status: fault.status ?? statusOfBody(fault.body), body: fault.body, headers: fault.headers }
  if (fault.error) return { ...errorReply(faultFailure(fault.error, fault.status), traceId), headers: fault.headers }
  return { status: fault.status ?? 200, body: '', headers: fault.headers }
}

/** A custom body shaped like an error envelope gets the status its code would have. */
function statusOfBody(body: unknown): number {
  const error = (body as { error?: { code?: unknown; is_transient?: unknown } } | null)?.error
  if (!error || typeof error.code !== 'number') return 200
  return statusFor(error.code, error.is_transient === true)
}

function send(res: ServerResponse, reply: Reply, version: string | null, traceId: string): void {
  const raw = typeof reply.body === 'string'
  const text = raw ? (reply.body as string) : JSON.stringify(reply.body)
  res.writeHead(reply.status, {
    'Content-Type': raw ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8',
    'facebook-api-version': version ?? DEFAULT_VERSION,
    'x-fb-trace-id': traceId,
    ...reply.headers,
  })
  res.end(text)
}
