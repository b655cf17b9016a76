/** The OAuth endpoints: /oauth/access_token (exchange and client_credentials) and /oauth/revoke. */
import { authenticate, clientApp, validToken } from './auth.ts'
import { GraphFailure } from './errors.ts'
import { FRESH_TOKEN_SECONDS } from './state.ts'
import type { GraphState } from './state.ts'
import type { FakeToken } from './types.ts'

/** GET|POST /oauth/access_token (Calls 1, 2a and the client_credentials grant). No proof needed. */
export function exchangeToken(state: GraphState, params: Record<string, string>): unknown {
  const app = clientApp(state, params)
  if (params.grant_type === 'client_credentials') return { access_token: `${app.id}|${app.secret}`, token_type: 'bearer' }
  if (params.grant_type !== 'fb_exchange_token') {
    throw new GraphFailure(100, 'The fake Graph API models only grant_type=fb_exchange_token and grant_type=client_credentials')
  }
  if (!params.fb_exchange_token) throw new GraphFailure(100, 'Missing fb_exchange_token parameter.')
  const old = validToken(state, params.fb_exchange_token)
  if (old.appId !== app.id) {
    throw new GraphFailure(100, `fb_exchange_token was issued for app ${old.appId}, not for client_id ${app.id} (app mismatch)`)
  }
  const fresh = exchangedToken(state, old, params)
  const answer: Record<string, unknown> = { access_token: fresh.value, token_type: 'bearer' }
  if (!state.options.omitExpiresIn) answer.expires_in = fresh.expiresAt - state.now()
  return answer
}

function exchangedToken(state: GraphState, old: FakeToken, params: Record<string, string>): FakeToken {
  // Data access is the user's grant to the app: an exchange carries it over, only a login renews it [I].
  const copy = {
    appId: old.appId,
    type: old.type,
    userId: old.userId,
    scopes: old.scopes,
    expiresInSeconds: FRESH_TOKEN_SECONDS,
    dataAccessExpiresAt: old.dataAccessExpiresAt,
  }
  if (old.type === 'USER') return state.createToken(copy)
  if (old.type !== 'SYSTEM_USER') throw new GraphFailure(100, `A ${old.type} access token cannot be exchanged`)
  if (params.set_token_expires_in_60_days !== 'true') {
    throw new GraphFailure(100, 'Refreshing a system user access token needs set_token_expires_in_60_days=true')
  }
  if (old.expiresAt === 0) throw new GraphFailure(100, 'The fb_exchange_token is not an expiring token, so it cannot be refreshed')
  return state.createToken(copy)
}

/** GET /oauth/revoke (Call 3): client_id, app of revoke_token, app of access_token and secret must agree. */
export function revoke(state: GraphState, params: Record<string, string>): unknown {
  const app = clientApp(state, params)
  const caller = authenticate(state, params, { allowAppToken: false })
  if (!params.revoke_token) throw new GraphFailure(100, 'Missing revoke_token parameter.')
  const target = validToken(state, params.revoke_token)
  if (caller.app.id !== app.id || target.appId !== app.id) {
    throw new GraphFailure(
      100,
      `client_id ${app.id}, the app of access_token (${caller.app.id}) and the app of revoke_token (${target.appId}) must be the same (app mismatch)`
    )
  }
  target.revoked = true
  return { success: true }
}
