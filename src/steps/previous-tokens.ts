import { ActionError } from '../runtime/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import { recordText } from '../inputs/record.ts'
import type { OperationContext } from './context.ts'
import { GraphError, isOtherAppAnswer, isRetryableGraphError } from '../graph/errors.ts'
import { graphFailure } from './token-checks.ts'
import { APP_SECRET_SETTING } from '../text/setting-names.ts'

/**
 * The previous-token record of this run: the secret `previous-secret-name` in the first target.
 * `tokens` is what the secret holds as far as this run knows (the `previous-token` input at
 * first), so every change is written whole.
 */
export class TokenRecord {
  private readonly ctx: OperationContext
  private readonly target: PreparedTarget
  readonly name: string
  tokens: string[]
  /**
   * The token the targets hold now (the old one until the new one is stored everywhere): it is
   * in the record for safety, but it is no replaced token, so the summary does not count it.
   */
  live: string

  constructor(ctx: OperationContext, target: PreparedTarget, name: string, tokens: string[]) {
    this.ctx = ctx
    this.target = target
    this.name = name
    this.tokens = [...tokens]
    this.live = ctx.config.accessToken
  }

  /**
   * Replaces the record's tokens with `tokens`; the lines it keeps as they are (record.ts) stay
   * after them. Deletes the record when nothing is left. Throws an ActionError.
   */
  async save(tokens: string[], step: string): Promise<void> {
    const store = this.ctx.store
    if (!store) return
    const unique = [...new Set(tokens)]
    const kept = this.ctx.config.recordLines.kept
    if (unique.length === 0 && kept.length === 0) {
      await store.remove(this.target, this.name).catch(error => {
        throw new ActionError(step, `Could not delete the previous-token record ${this.name}: ${(error as Error).message}`)
      })
    } else {
      const result = await store.writeOne(this.target, recordText(unique, kept), this.name)
      if (!result.ok) throw new ActionError(step, result.error.message, result.error.fix)
    }
    this.tokens = unique
    this.ctx.report.recordSize = unique.filter(token => token !== this.live).length + this.ctx.config.recordLines.overflow.length
  }

  get label(): string {
    return `${this.name} in ${this.target.target.label}`
  }
}

/** The record of a `rotate`, or undefined when none is kept (`revoke-old: false`, a user token, no secret store). */
export function recordFor(ctx: OperationContext, prepared: PreparedTarget[], tokenType: string | undefined): TokenRecord | undefined {
  const { config, report } = ctx
  const kept = config.revokeOld !== 'false' && tokenType === 'SYSTEM_USER' && ctx.store && config.previousSecretName && prepared.length > 0
  if (!kept) {
    if (config.previousTokens.length > 0) {
      const why =
        config.revokeOld === 'false' ? '`revoke-old: false` keeps no record' : `a ${tokenType ?? 'non-system-user'} token keeps no record`
      report.warnings.push(
        `\`previous-token\` was ignored: ${why}, so its ${config.previousTokens.length} token(s) were neither revoked nor kept.`
      )
    }
    return undefined
  }
  report.recordSize = config.previousTokens.length + config.recordLines.overflow.length
  return new TokenRecord(ctx, prepared[0], config.previousSecretName as string, config.previousTokens)
}

export interface Revocations {
  /** Revoked now, or found already invalid. */
  gone: string[]
  /** Of `gone`, those Meta reported invalid already (revoked earlier, expired). */
  alreadyInvalid: string[]
  /**
   * Tokens this app can never revoke: debug_token shows another app, or Meta refused the revoke
   * for good and cannot say whose the token is. They leave the record (with a warning naming
   * their line), so a stray token cannot make every later run fail.
   */
  foreign: string[]
  /** Still valid as far as we know: they stay in the record. */
  left: string[]
  /** Why each of `left` could not be revoked. */
  reasons: string[]
  /** Whether every one of `left` failed for a reason that may pass (a timeout, a 5xx, a rate limit). */
  transient: boolean
}

/**
 * Revokes every token, calling as `caller` (the Graph client keeps the calls in flight bounded).
 * A revoke that fails is checked with debug_token: a token Meta reports invalid (revoked earlier,
 * expired) counts as gone; one of another app, or one Meta refuses for good and cannot
 * describe, is given up on.
 */
export async function revokeEach(ctx: OperationContext, tokens: string[], caller: string, step: string): Promise<Revocations> {
  const result: Revocations = { gone: [], alreadyInvalid: [], foreign: [], left: [], reasons: [], transient: true }
  await Promise.all(
    tokens.map(async token => {
      try {
        await ctx.graph.revoke(token, caller)
        result.gone.push(token)
        return
      } catch (error) {
        const verdict = await whoseToken(ctx, token, error)
        if (verdict === 'invalid') {
          result.gone.push(token)
          result.alreadyInvalid.push(token)
        } else if (verdict === 'foreign') {
          result.foreign.push(token)
        } else {
          result.left.push(token)
          result.reasons.push(graphFailure(step, error).message)
          if (!(error instanceof GraphError && isRetryableGraphError(error))) result.transient = false
        }
      }
    })
  )
  warnForeign(ctx, result.foreign)
  return result
}

/** After a failed revoke: is the token dead, never ours to revoke, or still ours and valid (or unknown for now)? */
async function whoseToken(ctx: OperationContext, token: string, revokeError: unknown): Promise<'invalid' | 'foreign' | 'ours'> {
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

function warnForeign(ctx: OperationContext, foreign: string[]): void {
  if (foreign.length === 0) return
  const lines = foreign
    .map(token => ctx.config.recordLines.lineOf.get(token))
    .filter((line): line is number => line !== undefined)
    .sort((a, b) => a - b)
  ctx.report.warnings.push(
    `${foreign.length === 1 ? 'A token' : `${foreign.length} tokens`} of \`previous-token\` (line ${lines.join(', ')}) ${foreign.length === 1 ? 'belongs' : 'belong'} to another app than \`app-id\` (${ctx.config.appId}), or Meta cannot say whose ${foreign.length === 1 ? 'it is' : 'they are'}: this app can never revoke ${foreign.length === 1 ? 'it' : 'them'}, so ${foreign.length === 1 ? 'it was' : 'they were'} dropped from the record. If such a token should stop working, revoke it from its own app, or let it expire.`
  )
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
