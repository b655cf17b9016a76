/** The route table: every endpoint the fake answers, with its docs anchor and handler. */
import { DOCS } from './errors.ts'
import {
  changeSelected,
  deleteSecret,
  getRepository,
  getSecret,
  listSecrets,
  listSelected,
  publicKey,
  putSecretRequest,
  setSelected,
} from './handlers.ts'
import { route } from './routing.ts'
import { CONTENTS_DOCS, RUNS_DOCS, WORKFLOWS_DOCS } from './workflows.ts'
import type { WorkflowRuns } from './workflows.ts'
import type { Ctx, Route } from './routing.ts'
import { resolveScope, SCOPE_ROUTES } from './scopes.ts'
import type { ScopeRoutes } from './scopes.ts'
import type { GitHubState, SecretScope } from './state.ts'
import type { Access } from './types.ts'

/** `baseUrl` is read when a handler needs it: the port is only known once the server listens. */
export function buildRoutes(state: GitHubState, baseUrl: () => string, workflows: WorkflowRuns): Route[] {
  const repoDoc = `${DOCS}/repos/repos#get-a-repository`
  const routes = [route('GET', '/repos/:owner/:repo', repoDoc, c => getRepository(state, c))]
  const workflowPath = '/repos/:owner/:repo/actions/workflows/:workflow_id'
  routes.push(
    route('GET', workflowPath, `${WORKFLOWS_DOCS}#get-a-workflow`, c => workflows.get(c)),
    route('POST', `${workflowPath}/dispatches`, `${WORKFLOWS_DOCS}#create-a-workflow-dispatch-event`, c => workflows.dispatch(c)),
    route('GET', `${workflowPath}/runs`, `${RUNS_DOCS}#list-workflow-runs-for-a-workflow`, c => workflows.list(c)),
    route('GET', '/repos/:owner/:repo/actions/runs/:run_id', `${RUNS_DOCS}#get-a-workflow-run`, c => workflows.read(c)),
    // Octokit sends the path as one segment (slashes encoded); a client may send it as segments.
    route('GET', '/repos/:owner/:repo/contents/:path', CONTENTS_DOCS, c => workflows.content(c)),
    route('GET', '/repos/:owner/:repo/contents/.github/workflows/:file', CONTENTS_DOCS, c => workflows.content(c))
  )
  for (const scopeRoutes of SCOPE_ROUTES) routes.push(...secretRoutes(state, baseUrl, scopeRoutes))
  routes.push(...selectedRepositoryRoutes(state))
  return routes
}

function secretRoutes(state: GitHubState, baseUrl: () => string, s: ScopeRoutes): Route[] {
  const scope = (c: Ctx, access: Access): SecretScope => resolveScope(state, s, c, access)
  return [
    route('GET', `${s.prefix}/public-key`, `get-${s.article}-public-key`, c => publicKey(scope(c, 'read'))),
    route('GET', s.prefix, s.listAnchor, c => listSecrets(scope(c, 'read'), c, baseUrl())),
    route('GET', `${s.prefix}/:name`, `get-${s.article}-secret`, c => getSecret(scope(c, 'read'), c, baseUrl())),
    route('PUT', `${s.prefix}/:name`, `create-or-update-${s.article}-secret`, c => putSecretRequest(scope(c, 'write'), c)),
    route('DELETE', `${s.prefix}/:name`, `delete-${s.article}-secret`, c => deleteSecret(scope(c, 'write'), c)),
  ]
}

function selectedRepositoryRoutes(state: GitHubState): Route[] {
  const base = '/orgs/:org/actions/secrets/:name/repositories'
  return [
    route('GET', base, 'list-selected-repositories-for-an-organization-secret', c => listSelected(state, c)),
    route('PUT', base, 'set-selected-repositories-for-an-organization-secret', c => setSelected(state, c)),
    route('PUT', `${base}/:repository_id`, 'add-selected-repository-to-an-organization-secret', c => changeSelected(state, c, 'add')),
    route('DELETE', `${base}/:repository_id`, 'remove-selected-repository-from-an-organization-secret', c =>
      changeSelected(state, c, 'remove')
    ),
  ]
}
