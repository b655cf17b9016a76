/**
 * FakeGitHub's in-memory model: tokens with their permissions, repositories with their
 * environments, organizations, and for every secret scope its secrets and its real libsodium
 * keypair. Call sodium.ready before creating scopes.
 */
import { randomBytes, randomInt } from 'node:crypto'
import sodium from 'libsodium-wrappers'
import type { Access, AddTokenOptions, OrgSecretSettings, Permission, StoredSecret } from './types.ts'

export type ScopeKind = 'repo' | 'environment' | 'org'

interface KeyPair {
  keyId: string
  publicKey: Uint8Array
  privateKey: Uint8Array
}

export interface SecretScope {
  kind: ScopeKind
  /** API path of the scope's secrets collection, e.g. '/orgs/acme/actions/secrets'. */
  path: string
  keys: KeyPair
  /** Keyed by the upper-cased secret name. */
  secrets: Map<string, StoredSecret>
}

export interface Repo {
  id: number
  owner: string
  name: string
  fullName: string
  scope: SecretScope
  /** Keyed by the lower-cased environment name (GitHub's environment names ignore case). */
  environments: Map<string, SecretScope>
}

export interface Org {
  login: string
  scope: SecretScope
}

export interface Token {
  kind: 'app' | 'github_token'
  permissions: Partial<Record<Permission, Access>>
}

const SECRET_PERMISSIONS: readonly Permission[] = ['secrets', 'environments', 'organization_secrets']
const DEFAULT_PERMISSIONS: Partial<Record<Permission, Access>> = {
  secrets: 'write',
  environments: 'write',
  organization_secrets: 'write',
  actions: 'write',
  contents: 'read',
}

export class GitHubState {
  /** Keyed by the token value. */
  readonly tokens = new Map<string, Token>()
  /** Keyed by the lower-cased 'owner/name'. */
  readonly repos = new Map<string, Repo>()
  /** Keyed by the lower-cased login. */
  readonly orgs = new Map<string, Org>()
  private nextRepoId = 700_000_001

  addToken(opts: AddTokenOptions): string {
    const value = `fake-gh-${randomBytes(20).toString('hex')}`
    const kind = opts.kind ?? 'app'
    this.tokens.set(value, { kind, permissions: tokenPermissions(kind, opts.permissions) })
    return value
  }

  addRepo(fullName: string, opts: { id?: number; environments?: string[] }): { id: number } {
    const existing = this.repos.get(fullName.toLowerCase())
    const repo = existing ?? this.createRepo(fullName, opts.id)
    for (const environment of opts.environments ?? []) this.addEnvironment(fullName, environment)
    return { id: repo.id }
  }

  addEnvironment(fullName: string, environment: string): void {
    const repo = this.repos.get(fullName.toLowerCase())
    if (!repo) throw new Error(`FakeGitHub: unknown repository ${fullName}`)
    const key = environment.toLowerCase()
    if (repo.environments.has(key)) return
    const path = `/repos/${repo.fullName}/environments/${encodeURIComponent(environment)}/secrets`
    repo.environments.set(key, newScope('environment', path))
  }

  addOrg(org: string): void {
    if (this.orgs.has(org.toLowerCase())) return
    this.orgs.set(org.toLowerCase(), { login: org, scope: newScope('org', `/orgs/${org}/actions/secrets`) })
  }

  secret(target: string, name: string): StoredSecret | undefined {
    const stored = this.findScope(target)?.secrets.get(name.toUpperCase())
    return stored ? structuredClone(stored) : undefined
  }

  putSecret(target: string, name: string, value: string, org?: OrgSecretSettings): void {
    const scope = this.scopeOrThrow(target)
    const settings = scope.kind === 'org' ? (org ?? { visibility: 'private' }) : undefined
    storeSecret(scope, name.toUpperCase(), value, settings, false)
  }

  rotatePublicKey(target: string): void {
    const scope = this.scopeOrThrow(target)
    scope.keys = newKeyPair(scope.keys)
  }

  repoById(id: number): Repo | undefined {
    return [...this.repos.values()].find(repo => repo.id === id)
  }

  private createRepo(fullName: string, id: number | undefined): Repo {
    const [owner, name, ...rest] = fullName.split('/')
    if (!owner || !name || rest.length > 0) throw new Error(`FakeGitHub: bad repository name ${fullName}`)
    const repoId = id ?? this.nextRepoId++
    if (this.repoById(repoId)) throw new Error(`FakeGitHub: repository id ${repoId} already used`)
    const scope = newScope('repo', `/repos/${fullName}/actions/secrets`)
    const repo: Repo = { id: repoId, owner, name, fullName, scope, environments: new Map() }
    this.repos.set(fullName.toLowerCase(), repo)
    return repo
  }

  private findScope(target: string): SecretScope | undefined {
    const parsed = parseTarget(target)
    if (parsed.kind === 'org') return this.orgs.get(parsed.org.toLowerCase())?.scope
    const repo = this.repos.get(parsed.repo.toLowerCase())
    if (parsed.kind === 'repo') return repo?.scope
    return repo?.environments.get(parsed.environment.toLowerCase())
  }

  private scopeOrThrow(target: string): SecretScope {
    const scope = this.findScope(target)
    if (!scope) throw new Error(`FakeGitHub: unknown target ${target}`)
    return scope
  }
}

/** Creates or updates a secret; returns true when it was created. */
export function storeSecret(
  scope: SecretScope,
  name: string,
  value: string,
  org: OrgSecretSettings | undefined,
  countWrite: boolean
): boolean {
  const now = isoNow()
  const existing = scope.secrets.get(name)
  const secret: StoredSecret = existing ?? { value, createdAt: now, updatedAt: now, writes: 0 }
  secret.value = value
  secret.updatedAt = now
  if (countWrite) secret.writes++
  if (org) applyOrgSettings(secret, org)
  scope.secrets.set(name, secret)
  return existing === undefined
}

function applyOrgSettings(secret: StoredSecret, org: OrgSecretSettings): void {
  secret.visibility = org.visibility
  if (org.selectedRepositoryIds !== undefined) secret.selectedRepositoryIds = [...org.selectedRepositoryIds]
  else if (org.visibility === 'selected' && secret.selectedRepositoryIds === undefined) secret.selectedRepositoryIds = []
}

function tokenPermissions(
  kind: Token['kind'],
  requested: Partial<Record<Permission, Access>> | undefined
): Partial<Record<Permission, Access>> {
  const base = requested ?? (kind === 'app' ? DEFAULT_PERMISSIONS : {})
  const permissions: Partial<Record<Permission, Access>> = { metadata: 'read', ...base }
  if (kind === 'github_token') {
    for (const permission of SECRET_PERMISSIONS) delete permissions[permission]
  }
  return permissions
}

function newScope(kind: ScopeKind, path: string): SecretScope {
  return { kind, path, keys: newKeyPair(), secrets: new Map() }
}

function newKeyPair(previous?: KeyPair): KeyPair {
  const pair = sodium.crypto_box_keypair()
  return { keyId: newKeyId(previous?.keyId), publicKey: pair.publicKey, privateKey: pair.privateKey }
}

function newKeyId(previous?: string): string {
  let id: string
  do {
    id = String(randomInt(1, 10))
    for (let i = 0; i < 17; i++) id += String(randomInt(0, 10))
  } while (id === previous)
  return id
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// Target strings: 'owner/repo', 'owner/repo:env', 'org:NAME'

type Target = { kind: 'org'; org: string } | { kind: 'repo'; repo: string } | { kind: 'environment'; repo: string; environment: string }

function parseTarget(target: string): Target {
  if (target.startsWith('org:')) return { kind: 'org', org: target.slice(4) }
  const colon = target.indexOf(':')
  if (colon < 0) return { kind: 'repo', repo: target }
  return { kind: 'environment', repo: target.slice(0, colon), environment: target.slice(colon + 1) }
}
