/**
 * A fake Meta Graph API on 127.0.0.1 for end-to-end tests and the demo.
 * It follows Meta's documentation of the calls the action makes:
 * token refresh, revoke, system user token generation, app installation and debug_token,
 * with Graph's error envelope, appsecret_proof checks and injectable faults.
 *
 * This file is the server and its request pipeline; the parts live in ./graph/: the model
 * (state.ts), callers and appsecret_proof (auth.ts), the endpoints (routes.ts, oauth.ts,
 * system-users.ts, debug-token.ts), errors (errors.ts), faults (faults.ts) and HTTP plumbing (http.ts).
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { delayAnswers } from './answer-delay.ts'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { checkGraphRequest } from '../contract/graph-rules.ts'
import type { GraphKnowledge } from '../contract/graph-rules.ts'
import type { ContractViolation } from '../contract/violations.ts'
import { FaultQueue } from './fault-queue.ts'
import { tokenFailure } from './graph/auth.ts'
import { faultReply, matchesCall, onlyHeaders } from './graph/faults.ts'
import { mergeParams, readBody, send, splitVersion } from './graph/http.ts'
import { handle } from './graph/routes.ts'
import { GraphState } from './graph/state.ts'
import type { FakeGraphOptions, FakeToken, GraphCall, GraphFault, MintRequest, RecordedGraphRequest } from './graph/types.ts'

export type { FakeGraphOptions, FakeToken, GraphFault, RecordedGraphRequest, TokenType } from './graph/types.ts'

export class FakeGraph {
  readonly url: string
  readonly requests: RecordedGraphRequest[] = []
  /** Requests that break the rules of graph-api.md (see FakeGraphOptions.checkContract). */
  readonly contractViolations: ContractViolation[] = []

  private readonly server: Server
  private readonly options: FakeGraphOptions
  private readonly state: GraphState
  private readonly faults = new FaultQueue<GraphFault>()
  private readonly knowledge: GraphKnowledge = {
    token: value => this.state.tokens.get(value),
    appSecret: appId => this.state.apps.get(appId)?.secret,
    now: () => this.state.now(),
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
    this.state = new GraphState(options)
    if (options.answerDelay) delayAnswers(server, options.answerDelay)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch(() => res.destroy())
    })
  }

  // --- state set-up -----------------------------------------------------------------------------

  /** `capabilityPermissions`: capability-gated permissions Meta granted the app (graph-api.md Call 4). */
  addApp(app: { id?: string; secret?: string; name?: string; requireAppSecretProof?: boolean; capabilityPermissions?: string[] } = {}): {
    id: string
    secret: string
    name: string
  } {
    const created = this.state.addApp(app)
    return { id: created.id, secret: created.secret, name: created.name }
  }

  addSystemUser(su: { id?: string; appIdsInstalled?: string[] } = {}): { id: string } {
    return { id: this.state.addSystemUser(su).id }
  }

  /**
   * Assigns the system user these assets for `permission` (Business settings → System users →
   * Assign assets), replacing its earlier ones for it; its tokens' granular_scopes list them as
   * target_ids from the next debug_token on. Ad accounts may be given as `act_…`.
   */
  assignAssets(systemUserId: string, permission: string, ids: string[]): void {
    this.state.assignAssets(systemUserId, permission, ids)
  }

  /** Takes the asset away from the system user (every permission): its tokens no longer reach it. */
  unassignAsset(systemUserId: string, id: string): void {
    this.state.unassignAsset(systemUserId, id)
  }

  /** An asset that exists in Meta, assigned to no one yet (so a token reaches it only through a permission without targets). */
  addAsset(id: string): void {
    this.state.assets.add(id.replace(/^act_/, ''))
  }

  mintToken(t: MintRequest): string {
    return this.state.createToken(t).value
  }

  token(value: string): FakeToken | undefined {
    return this.state.tokens.get(value)
  }

  /** Uninstalls the app for a system user (or a user deauthorises it): their tokens of it fail with 190/458. */
  removeApp(userId: string, appId: string): void {
    this.state.removeApp(userId, appId)
  }

  /** The user changed their password: every token they hold fails with 190/460. */
  changePassword(userId: string): void {
    this.state.changePassword(userId)
  }

  isValid(value: string): boolean {
    const token = this.state.tokens.get(value)
    return token !== undefined && tokenFailure(this.state, token) === undefined
  }

  validTokens(appId?: string): FakeToken[] {
    return [...this.state.tokens.values()].filter(t => this.isValid(t.value) && (appId === undefined || t.appId === appId))
  }

  injectFault(fault: GraphFault): void {
    this.faults.add(fault)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      this.server.close(() => resolve())
      // Also ends hanging requests and idle keep-alive sockets, so no test waits on them.
      this.server.closeAllConnections()
    })
  }

  // --- request pipeline ---------------------------------------------------------------------------

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
    const fault = this.faults.take(matchesCall(method, path, params))
    if (!fault) return send(res, handle(this.state, call, traceId), version, traceId)
    if (onlyHeaders(fault)) return send(res, { ...handle(this.state, call, traceId), headers: fault.headers }, version, traceId)
    // A lost response: the state changes happen, the caller never learns of them.
    if (fault.afterHandling) handle(this.state, call, traceId)
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
}
