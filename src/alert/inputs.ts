import { InputError, quote } from '../runtime/errors.ts'
import { type InputReader, MIN_SECRET_LENGTH, parseRepository, readBoolean, SECRET_NAME } from '../inputs/rules.ts'
import { baseUrl } from '../inputs/urls.ts'
import { type AdminFacts, type FailedStep, MAX_DAYS, type Outcome, type RunFacts } from './decide.ts'
import { runPageUrl } from '../text/alert-inert.ts'

export interface AlertConfig {
  githubToken: string
  owner: string
  repo: string
  label: string
  githubApiUrl: string
  /** GITHUB_SERVER_URL: the only server the issue links to. */
  serverUrl: string
  /** The workflow's name as GitHub gives it: outside text, shown inert. */
  workflow: string
  /** A run page on `serverUrl`, or '' (none given, or not one: see `ignored`). */
  runUrl: string
  /** Inputs shown differently than given, one sentence each, for the log. */
  ignored: string[]
  facts: RunFacts
}

const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'cancelled', 'skipped']
const FAILED_STEPS: readonly FailedStep[] = ['', 'plan', 'github-app-token', 'action', 'doctor']
const ADMIN_OUTCOMES = ['success', 'failure', 'skipped', 'cancelled', ''] as const

function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[]): T {
  const raw = read(name).trim().toLowerCase()
  const value = allowed.find(item => item === raw)
  if (value === undefined) throw new InputError(name, `must be one of ${allowed.filter(Boolean).join(', ')}; got ${quote(raw)}.`)
  return value
}

/**
 * Whole days, any number of digits, clamped to MAX_DAYS: a token Meta dates centuries ahead must not
 * make the alert refuse its inputs. '' is unknown.
 */
function readDays(read: InputReader, name: string): number | undefined {
  const raw = read(name).trim()
  if (raw === '') return undefined
  if (!/^\d+$/.test(raw)) throw new InputError(name, `must be a whole number of days (0 or more), got ${quote(raw)}.`)
  return raw.length > String(MAX_DAYS).length ? MAX_DAYS : Math.min(Number(raw), MAX_DAYS)
}

/**
 * The alert's own GitHub token, by the main action's rule for secret inputs: a value shorter than
 * MIN_SECRET_LENGTH (`false` from `cond && secrets.X`) is refused, and main() did not mask it.
 */
function readGitHubToken(read: InputReader): string {
  const token = read('github-token').trim()
  if (token === '')
    throw new InputError('github-token', "is required: the workflow's own token (`${{ github.token }}`) with `issues: write`.")
  if (/\s/.test(token)) throw new InputError('github-token', 'contains whitespace or a line break; pass the token alone.')
  if (token.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      'github-token',
      `is shorter than ${MIN_SECRET_LENGTH} characters, too short for a GitHub token (an expression such as \`cond && secrets.X\` gives a boolean, not the secret, when cond does not hold); pass the token itself, or leave the input out for the workflow's own token.`
    )
  }
  return token
}

/** The admin token check's results (the reusable workflow's scheduled `check` of `meta-admin-token`); undefined when it did not run. */
function readAdmin(read: InputReader): AdminFacts | undefined {
  const outcome = oneOf(read, 'admin-outcome', ADMIN_OUTCOMES)
  if (outcome !== 'success' && outcome !== 'failure') return undefined
  const isValid = read('admin-is-valid').trim()
  return {
    outcome,
    daysRemaining: readDays(read, 'admin-days-remaining'),
    expiresAt: read('admin-expires-at').trim(),
    isValid: isValid === '' ? undefined : readBoolean(read, 'admin-is-valid', false),
    failureMessage: read('admin-failure-message').trim(),
  }
}

/**
 * Reads and checks every input. `env` supplies the run's context where inputs leave it out.
 * The values the alert only shows (token type, expiry, the operation's name, messages, the run's
 * URL) are never refused: the issue shows them inert, or leaves a URL that is not a run page out.
 */
export function parseAlertConfig(read: InputReader, env: NodeJS.ProcessEnv): AlertConfig {
  const githubToken = readGitHubToken(read)

  const repository = read('repository').trim() || env.GITHUB_REPOSITORY?.trim() || ''
  const repoMatch = parseRepository(repository)
  if (!repoMatch) throw new InputError('repository', `must be \`owner/repo\` (default: GITHUB_REPOSITORY); got ${quote(repository)}.`)

  const label = read('label').trim() || 'meta-token-keeper'
  if (label.length > 50 || /[,\n]/.test(label))
    throw new InputError('label', `must be one label name of at most 50 characters, without commas; got ${quote(label)}.`)

  const secretName = read('secret-name').trim()
  if (secretName !== '' && !SECRET_NAME.test(secretName))
    throw new InputError('secret-name', `must be a GitHub secret name such as META_ACCESS_TOKEN; got ${quote(secretName)}.`)

  const isValidRaw = read('is-valid').trim().toLowerCase()
  const revokedRaw = read('revoked').trim()
  const rotated = readBoolean(read, 'rotated', false)
  const serverUrl = env.GITHUB_SERVER_URL?.trim() || 'https://github.com'
  const ignored: string[] = []
  const givenRunUrl = read('run-url').trim()
  const runUrlRaw = givenRunUrl || (env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : '')
  const runUrl = runUrlRaw === '' ? '' : (runPageUrl(runUrlRaw, serverUrl) ?? '')
  if (runUrlRaw !== '' && runUrl === '')
    ignored.push(`\`run-url\` is not an https run page on ${serverUrl} (${quote(runUrlRaw)}), so the issue does not link to the run.`)

  const facts: RunFacts = {
    operation: read('operation').trim().toLowerCase() || 'rotate',
    outcome: oneOf(read, 'outcome', OUTCOMES),
    failedStep: oneOf(read, 'failed-step', FAILED_STEPS),
    secretName,
    minDaysRemaining: readDays(read, 'min-days-remaining') ?? 7,
    daysRemaining: readDays(read, 'days-remaining'),
    expiresAt: read('expires-at').trim(),
    isValid: isValidRaw === '' ? undefined : readBoolean(read, 'is-valid', false),
    tokenType: read('token-type').trim(),
    rotated,
    skipped: readBoolean(read, 'skipped', false),
    dryRun: readBoolean(read, 'dry-run', false),
    // emergency sets `rotated` together with `replaced`: the fallback when `replaced` is not passed.
    replaced: readBoolean(read, 'replaced', rotated),
    revoked: revokedRaw === '' ? undefined : readBoolean(read, 'revoked', false),
    failureStep: read('failure-step').trim(),
    failureMessage: read('failure-message').trim(),
    nextStep: read('next-step').trim(),
    findings: read('findings')
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean),
    admin: readAdmin(read),
  }

  return {
    githubToken,
    owner: repoMatch.owner,
    repo: repoMatch.repo,
    label,
    githubApiUrl: baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL'),
    serverUrl,
    workflow: env.GITHUB_WORKFLOW?.trim() ?? '',
    runUrl,
    ignored,
    facts,
  }
}
