/**
 * A fake GitHub REST API (Actions secrets) on 127.0.0.1 for end-to-end tests and the demo.
 *
 * It behaves like api.github.com for the endpoints the action uses (see
 * shared/reference/github.md §1–§4): real libsodium keypairs per secret scope, sealed values
 * are really decrypted, and errors carry GitHub's status codes, bodies and headers.
 * Only Node built-ins and libsodium-wrappers are used.
 */
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes, randomInt } from 'node:crypto'
import sodium from 'libsodium-wrappers'
import { checkGitHubRequest, describeRejection, gitHubErrorMessage, loadGitHubDescription } from '../contract/github-openapi.ts'
import type { GitHubRejection } from '../contract/github-openapi.ts'
import type { ContractViolation } from '../contract/violations.ts'

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type Permission = 'secrets' | 'environments' | 'organization_secrets' | 'metadata'
export type Access = 'read' | 'write'
export type Visibility = 'all' | 'private' | 'selected'

export interface RecordedGitHubRequest {
  method: string
  /** Raw request path as received (still URL-encoded), without the query string. */
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown
}

export interface GitHubFault {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string
  /** Matched against the decoded or the raw request path, without the query string. */
  path: string | RegExp
  /** How many matching requests the fault answers; default 1. */
  times?: number
  /** Let this many matching requests through untouched before the fault applies; default 0. */
  skip?: number
  /** Status of the faulted answer; default 500. */
  status?: number
  /** Body of the faulted answer (objects are sent as JSON, strings as they are). */
  body?: unknown
  headers?: Record<string, string>
  /** Never answer (until close()). */
  hang?: boolean
  /** Destroy the socket with a TCP reset instead of answering. */
  reset?: boolean
}

export interface StoredSecret {
  /** Decrypted plaintext. */
  value: string
  createdAt: string
  updatedAt: string
  visibility?: Visibility
  selectedRepositoryIds?: number[]
  /** Number of PUTs through the API (seeding with putSecret() does not count). */
  writes: number
}

export interface AddTokenOptions {
  permissions?: Partial<Record<Permission, Access>>
  kind?: 'app' | 'github_token'
}

export interface OrgSecretSettings {
  visibility: Visibility
  selectedRepositoryIds?: number[]
}

// ---------------------------------------------------------------------------------------------
// Constants (messages as GitHub words them, see reference §1.4)
// ---------------------------------------------------------------------------------------------

const DOCS = 'https://docs.github.com/rest'
const SECRETS_DOCS = `${DOCS}/actions/secrets`
const RATE_LIMIT_DOCS = `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`
const RATE_LIMIT = 5000
const RATE_WINDOW_SECONDS = 3600
const API_VERSIONS = ['2022-11-28', '2026-03-10']
const VISIBILITIES: readonly Visibility[] = ['all', 'private', 'selected']
const SECRET_PERMISSIONS: readonly Permission[] = ['secrets', 'environments', 'organization_secrets']
const DEFAULT_PERMISSIONS: Partial<Record<Permission, Access>> = {
  secrets: 'write',
  environments: 'write',
  organization_secrets: 'write',
}
const BASE64_PATTERN =
  /^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{4})$/
const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const NAME_RULE_MESSAGE =
  'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). ' +
  'Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).'
const IMPROPERLY_ENCRYPTED = 'Bad request - validation failed due to an improperly encrypted secret'
const NOT_SELECTED_CONFLICT =
  "You cannot update selected repositories for a secret when the visibility is not set to 'selected'"

// ---------------------------------------------------------------------------------------------
// Internal model
// ---------------------------------------------------------------------------------------------

type ScopeKind = 'repo' | 'environment' | 'org'
type JsonObject = Record<string, unknown>

interface KeyPair {
  keyId: string
  publicKey: Uint8Array
  privateKey: Uint8Array
}

interface SecretScope {
  kind: ScopeKind
  /** API path of the scope's secrets collection, e.g. '/orgs/acme/actions/secrets'. */
  path: string
  keys: KeyPair
  /** Keyed by the upper-cased secret name. */
  secrets: Map<string, StoredSecret>
}

interface Repo {
  id: number
  owner: string
  name: string
  fullName: string
  scope: SecretScope
  /** Keyed by the lower-cased environment name (GitHub's environment names ignore case). */
  environments: Map<string, SecretScope>
}

interface Org {
  login: string
  scope: SecretScope
}

interface Token {
  kind: 'app' | 'github_token'
  permissions: Partial<Record<Permission, Access>>
}

interface RateWindow {
  used: number
  reset: number
}

interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** What the pipeline needs from an incoming request. */
interface Incoming {
  method: string
  rawPath: string
  query: Record<string, string>
  rawBody: string
  tokenValue: string | undefined
  apiVersion: string | string[] | undefined
  userAgent: string | undefined
}

interface Ctx {
  method: string
  params: Record<string, string>
  query: Record<string, string>
  rawBody: string
  token: Token
  /** documentation_url for errors of this endpoint. */
  doc: string
}

type Handler = (ctx: Ctx) => Reply

interface Route {
  method: string
  parts: string[]
  doc: string
  handler: Handler
}

interface ScopeRoutes {
  kind: ScopeKind
  prefix: string
  /** Docs anchor fragment: 'a-repository', 'an-environment', 'an-organization'. */
  article: string
  listAnchor: string
  permission: Permission
}

const SCOPE_ROUTES: readonly ScopeRoutes[] = [
  {
    kind: 'repo',
    prefix: '/repos/:owner/:repo/actions/secrets',
    article: 'a-repository',
    listAnchor: 'list-repository-secrets',
    permission: 'secrets',
  },
  {
    kind: 'environment',
    prefix: '/repos/:owner/:repo/environments/:environment/secrets',
    article: 'an-environment',
    listAnchor: 'list-environment-secrets',
    permission: 'environments',
  },
  {
    kind: 'org',
    prefix: '/orgs/:org/actions/secrets',
    article: 'an-organization',
    listAnchor: 'list-organization-secrets',
    permission: 'organization_secrets',
  },
]

interface FaultEntry {
  fault: GitHubFault
  remaining: number
  skip: number
}

/** Thrown by handlers to answer with an error; caught by the dispatcher. */
class ApiError extends Error {
  readonly reply: Reply
  constructor(reply: Reply) {
    super(`fake GitHub answered ${reply.status}`)
    this.reply = reply
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function errorBody(status: number, message: string, doc: string): JsonObject {
  return { message, documentation_url: doc, status: String(status) }
}

function fail(status: number, message: string, doc: string, headers?: Record<string, string>): ApiError {
  return new ApiError({ status, body: errorBody(status, message, doc), headers })
}

function notFound(doc: string): ApiError {
  return fail(404, 'Not Found', doc)
}

function invalid(detail: string, doc: string): ApiError {
  return fail(422, `Invalid request.\n\n${detail}`, doc)
}

/** Ruby-style rendering of a JSON value, as GitHub's schema errors show it. */
function inspect(value: unknown): string {
  return value === null ? 'nil' : JSON.stringify(value)
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function epochSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function newKeyId(previous?: string): string {
  let id = ''
  do {
    id = String(randomInt(1, 10))
    for (let i = 0; i < 17; i++) id += String(randomInt(0, 10))
  } while (id === previous)
  return id
}

function newKeyPair(previous?: KeyPair): KeyPair {
  const pair = sodium.crypto_box_keypair()
  return { keyId: newKeyId(previous?.keyId), publicKey: pair.publicKey, privateKey: pair.privateKey }
}

function newScope(kind: ScopeKind, path: string): SecretScope {
  return { kind, path, keys: newKeyPair(), secrets: new Map() }
}

function requestId(): string {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase()
  return `${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}:${hex(4)}`
}

function tokenPermissions(
  kind: Token['kind'],
  requested: Partial<Record<Permission, Access>> | undefined,
): Partial<Record<Permission, Access>> {
  const base = requested ?? (kind === 'app' ? DEFAULT_PERMISSIONS : {})
  const permissions: Partial<Record<Permission, Access>> = { metadata: 'read', ...base }
  if (kind === 'github_token') {
    for (const permission of SECRET_PERMISSIONS) delete permissions[permission]
  }
  return permissions
}

function grants(granted: Access | undefined, needed: Access): boolean {
  return granted === 'write' || (granted === 'read' && needed === 'read')
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

function splitUrl(url: string): { rawPath: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://fake.invalid')
  const rawPath = url.split('?')[0].replace(/^[a-z]+:\/\/[^/]+/i, '')
  return { rawPath, query: Object.fromEntries(parsed.searchParams) }
}

function parseIncoming(req: IncomingMessage, rawBody: string): Incoming {
  const { rawPath, query } = splitUrl(req.url ?? '/')
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath,
    query,
    rawBody,
    tokenValue: bearerToken(req.headers.authorization),
    apiVersion: req.headers['x-github-api-version'],
    userAgent: req.headers['user-agent'],
  }
}

function commonHeaders(window: RateWindow, apiVersion: string | string[] | undefined): Record<string, string> {
  return {
    'x-ratelimit-limit': String(RATE_LIMIT),
    'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - window.used)),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(Math.min(RATE_LIMIT, window.used)),
    'x-ratelimit-resource': 'core',
    'x-github-request-id': requestId(),
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': typeof apiVersion === 'string' ? apiVersion : API_VERSIONS[0],
  }
}

function recordedBody(rawBody: string): unknown {
  if (rawBody === '') return undefined
  try {
    return JSON.parse(rawBody)
  } catch {
    return rawBody
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function paginate<T>(items: T[], query: Record<string, string>): T[] {
  const perPage = Math.min(100, Math.max(1, Number(query.per_page) || 30))
  const page = Math.max(1, Number(query.page) || 1)
  return items.slice((page - 1) * perPage, page * perPage)
}

/** A route; `anchor` is either a full documentation URL or an anchor on the secrets page. */
function route(method: string, path: string, anchor: string, handler: Handler): Route {
  const doc = anchor.startsWith('https://') ? anchor : `${SECRETS_DOCS}#${anchor}`
  return { method, parts: path.split('/').slice(1), doc, handler }
}

function matchRoute(route: Route, method: string, segments: string[]): Record<string, string> | undefined {
  if (route.method !== method || route.parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of route.parts.entries()) {
    const segment = segments[i]
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return params
}

function pathMatches(pattern: string | RegExp, rawPath: string, decodedPath: string): boolean {
  if (typeof pattern === 'string') return pattern === rawPath || pattern === decodedPath
  const test = (text: string): boolean => {
    pattern.lastIndex = 0
    return pattern.test(text)
  }
  return test(rawPath) || test(decodedPath)
}

function faultReply(fault: GitHubFault): Reply {
  const status = fault.status ?? 500
  const body = fault.body ?? errorBody(status, STATUS_CODES[status] ?? 'Error', DOCS)
  return { status, body, headers: fault.headers }
}

function send(res: ServerResponse, reply: Reply, common: Record<string, string>): void {
  for (const [name, value] of Object.entries(common)) res.setHeader(name, value)
  const hasBody = reply.status !== 204 && reply.status !== 304 && reply.body !== undefined
  if (hasBody) res.setHeader('Content-Type', 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
  res.statusCode = reply.status
  if (!hasBody) {
    res.end()
    return
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

// ---------------------------------------------------------------------------------------------
// Request body validation (PUT secret)
// ---------------------------------------------------------------------------------------------

function parseObjectBody(ctx: Ctx): JsonObject {
  if (ctx.rawBody.trim() === '') throw invalid("For 'links/0/schema', nil is not an object.", ctx.doc)
  let parsed: unknown
  try {
    parsed = JSON.parse(ctx.rawBody)
  } catch {
    throw fail(400, 'Problems parsing JSON', ctx.doc)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(`For 'links/0/schema', ${inspect(parsed)} is not an object.`, ctx.doc)
  }
  return parsed as JsonObject
}

function requireFields(body: JsonObject, fields: string[], doc: string): void {
  const missing = fields.filter((field) => body[field] === undefined)
  if (missing.length === 1) throw invalid(`"${missing[0]}" wasn't supplied.`, doc)
  if (missing.length > 1) throw invalid(`${missing.map((f) => `"${f}"`).join(', ')} weren't supplied.`, doc)
}

function requireString(body: JsonObject, field: string, doc: string): void {
  if (typeof body[field] !== 'string') {
    throw invalid(`For 'properties/${field}', ${inspect(body[field])} is not a string.`, doc)
  }
}

function requireVisibility(body: JsonObject, doc: string): void {
  if (!VISIBILITIES.includes(body.visibility as Visibility)) {
    const allowed = `[${VISIBILITIES.map((v) => `"${v}"`).join(', ')}]`
    throw invalid(`For 'properties/visibility', ${inspect(body.visibility)} is not a member of ${allowed}.`, doc)
  }
}

function requireIdArray(body: JsonObject, field: string, doc: string): void {
  const ids = body[field]
  if (!Array.isArray(ids)) throw invalid(`For 'properties/${field}', ${inspect(ids)} is not an array.`, doc)
  const bad = ids.find((id) => !Number.isInteger(id))
  if (bad !== undefined) throw invalid(`For 'items', ${inspect(bad)} is not an integer.`, doc)
}

function requireBase64(body: JsonObject, doc: string): void {
  const value = body.encrypted_value as string
  if (!BASE64_PATTERN.test(value)) throw invalid(`${value} does not match /${BASE64_PATTERN.source}/.`, doc)
}

function validatePutBody(body: JsonObject, isOrg: boolean, doc: string): void {
  requireFields(body, isOrg ? ['encrypted_value', 'key_id', 'visibility'] : ['encrypted_value', 'key_id'], doc)
  requireString(body, 'encrypted_value', doc)
  requireString(body, 'key_id', doc)
  if (isOrg) {
    requireVisibility(body, doc)
    if (body.selected_repository_ids !== undefined) requireIdArray(body, 'selected_repository_ids', doc)
  }
  requireBase64(body, doc)
}

function validSecretName(name: string, doc: string): string {
  if (!SECRET_NAME_PATTERN.test(name) || /^GITHUB_/i.test(name)) throw fail(422, NAME_RULE_MESSAGE, doc)
  return name.toUpperCase()
}

function orgSettings(body: JsonObject, doc: string): OrgSecretSettings {
  const visibility = body.visibility as Visibility
  const ids = body.selected_repository_ids as number[] | undefined
  if (ids !== undefined && visibility !== 'selected') {
    throw invalid("selected_repository_ids can only be used when visibility is 'selected'.", doc)
  }
  return { visibility, selectedRepositoryIds: ids }
}

function openSealedValue(scope: SecretScope, body: JsonObject, doc: string): string {
  if (body.key_id !== scope.keys.keyId) throw fail(422, IMPROPERLY_ENCRYPTED, doc)
  try {
    const sealed = sodium.from_base64(body.encrypted_value as string, sodium.base64_variants.ORIGINAL)
    const opened = sodium.crypto_box_seal_open(sealed, scope.keys.publicKey, scope.keys.privateKey)
    return new TextDecoder().decode(opened)
  } catch {
    throw fail(422, IMPROPERLY_ENCRYPTED, doc)
  }
}

/** Creates or updates a secret; returns true when it was created. */
function storeSecret(
  scope: SecretScope,
  name: string,
  value: string,
  org: OrgSecretSettings | undefined,
  countWrite: boolean,
): boolean {
  const now = isoNow()
  const existing = scope.secrets.get(name)
  const secret: StoredSecret = existing ?? { value, createdAt: now, updatedAt: now, writes: 0 }
  secret.value = value
  secret.updatedAt = now
  if (countWrite) secret.writes++
  if (org) applyOrgSettings(secret, org)
  scope.secrets.set(name, secret)
  return existing === undefined
}

function applyOrgSettings(secret: StoredSecret, org: OrgSecretSettings): void {
  secret.visibility = org.visibility
  if (org.selectedRepositoryIds !== undefined) secret.selectedRepositoryIds = [...org.selectedRepositoryIds]
  else if (org.visibility === 'selected' && secret.selectedRepositoryIds === undefined) secret.selectedRepositoryIds = []
}

function copySecret(secret: StoredSecret): StoredSecret {
  return structuredClone(secret)
}

// ---------------------------------------------------------------------------------------------
// Target strings: 'owner/repo', 'owner/repo:env', 'org:NAME'
// ---------------------------------------------------------------------------------------------

type Target =
  | { kind: 'org'; org: string }
  | { kind: 'repo'; repo: string }
  | { kind: 'environment'; repo: string; environment: string }

function parseTarget(target: string): Target {
  if (target.startsWith('org:')) return { kind: 'org', org: target.slice(4) }
  const colon = target.indexOf(':')
  if (colon < 0) return { kind: 'repo', repo: target }
  return { kind: 'environment', repo: target.slice(0, colon), environment: target.slice(colon + 1) }
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export interface FakeGitHubOptions {
  /**
   * Check every request against GitHub's OpenAPI description (test/contract/github-openapi.ts);
   * default true. A request GitHub would refuse is recorded in `contractViolations` and answered
   * with GitHub's 404/400/422, unless a fault answers it.
   */
  checkContract?: boolean
}

export class FakeGitHub {
  readonly requests: RecordedGitHubRequest[] = []
  /** Requests that break GitHub's OpenAPI description (see FakeGitHubOptions.checkContract). */
  readonly contractViolations: ContractViolation[] = []

  private readonly server: Server
  private readonly routes: Route[]
  private readonly tokens = new Map<string, Token>()
  private readonly repos = new Map<string, Repo>()
  private readonly orgs = new Map<string, Org>()
  private readonly rateWindows = new Map<string, RateWindow>()
  private faults: FaultEntry[] = []
  private nextRepoId = 700_000_001
  private baseUrl = ''
  private closed: Promise<void> | undefined
  private readonly checkContract: boolean

  private constructor(options: FakeGitHubOptions) {
    this.checkContract = options.checkContract ?? true
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => this.onInternalError(res, error))
    })
    this.routes = this.buildRoutes()
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    await sodium.ready
    const fake = new FakeGitHub(options)
    if (fake.checkContract) loadGitHubDescription()
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject)
      fake.server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = fake.server.address() as AddressInfo
    fake.baseUrl = `http://127.0.0.1:${port}`
    return fake
  }

  /** API root, like https://api.github.com. */
  get url(): string {
    return this.baseUrl
  }

  // ----- setup ---------------------------------------------------------------------------------

  /**
   * Registers a token ('fake-gh-' + 40 hex). Given permissions replace the default
   * (secrets, environments and organization_secrets: write); metadata:read is always granted.
   * A 'github_token' never has the secret permissions, like the workflow's GITHUB_TOKEN.
   */
  addToken(opts: AddTokenOptions = {}): string {
    const value = `fake-gh-${randomBytes(20).toString('hex')}`
    const kind = opts.kind ?? 'app'
    this.tokens.set(value, { kind, permissions: tokenPermissions(kind, opts.permissions) })
    return value
  }

  addRepo(fullName: string, opts: { id?: number; environments?: string[] } = {}): { id: number } {
    const existing = this.repos.get(fullName.toLowerCase())
    const repo = existing ?? this.createRepo(fullName, opts.id)
    for (const environment of opts.environments ?? []) this.addEnvironment(fullName, environment)
    return { id: repo.id }
  }

  addEnvironment(fullName: string, environment: string): void {
    const repo = this.repos.get(fullName.toLowerCase())
    if (!repo) throw new Error(`FakeGitHub: unknown repository ${fullName}`)
    const key = environment.toLowerCase()
    if (repo.environments.has(key)) return
    const path = `/repos/${repo.fullName}/environments/${encodeURIComponent(environment)}/secrets`
    repo.environments.set(key, newScope('environment', path))
  }

  addOrg(org: string): void {
    if (this.orgs.has(org.toLowerCase())) return
    this.orgs.set(org.toLowerCase(), { login: org, scope: newScope('org', `/orgs/${org}/actions/secrets`) })
  }

  // ----- inspection and seeding ----------------------------------------------------------------

  secret(target: string, name: string): StoredSecret | undefined {
    const stored = this.findScope(target)?.secrets.get(name.toUpperCase())
    return stored ? copySecret(stored) : undefined
  }

  putSecret(target: string, name: string, value: string, org?: OrgSecretSettings): void {
    const scope = this.scopeOrThrow(target)
    const settings = scope.kind === 'org' ? (org ?? { visibility: 'private' }) : undefined
    storeSecret(scope, name.toUpperCase(), value, settings, false)
  }

  rotatePublicKey(target: string): void {
    const scope = this.scopeOrThrow(target)
    scope.keys = newKeyPair(scope.keys)
  }

  injectFault(fault: GitHubFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0 })
  }

  clearFaults(): void {
    this.faults = []
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    return this.closed
  }

  // ----- model lookups -------------------------------------------------------------------------

  private createRepo(fullName: string, id: number | undefined): Repo {
    const [owner, name, ...rest] = fullName.split('/')
    if (!owner || !name || rest.length > 0) throw new Error(`FakeGitHub: bad repository name ${fullName}`)
    const repoId = id ?? this.nextRepoId++
    if (this.repoById(repoId)) throw new Error(`FakeGitHub: repository id ${repoId} already used`)
    const scope = newScope('repo', `/repos/${fullName}/actions/secrets`)
    const repo: Repo = { id: repoId, owner, name, fullName, scope, environments: new Map() }
    this.repos.set(fullName.toLowerCase(), repo)
    return repo
  }

  private repoById(id: number): Repo | undefined {
    return [...this.repos.values()].find((repo) => repo.id === id)
  }

  private findScope(target: string): SecretScope | undefined {
    const parsed = parseTarget(target)
    if (parsed.kind === 'org') return this.orgs.get(parsed.org.toLowerCase())?.scope
    const repo = this.repos.get(parsed.repo.toLowerCase())
    if (parsed.kind === 'repo') return repo?.scope
    return repo?.environments.get(parsed.environment.toLowerCase())
  }

  private scopeOrThrow(target: string): SecretScope {
    const scope = this.findScope(target)
    if (!scope) throw new Error(`FakeGitHub: unknown target ${target}`)
    return scope
  }

  // ----- request pipeline ----------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incoming = parseIncoming(req, await readBody(req))
    this.requests.push({
      method: incoming.method,
      path: incoming.rawPath,
      query: incoming.query,
      headers: { ...req.headers },
      body: recordedBody(incoming.rawBody),
    })
    const rejection = this.contractCheck(incoming)

    const fault = this.takeFault(incoming.method, incoming.rawPath)
    if (fault?.reset) {
      req.socket.resetAndDestroy()
      return
    }
    if (fault?.hang) return // never answered; close() destroys the socket

    const window = this.consumeRateLimit(incoming.tokenValue)
    const reply = fault ? faultReply(fault) : this.answer(incoming, window, rejection)
    send(res, reply, commonHeaders(window, incoming.apiVersion))
  }

  private onInternalError(res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) return
    const message = error instanceof Error ? error.message : String(error)
    send(res, { status: 500, body: errorBody(500, `Fake GitHub internal error: ${message}`, DOCS) }, {})
  }

  private takeFault(method: string, rawPath: string): GitHubFault | undefined {
    const decodedPath = safeDecode(rawPath) ?? rawPath
    const entry = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.fault.method === undefined || candidate.fault.method.toUpperCase() === method) &&
        pathMatches(candidate.fault.path, rawPath, decodedPath),
    )
    if (!entry) return undefined
    if (entry.skip > 0) {
      entry.skip--
      return undefined
    }
    entry.remaining--
    return entry.fault
  }

  private consumeRateLimit(tokenValue: string | undefined): RateWindow {
    const key = tokenValue !== undefined && this.tokens.has(tokenValue) ? tokenValue : '(anonymous)'
    let window = this.rateWindows.get(key)
    if (!window || window.reset <= epochSeconds()) {
      window = { used: 0, reset: epochSeconds() + RATE_WINDOW_SECONDS }
      this.rateWindows.set(key, window)
    }
    window.used++
    return window
  }

  /** Records the request's contract violations; GitHub's answer to them, if any. */
  private contractCheck(incoming: Incoming): GitHubRejection | undefined {
    if (!this.checkContract) return undefined
    const { method, rawPath: path, query, rawBody } = incoming
    const rejection = checkGitHubRequest({ method, path, query, rawBody })
    if (rejection) this.contractViolations.push({ method, path, messages: describeRejection(rejection) })
    return rejection
  }

  private answer(incoming: Incoming, window: RateWindow, rejection?: GitHubRejection): Reply {
    try {
      checkUserAgent(incoming.userAgent)
      checkApiVersion(incoming.apiVersion)
      const token = this.authenticate(incoming.tokenValue)
      checkRateLimit(window)
      const { route, params } = this.findRoute(incoming.method, incoming.rawPath)
      // Refused like GitHub would, before the handler can change any state.
      if (rejection) throw fail(rejection.status, gitHubErrorMessage(rejection), route.doc)
      const { method, query, rawBody } = incoming
      return route.handler({ method, params, query, rawBody, token, doc: route.doc })
    } catch (error) {
      if (error instanceof ApiError) return error.reply
      throw error
    }
  }

  private authenticate(tokenValue: string | undefined): Token {
    const token = tokenValue === undefined ? undefined : this.tokens.get(tokenValue)
    if (!token) throw fail(401, 'Bad credentials', DOCS)
    return token
  }

  private findRoute(method: string, rawPath: string): { route: Route; params: Record<string, string> } {
    const segments = rawPath.split('/').slice(1).map(safeDecode)
    if (!rawPath.startsWith('/') || segments.some((s) => s === undefined)) throw notFound(DOCS)
    for (const candidate of this.routes) {
      const params = matchRoute(candidate, method, segments as string[])
      if (params) return { route: candidate, params }
    }
    throw notFound(DOCS)
  }

  // ----- routes --------------------------------------------------------------------------------

  private buildRoutes(): Route[] {
    const repoDoc = `${DOCS}/repos/repos#get-a-repository`
    const routes = [route('GET', '/repos/:owner/:repo', repoDoc, (c) => this.getRepository(c))]
    for (const scopeRoutes of SCOPE_ROUTES) routes.push(...this.secretRoutes(scopeRoutes))
    routes.push(...this.selectedRepositoryRoutes())
    return routes
  }

  private secretRoutes(s: ScopeRoutes): Route[] {
    const scope = (c: Ctx, access: Access): SecretScope => this.resolveScope(s, c, access)
    return [
      route('GET', `${s.prefix}/public-key`, `get-${s.article}-public-key`, (c) => publicKey(scope(c, 'read'))),
      route('GET', s.prefix, s.listAnchor, (c) => this.listSecrets(scope(c, 'read'), c)),
      route('GET', `${s.prefix}/:name`, `get-${s.article}-secret`, (c) => this.getSecret(scope(c, 'read'), c)),
      route('PUT', `${s.prefix}/:name`, `create-or-update-${s.article}-secret`, (c) =>
        this.putSecretRequest(scope(c, 'write'), c),
      ),
      route('DELETE', `${s.prefix}/:name`, `delete-${s.article}-secret`, (c) => deleteSecret(scope(c, 'write'), c)),
    ]
  }

  private selectedRepositoryRoutes(): Route[] {
    const base = '/orgs/:org/actions/secrets/:name/repositories'
    return [
      route('GET', base, 'list-selected-repositories-for-an-organization-secret', (c) => this.listSelected(c)),
      route('PUT', base, 'set-selected-repositories-for-an-organization-secret', (c) => this.setSelected(c)),
      route('PUT', `${base}/:repository_id`, 'add-selected-repository-to-an-organization-secret', (c) =>
        this.changeSelected(c, 'add'),
      ),
      route('DELETE', `${base}/:repository_id`, 'remove-selected-repository-from-an-organization-secret', (c) =>
        this.changeSelected(c, 'remove'),
      ),
    ]
  }

  // ----- scope resolution and permissions ------------------------------------------------------

  private resolveScope(s: ScopeRoutes, c: Ctx, access: Access): SecretScope {
    if (s.kind === 'org') {
      const org = this.requireOrg(c)
      requirePermission(c, s.permission, access)
      return org.scope
    }
    const repo = this.requireRepo(c)
    requirePermission(c, s.permission, access)
    if (s.kind === 'repo') return repo.scope
    const environment = repo.environments.get(c.params.environment.toLowerCase())
    if (!environment) throw notFound(c.doc)
    return environment
  }

  private requireRepo(c: Ctx): Repo {
    const repo = this.repos.get(`${c.params.owner}/${c.params.repo}`.toLowerCase())
    if (!repo) throw notFound(c.doc)
    return repo
  }

  private requireOrg(c: Ctx): Org {
    const org = this.orgs.get(c.params.org.toLowerCase())
    if (!org) throw notFound(c.doc)
    return org
  }

  // ----- handlers ------------------------------------------------------------------------------

  private getRepository(c: Ctx): Reply {
    const repo = this.requireRepo(c)
    requirePermission(c, 'metadata', 'read')
    return { status: 200, body: repositoryJson(repo) }
  }

  private listSecrets(scope: SecretScope, c: Ctx): Reply {
    const all = [...scope.secrets.entries()].sort(([a], [b]) => a.localeCompare(b))
    const secrets = paginate(all, c.query).map(([name, secret]) => this.secretJson(scope, name, secret))
    return { status: 200, body: { total_count: all.length, secrets } }
  }

  private getSecret(scope: SecretScope, c: Ctx): Reply {
    const name = c.params.name.toUpperCase()
    const secret = scope.secrets.get(name)
    if (!secret) throw notFound(c.doc)
    return { status: 200, body: this.secretJson(scope, name, secret) }
  }

  private putSecretRequest(scope: SecretScope, c: Ctx): Reply {
    const isOrg = scope.kind === 'org'
    const body = parseObjectBody(c)
    validatePutBody(body, isOrg, c.doc)
    const name = validSecretName(c.params.name, c.doc)
    const org = isOrg ? orgSettings(body, c.doc) : undefined
    const value = openSealedValue(scope, body, c.doc)
    const created = storeSecret(scope, name, value, org, true)
    return created ? { status: 201, body: {} } : { status: 204 }
  }

  private listSelected(c: Ctx): Reply {
    const { secret } = this.orgSecret(c, 'read')
    const repos = (secret.selectedRepositoryIds ?? []).flatMap((id) => this.repoById(id) ?? [])
    const page = paginate(repos, c.query).map(repositoryJson)
    return { status: 200, body: { total_count: repos.length, repositories: page } }
  }

  private setSelected(c: Ctx): Reply {
    const { secret } = this.orgSecret(c, 'write')
    const body = parseObjectBody(c)
    requireFields(body, ['selected_repository_ids'], c.doc)
    requireIdArray(body, 'selected_repository_ids', c.doc)
    requireSelectedVisibility(secret, c.doc)
    secret.selectedRepositoryIds = [...(body.selected_repository_ids as number[])]
    return { status: 204 }
  }

  private changeSelected(c: Ctx, change: 'add' | 'remove'): Reply {
    const { secret } = this.orgSecret(c, 'write')
    const id = /^\d+$/.test(c.params.repository_id) ? Number(c.params.repository_id) : undefined
    if (id === undefined || !this.repoById(id)) throw notFound(c.doc)
    requireSelectedVisibility(secret, c.doc)
    const ids = new Set(secret.selectedRepositoryIds ?? [])
    if (change === 'add') ids.add(id)
    else ids.delete(id)
    secret.selectedRepositoryIds = [...ids]
    return { status: 204 }
  }

  private orgSecret(c: Ctx, access: Access): { scope: SecretScope; secret: StoredSecret } {
    const scope = this.resolveScope(SCOPE_ROUTES[2], c, access)
    const secret = scope.secrets.get(c.params.name.toUpperCase())
    if (!secret) throw notFound(c.doc)
    return { scope, secret }
  }

  private secretJson(scope: SecretScope, name: string, secret: StoredSecret): JsonObject {
    const json: JsonObject = { name, created_at: secret.createdAt, updated_at: secret.updatedAt }
    if (scope.kind !== 'org') return json
    json.visibility = secret.visibility
    if (secret.visibility === 'selected') {
      json.selected_repositories_url = `${this.baseUrl}${scope.path}/${name}/repositories`
    }
    return json
  }
}

// ---------------------------------------------------------------------------------------------
// Handlers and checks that need no server state
// ---------------------------------------------------------------------------------------------

/**
 * "Requests with no User-Agent header will be rejected": a 403 before anything else.
 * https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent
 */
export function checkUserAgent(userAgent: string | undefined): void {
  if (userAgent?.trim()) return
  throw fail(403, USER_AGENT_REQUIRED, DOCS)
}

export const USER_AGENT_REQUIRED =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).'

function checkApiVersion(apiVersion: string | string[] | undefined): void {
  if (apiVersion === undefined || (typeof apiVersion === 'string' && API_VERSIONS.includes(apiVersion))) return
  const supported = '"2026-03-10" (most recent), "2022-11-28"'
  const message =
    `The version you specified in the "X-GitHub-API-Version" request header, "${String(apiVersion)}", ` +
    `is not a supported version. The following versions are currently supported: ${supported}.`
  throw fail(400, message, DOCS)
}

function checkRateLimit(window: RateWindow): void {
  if (window.used <= RATE_LIMIT) return
  throw fail(403, 'API rate limit exceeded for installation. Wait until x-ratelimit-reset.', RATE_LIMIT_DOCS)
}

function requirePermission(c: Ctx, permission: Permission, access: Access): void {
  if (grants(c.token.permissions[permission], access)) return
  throw fail(403, 'Resource not accessible by integration', c.doc, {
    'X-Accepted-GitHub-Permissions': `${permission}=${access}`,
  })
}

function requireSelectedVisibility(secret: StoredSecret, doc: string): void {
  if (secret.visibility === 'selected') return
  throw new ApiError({
    status: 409,
    body: { message: 'Conflict', errors: NOT_SELECTED_CONFLICT, documentation_url: doc, status: '409' },
  })
}

function publicKey(scope: SecretScope): Reply {
  const key = sodium.to_base64(scope.keys.publicKey, sodium.base64_variants.ORIGINAL)
  return { status: 200, body: { key_id: scope.keys.keyId, key } }
}

function deleteSecret(scope: SecretScope, c: Ctx): Reply {
  if (!scope.secrets.delete(c.params.name.toUpperCase())) throw notFound(c.doc)
  return { status: 204 }
}

function repositoryJson(repo: Repo): JsonObject {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repo.fullName,
    owner: { login: repo.owner },
    private: false,
  }
}
