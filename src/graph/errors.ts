import type { RetryVerdict } from '../retry.ts'

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
  /** Minutes Meta says it takes to regain access (X-Business-Use-Case-Usage), if it said. */
  readonly regainAccessMinutes: number | undefined

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
  }
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613])

export function isRateLimitCode(code: number | undefined): boolean {
  return code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014))
}

/**
 * Retryable or not, decided by the error body (graph-api.md §4.2): codes 1 and 2 with HTTP 5xx
 * or is_transient (never "Error validating client secret."), the rate-limit codes, and any
 * transport failure or 5xx without a Graph body. Everything else is permanent.
 */
export function isRetryableGraphError(error: GraphError): boolean {
  if (error.kind !== 'graph') return error.kind !== 'http' || (error.status ?? 0) >= 500
  if (error.code === 1 && /client secret/i.test(error.graphMessage)) return false
  if (error.code === 1 || error.code === 2) return (error.status ?? 0) >= 500 || error.isTransient
  return isRateLimitCode(error.code)
}

export function classifyGraphError(error: unknown): RetryVerdict {
  if (!(error instanceof GraphError)) return { retry: false }
  if (!isRetryableGraphError(error)) return { retry: false }
  if (error.regainAccessMinutes && error.regainAccessMinutes > 0) {
    return { retry: true, waitMs: error.regainAccessMinutes * 60_000 }
  }
  return { retry: true }
}

/** The largest `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage. */
export function regainAccessMinutes(header: string | undefined): number | undefined {
  if (!header) return undefined
  try {
    const usage = JSON.parse(header) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>
    let minutes: number | undefined
    for (const entries of Object.values(usage)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        const value = Number(entry?.estimated_time_to_regain_access)
        if (Number.isFinite(value) && value > 0) minutes = Math.max(minutes ?? 0, value)
      }
    }
    return minutes
  } catch {
    return undefined
  }
}

/** What the user should do about a permanent Graph error. */
export function fixForGraphError(error: GraphError): string {
  if (error.code === 190 || error.code === 102) {
    if (error.subcode === 463)
      return 'The token has expired and cannot be refreshed any more: create a new one with `operation: generate` (expiring: true) and store it.'
    if (error.subcode === 460)
      return 'The token was invalidated (password change or a security event): create a new one with `operation: generate`.'
    if (error.subcode === 458) return 'The app is not installed for this user: run `operation: install-app`, then `generate`.'
    return 'The token is invalid or revoked: create a new one with `operation: generate` (expiring: true) and store it.'
  }
  if (error.code === 1 && /client secret/i.test(error.graphMessage))
    return 'The app secret is wrong: check `app-secret` (App settings → Basic) and that it belongs to `app-id`.'
  if (error.code === 101) return 'The app id is wrong: check `app-id`.'
  if (error.code === 100 && /appsecret_proof/i.test(error.graphMessage))
    return "The app secret does not match the token's app: check `app-secret` and `app-id`."
  if (error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299))
    return "The caller lacks a permission at Meta: check the admin token's role and the system user's assets in Business settings; for `generate`, the app must first be installed for the system user (`operation: install-app`)."
  if (error.code === 3962) return 'A permission in `scope` is not valid for this app or system user.'
  if (error.kind === 'timeout') return 'Meta did not answer in time; run again later or raise `request-timeout-seconds`.'
  if (isRetryableGraphError(error)) return 'Meta is unavailable or rate limiting; run again later.'
  if (error.code === 100)
    return 'Meta rejected a parameter of the call: check that `access-token` belongs to `app-id`, and check `system-user-id` and `scope` where they apply.'
  return "Meta refused the call; the message above is Meta's own. Check the inputs it names, and quote the fbtrace_id if you ask Meta for help."
}
