import { parseDeployTimeout, parseDeployWorkflows } from '../deploy/deploy-workflows.ts'
import { InputError, looksLikeSecret, quote } from '../runtime/errors.ts'
import { CATALOG, type Operation, revokesFirst, takesReplacement } from './catalog.ts'
import { deferringInto, strict } from './defer.ts'
import type { Config, ReplacementProblems, RevokeOld } from './config.ts'
import { type MetaCredentials, readMetaCredentials, SECRET_INPUTS } from './credentials.ts'
import { readEndpoints } from './endpoints.ts'
import { parseOperation } from './operation.ts'
import { MAX_RECORD_TOKENS, parseRecord } from './record.ts'
import { parseRequiredAssets } from './required-assets.ts'
import { type InputReader, lengthCheckedReader, readBoolean, readWholeDays, requireAtMost } from './rules.ts'
import { PERMISSION_NAME } from './scopes.ts'
import { readOrgSecretSettings, readPreviousSecretName, readSecretName, readTargets } from './secret-names.ts'
import { splitList } from './secret-targets.ts'

// src/operations/emergency.ts imports the Config from here; main.ts and the tests SECRET_INPUTS.
export type { Config } from './config.ts'
export { SECRET_INPUTS } from './credentials.ts'

/** Entries of a list input one run accepts (README, "Limits"). */
const MAX_SCOPES = 100

function needs(operation: Operation, input: 'system-user-id' | 'scope'): boolean {
  return (CATALOG[operation].needs as readonly string[]).includes(input)
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
export function parseConfig(readRaw: InputReader, env: NodeJS.ProcessEnv, deferredProblems: InputError[] = []): Config {
  const read = lengthCheckedReader(readRaw, SECRET_INPUTS)
  const operation = readOperation(read)
  // The emergency's replacement settings never hold back its revokes: refused after them.
  const defer = revokesFirst(operation) ? deferringInto(deferredProblems) : strict
  const meta = readMetaCredentials(read, operation, defer)
  const replacement = readReplacement(read, operation, meta)
  const systemUserId = replacement ? replacement.systemUserId : readSystemUserId(read, operation)
  const scopes = replacement ? replacement.scopes : readScopes(read, operation)
  // An emergency's replacement is always a 60-day token (a leak of it ends on its own): `expiring` is not read.
  const expiring = revokesFirst(operation) || readBoolean(read, 'expiring', true)
  const secretName = defer(() => readSecretName(read, operation, meta), undefined)
  const targets = defer(() => readTargets(read, env, secretName), [])
  const org = defer(() => readOrgSecretSettings(read, targets), { orgVisibility: undefined, orgRepositories: [] })
  // The doctor reports a missing GitHub token as a finding of its own.
  if (secretName && !meta.githubToken && CATALOG[operation].writesSecret !== 'reads it') {
    defer(() => {
      throw new InputError(
        'github-token',
        "is required to write the secret: a GitHub App installation token or fine-grained PAT allowed to write secrets (the workflow's own GITHUB_TOKEN cannot write secrets)."
      )
    }, undefined)
  }
  if (revokesFirst(operation) && meta.adminToken && !secretName && !deferredProblems.some(problem => problem.input === 'secret-name')) {
    deferredProblems.push(
      new InputError(
        'secret-name',
        'is required to replace the stored token (`admin-token` is given): the replacement is stored in it, never handed out in an output only. Nothing was generated.'
      )
    )
  }
  const renewBeforeDays = defer(() => readWholeDays(read, 'renew-before-days'), undefined)
  const minDaysRemaining = defer(() => readWholeDays(read, 'min-days-remaining') ?? 7, 7)
  const revokeOld = defer(() => revokeOldMode(read), 'true')
  // An emergency revokes every line of the record, however many.
  const record = parseRecord(read('previous-token'), meta.accessToken, revokesFirst(operation) ? Infinity : MAX_RECORD_TOKENS)
  const previousSecretName = defer(() => readPreviousSecretName(read, secretName, meta, record.tokens), undefined)
  const deploys = defer(() => readDeploys(read, operation), { deployWorkflows: [], deployTimeoutMs: parseDeployTimeout('') })
  const dryRun = readBoolean(read, 'dry-run', false)
  const drill = defer(() => readDrill(read, operation), false)
  const assets = defer(() => readRequiredAssets(read, operation, scopes), { requiredAssets: [], probeAssets: false })
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
    replacementProblems: replacement?.problems ?? {},
    deferredProblems,
    previousSecretName,
    ...deploys,
    dryRun,
    drill,
    ...endpoints,
    ...assets,
  }
}

function readOperation(read: InputReader): Operation {
  return parseOperation(read('operation'))
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
): { systemUserId: string | undefined; scopes: string[]; problem: string | undefined; problems: ReplacementProblems } | undefined {
  if (!takesReplacement(operation)) return undefined
  let systemUserId: string | undefined
  let scopes: string[] = []
  const problems: ReplacementProblems = {}
  try {
    systemUserId = readSystemUserId(read, 'generate')
  } catch (error) {
    problems['system-user-id'] = (error as Error).message.replace('for `generate`', 'for the replacement')
  }
  try {
    scopes = readScopes(read, 'generate')
  } catch (error) {
    problems.scope = (error as Error).message.replace('for `generate`', 'for the replacement')
  }
  const all = Object.values(problems)
  return { systemUserId, scopes, problems, problem: meta.adminToken && all.length > 0 ? all.join(' ') : undefined }
}

function readSystemUserId(read: InputReader, operation: Operation): string | undefined {
  const raw = read('system-user-id').trim()
  if (raw !== '' && !/^\d{1,30}$/.test(raw)) {
    throw new InputError('system-user-id', `must be the system user's numeric id; got ${quote(raw)}.`)
  }
  if (needs(operation, 'system-user-id') && raw === '') {
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
  if (!needs(operation, 'scope')) return scopes
  if (scopes.length === 0)
    throw new InputError(
      'scope',
      `is required for \`${operation}\`: comma-separated permissions such as \`ads_management,business_management\`.`
    )
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

function readDeploys(read: InputReader, operation: Operation): Pick<Config, 'deployWorkflows' | 'deployTimeoutMs'> {
  const deployWorkflows = parseDeployWorkflows(read('deploy-workflows'))
  const deployTimeoutMs = parseDeployTimeout(read('deploy-timeout-minutes'))
  if (deployWorkflows.length > 0 && !CATALOG[operation].takesDeploys) {
    throw new InputError(
      'deploy-workflows',
      `is for \`rotate\` (it runs between storing the new token and revoking the old one) and \`emergency\` (after storing the replacement), not for \`${operation}\`.`
    )
  }
  return { deployWorkflows, deployTimeoutMs }
}

function readDrill(read: InputReader, operation: Operation): boolean {
  const drill = readBoolean(read, 'drill', false)
  if (drill && operation !== 'doctor') {
    throw new InputError(
      'drill',
      `is for \`operation: doctor\` (it generates and revokes the emergency's replacement), not for \`${operation}\`.`
    )
  }
  return drill
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
  if (needs(operation, 'scope')) {
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
