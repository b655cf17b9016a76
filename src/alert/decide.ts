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
 * The words are Markdown for the issue: every value from outside (the operation's name, the
 * token type, the expiry, the main action's messages) goes in through `code` or `inert`.
 */

import { operationsWhere } from '../inputs/catalog.ts'
import { code, inert } from '../text/alert-inert.ts'

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

function secretLabel(facts: RunFacts): string {
  return facts.secretName ? code(facts.secretName) : 'the secret'
}

function days(count: number): string {
  if (count >= MAX_DAYS) return `${MAX_DAYS}+ days`
  return `${count} day${count === 1 ? '' : 's'}`
}

export function expiryText(facts: Pick<RunFacts, 'expiresAt' | 'daysRemaining'>): string {
  if (facts.expiresAt === 'never') return 'never expires'
  if (facts.daysRemaining === undefined || facts.expiresAt === '') return 'expiry unknown'
  return `expires at ${inert(facts.expiresAt, 40)} (${days(facts.daysRemaining)} left)`
}

const RUN_AGAIN = 'Run the workflow again by hand (Actions → the workflow → Run workflow). A healthy run closes this issue.'
const READ_THE_RUN =
  'Open the failed run: the error annotation and the job summary say what failed and what to do. The README\'s "Troubleshooting" table lists every message.'
const REVOKE_BY_HAND =
  'If the cause cannot be fixed at once, revoke the token by hand: Meta Business Suite → Business settings → System users → the system user → Revoke tokens.'
const GENERATE =
  'A dead token cannot be refreshed; generate a new one. With `META_ADMIN_TOKEN` and the variables `META_SYSTEM_USER_ID` and `META_TOKEN_SCOPE` set, run the emergency revocation workflow (it revokes what is stored and generates and stores a fresh 60-day token), or run this workflow with `operation: generate`. Without an admin token: Meta Business Suite → Business settings → System users → Generate new token (60 days), then store it in the secret.'

/**
 * Meta reported the stored token invalid. The action sets `is-valid` to `false` before it
 * knows anything, so only believe it when the token was inspected (Meta told its type or
 * expiry), and only for the operations whose `is-valid` describes the stored token.
 */
function storedTokenDead(facts: RunFacts): boolean {
  return facts.isValid === false && INSPECTS_STORED.has(facts.operation) && (facts.tokenType !== '' || facts.expiresAt !== '')
}

/** The main action's failure message, as the issue shows it. */
function causeOf(facts: RunFacts): string | undefined {
  if (facts.failureMessage === '') return undefined
  return inert(facts.failureStep ? `${facts.failureStep}: ${facts.failureMessage}` : facts.failureMessage, 1500)
}

/** The main action's own next step when it gave one; otherwise where to read it. */
function firstStep(facts: RunFacts): string {
  return facts.nextStep ? inert(facts.nextStep, 1000) : READ_THE_RUN
}

function failure(facts: RunFacts): Problem {
  const problem = failureWithoutCause(facts)
  const cause = causeOf(facts)
  return cause ? { ...problem, cause } : problem
}

function failureWithoutCause(facts: RunFacts): Problem {
  if (facts.failedStep === 'doctor' || (facts.operation === 'doctor' && facts.failedStep === 'action')) return doctorFailure(facts)
  const before = stepFailure(facts)
  if (!before) return operationFailure(facts)
  return facts.operation === 'emergency' && !facts.dryRun ? leakStillOpen(facts, before) : before
}

/** An emergency stopped before the action ran: nothing was revoked, which matters more than the cause. */
function leakStillOpen(facts: RunFacts, problem: Problem): Problem {
  return {
    ...problem,
    title: `the leaked token was not revoked (${problem.title})`,
    details: `${problem.details} The leaked token in ${secretLabel(facts)} still works.`,
    todo: [REVOKE_BY_HAND, ...problem.todo],
  }
}

/** The doctor found what would fail on the day of a leak (or fails now): its findings name the settings. */
function doctorFailure(facts: RunFacts): Problem {
  const shown = facts.findings.slice(0, 20).map(line => inert(line, 300))
  const more = facts.findings.length > shown.length ? ` (and ${facts.findings.length - shown.length} more in the run's summary)` : ''
  return {
    kind: 'problem',
    level: 'write',
    title: `the doctor found settings for ${secretLabel(facts)} that would fail on the day of a leak`,
    details:
      shown.length > 0
        ? `The doctor's checks failed:\n\n${shown.map(line => `- ${line}`).join('\n')}${more}`
        : "The doctor's checks failed; the run's summary has one row per check.",
    todo: [
      'Fix each setting named above in the workflow file (or the secret it names in the environment `meta-token-keeper`).',
      'Then run the workflow by hand with operation `doctor` (or `drill`, to generate and revoke a replacement for real). A healthy rotation with the doctor (the weekly schedule) closes this issue.',
    ],
  }
}

/** The reusable workflow's own steps before the action: its input check and the GitHub App token. */
function stepFailure(facts: RunFacts): Problem | undefined {
  const op = code(facts.operation)
  const level: Level = facts.operation === 'check' ? 'check' : 'write'
  if (facts.failedStep === 'plan') {
    return {
      kind: 'problem',
      level,
      title: 'the workflow is missing a secret or an input',
      details: `The reusable workflow's own check stopped ${op} before anything was sent to Meta or GitHub.`,
      todo: [
        'Open the failed run: the error annotation names the missing secret or input.',
        'A secret that does not exist reaches the workflow as an empty string: check the names under Settings → Secrets and variables → Actions, and the `secrets:` the calling job passes.',
        RUN_AGAIN,
      ],
    }
  }
  if (facts.failedStep === 'github-app-token') {
    return {
      kind: 'problem',
      level,
      title: 'no GitHub App token, so the secret could not be written',
      details: `\`actions/create-github-app-token\` failed, so ${op} did not run. Nothing was changed at Meta; the stored token is as it was.`,
      todo: [
        'Check that the variable passed as `github-app-client-id` and the secret passed as `github-app-private-key` belong to the same GitHub App (the whole PEM file, including the BEGIN and END lines).',
        'Check that the App is installed on the owner of every secret target, with access to those repositories, and that it has read and write access to "Secrets" (repository secrets), "Environments" (environment secrets) or "Secrets" under organization permissions (organization secrets).',
        RUN_AGAIN,
      ],
    }
  }
  return undefined
}

/** The action failed (or the job did, after it). */
function operationFailure(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  const op = code(facts.operation)
  const level: Level = facts.operation === 'check' ? 'check' : 'write'
  // A dry run revokes nothing: its failure is an ordinary one.
  if (facts.operation === 'emergency' && !facts.dryRun) return incompleteEmergency(facts)
  if (storedTokenDead(facts)) {
    // About the token itself, not the pipeline: any healthy run that sees a valid token resolves it.
    return {
      kind: 'problem',
      level: 'check',
      title: `the token in ${secret} is no longer valid`,
      details: `${op} failed because Meta reports the stored token as invalid: it has expired or was revoked. Everything that uses ${secret} fails until it is replaced.`,
      todo: [
        GENERATE,
        'Then run the scheduled rotation workflow by hand (operation `check` or `rotate`); a healthy run closes this issue.',
      ],
    }
  }
  if (facts.operation === 'revoke') {
    return {
      kind: 'problem',
      level: 'write',
      title: `revoking the token in ${secret} failed`,
      details: 'The token may still be valid. If it leaked, it can still be used.',
      todo: [
        firstStep(facts),
        REVOKE_BY_HAND,
        'Then store a new token: run the emergency revocation workflow again (with an admin token configured it generates one), or generate one in Business settings and store it in the secret.',
      ],
    }
  }
  const expiring = facts.daysRemaining !== undefined && facts.daysRemaining < facts.minDaysRemaining
  return {
    kind: 'problem',
    level,
    title: expiring ? `${op} failed and the token in ${secret} ${expiryText(facts)}` : `${op} failed for ${secret}`,
    details: `The ${op} run failed; the token ${expiryText(facts)}.${WRITING.has(facts.operation) ? ' A failed rotation leaves the old token working.' : ''}`,
    todo: [
      firstStep(facts),
      expiring
        ? `Fix the cause and rotate before the token expires (${inert(facts.expiresAt, 40)}): run the workflow by hand with operation \`rotate\`.`
        : RUN_AGAIN,
    ],
  }
}

/** The three ways to put a live token back into a secret that holds a revoked one. */
function storeNewToken(facts: RunFacts, lead: string): string {
  const name = facts.secretName || 'SECRET_NAME'
  return `${lead}, one of three ways: (a) run the generate workflow (\`workflow-templates/meta-token-generate.yml\`); (b) with the secret \`META_ADMIN_TOKEN\` and the variables \`META_SYSTEM_USER_ID\` and \`META_TOKEN_SCOPE\` set, run the emergency revocation workflow again: it generates, stores and deploys a replacement (the tokens it revoked count as dead); (c) generate one in Meta Business Suite → Business settings → System users → Generate new token (60 days) and paste it with \`gh secret set ${name}\` (it asks for the value; add \`--env\` or \`--org\` for an environment or organization secret).`
}

/** A successful emergency without a replacement: the leak is closed, but the secret is now dead. */
function unreplaced(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  return {
    kind: 'problem',
    // About the token in the secret: a passing check of a new one shows it is resolved.
    level: 'check',
    title: `the leaked token is revoked; store a new one in ${secret} now (it holds the revoked token)`,
    details: `\`emergency\` revoked every leaked token (the stored one and its record): they are dead. It stored no replacement (no admin token was given), so ${secret} holds a revoked token, and everything that reads it fails until a new token is stored.`,
    todo: [
      storeNewToken(facts, 'Store a new token now'),
      'After (c), run the scheduled rotation workflow by hand (operation `check`) to confirm the new token; a healthy run closes this issue.',
    ],
  }
}

/** A failed emergency: what is still open, from its `revoked` and `replaced` outputs. */
function incompleteEmergency(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  const state = [
    facts.revoked === true ? 'Every leaked token is dead.' : '',
    facts.revoked === false ? 'Not every leaked token is confirmed dead: one the run could not revoke may still work.' : '',
    facts.replaced
      ? `A replacement is stored in every target of ${secret}, but a later step failed.`
      : `${secret} holds no replacement in some or all of its targets: there it holds the ${facts.revoked === false ? 'old' : 'revoked'} token, and whatever reads it fails until a new token is stored.`,
  ]
  const todo = [firstStep(facts)]
  if (facts.revoked === false && facts.nextStep === '') todo.push(REVOKE_BY_HAND)
  if (!facts.replaced)
    todo.push(storeNewToken(facts, 'If the cause cannot be fixed at once, store a new token where the replacement is missing'))
  return {
    kind: 'problem',
    level: 'write',
    title: `the leak response for ${secret} is incomplete`,
    details: `\`emergency\` failed. ${state.filter(Boolean).join(' ')}`,
    todo,
  }
}

function expiringSoon(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  const left = days(facts.daysRemaining as number)
  const todo = facts.skipped
    ? [
        '`renew-before-days` is smaller than `min-days-remaining`, so the rotation waits too long: raise `renew-before-days` above `min-days-remaining`.',
        'Rotate now: run the workflow by hand with operation `rotate`.',
      ]
    : WRITING.has(facts.operation) && facts.rotated
      ? [
          `Meta issued a token that lasts only ${left}${facts.tokenType ? ` (type ${code(facts.tokenType)})` : ''}. System user tokens are renewed for 60 days; a user token cannot be extended past its limit. Generate a system user token instead (\`operation: generate\` with \`expiring: true\`).`,
        ]
      : [
          'Rotate now: run the scheduled rotation workflow by hand with operation `rotate`.',
          `If rotation fails, read the run's error; if the token has already expired: ${GENERATE}`,
        ]
  return {
    kind: 'problem',
    level: 'check',
    title: `the token in ${secret} expires in ${left}`,
    details: `The token ${expiryText(facts)}: fewer than \`min-days-remaining\` (${facts.minDaysRemaining}).`,
    todo,
  }
}

const ADMIN_SECRET = 'the admin token (the secret passed as `meta-admin-token`, `META_ADMIN_TOKEN` in the templates)'
const NEW_ADMIN_TOKEN =
  'Meta Business Suite → Business settings → System users → the admin system user → Generate new token (for the same app), then store it in `META_ADMIN_TOKEN`.'

function neverExpires(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  return {
    kind: 'problem',
    level: 'check',
    title: `the token in ${secret} never expires`,
    details: `${code(facts.operation)} succeeded, but the token never expires, so it cannot be rotated: if it leaks, it works until someone revokes it by hand.`,
    todo: [
      `Replace it with a 60-day token: run this workflow by hand with \`operation: generate\` and \`expiring: true\` (it needs \`META_ADMIN_TOKEN\` and the variables \`META_SYSTEM_USER_ID\` and \`META_TOKEN_SCOPE\`), or generate a token with an expiry of 60 days in Meta Business Suite → Business settings → System users and store it in ${secret}.`,
      'Once nothing uses the never-expiring token any more, revoke it: it stays valid until then. The next healthy run with the 60-day token closes this issue.',
    ],
  }
}

/** What the check of the admin token says, when it found something to act on. */
function adminProblem(facts: RunFacts): AdminProblem | undefined {
  const admin = facts.admin
  if (!admin) return undefined
  const expiry = expiryText(admin)
  if (admin.outcome === 'failure' && admin.isValid === false && admin.expiresAt !== '') {
    return {
      title: 'the admin token is no longer valid',
      line: `The scheduled check found ${ADMIN_SECRET} invalid: it expired or was revoked. \`generate\`, \`install-app\` and the emergency replacement fail until it is replaced.`,
      todo: [NEW_ADMIN_TOKEN],
    }
  }
  if (admin.daysRemaining !== undefined && admin.daysRemaining < facts.minDaysRemaining) {
    return {
      title: `the admin token expires in ${days(admin.daysRemaining)}`,
      line: `The scheduled check found that ${ADMIN_SECRET} ${expiry}: fewer than \`min-days-remaining\` (${facts.minDaysRemaining}).`,
      todo: [`Replace it before it expires: ${NEW_ADMIN_TOKEN}`],
    }
  }
  if (admin.outcome === 'failure') {
    return {
      title: 'the admin token could not be checked',
      line: `The scheduled check of ${ADMIN_SECRET} failed${admin.failureMessage ? `: ${inert(admin.failureMessage, 1000)}` : '.'}`,
      todo: ['Read the run\'s step "Check the admin token"; if the admin token has expired or was revoked: ' + NEW_ADMIN_TOKEN],
    }
  }
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
  if (facts.operation === 'emergency' && !facts.replaced) return unreplaced(facts)
  if (facts.daysRemaining !== undefined && facts.daysRemaining < facts.minDaysRemaining) return expiringSoon(facts)
  if (facts.expiresAt === 'never') return neverExpires(facts)
  // A skipped rotation only inspected the token; it proves no more than a check.
  const level: Level = STORES_NEW.has(facts.operation) && !facts.skipped ? 'write' : 'check'
  const what = facts.operation === 'emergency' ? ': every leaked token is dead and a replacement is stored' : ''
  return {
    kind: 'healthy',
    level,
    summary: `${code(facts.operation)} succeeded${facts.skipped ? ' (no renewal due)' : what}; the token ${expiryText(facts)}.`,
    adminChecked: facts.admin !== undefined,
  }
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
        ? `The token in ${secretLabel(facts)} is fine: ${verdict.summary}`
        : `Nothing else to report: ${verdict.reason}.`,
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
