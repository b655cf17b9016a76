import { ActionError, describeError } from '../errors.ts'
import type { TokenInfo } from '../graph/client.ts'
import { GraphError, fixForGraphError } from '../graph/errors.ts'
import type { OperationContext } from './context.ts'

/** Wraps a failed Graph call into an error that names the step and says what to do. */
export function graphFailure(step: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof GraphError) return new ActionError(step, error.message, fixForGraphError(error))
  return new ActionError(step, describeError(error))
}

/**
 * debug_token, called as the app. A top-level error here is about the caller (the app token),
 * so it means `app-id` or `app-secret` is wrong, not the token under inspection.
 */
export async function inspect(ctx: OperationContext, token: string, step: string): Promise<TokenInfo> {
  try {
    return await ctx.graph.debugToken(token)
  } catch (error) {
    if (error instanceof GraphError && error.kind === 'graph' && (error.code === 190 || error.code === 101 || error.code === 1)) {
      throw new ActionError(
        step,
        `${error.message}.`,
        'Meta rejected the app credentials: check that `app-id` and `app-secret` belong to the same app (App settings → Basic).'
      )
    }
    throw graphFailure(step, error)
  }
}

/** Fails unless debug_token says the token is valid. */
export function requireValid(info: TokenInfo, input: string, step: string): void {
  if (info.isValid) return
  const reason = info.error?.message ? `: ${info.error.message}` : ''
  const codes = info.error?.code ? ` (code ${info.error.code}${info.error.subcode ? `, subcode ${info.error.subcode}` : ''})` : ''
  const expired = info.error?.subcode === 463 || (info.expiresAt !== undefined && info.expiresAt > 0 && info.expiresAt * 1000 < Date.now())
  throw new ActionError(
    step,
    `The token in \`${input}\` is not valid${reason}${codes}.`,
    expired
      ? 'An expired token cannot be refreshed: create a new one with `operation: generate` (expiring: true) and store it.'
      : 'The token is revoked or invalid: create a new one with `operation: generate` (expiring: true) and store it.'
  )
}

/** Fails when the token's app is not `app-id`: Meta would refuse to refresh or revoke it. */
export function requireSameApp(ctx: OperationContext, info: TokenInfo, input: string, step: string): void {
  if (info.appId && info.appId !== ctx.config.appId) {
    throw new ActionError(
      step,
      `The token in \`${input}\` belongs to app ${info.appId}, not to \`app-id\` ${ctx.config.appId}.`,
      'Use the app id and secret of the app that issued the token (debug_token shows it), or generate a token with your own app.'
    )
  }
}

export function neverExpiresWarning(input: string): string {
  return `The token in \`${input}\` never expires, so there is nothing to refresh. A leaked never-expiring token stays usable forever: replace it with a 60-day token (\`operation: generate\` with \`expiring: true\`), then revoke this one.`
}
