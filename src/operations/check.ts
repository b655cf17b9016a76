import { ActionError } from '../runtime/errors.ts'
import { type Expiry, expiryOf } from '../graph/expiry.ts'
import type { TokenInfo } from '../graph/token-info.ts'
import { both } from '../runtime/concurrency.ts'
import { ASSET_FIX, checkRequirements, describeUnmet, probeRequiredAssets, reportAssets } from '../steps/assets.ts'
import { inspect, requireSameApp, requireValid } from '../steps/token-checks.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'

/**
 * Gate for deploy pipelines: fails when the token is invalid or expires too soon, or, for a user
 * token, when its data access ends too soon, or when it does not reach what `required-assets`
 * asks for (read from the same debug_token answer; the probes of `probe-assets` ride beside it).
 */
export async function check(ctx: OperationContext<ConfigOf<'check'>>): Promise<void> {
  const step = 'inspect the token'
  ctx.log.info('Inspecting the token…')
  const [info, refusals] = await both(
    inspect(ctx, ctx.config.accessToken, step),
    probeRequiredAssets(ctx, ctx.config.accessToken, 'check the assets')
  )
  ctx.report.describeToken(info, ctx.config.accessToken, 'old')
  requireSameApp(ctx, info, 'access-token', step)
  requireValid(info, 'access-token', step)
  const assets = checkRequirements(info, ctx.config.requiredAssets, refusals)
  reportAssets(ctx.report, assets)
  const min = ctx.config.minDaysRemaining
  const expiry = ctx.report.oldExpiry
  const never = !expiry || expiry.never
  const days = expiry?.daysRemaining ?? 0
  if (!never && days < min) {
    throw new ActionError(
      step,
      `The token expires at ${expiry.expiresAt}, in ${plural(days)}: fewer than \`min-days-remaining\` (${min}).`,
      'Rotate it now: run the workflow by hand with operation `rotate`. If it has already expired, create a new one with operation `generate`.',
      `the token expires in ${plural(days)}`
    )
  }
  const dataAccess = userDataAccess(info)
  if (dataAccess) requireDataAccess(dataAccess, min, step)
  const unmet = describeUnmet(assets)
  if (unmet) {
    throw new ActionError(
      'check the assets',
      `The token is valid but cannot do its job: it does not meet \`required-assets\` (${unmet}).`,
      ASSET_FIX
    )
  }

  if (never) {
    ctx.report.result = 'The token is valid and never expires.'
    ctx.report.title = 'the token is valid and never expires'
    ctx.report.warnings.push(
      'This token never expires: a leak would be usable forever. Consider a 60-day token (`operation: generate` with `expiring: true`) rotated on a schedule.'
    )
  } else {
    ctx.report.result = `The token is valid for ${days} more days (until ${expiry.expiresAt}).`
    ctx.report.title = `the token is valid for ${plural(days)}`
  }
  if (assets.length > 0) ctx.report.result += ` It meets every line of \`required-assets\`.`
  if (dataAccess) ctx.report.result += ` Its data access lasts until ${dataAccess.expiresAt} (${plural(dataAccess.daysRemaining ?? 0)}).`
}

/** A user token's data access end (data_access_expires_at); none for other tokens, or when Meta gives 0. */
function userDataAccess(info: TokenInfo): Expiry | undefined {
  if (info.type !== 'USER' || !info.dataAccessExpiresAt) return undefined
  return expiryOf(info.dataAccessExpiresAt)
}

/**
 * A user token reads the user's data only while the app's data access lasts (90 days from the
 * user's last use of the app); a refresh or exchange does not renew it, only a new login does.
 */
function requireDataAccess(access: Expiry, min: number, step: string): void {
  const fix =
    'The user must log in to the app again (Facebook Login) to renew data access; refreshing or rotating the token does not renew it. For unattended use, prefer a system user token (`operation: generate`).'
  if (access.expiresIn === 0) {
    throw new ActionError(
      step,
      `The token is valid, but its data access ended at ${access.expiresAt}: it can no longer read the user's data.`,
      fix
    )
  }
  const days = access.daysRemaining ?? 0
  if (days < min) {
    throw new ActionError(
      step,
      `The token is valid, but its data access ends at ${access.expiresAt}, in ${plural(days)}: fewer than \`min-days-remaining\` (${min}).`,
      fix
    )
  }
}

function plural(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`
}
