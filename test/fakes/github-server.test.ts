import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import sodium from 'libsodium-wrappers'
import { FakeGitHub } from './github-server.ts'
import type { AddTokenOptions } from './github-server.ts'

const IMPROPERLY_ENCRYPTED = 'Bad request - validation failed due to an improperly encrypted secret'
const NAME_RULE =
  'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). ' +
  'Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).'

interface ApiResponse {
  status: number
  headers: Headers
  text: string
  json: any
}

interface PublicKey {
  key_id: string
  key: string
}

async function startFake(t: TestContext): Promise<FakeGitHub> {
  await sodium.ready
  const gh = await FakeGitHub.start()
  t.after(() => gh.close())
  return gh
}

async function api(gh: FakeGitHub, token: string | undefined, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }
  const response = await fetch(`${gh.url}${path}`, init)
  const text = await response.text()
  const result: ApiResponse = { status: response.status, headers: response.headers, text, json: undefined }
  if (text !== '') result.json = JSON.parse(text)
  return result
}

function seal(plaintext: string, base64Key: string): string {
  const key = sodium.from_base64(base64Key, sodium.base64_variants.ORIGINAL)
  return sodium.to_base64(sodium.crypto_box_seal(plaintext, key), sodium.base64_variants.ORIGINAL)
}

async function getKey(gh: FakeGitHub, token: string, secretsPath: string): Promise<PublicKey> {
  const response = await api(gh, token, 'GET', `${secretsPath}/public-key`)
  assert.equal(response.status, 200, response.text)
  return response.json as PublicKey
}

/** Fetches the scope's key, seals `value` and PUTs it. */
async function putSealed(
  gh: FakeGitHub,
  token: string,
  secretsPath: string,
  name: string,
  value: string,
  extra: Record<string, unknown> = {}
): Promise<ApiResponse> {
  const key = await getKey(gh, token, secretsPath)
  const body = { encrypted_value: seal(value, key.key), key_id: key.key_id, ...extra }
  return api(gh, token, 'PUT', `${secretsPath}/${name}`, body)
}

async function setup(t: TestContext, tokenOptions?: AddTokenOptions) {
  const gh = await startFake(t)
  const token = gh.addToken(tokenOptions)
  const repo = gh.addRepo('acme/widgets', { environments: ['production', 'prod/eu'] })
  gh.addOrg('acme')
  return { gh, token, repo }
}

function assertUnprocessable(response: ApiResponse, message: string): void {
  assert.equal(response.status, 422, response.text)
  assert.equal(response.json.message, message)
  assert.equal(response.json.status, '422')
  assert.match(response.json.documentation_url, /^https:\/\/docs\.github\.com\/rest/)
}

test('tokens look fake, never like real GitHub tokens', async t => {
  const gh = await startFake(t)
  const token = gh.addToken()
  assert.match(token, /^fake-gh-[0-9a-f]{40}$/)
  assert.notEqual(gh.addToken(), token)
})

test('repository secret: public key, sealed PUT creates (201) then updates (204)', async t => {
  const { gh, token, repo } = await setup(t)
  const path = '/repos/acme/widgets/actions/secrets'

  const key = await getKey(gh, token, path)
  assert.match(key.key_id, /^\d+$/)
  assert.equal(sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL).length, 32)

  const created = await putSealed(gh, token, path, 'api_token', 'first value')
  assert.equal(created.status, 201)
  assert.deepEqual(created.json, {})
  assert.equal(created.headers.get('content-type'), 'application/json; charset=utf-8')
  assert.equal(gh.secret('acme/widgets', 'API_TOKEN')?.value, 'first value')

  const updated = await putSealed(gh, token, path, 'API_TOKEN', 'second välue 🔑')
  assert.equal(updated.status, 204)
  assert.equal(updated.text, '')
  assert.equal(updated.headers.get('content-type'), null)
  const stored = gh.secret('acme/widgets', 'api_token')
  assert.equal(stored?.value, 'second välue 🔑')
  assert.equal(stored?.writes, 2)
  assert.match(stored?.updatedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

  const metadata = await api(gh, token, 'GET', `${path}/Api_Token`)
  assert.equal(metadata.status, 200)
  assert.deepEqual(metadata.json, { name: 'API_TOKEN', created_at: stored?.createdAt, updated_at: stored?.updatedAt })

  const repository = await api(gh, token, 'GET', '/repos/ACME/Widgets')
  assert.deepEqual(repository.json, {
    id: repo.id,
    name: 'widgets',
    full_name: 'acme/widgets',
    owner: { login: 'acme' },
    private: false,
  })
})

test('every response carries rate-limit and request-id headers', async t => {
  const { gh, token } = await setup(t)
  const first = await api(gh, token, 'GET', '/repos/acme/widgets')
  const second = await api(gh, token, 'GET', '/repos/acme/widgets')
  for (const response of [first, second]) {
    assert.equal(response.headers.get('x-ratelimit-limit'), '5000')
    assert.equal(response.headers.get('x-ratelimit-resource'), 'core')
    assert.match(response.headers.get('x-ratelimit-reset') ?? '', /^\d{10}$/)
    assert.ok(response.headers.get('x-github-request-id'))
  }
  const remaining = (r: ApiResponse): number => Number(r.headers.get('x-ratelimit-remaining'))
  assert.equal(remaining(first), 4999)
  assert.equal(remaining(second), 4998)
})

test('environment secret with a slash in its name (URL-encoded in the path)', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/environments/prod%2Feu/secrets'
  const created = await putSealed(gh, token, path, 'DEPLOY_KEY', 'eu secret')
  assert.equal(created.status, 201, created.text)
  assert.equal(gh.secret('acme/widgets:prod/eu', 'DEPLOY_KEY')?.value, 'eu secret')
  assert.equal(gh.secret('acme/widgets:production', 'DEPLOY_KEY'), undefined)
  assert.equal(gh.secret('acme/widgets', 'DEPLOY_KEY'), undefined)

  const unencoded = await api(gh, token, 'GET', '/repos/acme/widgets/environments/prod/eu/secrets/public-key')
  assert.equal(unencoded.status, 404)
})

test('each scope has its own keypair', async t => {
  const { gh, token } = await setup(t)
  const repoKey = await getKey(gh, token, '/repos/acme/widgets/actions/secrets')
  const envKey = await getKey(gh, token, '/repos/acme/widgets/environments/production/secrets')
  const orgKey = await getKey(gh, token, '/orgs/acme/actions/secrets')
  assert.equal(new Set([repoKey.key, envKey.key, orgKey.key]).size, 3)
  assert.equal(new Set([repoKey.key_id, envKey.key_id, orgKey.key_id]).size, 3)
})

test('organization secret: visibility, selected ids kept when omitted on update', async t => {
  const { gh, token, repo } = await setup(t)
  const other = gh.addRepo('acme/gadgets')
  const path = '/orgs/acme/actions/secrets'

  const created = await putSealed(gh, token, path, 'ORG_TOKEN', 'v1', {
    visibility: 'selected',
    selected_repository_ids: [repo.id, other.id],
  })
  assert.equal(created.status, 201, created.text)

  const updated = await putSealed(gh, token, path, 'ORG_TOKEN', 'v2', { visibility: 'selected' })
  assert.equal(updated.status, 204, updated.text)
  const stored = gh.secret('org:acme', 'ORG_TOKEN')
  assert.equal(stored?.value, 'v2')
  assert.equal(stored?.visibility, 'selected')
  assert.deepEqual(stored?.selectedRepositoryIds, [repo.id, other.id])

  const metadata = await api(gh, token, 'GET', `${path}/org_token`)
  assert.equal(metadata.json.visibility, 'selected')
  assert.equal(metadata.json.selected_repositories_url, `${gh.url}/orgs/acme/actions/secrets/ORG_TOKEN/repositories`)

  const listed = await api(gh, token, 'GET', `${path}/ORG_TOKEN/repositories`)
  assert.equal(listed.json.total_count, 2)
  assert.deepEqual(
    listed.json.repositories.map((r: { full_name: string }) => r.full_name),
    ['acme/widgets', 'acme/gadgets']
  )

  const set = await api(gh, token, 'PUT', `${path}/ORG_TOKEN/repositories`, { selected_repository_ids: [other.id] })
  assert.equal(set.status, 204)
  assert.deepEqual(gh.secret('org:acme', 'ORG_TOKEN')?.selectedRepositoryIds, [other.id])
})

test('organization PUT validates visibility and selected_repository_ids', async t => {
  const { gh, token, repo } = await setup(t)
  const path = '/orgs/acme/actions/secrets'

  const missing = await putSealed(gh, token, path, 'ORG_TOKEN', 'x')
  assertUnprocessable(missing, 'Invalid request.\n\n"visibility" wasn\'t supplied.')

  const bad = await putSealed(gh, token, path, 'ORG_TOKEN', 'x', { visibility: 'public' })
  assert.equal(bad.status, 422)
  assert.match(bad.json.message, /visibility/)

  const idsWithAll = await putSealed(gh, token, path, 'ORG_TOKEN', 'x', {
    visibility: 'all',
    selected_repository_ids: [repo.id],
  })
  assert.equal(idsWithAll.status, 422)
  assert.equal(gh.secret('org:acme', 'ORG_TOKEN'), undefined)

  assert.equal((await putSealed(gh, token, path, 'ORG_TOKEN', 'x', { visibility: 'all' })).status, 201)
  const conflict = await api(gh, token, 'PUT', `${path}/ORG_TOKEN/repositories`, { selected_repository_ids: [] })
  assert.equal(conflict.status, 409)
})

test('a value sealed for another keypair is rejected as improperly encrypted', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/actions/secrets'
  const key = await getKey(gh, token, path)
  const stranger = sodium.crypto_box_keypair()
  const wrong = sodium.to_base64(sodium.crypto_box_seal('x', stranger.publicKey), sodium.base64_variants.ORIGINAL)

  const response = await api(gh, token, 'PUT', `${path}/WRONG_KEY`, { encrypted_value: wrong, key_id: key.key_id })
  assertUnprocessable(response, IMPROPERLY_ENCRYPTED)
  assert.equal(gh.secret('acme/widgets', 'WRONG_KEY'), undefined)
})

test('after rotatePublicKey a PUT with the old key_id fails, the new key works', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/environments/production/secrets'
  const oldKey = await getKey(gh, token, path)
  gh.rotatePublicKey('acme/widgets:production')
  const newKey = await getKey(gh, token, path)
  assert.notEqual(newKey.key_id, oldKey.key_id)
  assert.notEqual(newKey.key, oldKey.key)

  const stale = await api(gh, token, 'PUT', `${path}/ROTATED`, {
    encrypted_value: seal('x', oldKey.key),
    key_id: oldKey.key_id,
  })
  assertUnprocessable(stale, IMPROPERLY_ENCRYPTED)

  const staleKeyId = await api(gh, token, 'PUT', `${path}/ROTATED`, {
    encrypted_value: seal('x', newKey.key),
    key_id: oldKey.key_id,
  })
  assertUnprocessable(staleKeyId, IMPROPERLY_ENCRYPTED)
  assert.equal(gh.secret('acme/widgets:production', 'ROTATED'), undefined)

  const fresh = await putSealed(gh, token, path, 'ROTATED', 'after rotation')
  assert.equal(fresh.status, 201)
  assert.equal(gh.secret('acme/widgets:production', 'ROTATED')?.value, 'after rotation')
})

test('PUT body validation: key_id, encrypted_value, JSON', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/actions/secrets'
  const key = await getKey(gh, token, path)
  const sealed = seal('x', key.key)

  const noKeyId = await api(gh, token, 'PUT', `${path}/A`, { encrypted_value: sealed })
  assertUnprocessable(noKeyId, 'Invalid request.\n\n"key_id" wasn\'t supplied.')

  const noValue = await api(gh, token, 'PUT', `${path}/A`, { key_id: key.key_id })
  assertUnprocessable(noValue, 'Invalid request.\n\n"encrypted_value" wasn\'t supplied.')

  const notBase64 = await api(gh, token, 'PUT', `${path}/A`, { encrypted_value: 'abc', key_id: key.key_id })
  assert.equal(notBase64.status, 422)
  assert.ok(notBase64.json.message.startsWith('Invalid request.\n\nabc does not match /^(?:[A-Za-z0-9+\\/]{4})*'))

  const numericKeyId = await api(gh, token, 'PUT', `${path}/A`, { encrypted_value: sealed, key_id: 12 })
  assertUnprocessable(numericKeyId, "Invalid request.\n\nFor 'properties/key_id', 12 is not a string.")

  const response = await fetch(`${gh.url}${path}/A`, {
    method: 'PUT',
    headers: { authorization: `token ${token}` },
    body: '{not json',
  })
  assert.equal(response.status, 400)
  assert.equal(((await response.json()) as { message: string }).message, 'Problems parsing JSON')
})

test('invalid secret names are rejected with the name-rule message', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/actions/secrets'
  for (const name of ['1ABC', 'GITHUB_TOKEN', 'github_thing', 'WITH-DASH', 'WITH%20SPACE']) {
    const response = await putSealed(gh, token, path, name, 'x')
    assert.equal(response.status, 422, name)
    assert.equal(response.json.message, NAME_RULE, name)
  }
  assert.equal((await putSealed(gh, token, path, '_OK_1', 'x')).status, 201)
})

test('401 for a missing or unknown token', async t => {
  const { gh } = await setup(t)
  const expected = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }
  const unknown = await api(gh, 'fake-gh-0000000000000000000000000000000000000000', 'GET', '/repos/acme/widgets')
  assert.equal(unknown.status, 401)
  assert.deepEqual(unknown.json, expected)
  const missing = await api(gh, undefined, 'GET', '/repos/acme/widgets/actions/secrets/public-key')
  assert.equal(missing.status, 401)
  assert.deepEqual(missing.json, expected)
})

test('403 with X-Accepted-GitHub-Permissions for a GITHUB_TOKEN-like token', async t => {
  const { gh, token } = await setup(t, { kind: 'github_token' })
  const path = '/repos/acme/widgets/actions/secrets'

  const read = await api(gh, token, 'GET', `${path}/public-key`)
  assert.equal(read.status, 403)
  assert.equal(read.json.message, 'Resource not accessible by integration')
  assert.equal(read.json.status, '403')
  assert.equal(read.headers.get('x-accepted-github-permissions'), 'secrets=read')

  const write = await api(gh, token, 'PUT', `${path}/X`, { encrypted_value: 'AAAA', key_id: '1' })
  assert.equal(write.status, 403)
  assert.equal(write.headers.get('x-accepted-github-permissions'), 'secrets=write')

  const org = await api(gh, token, 'GET', '/orgs/acme/actions/secrets/public-key')
  assert.equal(org.headers.get('x-accepted-github-permissions'), 'organization_secrets=read')

  assert.equal((await api(gh, token, 'GET', '/repos/acme/widgets')).status, 200)
})

test('403 for environment secrets when the token lacks the environments permission', async t => {
  const { gh, token } = await setup(t, { permissions: { secrets: 'write' } })
  const envPath = '/repos/acme/widgets/environments/production/secrets'

  const read = await api(gh, token, 'GET', `${envPath}/public-key`)
  assert.equal(read.status, 403)
  assert.equal(read.headers.get('x-accepted-github-permissions'), 'environments=read')
  const write = await api(gh, token, 'PUT', `${envPath}/X`, { encrypted_value: 'AAAA', key_id: '1' })
  assert.equal(write.headers.get('x-accepted-github-permissions'), 'environments=write')

  assert.equal((await putSealed(gh, token, '/repos/acme/widgets/actions/secrets', 'REPO_OK', 'x')).status, 201)

  const readOnly = gh.addToken({ permissions: { environments: 'read' } })
  assert.equal((await api(gh, readOnly, 'GET', `${envPath}/public-key`)).status, 200)
  const denied = await api(gh, readOnly, 'PUT', `${envPath}/X`, { encrypted_value: 'AAAA', key_id: '1' })
  assert.equal(denied.headers.get('x-accepted-github-permissions'), 'environments=write')
})

test('404 for unknown repository, environment, organization and secret', async t => {
  const { gh, token } = await setup(t)
  const paths = [
    '/repos/acme/nope',
    '/repos/acme/nope/actions/secrets/public-key',
    '/repos/acme/widgets/environments/staging/secrets/public-key',
    '/orgs/nope/actions/secrets/public-key',
    '/repos/acme/widgets/actions/secrets/NOT_THERE',
    '/repos/acme/widgets/actions/secrets/public-key/',
  ]
  for (const path of paths) {
    const response = await api(gh, token, 'GET', path)
    assert.equal(response.status, 404, path)
    assert.equal(response.json.message, 'Not Found', path)
    assert.equal(response.json.status, '404', path)
  }
})

test('seeded secrets, listing and delete', async t => {
  const { gh, token } = await setup(t)
  gh.putSecret('acme/widgets', 'seeded', 'plain')
  gh.putSecret('org:acme', 'ORG_SEEDED', 'plain', { visibility: 'all' })
  assert.equal(gh.secret('acme/widgets', 'SEEDED')?.writes, 0)

  const list = await api(gh, token, 'GET', '/repos/acme/widgets/actions/secrets')
  assert.equal(list.json.total_count, 1)
  assert.equal(list.json.secrets[0].name, 'SEEDED')
  const org = await api(gh, token, 'GET', '/orgs/acme/actions/secrets/ORG_SEEDED')
  assert.equal(org.json.visibility, 'all')
  assert.equal(org.json.selected_repositories_url, undefined)

  assert.equal((await api(gh, token, 'DELETE', '/repos/acme/widgets/actions/secrets/seeded')).status, 204)
  assert.equal(gh.secret('acme/widgets', 'SEEDED'), undefined)
  assert.equal((await api(gh, token, 'DELETE', '/repos/acme/widgets/actions/secrets/seeded')).status, 404)
})

test('faults answer the given number of matching requests, then normal handling resumes', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/environments/prod/eu/secrets/public-key'
  gh.injectFault({
    method: 'get',
    path, // decoded form matches the encoded request path
    times: 2,
    status: 403,
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    headers: { 'retry-after': '1' },
  })
  const encoded = '/repos/acme/widgets/environments/prod%2Feu/secrets/public-key'
  assert.equal((await api(gh, token, 'POST', encoded, {})).status, 404) // other method: not faulted
  for (let i = 0; i < 2; i++) {
    const faulted = await api(gh, token, 'GET', encoded)
    assert.equal(faulted.status, 403)
    assert.match(faulted.json.message, /secondary rate limit/)
    assert.equal(faulted.headers.get('retry-after'), '1')
    assert.equal(faulted.headers.get('x-ratelimit-limit'), '5000')
  }
  assert.equal((await api(gh, token, 'GET', encoded)).status, 200)

  gh.injectFault({ path: /\/actions\/secrets\//, status: 502, times: 5 })
  assert.equal((await api(gh, token, 'GET', '/repos/acme/widgets/actions/secrets/public-key')).status, 502)
  gh.clearFaults()
  assert.equal((await api(gh, token, 'GET', '/repos/acme/widgets/actions/secrets/public-key')).status, 200)

  assert.equal(gh.requests.length, 6)
  assert.deepEqual(
    gh.requests.map(r => r.method),
    ['POST', 'GET', 'GET', 'GET', 'GET', 'GET']
  )
  assert.equal(gh.requests[1].path, encoded)
  assert.equal(gh.requests[1].headers.authorization, `Bearer ${token}`)
})

test('a reset fault destroys the connection', async t => {
  const { gh, token } = await setup(t)
  gh.injectFault({ method: 'PUT', path: '/repos/acme/widgets/actions/secrets/X', reset: true })
  await assert.rejects(api(gh, token, 'PUT', '/repos/acme/widgets/actions/secrets/X', { a: 1 }), TypeError)
  assert.equal(gh.requests.length, 1)
  assert.deepEqual(gh.requests[0].body, { a: 1 })
  assert.equal((await api(gh, token, 'GET', '/repos/acme/widgets')).status, 200)
})

test('an applied fault lets the request change state, then answers with the fault, hangs or resets', async t => {
  const { gh, token } = await setup(t)
  const path = '/repos/acme/widgets/actions/secrets/LANDED'
  gh.injectFault({ method: 'PUT', path, apply: true, status: 502, body: { message: 'Server Error' } })
  const failed = await putSealed(gh, token, '/repos/acme/widgets/actions/secrets', 'LANDED', 'first value')
  assert.equal(failed.status, 502)
  assert.equal(failed.json.message, 'Server Error')
  assert.equal(gh.secret('acme/widgets', 'LANDED')?.value, 'first value', 'the write landed all the same')

  gh.injectFault({ method: 'PUT', path, apply: true, reset: true })
  await assert.rejects(putSealed(gh, token, '/repos/acme/widgets/actions/secrets', 'LANDED', 'second value'), TypeError)
  assert.equal(gh.secret('acme/widgets', 'LANDED')?.value, 'second value')

  gh.injectFault({ method: 'PUT', path, apply: true, hang: true })
  const key = await getKey(gh, token, '/repos/acme/widgets/actions/secrets')
  const pending = api(gh, token, 'PUT', path, { encrypted_value: seal('third value', key.key), key_id: key.key_id })
  pending.catch(() => undefined)
  while (gh.secret('acme/widgets', 'LANDED')?.value !== 'third value') await new Promise(resolve => setTimeout(resolve, 5))
  assert.equal(gh.secret('acme/widgets', 'LANDED')?.writes, 3)
  await gh.close()
  await assert.rejects(pending, TypeError)
})

test('a hanging request is ended by close()', async () => {
  await sodium.ready
  const gh = await FakeGitHub.start()
  const token = gh.addToken()
  gh.addRepo('acme/widgets')
  gh.injectFault({ path: '/repos/acme/widgets', hang: true })
  const pending = api(gh, token, 'GET', '/repos/acme/widgets')
  while (gh.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 5))
  await gh.close()
  await assert.rejects(pending, TypeError)
})

test('an unsupported X-GitHub-Api-Version is a 400', async t => {
  const { gh, token } = await setup(t)
  const headers = { authorization: `Bearer ${token}`, 'x-github-api-version': 'v3' }
  const bad = await fetch(`${gh.url}/repos/acme/widgets`, { headers })
  assert.equal(bad.status, 400)
  assert.match(((await bad.json()) as { message: string }).message, /is not a supported version/)
  headers['x-github-api-version'] = '2026-03-10'
  const good = await fetch(`${gh.url}/repos/acme/widgets`, { headers })
  assert.equal(good.status, 200)
  assert.equal(good.headers.get('x-github-api-version-selected'), '2026-03-10')
  await good.body?.cancel()
})

test('a request without a User-Agent is refused with 403, as GitHub does', async t => {
  const { gh, token } = await setup(t)
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // node:http sends no User-Agent of its own (fetch does).
    const req = request(`${gh.url}/repos/acme/widgets`, { headers: { authorization: `Bearer ${token}` } }, res => {
      let body = ''
      res.setEncoding('utf8').on('data', chunk => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
  assert.equal(answer.status, 403)
  assert.match(answer.body, /User-Agent/)
})

test("workflow runs: listed newest first, filtered by event, branch and GitHub's created ranges", async t => {
  const { gh, token } = await setup(t)
  gh.addWorkflow('acme/widgets', 'deploy.yml')
  const old = gh.workflows.addRun('acme/widgets', 'deploy.yml', 'main', 120_000)
  const dispatched = await api(gh, token, 'POST', '/repos/acme/widgets/actions/workflows/deploy.yml/dispatches', {
    ref: 'main',
    return_run_details: true,
  })
  assert.equal(dispatched.status, 200, dispatched.text)
  const other = gh.workflows.addRun('acme/widgets', 'deploy.yml', 'release', 0)
  const list = async (query: string) => {
    const response = await api(gh, token, 'GET', `/repos/acme/widgets/actions/workflows/deploy.yml/runs?${query}`)
    assert.equal(response.status, 200, response.text)
    assert.equal(response.json.total_count, response.json.workflow_runs.length)
    return response.json.workflow_runs.map((run: { id: number }) => run.id)
  }
  const since = new Date(Date.now() - 60_000).toISOString()
  assert.deepEqual(await list('event=workflow_dispatch'), [other.id, dispatched.json.workflow_run_id, old.id])
  assert.deepEqual(await list(`event=workflow_dispatch&created=${encodeURIComponent(`>=${since}`)}`), [
    other.id,
    dispatched.json.workflow_run_id,
  ])
  assert.deepEqual(await list(`branch=main&created=${encodeURIComponent(`<${since}`)}`), [old.id])
  assert.deepEqual(await list('event=push'), [])
  const bad = await api(gh, token, 'GET', '/repos/acme/widgets/actions/workflows/deploy.yml/runs?created=yesterday')
  assert.equal(bad.status, 422, bad.text)
})
