import { ActionError } from '../runtime/errors.ts'
import type { StepContext } from './context.ts'

/**
 * A new token that will not be stored is taken out of circulation: revoked calling as `caller`
 * when `revocable` (a system user token that no target holds). Never throws; says whether it
 * was revoked.
 */
export async function revokeUnstoredToken(ctx: StepContext<never>, token: string, caller: string, revocable: boolean): Promise<boolean> {
  if (!revocable) return false
  return ctx.graph.revoke(token, caller).then(
    () => true,
    () => false
  )
}

export interface Refusal {
  step: string
  /** What Meta did: "Meta issued a new token", "Meta generated a token". */
  minted: string
  /** Why the token is refused (verifyNewToken's `refusal`). */
  refusal: string
  revoked: boolean
  /** Whether the old token was left alone (refresh and rotate). */
  oldTokenWorks: boolean
  fix: string
}

/** The failure of a run whose new token Meta issued but the verification refused. */
export function refusedTokenError(refused: Refusal): ActionError {
  const old = refused.oldTokenWorks ? ' The old token was left alone and still works.' : ''
  return new ActionError(
    refused.step,
    `${refused.minted} but ${refused.refusal}, so it was not stored${refused.revoked ? ' and was revoked' : ''}.${old}`,
    refused.fix
  )
}

/** Verification refused the new token: revoke it (see revokeUnstoredToken), then the run's failure. */
export async function discardRefusedToken(
  ctx: StepContext<never>,
  token: string,
  discard: { caller: string; revocable: boolean } & Omit<Refusal, 'revoked'>
): Promise<ActionError> {
  const revoked = await revokeUnstoredToken(ctx, token, discard.caller, discard.revocable)
  return refusedTokenError({ ...discard, revoked })
}

/** Whether Meta reports `token` dead now; an unanswered question counts as alive (the writes go ahead as before). */
export function isDead(ctx: StepContext<never>, token: string): Promise<boolean> {
  return ctx.graph.debugToken(token).then(
    info => !info.isValid,
    () => false
  )
}

/**
 * A rotation whose old token was revoked between the refresh and the verification (an emergency,
 * most likely, whose replacement the secret now holds): nothing is written, the new token is revoked
 * — or, when it cannot be, left in the record `inRecord`.
 */
export function oldRevokedBeforeStore(revokedNew: boolean, inRecord: string | undefined): ActionError {
  const fate = revokedNew
    ? 'the new token was revoked'
    : inRecord
      ? `the new token could not be revoked and stays in the previous-token record ${inRecord}, so the next rotation or a retire revokes it`
      : 'the new token was not revoked (it expires on its own)'
  return new ActionError(
    'verify the new token',
    `The old token was revoked meanwhile (an emergency probably ran while this rotation was under way), so the new token was not stored anywhere and no secret was written; ${fate}.`,
    'If an emergency ran, the secret already holds its replacement: there is nothing to do. Otherwise run `operation: doctor` to see what the settings hold now.'
  )
}
