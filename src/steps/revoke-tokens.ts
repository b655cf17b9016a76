import { APP_SECRET_SETTING } from '../text/setting-names.ts'
import type { ActionError } from '../runtime/errors.ts'
import { GraphError, isOtherAppAnswer, isRetryableGraphError } from '../graph/errors.ts'
import type { StepContext } from './context.ts'
import { graphFailure } from './token-checks.ts'

export interface Revocations {
  /** Revoked now, or found already invalid. */
  gone: string[]
  /** Of `gone`, those Meta reported invalid already (revoked earlier, expired). */
  alreadyInvalid: string[]
  /**
   * Tokens this app can never revoke: debug_token shows another app, or Meta refused the revoke
   * for good and cannot say whose the token is.
   */
  foreign: string[]
  /** Still valid as far as we know. */
  left: string[]
  /** Why each of `left` could not be revoked (in the order of `left`). */
  reasons: string[]
  /** The failed revoke of each of `left` and `foreign`, as the step's error. */
  failures: Map<string, ActionError>
  /** Whether every one of `left` failed for a reason that may pass (a timeout, a 5xx, a rate limit). */
  transient: boolean
}

export interface RevokeOptions {
  /** Whom each revoke calls as (Meta: the caller and the revoked token share the app). */
  callerOf: (token: string) => string
  /** The step named by every failure. */
  step: string
  /** Ask debug_token only after Meta refused the revoke, not after a network failure (`revoke`). */
  checkRefusalsOnly?: boolean
}

/**
 * Revokes every token at once (the Graph client keeps the calls in flight bounded). A revoke that
 * fails is checked with debug_token: a token Meta reports invalid (revoked earlier, expired)
 * counts as gone — a dead token cannot be revoked again, and the goal is reached; one of another
 * app, or one Meta refuses for good and cannot describe, is `foreign`; the rest are `left`.
 */
export async function revokeTokens(ctx: StepContext<'appId'>, tokens: string[], options: RevokeOptions): Promise<Revocations> {
  const result: Revocations = { gone: [], alreadyInvalid: [], foreign: [], left: [], reasons: [], failures: new Map(), transient: true }
  await Promise.all(
    tokens.map(async token => {
      try {
        await ctx.graph.revoke(token, options.callerOf(token))
        result.gone.push(token)
        return
      } catch (error) {
        const checked = !options.checkRefusalsOnly || (error instanceof GraphError && error.kind === 'graph')
        const owner = checked ? await whoseToken(ctx, token, error) : 'ours'
        if (owner === 'invalid') {
          result.gone.push(token)
          result.alreadyInvalid.push(token)
          return
        }
        const failure = graphFailure(options.step, error)
        result.failures.set(token, failure)
        if (owner === 'foreign') {
          result.foreign.push(token)
        } else {
          result.left.push(token)
          result.reasons.push(failure.message)
          if (!(error instanceof GraphError && isRetryableGraphError(error))) result.transient = false
        }
      }
    })
  )
  return result
}

/** After a failed revoke: is the token dead, never ours to revoke, or still ours and valid (or unknown for now)? */
async function whoseToken(ctx: StepContext<'appId'>, token: string, revokeError: unknown): Promise<'invalid' | 'foreign' | 'ours'> {
  try {
    const info = await ctx.graph.debugToken(token)
    if (!info.isValid) return 'invalid'
    if (info.appId && info.appId !== ctx.config.appId) return 'foreign'
    if (info.appId) return 'ours'
  } catch (error) {
    if (isOtherAppAnswer(error)) return 'foreign'
    return 'ours'
  }
  // Valid, of no app Meta names: an unknown token. Given up on only when Meta refused the revoke for good.
  return revokeError instanceof GraphError && revokeError.kind === 'graph' && !isRetryableGraphError(revokeError) ? 'foreign' : 'ours'
}

/** Why tokens could not be revoked: each distinct reason once, at most three (a long record fails alike). */
export function whyLeft(outcome: Revocations): string {
  const reasons = [...new Set(outcome.reasons)]
  const more = reasons.length > 3 ? ` (and ${reasons.length - 3} other reasons)` : ''
  return `${reasons.slice(0, 3).join(' ')}${more}`
}

/** What a reader can do about tokens that could not be revoked: true advice for either case. */
export function leftTokensFix(outcome: Revocations): string {
  return outcome.transient
    ? 'Meta could not be reached or asked to wait: the next `rotate` (given `previous-token`) or an `operation: retire` tries again, with nothing to do by hand.'
    : `The next \`rotate\` (given \`previous-token\`) or an \`operation: retire\` tries again; if Meta keeps refusing for the reason above, fix what it names (the app, the system user, ${APP_SECRET_SETTING}), since the record cannot be read to remove the token by hand.`
}
