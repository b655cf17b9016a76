import { ActionError } from '../errors.ts'
import { expiryOf } from '../expiry.ts'
import type { TokenInfo } from '../graph/client.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import {
  graphFailure,
  inspect,
  neverExpiresWarning,
  preflightError,
  preflightTargets,
  renewalDue,
  requireSameApp,
  requireValid,
  writeTargets,
} from './common.ts'
import type { OperationContext } from './context.ts'

export interface Renewal {
  /** The current token as debug_token sees it. */
  current: TokenInfo
  prepared: PreparedTarget[]
  /** Set when a new token was issued. */
  newToken: string | undefined
}

/**
 * The first half of refresh and rotate: inspect the current token while checking every target,
 * decide whether a renewal is due, and ask Meta for the new token. Returns without a new token
 * when nothing is to be done (never-expiring token, not due yet, dry run).
 */
export async function renew(ctx: OperationContext): Promise<Renewal> {
  const { config, report } = ctx
  ctx.log.info(`Inspecting the current token${ctx.store ? ` and checking ${config.targets.length} secret target(s)` : ''}…`)
  const [current, preflight] = await Promise.all([inspect(ctx, config.accessToken, 'inspect the current token'), preflightTargets(ctx)])
  report.describeToken(current, undefined, 'old')
  requireValid(current, 'access-token', 'inspect the current token')
  requireSameApp(ctx, current, 'access-token', 'inspect the current token')

  const unwritableWarnings = (): void => {
    for (const failure of preflight.failures) report.warnings.push(`Target not writable: ${failure.message}`)
  }
  if (current.expiresAt === 0) {
    report.set('token', config.accessToken)
    report.warnings.push(neverExpiresWarning('access-token'))
    unwritableWarnings()
    report.result = 'Nothing refreshed: the token never expires.'
    return { current, prepared: preflight.prepared, newToken: undefined }
  }
  if (!renewalDue(ctx, current)) {
    report.set('token', config.accessToken)
    report.set('skipped', true)
    unwritableWarnings()
    report.result = `Skipped: the token has ${report.oldExpiry?.daysRemaining} days left, more than \`renew-before-days\` (${config.renewBeforeDays}).`
    return { current, prepared: preflight.prepared, newToken: undefined }
  }
  if (preflight.failures.length > 0) throw preflightError(preflight.failures)
  if (config.dryRun) {
    for (const item of preflight.prepared) report.target(item.target.label, 'would write')
    report.result = `Dry run: the token would be ${current.type === 'SYSTEM_USER' ? 'refreshed' : 'exchanged'} and written to ${preflight.prepared.length} target(s). Nothing was changed.`
    return { current, prepared: preflight.prepared, newToken: undefined }
  }

  ctx.log.info(current.type === 'SYSTEM_USER' ? 'Refreshing the system user token (60 days)…' : `Exchanging the ${current.type ?? 'user'} token for a long-lived one…`)
  let exchanged
  try {
    const exchanging = ctx.graph.exchangeToken(config.accessToken, current.type === 'SYSTEM_USER')
    // Sealing comes after this round trip (and the verification): load libsodium meanwhile.
    if (preflight.prepared.length > 0) ctx.store?.preloadSealing()
    exchanged = await exchanging
  } catch (error) {
    throw graphFailure('refresh the token', error)
  }
  report.set('token', exchanged.accessToken)
  if (exchanged.expiresIn !== undefined) {
    report.describeExpiry(expiryOf(Math.floor(Date.now() / 1000) + exchanged.expiresIn), 'new')
  }
  return { current, prepared: preflight.prepared, newToken: exchanged.accessToken }
}

/** `refresh`: a new token stored where `secret-name` says; the old token is left alone. */
export async function refresh(ctx: OperationContext): Promise<void> {
  const { report } = ctx
  const renewal = await renew(ctx)
  if (!renewal.newToken) return
  if (!report.newExpiry) {
    // Meta did not say when the new token expires: ask debug_token.
    const info = await inspect(ctx, renewal.newToken, 'inspect the new token')
    if (info.expiresAt !== undefined) report.describeExpiry(expiryOf(info.expiresAt), 'new')
  }
  const { written, failures } = await writeTargets(ctx, renewal.prepared, renewal.newToken)
  report.setSecretsUpdated(written.map(item => item.target.label))
  if (failures.length > 0) {
    throw new ActionError(
      'write secrets',
      `A new token was issued but could not be stored in ${failures.length} target(s): ${failures.map(f => f.message).join(' ')} The old token was left alone and still works.`,
      [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || undefined
    )
  }
  report.set('rotated', true)
  report.result = ctx.store
    ? `Refreshed: the new token is stored in ${written.length} target(s); the old token still works until it expires.`
    : 'Refreshed: the new token is in the masked `token` output (no `secret-name`, so no secret was written).'
}
