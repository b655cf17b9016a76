/**
 * Who is calling: access tokens (app tokens `{id}|{secret}` and user/system-user/page tokens),
 * appsecret_proof, and the client_id/client_secret pair of the OAuth endpoints.
 */
import { createHmac } from 'node:crypto'
import { cannotParse, GraphFailure, invalidSecret, missingProof, wrongProof } from './errors.ts'
import type { GraphState } from './state.ts'
import type { Caller, FakeApp, FakeToken } from './types.ts'

const PROOF_WINDOW_SECONDS = 300

/** A user/system-user/page token that must exist and still work; otherwise Graph's 190 with its subcode. */
export function validToken(state: GraphState, value: string): FakeToken {
  const token = state.tokens.get(value)
  if (!token) throw cannotParse()
  const failure = tokenFailure(state, token)
  if (failure) throw failure
  return token
}

/**
 * Why a known token no longer works, as the 190 error Graph gives for it (graph-api.md §4.2);
 * undefined while it works. Which subcode wins when several apply is [U].
 */
export function tokenFailure(state: GraphState, token: FakeToken): GraphFailure | undefined {
  // Meta's subcode for a revoked token is [U]; 467 is "Invalid Access Token".
  if (token.revoked) {
    return new GraphFailure(190, 'Error validating access token: The session has been invalidated because the access token was revoked.', {
      subcode: 467,
    })
  }
  if (token.sessionInvalidated) {
    // [V roughike/flutter_facebook_login#151]
    return new GraphFailure(
      190,
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      { subcode: 460 }
    )
  }
  if (!state.hasApp(token)) {
    // [V simi/omniauth-facebook#360]
    return new GraphFailure(190, `Error validating access token: The user has not authorized application ${token.appId}.`, { subcode: 458 })
  }
  if (state.isExpired(token)) {
    return new GraphFailure(
      190,
      `Error validating access token: Session has expired on ${metaDate(token.expiresAt)}. The current time is ${metaDate(state.now())}.`,
      { subcode: 463 }
    )
  }
  return undefined
}

function appFor(state: GraphState, token: FakeToken): FakeApp {
  const app = state.apps.get(token.appId)
  if (!app) throw cannotParse()
  return app
}

/** Parses an app token `{id}|{secret}`; undefined when the value is not shaped like one. */
export function appFromAppToken(state: GraphState, value: string): FakeApp | undefined {
  const bar = value.indexOf('|')
  if (bar < 0) return undefined
  const app = state.apps.get(value.slice(0, bar))
  if (!app || app.secret !== value.slice(bar + 1)) throw new GraphFailure(190, 'Invalid OAuth access token signature.')
  return app
}

/** Steps 3 and 4 of the blueprint: token lookup, then appsecret_proof. */
export function authenticate(
  state: GraphState,
  params: Record<string, string>,
  rules: { allowAppToken: boolean; proofAlwaysRequired?: boolean }
): Caller {
  const value = params.access_token
  if (!value) throw new GraphFailure(104, 'An access token is required to request this resource.')
  const app = appFromAppToken(state, value)
  if (app) {
    if (!rules.allowAppToken) {
      throw new GraphFailure(200, '(#200) This call needs a user or system user access token, not an app access token')
    }
    checkProof(state, params, app, value, false)
    return { kind: 'app', app }
  }
  const token = validToken(state, value)
  const tokenApp = appFor(state, token)
  const required = rules.proofAlwaysRequired === true || tokenApp.requireAppSecretProof || state.options.requireAppSecretProof === true
  checkProof(state, params, tokenApp, value, required)
  return { kind: 'token', app: tokenApp, token }
}

/** A proof, when sent, must be right even if not required; the timed form carries appsecret_time. */
function checkProof(state: GraphState, params: Record<string, string>, app: FakeApp, accessToken: string, required: boolean): void {
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
  const fresh = /^\d+$/.test(time) && Math.abs(state.now() - Number(time)) <= PROOF_WINDOW_SECONDS
  if (!fresh || proof !== hmacHex(app.secret, `${accessToken}|${time}`)) throw wrongProof()
}

/** client_id (101) and client_secret (1) of the OAuth endpoints. */
export function clientApp(state: GraphState, params: Record<string, string>): FakeApp {
  if (!params.client_id) throw new GraphFailure(101, 'Missing client_id parameter.')
  const app = state.apps.get(params.client_id)
  if (!app) throw new GraphFailure(101, 'Error validating application. Invalid application ID.')
  if (params.client_secret !== app.secret) throw invalidSecret()
  return app
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
