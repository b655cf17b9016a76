import { InputError, quote } from '../runtime/errors.ts'
import { CATALOG, type Operation, takesReplacement } from './catalog.ts'
import type { Defer } from './defer.ts'
import type { Config } from './config.ts'
import { type InputReader, MIN_SECRET_LENGTH } from './rules.ts'

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

const APP_SECRET = 'the app secret from App settings → Basic'

/** A required secret input's value: `secret` has refused an empty one already, with this message. */
function given(value: string | undefined, name: string, what: string): string {
  if (value === undefined) throw new InputError(name, `is required: ${what}.`)
  return value
}

/** `generate` and `install-app` call Meta as the admin token alone. */
export function callsAsAdmin(operation: Operation): boolean {
  return CATALOG[operation].adminToken === 'calls as it'
}

export type MetaCredentials = Pick<
  Config,
  'appId' | 'appSecret' | 'accessToken' | 'revokeToken' | 'adminToken' | 'adminTokenInput' | 'githubToken'
>

/** The Meta app, the tokens and the GitHub token: everything the run authenticates with. */
export function readMetaCredentials(read: InputReader, operation: Operation, defer: Defer): MetaCredentials {
  const appId = readMetaAppId(read)

  const appSecret = given(secret(read, 'app-secret', true, APP_SECRET), 'app-secret', APP_SECRET)
  const adminWhat = 'an admin system user token issued for `app-id`'
  let admin = defer(() => secret(read, 'admin-token', false, adminWhat), undefined)
  // `generate` and `install-app` take the admin token in either input; every other operation needs `access-token`.
  const accessWhat = callsAsAdmin(operation) ? adminWhat : 'a Meta access token'
  const accessToken = secret(read, 'access-token', !(callsAsAdmin(operation) && admin), accessWhat)
  const revokeToken = secret(read, 'revoke-token', false, 'the Meta access token to revoke')
  const githubToken = defer(() => secret(read, 'github-token', false, 'a GitHub App installation token or fine-grained PAT'), undefined)
  if (callsAsAdmin(operation)) {
    if (admin && accessToken && admin !== accessToken) {
      throw new InputError(
        'admin-token',
        `and \`access-token\` hold different tokens; \`${operation}\` calls Meta as one admin token: pass it in one of them (\`admin-token\` preferred).`
      )
    }
    const adminToken = given(admin ?? accessToken, 'access-token', accessWhat)
    return {
      appId,
      appSecret,
      accessToken: adminToken,
      revokeToken: revokeToken ?? adminToken,
      adminToken,
      adminTokenInput: admin ? 'admin-token' : 'access-token',
      githubToken,
    }
  }
  const replacement = CATALOG[operation].adminToken === 'generates the replacement'
  if (replacement && admin === accessToken) {
    admin = defer(() => {
      throw new InputError(
        'admin-token',
        'is the same token as `access-token`, which this run revokes: pass the token of an admin system user (Business settings → System users), not the leaked one.'
      )
    }, undefined)
  }
  const token = given(accessToken, 'access-token', accessWhat)
  return {
    appId,
    appSecret,
    accessToken: token,
    revokeToken: revokeToken ?? token,
    adminToken: takesReplacement(operation) ? admin : undefined,
    adminTokenInput: 'admin-token',
    githubToken,
  }
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

/** Whether a name input holds a secret input's value (a paste into the wrong input). */
export function holdsSecretValue(raw: string, meta: MetaCredentials): boolean {
  return [meta.appSecret, meta.accessToken, meta.revokeToken, meta.adminToken, meta.githubToken].includes(raw)
}
