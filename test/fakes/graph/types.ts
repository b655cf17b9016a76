/** The types FakeGraph's users see (graph-server.ts re-exports them), then the fake's own. */
import type { AnswerDelay } from '../answer-delay.ts'

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
  /** Unix seconds when the app's access to the user's data ends; 0 for system users. */
  dataAccessExpiresAt: number
  revoked: boolean
  /** The user changed their password (or Meta ended the session): dead with subcode 460. */
  sessionInvalidated: boolean
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
  /** Only calls with these parameters (e.g. one `revoke_token`); default: any. */
  params?: Record<string, string>
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
  /**
   * What debug_token answers when the caller's app is not the input token's app. `refuse`
   * (default): a top-level `(#100) The App_id in the input_token did not match the Viewing App`,
   * the answer quoted from Meta for a user token [V jeduan/cordova-plugin-facebook4#690]; that
   * Meta answers the same for a system user token of another app in the same business, and with
   * HTTP 400, is [I]. `describe`: the token's data, its own app_id included [U: no source shows
   * Meta doing this, but clients must cope if it does].
   */
  crossAppDebugToken?: 'refuse' | 'describe'
  /**
   * The business demands expiring tokens: "Some businesses must use expiring tokens … omitting
   * this parameter or setting it to false results in an error" [V S1]. The error's code and
   * message are [U]; the fake answers code 100.
   */
  businessRequiresExpiringTokens?: boolean
  /**
   * granular_scopes target_ids as JSON numbers, as the reference types them (`?int[]`), instead
   * of the numeric strings observed (graph-api.md Call 6).
   */
  targetIdsAsNumbers?: boolean
  /**
   * What `GET /{system-user-id}` answers a valid token of the app: `readable` (default) its id, as
   * for any node the token may load; `refused` a permission error (#10). Whether Meta lets an
   * admin system user read a system user node is [U] (graph-api.md has no source for it).
   */
  systemUserNodes?: 'readable' | 'refused'
  /**
   * A hostile or broken Meta: rewrites the `data` of every debug_token answer for a known
   * token (`input`: its value), e.g. a `granular_scopes` of another shape.
   */
  reshapeDebugToken?: (data: Record<string, unknown>, input: string) => Record<string, unknown>
  /** Unix seconds. */
  now?: () => number
  /**
   * Check every request against the rules of graph-api.md (test/contract/graph-rules.ts);
   * default true. Broken rules are recorded in `contractViolations`; the answer stays Graph's.
   */
  checkContract?: boolean
  /** Hold every answer back this long after its request arrived (the benchmark's round trip; see answer-delay.ts). */
  answerDelay?: AnswerDelay
}

// ---------------------------------------------------------------------------------------------
// Internal

export interface FakeApp {
  id: string
  secret: string
  name: string
  requireAppSecretProof: boolean
  /** Capability-gated permissions Meta granted this app (graph-api.md Call 4). */
  capabilityPermissions: Set<string>
}

export interface FakeSystemUser {
  id: string
  installedApps: Set<string>
  /**
   * The assets assigned to the system user in Business settings, by permission (ids without
   * `act_`). A permission with no entry reaches every asset: debug_token shows it without
   * target_ids. Tokens read this live, so a change shows in the next debug_token of every token.
   */
  assets: Map<string, Set<string>>
}

export interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface MintRequest {
  appId: string
  type?: TokenType
  userId?: string
  scopes?: string[]
  /** Default: a fresh token's lifetime (FRESH_TOKEN_SECONDS, a little under 60 days); 0 = never expires. */
  expiresInSeconds?: number
  issuedAt?: number
  /** Unix seconds; default: 90 days after issuedAt for a USER token, 0 (none) for the others. */
  dataAccessExpiresAt?: number
}

export interface GraphCall {
  method: string
  path: string
  params: Record<string, string>
}

/** Who made a call: an app token `{id}|{secret}` or a user/system-user/page token. */
export type Caller = { kind: 'app'; app: FakeApp } | { kind: 'token'; app: FakeApp; token: FakeToken }
