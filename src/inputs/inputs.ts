import { InputError, quote } from '../runtime/errors.ts'
import { type InputReader, MIN_SECRET_LENGTH, readBoolean, readWholeDays, SECRET_NAME } from './rules.ts'
import { baseUrl } from './urls.ts'
import { isSupportedScope } from './scopes.ts'
import { type DeployWorkflow, parseDeployTimeout, parseDeployWorkflows } from '../deploy/targets.ts'
import { parseRecord } from './record.ts'
import { parseTargets, splitList, type SecretTarget } from './targets.ts'

export const OPERATIONS = ['rotate', 'refresh', 'check', 'revoke', 'retire', 'generate', 'install-app', 'emergency'] as const
export type Operation = (typeof OPERATIONS)[number]
export type OrgVisibility = 'all' | 'private' | 'selected'
/** `true`: revoke the old token in this run; `deferred`: in the next one; `false`: never (no record). */
export type RevokeOld = 'true' | 'false' | 'deferred'

export interface Config {
  operation: Operation
  appId: string
  appSecret: string
  accessToken: string
  revokeToken: string
  /**
   * The admin system user token: `generate` and `install-app` call as it (`admin-token`, or
   * `access-token` as before); `emergency` generates the replacement with it (`admin-token` only).
   */
  adminToken: string | undefined
  /** The input the admin token came from, for messages. */
  adminTokenInput: 'admin-token' | 'access-token'
  systemUserId: string | undefined
  scopes: string[]
  expiring: boolean
  /** Empty: write no secret. */
  secretName: string | undefined
  targets: SecretTarget[]
  orgVisibility: OrgVisibility | undefined
  orgRepositories: string[]
  githubToken: string | undefined
  renewBeforeDays: number | undefined
  minDaysRemaining: number
  revokeOld: RevokeOld
  /** The tokens of the previous-token record (never `access-token`). */
  previousTokens: string[]
  /** For each of `previousTokens`, its line in `previous-token` (1-based), so messages can name it. */
  previousTokenLines: number[]
  /** previous-token lines that cannot be tokens, dropped with a warning. */
  droppedRecordLines: number
  /** The record's secret, in the first target; set whenever `secret-name` is. */
  previousSecretName: string | undefined
  /**
   * emergency: why no replacement can be generated although `admin-token` is given (a missing or
   * bad `system-user-id` or `scope`). Reported after the revocations: it never delays them.
   */
  replacementProblem: string | undefined
  /** rotate: the consumers to redeploy between storing the new token and revoking the old one; emergency: after storing the replacement. */
  deployWorkflows: DeployWorkflow[]
  deployTimeoutMs: number
  dryRun: boolean
  graphApiVersion: string
  graphApiUrl: string
  githubApiUrl: string
  /** Where run pages live (GITHUB_SERVER_URL): the only links the summary may carry point there. */
  githubServerUrl: string
  requestTimeoutMs: number
}

/** The inputs whose values are secrets; they are masked before anything else happens (see secretParts). */
export const SECRET_INPUTS = ['app-secret', 'access-token', 'revoke-token', 'admin-token', 'github-token'] as const

/** A secret input: required ones must be present; none may hold whitespace (a paste error). */
function secret(read: InputReader, name: string, required: boolean, what: string): string | undefined {
  const value = read(name).trim()
  if (value === '') {
    if (required) throw new InputError(name, `is required: ${what}.`)
    return undefined
  }
  // Never quote a secret back: say what is wrong with it, not what it is.
  if (/\s/.test(value)) throw new InputError(name, `contains whitespace or a line break; paste the value alone (${what}).`)
  // Tokens and secrets are printable ASCII; anything else is an invisible paste artefact.
  if (/[^\x21-\x7e]/.test(value))
    throw new InputError(
      name,
      `contains a character that is not printable ASCII (often an invisible character from a paste); paste the value alone (${what}).`
    )
  if (value.length > 4096) throw new InputError(name, `is longer than 4096 characters; expected ${what}.`)
  if (value.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      name,
      `is shorter than ${MIN_SECRET_LENGTH} characters, too short for ${what} (an expression such as \`cond && secrets.X\` gives a boolean, not the secret, when cond does not hold); pass the value itself${required ? '' : ', or leave the input empty'}.`
    )
  }
  return value
}

function needsSecretWrite(operation: Operation): boolean {
  return ['rotate', 'refresh', 'generate', 'retire', 'emergency'].includes(operation)
}

/** `generate` and `install-app` call Meta as the admin token alone. */
function callsAsAdmin(operation: Operation): boolean {
  return operation === 'generate' || operation === 'install-app'
}

function revokeOldMode(read: InputReader): RevokeOld {
  const raw = read('revoke-old').trim().toLowerCase() || 'true'
  if (raw === 'true' || raw === 'false' || raw === 'deferred') return raw
  throw new InputError('revoke-old', `must be \`true\`, \`false\` or \`deferred\`, got ${quote(raw)}.`)
}

/**
 * Reads and validates every input. Throws InputError (naming the input and what a valid value
 * looks like) before anything touches the network. The steps run in this order, so the first
 * input named in an error is always the same for the same inputs.
 */
export function parseConfig(read: InputReader, env: NodeJS.ProcessEnv): Config {
  const operation = readOperation(read)
  const meta = readMetaCredentials(read, operation)
  const replacement = readReplacement(read, operation, meta)
  const systemUserId = replacement ? replacement.systemUserId : readSystemUserId(read, operation)
  const scopes = replacement ? replacement.scopes : readScopes(read, operation)
  // An emergency's replacement is always a 60-day token (a leak of it ends on its own): `expiring` is not read.
  const expiring = operation === 'emergency' || readBoolean(read, 'expiring', true)
  const secretName = readSecretName(read, operation, meta)
  const targets = readTargets(read, env, secretName)
  const org = readOrgSecretSettings(read, targets)
  if (secretName && !meta.githubToken) {
    throw new InputError(
      'github-token',
      "is required to write the secret: a GitHub App installation token or fine-grained PAT allowed to write secrets (the workflow's own GITHUB_TOKEN cannot write secrets)."
    )
  }
  const renewBeforeDays = readWholeDays(read, 'renew-before-days')
  const minDaysRemaining = readWholeDays(read, 'min-days-remaining') ?? 7
  const revokeOld = revokeOldMode(read)
  const record = parseRecord(read('previous-token'), meta.accessToken)
  const previousSecretName = readPreviousSecretName(read, secretName)
  const deploys = readDeploys(read, operation)
  const dryRun = readBoolean(read, 'dry-run', false)
  const endpoints = readEndpoints(read, env)

  return {
    operation,
    ...meta,
    systemUserId,
    scopes,
    expiring,
    secretName,
    targets,
    ...org,
    renewBeforeDays,
    minDaysRemaining,
    revokeOld,
    previousTokens: record.tokens,
    previousTokenLines: record.lines,
    droppedRecordLines: record.dropped,
    replacementProblem: replacement?.problem,
    previousSecretName,
    ...deploys,
    dryRun,
    ...endpoints,
  }
}

function readOperation(read: InputReader): Operation {
  const raw = read('operation').trim() || 'rotate'
  const operation = OPERATIONS.find(op => op === raw.toLowerCase())
  if (!operation) throw new InputError('operation', `must be one of ${OPERATIONS.join(', ')}; got ${quote(raw)}.`)
  return operation
}

type MetaCredentials = Pick<
  Config,
  'appId' | 'appSecret' | 'accessToken' | 'revokeToken' | 'adminToken' | 'adminTokenInput' | 'githubToken'
>

/** The Meta app, the tokens and the GitHub token: everything the run authenticates with. */
function readMetaCredentials(read: InputReader, operation: Operation): MetaCredentials {
  const appId = read('app-id').trim()
  if (appId === '') throw new InputError('app-id', 'is required: the Meta app id (digits only, e.g. 1234567890).')
  if (!/^\d{1,30}$/.test(appId))
    throw new InputError('app-id', `must be the Meta app id, digits only (e.g. 1234567890); got ${quote(appId)}.`)

  const appSecret = secret(read, 'app-secret', true, 'the app secret from App settings → Basic') as string
  const adminWhat = 'an admin system user token issued for `app-id`'
  const admin = secret(read, 'admin-token', false, adminWhat)
  // `generate` and `install-app` take the admin token in either input; every other operation needs `access-token`.
  const accessToken = secret(
    read,
    'access-token',
    !(callsAsAdmin(operation) && admin),
    callsAsAdmin(operation) ? adminWhat : 'a Meta access token'
  )
  const revokeToken = secret(read, 'revoke-token', false, 'the Meta access token to revoke') ?? (accessToken as string)
  const githubToken = secret(read, 'github-token', false, 'a GitHub App installation token or fine-grained PAT')
  if (callsAsAdmin(operation)) {
    if (admin && accessToken && admin !== accessToken) {
      throw new InputError(
        'admin-token',
        `and \`access-token\` hold different tokens; \`${operation}\` calls Meta as one admin token: pass it in one of them (\`admin-token\` preferred).`
      )
    }
    const adminToken = (admin ?? accessToken) as string
    return {
      appId,
      appSecret,
      accessToken: adminToken,
      revokeToken,
      adminToken,
      adminTokenInput: admin ? 'admin-token' : 'access-token',
      githubToken,
    }
  }
  if (operation === 'emergency' && admin === accessToken) {
    throw new InputError(
      'admin-token',
      'is the same token as `access-token`, which this run revokes: pass the token of an admin system user (Business settings → System users), not the leaked one.'
    )
  }
  return {
    appId,
    appSecret,
    accessToken: accessToken as string,
    revokeToken,
    adminToken: operation === 'emergency' ? admin : undefined,
    adminTokenInput: 'admin-token',
    githubToken,
  }
}

/**
 * emergency: the system user and scopes of the replacement, when `admin-token` is given. A
 * missing or bad value is not an input error: it must not hold back the revocation, so it is
 * kept as `problem` and reported once every leaked token is dead. Undefined for other operations.
 */
function readReplacement(
  read: InputReader,
  operation: Operation,
  meta: MetaCredentials
): { systemUserId: string | undefined; scopes: string[]; problem: string | undefined } | undefined {
  if (operation !== 'emergency') return undefined
  let systemUserId: string | undefined
  let scopes: string[] = []
  const problems: string[] = []
  try {
    systemUserId = readSystemUserId(read, 'generate')
  } catch (error) {
    problems.push((error as Error).message.replace('for `generate`', 'for the replacement'))
  }
  try {
    scopes = readScopes(read, 'generate')
  } catch (error) {
    problems.push((error as Error).message.replace('for `generate`', 'for the replacement'))
  }
  return { systemUserId, scopes, problem: meta.adminToken && problems.length > 0 ? problems.join(' ') : undefined }
}

function readSystemUserId(read: InputReader, operation: Operation): string | undefined {
  const raw = read('system-user-id').trim()
  if (raw !== '' && !/^\d{1,30}$/.test(raw)) {
    throw new InputError('system-user-id', `must be the system user's numeric id; got ${quote(raw)}.`)
  }
  if ((operation === 'generate' || operation === 'install-app') && raw === '') {
    throw new InputError(
      'system-user-id',
      `is required for \`${operation}\`: the numeric id of the system user (Business settings → System users).`
    )
  }
  return raw || undefined
}

function readScopes(read: InputReader, operation: Operation): string[] {
  const scopes = splitList(read('scope')).map(s => s.toLowerCase())
  if (operation !== 'generate') return scopes
  if (scopes.length === 0)
    throw new InputError('scope', 'is required for `generate`: comma-separated permissions such as `ads_management,business_management`.')
  const unknown = scopes.filter(s => !isSupportedScope(s))
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 5).map(quote).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '')
    throw new InputError(
      'scope',
      `${listed} ${unknown.length === 1 ? 'is not a permission' : 'are not permissions'} that system users support (see the README for the list).`
    )
  }
  return scopes
}

/** The secret to write; undefined when the operation writes none or the input is empty. */
function readSecretName(read: InputReader, operation: Operation, meta: MetaCredentials): string | undefined {
  const raw = read('secret-name').trim()
  if (raw !== '') {
    if (!SECRET_NAME.test(raw) || /^GITHUB_/i.test(raw)) {
      throw new InputError(
        'secret-name',
        `${quote(raw)} is not a valid GitHub secret name: use letters, digits and \`_\`, do not start with a digit or \`GITHUB_\` (e.g. META_ACCESS_TOKEN).`
      )
    }
  } else if (operation === 'rotate') {
    throw new InputError('secret-name', 'is required for `rotate`: the GitHub secret that holds the token (e.g. META_ACCESS_TOKEN).')
  }
  if (raw !== '' && [meta.appSecret, meta.accessToken, meta.revokeToken, meta.adminToken, meta.githubToken].includes(raw)) {
    // A secret's name is visible to everyone with access to the repository's settings.
    throw new InputError('secret-name', "holds the value of a secret input; it must be the secret's name, such as META_ACCESS_TOKEN.")
  }
  return needsSecretWrite(operation) && raw !== '' ? raw : undefined
}

function readTargets(read: InputReader, env: NodeJS.ProcessEnv, secretName: string | undefined): SecretTarget[] {
  if (secretName) return parseTargets(read('secret-targets'), env.GITHUB_REPOSITORY?.trim() || undefined)
  // Validate the list even when it will not be used, so a typo never hides until later.
  if (read('secret-targets').trim() !== '') parseTargets(read('secret-targets'), undefined)
  return []
}

function readOrgSecretSettings(read: InputReader, targets: SecretTarget[]): Pick<Config, 'orgVisibility' | 'orgRepositories'> {
  const visibilityRaw = read('org-secret-visibility').trim().toLowerCase()
  if (visibilityRaw !== '' && !['all', 'private', 'selected'].includes(visibilityRaw)) {
    throw new InputError('org-secret-visibility', `must be \`all\`, \`private\` or \`selected\`; got ${quote(visibilityRaw)}.`)
  }
  const orgVisibility = (visibilityRaw || undefined) as OrgVisibility | undefined
  const orgRepositories = splitList(read('org-secret-repositories'))
  for (const repo of orgRepositories) {
    if (!/^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}\/)?[A-Za-z0-9._-]{1,100}$/.test(repo) || /(?:^|\/)\.{1,2}$/.test(repo)) {
      throw new InputError('org-secret-repositories', `${quote(repo)} is not a repository name; use \`name\` or \`owner/name\`.`)
    }
  }
  if (orgVisibility === 'selected' && orgRepositories.length === 0 && targets.some(t => t.kind === 'organization')) {
    throw new InputError(
      'org-secret-repositories',
      'is required when `org-secret-visibility` is `selected`: list the repositories that may use the secret.'
    )
  }
  if (orgRepositories.length > 0 && orgVisibility !== 'selected') {
    throw new InputError('org-secret-visibility', 'must be `selected` when `org-secret-repositories` is given.')
  }
  return { orgVisibility, orgRepositories }
}

/** The record's secret, in the first target; set whenever `secret-name` is. */
function readPreviousSecretName(read: InputReader, secretName: string | undefined): string | undefined {
  const raw = read('previous-secret-name').trim()
  if (raw !== '' && (!SECRET_NAME.test(raw) || /^GITHUB_/i.test(raw))) {
    throw new InputError('previous-secret-name', `${quote(raw)} is not a valid GitHub secret name (e.g. META_ACCESS_TOKEN_PREVIOUS).`)
  }
  if (raw !== '' && raw.toUpperCase() === secretName?.toUpperCase()) {
    throw new InputError('previous-secret-name', 'must differ from `secret-name`: the record is a second secret beside the token.')
  }
  return secretName ? raw || `${secretName}_PREVIOUS` : undefined
}

function readDeploys(read: InputReader, operation: Operation): Pick<Config, 'deployWorkflows' | 'deployTimeoutMs'> {
  const deployWorkflows = parseDeployWorkflows(read('deploy-workflows'))
  const deployTimeoutMs = parseDeployTimeout(read('deploy-timeout-minutes'))
  if (deployWorkflows.length > 0 && operation !== 'rotate' && operation !== 'emergency') {
    throw new InputError(
      'deploy-workflows',
      `is for \`rotate\` (it runs between storing the new token and revoking the old one) and \`emergency\` (after storing the replacement), not for \`${operation}\`.`
    )
  }
  return { deployWorkflows, deployTimeoutMs }
}

/** Where the run talks to: Meta's Graph API (version, URL), GitHub's API and server, and how long a request may take. */
function readEndpoints(
  read: InputReader,
  env: NodeJS.ProcessEnv
): Pick<Config, 'graphApiVersion' | 'graphApiUrl' | 'githubApiUrl' | 'githubServerUrl' | 'requestTimeoutMs'> {
  const graphApiVersion = read('graph-api-version').trim() || 'v26.0'
  if (!/^v\d{1,3}\.\d{1,2}$/.test(graphApiVersion)) {
    throw new InputError('graph-api-version', `must look like v26.0; got ${quote(graphApiVersion)}.`)
  }
  const graphApiUrl = baseUrl(read('graph-api-url').trim() || 'https://graph.facebook.com', 'graph-api-url')
  const githubApiUrl = baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL')
  const githubServerUrl = baseUrl(env.GITHUB_SERVER_URL?.trim() || 'https://github.com', 'GITHUB_SERVER_URL')

  const timeoutRaw = read('request-timeout-seconds').trim() || '30'
  const timeoutSeconds = Number(timeoutRaw)
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(timeoutRaw) || timeoutSeconds < 0.001 || timeoutSeconds > 600) {
    throw new InputError('request-timeout-seconds', `must be a number of seconds from 0.001 to 600 (e.g. 30); got ${quote(timeoutRaw)}.`)
  }
  return { graphApiVersion, graphApiUrl, githubApiUrl, githubServerUrl, requestTimeoutMs: Math.round(timeoutSeconds * 1000) }
}
