import { GraphError } from '../graph/errors.ts'
import { graphFailure, inspect } from '../steps/token-checks.ts'
import type { OperationContext } from '../steps/context.ts'

/** Revokes `revoke-token` (default: `access-token` itself), calling as `access-token`. */
export async function revoke(ctx: OperationContext): Promise<void> {
  const { config, report } = ctx
  const self = config.revokeToken === config.accessToken
  if (config.dryRun) {
    const info = await inspect(ctx, config.revokeToken, 'inspect the token to revoke')
    report.set('is-valid', info.isValid)
    if (info.type) report.tokenType = info.type
    report.result = `Dry run: the token ${info.isValid ? 'is valid and would be revoked' : 'is already invalid'}. Nothing was changed.`
    return
  }
  try {
    await ctx.graph.revoke(config.revokeToken, config.accessToken)
  } catch (error) {
    // A dead token cannot be revoked again; when it is already invalid, the goal is reached.
    if (error instanceof GraphError && error.kind === 'graph') {
      const info = await inspect(ctx, config.revokeToken, 'revoke the token').catch(() => undefined)
      if (info && !info.isValid) {
        report.result = 'The token was already invalid; nothing left to revoke.'
        report.headline = 'the token was already invalid'
        report.notes.push('Meta reports the token as invalid (expired or revoked earlier), so it cannot be used any more.')
        return
      }
    }
    throw graphFailure('revoke the token', error)
  }
  report.set('revoked', true)
  report.result = `Revoked ${self ? 'the token in `access-token`' : 'the token in `revoke-token`'}; it cannot be used any more.`
}
