/**
 * The checks GitHub makes before and while handling a request: User-Agent and API version
 * headers, the token's permissions, and the JSON bodies of the secret writes, with the
 * messages as GitHub words them (see reference §1.4).
 */
import sodium from 'libsodium-wrappers'
import { ApiError, DOCS, fail, invalid } from './errors.ts'
import type { JsonObject } from './errors.ts'
import type { Ctx } from './routing.ts'
import type { SecretScope } from './state.ts'
import type { Access, OrgSecretSettings, Permission, StoredSecret, Visibility } from './types.ts'

export const API_VERSIONS = ['2022-11-28', '2026-03-10']
const VISIBILITIES: readonly Visibility[] = ['all', 'private', 'selected']
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/
const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const NAME_RULE_MESSAGE =
  'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). ' +
  'Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).'
const IMPROPERLY_ENCRYPTED = 'Bad request - validation failed due to an improperly encrypted secret'
const NOT_SELECTED_CONFLICT = "You cannot update selected repositories for a secret when the visibility is not set to 'selected'"

// ---------------------------------------------------------------------------------------------
// Headers and permissions
// ---------------------------------------------------------------------------------------------

/**
 * "Requests with no User-Agent header will be rejected": a 403 before anything else.
 * https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent
 */
export function checkUserAgent(userAgent: string | undefined): void {
  if (userAgent?.trim()) return
  throw fail(403, USER_AGENT_REQUIRED, DOCS)
}

export const USER_AGENT_REQUIRED =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).'

export function checkApiVersion(apiVersion: string | string[] | undefined): void {
  if (apiVersion === undefined || (typeof apiVersion === 'string' && API_VERSIONS.includes(apiVersion))) return
  const supported = '"2026-03-10" (most recent), "2022-11-28"'
  const message =
    `The version you specified in the "X-GitHub-API-Version" request header, "${String(apiVersion)}", ` +
    `is not a supported version. The following versions are currently supported: ${supported}.`
  throw fail(400, message, DOCS)
}

export function requirePermission(c: Ctx, permission: Permission, access: Access): void {
  if (grants(c.token.permissions[permission], access)) return
  throw fail(403, 'Resource not accessible by integration', c.doc, {
    'X-Accepted-GitHub-Permissions': `${permission}=${access}`,
  })
}

function grants(granted: Access | undefined, needed: Access): boolean {
  return granted === 'write' || (granted === 'read' && needed === 'read')
}

// ---------------------------------------------------------------------------------------------
// Request bodies (PUT secret, PUT selected repositories)
// ---------------------------------------------------------------------------------------------

/** Ruby-style rendering of a JSON value, as GitHub's schema errors show it. */
function inspect(value: unknown): string {
  return value === null ? 'nil' : JSON.stringify(value)
}

export function parseObjectBody(ctx: Ctx): JsonObject {
  if (ctx.rawBody.trim() === '') throw invalid("For 'links/0/schema', nil is not an object.", ctx.doc)
  let parsed: unknown
  try {
    parsed = JSON.parse(ctx.rawBody)
  } catch {
    throw fail(400, 'Problems parsing JSON', ctx.doc)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(`For 'links/0/schema', ${inspect(parsed)} is not an object.`, ctx.doc)
  }
  return parsed as JsonObject
}

export function requireFields(body: JsonObject, fields: string[], doc: string): void {
  const missing = fields.filter(field => body[field] === undefined)
  if (missing.length === 1) throw invalid(`"${missing[0]}" wasn't supplied.`, doc)
  if (missing.length > 1) throw invalid(`${missing.map(f => `"${f}"`).join(', ')} weren't supplied.`, doc)
}

function requireString(body: JsonObject, field: string, doc: string): void {
  if (typeof body[field] !== 'string') {
    throw invalid(`For 'properties/${field}', ${inspect(body[field])} is not a string.`, doc)
  }
}

function requireVisibility(body: JsonObject, doc: string): void {
  if (!VISIBILITIES.includes(body.visibility as Visibility)) {
    const allowed = `[${VISIBILITIES.map(v => `"${v}"`).join(', ')}]`
    throw invalid(`For 'properties/visibility', ${inspect(body.visibility)} is not a member of ${allowed}.`, doc)
  }
}

export function requireIdArray(body: JsonObject, field: string, doc: string): void {
  const ids = body[field]
  if (!Array.isArray(ids)) throw invalid(`For 'properties/${field}', ${inspect(ids)} is not an array.`, doc)
  const bad = ids.find(id => !Number.isInteger(id))
  if (bad !== undefined) throw invalid(`For 'items', ${inspect(bad)} is not an integer.`, doc)
}

function requireBase64(body: JsonObject, doc: string): void {
  const value = body.encrypted_value as string
  if (!BASE64_PATTERN.test(value)) throw invalid(`${value} does not match /${BASE64_PATTERN.source}/.`, doc)
}

export function validatePutBody(body: JsonObject, isOrg: boolean, doc: string): void {
  requireFields(body, isOrg ? ['encrypted_value', 'key_id', 'visibility'] : ['encrypted_value', 'key_id'], doc)
  requireString(body, 'encrypted_value', doc)
  requireString(body, 'key_id', doc)
  if (isOrg) {
    requireVisibility(body, doc)
    if (body.selected_repository_ids !== undefined) requireIdArray(body, 'selected_repository_ids', doc)
  }
  requireBase64(body, doc)
}

export function validSecretName(name: string, doc: string): string {
  if (!SECRET_NAME_PATTERN.test(name) || /^GITHUB_/i.test(name)) throw fail(422, NAME_RULE_MESSAGE, doc)
  return name.toUpperCase()
}

export function orgSettings(body: JsonObject, doc: string): OrgSecretSettings {
  const visibility = body.visibility as Visibility
  const ids = body.selected_repository_ids as number[] | undefined
  if (ids !== undefined && visibility !== 'selected') {
    throw invalid("selected_repository_ids can only be used when visibility is 'selected'.", doc)
  }
  return { visibility, selectedRepositoryIds: ids }
}

/** The secret's plaintext: the value must be sealed with the scope's current public key. */
export function openSealedValue(scope: SecretScope, body: JsonObject, doc: string): string {
  if (body.key_id !== scope.keys.keyId) throw fail(422, IMPROPERLY_ENCRYPTED, doc)
  try {
    const sealed = sodium.from_base64(body.encrypted_value as string, sodium.base64_variants.ORIGINAL)
    const opened = sodium.crypto_box_seal_open(sealed, scope.keys.publicKey, scope.keys.privateKey)
    return new TextDecoder().decode(opened)
  } catch {
    throw fail(422, IMPROPERLY_ENCRYPTED, doc)
  }
}

export function requireSelectedVisibility(secret: StoredSecret, doc: string): void {
  if (secret.visibility === 'selected') return
  throw new ApiError({
    status: 409,
    body: { message: 'Conflict', errors: NOT_SELECTED_CONFLICT, documentation_url: doc, status: '409' },
  })
}
