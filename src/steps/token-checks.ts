import { ActionError, describeError } from '../runtime/errors.ts'
import type { TokenInfo } from '../graph/token-info.ts'
import { fixForDeadToken, fixForGraphError, GraphError, isOtherAppAnswer } from '../graph/errors.ts'
import type { StepContext } from './context.ts'
import { APP_ID_SETTING, APP_SECRET_SETTING } from '../text/setting-names.ts'

/** Any failure as the step's ActionError (an ActionError stays as it is): a failed Graph call names the step and says what to do. */
export function graphFailure(step: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof GraphError) return new ActionError(step, error.message, fixForGraphError(error))
  return new ActionError(step, describeError(error))
}

/** debug_token, called as the app (see inspectionFailure for its errors). */
export async function inspect(ctx: StepContext<'appId'>, token: string, step: string): Promise<TokenInfo> {
  try {
    return await ctx.graph.debugToken(token)
  } catch (error) {
    throw inspectionFailure(ctx, step, error)
  }
}

/**
 * A top-level debug_token error is about the caller, the app token: either `app-id`/`app-secret`
 * are wrong, or the token under inspection belongs to another app (only its own app may inspect
 * it). Meta's answer may not tell the two apart, so the advice names both.
 */
export function inspectionFailure(ctx: StepContext<'appId'>, step: string, error: unknown): ActionError {
  const appId = ctx.config.appId
  if (isOtherAppAnswer(error)) {
    return new ActionError(
      step,
      `${error.message}: the token was issued for another app than \`app-id\` (${appId}).`,
      `Either the token is not the one you meant (use a token issued for app ${appId}), or ${APP_ID_SETTING} and ${APP_SECRET_SETTING} are not those of the token's app (use that app's id and secret, App settings → Basic).`
    )
  }
  if (error instanceof GraphError && error.kind === 'graph' && (error.code === 190 || error.code === 101 || error.code === 1)) {
    return new ActionError(
      step,
      `${error.message}.`,
      `Meta rejected the app credentials: check that ${APP_ID_SETTING}, now ${appId}, and ${APP_SECRET_SETTING} belong to the same app (App settings → Basic). If they do, the token may have been issued for another app: only the token's own app can inspect it.`
    )
  }
  return graphFailure(step, error)
}

/**
 * Fails unless debug_token says the token is valid. `revokedAdvice` goes before the fix when the
 * token was revoked or is invalid for a reason Meta does not name (not expired, app not
 * removed, password not changed).
 */
export function requireValid(info: TokenInfo, input: string, step: string, revokedAdvice?: string): void {
  if (info.isValid) return
  const reason = info.error?.message ? `: ${info.error.message}` : ''
  const codes = info.error?.code ? ` (code ${info.error.code}${info.error.subcode ? `, subcode ${info.error.subcode}` : ''})` : ''
  const expired = info.expiresAt !== undefined && info.expiresAt > 0 && info.expiresAt * 1000 < Date.now()
  const subcode = info.error?.subcode
  const fix = fixForDeadToken(subcode, { expired, type: info.type })
  const revoked = !expired && subcode !== 463 && subcode !== 458 && subcode !== 460
  throw new ActionError(
    step,
    `The token in \`${input}\` is not valid${reason}${codes}.`,
    revoked && revokedAdvice ? `${revokedAdvice} ${fix}` : fix,
    `the token in \`${input}\` is not valid`
  )
}

/** Fails when the token's app is not `app-id`: Meta would refuse to refresh or revoke it. */
export function requireSameApp(ctx: StepContext<'appId'>, info: TokenInfo, input: string, step: string): void {
  const appId = ctx.config.appId
  if (info.appId && info.appId !== appId) {
    throw new ActionError(
      step,
      `The token in \`${input}\` was issued for another app (${info.appId}), not for \`app-id\` (${appId}).`,
      `Either the token is not the one you meant (use a token issued for app ${appId}), or ${APP_ID_SETTING} and ${APP_SECRET_SETTING} are not those of the token's app (use app ${info.appId}'s id and secret; tokens made in Events Manager may belong to an app of Meta's).`
    )
  }
}

export function neverExpiresWarning(input: string): string {
  return `The token in \`${input}\` never expires, so there is nothing to refresh. A leaked never-expiring token stays usable forever: replace it with a 60-day token (\`operation: generate\` with \`expiring: true\`), then revoke this one.`
}
