import { ActionError } from '../errors.ts'
import { GraphError } from '../graph/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { OperationContext } from './context.ts'
import { inspectAndPreflight, refreshToken, type Start } from './renewal.ts'
import { describeFailures, type WriteOutcome, writeTargets } from './target-writes.ts'
import { graphFailure, inspect } from './token-checks.ts'
import { isRevocable } from './token-types.ts'

/**
 * Zero-downtime rotation, Meta's steps in order:
 *   1. inspect the current token ‖ check every secret target
 *   2. refresh → the new token
 *   3. verify the new token at Meta
 *   4. store it in every target (a failed write rolls every target back to the old token)
 *   5. revoke the old token, calling as the new one — a system user token only: Meta documents
 *      oauth/revoke for those alone, so a user token is left to expire on its own
 */
export async function rotate(ctx: OperationContext): Promise<void> {
  const start = await ctx.log.group('1. Inspect the token and check the secret targets', () => inspectAndPreflight(ctx))
  if (!start.due) return
  const newToken = await ctx.log.group('2. Refresh the token at Meta', () => refreshToken(ctx, start))
  const revocable = mayRevoke(start, newToken, ctx.config.accessToken)
  await ctx.log.group('3. Verify the new token at Meta', () => verifyNewToken(ctx, newToken, revocable))
  await ctx.log.group('4. Store the new token in every target', () => storeEverywhere(ctx, start.prepared, newToken, revocable))
  await ctx.log.group('5. Revoke the old token', () => revokeOldToken(ctx, start, newToken))
}

/**
 * Whether this rotation may revoke either token ("Never revoked", ACTION.md): only system user
 * tokens (Meta documents oauth/revoke for those alone), and never a token a target holds — when
 * Meta hands back the string it was given, the old token is the new one.
 */
function mayRevoke(start: Start, newToken: string, oldToken: string): boolean {
  return isRevocable(start.renewal) && newToken !== oldToken
}

/** Promise 3: store only a token that Meta has just confirmed valid. */
async function verifyNewToken(ctx: OperationContext, newToken: string, revocable: boolean): Promise<void> {
  ctx.log.info('Verifying the new token at Meta…')
  const verified = await inspect(ctx, newToken, 'verify the new token')
  if (!verified.isValid) {
    // Not stored anywhere, so take it out of circulation if Meta lets us.
    if (revocable) await ctx.graph.revoke(newToken, ctx.config.accessToken).catch(() => undefined)
    throw new ActionError(
      'verify the new token',
      'Meta issued a new token but debug_token does not confirm it as valid, so it was not stored. The old token was left alone and still works.',
      'Run again later; if it persists, check the app and the system user in Business settings.'
    )
  }
  ctx.report.describeToken(verified, newToken, 'new')
}

async function storeEverywhere(ctx: OperationContext, prepared: PreparedTarget[], newToken: string, revocable: boolean): Promise<void> {
  const outcome = await writeTargets(ctx, prepared, newToken)
  if (outcome.failures.length > 0) await rollBack(ctx, outcome, newToken, revocable)
  ctx.report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  ctx.report.set('rotated', true)
}

async function revokeOldToken(ctx: OperationContext, start: Start, newToken: string): Promise<void> {
  const { config, report } = ctx
  const stored = `the new token is stored in ${config.targets.length} target(s)`
  if (newToken === config.accessToken) {
    report.result = `Rotated: Meta handed back the same token, now stored in ${config.targets.length} target(s). It was not revoked: it is the token every target holds.`
    report.notes.push(
      "Meta's exchange returned the very token it was given (`expires-at` shows its expiry now), so there was no old token to revoke."
    )
    return
  }
  if (!isRevocable(start.renewal)) {
    report.result = `Rotated: ${stored}. The old user token was not revoked: it works until it expires (${report.oldExpiry?.expiresAt ?? 'as Meta set'}).`
    report.notes.push(
      'Meta documents `oauth/revoke` for system user tokens only, so a rotation never revokes a user token: the old one expires on its own. For tokens that are revoked on rotation, use a system user token (`operation: generate`).'
    )
    return
  }
  if (!config.revokeOld) {
    report.result = `Rotated: ${stored}. The old token was not revoked (\`revoke-old: false\`) and works until it expires; revoke it with \`operation: revoke\` once nothing uses it.`
    return
  }
  ctx.log.info('Revoking the old token…')
  try {
    await ctx.graph.revoke(config.accessToken, newToken)
    report.set('revoked', true)
  } catch (error) {
    // Another run may have revoked it first (or our first attempt's answer was lost): if Meta
    // says the old token is already invalid, the rotation is complete.
    const old = await inspect(ctx, config.accessToken, 'revoke the old token').catch(() => undefined)
    if (!old || old.isValid) {
      throw new ActionError(
        'revoke the old token',
        `The new token is stored in every target, but the old token could not be revoked: ${graphFailure('revoke the old token', error).message}`,
        'The new token is in place; revoke the old one with `operation: revoke` (revoke-token: the old token).'
      )
    }
    report.set('revoked', true)
    report.notes.push('The old token was already invalid when we tried to revoke it (another run, or a retried request, got there first).')
  }
  report.result = `Rotated: ${stored} and the old token is revoked.`
}

/**
 * Puts the old token back where the new one was written, then revokes the new one. Always
 * throws: the rotation failed, and the error names every target that could not be written
 * (and any that could not be restored).
 */
async function rollBack(ctx: OperationContext, outcome: WriteOutcome, newToken: string, revocable: boolean): Promise<never> {
  const { config, report } = ctx
  const { written, failures } = outcome
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
  if (stillNew.length === 0 && revocable) {
    try {
      await ctx.graph.revoke(newToken, config.accessToken)
      newRevoked = true
    } catch (error) {
      report.notes.push(
        `The unused new token could not be revoked (${error instanceof GraphError ? error.message : 'unknown error'}); it expires on its own.`
      )
    }
  }
  const aftermath =
    stillNew.length === 0
      ? `Rolled back: ${written.length > 0 ? `${written.length} target(s) already written got the old token back, ` : ''}${fateOfNewToken(newRevoked, revocable, newToken === config.accessToken)}, and the old token still works everywhere.`
      : `Rollback incomplete: ${stillNew.join(', ')} still hold${stillNew.length === 1 ? 's' : ''} the NEW token, which was therefore not revoked; the old token was not revoked either, so both work.`
  const { messages, fix } = describeFailures(failures)
  throw new ActionError(
    'write secrets',
    `Could not write the new token to every target. ${messages} ${aftermath}`,
    fix ?? 'Fix the target, then run the rotation again.'
  )
}

function fateOfNewToken(revoked: boolean, revocable: boolean, sameToken: boolean): string {
  if (revoked) return 'the new token was revoked'
  if (sameToken) return 'Meta had handed back the old token itself, so nothing was revoked'
  return revocable ? 'the new token was left unused' : 'the new user token was left unused (it is not revoked: it expires on its own)'
}
