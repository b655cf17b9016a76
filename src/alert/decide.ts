/**
 * The alert's decisions, free of I/O: what a finished run says about the token (`judge`), and
 * what that means for the one open alert issue (`nextStep`).
 *
 * An issue has a level: `check` when it is about the token itself (invalid, or expiring
 * within `min-days-remaining`), `write` when a run that writes or revokes failed. A healthy run
 * closes an issue only when it proves at least that much: a passing `check` closes `check`
 * issues; a successful `rotate`, `refresh` or `generate`, or an `emergency` that stored a
 * replacement, closes both. So a deploy gate's passing check never hides a rotation that keeps
 * failing.
 *
 * The words of each verdict are in problems.ts.
 */
import * as words from './problems.ts'

import { operationsWhere } from '../inputs/catalog.ts'
export { expiryText } from './problems.ts'

export type Level = 'check' | 'write'
export type Outcome = 'success' | 'failure' | 'cancelled' | 'skipped'
/** Which step of the reusable workflow failed: its own input check, the GitHub App token, the action, or the weekly doctor after it. */
export type FailedStep = '' | 'plan' | 'github-app-token' | 'action' | 'doctor'

/** What the reusable workflow knows when its job ends (the action's outputs, as far as they were set). */
export interface RunFacts {
  operation: string
  outcome: Outcome
  failedStep: FailedStep
  secretName: string
  minDaysRemaining: number
  /** Whole days left; undefined when unknown or when the token never expires. */
  daysRemaining: number | undefined
  /** ISO 8601, `never`, or '' when unknown. */
  expiresAt: string
  isValid: boolean | undefined
  tokenType: string
  rotated: boolean
  skipped: boolean
  dryRun: boolean
  /** emergency: the main action's `replaced` output (a replacement is stored in every target). */
  replaced: boolean
  /** The main action's `revoked` output; undefined when not given. In emergency: every leaked token is dead. */
  revoked: boolean | undefined
  /** The main action's `failure-step`, `failure-message` and `next-step` outputs ('' when it did not fail). */
  failureStep: string
  failureMessage: string
  nextStep: string
  /** The doctor's failed checks, one a line, each starting with the setting it concerns. */
  findings: string[]
  /** The scheduled check of the admin token, when the reusable workflow ran one. */
  admin: AdminFacts | undefined
}

/** What the check of the admin token (`meta-admin-token`) showed. */
export interface AdminFacts {
  outcome: 'success' | 'failure'
  daysRemaining: number | undefined
  expiresAt: string
  isValid: boolean | undefined
  failureMessage: string
}

/** Days above this are shown as `99999+`: the inputs clamp to it rather than refuse a huge number. */
export const MAX_DAYS = 99_999

export interface Problem {
  kind: 'problem'
  level: Level
  /** One line: what is wrong. */
  title: string
  /** What happened, in a sentence or two. */
  details: string
  /** Exactly what to do, in order. */
  todo: string[]
  /** What the main action said went wrong (its failure step and message), inert. */
  cause?: string
  /** The admin token's own line, when it is part of the problem. */
  admin?: AdminProblem
}

export interface AdminProblem {
  title: string
  line: string
  todo: string[]
}

export interface Healthy {
  kind: 'healthy'
  level: Level
  summary: string
  /** Whether this run checked the admin token (and found it fine). */
  adminChecked: boolean
}

export interface Neutral {
  kind: 'neutral'
  reason: string
}

export type Verdict = Problem | Healthy | Neutral

/** Operations that replace the stored token, leaving the old one working when they fail (inputs/catalog.ts). */
const WRITING = operationsWhere(facts => facts.rotates)
/** Operations whose success stores a new token: they close `write` issues. */
const STORES_NEW = operationsWhere(facts => facts.storesNewToken)
const INSPECTS_STORED = operationsWhere(facts => facts.inspectsStored)
const RANK: Record<Level, number> = { check: 1, write: 2 }

export function higher(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b
}

/**
 * Meta reported the stored token invalid. The action sets `is-valid` to `false` before it
 * knows anything, so only believe it when the token was inspected (Meta told its type or
 * expiry), and only for the operations whose `is-valid` describes the stored token.
 */
function storedTokenDead(facts: RunFacts): boolean {
  return facts.isValid === false && INSPECTS_STORED.has(facts.operation) && (facts.tokenType !== '' || facts.expiresAt !== '')
}

function expiring(facts: RunFacts): boolean {
  return facts.daysRemaining !== undefined && facts.daysRemaining < facts.minDaysRemaining
}

function failure(facts: RunFacts): Problem {
  const problem = failureWithoutCause(facts)
  const cause = words.causeOf(facts)
  return cause ? { ...problem, cause } : problem
}

function failureWithoutCause(facts: RunFacts): Problem {
  if (facts.failedStep === 'doctor' || (facts.operation === 'doctor' && facts.failedStep === 'action')) return words.doctorFailure(facts)
  const level: Level = facts.operation === 'check' ? 'check' : 'write'
  const before =
    facts.failedStep === 'plan'
      ? words.planFailure(facts, level)
      : facts.failedStep === 'github-app-token'
        ? words.appTokenFailure(facts, level)
        : undefined
  if (!before) return operationFailure(facts, level)
  return facts.operation === 'emergency' && !facts.dryRun ? words.leakStillOpen(facts, before) : before
}

/** The action failed (or the job did, after it). */
function operationFailure(facts: RunFacts, level: Level): Problem {
  // A dry run revokes nothing: its failure is an ordinary one.
  if (facts.operation === 'emergency' && !facts.dryRun) return words.incompleteEmergency(facts)
  // About the token itself, not the pipeline: any healthy run that sees a valid token resolves it.
  if (storedTokenDead(facts)) return words.deadToken(facts)
  if (facts.operation === 'revoke') return words.revokeFailure(facts)
  // A check fails when the token runs short: that is the problem, not the check.
  if (facts.operation === 'check' && expiring(facts)) return words.expiringSoon(facts, 'inspected')
  return words.runFailure(facts, level, expiring(facts))
}

/** What the check of the admin token says, when it found something to act on. */
function adminProblem(facts: RunFacts): AdminProblem | undefined {
  const admin = facts.admin
  if (!admin) return undefined
  if (admin.outcome === 'failure' && admin.isValid === false && admin.expiresAt !== '') return words.adminWords.dead()
  if (admin.daysRemaining !== undefined && admin.daysRemaining < facts.minDaysRemaining)
    return words.adminWords.expiring(admin, facts.minDaysRemaining)
  if (admin.outcome === 'failure') return words.adminWords.unchecked(admin)
  return undefined
}

/** What a finished run says about the stored token alone. */
function judgeToken(facts: RunFacts): Verdict {
  if (facts.outcome === 'cancelled' || facts.outcome === 'skipped') return { kind: 'neutral', reason: `the run was ${facts.outcome}` }
  if (facts.outcome === 'failure') return failure(facts)
  if (facts.operation === 'revoke' || facts.operation === 'install-app') {
    return { kind: 'neutral', reason: `a successful \`${facts.operation}\` says nothing about the stored token's health` }
  }
  if (facts.dryRun && facts.operation !== 'check') return { kind: 'neutral', reason: 'a dry run changes nothing' }
  if (facts.operation === 'emergency' && !facts.replaced) return words.unreplaced(facts)
  if (expiring(facts)) {
    return words.expiringSoon(facts, facts.skipped ? 'skipped' : WRITING.has(facts.operation) && facts.rotated ? 'short' : 'inspected')
  }
  if (facts.expiresAt === 'never') return words.neverExpires(facts)
  // A skipped rotation only inspected the token; it proves no more than a check.
  const level: Level = STORES_NEW.has(facts.operation) && !facts.skipped ? 'write' : 'check'
  return { kind: 'healthy', level, summary: words.healthySummary(facts), adminChecked: facts.admin !== undefined }
}

/**
 * What a finished run says: about the stored token, and (when the run checked it) the admin
 * token. An admin token problem joins the token's problem as its own line, or is the problem
 * on its own (at the check level) when the token is fine.
 */
export function judge(facts: RunFacts): Verdict {
  const verdict = judgeToken(facts)
  const admin = adminProblem(facts)
  if (!admin) return verdict
  if (verdict.kind === 'problem') return { ...verdict, admin }
  return {
    kind: 'problem',
    level: 'check',
    title: admin.title,
    details:
      verdict.kind === 'healthy'
        ? words.adminOnlyDetails(facts, verdict.summary, undefined)
        : words.adminOnlyDetails(facts, undefined, verdict.reason),
    todo: [],
    admin,
  }
}

/** The open alert issue for this secret, as far as decisions need it. */
export interface OpenIssue {
  number: number
  level: Level
  /** The issue is (also) about the admin token: only a run that checks it may close it. */
  admin: boolean
}

export type Step = { do: 'open' } | { do: 'comment'; level: Level; admin: boolean } | { do: 'close' } | { do: 'none'; why: string }

export function nextStep(verdict: Verdict, issue: OpenIssue | undefined): Step {
  if (verdict.kind === 'neutral') return { do: 'none', why: verdict.reason }
  if (verdict.kind === 'problem') {
    return issue
      ? { do: 'comment', level: higher(issue.level, verdict.level), admin: issue.admin || verdict.admin !== undefined }
      : { do: 'open' }
  }
  if (!issue) return { do: 'none', why: 'healthy, and no alert issue is open' }
  if (issue.admin && !verdict.adminChecked) {
    return {
      do: 'none',
      why: `healthy, but issue #${issue.number} is also about the admin token, which this run did not check; the next scheduled run checks it and closes the issue when it is fine`,
    }
  }
  if (RANK[verdict.level] >= RANK[issue.level]) return { do: 'close' }
  return {
    do: 'none',
    why: `healthy, but issue #${issue.number} is about a failed rotation; only a successful rotate, refresh or generate closes it`,
  }
}
