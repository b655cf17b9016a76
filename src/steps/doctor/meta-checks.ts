import type { TokenInfo } from '../../graph/token-info.ts'
import { GraphError, isOtherAppAnswer } from '../../graph/errors.ts'
import { expiryOf } from '../../graph/expiry.ts'
import { isSupportedScope } from '../../inputs/scopes.ts'
import type { CheckRow } from '../../report/report.ts'
import { ActionError, describeError } from '../../runtime/errors.ts'
import { checkRequirements, describeUnmet, probeRequiredAssets } from '../assets.ts'
import type { DoctorContext } from './context.ts'
import { graphFailure, inspectionFailure, requireValid } from '../token-checks.ts'
import { fail, failFrom, pass, warn } from './rows.ts'

/** debug_token's answer for a token, or why there is none; never rejects. */
export interface Inspected {
  info: TokenInfo | undefined
  error: unknown
}

export function inspectQuietly(ctx: DoctorContext, token: string): Promise<Inspected> {
  return ctx.graph.debugToken(token).then(
    info => ({ info, error: undefined }),
    (error: unknown) => ({ info: undefined, error })
  )
}

const STORED = 'access-token'

/** The app's credentials (Meta answered debug_token as the app) and the stored token: valid, of this app, days left, required-assets. */
export async function storedTokenRows(ctx: DoctorContext, stored: Promise<Inspected>): Promise<CheckRow[]> {
  const { config } = ctx
  const [{ info, error }, refusals] = await Promise.all([
    stored,
    probeRequiredAssets(ctx, config.accessToken, 'check required-assets').catch(() => new Map<string, string>()),
  ])
  const credentials = 'the app id and secret'
  if (!info) {
    const failure = inspectionFailure(ctx, 'inspect the stored token', error)
    if (isOtherAppAnswer(error))
      return [pass(credentials, 'meta-app-id', 'Meta answered as the app.'), failFrom('the stored token', STORED, failure)]
    const credentialError = error instanceof GraphError && error.kind === 'graph' && [1, 101, 190].includes(error.code ?? 0)
    if (credentialError) return [failFrom(credentials, 'app-secret', failure)]
    return [failFrom('the stored token', STORED, failure)]
  }
  const rows = [pass(credentials, 'meta-app-id', `Meta accepted \`app-id\` (${config.appId}) and \`app-secret\`.`)]
  rows.push(tokenRow(ctx, info, STORED, 'the stored token'))
  if (config.requiredAssets.length > 0) {
    const unmet = describeUnmet(checkRequirements(info, config.requiredAssets, refusals))
    rows.push(
      unmet
        ? fail(
            'required-assets',
            'required-assets',
            `The stored token does not meet \`required-assets\`: ${unmet}.`,
            'Assign the assets to the system user (Business settings → System users → Assign assets), or correct the list'
          )
        : pass('required-assets', 'required-assets', `The stored token meets all ${config.requiredAssets.length} requirement(s).`)
    )
  }
  return rows
}

/** A token's health: valid, of `app-id`, and not expiring within `min-days-remaining`. */
function tokenRow(ctx: DoctorContext, info: TokenInfo, input: string, check: string, systemUserOnly = false): CheckRow {
  const { appId, minDaysRemaining } = ctx.config
  if (info.appId && info.appId !== appId) {
    return fail(
      check,
      input,
      `The token in \`${input}\` was issued for app ${info.appId}, not for \`app-id\` (${appId}).`,
      `Use a token issued for app ${appId}`
    )
  }
  try {
    requireValid(info, input, check)
  } catch (error) {
    return failFrom(check, input, error as ActionError)
  }
  if (systemUserOnly && info.type !== 'SYSTEM_USER') {
    return fail(
      check,
      input,
      `The token in \`${input}\` is a ${info.type ?? 'token of unknown type'}, not a system user token: Meta generates system user tokens only as a system user or an admin.`,
      'Generate a token for an admin system user (Business settings → Users → System users → Generate new token)'
    )
  }
  const type = info.type ?? 'unknown type'
  if (info.expiresAt === 0 || info.expiresAt === undefined) return pass(check, input, `Valid, ${type}, never expires.`)
  const days = expiryOf(info.expiresAt).daysRemaining ?? 0
  if (days < minDaysRemaining) {
    return fail(
      check,
      input,
      `The token in \`${input}\` expires in ${days} day(s), within \`min-days-remaining\` (${minDaysRemaining}).`,
      input === STORED ? 'Rotate it now (`operation: rotate`)' : 'Generate a new one and store it'
    )
  }
  return pass(check, input, `Valid, ${type}, ${days} days left.`)
}

/** The admin token that would generate the replacement: valid, of this app, a system user token, days left. */
export async function adminTokenRows(ctx: DoctorContext, admin: Promise<Inspected> | undefined): Promise<CheckRow[]> {
  const check = 'the admin token'
  if (!admin) {
    return [
      warn(
        check,
        'admin-token',
        'No `admin-token`: an emergency would only revoke the leaked tokens, and the secret would hold a dead token until someone stores a new one.',
        'Store an admin system user token of the app as META_ADMIN_TOKEN, and set `system-user-id` and `scope`'
      ),
    ]
  }
  const { info, error } = await admin
  if (!info) return [failFrom(check, 'admin-token', isOtherAppAnswer(error) ? otherApp(ctx) : graphFailure('check the admin token', error))]
  return [tokenRow(ctx, info, 'admin-token', check, true)]
}

function otherApp(ctx: DoctorContext): ActionError {
  return new ActionError(
    'check the admin token',
    `The admin token in \`admin-token\` was issued for another app, not for \`app-id\` (${ctx.config.appId}).`,
    `Generate the admin token for app ${ctx.config.appId}`
  )
}

/** `system-user-id`: Meta knows it (read as the admin token) and the stored token belongs to it. */
export async function systemUserRows(ctx: DoctorContext, stored: Promise<Inspected>): Promise<CheckRow[]> {
  const { systemUserId, adminToken, replacementProblems } = ctx.config
  const check = 'the system user'
  const malformed = replacementProblems['system-user-id'] && !/is required/.test(replacementProblems['system-user-id'])
  if (malformed)
    return [
      fail(
        check,
        'system-user-id',
        replacementProblems['system-user-id'] as string,
        'Set it to the numeric id of the system user the stored token belongs to'
      ),
    ]
  // Read beside the stored token's inspection, not after it: one round trip for both (when the
  // token turns out to belong to another system user, the read's answer goes unused).
  const read = systemUserId && adminToken ? Promise.allSettled([ctx.graph.readObject(systemUserId, adminToken)]) : undefined
  const { info } = await stored
  const owner = info?.userId
  if (!systemUserId) {
    const detail = `No \`system-user-id\`: an emergency could not generate a replacement${owner ? ` (the stored token belongs to system user ${owner})` : ''}.`
    return [
      adminToken
        ? fail(check, 'system-user-id', detail, `Set \`system-user-id\`${owner ? ` to ${owner}` : ''}`)
        : warn(check, 'system-user-id', detail),
    ]
  }
  if (owner && owner !== systemUserId) {
    return [
      fail(
        check,
        'system-user-id',
        `\`system-user-id\` is ${systemUserId}, but the stored token belongs to system user ${owner}: a replacement would be another identity's token.`,
        `Set \`system-user-id\` to ${owner}`
      ),
    ]
  }
  if (!read) return [pass(check, 'system-user-id', `The stored token belongs to system user ${systemUserId}.`)]
  const [outcome] = await read
  if (outcome.status === 'rejected') {
    const error: unknown = outcome.reason
    if (error instanceof GraphError && error.code === 100 && error.subcode === 33) {
      return [
        fail(
          check,
          'system-user-id',
          `Meta does not know system user ${systemUserId} (or the admin token may not see it): ${error.message}.`,
          'Use the id shown in Business settings → Users → System users'
        ),
      ]
    }
    return [
      warn(
        check,
        'system-user-id',
        `Meta did not let the admin token read system user ${systemUserId} (${describeError(error)}); whether an admin system user may read that node is not documented, so this is not a failure.`
      ),
    ]
  }
  return [pass(check, 'system-user-id', `Meta knows system user ${systemUserId}${owner ? ', and the stored token belongs to it' : ''}.`)]
}

/** `scope`: well-formed, and covering the stored token's permissions and `required-assets`, so that a replacement loses nothing. */
export async function scopeRows(ctx: DoctorContext, stored: Promise<Inspected>): Promise<CheckRow[]> {
  const { scopes, replacementProblems, adminToken, requiredAssets } = ctx.config
  const check = 'the replacement scope'
  if (replacementProblems.scope) return [fail(check, 'scope', replacementProblems.scope, 'Correct `scope`')]
  const rows: CheckRow[] = []
  const unlisted = scopes.filter(scope => !isSupportedScope(scope))
  if (unlisted.length > 0) {
    rows.push(
      warn(
        check,
        'scope',
        `${unlisted.join(', ')} ${unlisted.length === 1 ? 'is' : 'are'} not among the permissions Meta documents for system users: check the spelling (a drill asks Meta).`
      )
    )
  }
  const { info } = await stored
  const missing = [...new Set([...(info?.scopes ?? []), ...requiredAssets.map(requirement => requirement.permission)])].filter(
    scope => !scopes.includes(scope)
  )
  if (missing.length > 0) {
    const detail = `\`scope\` lacks ${missing.join(', ')}, which the stored token holds or \`required-assets\` needs: a replacement would lose ${missing.length === 1 ? 'it' : 'them'} and be refused.`
    rows.push(adminToken ? fail(check, 'scope', detail, `Add ${missing.join(', ')} to \`scope\``) : warn(check, 'scope', detail))
  } else if (info) rows.push(pass(check, 'scope', `Covers the stored token's permissions (${info.scopes.join(', ') || 'none'}).`))
  return rows
}
