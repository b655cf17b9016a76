import { ActionError } from '../runtime/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { SecretTarget } from '../inputs/secret-targets.ts'
import type { StepContext } from './context.ts'

/** A failed target's message and, without repeats, what to do about all of them. */
export interface TargetFailures {
  messages: string
  fix: string | undefined
}

export function describeFailures(failures: ActionError[]): TargetFailures {
  return {
    messages: failures.map(f => f.message).join(' '),
    fix: [...new Set(failures.map(f => f.fix).filter(Boolean))].join(' ') || undefined,
  }
}

/**
 * Reads every target's public key (of `targets`: all of them unless a step needs only the record's) (and organization settings). Records each result; returns
 * the prepared targets and the failures.
 */
export async function preflightTargets(
  ctx: StepContext<'targets'>,
  targets: SecretTarget[] = ctx.config.targets
): Promise<{ prepared: PreparedTarget[]; failures: ActionError[] }> {
  if (!ctx.store) return { prepared: [], failures: [] }
  const results = await ctx.store.preflight(targets)
  const prepared: PreparedTarget[] = []
  const failures: ActionError[] = []
  for (const result of results) {
    if (result.ok) {
      prepared.push(result.prepared)
      ctx.report.target(result.target.label, 'ready')
    } else {
      failures.push(result.error)
      ctx.report.target(result.target.label, 'unwritable', result.error.message)
    }
  }
  return { prepared, failures }
}

/** A failed preflight stops the run before Meta is asked for anything that changes state. */
export function preflightError(failures: ActionError[]): ActionError {
  const { messages, fix } = describeFailures(failures)
  const subject = failures.length === 1 ? 'A secret target is' : `${failures.length} secret targets are`
  return new ActionError('check secret targets', `${subject} not writable, so nothing was changed at Meta: ${messages}`, fix)
}

export interface WriteOutcome {
  written: PreparedTarget[]
  failures: ActionError[]
  /** Failed writes that may have landed all the same (an attempt timed out or got a 5xx). */
  uncertain: PreparedTarget[]
}

/** Writes the token to every prepared target and records the results. */
export async function writeTargets(ctx: StepContext<'targets'>, prepared: PreparedTarget[], token: string): Promise<WriteOutcome> {
  if (!ctx.store || prepared.length === 0) return { written: [], failures: [], uncertain: [] }
  ctx.log.info(`Writing ${ctx.store.secretName} to ${prepared.map(item => item.target.label).join(', ')}…`)
  const results = await ctx.store.writeAll(prepared, token)
  const outcome: WriteOutcome = { written: [], failures: [], uncertain: [] }
  results.forEach((result, index) => {
    if (result.ok) {
      outcome.written.push(prepared[index])
      ctx.report.target(result.target.label, result.created ? 'created' : 'updated')
    } else {
      outcome.failures.push(result.error)
      if (result.uncertain) outcome.uncertain.push(prepared[index])
      ctx.report.target(result.target.label, 'failed', result.error.message)
    }
  })
  return outcome
}

/** `refresh` and `generate`: a new token that could not be stored everywhere (no rollback: the old token was left alone). */
export function partialWriteError(what: string, outcome: WriteOutcome, aftermath = ''): ActionError {
  const { messages, fix } = describeFailures(outcome.failures)
  const storedIn = outcome.written.length > 0 ? ` It was stored in ${outcome.written.map(w => w.target.label).join(', ')}.` : ''
  return new ActionError(
    'write secrets',
    `${what} but could not be stored in ${outcome.failures.length} target(s): ${messages}${storedIn}${aftermath}`,
    fix
  )
}
