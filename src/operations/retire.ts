import { ActionError } from '../runtime/errors.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'
import { revokeRecordTokens, TokenRecord } from '../steps/previous-tokens.ts'
import { leftTokensFix, whyLeft } from '../steps/revoke-tokens.ts'
import { unreadRecord } from '../steps/record-check.ts'
import { preflightError, preflightTargets } from '../steps/target-writes.ts'

/**
 * `retire`: revoke every token of the previous-token record except `access-token` (calling as
 * it), then delete the record — or rewrite it to the tokens that could not be revoked. Without
 * `secret-name` the record cannot be found, so the tokens are only revoked.
 */
export async function retire(ctx: OperationContext<ConfigOf<'retire'>>): Promise<void> {
  const { config, report } = ctx
  const tokens = config.previousTokens
  report.set('retired', 0)
  let record: TokenRecord | undefined
  if (ctx.store && config.previousSecretName) {
    // The record lives in the first target: check it is writable before revoking anything.
    const [preflight, unread] = await Promise.all([preflightTargets(ctx, config.targets.slice(0, 1)), unreadRecord(ctx, 'Retiring')])
    if (preflight.failures.length > 0) throw preflightError(preflight.failures)
    if (unread) throw unread
    record = TokenRecord.open(ctx, preflight.prepared[0], config.previousSecretName)
  } else {
    report.warnings.push(
      'Without `secret-name` the previous-token record cannot be found: its tokens are revoked, but the secret is left as it is. Pass `secret-name` (and `github-token`) to delete it too.'
    )
  }
  if (config.dryRun) {
    report.result = `Dry run: ${tokens.length} token(s) from the record would be revoked${record ? ` and ${record.label} deleted` : ''}. Nothing was changed.`
    return
  }
  ctx.log.info(`Revoking ${tokens.length} token(s) from the previous-token record…`)
  const outcome = await revokeRecordTokens(ctx, tokens, config.accessToken, 'retire the previous tokens')
  report.set('retired', outcome.gone.length)
  await record?.save(outcome.left, 'update the previous-token record')
  if (outcome.left.length > 0) {
    throw new ActionError(
      'retire the previous tokens',
      `${outcome.gone.length} token(s) revoked, but ${outcome.left.length} could not be: ${whyLeft(outcome)}${record ? ` They stay in ${record.label}.` : ''}`,
      leftTokensFix(outcome)
    )
  }
  const fate = !record
    ? ''
    : config.recordLines.kept.length > 0
      ? `; ${record.label} keeps only the lines this run did not use`
      : `; ${record.label} is deleted`
  report.result =
    tokens.length === 0
      ? `Nothing to retire: the record holds no token besides \`access-token\`${fate}.`
      : `Retired: ${outcome.gone.length} earlier token(s) revoked (or already invalid)${fate}.`
}
