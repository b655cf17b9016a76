/** GET /debug_token: what Graph knows about a token. */
import { appFromAppToken, authenticate, tokenFailure } from './auth.ts'
import { cannotParse, GraphFailure } from './errors.ts'
import type { GraphState } from './state.ts'
import type { FakeApp } from './types.ts'

/** GET /debug_token (Call 6): 200 with is_valid false for dead tokens; bad callers get a top-level error. */
export function debugToken(state: GraphState, params: Record<string, string>): unknown {
  const caller = authenticate(state, params, { allowAppToken: true })
  const input = params.input_token
  if (!input) throw new GraphFailure(100, '(#100) The parameter input_token is required')
  const data = describe(state, input)
  // Only the app of input_token may inspect it (S3); see FakeGraphOptions.crossAppDebugToken.
  if (data.app_id !== undefined && data.app_id !== caller.app.id && state.options.crossAppDebugToken !== 'describe') {
    throw new GraphFailure(100, '(#100) The App_id in the input_token did not match the Viewing App')
  }
  return { data: pickFields(data, params.fields) }
}

function describe(state: GraphState, value: string): Record<string, unknown> {
  const token = state.tokens.get(value)
  if (!token) return describeAppToken(state, value)
  const app = state.apps.get(token.appId)
  const data: Record<string, unknown> = {
    app_id: token.appId,
    type: token.type,
    application: app?.name ?? '',
    data_access_expires_at: token.dataAccessExpiresAt,
    expires_at: token.expiresAt,
    is_valid: true,
    issued_at: token.issuedAt,
    scopes: [...token.scopes],
    // "If permission applies to all, targets will not be shown" (S3).
    granular_scopes: state
      .granularScopes(token)
      .map(({ scope, targetIds }) =>
        targetIds === undefined ? { scope } : { scope, target_ids: state.options.targetIdsAsNumbers ? targetIds.map(Number) : targetIds }
      ),
    user_id: token.userId,
  }
  // A dead token is described with Graph's error for it (its subcode says why) [I: graph-api.md Call 6].
  const failure = tokenFailure(state, token)
  if (failure) {
    data.is_valid = false
    data.error = { code: failure.code, message: failure.message, subcode: failure.subcode }
  }
  return state.options.reshapeDebugToken ? state.options.reshapeDebugToken(data, value) : data
}

function describeAppToken(state: GraphState, value: string): Record<string, unknown> {
  let app: FakeApp | undefined
  try {
    app = appFromAppToken(state, value)
  } catch {
    app = undefined
  }
  if (!app) {
    return { is_valid: false, scopes: [], error: { code: 190, message: cannotParse().message } }
  }
  return { app_id: app.id, type: 'APP', application: app.name, is_valid: true, scopes: [] }
}

/** `fields=app_id,expires_at` keeps only those keys. */
function pickFields(data: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return data
  const wanted = new Set(fields.split(',').map(f => f.trim()))
  return Object.fromEntries(Object.entries(data).filter(([key]) => wanted.has(key)))
}
