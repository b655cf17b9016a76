import { ActionError } from '../runtime/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import { recordText } from '../inputs/record.ts'
import type { StepContext } from './context.ts'
import { type Revocations, revokeTokens } from './revoke-tokens.ts'

/**
 * The previous-token record of this run: the secret `previous-secret-name` in the first target.
 * `tokens` is what the secret holds as far as this run knows (the `previous-token` input at
 * first), so every change is written whole.
 */
export class TokenRecord {
  private readonly ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>
  private readonly target: PreparedTarget
  readonly name: string
  tokens: string[]
  /**
   * The token the targets hold now (the old one until the new one is stored everywhere): it is
   * in the record for safety, but it is no replaced token, so the summary does not count it.
   */
  live: string

  constructor(
    ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>,
    target: PreparedTarget,
    name: string,
    tokens: string[]
  ) {
    this.ctx = ctx
    this.target = target
    this.name = name
    this.tokens = [...tokens]
    this.live = ctx.config.accessToken
  }

  /**
   * The one way to open the record: `previous-secret-name` in `target` (the first target),
   * holding the tokens of `previous-token`; the summary counts them from now on.
   */
  static open(
    ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>,
    target: PreparedTarget,
    name: string
  ): TokenRecord {
    ctx.report.recordSize = ctx.config.previousTokens.length
    return new TokenRecord(ctx, target, name, ctx.config.previousTokens)
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
      const result = await store.writeOne(this.target, recordText(this.name, unique, kept), this.name)
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
export function recordFor(
  ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>,
  prepared: PreparedTarget[],
  tokenType: string | undefined
): TokenRecord | undefined {
  const { config, report } = ctx
  const kept = config.revokeOld !== 'false' && tokenType === 'SYSTEM_USER' && ctx.store && prepared.length > 0
  if (!kept || !config.previousSecretName) {
    if (config.previousTokens.length > 0) {
      const why =
        config.revokeOld === 'false' ? '`revoke-old: false` keeps no record' : `a ${tokenType ?? 'non-system-user'} token keeps no record`
      report.warnings.push(
        `\`previous-token\` was ignored: ${why}, so its ${config.previousTokens.length} token(s) were neither revoked nor kept.`
      )
    }
    return undefined
  }
  const record = TokenRecord.open(ctx, prepared[0], config.previousSecretName)
  // A rotation rewrites the record whole: the lines beyond the limit stay in it, so they count.
  report.recordSize = config.previousTokens.length + config.recordLines.overflow.length
  return record
}

/**
 * Revokes tokens of the record, calling as `caller` (see revokeTokens). Tokens this app can never
 * revoke leave the record, with a warning naming their line, so a stray token cannot make every
 * later run fail.
 */
export async function revokeRecordTokens(
  ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>,
  tokens: string[],
  caller: string,
  step: string
): Promise<Revocations> {
  const outcome = await revokeTokens(ctx, tokens, { callerOf: () => caller, step })
  warnForeign(ctx, outcome.foreign)
  return outcome
}

function warnForeign(
  ctx: StepContext<'accessToken' | 'appId' | 'previousSecretName' | 'previousTokens' | 'recordLines' | 'revokeOld'>,
  foreign: string[]
): void {
  if (foreign.length === 0) return
  const lines = foreign
    .map(token => ctx.config.recordLines.lineOf.get(token))
    .filter((line): line is number => line !== undefined)
    .sort((a, b) => a - b)
  ctx.report.warnings.push(
    `${foreign.length === 1 ? 'A token' : `${foreign.length} tokens`} of \`previous-token\` (line ${lines.join(', ')}) ${foreign.length === 1 ? 'belongs' : 'belong'} to another app than \`app-id\` (${ctx.config.appId}), or Meta cannot say whose ${foreign.length === 1 ? 'it is' : 'they are'}: this app can never revoke ${foreign.length === 1 ? 'it' : 'them'}, so ${foreign.length === 1 ? 'it was' : 'they were'} dropped from the record. If such a token should stop working, revoke it from its own app, or let it expire.`
  )
}
