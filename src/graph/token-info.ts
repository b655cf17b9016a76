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
 * One entry of granular_scopes. `targetIds` undefined: Meta shows no targets, which it does when
 * the permission applies to every asset ("If permission applies to all, targets will not be
 * shown"). Ids come as strings, without `act_` for ad accounts; the reference types them as
 * numbers, so both are accepted and kept as strings.
 */
export interface GranularScope {
  scope: string
  targetIds: string[] | undefined
}

/** Scopes of a debug_token answer kept (Meta's own list of permissions is far shorter). */
const MAX_SCOPES = 200

/**
 * Target ids kept per permission: far more assets than one business assigns to a system user,
 * and a bound on the work a hostile answer can cause (every requirement is compared with them).
 */
const MAX_TARGET_IDS = 5000

function granularScopes(value: unknown): GranularScope[] {
  if (!Array.isArray(value)) return []
  return value
    .slice(0, MAX_SCOPES)
    .filter((entry): entry is Record<string, unknown> => Boolean(entry) && typeof entry === 'object' && typeof entry.scope === 'string')
    .map(entry => ({
      scope: serverText(entry.scope as string),
      targetIds: Array.isArray(entry.target_ids) ? entry.target_ids.slice(0, MAX_TARGET_IDS).map(id => serverText(String(id))) : undefined,
    }))
}

/** debug_token's `data`, every piece of server text cut to length (server-text.ts) and every list bounded. */
export function tokenInfoOf(data: Record<string, unknown>): TokenInfo {
  const error = data.error as TokenInfo['error'] | undefined
  return {
    isValid: data.is_valid === true,
    type: typeof data.type === 'string' ? serverText(data.type) : undefined,
    appId: data.app_id === undefined ? undefined : serverText(String(data.app_id)),
    userId: data.user_id === undefined ? undefined : serverText(String(data.user_id)),
    scopes: Array.isArray(data.scopes) ? data.scopes.slice(0, MAX_SCOPES).map(scope => serverText(String(scope))) : [],
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
