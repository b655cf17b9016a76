import { preflightDeploys } from '../deploy/runs.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { Config } from '../inputs/inputs.ts'
import { ActionError, describeError } from '../runtime/errors.ts'
import { requestsSent } from '../runtime/http.ts'
import { checkAdminToken } from '../steps/admin-token.ts'
import type { OperationContext } from '../steps/context.ts'
import { describeRuns, runAndReportDeploys } from '../steps/deploys.ts'
import { mintFailure } from '../steps/mint-failure.ts'
import { TokenRecord } from '../steps/previous-tokens.ts'
import { describeFailures, preflightTargets, writeTargets } from '../steps/target-writes.ts'
import { graphFailure, inspect } from '../steps/token-checks.ts'
import { verifyNewToken } from '../steps/verify.ts'

/**
 * Incident response for a leaked token, in one run:
 *   1. revoke the stored token and every token of the record at once, each calling as itself —
 *      the first requests of the run; nothing else is sent before they are on the wire
 *   2. meanwhile: inspect the admin token, then read every target's public key and check the
 *      deploy workflows
 *   3. with `admin-token`, once the revocations are answered: generate a 60-day replacement (the
 *      record is rewritten beside it to what is still alive, usually deleted) → verify it (the
 *      key reads finish meanwhile) → store it in every target
 *   4. run the deploy workflows, so the consumers pick the replacement up
 * Nothing is rolled back: the old token is dead, and a target that got the replacement keeps it.
 * A problem after step 1 does not stop the steps that can still help; the run then fails
 * naming everything left to do.
 */
export async function emergency(ctx: OperationContext): Promise<void> {
  const { config, report } = ctx
  const leaked = leakedTokens(config)
  const replacing = config.adminToken !== undefined && config.replacementProblem === undefined
  report.set('retired', 0)
  report.set('replaced', false)
  if (config.dryRun) return dryRun(ctx, leaked, replacing)

  // Subscribed before the revocations start, so it counts exactly theirs.
  const sent = requestsSent(leaked.length)
  const revoking = ctx.log.group('Revoke', () => revokeAll(ctx, leaked))
  // Then the admin token's inspection, and Octokit (for the key reads) only once that is on the
  // wire too: loading it holds the main thread for tens of milliseconds. Callbacks of one promise
  // run in order, so the count below is subscribed before the inspection starts.
  const adminSent = sent.then(() => (replacing ? requestsSent(1) : undefined))
  const adminChecked = replacing ? sent.then(() => adminProblem(ctx)) : Promise.resolve(undefined)
  const preparing = adminSent.then(() => prepare(ctx, replacing))
  const outcome = await revoking
  report.mark(outcome.alive.length === 0 ? 'leaked token dead' : `${outcome.alive.length} leaked token(s) still alive`)

  const problems: ActionError[] = []
  if (outcome.alive.length > 0) problems.push(stillAlive(outcome))
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
  if (!replacing) noReplacement(ctx, problems)
  else {
    const replacement = await ctx.log
      .group('Replace', () => replace(ctx, adminChecked, preparing))
      .catch((error: unknown) => {
        problems.push(asActionError('generate the replacement', error))
        if (error instanceof RefusedReplacement) unheld = error.unheld
        return undefined
      })
    if (replacement) {
      const preparation = await preparing
      const stored = await ctx.log.group('Store', () => store(ctx, preparation, replacement, problems))
      if (stored.length === 0 && ctx.store) unheld = replacement
      if (stored.length > 0 && config.deployWorkflows.length > 0) {
        await ctx.log.group('Deploys', () => deploy(ctx, preparation, problems))
      }
    }
  }

  const { record, error: recordError } = await recordSaved
  if (recordError) report.warnings.push(recordNotSaved(recordError, aliveTokens.length))
  if (unheld) await keepUnheld(ctx, record, aliveTokens, unheld, problems)

  if (problems.length > 0) throw combined(problems, outcome)
  report.result = success(ctx, outcome)
}

/** A token this run revokes, named by where it came from (never by its value). */
interface Leaked {
  token: string
  label: string
}

function leakedTokens(config: Config): Leaked[] {
  return [
    { token: config.accessToken, label: 'the stored token' },
    ...config.previousTokens.map(token => ({ token, label: `record line ${config.recordLines.lineOf.get(token)}` })),
  ]
}

interface Revocation {
  dead: Leaked[]
  /** Of `dead`, those Meta reported invalid already. */
  alreadyInvalid: Leaked[]
  alive: Array<Leaked & { reason: string }>
}

const REVOKE_STEP = 'revoke the leaked tokens'

/** All at once, each token calling as itself (Meta: the caller and the revoked token share the app). */
async function revokeAll(ctx: OperationContext, leaked: Leaked[]): Promise<Revocation> {
  ctx.log.info(`Revoking ${leaked.length} token(s) at once: ${leaked.map(item => item.label).join(', ')}…`)
  const result: Revocation = { dead: [], alreadyInvalid: [], alive: [] }
  await Promise.all(
    leaked.map(async item => {
      try {
        await ctx.graph.revoke(item.token, item.token)
        result.dead.push(item)
      } catch (error) {
        // A dead token cannot call any more, so its revoke fails: Meta says whether it is dead.
        const info = await inspect(ctx, item.token, REVOKE_STEP).catch(() => undefined)
        if (info && !info.isValid) {
          result.dead.push(item)
          result.alreadyInvalid.push(item)
        } else result.alive.push({ ...item, reason: graphFailure(REVOKE_STEP, error).message })
      }
    })
  )
  ctx.report.set('revoked', result.alive.length === 0)
  ctx.report.set('retired', result.dead.filter(item => item.token !== ctx.config.accessToken).length)
  if (result.alreadyInvalid.length > 0) {
    ctx.report.notes.push(
      `Meta already reported ${result.alreadyInvalid.map(item => item.label).join(', ')} invalid (revoked earlier, or expired): counted as dead.`
    )
  }
  return result
}

function stillAlive(outcome: Revocation): ActionError {
  const names = outcome.alive.map(item => item.label).join(', ')
  return new ActionError(
    REVOKE_STEP,
    `${outcome.alive.length} leaked token(s) could not be revoked and may still work: ${names}. ${outcome.alive.map(item => `${item.label}: ${sentence(item.reason)}`).join(' ')}`,
    `Revoke ${outcome.alive.length === 1 ? 'it' : 'them'} by hand now: Business settings → Users → System users → the system user → Revoke tokens. That may revoke the system user's other tokens of the app too, the replacement among them: then run this emergency again, and it stores a fresh one (the tokens that could not be revoked stay in the previous-token record until then).`
  )
}

/** What steps 3 and 4 need, learnt while the revocations were under way. */
interface Preparation {
  prepared: PreparedTarget[]
  unwritable: ActionError[]
  deployFailures: ActionError[]
}

/** Step 2, for the generate: why the admin token cannot be used, if it cannot (its inspection); never throws. */
function adminProblem(ctx: OperationContext): Promise<ActionError | undefined> {
  return checkAdminToken(ctx).then(
    () => undefined,
    (error: unknown) => asActionError('check the admin token', error)
  )
}

/** Step 2, for the store: the targets' public keys and the deploy workflows; never throws. */
async function prepare(ctx: OperationContext, replacing: boolean): Promise<Preparation> {
  const { config } = ctx
  // Without a replacement only the record is written, in the first target.
  const targets = replacing ? config.targets : config.targets.slice(0, 1)
  const deploysChecked =
    replacing && ctx.github && config.deployWorkflows.length > 0
      ? ctx.github.then(github => preflightDeploys(github, config.deployWorkflows))
      : Promise.resolve([])
  const [preflight, deploys] = await Promise.allSettled([preflightTargets({ ...ctx, config: { ...config, targets } }), deploysChecked])
  return {
    prepared: preflight.status === 'fulfilled' ? preflight.value.prepared : [],
    unwritable: preflight.status === 'fulfilled' ? preflight.value.failures : [asActionError('check secret targets', preflight.reason)],
    deployFailures: deploys.status === 'fulfilled' ? deploys.value : [asActionError('check deploy workflows', deploys.reason)],
  }
}

function recordOf(ctx: OperationContext, preparation: Preparation, alive: number): TokenRecord | undefined {
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
  ctx.report.recordSize = config.previousTokens.length
  return new TokenRecord(ctx, first, config.previousSecretName, config.previousTokens)
}

/** A replacement that must not be stored; `unheld` when it could not be revoked either (it goes into the record). */
class RefusedReplacement extends ActionError {
  readonly unheld: string | undefined

  constructor(step: string, message: string, fix: string, unheld: string | undefined) {
    super(step, message, fix)
    this.unheld = unheld
  }
}

/**
 * Step 3: a 60-day token for the system user, once the revocations are answered and the admin
 * token is checked, verified at Meta (returned). The key reads need not be done before it: they
 * finish beside the generate (Octokit's loading stays off the path), and a replacement that no
 * target can take, or that Meta does not confirm, is revoked.
 */
async function replace(
  ctx: OperationContext,
  adminChecked: Promise<ActionError | undefined>,
  preparing: Promise<Preparation>
): Promise<string> {
  const { config, report } = ctx
  const adminFailure = await adminChecked
  if (adminFailure) throw adminFailure
  ctx.log.info(`Generating a 60-day replacement for system user ${config.systemUserId}…`)
  // Sealing comes after this round trip and the verification: load libsodium meanwhile.
  ctx.store?.preloadSealing()
  let token: string
  try {
    token = await ctx.graph.generateSystemUserToken(config.systemUserId as string, config.scopes, true, config.adminToken as string)
  } catch (error) {
    throw mintFailure(config, error)
  }
  const step = 'verify the replacement'
  // Sealed for the targets while Meta is asked to confirm it, once that request is on the wire:
  // the writes then start as soon as it is confirmed (nothing is sent before).
  const verifySent = requestsSent(1)
  void verifySent.then(() => preparing).then(preparation => ctx.store?.preseal(preparation.prepared, token))
  // A verification Meta cannot answer counts as a refusal: `cause` says why.
  const [{ verification, cause }, preparation] = await Promise.all([
    verifyNewToken(ctx, token, step).then(
      value => ({ verification: value, cause: undefined }),
      (error: unknown) => ({ verification: undefined, cause: error })
    ),
    preparing,
  ])
  const writable = !ctx.store || preparation.prepared.length > 0
  if (verification && verification.refusal === undefined && writable) {
    report.describeToken(verification.info, token, 'new')
    return token
  }
  const revoked = await ctx.graph.revoke(token, token).then(
    () => true,
    () => false
  )
  const fate = `so it was not stored${revoked ? ' and was revoked' : '; it could not be revoked and is kept in the previous-token record'}`
  if (!writable) {
    const { messages, fix } = describeFailures(preparation.unwritable)
    throw new RefusedReplacement(
      'check secret targets',
      `No secret target is writable, ${fate}: ${messages}`,
      `${fix ?? 'Fix the targets.'} Then run the emergency again.`,
      revoked ? undefined : token
    )
  }
  const why = verification ? verification.refusal : `Meta could not be asked to confirm it (${describeError(asActionError(step, cause))})`
  throw new RefusedReplacement(
    step,
    `Meta generated a replacement but ${why}, ${fate}.`,
    'Run the emergency again (the tokens it revoked now count as dead), or store a token generated in Business settings → Users → System users.',
    revoked ? undefined : token
  )
}

/** Step 3, the writes: no rollback. Returns the targets that now hold the replacement. */
async function store(ctx: OperationContext, preparation: Preparation, token: string, problems: ActionError[]): Promise<PreparedTarget[]> {
  const { report } = ctx
  const outcome = await writeTargets(ctx, preparation.prepared, token)
  report.setSecretsUpdated(outcome.written.map(item => item.target.label))
  const failed = [...preparation.unwritable, ...outcome.failures]
  if (failed.length === 0) {
    report.set('replaced', true)
    report.set('rotated', true)
    if (ctx.store) report.mark('replacement stored')
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

/** Step 4: the consumers redeploy with the replacement; nothing is left to revoke afterwards. */
async function deploy(ctx: OperationContext, preparation: Preparation, problems: ActionError[]): Promise<void> {
  const { report } = ctx
  if (preparation.deployFailures.length > 0) {
    const { messages, fix } = describeFailures(preparation.deployFailures)
    problems.push(
      new ActionError(
        'check deploy workflows',
        `No deploy workflow was run, since not all of them can be: ${messages}`,
        `${fix ?? ''} Then redeploy the services that read the secret by hand: they still hold the revoked token.`.trim()
      )
    )
    return
  }
  const github = await ctx.github
  if (!github) return
  const { failed } = await runAndReportDeploys(ctx, github)
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
}

/** No `admin-token`: the leak is stopped, and the secret holds a dead token until someone stores one. */
function noReplacement(ctx: OperationContext, problems: ActionError[]): void {
  const { config } = ctx
  const secret = config.secretName ? `\`${config.secretName}\`` : 'the secret'
  if (config.replacementProblem) {
    problems.push(
      new ActionError(
        'generate the replacement',
        `No replacement was generated: ${config.replacementProblem}`,
        `Fix the input, then run the emergency again: it stores a replacement. Until then ${secret} holds a revoked token.`
      )
    )
    return
  }
  ctx.report.warnings.push(
    `${secret} now holds a revoked token: everything that reads it fails until a new token is stored. Pass \`admin-token\` (with \`system-user-id\` and \`scope\`) and run the emergency again to have one generated and stored, or generate one in Business settings → Users → System users and store it by hand.`
  )
}

/** A replacement held by no target is written into the record: never left untracked. */
async function keepUnheld(
  ctx: OperationContext,
  record: TokenRecord | undefined,
  kept: string[],
  unheld: string,
  problems: ActionError[]
): Promise<void> {
  const fix = 'Revoke it by hand (Business settings → Users → System users → the system user → Revoke tokens), or let it expire in 60 days.'
  if (!record) {
    problems.push(
      new ActionError('update the previous-token record', 'The unused replacement could not be recorded (no record target).', fix)
    )
    return
  }
  try {
    await record.save([...kept, unheld], 'update the previous-token record')
  } catch (error) {
    problems.push(
      new ActionError('update the previous-token record', `The unused replacement could not be recorded: ${describeError(error)}`, fix)
    )
  }
}

function recordNotSaved(error: unknown, alive: number): string {
  return `The previous-token record could not be updated (${describeError(error)}). ${alive > 0 ? 'It still holds the tokens that could not be revoked, so the next `rotate` or a `retire` tries them again.' : 'Every token in it is dead, so nothing is at risk: the next `rotate` finds them invalid and clears it.'}`
}

function combined(problems: ActionError[], outcome: Revocation): ActionError {
  const state =
    outcome.alive.length === 0
      ? `Every leaked token is dead (${outcome.dead.map(item => item.label).join(', ')}).`
      : `${outcome.dead.length} of ${outcome.dead.length + outcome.alive.length} leaked token(s) are dead.`
  const fixes = [...new Set(problems.map(problem => problem.fix).filter(Boolean))]
  return new ActionError(
    problems[0].step,
    `${state} ${problems.map(problem => sentence(problem.message)).join(' ')}`,
    fixes.join(' ') || undefined
  )
}

function success(ctx: OperationContext, outcome: Revocation): string {
  const dead = `Every leaked token is dead (${outcome.dead.map(item => item.label).join(', ')})`
  if (ctx.report.outputs.get('replaced') !== 'true') return `${dead}; no replacement was generated.`
  const where = ctx.store ? `stored in ${ctx.config.targets.length} target(s)` : 'in the masked `token` output (no `secret-name`)'
  const deploys = ctx.config.deployWorkflows.length > 0 ? `, and ${ctx.config.deployWorkflows.length} deploy run(s) succeeded` : ''
  return `${dead}; a 60-day replacement is ${where}${deploys}.`
}

/** Meta's and GitHub's messages do not always end a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function asActionError(step: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error
  return graphFailure(step, error)
}

/** Inspects every leaked token and prepares as a real run would; changes nothing. */
async function dryRun(ctx: OperationContext, leaked: Leaked[], replacing: boolean): Promise<void> {
  const [infos, preparation, adminFailure] = await Promise.all([
    Promise.all(leaked.map(item => inspect(ctx, item.token, REVOKE_STEP).catch(() => undefined))),
    prepare(ctx, replacing),
    replacing ? adminProblem(ctx) : undefined,
  ])
  const valid = leaked.filter((_, index) => infos[index]?.isValid)
  for (const failure of [...preparation.unwritable, ...preparation.deployFailures]) ctx.report.warnings.push(failure.message)
  if (adminFailure) throw adminFailure
  for (const item of preparation.prepared) ctx.report.target(item.target.label, 'would write')
  ctx.report.result = `Dry run: ${leaked.length} token(s) would be revoked (${valid.length} still valid: ${valid.map(item => item.label).join(', ') || 'none'})${replacing ? `, then a 60-day replacement generated and stored in ${preparation.prepared.length} target(s)` : ', with no replacement (no `admin-token`)'}. Nothing was changed.`
}
