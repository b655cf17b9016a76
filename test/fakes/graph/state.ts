/** FakeGraph's in-memory model: apps, system users with their installed apps, and tokens. */
import { randomBytes, randomInt } from 'node:crypto'
import type { FakeApp, FakeGraphOptions, FakeSystemUser, FakeToken, MintRequest } from './types.ts'

export const SIXTY_DAYS = 5_184_000

export class GraphState {
  readonly apps = new Map<string, FakeApp>()
  readonly systemUsers = new Map<string, FakeSystemUser>()
  /** Keyed by the token value. */
  readonly tokens = new Map<string, FakeToken>()
  /** The clock, and the switches (appsecret_proof everywhere, no expires_in) the handlers read. */
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

  isValid(value: string): boolean {
    const token = this.tokens.get(value)
    return token !== undefined && !token.revoked && !this.isExpired(token)
  }

  addApp(app: { id?: string; secret?: string; name?: string; requireAppSecretProof?: boolean }): FakeApp {
    const id = app.id ?? numericId()
    const created: FakeApp = {
      id,
      secret: app.secret ?? `fake-secret-${randomBytes(16).toString('hex')}`,
      name: app.name ?? `Fake App ${id}`,
      requireAppSecretProof: app.requireAppSecretProof ?? false,
    }
    this.apps.set(id, created)
    return created
  }

  addSystemUser(su: { id?: string; appIdsInstalled?: string[] }): FakeSystemUser {
    const id = su.id ?? numericId()
    const created: FakeSystemUser = { id, installedApps: new Set(su.appIdsInstalled ?? []) }
    this.systemUsers.set(id, created)
    return created
  }

  createToken(t: MintRequest): FakeToken {
    if (!this.apps.has(t.appId)) throw new Error(`FakeGraph.mintToken: unknown app ${t.appId}; call addApp first`)
    const issuedAt = t.issuedAt ?? this.now()
    const lifetime = t.expiresInSeconds ?? SIXTY_DAYS
    const token: FakeToken = {
      value: fakeTokenValue(),
      type: t.type ?? 'SYSTEM_USER',
      appId: t.appId,
      userId: t.userId ?? numericId(),
      scopes: [...(t.scopes ?? [])],
      issuedAt,
      expiresAt: lifetime === 0 ? 0 : issuedAt + lifetime,
      revoked: false,
    }
    this.tokens.set(token.value, token)
    return token
  }
}

function fakeTokenValue(): string {
  return `fake-meta-${randomBytes(20).toString('hex')}`
}

function numericId(): string {
  return String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999))
}
