import { ActionError, describeError } from '../../runtime/errors.ts'
import type { InputError } from '../../runtime/errors.ts'
import type { Leaked, Revocation } from './revoke-first.ts'

/** The emergency's words: what is left to do after each kind of failure, and its result. */

export const REVOKE_STEP = 'revoke the leaked tokens'
export const BY_HAND =
  'Revoke it by hand (Business settings → Users → System users → the system user → Revoke tokens), or let it expire in 60 days.'
export const RUN_AGAIN =
  'Run the emergency again (the tokens it revoked now count as dead), or store a token generated in Business settings → Users → System users.'
/** The headline and warning of an emergency whose services were not seen to redeploy. */
export const SERVICES_MAY_HOLD_REVOKED = 'Services may still hold the revoked token'

export function stillAlive(alive: Array<Leaked & { reason: string }>): ActionError {
  const names = alive.map(item => item.label).join(', ')
  return new ActionError(
    REVOKE_STEP,
    `${alive.length} leaked token(s) could not be revoked and may still work: ${names}. ${alive.map(item => `${item.label}: ${sentence(item.reason)}`).join(' ')}`,
    `Revoke ${alive.length === 1 ? 'it' : 'them'} by hand now: Business settings → Users → System users → the system user → Revoke tokens. That may revoke the system user's other tokens of the app too, the replacement among them: then run this emergency again, and it stores a fresh one (the tokens that could not be revoked stay in the previous-token record until then).`
  )
}

/** Replacement settings missing or malformed: reported after the revokes, nothing generated. */
export function settingsRefused(problems: string[], secret: string): ActionError {
  return new ActionError(
    'generate the replacement',
    `No replacement was generated: ${problems.join(' ')}`,
    `Fix the input, then run the emergency again: it stores a replacement. Until then ${secret} holds a revoked token.`
  )
}

export function noAdminTokenWarning(secret: string): string {
  return `${secret} now holds a revoked token: everything that reads it fails until a new token is stored. Pass \`admin-token\` (with \`system-user-id\` and \`scope\`) and run the emergency again to have one generated and stored, or generate one in Business settings → Users → System users and store it by hand.`
}

/** The input a refused binding names first: the identity before the permissions. */
export function inputOfRefusal(refusal: string): string {
  if (refusal.includes('not to `app-id`')) return 'admin-token'
  return refusal.includes('system user') ? 'system-user-id' : 'scope'
}

export function unrecorded(error: unknown | undefined): ActionError {
  const why = error === undefined ? ' (no record target)' : `: ${describeError(error)}`
  return new ActionError('update the previous-token record', `The unused replacement could not be recorded${why}.`, BY_HAND)
}

export function recordNotSaved(error: unknown, alive: number): string {
  return `The previous-token record could not be updated (${describeError(error)}). ${alive > 0 ? 'It still holds the tokens that could not be revoked, so the next `rotate` or a `retire` tries them again.' : 'Every token in it is dead, so nothing is at risk: the next `rotate` finds them invalid and clears it.'}`
}

export function deferredSettings(problems: InputError[]): string[] {
  return problems.map(problem => sentence(problem.message))
}

export function combined(problems: ActionError[], outcome: Revocation): ActionError {
  const state =
    outcome.alive.length === 0
      ? `Every leaked token is dead (${labels(outcome.dead)}).`
      : `${outcome.dead.length} of ${outcome.dead.length + outcome.alive.length} leaked token(s) are dead.`
  const fixes = [...new Set(problems.map(problem => problem.fix).filter(Boolean))]
  return new ActionError(
    problems[0].step,
    `${state} ${problems.map(problem => sentence(problem.message)).join(' ')}`,
    fixes.join(' ') || undefined
  )
}

/** The result of a run that succeeded; `unseen`: the deploys that were not seen to succeed (none listed, or not followed). */
export function success(
  outcome: Revocation,
  replaced: number | undefined,
  deploys: { succeeded: number; unseen: string | undefined }
): string {
  const dead = `Every leaked token is dead (${labels(outcome.dead)})`
  if (replaced === undefined) return `${dead}; no replacement was generated.`
  const redeployed = deploys.succeeded > 0 ? `, and ${deploys.succeeded} deploy run(s) succeeded` : ''
  const lead = deploys.unseen ? `${SERVICES_MAY_HOLD_REVOKED}: ${deploys.unseen}. ` : ''
  return `${lead}${dead}; a 60-day replacement is stored in ${replaced} target(s)${redeployed}.`
}

/** The leaked tokens by where they came from, a long record shortened. */
function labels(items: Leaked[]): string {
  const names = items.map(item => item.label)
  return names.length > 12 ? `${names.slice(0, 11).join(', ')} and ${names.length - 11} more` : names.join(', ')
}

/** Meta's and GitHub's messages do not always end a sentence. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}
