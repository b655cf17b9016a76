/**
 * The three secret scopes (repository, environment, organization): their API paths, docs
 * anchors and permission, and finding the scope a request addresses.
 */
import { notFound } from './errors.ts'
import type { Ctx } from './routing.ts'
import type { GitHubState, Org, Repo, ScopeKind, SecretScope } from './state.ts'
import type { Access, Permission } from './types.ts'
import { requirePermission } from './validation.ts'

export interface ScopeRoutes {
  kind: ScopeKind
  prefix: string
  /** Docs anchor fragment: 'a-repository', 'an-environment', 'an-organization'. */
  article: string
  listAnchor: string
  permission: Permission
}

export const SCOPE_ROUTES: readonly ScopeRoutes[] = [
  {
    kind: 'repo',
    prefix: '/repos/:owner/:repo/actions/secrets',
    article: 'a-repository',
    listAnchor: 'list-repository-secrets',
    permission: 'secrets',
  },
  {
    kind: 'environment',
    prefix: '/repos/:owner/:repo/environments/:environment/secrets',
    article: 'an-environment',
    listAnchor: 'list-environment-secrets',
    permission: 'environments',
  },
  {
    kind: 'org',
    prefix: '/orgs/:org/actions/secrets',
    article: 'an-organization',
    listAnchor: 'list-organization-secrets',
    permission: 'organization_secrets',
  },
]

export const ORG_SCOPE_ROUTES = SCOPE_ROUTES[2]

/** The scope of the request's path: 404 when its repository, environment or org is unknown, 403 without the permission. */
export function resolveScope(state: GitHubState, s: ScopeRoutes, c: Ctx, access: Access): SecretScope {
  if (s.kind === 'org') {
    const org = requireOrg(state, c)
    requirePermission(c, s.permission, access)
    return org.scope
  }
  const repo = requireRepo(state, c)
  requirePermission(c, s.permission, access)
  if (s.kind === 'repo') return repo.scope
  const environment = repo.environments.get(c.params.environment.toLowerCase())
  if (!environment) throw notFound(c.doc)
  return environment
}

export function requireRepo(state: GitHubState, c: Ctx): Repo {
  const repo = state.repos.get(`${c.params.owner}/${c.params.repo}`.toLowerCase())
  if (!repo) throw notFound(c.doc)
  return repo
}

function requireOrg(state: GitHubState, c: Ctx): Org {
  const org = state.orgs.get(c.params.org.toLowerCase())
  if (!org) throw notFound(c.doc)
  return org
}
