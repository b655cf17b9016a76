/**
 * The GitHub contract check (github-openapi.ts) fails when it should, the GitHub fake refuses and
 * records what it flags, World fails a run that broke the contract, and the action's own
 * requests break nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { FakeGitHub } from '../fakes/github-server.ts'
import { World } from '../helpers/world.ts'
import { checkGitHubRequest, type GitHubRequestShape, validateGitHubRequest } from './github-openapi.ts'
import { assertNoContractViolations } from './violations.ts'

const REPO_SECRET = '/repos/octo-org/app/actions/secrets/META_ACCESS_TOKEN'
const ORG_SECRET = '/orgs/octo-org/actions/secrets/META_ACCESS_TOKEN'
/** Standard padded base64, like a real sealed box. */
const SEALED = 'c2VjcmV0IHNlYWxlZCBmb3IgdGhlIGtleQ=='
const GOOD_PUT = { encrypted_value: SEALED, key_id: '012345678912345678' }

/** The violations of a request, which must be exactly one, matching `pattern`. */
function assertOneViolation(violations: string[], pattern: RegExp): void {
  assert.equal(violations.length, 1, violations.join('\n'))
  assert.match(violations[0], pattern)
}

describe('validateGitHubRequest against the OpenAPI description', () => {
  it('passes the requests the action makes', () => {
    const requests: GitHubRequestShape[] = [
      { method: 'GET', path: '/repos/octo-org/app' },
      { method: 'GET', path: '/repos/octo-org/app/actions/secrets/public-key' },
      { method: 'GET', path: '/repos/octo-org/app/environments/prod%2Feu/secrets/public-key' },
      { method: 'GET', path: '/orgs/octo-org/actions/secrets/public-key' },
      { method: 'GET', path: ORG_SECRET },
      { method: 'GET', path: `${ORG_SECRET}/repositories`, query: { per_page: '100', page: '1' } },
      { method: 'PUT', path: REPO_SECRET, body: GOOD_PUT },
      { method: 'PUT', path: '/repos/octo-org/app/environments/prod%2Feu/secrets/META_ACCESS_TOKEN', body: GOOD_PUT },
      { method: 'PUT', path: ORG_SECRET, body: { ...GOOD_PUT, visibility: 'selected', selected_repository_ids: [101, 102] } },
      { method: 'PUT', path: ORG_SECRET, rawBody: JSON.stringify({ ...GOOD_PUT, visibility: 'private' }) },
      { method: 'DELETE', path: REPO_SECRET },
      { method: 'GET', path: '/repos/octo-org/site/actions/workflows/deploy.yml' },
      {
        method: 'POST',
        path: '/repos/octo-org/site/actions/workflows/deploy.yml/dispatches',
        body: { ref: 'main', return_run_details: true },
      },
      {
        method: 'GET',
        path: '/repos/octo-org/site/actions/workflows/deploy.yml/runs',
        query: { event: 'workflow_dispatch', created: '>=2026-12-02T16:00:00Z', per_page: '10' },
      },
      { method: 'GET', path: '/repos/octo-org/site/actions/runs/9000001' },
    ]
    for (const request of requests) assert.deepEqual(validateGitHubRequest(request), [], `${request.method} ${request.path}`)
  })

  it('flags a PUT without key_id', () => {
    assertOneViolation(
      validateGitHubRequest({ method: 'PUT', path: REPO_SECRET, body: { encrypted_value: SEALED } }),
      /"key_id" wasn't supplied/
    )
  })

  it('flags an encrypted_value that is not a string', () => {
    const violations = validateGitHubRequest({ method: 'PUT', path: REPO_SECRET, body: { encrypted_value: 42, key_id: '1' } })
    assertOneViolation(violations, /'properties\/encrypted_value', 42 is not a string/)
  })

  it('flags an encrypted_value that is not padded standard base64', () => {
    const violations = validateGitHubRequest({ method: 'PUT', path: REPO_SECRET, body: { encrypted_value: 'c2VjcmV0-_', key_id: '1' } })
    assertOneViolation(violations, /c2VjcmV0-_ does not match \/\^\(\?:\[A-Za-z0-9\+\\\/\]/)
  })

  it('flags an organization PUT whose visibility is outside the enum', () => {
    const violations = validateGitHubRequest({ method: 'PUT', path: ORG_SECRET, body: { ...GOOD_PUT, visibility: 'public' } })
    assertOneViolation(violations, /'properties\/visibility', "public" is not a member of \["all", "private", "selected"\]/)
  })

  it('flags an organization PUT without visibility', () => {
    assertOneViolation(validateGitHubRequest({ method: 'PUT', path: ORG_SECRET, body: GOOD_PUT }), /"visibility" wasn't supplied/)
  })

  it('flags an unknown path, a trailing slash and an environment name with an unencoded slash', () => {
    for (const path of [
      '/repos/octo-org/app/actions/secret/X',
      '/repos/octo-org/app/actions/secrets/public-key/',
      '/repos/octo-org/app/environments/prod/eu/secrets/public-key',
    ]) {
      assertOneViolation(validateGitHubRequest({ method: 'GET', path }), /No path of GitHub's REST API matches/)
      assert.equal(checkGitHubRequest({ method: 'GET', path })?.status, 404)
    }
  })

  it('flags a method the path does not have', () => {
    const violations = validateGitHubRequest({ method: 'POST', path: REPO_SECRET, body: GOOD_PUT })
    assertOneViolation(
      violations,
      /POST is not an operation of \/repos\/\{owner\}\/\{repo\}\/actions\/secrets\/\{secret_name\} \(it has GET, PUT, DELETE\)/
    )
    assert.equal(checkGitHubRequest({ method: 'PATCH', path: '/repos/octo-org/app/actions/secrets/public-key' })?.status, 404)
  })

  it('flags path and query parameters of the wrong type', () => {
    const badId = checkGitHubRequest({ method: 'PUT', path: `${ORG_SECRET}/repositories/app` })
    assert.equal(badId?.status, 404)
    assert.match(badId?.details.join() ?? '', /repository_id": "app" is not an integer/)
    const badPage = checkGitHubRequest({ method: 'GET', path: '/repos/octo-org/app/actions/secrets', query: { per_page: 'all' } })
    assert.equal(badPage?.status, 422)
    assert.match(badPage?.details.join() ?? '', /per_page": "all" is not an integer/)
  })

  it('flags a missing or unparseable JSON body of an operation that needs one', () => {
    assert.deepEqual(checkGitHubRequest({ method: 'PUT', path: REPO_SECRET, rawBody: '{"key_id":' }), {
      status: 400,
      details: ['Problems parsing JSON'],
      operation: 'actions/create-or-update-repo-secret',
    })
    assert.equal(checkGitHubRequest({ method: 'PUT', path: REPO_SECRET, rawBody: '' })?.status, 422)
  })

  it('resolves $refs into components', () => {
    const path = '/orgs/octo-org/interaction-limits'
    assert.deepEqual(validateGitHubRequest({ method: 'PUT', path, body: { limit: 'contributors_only' } }), [])
    assertOneViolation(validateGitHubRequest({ method: 'PUT', path, body: { limit: 'everyone' } }), /"everyone" is not a member of/)
  })
})

// ---------------------------------------------------------------------------------------------

describe('the GitHub fake refuses and records contract violations', () => {
  async function start(
    t: TestContext,
    options?: { checkContract?: boolean }
  ): Promise<{ gh: FakeGitHub; call: (method: string, path: string, body?: unknown) => Promise<Response> }> {
    const gh = await FakeGitHub.start(options)
    t.after(() => gh.close())
    gh.addRepo('octo-org/app')
    const token = gh.addToken()
    const call = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${gh.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    return { gh, call }
  }

  it("answers a PUT without key_id with GitHub's 422, stores nothing and records the violation", async t => {
    const { gh, call } = await start(t)
    const response = await call('PUT', REPO_SECRET, { encrypted_value: SEALED })
    assert.equal(response.status, 422)
    assert.equal(((await response.json()) as { message: string }).message, 'Invalid request.\n\n"key_id" wasn\'t supplied.')
    assert.equal(gh.secret('octo-org/app', 'META_ACCESS_TOKEN'), undefined)
    assert.equal(gh.contractViolations.length, 1)
    assert.equal(gh.contractViolations[0].method, 'PUT')
    assert.equal(gh.contractViolations[0].path, REPO_SECRET)
    assert.match(gh.contractViolations[0].messages[0], /^\[422 actions\/create-or-update-repo-secret\] "key_id" wasn't supplied\.$/)
  })

  it('refuses what the fake alone would accept: a non-integer per_page', async t => {
    const { gh, call } = await start(t)
    const response = await call('GET', '/repos/octo-org/app/actions/secrets?per_page=many')
    assert.equal(response.status, 422)
    assert.match(((await response.json()) as { message: string }).message, /per_page/)
    assert.equal(gh.contractViolations.length, 1)
  })

  it('answers a wrong method with 404 and records it', async t => {
    const { gh, call } = await start(t)
    const response = await call('PATCH', REPO_SECRET, GOOD_PUT)
    assert.equal(response.status, 404)
    await response.body?.cancel()
    assert.match(gh.contractViolations[0].messages[0], /PATCH is not an operation/)
  })

  it('still validates a request a fault answers, and lets the fault answer it', async t => {
    const { gh, call } = await start(t)
    gh.injectFault({ method: 'PUT', path: REPO_SECRET, status: 502 })
    const response = await call('PUT', REPO_SECRET, { encrypted_value: 7, key_id: '1' })
    assert.equal(response.status, 502)
    await response.body?.cancel()
    assert.equal(gh.contractViolations.length, 1)
    assert.match(gh.contractViolations[0].messages[0], /7 is not a string/)
  })

  it('records nothing for valid requests, and nothing at all with checkContract: false', async t => {
    const checked = await start(t)
    const key = await checked.call('GET', '/repos/octo-org/app/actions/secrets/public-key')
    assert.equal(key.status, 200)
    await key.body?.cancel()
    assert.deepEqual(checked.gh.contractViolations, [])

    const unchecked = await start(t, { checkContract: false })
    const response = await unchecked.call('GET', '/repos/octo-org/app/actions/secrets?per_page=many')
    assert.equal(response.status, 200, 'the fake alone is lenient here')
    await response.body?.cancel()
    assert.deepEqual(unchecked.gh.contractViolations, [])
  })
})

// ---------------------------------------------------------------------------------------------

describe("the action's requests keep to GitHub's OpenAPI description", () => {
  let world: World
  before(async () => {
    world = await World.start()
    world.github.addOrg('octo-labs')
    world.github.putSecret('org:octo-labs', 'META_ACCESS_TOKEN', world.oldToken, { visibility: 'selected', selectedRepositoryIds: [101] })
  })
  after(() => world.close())

  it('rotating into repository, environment (with a slash) and organization secrets breaks no rule', async () => {
    const targets = 'octo-org/app\nocto-org/app:prod/eu\norg:octo-org\norg:octo-labs'
    // org:octo-labs keeps its selected repositories: the action reads and resends them.
    const run = await world.run({ 'secret-targets': targets })
    assert.equal(run.code, 0, run.stdout)
    const calls = new Set(world.githubCalls().map(call => call.replace(/META_ACCESS_TOKEN/, '{name}')))
    for (const call of [
      'GET /repos/octo-org/app/environments/prod%2Feu/secrets/public-key',
      'PUT /orgs/octo-org/actions/secrets/{name}',
      'PUT /repos/octo-org/app/actions/secrets/{name}',
    ]) {
      assert.ok(calls.has(call), `the run made ${call}: ${[...calls].join(', ')}`)
    }
    assert.deepEqual(world.github.contractViolations, [])
  })

  it('World fails a run during which a request broke the contract', async () => {
    const push = world.github.requests.push.bind(world.github.requests)
    world.github.requests.push = (...items) => {
      world.github.contractViolations.push({ method: 'PUT', path: REPO_SECRET, messages: ['[422] "key_id" wasn\'t supplied.'] })
      return push(...items)
    }
    try {
      await assert.rejects(
        world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app' }),
        /GitHub REST API .* broke its contract:\nPUT \/repos\/octo-org\/app\/actions\/secrets\/META_ACCESS_TOKEN\n {2}- \[422\] "key_id"/
      )
    } finally {
      world.github.requests.push = push
      world.github.contractViolations.length = 0
    }
  })

  it('assertNoContractViolations lists every violation', () => {
    assert.doesNotThrow(() => assertNoContractViolations('GitHub REST API', []))
    assert.throws(() => assertNoContractViolations('GitHub REST API', [{ method: 'GET', path: '/x', messages: ['a', 'b'] }]), {
      message: '1 request(s) to the GitHub REST API broke its contract:\nGET /x\n  - a\n  - b',
    })
  })
})
