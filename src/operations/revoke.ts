import { revokeTokens } from '../steps/revoke-tokens.ts'
import { inspect } from '../steps/token-checks.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'

/** Revokes `revoke-token` (default: `access-token` itself), calling as `access-token`. */
export async function revoke(ctx: OperationContext<ConfigOf<'revoke'>>): Promise<void> {
  const { config, report } = ctx
  const self = config.revokeToken === config.accessToken
  if (config.dryRun) {
    const info = await inspect(ctx, config.revokeToken, 'inspect the token to revoke')
    report.set('is-valid', info.isValid)
    if (info.type) report.tokenType = info.type
    report.result = `Dry run: the token ${info.isValid ? 'is valid and would be revoked' : 'is already invalid'}. Nothing was changed.`
    return
  }
  const outcome = await revokeTokens(ctx, [config.revokeToken], {
    callerOf: () => config.accessToken,
    step: 'revoke the token',
    checkRefusalsOnly: true,
  })
  if (outcome.alreadyInvalid.length > 0) {
    report.result = 'The token was already invalid; nothing left to revoke.'
    report.title = 'the token was already invalid'
    report.notes.push('Meta reports the token as invalid (expired or revoked earlier), so it cannot be used any more.')
    return
  }
  const failure = outcome.failures.get(config.revokeToken)
  if (failure) throw failure
  report.set('revoked', true)
  report.result = `Revoked ${self ? 'the token in `access-token`' : 'the token in `revoke-token`'}; it cannot be used any more.`
}
