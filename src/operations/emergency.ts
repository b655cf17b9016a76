import type { ActionError } from '../runtime/errors.ts'
import { requestsSent } from '../runtime/http.ts'
import type { OperationContext } from '../steps/context.ts'
import { emergencyDryRun } from '../steps/emergency/dry-run.ts'
import {
  combined,
  deferredSettings,
  noAdminTokenWarning,
  recordNotSaved,
  settingsRefused,
  stillAlive,
  success,
} from '../steps/emergency/messages.ts'
import { asActionError, generateReplacement, RefusedReplacement } from '../steps/emergency/replacement.ts'
import { leakedTokens, revokeFirst } from '../steps/emergency/revoke-first.ts'
import { adminProblem, deploy, keepUnheld, prepare, recordOf, store } from '../steps/emergency/store.ts'

/**
 * Incident response for a leaked token, in one run:
 *   1. revoke the stored token and every line of the record at once, each calling as itself —
 *      the first requests of the run (revokeFirst); the stored token is inspected beside its revoke
 *   2. meanwhile: inspect the admin token, read every target's public key, check the deploy workflows
 *   3. with `admin-token` and every replacement setting valid: generate a 60-day replacement,
 *      verify it and bind it to the stored token (same app and system user, at least its
 *      permissions) → store it in every target; the record is rewritten to what is still alive
 *   4. run the deploy workflows; only runs that succeeded count
 * Settings the revokes do not need never delay them: a bad one is reported after them. Nothing is
 * rolled back: the old token is dead. The run fails naming everything left to do.
 */
export async function emergency(ctx: OperationContext): Promise<void> {
  const { config, report } = ctx
  const leaked = leakedTokens(config)
  const secret = config.secretName ? `\`${config.secretName}\`` : 'the secret'
  const refusedSettings = [...deferredSettings(config.deferredProblems), ...(config.replacementProblem ? [config.replacementProblem] : [])]
  const replacing = config.adminToken !== undefined && refusedSettings.length === 0
  report.set('retired', 0)
  report.set('replaced', false)
  if (config.dryRun) return emergencyDryRun(ctx, leaked, replacing)

  const { revocation, stored, meanwhile } = revokeFirst(ctx, leaked, onWire => {
    // The two inspections the generate waits for (the stored token's, started by revokeFirst, and
    // the admin token's), then Octokit (for the key reads) once both are on the wire too: loading
    // it holds the main thread for tens of milliseconds, which would hold back the second one.
    const inspectionsSent = onWire.then(() => (replacing ? requestsSent(2) : undefined))
    return {
      adminChecked: replacing ? onWire.then(() => adminProblem(ctx)) : Promise.resolve(undefined),
      preparing: inspectionsSent.then(() => prepare(ctx, replacing)),
    }
  })
  const { adminChecked, preparing } = meanwhile
  const outcome = await revocation
  report.mark(outcome.alive.length === 0 ? 'leaked token dead' : `${outcome.alive.length} leaked token(s) still alive`)

  const problems: ActionError[] = outcome.alive.length > 0 ? [stillAlive(outcome.alive)] : []
  const aliveTokens = outcome.alive.map(item => item.token)
  // Every token of the record is dead or stays in it: rewritten beside the replacement, off its path.
  const recordSaved = preparing.then(async preparation => {
    const record = recordOf(ctx, preparation, aliveTokens.length)
    if (!record || (config.previousTokens.length === 0 && aliveTokens.length === 0)) return { record, error: undefined }
    return record.save(aliveTokens, 'update the previous-token record').then(
      () => ({ record, error: undefined }),
      (error: unknown) => ({ record, error })
    )
  })

  let unheld: string | undefined
  let replacedIn: number | undefined
  let deploys = { succeeded: 0, unseen: undefined as string | undefined }
  if (refusedSettings.length > 0) problems.push(settingsRefused(refusedSettings, secret))
  else if (!replacing) report.warnings.push(noAdminTokenWarning(secret))
  else {
    const replacement = await ctx.log
      .group('Replace', () => generateReplacement(ctx, adminChecked, preparing, stored))
      .catch((error: unknown) => {
        problems.push(asActionError('generate the replacement', error))
        if (error instanceof RefusedReplacement) unheld = error.unheld
        return undefined
      })
    if (replacement) {
      const preparation = await preparing
      const written = await ctx.log.group('Store', () => store(ctx, preparation, replacement, problems))
      if (written.length === 0) unheld = replacement
      else replacedIn = written.length
      if (written.length > 0) deploys = await ctx.log.group('Deploys', () => deploy(ctx, preparation, problems))
    }
  }

  const { record, error: recordError } = await recordSaved
  if (recordError) report.warnings.push(recordNotSaved(recordError, aliveTokens.length))
  if (unheld) await keepUnheld(record, aliveTokens, unheld, problems)

  if (problems.length > 0) throw combined(problems, outcome)
  report.result = success(outcome, report.outputs.get('replaced') === 'true' ? replacedIn : undefined, deploys)
}
