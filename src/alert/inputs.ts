import { InputError, quote } from '../runtime/errors.ts'
import { type InputReader, parseRepository, readBoolean, readWholeDays, SECRET_NAME } from '../inputs/rules.ts'
import { baseUrl } from '../inputs/urls.ts'
import type { FailedStep, Outcome, RunFacts } from './decide.ts'

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

function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[]): T {
  const raw = read(name).trim().toLowerCase()
  const value = allowed.find(item => item === raw)
  if (value === undefined) throw new InputError(name, `must be one of ${allowed.filter(Boolean).join(', ')}; got ${quote(raw)}.`)
  return value
}

/** Lenient: an operation the action refused still deserves an alert that names it. */
function operation(read: InputReader): string {
  const raw = read('operation').trim().toLowerCase() || 'rotate'
  if (!/^[a-z-]{1,30}$/.test(raw))
    throw new InputError('operation', `must be the operation the workflow ran, such as rotate; got ${quote(raw)}.`)
  return raw
}

/** Reads and checks every input. `env` supplies the run's context where inputs leave it out. */
export function parseAlertConfig(read: InputReader, env: NodeJS.ProcessEnv): AlertConfig {
  const githubToken = read('github-token').trim()
  if (githubToken === '')
    throw new InputError('github-token', "is required: the workflow's own token (`${{ github.token }}`) with `issues: write`.")

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
  const expiresAt = read('expires-at').trim()
  if (expiresAt !== '' && expiresAt !== 'never' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(expiresAt)) {
    throw new InputError('expires-at', `must be an ISO 8601 time such as 2027-01-21T10:00:00Z, or \`never\`; got ${quote(expiresAt)}.`)
  }
  const tokenType = read('token-type').trim()
  if (!/^[A-Z_]{0,40}$/.test(tokenType))
    throw new InputError('token-type', `must be a token type such as SYSTEM_USER; got ${quote(tokenType)}.`)

  const serverUrl = env.GITHUB_SERVER_URL?.trim() || 'https://github.com'
  const runUrl = read('run-url').trim() || (env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : '')
  if (runUrl !== '' && !/^https?:\/\/\S+$/.test(runUrl)) throw new InputError('run-url', `must be the run's URL; got ${quote(runUrl)}.`)

  const facts: RunFacts = {
    operation: operation(read),
    outcome: oneOf(read, 'outcome', OUTCOMES),
    failedStep: oneOf(read, 'failed-step', FAILED_STEPS),
    secretName,
    minDaysRemaining: readWholeDays(read, 'min-days-remaining') ?? 7,
    daysRemaining: readWholeDays(read, 'days-remaining'),
    expiresAt,
    isValid: isValidRaw === '' ? undefined : readBoolean(read, 'is-valid', false),
    tokenType,
    rotated: readBoolean(read, 'rotated', false),
    skipped: readBoolean(read, 'skipped', false),
    dryRun: readBoolean(read, 'dry-run', false),
  }

  return {
    githubToken,
    owner: repoMatch.owner,
    repo: repoMatch.repo,
    label,
    githubApiUrl: baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL'),
    workflow: env.GITHUB_WORKFLOW?.trim() ?? '',
    runUrl,
    facts,
  }
}
