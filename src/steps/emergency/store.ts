import type { PreparedTarget } from '../../github/secret-store.ts'
import { ActionError } from '../../runtime/errors.ts'
import { checkAdminToken } from '../admin-token.ts'
import type { OperationContext } from '../context.ts'
import { checkDeployWorkflows, describeRuns, runAndReportDeploys } from '../deploys.ts'
import { TokenRecord } from '../previous-tokens.ts'
import { describeFailures, preflightTargets, writeTargets } from '../target-writes.ts'
import { recordNotSaved, SERVICES_MAY_HOLD_REVOKED, unrecorded } from './messages.ts'
import { asActionError, type Preparation } from './replacement.ts'

/** For the generate: why the admin token cannot be used, if it cannot (its inspection); never throws. */
export function adminProblem(ctx: OperationContext): Promise<ActionError | undefined> {
  return checkAdminToken(ctx).then(
    () => undefined,
    (error: unknown) => asActionError('check the admin token', error)
  )
}

/** The targets' public keys and the deploy workflows; never throws. Without a replacement only the record's target. */
export async function prepare(ctx: OperationContext, replacing: boolean): Promise<Preparation> {
  const { config } = ctx
  const targets = replacing ? config.targets : config.targets.slice(0, 1)
  const deploysChecked = replacing ? checkDeployWorkflows(ctx) : Promise.resolve([])
  const [preflight, deploys] = await Promise.allSettled([preflightTargets(ctx, targets), deploysChecked])
  return {
    prepared: preflight.status === 'fulfilled' ? preflight.value.prepared : [],
    unwritable: preflight.status === 'fulfilled' ? preflight.value.failures : [asActionError('check secret targets', preflight.reason)],
    deployFailures: deploys.status === 'fulfilled' ? deploys.value : [asActionError('check deploy workflows', deploys.reason)],
  }
}

/** The record in the first target, when it can be written; a warning says why not. */
export function recordOf(ctx: OperationContext, preparation: Preparation, alive: number): TokenRecord | undefined {
  const { config } = ctx
  const first = preparation.prepared.find(item => item.target === config.targets[0])
  if (!ctx.store || !config.previousSecretName) {
    if (config.previousTokens.length > 0) {
      ctx.report.warnings.push(
        'Without `secret-name` the previous-token record cannot be found: its tokens were revoked, but the secret is left as it is.'
      )
    }
    return undefined
  }
  if (!first) {
    if (config.previousTokens.length > 0) {
      const why = preparation.unwritable.map(failure => failure.message).join(' ')
      ctx.report.warnings.push(recordNotSaved(new Error(`its target is not writable: ${why}`), alive))
    }
    return undefined
  }
  return TokenRecord.open(ctx, first, config.previousSecretName)
}

/** The writes: no rollback. Returns the targets that now hold the replacement. */
export async function store(
  ctx: OperationContext,
  preparation: Preparation,
  token: string,
  problems: ActionError[]
): Promise<PreparedTarget[]> {
  const { report } = ctx
  const outcome = await writeTargets(ctx, preparation.prepared, token)
  report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  const failed = [...preparation.unwritable, ...outcome.failures]
  if (failed.length === 0) {
    report.set('replaced', true)
    report.set('rotated', true)
    report.mark('replacement stored')
    return outcome.written
  }
  const written = new Set(outcome.written.map(item => item.target.label))
  const uncertain = new Set(outcome.uncertain.map(item => item.target.label))
  const revokedHolders = ctx.config.targets.map(t => t.label).filter(label => !written.has(label) && !uncertain.has(label))
  if (outcome.written.length > 0) report.mark(`replacement stored in ${outcome.written.length} of ${ctx.config.targets.length} targets`)
  const { messages, fix } = describeFailures(failed)
  problems.push(
    new ActionError(
      'write secrets',
      `The replacement could not be stored in ${failed.length} target(s): ${messages} ${revokedHolders.length > 0 ? `Still holding the revoked token: ${revokedHolders.join(', ')}.` : ''}${uncertain.size > 0 ? ` May hold either: ${[...uncertain].join(', ')}.` : ''}${written.size > 0 ? ` The replacement is in ${[...written].join(', ')} (not rolled back: the old token is dead).` : ''}`,
      `${fix ?? 'Fix the targets named.'} Then run the emergency again to store a fresh replacement everywhere (or copy a new token into those secrets by hand).`
    )
  )
  return outcome.written
}

/**
 * The consumers redeploy with the replacement. Only runs that succeeded count: returns how many,
 * and, when some were not seen to succeed (none listed, or not followed), what the warning says.
 */
export async function deploy(
  ctx: OperationContext,
  preparation: Preparation,
  problems: ActionError[]
): Promise<{ succeeded: number; unseen: string | undefined }> {
  const { config, report } = ctx
  if (config.deployWorkflows.length === 0) return unseen(ctx, 0, 'no `deploy-workflows` are listed, so nothing redeployed them')
  if (preparation.deployFailures.length > 0) {
    const { messages, fix } = describeFailures(preparation.deployFailures)
    problems.push(
      new ActionError(
        'check deploy workflows',
        `No deploy workflow was run, since not all of them can be: ${messages}`,
        `${fix ?? ''} Then redeploy the services that read the secret by hand: they still hold the revoked token.`.trim()
      )
    )
    return { succeeded: 0, unseen: undefined }
  }
  const github = await ctx.github
  if (!github) return { succeeded: 0, unseen: undefined }
  const { runs, failed } = await runAndReportDeploys(ctx, github)
  report.mark('deploys finished')
  if (failed.length > 0) {
    problems.push(
      new ActionError(
        'run the deploy workflows',
        `${failed.length} deploy run(s) did not succeed: ${describeRuns(failed)}. The services they deploy may still hold the revoked token.`,
        'Fix the deploys and run them again (the replacement stays in the secret; nothing is left to revoke).'
      )
    )
  }
  const succeeded = runs.filter(run => run.conclusion === 'success').length
  const unfollowed = runs.filter(run => run.conclusion === 'not followed')
  if (unfollowed.length === 0) return { succeeded, unseen: undefined }
  return unseen(ctx, succeeded, `${describeRuns(unfollowed)} could not be followed, so nothing shows they redeployed`)
}

function unseen(ctx: OperationContext, succeeded: number, why: string): { succeeded: number; unseen: string } {
  ctx.report.caution = `${SERVICES_MAY_HOLD_REVOKED}: ${why}.`
  ctx.report.warnings.push(
    `${SERVICES_MAY_HOLD_REVOKED}: ${why}. Redeploy (or restart) every service that read the secret, so it picks the replacement up.`
  )
  return { succeeded, unseen: why }
}

/** A replacement held by no target is written into the record: never left untracked. */
export async function keepUnheld(record: TokenRecord | undefined, kept: string[], unheld: string, problems: ActionError[]): Promise<void> {
  if (!record) {
    problems.push(unrecorded(undefined))
    return
  }
  await record.save([...kept, unheld], 'update the previous-token record').catch((error: unknown) => problems.push(unrecorded(error)))
}
