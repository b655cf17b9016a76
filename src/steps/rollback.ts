import { ActionError } from '../runtime/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext, StepContext } from './context.ts'
import type { TokenRecord } from './previous-tokens.ts'
import { revokeUnstoredToken } from './refused-token.ts'
import { describeFailures } from './target-writes.ts'

/**
 * Puts the old token back wherever the new one was or may have been written (a write whose
 * answer was lost may have landed), then revokes the new one — only when every restore
 * succeeded, so that no target is left holding a revoked token. Always throws.
 */
export async function rollBack(
  ctx: OperationContext<ConfigOf<'rotate'>>,
  written: PreparedTarget[],
  uncertain: PreparedTarget[],
  failures: ActionError[],
  newToken: string,
  record: TokenRecord | undefined,
  revocable: boolean
): Promise<never> {
  const { config, report } = ctx
  const touched = [...written, ...uncertain]
  ctx.log.info(`Writing failed for ${failures.length} target(s); rolling back to the old token…`)
  // A target never gets back a token Meta reports dead (an emergency may have revoked it meanwhile).
  const old = await ctx.graph.debugToken(config.accessToken).catch(() => undefined)
  if (old && !old.isValid) throw oldRevokedMeanwhile(ctx, written, uncertain, failures, record)
  const restore = ctx.store && touched.length > 0 ? await ctx.store.writeAll(touched, config.accessToken) : []
  const stillNew: string[] = []
  for (const result of restore) {
    if (result.ok)
      report.target(result.target.label, 'restored', 'the new token was (or may have been) written, then replaced by the old one again')
    else {
      stillNew.push(result.target.label)
      report.target(result.target.label, 'restore failed', `may hold the NEW token: ${result.error.message}`)
    }
  }
  report.setSecretsUpdated(stillNew)

  let newRevoked = false
  if (stillNew.length === 0 && revocable) {
    newRevoked = await revokeUnstoredToken(ctx, newToken, config.accessToken, revocable)
    if (!newRevoked)
      report.notes.push('The unused new token could not be revoked; it stays in the previous-token record (or expires on its own).')
  }
  // The record keeps the old token (which the targets hold again) and the new one unless revoked.
  if (record && newRevoked)
    await record
      .save(
        record.tokens.filter(token => token !== newToken),
        'update the previous-token record'
      )
      .catch(() => undefined)
  const restoredCount = touched.length - stillNew.length
  const aftermath =
    stillNew.length === 0
      ? `Rolled back: ${restoredCount > 0 ? `${restoredCount} target(s) that got (or may have got) the new token have the old one back, ` : ''}${fateOfNewToken(newRevoked, revocable, newToken === config.accessToken)}, and the old token still works everywhere.`
      : `Rollback incomplete: ${stillNew.join(', ')} may still hold the NEW token, which was therefore not revoked${record ? ` (it stays in ${record.label})` : ''}; the old token was not revoked either, so both work.`
  const { messages, fix } = describeFailures(failures)
  throw new ActionError(
    'write secrets',
    `Could not write the new token to every target. ${messages} ${aftermath}`,
    fix ?? 'Fix the target, then run the rotation again.'
  )
}

/** A rollback that meets a dead old token leaves the new one where it landed (valid, in the record). */
function oldRevokedMeanwhile(
  ctx: StepContext<never>,
  written: PreparedTarget[],
  uncertain: PreparedTarget[],
  failures: ActionError[],
  record: TokenRecord | undefined
): ActionError {
  const landed = [...written, ...uncertain].map(item => item.target.label)
  for (const label of landed)
    ctx.report.target(label, 'updated', 'holds the new token: not rolled back, the old token was revoked meanwhile')
  ctx.report.setSecretsUpdated(written.map(item => item.target.label))
  const { messages, fix } = describeFailures(failures)
  return new ActionError(
    'write secrets',
    `Could not write the new token to every target. ${messages} Not rolled back: the old token was revoked meanwhile (for example by an emergency), so it was not restored anywhere. ${landed.length > 0 ? `${landed.join(', ')} ${landed.length === 1 ? 'holds' : 'hold'} the new token, which stays valid${record ? ` and in ${record.label}` : ''}; ` : ''}the other targets hold what they held before.`,
    `${fix ?? 'Fix the target.'} Then run the rotation (or the emergency) again with the secret as it is now.`
  )
}

function fateOfNewToken(revoked: boolean, revocable: boolean, sameToken: boolean): string {
  if (revoked) return 'the new token was revoked'
  if (sameToken) return 'Meta had handed back the old token itself, so nothing was revoked'
  return revocable ? 'the new token was left unused' : 'the new user token was left unused (it is not revoked: it expires on its own)'
}
