import type { Expiry } from '../graph/expiry.ts'
import { both } from '../runtime/concurrency.ts'
import { discardRefusedToken } from '../steps/refused-token.ts'
import { checkAdminToken } from '../steps/admin-token.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'
import { partialWriteError, preflightError, preflightTargets, writeTargets } from '../steps/target-writes.ts'
import { verifyNewToken } from '../steps/verify.ts'
import { isSupportedScope } from '../inputs/scopes.ts'
import { mintFailure, unlistedScopesWarning } from '../steps/mint-failure.ts'

/** Creates a system user token with `scope`, calling as the admin token, and stores it. */
export async function generate(ctx: OperationContext<ConfigOf<'generate'>>): Promise<void> {
  const { config, report } = ctx
  const systemUserId = config.systemUserId
  const unlisted = config.scopes.filter(scope => !isSupportedScope(scope))
  if (unlisted.length > 0) report.warnings.push(unlistedScopesWarning(unlisted))
  const [, preflight] = await both(checkAdminToken(ctx), preflightTargets(ctx))
  if (preflight.failures.length > 0) throw preflightError(preflight.failures)
  if (config.dryRun) {
    for (const item of preflight.prepared) report.target(item.target.label, 'would write')
    report.result = `Dry run: a ${config.expiring ? '60-day' : 'never-expiring'} token for system user ${systemUserId} would be generated. Nothing was changed.`
    return
  }

  let token: string
  try {
    token = await ctx.graph.generateSystemUserToken(systemUserId, config.scopes, config.expiring, config.adminToken)
  } catch (error) {
    throw mintFailure(config, error)
  }
  report.set('token', token)
  // The answer holds only the token: its expiry, type and scopes come from debug_token.
  const { info, refusal, fix } = await verifyNewToken(ctx, token, 'inspect the new token')
  report.describeToken(info, token, 'new')
  if (refusal) {
    // A valid token that cannot do its job is taken out of circulation (calling as the admin
    // token, of the same app); an invalid one cannot be revoked and needs nothing.
    throw await discardRefusedToken(ctx, token, {
      caller: config.accessToken,
      revocable: info.isValid,
      step: 'inspect the new token',
      minted: 'Meta generated a token',
      refusal,
      oldTokenWorks: false,
      fix: fix ?? 'Run again later.',
    })
  }
  // Meta decides the lifetime (it moves businesses to expiring tokens): the words follow the token.
  const expiry = report.newExpiry
  if (expiry?.never) {
    report.warnings.push(
      `This token never expires${config.expiring ? ', although `expiring: true` asked for one that does (Meta decided)' : ' (`expiring: false`)'}; a leak would be usable forever.`
    )
  } else if (expiry && !config.expiring) {
    report.warnings.push(
      `Meta returned a token that expires at ${expiry.expiresAt}, although \`expiring: false\` asked for one that never expires: schedule its rotation before then (README: Quick start).`
    )
  }

  const outcome = await writeTargets(ctx, preflight.prepared, token)
  report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  if (outcome.failures.length > 0) throw partialWriteError('A new token was generated', outcome)
  report.set('rotated', true)
  report.result = ctx.store
    ? `Generated ${lifetime(expiry)} and stored it in ${outcome.written.length} target(s).`
    : `Generated ${lifetime(expiry)}; it is in the masked \`token\` output (no \`secret-name\`, so no secret was written).`
}

/** The token as debug_token describes it: "a never-expiring token", "a token that expires at … (in N days)". */
function lifetime(expiry: Expiry | undefined): string {
  if (!expiry) return 'a token (Meta did not say when it expires)'
  if (expiry.never) return 'a never-expiring token'
  return `a token that expires at ${expiry.expiresAt} (in ${expiry.daysRemaining} days)`
}
