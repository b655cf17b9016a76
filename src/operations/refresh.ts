import { expiryOf } from '../graph/expiry.ts'
import type { OperationContext } from './context.ts'
import { inspectAndPreflight, noteRecordLeftAlone, refreshToken } from './renewal.ts'
import { partialWriteError, writeTargets } from './target-writes.ts'
import { inspect } from './token-checks.ts'

/** `refresh`: a new token stored where `secret-name` says; the old token is left alone. */
export async function refresh(ctx: OperationContext): Promise<void> {
  const { report } = ctx
  const start = await ctx.log.group('Preflight', () => inspectAndPreflight(ctx))
  if (!start.due) return
  const newToken = await ctx.log.group('Refresh', async () => {
    const token = await refreshToken(ctx, start)
    if (!report.newExpiry) {
      // Meta did not say when the new token expires: ask debug_token.
      const info = await inspect(ctx, token, 'inspect the new token')
      if (info.expiresAt !== undefined) report.describeExpiry(expiryOf(info.expiresAt), 'new')
    }
    return token
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
