/**
 * The words of the alert's verdicts: each problem's title, what happened and what to do, and a
 * healthy run's line. decide.ts chooses which one a run gets; this file only says it. The next
 * steps name only what the templates offer: meta-token.yml's choices (check, doctor, drill,
 * dry-run rotate, rotate, refresh, retire, generate, install-app) and the emergency workflow
 * meta-token-emergency.yml. Titles do not repeat the secret's name: the issue's title and its
 * table name it.
 *
 * The words are Markdown for the issue: every value from outside (the operation's name, the
 * token type, the expiry, the main action's messages) goes in through `code` or `inert`.
 */
import { operationsWhere } from '../inputs/catalog.ts'
import { code, inert } from '../text/alert-inert.ts'
import { type AdminFacts, type AdminProblem, type Level, MAX_DAYS, type Problem, type RunFacts } from './decide.ts'

/** The choices of meta-token.yml's manual run: a next step names no other. */
const TEMPLATE_CHOICES = new Set(['check', 'doctor', 'drill', 'rotate', 'refresh', 'retire', 'generate', 'install-app'])
const WRITING = operationsWhere(facts => facts.rotates)

export function days(count: number): string {
  if (count >= MAX_DAYS) return `${MAX_DAYS}+ days`
  return `${count} day${count === 1 ? '' : 's'}`
}

/** The expiry after "the token" ("expires at …", "never expires"), or "expiry unknown" for a table cell. */
export function expiryText(facts: Pick<RunFacts, 'expiresAt' | 'daysRemaining'>): string {
  if (facts.expiresAt === 'never') return 'never expires'
  if (facts.daysRemaining === undefined || facts.expiresAt === '') return 'expiry unknown'
  return `expires at ${inert(facts.expiresAt, 40)} (${days(facts.daysRemaining)} left)`
}

/** "the token expires at …" as a sentence's clause; the expiry's own words when it is unknown. */
function theToken(facts: Pick<RunFacts, 'expiresAt' | 'daysRemaining'>): string {
  const expiry = expiryText(facts)
  return expiry === 'expiry unknown' ? "the token's expiry is unknown" : `the token ${expiry}`
}

function secretLabel(facts: RunFacts): string {
  return facts.secretName ? code(facts.secretName) : 'the secret'
}

const BY_HAND = 'run meta-token.yml by hand (Actions → the workflow → Run workflow) with operation'
const READ_THE_RUN =
  'Open the failed run: the error annotation and the job summary say what failed and what to do. The README\'s "Troubleshooting" table lists every message.'
const REVOKE_BY_HAND =
  'If the cause cannot be fixed at once, revoke the token by hand: Meta Business Suite → Business settings → System users → the system user → Revoke tokens.'
const ADMIN_NEEDS = '`META_ADMIN_TOKEN` in the environment `meta-token-keeper` and `system-user-id` set in meta-token.yml'
const GENERATE = `A dead token cannot be refreshed; generate a new one: with ${ADMIN_NEEDS}, ${BY_HAND} \`generate\`, or run the emergency workflow (meta-token-emergency.yml), which also revokes what is stored. Without an admin token: Meta Business Suite → Business settings → System users → Generate new token (60 days), then store it in the secret.`

/** What runs again what failed: the same choice of meta-token.yml, or the emergency workflow; a healthy run of it closes the issue. */
function runAgain(facts: RunFacts): string {
  if (facts.operation === 'emergency')
    return 'Run the emergency workflow (meta-token-emergency.yml) again; a run that stores a replacement closes this issue.'
  if (TEMPLATE_CHOICES.has(facts.operation)) return `Then ${BY_HAND} ${code(facts.operation)}; a successful run closes this issue.`
  return 'Then run the workflow that failed again; a successful `rotate`, `refresh` or `generate` closes this issue.'
}

/** The main action's own next step when it gave one; otherwise where to read it. */
function firstStep(facts: RunFacts): string {
  return facts.nextStep ? inert(facts.nextStep, 1000) : READ_THE_RUN
}

/** The main action's failure message, as the issue shows it. */
export function causeOf(facts: RunFacts): string | undefined {
  if (facts.failureMessage === '') return undefined
  return inert(facts.failureStep ? `${facts.failureStep}: ${facts.failureMessage}` : facts.failureMessage, 1500)
}

/** An emergency stopped before the action ran: nothing was revoked, which matters more than the cause. */
export function leakStillOpen(facts: RunFacts, problem: Problem): Problem {
  return {
    ...problem,
    title: `the leaked token was not revoked (${problem.title})`,
    details: `${problem.details} The leaked token in ${secretLabel(facts)} still works.`,
    todo: [REVOKE_BY_HAND, ...problem.todo],
  }
}

/** The doctor found what would fail on the day of a leak (or fails now): its findings name the settings. */
export function doctorFailure(facts: RunFacts): Problem {
  const shown = facts.findings.slice(0, 20).map(line => inert(line, 300))
  const more = facts.findings.length > shown.length ? ` (and ${facts.findings.length - shown.length} more in the run's summary)` : ''
  return {
    kind: 'problem',
    level: 'write',
    title: 'the doctor found settings that would fail on the day of a leak',
    details:
      shown.length > 0
        ? `The doctor's checks failed:\n\n${shown.map(line => `- ${line}`).join('\n')}${more}`
        : "The doctor's checks failed; the run's summary has one row per check.",
    todo: [
      'Fix each setting named above in meta-token.yml (or the secret it names in the environment `meta-token-keeper`).',
      `Then ${BY_HAND} \`doctor\` (or \`drill\`, to generate and revoke a replacement for real). A healthy scheduled run (a rotation with the doctor) closes this issue.`,
    ],
  }
}

/** The reusable workflow's own input check stopped the run. */
export function planFailure(facts: RunFacts, level: Level): Problem {
  return {
    kind: 'problem',
    level,
    title: 'the workflow is missing a secret or an input',
    details: `The reusable workflow's own check stopped ${code(facts.operation)} before anything was sent to Meta or GitHub.`,
    todo: [
      'Open the failed run: the error annotation names the missing secret or input.',
      'A secret that does not exist reaches the workflow as an empty string: check the names under Settings → Environments → `meta-token-keeper` (and Settings → Secrets and variables → Actions), and the `secrets:` the calling job passes.',
      runAgain(facts),
    ],
  }
}

/** actions/create-github-app-token failed: nothing ran. */
export function appTokenFailure(facts: RunFacts, level: Level): Problem {
  return {
    kind: 'problem',
    level,
    title: 'no GitHub App token, so the secret could not be written',
    details: `\`actions/create-github-app-token\` failed, so ${code(facts.operation)} did not run. Nothing was changed at Meta; the stored token is as it was.`,
    todo: [
      'Check that the variable `SECRETS_APP_CLIENT_ID` and the secret `SECRETS_APP_PRIVATE_KEY` belong to the same GitHub App (the whole PEM file, including the BEGIN and END lines).',
      'Check that the App is installed on the owner of every secret target, with access to those repositories, and that it has read and write access to "Secrets" (repository secrets), "Environments" (environment secrets) or "Secrets" under organization permissions (organization secrets).',
      runAgain(facts),
    ],
  }
}

/** Meta reports the stored token invalid. */
export function deadToken(facts: RunFacts): Problem {
  return {
    kind: 'problem',
    level: 'check',
    title: 'the token is no longer valid',
    details: `${code(facts.operation)} failed because Meta reports the stored token as invalid: it has expired or was revoked. Everything that uses ${secretLabel(facts)} fails until it is replaced.`,
    todo: [GENERATE, `Then ${BY_HAND} \`check\`; a passing check closes this issue.`],
  }
}

export function revokeFailure(facts: RunFacts): Problem {
  return {
    kind: 'problem',
    level: 'write',
    title: 'revoking the token failed',
    details: 'The token may still be valid. If it leaked, it can still be used.',
    todo: [
      firstStep(facts),
      REVOKE_BY_HAND,
      'Then store a new token: run the emergency workflow (meta-token-emergency.yml) again (with `META_ADMIN_TOKEN` it generates one), or generate one in Business settings and store it in the secret.',
    ],
  }
}

/** Any other failed run; `expiring` when the token runs out within `min-days-remaining` too. */
export function runFailure(facts: RunFacts, level: Level, expiring: boolean): Problem {
  const op = code(facts.operation)
  return {
    kind: 'problem',
    level,
    title: expiring ? `${op} failed and the token expires in ${days(facts.daysRemaining as number)}` : `${op} failed`,
    details: `The ${op} run failed; ${theToken(facts)}.${WRITING.has(facts.operation) ? ' A failed rotation leaves the old token working.' : ''}`,
    todo: [
      firstStep(facts),
      expiring
        ? `Fix the cause and rotate before the token expires (${inert(facts.expiresAt, 40)}): ${BY_HAND} \`rotate\`.`
        : runAgain(facts),
    ],
  }
}

/** The three ways to put a live token back into a secret that holds a revoked one. */
function storeNewToken(facts: RunFacts, lead: string): string {
  const name = facts.secretName || 'SECRET_NAME'
  return `${lead}, one of three ways: (a) with ${ADMIN_NEEDS}, ${BY_HAND} \`generate\`; (b) with the same, run the emergency workflow (meta-token-emergency.yml) again: it generates, stores and deploys a replacement (the tokens it revoked count as dead); (c) generate one in Meta Business Suite → Business settings → System users → Generate new token (60 days) and paste it with \`gh secret set ${name}\` (it asks for the value; add \`--env\` or \`--org\` for an environment or organization secret).`
}

/** A successful emergency without a replacement: the leak is closed, but the secret is now dead. */
export function unreplaced(facts: RunFacts): Problem {
  const secret = secretLabel(facts)
  return {
    kind: 'problem',
    // About the token in the secret: a passing check of a new one shows it is resolved.
    level: 'check',
    title: 'the leaked token is revoked; store a new one now (the secret holds the revoked token)',
    details: `\`emergency\` revoked every leaked token (the stored one and its record): they are dead. It stored no replacement (no admin token was given), so ${secret} holds a revoked token, and everything that reads it fails until a new token is stored.`,
    todo: [
      storeNewToken(facts, 'Store a new token now'),
      `After (c), ${BY_HAND} \`check\` to confirm the new token; a passing check closes this issue.`,
    ],
  }
}

/** A failed emergency: what is still open, from its `revoked` and `replaced` outputs. */
export function incompleteEmergency(facts: RunFacts): Problem {
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
    title: 'the leak response is incomplete',
    details: `\`emergency\` failed. ${state.filter(Boolean).join(' ')}`,
    todo,
  }
}

/** The token runs out within `min-days-remaining`: `why` is what the run saw (skipped, rotated to a short token, or inspected). */
export function expiringSoon(facts: RunFacts, why: 'skipped' | 'short' | 'inspected'): Problem {
  const left = days(facts.daysRemaining as number)
  const todo = {
    skipped: [
      '`renew-before-days` is smaller than `min-days-remaining` in meta-token.yml, so the rotation waits too long: raise `renew-before-days` above `min-days-remaining`.',
      `Rotate now: ${BY_HAND} \`rotate\`.`,
    ],
    short: [
      `Meta issued a token that lasts only ${left}${facts.tokenType ? ` (type ${code(facts.tokenType)})` : ''}. System user tokens are renewed for 60 days; a user token cannot be extended past its limit. Generate a system user token instead: with ${ADMIN_NEEDS}, ${BY_HAND} \`generate\`.`,
    ],
    inspected: [
      `Rotate now: ${BY_HAND} \`rotate\`.`,
      `If rotation fails, read the run's error; if the token has already expired: ${GENERATE}`,
    ],
  }[why]
  return {
    kind: 'problem',
    level: 'check',
    title: `the token expires in ${left}`,
    details: `The token ${expiryText(facts)}: fewer than \`min-days-remaining\` (${facts.minDaysRemaining}).`,
    todo,
  }
}

export function neverExpires(facts: RunFacts): Problem {
  return {
    kind: 'problem',
    level: 'check',
    title: 'the token never expires',
    details: `${code(facts.operation)} succeeded, but the token never expires, so it cannot be rotated: if it leaks, it works until someone revokes it by hand.`,
    todo: [
      `Replace it with a 60-day token: with ${ADMIN_NEEDS}, ${BY_HAND} \`generate\`; or generate a token with an expiry of 60 days in Meta Business Suite → Business settings → System users and store it in ${secretLabel(facts)}.`,
      'Once nothing uses the never-expiring token any more, revoke it: it stays valid until then. The next healthy run with the 60-day token closes this issue.',
    ],
  }
}

const ADMIN_SECRET = 'the admin token (`META_ADMIN_TOKEN` in the environment `meta-token-keeper`, passed as `meta-admin-token`)'
const NEW_ADMIN_TOKEN =
  'Meta Business Suite → Business settings → System users → the admin system user → Generate new token (for the same app), then store it in `META_ADMIN_TOKEN`.'

export const adminWords = {
  dead: (): AdminProblem => ({
    title: 'the admin token is no longer valid',
    line: `The scheduled check found ${ADMIN_SECRET} invalid: it expired or was revoked. \`generate\`, \`install-app\` and the emergency replacement fail until it is replaced.`,
    todo: [NEW_ADMIN_TOKEN],
  }),
  expiring: (admin: AdminFacts, minDaysRemaining: number): AdminProblem => ({
    title: `the admin token expires in ${days(admin.daysRemaining as number)}`,
    line: `The scheduled check found that ${ADMIN_SECRET} ${expiryText(admin)}: fewer than \`min-days-remaining\` (${minDaysRemaining}).`,
    todo: [`Replace it before it expires: ${NEW_ADMIN_TOKEN}`],
  }),
  unchecked: (admin: AdminFacts): AdminProblem => ({
    title: 'the admin token could not be checked',
    line: `The scheduled check of ${ADMIN_SECRET} failed${admin.failureMessage ? `: ${inert(admin.failureMessage, 1000)}` : '.'}`,
    todo: ['Read the run\'s step "Check the admin token"; if the admin token has expired or was revoked: ' + NEW_ADMIN_TOKEN],
  }),
}

/** A healthy run's line: what succeeded and how long the token lasts. */
export function healthySummary(facts: RunFacts): string {
  const what = facts.operation === 'emergency' ? ': every leaked token is dead and a replacement is stored' : ''
  return `${code(facts.operation)} succeeded${facts.skipped ? ' (no renewal due)' : what}; ${theToken(facts)}.`
}

/** The admin token's problem stands alone: the stored token is fine, or nothing else is known. */
export function adminOnlyDetails(facts: RunFacts, healthy: string | undefined, reason: string | undefined): string {
  return healthy ? `The token in ${secretLabel(facts)} is fine: ${healthy}` : `Nothing else to report: ${reason}.`
}
