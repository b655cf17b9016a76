/** The endpoint handlers: a repository, the secrets of a scope, an org secret's selected repositories. */
import sodium from 'libsodium-wrappers'
import { notFound } from './errors.ts'
import type { JsonObject, Reply } from './errors.ts'
import type { Ctx } from './routing.ts'
import { ORG_SCOPE_ROUTES, requireRepo, resolveScope } from './scopes.ts'
import { storeSecret } from './state.ts'
import type { GitHubState, Repo, SecretScope } from './state.ts'
import type { Access, StoredSecret } from './types.ts'
import {
  openSealedValue,
  orgSettings,
  parseObjectBody,
  requireFields,
  requireIdArray,
  requirePermission,
  requireSelectedVisibility,
  validatePutBody,
  validSecretName,
} from './validation.ts'

export function getRepository(state: GitHubState, c: Ctx): Reply {
  const repo = requireRepo(state, c)
  requirePermission(c, 'metadata', 'read')
  return { status: 200, body: repositoryJson(repo) }
}

// ----- secrets of a scope ----------------------------------------------------------------------

export function publicKey(scope: SecretScope): Reply {
  const key = sodium.to_base64(scope.keys.publicKey, sodium.base64_variants.ORIGINAL)
  return { status: 200, body: { key_id: scope.keys.keyId, key } }
}

export function listSecrets(scope: SecretScope, c: Ctx, baseUrl: string): Reply {
  const all = [...scope.secrets.entries()].sort(([a], [b]) => a.localeCompare(b))
  const secrets = paginate(all, c.query).map(([name, secret]) => secretJson(scope, name, secret, baseUrl))
  return { status: 200, body: { total_count: all.length, secrets } }
}

export function getSecret(scope: SecretScope, c: Ctx, baseUrl: string): Reply {
  const name = c.params.name.toUpperCase()
  const secret = scope.secrets.get(name)
  if (!secret) throw notFound(c.doc)
  return { status: 200, body: secretJson(scope, name, secret, baseUrl) }
}

export function putSecretRequest(scope: SecretScope, c: Ctx): Reply {
  const isOrg = scope.kind === 'org'
  const body = parseObjectBody(c)
  validatePutBody(body, isOrg, c.doc)
  const name = validSecretName(c.params.name, c.doc)
  const org = isOrg ? orgSettings(body, c.doc) : undefined
  const value = openSealedValue(scope, body, c.doc)
  const created = storeSecret(scope, name, value, org, true)
  return created ? { status: 201, body: {} } : { status: 204 }
}

export function deleteSecret(scope: SecretScope, c: Ctx): Reply {
  if (!scope.secrets.delete(c.params.name.toUpperCase())) throw notFound(c.doc)
  return { status: 204 }
}

// ----- selected repositories of an org secret --------------------------------------------------

export function listSelected(state: GitHubState, c: Ctx): Reply {
  const secret = orgSecret(state, c, 'read')
  const repos = (secret.selectedRepositoryIds ?? []).flatMap(id => state.repoById(id) ?? [])
  const page = paginate(repos, c.query).map(repositoryJson)
  return { status: 200, body: { total_count: repos.length, repositories: page } }
}

export function setSelected(state: GitHubState, c: Ctx): Reply {
  const secret = orgSecret(state, c, 'write')
  const body = parseObjectBody(c)
  requireFields(body, ['selected_repository_ids'], c.doc)
  requireIdArray(body, 'selected_repository_ids', c.doc)
  requireSelectedVisibility(secret, c.doc)
  secret.selectedRepositoryIds = [...(body.selected_repository_ids as number[])]
  return { status: 204 }
}

export function changeSelected(state: GitHubState, c: Ctx, change: 'add' | 'remove'): Reply {
  const secret = orgSecret(state, c, 'write')
  const id = /^\d+$/.test(c.params.repository_id) ? Number(c.params.repository_id) : undefined
  if (id === undefined || !state.repoById(id)) throw notFound(c.doc)
  requireSelectedVisibility(secret, c.doc)
  const ids = new Set(secret.selectedRepositoryIds ?? [])
  if (change === 'add') ids.add(id)
  else ids.delete(id)
  secret.selectedRepositoryIds = [...ids]
  return { status: 204 }
}

function orgSecret(state: GitHubState, c: Ctx, access: Access): StoredSecret {
  const scope = resolveScope(state, ORG_SCOPE_ROUTES, c, access)
  const secret = scope.secrets.get(c.params.name.toUpperCase())
  if (!secret) throw notFound(c.doc)
  return secret
}

// ----- JSON --------------------------------------------------------------------------------------

function secretJson(scope: SecretScope, name: string, secret: StoredSecret, baseUrl: string): JsonObject {
  const json: JsonObject = { name, created_at: secret.createdAt, updated_at: secret.updatedAt }
  if (scope.kind !== 'org') return json
  json.visibility = secret.visibility
  if (secret.visibility === 'selected') {
    json.selected_repositories_url = `${baseUrl}${scope.path}/${name}/repositories`
  }
  return json
}

function repositoryJson(repo: Repo): JsonObject {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repo.fullName,
    owner: { login: repo.owner },
    private: false,
  }
}

function paginate<T>(items: T[], query: Record<string, string>): T[] {
  const perPage = Math.min(100, Math.max(1, Number(query.per_page) || 30))
  const page = Math.max(1, Number(query.page) || 1)
  return items.slice((page - 1) * perPage, page * perPage)
}
