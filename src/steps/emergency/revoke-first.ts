import { MAX_GRAPH_REQUESTS_IN_FLIGHT } from '../../graph/client.ts'
import type { TokenInfo } from '../../graph/token-info.ts'
import type { Config } from '../../inputs/config.ts'
import { requestsSent } from '../../runtime/http.ts'
import type { OperationContext } from '../context.ts'
import { revokeTokens } from '../revoke-tokens.ts'
import { REVOKE_STEP } from './messages.ts'

/** A token this run revokes, named by where it came from (never by its value). */
export interface Leaked {
  token: string
  label: string
}

export interface Revocation {
  dead: Leaked[]
  /** Of `dead`, those Meta reported invalid already. */
  alreadyInvalid: Leaked[]
  alive: Array<Leaked & { reason: string }>
}

export function leakedTokens(config: Pick<Config, 'accessToken' | 'previousTokens' | 'recordLines'>): Leaked[] {
  return [
    { token: config.accessToken, label: 'the stored token' },
    ...config.previousTokens.map(token => ({ token, label: `record line ${config.recordLines.lineOf.get(token)}` })),
  ]
}

export interface RevokesUnderWay<T> {
  revocation: Promise<Revocation>
  /** debug_token's answer for the stored token, asked beside its revoke (undefined when Meta could not be asked). */
  stored: Promise<TokenInfo | undefined>
  /** What `afterwards` started once the revokes were on the wire. */
  meanwhile: T
}

/**
 * The emergency's overlap of work: every revoke goes out first, all at once (each calling as the
 * token itself), and everything else — the stored token's inspection, the admin check, Octokit's
 * loading and the key reads that `afterwards` starts — is held until they are on the wire
 * (undici's sendHeaders, runtime/http.ts requestsSent). What it wins: the leak closes one round
 * trip sooner than with the checks first, and the checks still finish beside the revokes rather
 * than after them; bench/run.ts's emergency scenarios measure it (time to "leaked token dead"
 * against the revoke's own round trip). A record larger than the Graph client's requests in
 * flight (101) goes in waves as answers free places: the first wave is what is waited for.
 */
export function revokeFirst<T>(ctx: OperationContext, leaked: Leaked[], afterwards: (onWire: Promise<void>) => T): RevokesUnderWay<T> {
  // Subscribed before the revokes start, so it counts exactly theirs.
  const onWire = requestsSent(Math.min(leaked.length, MAX_GRAPH_REQUESTS_IN_FLIGHT))
  const revocation = ctx.log.group('Revoke', () => revokeAll(ctx, leaked))
  // `afterwards` first, so that whatever it waits to see on the wire (requestsSent) is subscribed
  // before the stored token's inspection below can be sent (over HTTP/2 that may be at once).
  const meanwhile = afterwards(onWire)
  // Beside its revoke, never before it: the identity and permissions the replacement must keep.
  const stored = onWire.then(() => ctx.graph.debugToken(ctx.config.accessToken).catch(() => undefined))
  return { revocation, stored, meanwhile }
}

async function revokeAll(ctx: OperationContext, leaked: Leaked[]): Promise<Revocation> {
  const names = leaked.length > 12 ? `the stored token and ${leaked.length - 1} record lines` : leaked.map(item => item.label).join(', ')
  ctx.log.info(`Revoking ${leaked.length} token(s) at once: ${names}…`)
  const outcome = await revokeTokens(ctx, [...new Set(leaked.map(item => item.token))], { callerOf: token => token, step: REVOKE_STEP })
  const byToken = (tokens: string[]) => leaked.filter(item => tokens.includes(item.token))
  const reasonOf = (item: Leaked) => outcome.failures.get(item.token)?.message ?? 'Meta did not confirm the revoke'
  // A token of another app cannot be revoked by this one: for an emergency it is still alive.
  const result: Revocation = {
    dead: byToken(outcome.gone),
    alreadyInvalid: byToken(outcome.alreadyInvalid),
    alive: byToken([...outcome.left, ...outcome.foreign]).map(item => ({ ...item, reason: reasonOf(item) })),
  }
  ctx.report.set('revoked', result.alive.length === 0)
  ctx.report.set('retired', result.dead.filter(item => item.token !== ctx.config.accessToken).length)
  if (result.alreadyInvalid.length > 0) {
    ctx.report.notes.push(
      `Meta already reported ${result.alreadyInvalid.length > 12 ? `${result.alreadyInvalid.length} of them` : result.alreadyInvalid.map(item => item.label).join(', ')} invalid (revoked earlier, or expired): counted as dead.`
    )
  }
  return result
}
