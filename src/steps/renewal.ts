import { both } from '../runtime/concurrency.ts'
import { ActionError } from '../runtime/errors.ts'
import { expiryOf } from '../graph/expiry.ts'
import type { TokenInfo } from '../graph/token-info.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { StepContext } from './context.ts'
import { checkDeployWorkflows } from './deploys.ts'
import { describeFailures, preflightError, preflightTargets } from './target-writes.ts'
import { graphFailure, inspect, neverExpiresWarning, requireSameApp, requireValid } from './token-checks.ts'
import { type Renewal, renewalOf } from './token-types.ts'

/** What to do about a new token Meta issued but did not confirm (`refresh` and `rotate`). */
export const RETRY_FIX = 'Run again later; if it persists, check the app and the system user in Business settings.'

/** What `refresh` and `rotate` know once the current token is inspected and the targets checked. */
export interface Start {
  /** The current token as debug_token sees it. */
  current: TokenInfo
  /** How Meta renews it: by its type. */
  renewal: Renewal
  /** Every target, its public key read: all of them, or the run would have stopped. */
  prepared: PreparedTarget[]
  /** False when there is nothing to renew (never-expiring token, not due yet, dry run). */
  due: boolean
}

/**
 * Step 1 of `refresh` and `rotate`: inspect the current token while checking every target, and
 * decide whether a renewal is due. Fails before Meta is asked for anything when a target is not
 * writable (docs/promises.md, Promise 4).
 */
export async function inspectAndPreflight(
  ctx: StepContext<'accessToken' | 'appId' | 'deployWorkflows' | 'dryRun' | 'previousTokens' | 'renewBeforeDays' | 'secretName' | 'targets'>
): Promise<Start> {
  const { config, report } = ctx
  ctx.log.info(`Inspecting the current token${ctx.store ? ` and checking ${config.targets.length} secret target(s)` : ''}…`)
  const deploysChecked = checkDeployWorkflows(ctx)
  const [current, [preflight, deployFailures]] = await both(
    inspect(ctx, config.accessToken, 'inspect the current token'),
    Promise.all([preflightTargets(ctx), deploysChecked])
  )
  report.describeToken(current, undefined, 'old')
  // Another app's token is refused first: whether it is valid does not help.
  requireSameApp(ctx, current, 'access-token', 'inspect the current token')
  requireValid(current, 'access-token', 'inspect the current token', revokedTokenAdvice(ctx))
  const renewal = renewalOf(current, 'inspect the current token')

  const notDue = (result: string): Start => {
    report.set('token', config.accessToken)
    noteRecordLeftAlone(ctx)
    // A skip still reports unwritable targets, as warnings.
    for (const failure of preflight.failures) report.warnings.push(`Target not writable: ${failure.message}`)
    report.result = result
    return { current, renewal, prepared: preflight.prepared, due: false }
  }
  if (current.expiresAt === 0) {
    report.warnings.push(neverExpiresWarning('access-token'))
    return notDue('Nothing refreshed: the token never expires.')
  }
  if (!renewalDue(ctx, current)) {
    report.set('skipped', true)
    return notDue(
      `Skipped: the token has ${report.oldExpiry?.daysRemaining} days left, more than \`renew-before-days\` (${config.renewBeforeDays}).`
    )
  }
  if (preflight.failures.length > 0) throw preflightError(preflight.failures)
  if (deployFailures.length > 0) {
    const { messages, fix } = describeFailures(deployFailures)
    throw new ActionError('check deploy workflows', `A deploy workflow cannot be run, so nothing was changed at Meta: ${messages}`, fix)
  }
  if (config.dryRun) {
    for (const item of preflight.prepared) report.target(item.target.label, 'would write')
    const deploys = config.deployWorkflows.length > 0 ? `, and ${config.deployWorkflows.length} deploy workflow(s) run` : ''
    report.result = `Dry run: the token would be ${renewal === 'system user refresh' ? 'refreshed' : 'exchanged'} and written to ${preflight.prepared.length} target(s)${deploys}. Nothing was changed.`
    report.title = `would ${report.operation === 'rotate' ? 'rotate' : 'refresh'} the token into ${preflight.prepared.length} target(s)`
    return { current, renewal, prepared: preflight.prepared, due: false }
  }
  return { current, renewal, prepared: preflight.prepared, due: true }
}

/**
 * A rotation that finds its token revoked may have been queued before an emergency revocation
 * stored a replacement: GitHub gives a run the secret's value of when the run was queued.
 */
function revokedTokenAdvice(
  ctx: StepContext<'accessToken' | 'appId' | 'deployWorkflows' | 'dryRun' | 'previousTokens' | 'renewBeforeDays' | 'secretName' | 'targets'>
): string {
  const secret = ctx.config.secretName ? `\`${ctx.config.secretName}\`` : 'the secret'
  return `If an emergency revocation (\`operation: emergency\`) has just run, this is the token it revoked: this run was given the value ${secret} held when the run was queued. With an admin token configured the emergency stored a replacement in ${secret} (its job summary says so): run this workflow again and it rotates that one. Otherwise:`
}

/** Renew only when due: `renew-before-days` says how close to expiry that is. */
function renewalDue(
  ctx: StepContext<
    'accessToken' | 'appId' | 'deployWorkflows' | 'dryRun' | 'previousTokens' | 'renewBeforeDays' | 'secretName' | 'targets'
  >,
  info: TokenInfo
): boolean {
  const { renewBeforeDays } = ctx.config
  if (renewBeforeDays === undefined || info.expiresAt === undefined || info.expiresAt === 0) return true
  const days = expiryOf(info.expiresAt).daysRemaining ?? 0
  return days <= renewBeforeDays
}

/**
 * Step 2: ask Meta for the new token — a 60-day refresh of a system user token, or the
 * long-lived exchange of a user token. Returns it masked (the Graph client registers it).
 */
export async function refreshToken(
  ctx: StepContext<
    'accessToken' | 'appId' | 'deployWorkflows' | 'dryRun' | 'previousTokens' | 'renewBeforeDays' | 'secretName' | 'targets'
  >,
  start: Start
): Promise<string> {
  const { config, report } = ctx
  const systemUser = start.renewal === 'system user refresh'
  ctx.log.info(systemUser ? 'Refreshing the system user token (60 days)…' : 'Exchanging the user token for a long-lived one…')
  let exchanged
  try {
    // Sealing comes after this round trip (and the verification): load libsodium meanwhile.
    if (start.prepared.length > 0) ctx.store?.preloadSealing()
    exchanged = await ctx.graph.exchangeToken(config.accessToken, systemUser)
  } catch (error) {
    throw graphFailure('refresh the token', error)
  }
  report.set('token', exchanged.accessToken)
  if (exchanged.expiresIn !== undefined) {
    report.describeExpiry(expiryOf(Math.floor(Date.now() / 1000) + exchanged.expiresIn), 'new')
  }
  return exchanged.accessToken
}

/**
 * A skipped run and `refresh` leave the record as it is: the action cannot see which token each
 * target holds, so revoking then could break one.
 */
export function noteRecordLeftAlone(
  ctx: StepContext<'accessToken' | 'appId' | 'deployWorkflows' | 'dryRun' | 'previousTokens' | 'renewBeforeDays' | 'secretName' | 'targets'>
): void {
  const held = ctx.config.previousTokens.length
  if (held === 0) return
  ctx.report.recordSize = held
  ctx.report.notes.push(
    `The previous-token record holds ${held} token(s) not revoked yet; the next rotation revokes them, or \`operation: retire\` once every target holds the current token.`
  )
}
