import { InputError, looksLikeSecret, quote } from '../runtime/errors.ts'
import {
  type InputReader,
  lengthCheckedReader,
  MIN_SECRET_LENGTH,
  readBoolean,
  readWholeDays,
  requireAtMost,
  SECRET_NAME,
} from './rules.ts'
import { baseUrl } from './urls.ts'
import { DEFAULT_GRAPH_API_VERSION } from '../graph/versions.ts'
import { PERMISSION_NAME } from './scopes.ts'
import { type DeployWorkflow, parseDeployTimeout, parseDeployWorkflows } from '../deploy/deploy-workflows.ts'
import { parseRecord, type RecordLines } from './record.ts'
import { type AssetRequirement, parseRequiredAssets } from './required-assets.ts'
import { parseTargets, splitList, type SecretTarget } from './secret-targets.ts'

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
  /** The record as read: line numbers of its tokens, and the lines kept as they are (record.ts). */
  recordLines: RecordLines
  /** Whether `previous-token` held anything: empty while the record exists means the workflow cannot read it. */
  previousTokenGiven: boolean
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
  /** `parallel-jobs`: jobs using the same GitHub App at once; this run takes 1/n of GitHub's limits. */
  parallelJobs: number
  /** What the token must reach (`required-assets`); checked by `check` and by the verify step of every new token. */
  requiredAssets: AssetRequirement[]
  /** `probe-assets`: also ask Meta for each required id with the token (`GET /{id}`). */
  probeAssets: boolean
}

/** Entries of a list input one run accepts (README, "Limits"). */
const MAX_SCOPES = 100
const MAX_ORG_REPOSITORIES = 500

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
export function parseConfig(readRaw: InputReader, env: NodeJS.ProcessEnv): Config {
  const read = lengthCheckedReader(readRaw, SECRET_INPUTS)
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
  const previousSecretName = readPreviousSecretName(read, secretName, meta, record.tokens)
  const deploys = readDeploys(read, operation)
  const dryRun = readBoolean(read, 'dry-run', false)
  const assets = readRequiredAssets(read, operation, scopes)
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
    recordLines: record,
    previousTokenGiven: record.given,
    replacementProblem: replacement?.problem,
    previousSecretName,
    ...deploys,
    dryRun,
    ...endpoints,
    ...assets,
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
  const appId = readMetaAppId(read)

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

/**
 * The Meta app id, from `meta-app-id` (preferred) or `app-id` (its first name, which reads like
 * the GitHub App's `app-id` of actions/create-github-app-token in the same job). Either is
 * accepted; both given must agree.
 */
function readMetaAppId(read: InputReader): string {
  const preferred = read('meta-app-id').trim()
  const alias = read('app-id').trim()
  if (preferred !== '' && alias !== '' && preferred !== alias) {
    throw new InputError(
      'meta-app-id',
      `and \`app-id\` are two names for the Meta app id, and they differ (${quote(preferred)} and ${quote(alias)}); give only \`meta-app-id\`.`
    )
  }
  const input = preferred !== '' || alias === '' ? 'meta-app-id' : 'app-id'
  const appId = preferred || alias
  if (appId === '')
    throw new InputError(
      'meta-app-id',
      'is required: the Meta app id (digits only, e.g. 1234567890; the variable META_APP_ID in the templates); `app-id` is accepted too.'
    )
  if (!/^\d{1,30}$/.test(appId)) throw new InputError(input, `must be the Meta app id, digits only (e.g. 1234567890); got ${quote(appId)}.`)
  return appId
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
  const given = splitList(read('scope'))
  // Checked before lower-casing: a pasted token, lower-cased, would pass for a permission name
  // that Meta does not know, and be sent to Meta.
  if (given.some(looksLikeSecret))
    throw new InputError('scope', 'holds what looks like a token or secret, not permission names; put the token in its own secret input.')
  const scopes = given.map(s => s.toLowerCase())
  requireAtMost('scope', scopes.length, MAX_SCOPES, 'permissions')
  if (operation !== 'generate') return scopes
  if (scopes.length === 0)
    throw new InputError('scope', 'is required for `generate`: comma-separated permissions such as `ads_management,business_management`.')
  // A name Meta cannot know is a typo or a paste error; a well-formed one that is not in the table
  // is asked for all the same (generate warns), and Meta's answer (code 3962) decides.
  const malformed = scopes.filter(s => !PERMISSION_NAME.test(s))
  if (malformed.length > 0) {
    throw new InputError(
      'scope',
      `${quote(malformed[0])} is not a permission name: permissions are lower-case words joined by \`_\`, comma-separated (e.g. \`ads_management,business_management\`).`
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
  if (raw !== '' && (holdsSecretValue(raw, meta) || looksLikeSecret(raw))) {
    // A secret's name is visible to everyone with access to the repository's settings.
    throw new InputError(
      'secret-name',
      `${holdsSecretValue(raw, meta) ? 'holds the value of a secret input' : 'looks like a token or key, not a name'}; it must be the secret's name, such as META_ACCESS_TOKEN.`
    )
  }
  return needsSecretWrite(operation) && raw !== '' ? raw : undefined
}

/** Whether a name input holds a secret input's value (a paste into the wrong input). */
function holdsSecretValue(raw: string, meta: MetaCredentials): boolean {
  return [meta.appSecret, meta.accessToken, meta.revokeToken, meta.adminToken, meta.githubToken].includes(raw)
}

function readTargets(read: InputReader, env: NodeJS.ProcessEnv, secretName: string | undefined): SecretTarget[] {
  if (secretName) return parseTargets(read('secret-targets'), env.GITHUB_REPOSITORY?.trim() || undefined)
  // Validate the list even when it will not be used, so a typo never hides until later. Only
  // blank and comment lines: no list, as for the writing operations (the calling repository).
  if (splitList(read('secret-targets')).length > 0) parseTargets(read('secret-targets'), undefined)
  return []
}

function readOrgSecretSettings(read: InputReader, targets: SecretTarget[]): Pick<Config, 'orgVisibility' | 'orgRepositories'> {
  const visibilityRaw = read('org-secret-visibility').trim().toLowerCase()
  if (visibilityRaw !== '' && !['all', 'private', 'selected'].includes(visibilityRaw)) {
    throw new InputError('org-secret-visibility', `must be \`all\`, \`private\` or \`selected\`; got ${quote(visibilityRaw)}.`)
  }
  const orgVisibility = (visibilityRaw || undefined) as OrgVisibility | undefined
  const orgRepositories = splitList(read('org-secret-repositories'))
  requireAtMost('org-secret-repositories', orgRepositories.length, MAX_ORG_REPOSITORIES, 'repositories')
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
function readPreviousSecretName(
  read: InputReader,
  secretName: string | undefined,
  meta: MetaCredentials,
  recordTokens: string[]
): string | undefined {
  const raw = read('previous-secret-name').trim()
  if (raw !== '' && (holdsSecretValue(raw, meta) || recordTokens.includes(raw) || looksLikeSecret(raw))) {
    throw new InputError(
      'previous-secret-name',
      `${looksLikeSecret(raw) && !holdsSecretValue(raw, meta) ? 'looks like a token or key, not a name' : 'holds the value of a secret input'}; it must be the record secret's name, such as META_ACCESS_TOKEN_PREVIOUS.`
    )
  }
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

/**
 * `required-assets` and `probe-assets`. Read for every operation (a reusable workflow may pass
 * them to all), used by those that check a token: `check` and every operation that mints one.
 * For `generate` a required permission missing from `scope` is refused here: the token could not
 * hold it, and minting it would be in vain.
 */
function readRequiredAssets(read: InputReader, operation: Operation, scopes: string[]): Pick<Config, 'requiredAssets' | 'probeAssets'> {
  const requiredAssets = parseRequiredAssets(read('required-assets'))
  const probeAssets = readBoolean(read, 'probe-assets', false)
  if (probeAssets && !requiredAssets.some(requirement => requirement.ids.length > 0)) {
    throw new InputError(
      'probe-assets',
      'is `true` but `required-assets` lists no asset id to probe; list them (e.g. `ads_management: act_1234567890`) or leave `probe-assets` off.'
    )
  }
  if (operation === 'generate') {
    const unasked = requiredAssets.find(requirement => !scopes.includes(requirement.permission))
    if (unasked) {
      throw new InputError(
        'required-assets',
        `${quote(unasked.line)} needs \`${unasked.permission}\`, which \`scope\` does not ask for: the generated token could not hold it. Add it to \`scope\`.`
      )
    }
  }
  return { requiredAssets, probeAssets }
}

/** Where the run talks to: Meta's Graph API (version, URL), GitHub's API and server, how long a request may take, and the run's share of GitHub's limits. */
function readEndpoints(
  read: InputReader,
  env: NodeJS.ProcessEnv
): Pick<Config, 'graphApiVersion' | 'graphApiUrl' | 'githubApiUrl' | 'githubServerUrl' | 'requestTimeoutMs' | 'parallelJobs'> {
  const graphApiVersion = read('graph-api-version').trim() || DEFAULT_GRAPH_API_VERSION
  if (!/^v\d{1,3}\.\d{1,2}$/.test(graphApiVersion)) {
    throw new InputError('graph-api-version', `must look like ${DEFAULT_GRAPH_API_VERSION}; got ${quote(graphApiVersion)}.`)
  }
  const graphApiUrl = baseUrl(read('graph-api-url').trim() || 'https://graph.facebook.com', 'graph-api-url')
  const githubApiUrl = baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL')
  const githubServerUrl = baseUrl(env.GITHUB_SERVER_URL?.trim() || 'https://github.com', 'GITHUB_SERVER_URL')

  const timeoutRaw = read('request-timeout-seconds').trim() || '30'
  const timeoutSeconds = Number(timeoutRaw)
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(timeoutRaw) || timeoutSeconds < 0.001 || timeoutSeconds > 600) {
    throw new InputError('request-timeout-seconds', `must be a number of seconds from 0.001 to 600 (e.g. 30); got ${quote(timeoutRaw)}.`)
  }
  const jobsRaw = read('parallel-jobs').trim() || '1'
  if (!/^\d{1,3}$/.test(jobsRaw) || Number(jobsRaw) < 1 || Number(jobsRaw) > 80) {
    throw new InputError(
      'parallel-jobs',
      `must be a whole number from 1 to 80 (the jobs that use the same GitHub App at once); got ${quote(jobsRaw)}.`
    )
  }
  return {
    graphApiVersion,
    graphApiUrl,
    githubApiUrl,
    githubServerUrl,
    requestTimeoutMs: Math.round(timeoutSeconds * 1000),
    parallelJobs: Number(jobsRaw),
  }
}
