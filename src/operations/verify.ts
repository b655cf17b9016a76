import type { TokenInfo } from '../graph/client.ts'
import type { OperationContext } from './context.ts'
import { inspect } from './token-checks.ts'

/**
 * The verify step: the one place that decides whether a new token may be stored (Promise 3).
 * Every operation that mints a token asks here, after Meta's answer and before any write; what
 * it does with a refused token (revoke it, keep the old one, fail) is its own business.
 */
export interface Verification {
  /** debug_token's answer for the new token. */
  info: TokenInfo
  /** Why the token must not be stored, as the end of "…, so it was not stored"; undefined when it may be. */
  refusal: string | undefined
}

/** debug_token on the new token, called as the app. Throws only when Meta cannot be asked. */
export async function verifyNewToken(ctx: OperationContext, token: string, step: string): Promise<Verification> {
  const info = await inspect(ctx, token, step)
  return { info, refusal: info.isValid ? undefined : 'debug_token does not confirm it as valid' }
}
