/** FakeGraph's in-memory model: apps, system users with their installed apps, and tokens. */
import { randomBytes, randomInt } from 'node:crypto'
import type { FakeApp, FakeGraphOptions, FakeSystemUser, FakeToken, MintRequest } from './types.ts'

/**
 * The lifetime of a token Meta has just refreshed, exchanged or generated: a little under 60
 * days. Meta's own example answer says `"expires_in":5183944` [V S1]; why it is 56 s short of
 * 60 days is not documented.
 */
export const FRESH_TOKEN_SECONDS = 5_183_944

/**
 * How long a user token's data access lasts: 90 days from the user's last use of the app [I: the
 * 90 days of subcode 493, graph-api.md §4.2]. debug_token shows it as data_access_expires_at
 * (0 for system users [V S4]). An exchange does not renew it [I]: only a new login does.
 */
const DATA_ACCESS_SECONDS = 90 * 86_400

export class GraphState {
  readonly apps = new Map<string, FakeApp>()
  readonly systemUsers = new Map<string, FakeSystemUser>()
  /** Keyed by the token value. */
  readonly tokens = new Map<string, FakeToken>()
  /** Every asset (ad account, pixel, page, …) that exists, by id without `act_`. */
  readonly assets = new Set<string>()
  /** `{user id}:{app id}` of users (not system users) who took the app away: their tokens are dead (458). */
  readonly deauthorized = new Set<string>()
  /** The clock, and the switches (appsecret_proof everywhere, no expires_in, …) the handlers read. */
  readonly options: FakeGraphOptions

  constructor(options: FakeGraphOptions) {
    this.options = options
  }

  now(): number {
    return this.options.now ? this.options.now() : Math.floor(Date.now() / 1000)
  }

  isExpired(token: FakeToken): boolean {
    return token.expiresAt > 0 && this.now() >= token.expiresAt
  }

  /** Whether the token's user still has its app: installed for a system user, not deauthorised by a user. */
  hasApp(token: FakeToken): boolean {
    const su = this.systemUsers.get(token.userId)
    if (su) return su.installedApps.has(token.appId)
    return !this.deauthorized.has(`${token.userId}:${token.appId}`)
  }

  addApp(app: { id?: string; secret?: string; name?: string; requireAppSecretProof?: boolean; capabilityPermissions?: string[] }): FakeApp {
    const id = app.id ?? numericId()
    const created: FakeApp = {
      id,
      secret: app.secret ?? `fake-secret-${randomBytes(16).toString('hex')}`,
      name: app.name ?? `Fake App ${id}`,
      requireAppSecretProof: app.requireAppSecretProof ?? false,
      capabilityPermissions: new Set(app.capabilityPermissions ?? []),
    }
    this.apps.set(id, created)
    return created
  }

  addSystemUser(su: { id?: string; appIdsInstalled?: string[] }): FakeSystemUser {
    const id = su.id ?? numericId()
    const created: FakeSystemUser = { id, installedApps: new Set(su.appIdsInstalled ?? []), assets: new Map() }
    this.systemUsers.set(id, created)
    return created
  }

  /**
   * Business settings → System users → Assign assets: the system user reaches exactly these
   * assets with `permission` (replacing what it had for it); the assets then exist.
   */
  assignAssets(systemUserId: string, permission: string, ids: string[]): void {
    const su = this.requireSystemUser(systemUserId)
    const keys = ids.map(assetKey)
    for (const key of keys) this.assets.add(key)
    su.assets.set(permission, new Set(keys))
  }

  /** The asset taken away from the system user, under every permission. */
  unassignAsset(systemUserId: string, id: string): void {
    for (const ids of this.requireSystemUser(systemUserId).assets.values()) ids.delete(assetKey(id))
  }

  /** granular_scopes of a token: its scopes, each with its system user's assets if they are restricted. */
  granularScopes(token: FakeToken): Array<{ scope: string; targetIds?: string[] }> {
    const su = this.systemUsers.get(token.userId)
    return token.scopes.map(scope => {
      const ids = su?.assets.get(scope)
      return ids ? { scope, targetIds: [...ids] } : { scope }
    })
  }

  /** Whether the token may load the asset: it exists, and one of the token's permissions reaches it. */
  canReach(token: FakeToken, id: string): boolean {
    const key = assetKey(id)
    if (!this.assets.has(key)) return false
    return this.granularScopes(token).some(entry => entry.targetIds === undefined || entry.targetIds.includes(key))
  }

  private requireSystemUser(id: string): FakeSystemUser {
    const su = this.systemUsers.get(id)
    if (!su) throw new Error(`FakeGraph: unknown system user ${id}; call addSystemUser first`)
    return su
  }

  /** The app taken away from a system user (uninstalled) or a user (deauthorised): its tokens die with 458. */
  removeApp(userId: string, appId: string): void {
    const su = this.systemUsers.get(userId)
    if (su) su.installedApps.delete(appId)
    else this.deauthorized.add(`${userId}:${appId}`)
  }

  /** A password change (or a security event): every token the user holds now dies with 460. */
  changePassword(userId: string): void {
    for (const token of this.tokens.values()) if (token.userId === userId) token.sessionInvalidated = true
  }

  createToken(t: MintRequest): FakeToken {
    if (!this.apps.has(t.appId)) throw new Error(`FakeGraph.mintToken: unknown app ${t.appId}; call addApp first`)
    const issuedAt = t.issuedAt ?? this.now()
    const lifetime = t.expiresInSeconds ?? FRESH_TOKEN_SECONDS
    const type = t.type ?? 'SYSTEM_USER'
    const token: FakeToken = {
      value: fakeTokenValue(),
      type,
      appId: t.appId,
      userId: t.userId ?? numericId(),
      scopes: [...(t.scopes ?? [])],
      issuedAt,
      expiresAt: lifetime === 0 ? 0 : issuedAt + lifetime,
      dataAccessExpiresAt: t.dataAccessExpiresAt ?? (type === 'USER' ? issuedAt + DATA_ACCESS_SECONDS : 0),
      revoked: false,
      sessionInvalidated: false,
    }
    this.tokens.set(token.value, token)
    return token
  }
}

/** Ad accounts are `act_{id}` as nodes and `{id}` in target_ids. */
export function assetKey(id: string): string {
  return id.replace(/^act_/, '')
}

function fakeTokenValue(): string {
  return `fake-meta-${randomBytes(20).toString('hex')}`
}

function numericId(): string {
  return String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999))
}
