import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'
import { discardRefusedToken } from '../steps/refused-token.ts'
import { inspectAndPreflight, noteRecordLeftAlone, refreshToken, RETRY_FIX } from '../steps/renewal.ts'
import { partialWriteError, writeTargets } from '../steps/target-writes.ts'
import { isRevocable } from '../steps/token-types.ts'
import { verifyNewToken } from '../steps/verify.ts'

/** `refresh`: a new token, verified, stored where `secret-name` says; the old token is left alone. */
export async function refresh(ctx: OperationContext<ConfigOf<'refresh'>>): Promise<void> {
  const { config, report } = ctx
  const start = await ctx.log.group('Preflight', () => inspectAndPreflight(ctx))
  if (!start.due) return
  const newToken = await ctx.log.group('Refresh', () => refreshToken(ctx, start))
  await ctx.log.group('Verify', async () => {
    ctx.log.info('Verifying the new token at Meta…')
    // One round trip after the refresh: debug_token confirms the token (and its expiry when
    // Meta's answer left it out), its assets, and that it reaches what the old one did.
    const { info, refusal, fix } = await verifyNewToken(ctx, newToken, 'verify the new token', { baseline: start.current })
    if (!refusal) {
      report.describeToken(info, newToken, 'new')
      return
    }
    // Not stored anywhere: take it out of circulation (a system user token only, never the old one).
    throw await discardRefusedToken(ctx, newToken, {
      caller: config.accessToken,
      revocable: isRevocable(start.renewal) && newToken !== config.accessToken,
      step: 'verify the new token',
      minted: 'Meta issued a new token',
      refusal,
      oldTokenWorks: true,
      fix: fix ?? RETRY_FIX,
    })
  })
  const outcome = await ctx.log.group('Store', () => writeTargets(ctx, start.prepared, newToken))
  report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  if (outcome.failures.length > 0)
    throw partialWriteError('A new token was issued', outcome, ' The old token was left alone and still works.')
  report.set('rotated', true)
  noteRecordLeftAlone(ctx)
  report.result = ctx.store
    ? `Refreshed: the new token is stored in ${outcome.written.length} target(s); the old token still works until it expires.`
    : 'Refreshed: the new token is in the masked `token` output (no `secret-name`, so no secret was written).'
}
