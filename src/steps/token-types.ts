import { ActionError } from '../runtime/errors.ts'
import type { TokenInfo } from '../graph/token-info.ts'

/**
 * How Meta renews a token: a system user token is refreshed for 60 days
 * (`set_token_expires_in_60_days`), a user token exchanged for a long-lived one.
 */
export type Renewal = 'system user refresh' | 'user exchange'

/** What to do instead of renewing a token of another type. */
const INSTEAD: Record<string, string> = {
  PAGE: 'Meta renews only system user and user tokens. Give a system user the Page (Business settings → System users → Assign assets), create its token with `operation: generate` (`expiring: true`) and rotate that; or renew the user token the Page token was taken from, then fetch the Page token again.',
  APP: 'An app token is the app id and the app secret: it lasts until the app secret is reset (App settings → Basic), so there is nothing to refresh. For a token to rotate, create a system user token with `operation: generate` (`expiring: true`).',
}

/**
 * `refresh` and `rotate` renew SYSTEM_USER and USER tokens only (ACTION.md "Token types"); any
 * other type fails before Meta is asked for anything, saying what to do instead.
 */
export function renewalOf(info: TokenInfo, step: string): Renewal {
  if (info.type === 'SYSTEM_USER') return 'system user refresh'
  if (info.type === 'USER') return 'user exchange'
  const what = info.type ? `a ${info.type} token` : 'a token whose type Meta did not name'
  throw new ActionError(
    step,
    `The token in \`access-token\` is ${what}: \`refresh\` and \`rotate\` renew only SYSTEM_USER tokens (60-day refresh) and USER tokens (long-lived exchange).`,
    (info.type && INSTEAD[info.type]) ??
      'Use a system user token: create one with `operation: generate` (`expiring: true`) and rotate that.'
  )
}

/** Meta documents `oauth/revoke` for system user tokens only, so no other token is ever revoked by a rotation. */
export function isRevocable(renewal: Renewal): boolean {
  return renewal === 'system user refresh'
}
