import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { type Dispatcher, fetch as undiciFetch, getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici'
import { GraphClient } from '../../src/graph/client.ts'
import { GraphError } from '../../src/graph/errors.ts'
import { appSecretProof } from '../../src/graph/proof.ts'
import { Redactor } from '../../src/text/redactor.ts'
import { Deadline } from '../../src/runtime/retry.ts'

const ORIGIN = 'https://graph.test'
const APP_ID = '1234'
const APP_SECRET = 'fake-app-secret'
const TOKEN = 'fake-meta-old-token'

let agent: MockAgent
let previous: Dispatcher
let masked: string[]

function client(overrides: Partial<{ maxAttempts: number; requestTimeoutMs: number; deadlineMs: number }> = {}) {
  masked = []
  return new GraphClient({
    baseUrl: ORIGIN,
    version: 'v26.0',
    appId: APP_ID,
    appSecret: APP_SECRET,
    requestTimeoutMs: overrides.requestTimeoutMs ?? 1000,
    timing: { retryBaseMs: 1, retryMaxWaitMs: 5, maxAttempts: overrides.maxAttempts ?? 4, deadlineMs: 5000, limitSecondMs: 1 },
    deadline: new Deadline(overrides.deadlineMs ?? 5000),
    redactor: new Redactor(value => masked.push(value)),
    // undici's own fetch, so that MockAgent sees request bodies as strings.
    fetch: (url, init) => undiciFetch(url, init as Parameters<typeof undiciFetch>[1]),
  })
}

function query(path: string): URLSearchParams {
  return new URL(path, ORIGIN).searchParams
}

beforeEach(() => {
  previous = getGlobalDispatcher()
  agent = new MockAgent()
  agent.disableNetConnect()
  setGlobalDispatcher(agent)
})

afterEach(async () => {
  setGlobalDispatcher(previous)
  await agent.close()
})

describe('GraphClient', () => {
  it('never follows a redirect: the query string carries the tokens and the app secret', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/access_token?'), method: 'GET' })
      .reply(302, '', { headers: { location: 'https://elsewhere.test/steal' } })
    const elsewhere = agent.get('https://elsewhere.test')
    let followed = false
    elsewhere.intercept({ path: () => true, method: 'GET' }).reply(() => {
      followed = true
      return { statusCode: 200, data: '{}' }
    })
    await assert.rejects(client({ maxAttempts: 1 }).exchangeToken(TOKEN, true), (error: GraphError) => error.status === 302)
    assert.equal(followed, false)
  })

  it('reads granular_scopes fail-closed and bounded: past 200 entries, 5000 ids in one or 20000 in all, entries are unknown', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => 1_000_000 + i)
    const answer = (granular: unknown[]) =>
      agent
        .get(ORIGIN)
        .intercept({ path: p => p.startsWith('/v26.0/debug_token?'), method: 'GET' })
        .reply(200, { data: { is_valid: true, scopes: ['perm_0', 'PERM_0', 'Not a permission'], granular_scopes: granular } })
    answer(Array.from({ length: 201 }, (_, i) => ({ scope: `perm_${i}`, target_ids: ids(2) })))
    const tooMany = await client().debugToken(TOKEN)
    assert.deepEqual(tooMany.scopes, ['perm_0'])
    assert.equal(tooMany.granularScopes.length, 200)
    assert.ok(
      tooMany.granularScopes.every(entry => entry.targetIds === 'unknown'),
      'an entry past 200 could have narrowed any kept one'
    )
    answer([
      ...Array.from({ length: 5 }, (_, i) => ({ scope: `PERM_${i}`, target_ids: ids(5000) })),
      { scope: 'big', target_ids: ids(5001) },
    ])
    const info = await client().debugToken(TOKEN)
    assert.deepEqual(
      info.granularScopes.map(entry => [entry.scope, Array.isArray(entry.targetIds) ? entry.targetIds.length : entry.targetIds]),
      [
        ['perm_0', 5000],
        ['perm_1', 5000],
        ['perm_2', 5000],
        ['perm_3', 5000],
        ['perm_4', 'unknown'],
        ['big', 'unknown'],
      ]
    )
    assert.equal((info.granularScopes[0].targetIds as string[])[0], '1000000')
  })

  it('calls debug_token as the app through the Authorization header, with the version prefix', async () => {
    let seen: { path: string; auth: unknown } | undefined
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/debug_token?'), method: 'GET' })
      .reply(opts => {
        seen = { path: opts.path, auth: (opts.headers as Record<string, string>).authorization }
        return {
          statusCode: 200,
          data: { data: { is_valid: true, type: 'SYSTEM_USER', app_id: APP_ID, expires_at: 1_900_000_000, scopes: ['ads_read'] } },
        }
      })
    const info = await client().debugToken(TOKEN)
    assert.equal(info.isValid, true)
    assert.equal(info.type, 'SYSTEM_USER')
    assert.deepEqual(info.scopes, ['ads_read'])
    assert.equal(seen?.auth, `Bearer ${APP_ID}|${APP_SECRET}`)
    assert.equal(query(seen!.path).get('input_token'), TOKEN)
    assert.equal(query(seen!.path).get('access_token'), null, 'the app token stays out of the URL')
    assert.ok(masked.includes(`${APP_ID}|${APP_SECRET}`), 'the app token is masked')
  })

  it('refreshes a system user token with the 60-day flag and masks the new token before returning it', async () => {
    let params: URLSearchParams | undefined
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/access_token?') })
      .reply(opts => {
        params = query(opts.path)
        return { statusCode: 200, data: { access_token: 'fake-meta-new-token', token_type: 'bearer', expires_in: 5183944 } }
      })
    const result = await client().exchangeToken(TOKEN, true)
    assert.deepEqual(result, { accessToken: 'fake-meta-new-token', expiresIn: 5183944 })
    assert.equal(params?.get('grant_type'), 'fb_exchange_token')
    assert.equal(params?.get('set_token_expires_in_60_days'), 'true')
    assert.equal(params?.get('fb_exchange_token'), TOKEN)
    assert.equal(params?.get('appsecret_proof'), null, 'oauth/access_token authenticates with client_secret')
    assert.ok(masked.includes('fake-meta-new-token'))
  })

  it('exchanges a user token without the flag and tolerates a missing expires_in', async () => {
    let params: URLSearchParams | undefined
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/access_token?') })
      .reply(opts => {
        params = query(opts.path)
        return { statusCode: 200, data: { access_token: 'fake-meta-user-token', token_type: 'bearer' } }
      })
    const result = await client().exchangeToken(TOKEN, false)
    assert.equal(result.expiresIn, undefined)
    assert.equal(params?.has('set_token_expires_in_60_days'), false)
  })

  it('sends the proof of the caller on revoke and accepts "true" as success', async () => {
    let params: URLSearchParams | undefined
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/revoke?') })
      .reply(opts => {
        params = query(opts.path)
        return { statusCode: 200, data: { success: 'true' } }
      })
    await client().revoke(TOKEN, 'fake-meta-new-token')
    assert.equal(params?.get('access_token'), 'fake-meta-new-token')
    assert.equal(params?.get('revoke_token'), TOKEN)
    assert.equal(params?.get('appsecret_proof'), appSecretProof('fake-meta-new-token', APP_SECRET))
    assert.ok(masked.includes(appSecretProof('fake-meta-new-token', APP_SECRET)), 'the proof is masked')
  })

  it('posts generate as a form with the admin token and its proof in the body', async () => {
    let body: URLSearchParams | undefined
    agent
      .get(ORIGIN)
      .intercept({ path: '/v26.0/555/access_tokens', method: 'POST' })
      .reply(opts => {
        body = new URLSearchParams(String(opts.body))
        return { statusCode: 200, data: { access_token: 'fake-meta-generated' } }
      })
    assert.equal(
      await client().generateSystemUserToken('555', ['ads_read', 'business_management'], true, 'fake-meta-admin'),
      'fake-meta-generated'
    )
    assert.equal(body?.get('business_app'), APP_ID)
    assert.equal(body?.get('scope'), 'ads_read,business_management')
    assert.equal(body?.get('appsecret_proof'), appSecretProof('fake-meta-admin', APP_SECRET))
    assert.equal(body?.get('set_token_expires_in_60_days'), 'true')
  })

  it('parses the error envelope into a typed error and does not retry a dead token', async () => {
    let calls = 0
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/access_token?') })
      .reply(() => {
        calls++
        return {
          statusCode: 400,
          data: {
            error: {
              message: 'Error validating access token: Session has expired',
              type: 'OAuthException',
              code: 190,
              error_subcode: 463,
              fbtrace_id: 'AbC',
            },
          },
        }
      })
      .persist()
    const error = await client()
      .exchangeToken(TOKEN, true)
      .catch(e => e)
    assert.ok(error instanceof GraphError)
    assert.equal(error.code, 190)
    assert.equal(error.subcode, 463)
    assert.equal(error.fbtraceId, 'AbC')
    assert.equal(calls, 1)
  })

  it('retries a transient error and then succeeds', async () => {
    const pool = agent.get(ORIGIN)
    pool
      .intercept({ path: p => p.startsWith('/v26.0/oauth/revoke?') })
      .reply(500, { error: { message: '(#2) Service temporarily unavailable', code: 2, is_transient: true } })
    pool.intercept({ path: p => p.startsWith('/v26.0/oauth/revoke?') }).reply(200, { success: true })
    await client().revoke(TOKEN, TOKEN)
  })

  it('gives up after the attempt limit on a persisting rate limit', async () => {
    let calls = 0
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/debug_token?') })
      .reply(() => {
        calls++
        return {
          statusCode: 400,
          data: { error: { message: '(#613) Calls to this api have exceeded the rate limit.', code: 613, is_transient: true } },
        }
      })
      .persist()
    const error = await client({ maxAttempts: 3 })
      .debugToken(TOKEN)
      .catch(e => e)
    assert.equal(error.code, 613)
    assert.equal(calls, 3)
  })

  it('turns a request that outlives the timeout into a retryable timeout without the URL in the message', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/oauth/revoke?') })
      .reply(200, { success: true })
      .delay(500)
      .persist()
    const error = await client({ requestTimeoutMs: 20, maxAttempts: 2 })
      .revoke(TOKEN, TOKEN)
      .catch(e => e)
    assert.ok(error instanceof GraphError)
    assert.equal(error.kind, 'timeout')
    assert.doesNotMatch(error.message, /fake-|client_secret|revoke\?/)
  })

  it('stops at once when Meta asks for a wait longer than the deadline', async () => {
    let calls = 0
    agent
      .get(ORIGIN)
      .intercept({ path: p => p.startsWith('/v26.0/debug_token?') })
      .reply(() => {
        calls++
        return {
          statusCode: 400,
          data: { error: { message: 'User request limit reached', code: 80004, error_subcode: 2446079, is_transient: true } },
          responseOptions: {
            headers: {
              'x-business-use-case-usage': JSON.stringify({ 42: [{ type: 'ads_management', estimated_time_to_regain_access: 30 }] }),
            },
          },
        }
      })
      .persist()
    const error = await client()
      .debugToken(TOKEN)
      .catch(e => e)
    assert.equal(calls, 1)
    assert.match(error.message, /wait 30 minutes/)
  })
})
