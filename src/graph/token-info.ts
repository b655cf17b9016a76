import { serverText } from '../text/server-text.ts'

/** What `debug_token` says about a token. `expiresAt` is unix seconds, 0 = never expires. */
export interface TokenInfo {
  isValid: boolean
  type: string | undefined
  appId: string | undefined
  userId: string | undefined
  scopes: string[]
  /** Which assets each permission reaches (debug_token's granular_scopes). */
  granularScopes: GranularScope[]
  expiresAt: number | undefined
  /** When the app's access to a user's data ends (unix seconds); 0 or undefined: no such limit (system users). */
  dataAccessExpiresAt: number | undefined
  issuedAt: number | undefined
  error: { code?: number; subcode?: number; message?: string } | undefined
}

/**
 * One entry of granular_scopes, its permission in lower case. `targetIds` undefined: Meta shows
 * no targets, which it does when the permission applies to every asset ("If permission applies
 * to all, targets will not be shown") — only an absent `target_ids` means that. `unknown`: any
 * other shape (null, a string, an object, an id that is no id, more ids than are read), which no
 * requirement can be met by. Ids are kept as digits without `act_` (the reference types them as
 * numbers, Meta sends strings: both are accepted).
 */
export interface GranularScope {
  scope: string
  targetIds: string[] | undefined | 'unknown'
}

/** Scopes of a debug_token answer kept (Meta's own list of permissions is far shorter). */
const MAX_SCOPES = 200

/**
 * Target ids read per entry and per answer: far more assets than one business assigns to a
 * system user, and a bound on the work and memory a hostile answer can cause. An entry past
 * either bound is `unknown` (fail closed), never cut short into a narrower or wider list.
 */
const MAX_TARGET_IDS = 5000
const MAX_TARGET_IDS_PER_ANSWER = 20_000

/** Meta's permission names: lower-case words; anything else names no permission a requirement could ask for. */
const PERMISSION_NAME = /^[a-z0-9_]{1,64}$/

/** `scopes`: the permission names, in lower case, each once; at most MAX_SCOPES are read. */
function permissionNames(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const names = new Set<string>()
  for (const item of value.slice(0, MAX_SCOPES)) {
    const name = typeof item === 'string' ? item.toLowerCase() : ''
    if (PERMISSION_NAME.test(name)) names.add(name)
  }
  return [...names]
}

/**
 * `granular_scopes`, read fail-closed: entries past MAX_SCOPES make every entry `unknown` (a
 * dropped entry could have narrowed a kept one); entries that name no permission are dropped.
 */
function granularScopes(value: unknown): GranularScope[] {
  if (!Array.isArray(value)) return []
  const complete = value.length <= MAX_SCOPES
  let budget = MAX_TARGET_IDS_PER_ANSWER
  const entries: GranularScope[] = []
  for (const entry of value.slice(0, MAX_SCOPES)) {
    if (!entry || typeof entry !== 'object') continue
    const { scope, target_ids: ids } = entry as Record<string, unknown>
    const name = typeof scope === 'string' ? scope.toLowerCase() : ''
    if (!PERMISSION_NAME.test(name)) continue
    const targetIds = complete ? targetIdsOf(ids, budget) : 'unknown'
    if (Array.isArray(targetIds)) budget -= targetIds.length
    entries.push({ scope: name, targetIds })
  }
  return entries
}

function targetIdsOf(value: unknown, budget: number): GranularScope['targetIds'] {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length > Math.min(MAX_TARGET_IDS, budget)) return 'unknown'
  const ids: string[] = []
  for (const id of value) {
    const digits =
      typeof id === 'number' && Number.isSafeInteger(id) && id >= 0
        ? String(id)
        : typeof id === 'string'
          ? /^(?:act_)?(\d{1,30})$/i.exec(id)?.[1]
          : undefined
    if (digits === undefined) return 'unknown'
    ids.push(digits)
  }
  return ids
}

/** debug_token's `data`, every piece of server text cut to length (server-text.ts) and every list bounded. */
export function tokenInfoOf(data: Record<string, unknown>): TokenInfo {
  const error = data.error as TokenInfo['error'] | undefined
  return {
    isValid: data.is_valid === true,
    type: typeof data.type === 'string' ? serverText(data.type) : undefined,
    appId: data.app_id === undefined ? undefined : serverText(String(data.app_id)),
    userId: data.user_id === undefined ? undefined : serverText(String(data.user_id)),
    scopes: permissionNames(data.scopes),
    granularScopes: granularScopes(data.granular_scopes),
    expiresAt: typeof data.expires_at === 'number' ? data.expires_at : undefined,
    dataAccessExpiresAt: typeof data.data_access_expires_at === 'number' ? data.data_access_expires_at : undefined,
    issuedAt: typeof data.issued_at === 'number' ? data.issued_at : undefined,
    error:
      error && typeof error === 'object'
        ? { ...error, message: typeof error.message === 'string' ? serverText(error.message) : undefined }
        : undefined,
  }
}
