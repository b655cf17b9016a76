import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import type { TestContext } from 'node:test'
import { FakeGraph } from './graph-server.ts'
import type { FakeGraphOptions } from './graph-server.ts'

const NOW = 1_790_000_000
/** A fresh token's expires_in in Meta's example answer (graph-api.md Call 1): a little under 60 days. */
const FRESH = 5_183_944
const DAY = 86_400

interface Answer {
  status: number
  headers: Headers
  body: Record<string, any>
}

interface GraphErrorBody {
  message: string
  type: string
  code: number
  error_subcode?: number
  is_transient?: boolean
  fbtrace_id: string
}

async function setup(t: TestContext, options: FakeGraphOptions = {}) {
  const clock = { now: NOW }
  const fake = await FakeGraph.start({ now: () => clock.now, ...options })
  t.after(() => fake.close())
  const app = fake.addApp({ name: 'Token Keeper' })
  const su = fake.addSystemUser({ appIdsInstalled: [app.id] })
  const token = fake.mintToken({ appId: app.id, userId: su.id, scopes: ['ads_read', 'business_management'] })
  return { fake, app, su, token, clock }
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} }
}

function get(fake: FakeGraph, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(`${fake.url}${path}`)
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
  return fetch(url, { headers }).then(answer)
}

function post(fake: FakeGraph, path: string, params: Record<string, string>): Promise<Answer> {
  return fetch(`${fake.url}${path}`, { method: 'POST', body: new URLSearchParams(params) }).then(answer)
}

function graphError(a: Answer): GraphErrorBody {
  assert.ok(a.body.error, `expected a Graph error, got ${JSON.stringify(a.body)}`)
  return a.body.error as GraphErrorBody
}

function proof(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex')
}

function refreshParams(app: { id: string; secret: string }, token: string): Record<string, string> {
  return {
    grant_type: 'fb_exchange_token',
    client_id: app.id,
    client_secret: app.secret,
    fb_exchange_token: token,
    set_token_expires_in_60_days: 'true',
  }
}

async function debug(fake: FakeGraph, app: { id: string; secret: string }, input: string): Promise<Answer> {
  return get(fake, '/v26.0/debug_token', { input_token: input }, { authorization: `Bearer ${app.id}|${app.secret}` })
}

/** The promise's value, or 'timed out' after `ms` (without keeping the process alive afterwards). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timed out'>(resolve => {
    timer = setTimeout(() => resolve('timed out'), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 2000
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met within 2 s')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

test('minted tokens look fake, are long and unique', async t => {
  const { fake, app } = await setup(t)
  const a = fake.mintToken({ appId: app.id })
  const b = fake.mintToken({ appId: app.id })
  assert.match(a, /^fake-meta-[0-9a-f]{40}$/)
  assert.notEqual(a, b)
  assert.match(app.secret, /^fake-secret-[0-9a-f]+$/)
})

test('refreshing a system user token returns a new valid token and leaves the old one valid', async t => {
  const { fake, app, su, token, clock } = await setup(t)
  clock.now = NOW + 1000
  const a = await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token))
  assert.equal(a.status, 200)
  assert.equal(a.headers.get('content-type'), 'application/json; charset=UTF-8')
  assert.equal(a.headers.get('facebook-api-version'), 'v26.0')
  assert.ok(a.headers.get('x-fb-trace-id'))
  assert.deepEqual(Object.keys(a.body).sort(), ['access_token', 'expires_in', 'token_type'])
  assert.equal(a.body.token_type, 'bearer')
  assert.equal(a.body.expires_in, FRESH)
  assert.notEqual(a.body.access_token, token)
  assert.ok(fake.isValid(a.body.access_token))
  assert.ok(fake.isValid(token), 'the old token stays valid')

  const fresh = fake.token(a.body.access_token)!
  assert.equal(fresh.type, 'SYSTEM_USER')
  assert.equal(fresh.userId, su.id)
  assert.deepEqual(fresh.scopes, ['ads_read', 'business_management'])
  assert.equal(fresh.expiresAt, NOW + 1000 + FRESH)

  const info = await debug(fake, app, a.body.access_token)
  assert.equal(info.status, 200)
  assert.deepEqual(info.body.data, {
    app_id: app.id,
    type: 'SYSTEM_USER',
    application: 'Token Keeper',
    data_access_expires_at: 0,
    expires_at: NOW + 1000 + FRESH,
    is_valid: true,
    issued_at: NOW + 1000,
    scopes: ['ads_read', 'business_management'],
    granular_scopes: [{ scope: 'ads_read' }, { scope: 'business_management' }],
    user_id: su.id,
  })
})

test('refresh also works as POST and unversioned, and echoes the requested version', async t => {
  const { fake, app, token } = await setup(t)
  const viaPost = await post(fake, '/v25.0/oauth/access_token', refreshParams(app, token))
  assert.equal(viaPost.status, 200)
  assert.equal(viaPost.headers.get('facebook-api-version'), 'v25.0')
  const unversioned = await get(fake, '/oauth/access_token', refreshParams(app, token))
  assert.equal(unversioned.status, 200)
  assert.equal(unversioned.headers.get('facebook-api-version'), 'v26.0')
  assert.deepEqual(
    fake.requests.map(r => [r.method, r.path, r.version]),
    [
      ['POST', '/oauth/access_token', 'v25.0'],
      ['GET', '/oauth/access_token', null],
    ]
  )
})

test('a system user token refresh needs the 60-day flag and an expiring token', async t => {
  const { fake, app, su, token } = await setup(t)
  const { set_token_expires_in_60_days: _flag, ...withoutFlag } = refreshParams(app, token)
  const noFlag = graphError(await get(fake, '/v26.0/oauth/access_token', withoutFlag))
  assert.equal(noFlag.code, 100)
  assert.match(noFlag.message, /set_token_expires_in_60_days/)

  const forever = fake.mintToken({ appId: app.id, userId: su.id, expiresInSeconds: 0 })
  const never = graphError(await get(fake, '/v26.0/oauth/access_token', refreshParams(app, forever)))
  assert.equal(never.code, 100)
  assert.match(never.message, /not an expiring token/)
})

test('a user token is exchanged for a long-lived one without the flag', async t => {
  const { fake, app } = await setup(t)
  const short = fake.mintToken({ appId: app.id, type: 'USER', expiresInSeconds: 3600 })
  const { set_token_expires_in_60_days: _flag, ...params } = refreshParams(app, short)
  const a = await get(fake, '/v26.0/oauth/access_token', params)
  assert.equal(a.status, 200)
  assert.equal(a.body.expires_in, FRESH)
  assert.equal(fake.token(a.body.access_token)?.type, 'USER')
})

test('omitExpiresIn leaves expires_in out of the exchange answer', async t => {
  const { fake, app, token } = await setup(t, { omitExpiresIn: true })
  const a = await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token))
  assert.equal(a.status, 200)
  assert.deepEqual(Object.keys(a.body).sort(), ['access_token', 'token_type'])
})

test('a wrong client secret is code 1 "Error validating client secret." with HTTP 400, not transient', async t => {
  const { fake, app, token } = await setup(t)
  const a = await get(fake, '/v26.0/oauth/access_token', { ...refreshParams(app, token), client_secret: 'fake-secret-wrong' })
  assert.equal(a.status, 400)
  const error = graphError(a)
  assert.equal(error.code, 1)
  assert.equal(error.message, 'Error validating client secret.')
  assert.equal(error.type, 'OAuthException')
  assert.equal(error.is_transient, undefined)
  assert.ok(error.fbtrace_id)
})

test('an unknown client_id is code 101', async t => {
  const { fake, app, token } = await setup(t)
  const error = graphError(await get(fake, '/v26.0/oauth/access_token', { ...refreshParams(app, token), client_id: '1' }))
  assert.equal(error.code, 101)
  assert.equal(error.message, 'Error validating application. Invalid application ID.')
})

test("an expired token is 190/463 with Meta's message format, and debug_token says so", async t => {
  const { fake, app, su } = await setup(t)
  const old = fake.mintToken({ appId: app.id, userId: su.id, issuedAt: NOW - FRESH - 10, expiresInSeconds: FRESH })
  assert.equal(fake.isValid(old), false)
  const a = await get(fake, '/v26.0/oauth/access_token', refreshParams(app, old))
  assert.equal(a.status, 400)
  const error = graphError(a)
  assert.equal(error.code, 190)
  assert.equal(error.error_subcode, 463)
  assert.match(
    error.message,
    /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d PST\. The current time is \w+day, .+\.$/
  )

  const info = await debug(fake, app, old)
  assert.equal(info.status, 200)
  assert.equal(info.body.data.is_valid, false)
  assert.equal(info.body.data.error.code, 190)
  assert.equal(info.body.data.error.subcode, 463)
  assert.equal(info.body.data.expires_at, NOW - 10)
})

test('an unknown token cannot be parsed; a missing one is code 104', async t => {
  const { fake, app, su } = await setup(t)
  const unknown = graphError(await get(fake, '/v26.0/oauth/access_token', refreshParams(app, 'fake-meta-nope')))
  assert.equal(unknown.code, 190)
  assert.equal(unknown.message, 'Invalid OAuth access token - Cannot parse access token')
  const missing = graphError(await post(fake, `/v26.0/${su.id}/applications`, { business_app: app.id }))
  assert.equal(missing.code, 104)
  assert.equal(missing.message, 'An access token is required to request this resource.')
})

test('revoke makes a token invalid; debug_token then says is_valid false with code 190', async t => {
  const { fake, app, su, token } = await setup(t)
  const caller = fake.mintToken({ appId: app.id, userId: su.id })
  const params = {
    client_id: app.id,
    client_secret: app.secret,
    revoke_token: token,
    access_token: caller,
    appsecret_proof: proof(app.secret, caller),
  }
  const a = await get(fake, '/v26.0/oauth/revoke', params)
  assert.equal(a.status, 200)
  assert.deepEqual(a.body, { success: true })
  assert.equal(fake.isValid(token), false)
  assert.equal(fake.token(token)?.revoked, true)
  assert.ok(fake.isValid(caller))
  assert.deepEqual(
    fake.validTokens(app.id).map(x => x.value),
    [caller]
  )

  const info = await debug(fake, app, token)
  assert.equal(info.status, 200)
  assert.equal(info.body.data.is_valid, false)
  assert.equal(info.body.data.error.code, 190)
  assert.equal(info.body.data.app_id, app.id)

  const again = graphError(await get(fake, '/v26.0/oauth/revoke', params))
  assert.equal(again.code, 190)
  const refresh = graphError(await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token)))
  assert.equal(refresh.code, 190)
})

test('revoke checks the secret and that every token belongs to client_id', async t => {
  const { fake, app, token } = await setup(t)
  const other = fake.addApp()
  const foreign = fake.mintToken({ appId: other.id })
  const base = { client_id: app.id, client_secret: app.secret, revoke_token: token, access_token: foreign }
  const mismatch = graphError(await get(fake, '/v26.0/oauth/revoke', base))
  assert.equal(mismatch.code, 100)
  assert.match(mismatch.message, /app mismatch/)
  const badSecret = graphError(await get(fake, '/v26.0/oauth/revoke', { ...base, client_secret: 'fake-secret-x' }))
  assert.equal(badSecret.code, 1)
  assert.equal(fake.isValid(token), true)
})

test('proofs: missing is rejected when required, wrong is rejected always, right and timed are accepted', async t => {
  const { fake, app, su, token, clock } = await setup(t, { requireAppSecretProof: true })
  const path = `/v26.0/${su.id}/applications`
  const missing = await post(fake, path, { business_app: app.id, access_token: token })
  assert.equal(missing.status, 400)
  assert.equal(graphError(missing).code, 100)
  assert.equal(graphError(missing).type, 'GraphMethodException')
  assert.equal(graphError(missing).message, 'API calls from the server require an appsecret_proof argument')

  const right = await post(fake, path, { business_app: app.id, access_token: token, appsecret_proof: proof(app.secret, token) })
  assert.deepEqual(right.body, { success: true })

  const time = String(clock.now - 100)
  const timed = await post(fake, path, {
    business_app: app.id,
    access_token: token,
    appsecret_proof: proof(app.secret, `${token}|${time}`),
    appsecret_time: time,
  })
  assert.deepEqual(timed.body, { success: true })

  const stale = String(clock.now - 301)
  const old = await post(fake, path, {
    business_app: app.id,
    access_token: token,
    appsecret_proof: proof(app.secret, `${token}|${stale}`),
    appsecret_time: stale,
  })
  assert.equal(graphError(old).message, 'Invalid appsecret_proof provided in the API argument')
})

test('a wrong proof is rejected even when proofs are not required', async t => {
  const { fake, app, su, token } = await setup(t)
  const path = `/v26.0/${su.id}/applications`
  assert.deepEqual((await post(fake, path, { business_app: app.id, access_token: token })).body, { success: true })
  const wrong = await post(fake, path, { business_app: app.id, access_token: token, appsecret_proof: proof('fake-secret-other', token) })
  assert.equal(wrong.status, 400)
  const error = graphError(wrong)
  assert.equal(error.code, 100)
  assert.equal(error.type, 'GraphMethodException')
  assert.equal(error.message, 'Invalid appsecret_proof provided in the API argument')
})

test('an app that requires proofs enforces them on its own', async t => {
  const { fake, su } = await setup(t)
  const strict = fake.addApp({ requireAppSecretProof: true })
  const token = fake.mintToken({ appId: strict.id })
  const error = graphError(await post(fake, `/v26.0/${su.id}/applications`, { business_app: strict.id, access_token: token }))
  assert.equal(error.message, 'API calls from the server require an appsecret_proof argument')
})

test('access_tokens requires a proof, rejects unknown scopes with 3962 and mints a token', async t => {
  const { fake, app, su, token } = await setup(t)
  const path = `/v26.0/${su.id}/access_tokens`
  const base = { business_app: app.id, scope: 'ads_read,business_management', access_token: token }

  const noProof = graphError(await post(fake, path, base))
  assert.equal(noProof.code, 100)
  assert.equal(noProof.message, 'API calls from the server require an appsecret_proof argument')

  const withProof = { ...base, appsecret_proof: proof(app.secret, token) }
  const badScope = await post(fake, path, { ...withProof, scope: 'ads_read,make_coffee' })
  assert.equal(badScope.status, 400)
  assert.equal(graphError(badScope).code, 3962)
  assert.match(graphError(badScope).message, /Provided permission is not valid/)
  assert.equal(graphError(await post(fake, path, { ...withProof, scope: '' })).code, 3962)

  const forever = await post(fake, path, withProof)
  assert.equal(forever.status, 200)
  assert.deepEqual(Object.keys(forever.body), ['access_token'])
  const minted = fake.token(forever.body.access_token)!
  assert.equal(minted.type, 'SYSTEM_USER')
  assert.equal(minted.userId, su.id)
  assert.equal(minted.expiresAt, 0)
  assert.deepEqual(minted.scopes, ['ads_read', 'business_management'])

  const expiring = await post(fake, path, { ...withProof, set_token_expires_in_60_days: 'true' })
  assert.equal(fake.token(expiring.body.access_token)?.expiresAt, NOW + FRESH)
})

test('access_tokens accepts JSON and multipart bodies and a Bearer header', async t => {
  const { fake, app, su, token } = await setup(t)
  const path = `${fake.url}/v26.0/${su.id}/access_tokens`
  const json = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ business_app: app.id, scope: 'ads_read', appsecret_proof: proof(app.secret, token) }),
  }).then(answer)
  assert.equal(json.status, 200, JSON.stringify(json.body))

  const form = new FormData()
  form.set('business_app', app.id)
  form.set('scope', 'ads_read')
  form.set('appsecret_proof', proof(app.secret, token))
  const multipart = await fetch(`${path}?access_token=${token}`, { method: 'POST', body: form }).then(answer)
  assert.equal(multipart.status, 200, JSON.stringify(multipart.body))
  assert.equal(fake.requests[1].params.business_app, app.id)
  assert.equal(fake.requests[0].params.access_token, token)
})

test('access_tokens refuses an app not installed for the system user and an unknown system user', async t => {
  const { fake, app, token } = await setup(t)
  const lonely = fake.addSystemUser({})
  const params = { business_app: app.id, scope: 'ads_read', access_token: token, appsecret_proof: proof(app.secret, token) }
  const notInstalled = await post(fake, `/v26.0/${lonely.id}/access_tokens`, params)
  assert.equal(notInstalled.status, 403)
  assert.equal(graphError(notInstalled).code, 200)
  assert.match(graphError(notInstalled).message, /not installed/)

  const missing = graphError(await post(fake, '/v26.0/999/access_tokens', params))
  assert.equal(missing.code, 100)
  assert.equal(missing.error_subcode, 33)
  assert.equal(missing.type, 'GraphMethodException')
  assert.match(missing.message, /^Unsupported post request\. Object with ID '999' does not exist/)
})

test('applications installs the app (idempotently) so access_tokens then works', async t => {
  const { fake, app, token } = await setup(t)
  const lonely = fake.addSystemUser({})
  const install = { business_app: app.id, access_token: token, appsecret_proof: proof(app.secret, token) }
  assert.deepEqual((await post(fake, `/v26.0/${lonely.id}/applications`, install)).body, { success: true })
  assert.deepEqual((await post(fake, `/v26.0/${lonely.id}/applications`, install)).body, { success: true })
  const generated = await post(fake, `/v26.0/${lonely.id}/access_tokens`, { ...install, scope: 'ads_read' })
  assert.equal(generated.status, 200)
  assert.equal(fake.token(generated.body.access_token)?.userId, lonely.id)

  assert.equal(graphError(await post(fake, '/v26.0/999/applications', install)).error_subcode, 33)
  assert.equal(graphError(await post(fake, `/v26.0/${lonely.id}/applications`, { ...install, business_app: '42' })).code, 100)
})

test('debug_token with a wrong app secret is a top-level 190 error', async t => {
  const { fake, app, token } = await setup(t)
  const a = await get(fake, '/v26.0/debug_token', { input_token: token, access_token: `${app.id}|fake-secret-wrong` })
  assert.equal(a.status, 400)
  assert.equal(a.body.data, undefined)
  assert.equal(graphError(a).code, 190)
})

test('debug_token: self-inspection, fields filter, missing input_token, unknown input token, other app', async t => {
  const { fake, app, token } = await setup(t)
  const self = await get(fake, '/v26.0/debug_token', { input_token: token, fields: 'app_id,type' }, { authorization: `OAuth ${token}` })
  assert.deepEqual(self.body, { data: { app_id: app.id, type: 'SYSTEM_USER' } })

  assert.equal(graphError(await debug(fake, app, '')).code, 100)

  const unknown = await debug(fake, app, 'fake-meta-unknown')
  assert.equal(unknown.status, 200)
  assert.equal(unknown.body.data.is_valid, false)
  assert.equal(unknown.body.data.error.code, 190)

  const other = fake.addApp()
  const foreign = await debug(fake, other, token)
  assert.equal(foreign.status, 400)
  assert.equal(foreign.body.data, undefined)
  assert.equal(graphError(foreign).code, 100)
  assert.equal(graphError(foreign).message, '(#100) The App_id in the input_token did not match the Viewing App')
})

test('debug_token with crossAppDebugToken: describe shows another app its token, with the own app_id', async t => {
  const { fake, app, token } = await setup(t, { crossAppDebugToken: 'describe' })
  const other = fake.addApp()
  const foreign = await debug(fake, other, token)
  assert.equal(foreign.status, 200)
  assert.equal(foreign.body.data.app_id, app.id)
  assert.equal(foreign.body.data.is_valid, true)
})

test('dead tokens: debug_token says is_valid false with the real subcode, and calls with them fail alike', async t => {
  const { fake, app, su } = await setup(t)
  const cases: Array<{ title: string; kill: () => string; subcode: number; message: RegExp }> = [
    {
      title: 'the app uninstalled for the system user',
      kill: () => {
        const token = fake.mintToken({ appId: app.id, userId: su.id })
        fake.removeApp(su.id, app.id)
        return token
      },
      subcode: 458,
      message: new RegExp(`^Error validating access token: The user has not authorized application ${app.id}\\.$`),
    },
    {
      title: 'the app deauthorised by a user',
      kill: () => {
        const token = fake.mintToken({ appId: app.id, type: 'USER', userId: '777' })
        fake.removeApp('777', app.id)
        return token
      },
      subcode: 458,
      message: /has not authorized application/,
    },
    {
      title: 'the password changed',
      kill: () => {
        const token = fake.mintToken({ appId: app.id, type: 'USER', userId: '778' })
        fake.changePassword('778')
        return token
      },
      subcode: 460,
      message: /invalidated because the user changed their password/,
    },
    {
      title: 'expired',
      kill: () => fake.mintToken({ appId: app.id, userId: '779', issuedAt: NOW - 2 * DAY, expiresInSeconds: DAY }),
      subcode: 463,
      message: /^Error validating access token: Session has expired on /,
    },
  ]
  for (const { title, kill, subcode, message } of cases) {
    const token = kill()
    assert.equal(fake.isValid(token), false, title)
    const info = await debug(fake, app, token)
    assert.equal(info.status, 200, title)
    assert.equal(info.body.data.is_valid, false, title)
    assert.deepEqual([info.body.data.error.code, info.body.data.error.subcode], [190, subcode], title)
    assert.match(info.body.data.error.message, message, title)
    const { set_token_expires_in_60_days: _flag, ...exchange } = refreshParams(app, token)
    const refused = graphError(
      await get(fake, '/v26.0/oauth/access_token', fake.token(token)?.type === 'USER' ? exchange : refreshParams(app, token))
    )
    assert.deepEqual([refused.code, refused.error_subcode], [190, subcode], title)
  }
})

test('data_access_expires_at: 90 days after issue for a user token, carried over by an exchange; 0 for system users', async t => {
  const { fake, app, token } = await setup(t)
  const user = fake.mintToken({ appId: app.id, type: 'USER', expiresInSeconds: 3600 })
  assert.equal((await debug(fake, app, user)).body.data.data_access_expires_at, NOW + 90 * DAY)
  assert.equal((await debug(fake, app, token)).body.data.data_access_expires_at, 0)

  const soon = fake.mintToken({ appId: app.id, type: 'USER', expiresInSeconds: 3600, dataAccessExpiresAt: NOW + 5 * DAY })
  const { set_token_expires_in_60_days: _flag, ...params } = refreshParams(app, soon)
  const long = await get(fake, '/v26.0/oauth/access_token', params)
  const info = await debug(fake, app, long.body.access_token)
  assert.equal(info.body.data.expires_at, NOW + FRESH)
  assert.equal(info.body.data.data_access_expires_at, NOW + 5 * DAY, 'an exchange does not renew data access')
})

test('a business that requires expiring tokens refuses a never-expiring generate', async t => {
  const { fake, app, su, token } = await setup(t, { businessRequiresExpiringTokens: true })
  const params = { business_app: app.id, scope: 'ads_read', access_token: token, appsecret_proof: proof(app.secret, token) }
  const refused = await post(fake, `/v26.0/${su.id}/access_tokens`, params)
  assert.equal(refused.status, 400)
  assert.equal(graphError(refused).code, 100)
  assert.match(graphError(refused).message, /requires expiring/)
  const expiring = await post(fake, `/v26.0/${su.id}/access_tokens`, { ...params, set_token_expires_in_60_days: 'true' })
  assert.equal(expiring.status, 200)
  assert.equal(fake.token(expiring.body.access_token)?.expiresAt, NOW + FRESH)
})

test('capability-gated permissions: refused (3962) unless Meta granted the app the capability', async t => {
  const { fake, su } = await setup(t)
  const plain = fake.addApp()
  const gated = fake.addApp({ capabilityPermissions: ['business_data_management'] })
  for (const app of [plain, gated]) {
    const admin = fake.mintToken({ appId: app.id, userId: '9000' })
    await post(fake, `/v26.0/${su.id}/applications`, {
      business_app: app.id,
      access_token: admin,
      appsecret_proof: proof(app.secret, admin),
    })
    const answer = await post(fake, `/v26.0/${su.id}/access_tokens`, {
      business_app: app.id,
      scope: 'ads_read,business_data_management',
      access_token: admin,
      appsecret_proof: proof(app.secret, admin),
    })
    if (app === plain) assert.equal(graphError(answer).code, 3962)
    else assert.equal(answer.status, 200, JSON.stringify(answer.body))
  }
})

test("granular_scopes follow the system user's assigned assets, live, and carry over a refresh", async t => {
  const { fake, app, su, token } = await setup(t)
  fake.assignAssets(su.id, 'ads_read', ['act_111', '222'])
  const granular = async (value: string) => (await debug(fake, app, value)).body.data.granular_scopes
  assert.deepEqual(await granular(token), [{ scope: 'ads_read', target_ids: ['111', '222'] }, { scope: 'business_management' }])

  const refreshed = (await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token))).body.access_token
  assert.deepEqual(await granular(refreshed), await granular(token), 'a refresh keeps them')
  fake.unassignAsset(su.id, '222')
  for (const value of [token, refreshed]) assert.deepEqual((await granular(value))[0], { scope: 'ads_read', target_ids: ['111'] })
})

test('targetIdsAsNumbers sends target_ids as JSON numbers', async t => {
  const { fake, app, su, token } = await setup(t, { targetIdsAsNumbers: true })
  fake.assignAssets(su.id, 'business_management', ['333'])
  assert.deepEqual((await debug(fake, app, token)).body.data.granular_scopes[1], { scope: 'business_management', target_ids: [333] })
})

test('GET /{id} answers the id for an asset the token reaches, and 100/33 for one it does not or that does not exist', async t => {
  const { fake, app, su, token } = await setup(t)
  fake.assignAssets(su.id, 'ads_read', ['act_111'])
  fake.assignAssets(su.id, 'business_management', [])
  fake.addAsset('444')
  const read = (id: string, value = token) =>
    get(fake, `/v26.0/${id}`, { fields: 'id', access_token: value, appsecret_proof: proof(app.secret, value) })

  const reached = await read('act_111')
  assert.equal(reached.status, 200)
  assert.deepEqual(reached.body, { id: 'act_111' })
  for (const id of ['444', '999']) {
    const refused = await read(id)
    assert.equal(refused.status, 400)
    const error = graphError(refused)
    assert.deepEqual([error.code, error.error_subcode, error.type], [100, 33, 'GraphMethodException'])
    assert.match(
      error.message,
      new RegExp(`^Unsupported get request\\. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions`)
    )
  }
  // A permission without targets reaches every asset that exists.
  fake.assignAssets(su.id, 'ads_read', [])
  const everything = fake.mintToken({ appId: app.id, userId: su.id, scopes: ['ads_management'] })
  assert.equal((await read('444', everything)).status, 200)
  assert.equal(graphError(await read('999', everything)).error_subcode, 33)
  // The token's proof is checked like on any call.
  assert.equal(
    graphError(await get(fake, '/v26.0/444', { fields: 'id', access_token: everything, appsecret_proof: 'f'.repeat(64) })).code,
    100
  )
})

test('an unknown route is an unsupported request', async t => {
  const { fake } = await setup(t)
  const error = graphError(await get(fake, '/v26.0/me/friends', {}))
  assert.equal(error.code, 100)
  assert.match(error.message, /^Unsupported get request/)
})

test('a fault with times:2 applies twice, then the real answer returns', async t => {
  const { fake, app, token } = await setup(t)
  const usage = JSON.stringify({
    [app.id]: [{ type: 'ads_management', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 5 }],
  })
  fake.injectFault({
    path: '/oauth/access_token',
    method: 'get',
    times: 2,
    error: { code: 2 },
    headers: { 'X-Business-Use-Case-Usage': usage },
  })
  for (let i = 0; i < 2; i++) {
    const a = await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token))
    assert.equal(a.status, 500)
    assert.equal(graphError(a).code, 2)
    assert.equal(graphError(a).is_transient, true)
    assert.equal(a.headers.get('x-business-use-case-usage'), usage)
  }
  const real = await get(fake, '/v26.0/oauth/access_token', refreshParams(app, token))
  assert.equal(real.status, 200)
  assert.ok(fake.isValid(real.body.access_token))
  assert.equal(fake.requests.length, 3)
})

test('fault statuses follow the error code; custom bodies and method filters work', async t => {
  const { fake, app, token } = await setup(t)
  fake.injectFault({ path: '/debug_token', error: { code: 4 } })
  fake.injectFault({ path: '/debug_token', error: { code: 80004, subcode: 2446079 } })
  fake.injectFault({ path: '/debug_token', method: 'POST', error: { code: 1 } })
  fake.injectFault({ path: '/debug_token', status: 502, body: { oops: true } })
  const limited = await debug(fake, app, token)
  assert.equal(limited.status, 403)
  assert.equal(graphError(limited).is_transient, true)
  assert.equal(graphError(limited).message, '(#4) Application request limit reached')
  const buc = await debug(fake, app, token)
  assert.equal(buc.status, 400)
  assert.equal(graphError(buc).error_subcode, 2446079)
  assert.equal(graphError(buc).is_transient, true)
  const custom = await debug(fake, app, token)
  assert.equal(custom.status, 502)
  assert.deepEqual(custom.body, { oops: true })
  assert.equal((await debug(fake, app, token)).status, 200)
  fake.clearFaults()
})

test('a hang fault never answers, and close() ends it instead of hanging', async t => {
  const { fake, app, token } = await setup(t)
  fake.injectFault({ path: '/debug_token', hang: true })
  const pending = debug(fake, app, token)
  const settled = pending.then(
    () => 'answered',
    () => 'failed'
  )
  await waitFor(() => fake.requests.length === 1)
  assert.equal(await within(settled, 100), 'timed out')
  assert.equal(
    await within(
      fake.close().then(() => 'closed'),
      2000
    ),
    'closed'
  )
  assert.equal(await settled, 'failed')
})

test('a reset fault makes fetch fail', async t => {
  const { fake, app, token } = await setup(t)
  fake.injectFault({ path: '/oauth/access_token', reset: true })
  await assert.rejects(get(fake, '/v26.0/oauth/access_token', refreshParams(app, token)), TypeError)
  assert.equal(fake.requests.length, 1)
  assert.equal(fake.validTokens(app.id).length, 1, 'nothing was minted')
})

test('an afterHandling fault mints the token but the caller only sees the error', async t => {
  const { fake, app, su, token } = await setup(t)
  fake.injectFault({ path: `/${su.id}/access_tokens`, afterHandling: true, error: { code: 2 } })
  const params = { business_app: app.id, scope: 'ads_read', access_token: token, appsecret_proof: proof(app.secret, token) }
  const a = await post(fake, `/v26.0/${su.id}/access_tokens`, params)
  assert.equal(a.status, 500)
  assert.equal(graphError(a).code, 2)
  const minted = fake.validTokens(app.id).filter(x => x.value !== token)
  assert.equal(minted.length, 1)
  assert.equal(minted[0].userId, su.id)
})

test('an afterHandling reset revokes the token and loses the answer', async t => {
  const { fake, app, token } = await setup(t)
  const caller = fake.mintToken({ appId: app.id })
  fake.injectFault({ path: '/oauth/revoke', afterHandling: true, reset: true })
  const params = { client_id: app.id, client_secret: app.secret, revoke_token: token, access_token: caller }
  await assert.rejects(get(fake, '/v26.0/oauth/revoke', params))
  assert.equal(fake.isValid(token), false)
})

test('a fault with only headers decorates the real answer', async t => {
  const { fake, app, token } = await setup(t)
  fake.injectFault({ path: '/debug_token', headers: { 'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":25}' } })
  const a = await debug(fake, app, token)
  assert.equal(a.status, 200)
  assert.equal(a.body.data.is_valid, true)
  assert.equal(a.headers.get('x-app-usage'), '{"call_count":28,"total_time":25,"total_cputime":25}')
})
