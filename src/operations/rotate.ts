import { ActionError } from '../errors.ts'
import { GraphError } from '../graph/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import { graphFailure, inspect, writeTargets } from './common.ts'
import type { OperationContext } from './context.ts'
import { renew } from './refresh.ts'

/**
 * Zero-downtime rotation: inspect ‖ preflight → refresh → verify the new token at Meta →
 * write every target → revoke the old token (calling as the new one). A failed write rolls
 * every written target back to the old token and revokes the new one, so the old token
 * keeps working everywhere.
 */
export async function rotate(ctx: OperationContext): Promise<void> {
  const { config, report } = ctx
  const renewal = await renew(ctx)
  const newToken = renewal.newToken
  if (!newToken) return

  // Promise 3: store only a token that Meta has just confirmed valid.
  ctx.log.info('Verifying the new token at Meta…')
  const verified = await inspect(ctx, newToken, 'verify the new token')
  if (!verified.isValid) {
    // Not stored anywhere, so take it out of circulation if Meta lets us.
    await ctx.graph.revoke(newToken, config.accessToken).catch(() => undefined)
    throw new ActionError('verify the new token', 'Meta issued a new token but debug_token does not confirm it as valid, so it was not stored. The old token was left alone and still works.', 'Run again later; if it persists, check the app and the system user in Business settings.')
  }
  report.describeToken(verified, newToken, 'new')

  const { written, failures } = await writeTargets(ctx, renewal.prepared, newToken)
  if (failures.length > 0) {
    await rollBack(ctx, written, newToken, failures)
    return
  }
  report.setSecretsUpdated(written.map(item => item.target.label))
  report.set('rotated', true)

  if (!config.revokeOld) {
    report.result = `Rotated: the new token is stored in ${written.length} target(s). The old token was not revoked (\`revoke-old: false\`) and works until it expires; revoke it with \`operation: revoke\` once nothing uses it.`
    return
  }
  ctx.log.info('Revoking the old token…')
  await revokeOld(ctx, newToken)
  report.result = `Rotated: the new token is stored in ${written.length} target(s) and the old token is revoked.`
}

async function revokeOld(ctx: OperationContext, newToken: string): Promise<void> {
  const { config, report } = ctx
  try {
    await ctx.graph.revoke(config.accessToken, newToken)
    report.set('revoked', true)
    return
  } catch (error) {
    // Another run may have revoked it first (or our first attempt's answer was lost): if Meta
    // says the old token is already invalid, the rotation is complete.
    const old = await inspect(ctx, config.accessToken, 'revoke the old token').catch(() => undefined)
    if (old && !old.isValid) {
      report.set('revoked', true)
      report.notes.push('The old token was already invalid when we tried to revoke it (another run, or a retried request, got there first).')
      return
    }
    const cause = graphFailure('revoke the old token', error)
    throw new ActionError(
      'revoke the old token',
      `The new token is stored in every target, but the old token could not be revoked: ${cause.message}`,
      'The new token is in place; revoke the old one with `operation: revoke` (revoke-token: the old token).'
    )
  }
}

/**
 * Puts the old token back where the new one was written, then revokes the new one. Always
 * throws: the rotation failed, and the error names every target that could not be written
 * (and any that could not be restored).
 */
async function rollBack(ctx: OperationContext, written: PreparedTarget[], newToken: string, failures: ActionError[]): Promise<never> {
  const { config, report } = ctx
  const failedList = failures.map(f => f.message).join(' ')
  ctx.log.info(`Writing failed for ${failures.length} target(s); rolling back to the old token…`)
  const restore = ctx.store && written.length > 0 ? await ctx.store.writeAll(written, config.accessToken) : []
  const stillNew: string[] = []
  for (const result of restore) {
    if (result.ok) report.target(result.target.label, 'restored', 'the new token was written, then replaced by the old one again')
    else {
      stillNew.push(result.target.label)
      report.target(result.target.label, 'restore failed', `holds the NEW token: ${result.error.message}`)
    }
  }
  report.setSecretsUpdated(stillNew)

  let newRevoked = false
  if (stillNew.length === 0) {
    try {
      await ctx.graph.revoke(newToken, config.accessToken)
      newRevoked = true
    } catch (error) {
      report.notes.push(`The unused new token could not be revoked (${error instanceof GraphError ? error.message : 'unknown error'}); it expires on its own.`)
    }
  }
  const aftermath =
    stillNew.length === 0
      ? `Rolled back: ${written.length > 0 ? `${written.length} target(s) already written got the old token back, ` : ''}${newRevoked ? 'the new token was revoked' : 'the new token was left unused'}, and the old token still works everywhere.`
      : `Rollback incomplete: ${stillNew.join(', ')} still hold${stillNew.length === 1 ? 's' : ''} the NEW token, which was therefore not revoked; the old token was not revoked either, so both work.`
  throw new ActionError(
    'write secrets',
    `Could not write the new token to every target. ${failedList} ${aftermath}`,
    [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || 'Fix the target, then run the rotation again.'
  )
}
