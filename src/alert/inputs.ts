import { quote } from '../errors.ts'
import { baseUrl } from '../urls.ts'
import type { FailedStep, Outcome, RunFacts } from './decide.ts'

/** Bad input to the alert action; the message names the input. */
export class AlertInputError extends Error {
  constructor(input: string, message: string) {
    super(`Input \`${input}\`: ${message}`)
    this.name = 'AlertInputError'
  }
}

export interface AlertConfig {
  githubToken: string
  owner: string
  repo: string
  label: string
  githubApiUrl: string
  workflow: string
  runUrl: string
  facts: RunFacts
}

const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'cancelled', 'skipped']
const FAILED_STEPS: readonly FailedStep[] = ['', 'plan', 'github-app-token', 'action']
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/

function oneOf<T extends string>(read: (name: string) => string, name: string, allowed: readonly T[]): T {
  const raw = read(name).trim().toLowerCase()
  const value = allowed.find(item => item === raw)
  if (value === undefined) throw new AlertInputError(name, `must be one of ${allowed.filter(Boolean).join(', ')}; got ${quote(raw)}.`)
  return value
}

function flag(read: (name: string) => string, name: string): boolean {
  const raw = read(name).trim()
  if (raw === '' || /^false$/i.test(raw)) return false
  if (/^true$/i.test(raw)) return true
  throw new AlertInputError(name, `must be \`true\` or \`false\`; got ${quote(raw)}.`)
}

function days(read: (name: string) => string, name: string): number | undefined {
  const raw = read(name).trim()
  if (raw === '') return undefined
  if (!/^\d{1,5}$/.test(raw)) throw new AlertInputError(name, `must be a whole number of days; got ${quote(raw)}.`)
  return Number(raw)
}

/** Lenient: an operation the action refused still deserves an alert that names it. */
function operation(read: (name: string) => string): string {
  const raw = read('operation').trim().toLowerCase() || 'rotate'
  if (!/^[a-z-]{1,30}$/.test(raw)) throw new AlertInputError('operation', `must be the operation the workflow ran, such as rotate; got ${quote(raw)}.`)
  return raw
}

/** Reads and checks every input. `env` supplies the run's context where inputs leave it out. */
export function parseAlertConfig(read: (name: string) => string, env: NodeJS.ProcessEnv): AlertConfig {
  const githubToken = read('github-token').trim()
  if (githubToken === '') throw new AlertInputError('github-token', 'is required: the workflow\'s own token (`${{ github.token }}`) with `issues: write`.')

  const repository = read('repository').trim() || env.GITHUB_REPOSITORY?.trim() || ''
  const repoMatch = REPOSITORY.exec(repository)
  if (!repoMatch) throw new AlertInputError('repository', `must be \`owner/repo\` (default: GITHUB_REPOSITORY); got ${quote(repository)}.`)

  const label = read('label').trim() || 'meta-token-keeper'
  if (label.length > 50 || /[,\n]/.test(label)) throw new AlertInputError('label', `must be one label name of at most 50 characters, without commas; got ${quote(label)}.`)

  const secretName = read('secret-name').trim()
  if (secretName !== '' && !SECRET_NAME.test(secretName)) throw new AlertInputError('secret-name', `must be a GitHub secret name such as META_ACCESS_TOKEN; got ${quote(secretName)}.`)

  const isValidRaw = read('is-valid').trim().toLowerCase()
  const expiresAt = read('expires-at').trim()
  if (expiresAt !== '' && expiresAt !== 'never' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(expiresAt)) {
    throw new AlertInputError('expires-at', `must be an ISO 8601 time such as 2027-01-21T10:00:00Z, or \`never\`; got ${quote(expiresAt)}.`)
  }
  const tokenType = read('token-type').trim()
  if (!/^[A-Z_]{0,40}$/.test(tokenType)) throw new AlertInputError('token-type', `must be a token type such as SYSTEM_USER; got ${quote(tokenType)}.`)

  const serverUrl = env.GITHUB_SERVER_URL?.trim() || 'https://github.com'
  const runUrl = read('run-url').trim() || (env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : '')
  if (runUrl !== '' && !/^https?:\/\/\S+$/.test(runUrl)) throw new AlertInputError('run-url', `must be the run's URL; got ${quote(runUrl)}.`)

  const facts: RunFacts = {
    operation: operation(read),
    outcome: oneOf(read, 'outcome', OUTCOMES),
    failedStep: oneOf(read, 'failed-step', FAILED_STEPS),
    secretName,
    minDaysRemaining: days(read, 'min-days-remaining') ?? 7,
    daysRemaining: days(read, 'days-remaining'),
    expiresAt,
    isValid: isValidRaw === '' ? undefined : flag(read, 'is-valid'),
    tokenType,
    rotated: flag(read, 'rotated'),
    skipped: flag(read, 'skipped'),
    dryRun: flag(read, 'dry-run'),
  }

  return {
    githubToken,
    owner: repoMatch[1],
    repo: repoMatch[2],
    label,
    githubApiUrl: baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL'),
    workflow: env.GITHUB_WORKFLOW?.trim() ?? '',
    runUrl,
    facts,
  }
}
