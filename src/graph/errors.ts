import type { RetryDecision } from '../runtime/retry.ts'
import { APP_ID_SETTING, APP_SECRET_SETTING } from '../text/setting-names.ts'

/** What went wrong with one Graph call; `kind` separates Graph's own errors from transport. */
export class GraphError extends Error {
  readonly endpoint: string
  readonly kind: 'graph' | 'network' | 'timeout' | 'http'
  readonly status: number | undefined
  readonly code: number | undefined
  readonly subcode: number | undefined
  readonly type: string | undefined
  readonly fbtraceId: string | undefined
  readonly isTransient: boolean
  readonly graphMessage: string
  /** Minutes Meta says it takes to regain access (X-Business-Use-Case-Usage), if it said; 0 included. */
  readonly regainAccessMinutes: number | undefined
  /** The largest percentage of the app's hourly allowance used (X-App-Usage), if Meta said. */
  readonly appUsagePercent: number | undefined
  /** The Graph API version the call asked for, when Meta answered it. */
  readonly version: string | undefined

  constructor(fields: {
    endpoint: string
    kind: GraphError['kind']
    status?: number
    code?: number
    subcode?: number
    type?: string
    fbtraceId?: string
    isTransient?: boolean
    graphMessage: string
    regainAccessMinutes?: number
    appUsagePercent?: number
    version?: string
  }) {
    const details = [
      fields.code !== undefined ? `code ${fields.code}` : undefined,
      fields.subcode !== undefined ? `subcode ${fields.subcode}` : undefined,
      fields.status !== undefined && fields.kind !== 'graph' ? `HTTP ${fields.status}` : undefined,
      fields.fbtraceId ? `fbtrace_id ${fields.fbtraceId}` : undefined,
    ].filter(Boolean)
    super(`Meta ${fields.endpoint}: ${fields.graphMessage}${details.length ? ` (${details.join(', ')})` : ''}`)
    this.name = 'GraphError'
    this.endpoint = fields.endpoint
    this.kind = fields.kind
    this.status = fields.status
    this.code = fields.code
    this.subcode = fields.subcode
    this.type = fields.type
    this.fbtraceId = fields.fbtraceId
    this.isTransient = fields.isTransient ?? false
    this.graphMessage = fields.graphMessage
    this.regainAccessMinutes = fields.regainAccessMinutes
    this.appUsagePercent = fields.appUsagePercent
    this.version = fields.version
  }
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613])

export function isRateLimitCode(code: number | undefined): boolean {
  return code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014))
}

/**
 * Retryable or not, decided by the error body (graph-api.md §4.2): code 1 with HTTP 5xx or
 * is_transient (never "Error validating client secret."), code 2 always ("temporary"; the
 * attempt limit caps it), the rate-limit codes, and any transport failure or 5xx without a Graph
 * body. Everything else is permanent. The app and user limits (4, 17) are counted over a rolling
 * hour: they are retried only when the usage headers give something to go by (see hourLimitHit).
 */
export function isRetryableGraphError(error: GraphError): boolean {
  if (error.kind !== 'graph') return error.kind !== 'http' || (error.status ?? 0) >= 500
  if (error.code === 1 && /client secret/i.test(error.graphMessage)) return false
  if (error.code === 1) return (error.status ?? 0) >= 500 || error.isTransient
  if (error.code === 2) return true
  if (hourLimitHit(error)) return false
  return isRateLimitCode(error.code)
}

/**
 * An app (4) or user (17) request limit with no sign that it will lift soon: no
 * `estimated_time_to_regain_access`, and X-App-Usage missing or at 100 % or more. Retrying within
 * seconds only spends calls of a one-hour window, so the run stops and says to run later.
 */
export function hourLimitHit(error: GraphError): boolean {
  if (error.kind !== 'graph' || (error.code !== 4 && error.code !== 17)) return false
  if (error.regainAccessMinutes !== undefined) return false
  return error.appUsagePercent === undefined || error.appUsagePercent >= 100
}

/**
 * Whether Meta may have carried out a call whose answer was an error: the answer was lost
 * (network error, timeout) or a server error (HTTP 5xx, codes 1 and 2), after which the work may
 * have been done. A refusal (4xx, a rate limit) was not carried out.
 */
export function answerMayBeLost(error: GraphError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true
  if ((error.status ?? 0) >= 500) return true
  return error.kind === 'graph' && (error.code === 1 || error.code === 2) && !/client secret/i.test(error.graphMessage)
}

export function classifyGraphError(error: unknown): RetryDecision {
  if (!(error instanceof GraphError)) return { retry: false }
  if (!isRetryableGraphError(error)) return { retry: false }
  if (error.regainAccessMinutes && error.regainAccessMinutes > 0) {
    return { retry: true, waitMs: error.regainAccessMinutes * 60_000 }
  }
  return { retry: true }
}

/**
 * debug_token's answer when the token under inspection belongs to another app than the caller's:
 * `(#100) The App_id in the input_token did not match the Viewing App`, quoted from Meta in
 * jeduan/cordova-plugin-facebook4#690 (graph-api.md Call 6 has the code as unknown).
 */
export function isOtherAppAnswer(error: unknown): error is GraphError {
  return (
    error instanceof GraphError &&
    error.kind === 'graph' &&
    error.code === 100 &&
    /App_?id in the input_token did not match/i.test(error.graphMessage)
  )
}

/**
 * A version Meta no longer serves: `(#2635) You are calling a deprecated version of the Ads API.
 * Please update to the latest version: vX.Y.` (quoted in facebook/facebook-java-business-sdk#136).
 * Graph API calls to such a version are moved to the next usable one (graph-api.md §5); Marketing
 * API calls throw this instead.
 */
function isDeprecatedVersion(error: GraphError): boolean {
  return error.code === 2635 || /calling a deprecated version/i.test(error.graphMessage)
}

/** A dead token is replaced, never refreshed: the generate template stores a fresh one. */
const CREATE_ANOTHER =
  'create a new one: run meta-token.yml by hand with operation `generate` (it needs `META_ADMIN_TOKEN` and `system-user-id`; the action: `operation: generate` with `expiring: true`); it stores it where the secret is.'

/** What to do about a dead token, by the subcode Meta gives (graph-api.md §4.2). */
export function fixForDeadToken(subcode: number | undefined, options: { expired?: boolean; type?: string } = {}): string {
  if (options.expired || subcode === 463) return `An expired token cannot be refreshed: ${CREATE_ANOTHER}`
  if (subcode === 458 && options.type === 'USER')
    return 'The user has removed the app (or never authorised it): they must log in to the app again. For unattended use, prefer a system user token: run `operation: install-app`, then `operation: generate`.'
  if (subcode === 458)
    return "The token's app is not installed for its system user, and Meta refuses the user's tokens of it until it is: run `operation: install-app`, then `operation: generate` to create a new token, and store it."
  if (subcode === 460)
    return `The token was invalidated because the user changed their password (or Meta ended the session for security reasons): ${CREATE_ANOTHER}`
  return `The token is revoked or invalid: ${CREATE_ANOTHER}`
}

/** What the user should do about a permanent Graph error. */
export function fixForGraphError(error: GraphError): string {
  if (error.code === 190 || error.code === 102) return fixForDeadToken(error.subcode)
  if (isDeprecatedVersion(error)) {
    const latest = /latest version:?\s*(v\d+\.\d+)/i.exec(error.graphMessage)?.[1]
    return `Meta no longer serves the Graph API version this run asked for: raise \`graph-api-version\`${error.version ? ` (${error.version})` : ''}${latest ? ` to ${latest}, the latest Meta names` : " to the current version (see Meta's changelog)"}.`
  }
  if (error.code === 1 && /client secret/i.test(error.graphMessage))
    return `The app secret is wrong: check ${APP_SECRET_SETTING} (App settings → Basic) and that it belongs to ${APP_ID_SETTING}.`
  if (error.code === 101) return `The app id is wrong: check ${APP_ID_SETTING}.`
  if (error.code === 100 && /appsecret_proof/i.test(error.graphMessage))
    return `Meta could not match appsecret_proof to the token: \`app-secret\` is not the secret of the token's app. Either ${APP_ID_SETTING} or ${APP_SECRET_SETTING} is wrong, or the token was issued for another app than \`meta-app-id\`.`
  if (error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299))
    return "The caller lacks a permission at Meta: check the admin token's role and the system user's assets in Business settings; for `generate`, the app must first be installed for the system user (`operation: install-app`)."
  if (error.code === 3962) return 'A permission in `scope` is not valid for this app or system user.'
  if (hourLimitHit(error)) {
    const usage =
      error.appUsagePercent === undefined
        ? 'Meta gave no time to wait'
        : `X-App-Usage says ${error.appUsagePercent} % of the hour's allowance is used`
    return `Meta's ${error.code === 4 ? 'app' : 'user'} request limit is counted over a rolling hour and ${usage}, so the call was not retried: run again later, after an hour (a scheduled run tries again on its own). Other jobs calling Meta with this ${error.code === 4 ? 'app' : 'token'} share that allowance.`
  }
  if (error.kind === 'timeout') return 'Meta did not answer in time; run again later or raise `request-timeout-seconds`.'
  if (isRetryableGraphError(error)) return 'Meta is unavailable or rate limiting; run again later.'
  if (error.code === 100)
    return `Meta rejected a parameter of the call: check that \`access-token\` belongs to ${APP_ID_SETTING}, and check \`system-user-id\` and \`scope\` where they apply.`
  return "Meta refused the call; the message above is Meta's own. Check the inputs it names, and quote the fbtrace_id if you ask Meta for help."
}
