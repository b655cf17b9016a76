import { ActionError } from '../errors.ts'
import { inspect, requireValid } from './token-checks.ts'
import type { OperationContext } from './context.ts'

/** Gate for deploy pipelines: fails when the token is invalid or expires too soon. */
export async function check(ctx: OperationContext): Promise<void> {
  const step = 'inspect the token'
  ctx.log.info('Inspecting the token…')
  const info = await inspect(ctx, ctx.config.accessToken, step)
  ctx.report.describeToken(info, ctx.config.accessToken, 'old')
  requireValid(info, 'access-token', step)
  const expiry = ctx.report.oldExpiry
  if (!expiry || expiry.never) {
    ctx.report.result = 'The token is valid and never expires.'
    ctx.report.warnings.push(
      'This token never expires: a leak would be usable forever. Consider a 60-day token (`operation: generate` with `expiring: true`) rotated on a schedule.'
    )
    return
  }
  const days = expiry.daysRemaining ?? 0
  const min = ctx.config.minDaysRemaining
  if (days < min) {
    throw new ActionError(
      step,
      `The token expires at ${expiry.expiresAt}, in ${days} day${days === 1 ? '' : 's'}: fewer than \`min-days-remaining\` (${min}).`,
      'Rotate it now (`operation: rotate`, or run the scheduled rotation workflow by hand). If it has already expired, create a new one with `operation: generate`.'
    )
  }
  ctx.report.result = `The token is valid for ${days} more days (until ${expiry.expiresAt}).`
}
