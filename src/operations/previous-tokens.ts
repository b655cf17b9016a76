import { ActionError } from '../runtime/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import { recordText } from '../inputs/record.ts'
import type { OperationContext } from './context.ts'
import { graphFailure, inspect } from './token-checks.ts'

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

  /** Replaces the record with `tokens` (deletes it when there are none). Throws an ActionError. */
  async save(tokens: string[], step: string): Promise<void> {
    const store = this.ctx.store
    if (!store) return
    const unique = [...new Set(tokens)]
    if (unique.length === 0) {
      await store.remove(this.target, this.name).catch(error => {
        throw new ActionError(step, `Could not delete the previous-token record ${this.name}: ${(error as Error).message}`)
      })
    } else {
      const result = await store.writeOne(this.target, recordText(unique), this.name)
      if (!result.ok) throw new ActionError(step, result.error.message, result.error.fix)
    }
    this.tokens = unique
    this.ctx.report.recordSize = unique.filter(token => token !== this.live).length
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
  report.recordSize = config.previousTokens.length
  return new TokenRecord(ctx, prepared[0], config.previousSecretName as string, config.previousTokens)
}

export interface Revocations {
  /** Revoked now, or found already invalid. */
  gone: string[]
  /** Of `gone`, those Meta reported invalid already (revoked earlier, expired). */
  alreadyInvalid: string[]
  /** Still valid as far as we know: they stay in the record. */
  left: string[]
  /** Why each of `left` could not be revoked. */
  reasons: string[]
}

/**
 * Revokes every token, calling as `caller`. A revoke that fails is checked with debug_token: a
 * token Meta reports invalid (revoked earlier, expired) counts as gone.
 */
export async function revokeEach(ctx: OperationContext, tokens: string[], caller: string, step: string): Promise<Revocations> {
  const result: Revocations = { gone: [], alreadyInvalid: [], left: [], reasons: [] }
  await Promise.all(
    tokens.map(async token => {
      try {
        await ctx.graph.revoke(token, caller)
        result.gone.push(token)
      } catch (error) {
        const info = await inspect(ctx, token, step).catch(() => undefined)
        if (info && !info.isValid) {
          result.gone.push(token)
          result.alreadyInvalid.push(token)
        } else {
          result.left.push(token)
          result.reasons.push(graphFailure(step, error).message)
        }
      }
    })
  )
  return result
}
