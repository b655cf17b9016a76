/**
 * A fake GitHub REST API (Actions secrets) on 127.0.0.1 for end-to-end tests and the demo.
 *
 * It behaves like api.github.com for the endpoints the action uses (see
 * https://docs.github.com/en/rest/actions/secrets): real libsodium keypairs per secret scope, sealed values
 * are really decrypted, and errors carry GitHub's status codes, bodies and headers.
 * Only Node built-ins and libsodium-wrappers are used.
 *
 * This file is the server and its request pipeline; the parts live in ./github/: the model
 * (state.ts), the endpoints (routes.ts, handlers.ts, scopes.ts), request checks (validation.ts,
 * rate-limit.ts), faults (faults.ts) and HTTP plumbing (http.ts, routing.ts, errors.ts).
 */
import { createServer } from 'node:http'
import { delayAnswers } from './answer-delay.ts'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sodium from 'libsodium-wrappers'
import { checkGitHubRequest, describeRejection, gitHubErrorMessage, loadGitHubDescription } from '../contract/github-openapi.ts'
import type { GitHubRejection } from '../contract/github-openapi.ts'
import type { ContractViolation } from '../contract/violations.ts'
import { ApiError, DOCS, errorBody, fail } from './github/errors.ts'
import type { Reply } from './github/errors.ts'
import { FaultQueue } from './fault-queue.ts'
import { faultReply, matchesRequest } from './github/faults.ts'
import { commonHeaders, parseIncoming, readBody, recordedBody, send } from './github/http.ts'
import type { Incoming } from './github/http.ts'
import { checkRateLimit, RateLimiter } from './github/rate-limit.ts'
import type { RateWindow } from './github/rate-limit.ts'
import { buildRoutes } from './github/routes.ts'
import { SecondaryLimits } from './github/secondary-limits.ts'
import { WorkflowRuns } from './github/workflows.ts'
import type { WorkflowOptions } from './github/workflows.ts'
import { findRoute } from './github/routing.ts'
import type { Route } from './github/routing.ts'
import { GitHubState } from './github/state.ts'
import type { Token } from './github/state.ts'
import type {
  AddTokenOptions,
  FakeGitHubOptions,
  GitHubFault,
  OrgSecretSettings,
  RecordedGitHubRequest,
  StoredSecret,
} from './github/types.ts'
import { checkApiVersion, checkUserAgent } from './github/validation.ts'

export type {
  Access,
  AddTokenOptions,
  FakeGitHubOptions,
  GitHubFault,
  OrgSecretSettings,
  Permission,
  RecordedGitHubRequest,
  StoredSecret,
  Visibility,
} from './github/types.ts'
export { checkUserAgent, USER_AGENT_REQUIRED } from './github/validation.ts'

export class FakeGitHub {
  readonly requests: RecordedGitHubRequest[] = []
  /** Requests that break GitHub's OpenAPI description (see FakeGitHubOptions.checkContract). */
  readonly contractViolations: ContractViolation[] = []

  private readonly server: Server
  private readonly state = new GitHubState()
  private readonly routes: Route[]
  /** Workflows that deploy runs dispatch, and the runs they started. */
  readonly workflows: WorkflowRuns
  private readonly rateLimiter = new RateLimiter()
  private readonly faults = new FaultQueue<GitHubFault>()
  private baseUrl = ''
  private closed: Promise<void> | undefined
  private readonly checkContract: boolean
  /** GitHub's secondary limits on writes, when the options ask for them. */
  readonly secondaryLimits: SecondaryLimits | undefined

  private constructor(options: FakeGitHubOptions) {
    this.checkContract = options.checkContract ?? true
    this.secondaryLimits = options.secondaryLimits && new SecondaryLimits(options.secondaryLimits)
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => this.onInternalError(res, error))
    })
    if (options.answerDelay) delayAnswers(this.server, options.answerDelay)
    this.workflows = new WorkflowRuns(this.state, () => this.baseUrl)
    this.routes = buildRoutes(this.state, () => this.baseUrl, this.workflows)
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
   * (secrets, environments, organization_secrets and actions: write); metadata:read is always granted.
   * A 'github_token' never has the secret permissions, like the workflow's GITHUB_TOKEN.
   */
  addToken(opts: AddTokenOptions = {}): string {
    return this.state.addToken(opts)
  }

  addRepo(fullName: string, opts: { id?: number; environments?: string[] } = {}): { id: number } {
    return this.state.addRepo(fullName, opts)
  }

  addEnvironment(fullName: string, environment: string): void {
    this.state.addEnvironment(fullName, environment)
  }

  addOrg(org: string): void {
    this.state.addOrg(org)
  }

  // ----- inspection and seeding ----------------------------------------------------------------
  // Targets: 'owner/repo', 'owner/repo:env', 'org:NAME'.

  secret(target: string, name: string): StoredSecret | undefined {
    return this.state.secret(target, name)
  }

  putSecret(target: string, name: string, value: string, org?: OrgSecretSettings): void {
    this.state.putSecret(target, name, value, org)
  }

  /** A workflow of `repo` (owner/name) that deploy runs may dispatch; see WorkflowOptions. */
  addWorkflow(repo: string, file: string, options: WorkflowOptions = {}): void {
    this.workflows.add(repo, file, options)
  }

  rotatePublicKey(target: string): void {
    this.state.rotatePublicKey(target)
  }

  injectFault(fault: GitHubFault): void {
    this.faults.add(fault)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>(resolve => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    return this.closed
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

    const fault = this.faults.take(matchesRequest(incoming.method, incoming.rawPath))
    let window: RateWindow | undefined
    if (fault?.apply) {
      // GitHub did the work; only its answer goes wrong.
      window = this.consumeRateLimit(incoming.tokenValue)
      this.answer(incoming, window, rejection)
    }
    if (fault?.reset) {
      req.socket.resetAndDestroy()
      return
    }
    if (fault?.hang) return // never answered; close() destroys the socket

    window ??= this.consumeRateLimit(incoming.tokenValue)
    const reply = fault ? faultReply(fault) : this.answer(incoming, window, rejection)
    send(res, reply, commonHeaders(window, incoming.apiVersion))
  }

  private onInternalError(res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) return
    const message = error instanceof Error ? error.message : String(error)
    send(res, { status: 500, body: errorBody(500, `Fake GitHub internal error: ${message}`, DOCS) }, {})
  }

  /** Every known token has its own window; all other requests share one. */
  private consumeRateLimit(tokenValue: string | undefined): RateWindow {
    const key = tokenValue !== undefined && this.state.tokens.has(tokenValue) ? tokenValue : '(anonymous)'
    return this.rateLimiter.consume(key)
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
      this.secondaryLimits?.check(incoming.method, incoming.tokenValue ?? '')
      const { route, params } = findRoute(this.routes, incoming.method, incoming.rawPath)
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
    const token = tokenValue === undefined ? undefined : this.state.tokens.get(tokenValue)
    if (!token) throw fail(401, 'Bad credentials', DOCS)
    return token
  }
}
