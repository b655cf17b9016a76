import type { Expiry } from '../graph/expiry.ts'
import { ActionError } from '../runtime/errors.ts'
import { requestsSent } from '../runtime/http.ts'
import type { Octokit } from '../github/client.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'
import { describeRuns, runAndReportDeploys } from '../steps/deploys.ts'
import { recordFor, revokeRecordTokens, type TokenRecord } from '../steps/previous-tokens.ts'
import { isDead, oldRevokedBeforeStore, revokeUnstoredToken, refusedTokenError } from '../steps/refused-token.ts'
import { inspectAndPreflight, refreshToken, RETRY_FIX, type Start } from '../steps/renewal.ts'
import { leftTokensFix, whyLeft } from '../steps/revoke-tokens.ts'
import { unreadRecord } from '../steps/record-check.ts'
import { writeTargets } from '../steps/target-writes.ts'
import { rollBack } from '../steps/rollback.ts'
import { isRevocable } from '../steps/token-types.ts'
import { verifyNewToken } from '../steps/verify.ts'

/**
 * Zero-downtime rotation, Meta's steps in order:
 *   1. inspect the current token ‖ check every secret target
 *   2. refresh → the new token
 *   3. verify the new token at Meta ‖ write the previous-token record (earlier tokens, old, new)
 *      ‖ inspect the old token again (revoked meanwhile, by an emergency? then nothing is stored)
 *   4. store it in every target (a failed write rolls every target back to the old token)
 *   5. run the consumers' deploy workflows, if any, and wait for them
 *   6. revoke what the record holds, then delete the record (`true`), or revoke all but the
 *      old token and keep that one for the next run (`deferred`)
 * A run killed anywhere leaves every valid token it made or replaced in the record, so the next
 * `rotate`, given `previous-token`, revokes them. Only system user tokens are ever revoked (Meta
 * documents oauth/revoke for those alone): a user token is left to expire on its own.
 */
export async function rotate(ctx: OperationContext<ConfigOf<'rotate'>>): Promise<void> {
  const start = await ctx.log.group('Preflight', async () => {
    const recordUnread = unreadRecord(ctx)
    const started = await inspectAndPreflight(ctx)
    // A record is kept for system user tokens only.
    const problem = started.current.type === 'SYSTEM_USER' ? await recordUnread : undefined
    if (problem && started.due) throw problem
    if (problem && ctx.config.dryRun) ctx.report.warnings.push(`${problem.message} ${problem.fix}`)
    return started
  })
  if (!start.due) return
  const newToken = await ctx.log.group('Refresh', () => refreshToken(ctx, start))
  const revocable = mayRevoke(start, newToken, ctx.config.accessToken)
  const record = recordFor(ctx, start.prepared, start.current.type)
  ctx.report.set('retired', 0)
  await ctx.log.group('Verify and record', () => verifyAndRecord(ctx, start, newToken, record, revocable))
  await ctx.log.group('Store', () => storeEverywhere(ctx, start.prepared, newToken, record, revocable))
  if (ctx.config.deployWorkflows.length > 0) {
    const deployed = await ctx.log.group('Deploys', () => deploy(ctx))
    if (!deployed) return keepEverything(ctx, newToken, record)
  }
  await ctx.log.group('Revoke', () => revokeReplaced(ctx, start, newToken, record))
}

/**
 * Whether this rotation may revoke the new token (after a failure): a system user token only,
 * and never one a target holds — when Meta hands back the string it was given, the new token
 * is the old one.
 */
function mayRevoke(start: Start, newToken: string, oldToken: string): boolean {
  return isRevocable(start.renewal) && newToken !== oldToken
}

/**
 * docs/promises.md, Promise 3: store only a token that Meta has just confirmed valid. The record is written
 * beside the check, and must be written before the new token goes to any target.
 */
async function verifyAndRecord(
  ctx: OperationContext<ConfigOf<'rotate'>>,
  start: Start,
  newToken: string,
  record: TokenRecord | undefined,
  revocable: boolean
): Promise<void> {
  const { config } = ctx
  ctx.log.info(record ? `Verifying the new token at Meta and writing ${record.label}…` : 'Verifying the new token at Meta…')
  const previous = record ? [...record.tokens] : []
  // Sealed for the targets once both requests are on the wire, so that the writes start as soon
  // as Meta confirms it; nothing is sent before.
  // The old token is inspected again beside the verification (no extra round trip): an emergency
  // may have revoked it since the refresh, and its replacement must not be overwritten.
  const recheckOld = newToken !== config.accessToken
  void requestsSent((record ? 2 : 1) + (recheckOld ? 1 : 0)).then(() => ctx.store?.preseal(start.prepared, newToken))
  // Both Meta requests start before the record's write, whose sealing holds the main thread for
  // a few milliseconds: the writes wait for all three answers.
  const [verified, oldDead, recorded] = await Promise.allSettled([
    verifyNewToken(ctx, newToken, 'verify the new token', { baseline: start.current }),
    recheckOld ? isDead(ctx, config.accessToken) : false,
    record?.save([...previous, config.accessToken, newToken], 'record the tokens'),
  ])
  const revokedMeanwhile = oldDead.status === 'fulfilled' && oldDead.value
  const valid = verified.status === 'fulfilled' && verified.value.refusal === undefined
  if (valid && recorded.status === 'fulfilled' && !revokedMeanwhile) {
    ctx.report.describeToken(verified.value.info, newToken, 'new')
    return
  }
  // Not stored anywhere, so take it out of circulation, and put the record back as it was.
  const revokedNew = await revokeUnstoredToken(ctx, newToken, config.accessToken, revocable)
  if (record && recorded.status === 'fulfilled' && revokedNew) await record.save(previous, 'record the tokens').catch(() => undefined)
  if (revokedMeanwhile) {
    const inRecord = record && recorded.status === 'fulfilled' && !revokedNew ? record.label : undefined
    throw oldRevokedBeforeStore(revokedNew, inRecord)
  }
  if (recorded.status === 'rejected') {
    const cause = recorded.reason as ActionError
    throw new ActionError(
      'record the tokens',
      `The previous-token record could not be written, so the new token was not stored anywhere${revokedNew ? ' and was revoked' : ''}; the old token still works. ${cause.message}`,
      `${cause.fix ?? ''} The GitHub token needs the same permission on the first target as for the secret itself.`.trim()
    )
  }
  if (verified.status === 'rejected') throw verified.reason
  throw refusedTokenError({
    step: 'verify the new token',
    minted: 'Meta issued a new token',
    refusal: verified.value.refusal ?? '',
    revoked: revokedNew,
    oldTokenWorks: true,
    fix: verified.value.fix ?? RETRY_FIX,
  })
}

/**
 * Step 5: the consumers pick up the new token before the old one is revoked. Fails the run when
 * any deploy did not succeed; returns false when a run could not be followed (nothing to revoke
 * on then), true when every deploy succeeded.
 */
async function deploy(ctx: OperationContext<ConfigOf<'rotate'>>): Promise<boolean> {
  const { report } = ctx
  const { runs, failed } = await runAndReportDeploys(ctx, await (ctx.github as Promise<Octokit>))
  if (failed.length > 0) {
    throw new ActionError(
      'run the deploy workflows',
      `The new token is stored in every target, but ${failed.length} deploy run(s) did not succeed: ${describeRuns(failed)}. Nothing was revoked: the old token still works and stays in the previous-token record.`,
      'Fix the deploys and run them again; then the next `rotate` (given `previous-token`) or an `operation: retire` revokes the old token.',
      `${failed.length === 1 ? 'a deploy run' : `${failed.length} deploy runs`} failed; the old token still works`
    )
  }
  if (runs.some(run => run.conclusion === 'not followed')) {
    report.warnings.push(
      'GitHub started a deploy workflow without saying which run it started (older GitHub Enterprise Server), so the action cannot tell when it is done: the old token was not revoked and stays in the previous-token record for the next `rotate` or a `retire`.'
    )
    return false
  }
  return true
}

/** After deploys that could not be followed: the run succeeds, and revokes nothing. */
async function keepEverything(ctx: OperationContext<ConfigOf<'rotate'>>, newToken: string, record: TokenRecord | undefined): Promise<void> {
  await record?.save(
    record.tokens.filter(token => token !== newToken),
    'update the previous-token record'
  )
  ctx.report.result = `Rotated: the new token is stored in ${ctx.config.targets.length} target(s); nothing was revoked (a deploy run could not be followed).`
}

async function storeEverywhere(
  ctx: OperationContext<ConfigOf<'rotate'>>,
  prepared: PreparedTarget[],
  newToken: string,
  record: TokenRecord | undefined,
  revocable: boolean
): Promise<void> {
  const outcome = await writeTargets(ctx, prepared, newToken)
  if (outcome.failures.length > 0) await rollBack(ctx, outcome.written, outcome.uncertain, outcome.failures, newToken, record, revocable)
  if (record) {
    record.live = newToken
    ctx.report.recordSize = record.tokens.filter(token => token !== newToken).length
  }
  ctx.report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  ctx.report.set('rotated', true)
}

/**
 * Step 5. `true`: every record token but the new one is revoked (the old one among them), and
 * only once those revokes are done is the record deleted — or rewritten to the tokens that could
 * not be revoked. `deferred`: all but the new and the old one; the record keeps the old one.
 */
async function revokeReplaced(
  ctx: OperationContext<ConfigOf<'rotate'>>,
  start: Start,
  newToken: string,
  record: TokenRecord | undefined
): Promise<void> {
  const { config, report } = ctx
  const stored = `the new token is stored in ${config.targets.length} target(s)`
  if (newToken === config.accessToken) {
    report.notes.push(
      "Meta's exchange returned the very token it was given (`expires-at` shows its expiry now), so there was no old token to revoke."
    )
  }
  const sameToken = `Rotated: Meta handed back the same token, now stored in ${config.targets.length} target(s). It was not revoked: it is the token every target holds.`
  if (!isRevocable(start.renewal)) {
    report.result =
      newToken === config.accessToken
        ? sameToken
        : `Rotated: ${stored}. The old user token was not revoked: it works until it expires (${report.oldExpiry?.expiresAt ?? 'as Meta set'}).`
    report.notes.push(
      'Meta documents `oauth/revoke` for system user tokens only, so a rotation never revokes a user token: the old one expires on its own. For tokens that are revoked on rotation, use a system user token (`operation: generate`).'
    )
    return
  }
  // A system user token keeps no record only with `revoke-old: false`.
  if (!record) {
    report.result =
      newToken === config.accessToken
        ? sameToken
        : `Rotated: ${stored}. The old token was not revoked (\`revoke-old: false\`) and works until it expires; revoke it with \`operation: revoke\` once nothing uses it.`
    return
  }
  const keep = config.revokeOld === 'deferred' ? [newToken, config.accessToken] : [newToken]
  const doomed = record.tokens.filter(token => !keep.includes(token))
  ctx.log.info(`Revoking ${doomed.length} token(s) from the record…`)
  const outcome = await revokeRecordTokens(ctx, doomed, newToken, 'revoke the old token')
  const oldGone = outcome.gone.includes(config.accessToken)
  report.set('revoked', oldGone)
  if (outcome.alreadyInvalid.includes(config.accessToken)) report.notes.push(OLD_ALREADY_INVALID)
  report.set('retired', outcome.gone.filter(token => token !== config.accessToken).length)
  const kept = config.revokeOld === 'deferred' ? [config.accessToken, ...outcome.left] : outcome.left
  await record.save(kept, 'update the previous-token record')
  if (outcome.left.length > 0) {
    throw new ActionError(
      'revoke the old token',
      `The new token is stored in every target, but ${outcome.left.length} replaced token(s) could not be revoked: ${whyLeft(outcome)} They stay in the record ${record.label}.`,
      leftTokensFix(outcome)
    )
  }
  if (newToken === config.accessToken) report.result = sameToken
  else if (config.revokeOld === 'deferred') {
    report.result = `Rotated: ${stored}. The old token is not revoked yet (\`revoke-old: deferred\`) and stays in ${record.label}: it works until the next rotation revokes it, and at the latest until it expires${oldTokenEnd(report.oldExpiry)}. Every service must have the new token before then.`
  } else report.result = `Rotated: ${stored} and the old token is revoked.`
}

/** When the old token expires on its own: a deferred token does not outlive it, however late the next rotation. */
function oldTokenEnd(expiry: Expiry | undefined): string {
  if (!expiry || expiry.expiresAt === 'never') return ''
  return ` on ${expiry.expiresAt} (${expiry.daysRemaining} days from now)`
}

const OLD_ALREADY_INVALID =
  'The old token was already invalid when we tried to revoke it (another run, or a retried request, got there first).'
