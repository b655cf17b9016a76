/**
 * Token types (ACTION.md "Details settled": Token types): `refresh`/`rotate` renew SYSTEM_USER
 * tokens (60-day refresh) and USER tokens (long-lived exchange) only; `rotate` never revokes a
 * user token (Meta documents oauth/revoke for system user tokens only); `check` on a user token
 * also watches its data access (debug_token's data_access_expires_at).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { DAY, describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const TARGET = 'octo-org/app'

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

describe('token types', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.github.putSecret(TARGET, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  describe('refresh and rotate refuse tokens other than SYSTEM_USER and USER, saying what to do', () => {
    const tokens: Array<{ title: string; type: string; token: (w: World) => string; advice: RegExp }> = [
      {
        title: 'a Page token that never expires',
        type: 'PAGE',
        token: w => w.graph.mintToken({ appId: w.app.id, type: 'PAGE', expiresInSeconds: 0 }),
        advice: /system user/,
      },
      {
        title: 'a Page token that expires',
        type: 'PAGE',
        token: w => w.graph.mintToken({ appId: w.app.id, type: 'PAGE', expiresInSeconds: 3600 }),
        advice: /system user/,
      },
      { title: 'an app token', type: 'APP', token: w => `${w.app.id}|${w.app.secret}`, advice: /app secret/ },
    ]
    for (const operation of ['refresh', 'rotate']) {
      for (const { title, type, token, advice } of tokens) {
        it(`${operation}: ${title}`, async () => {
          const run = await world.run({ operation, 'access-token': token(world), 'secret-targets': TARGET })
          assert.equal(run.code, 1, describeRun(run))
          assert.equal(run.errors.length, 1)
          assert.match(run.errors[0], new RegExp(`${type} token`))
          assert.match(run.errors[0], /SYSTEM_USER/)
          assert.match(run.errors[0], /What to do: .*operation: generate/)
          assert.match(run.errors[0], advice)
          assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'Meta is asked for nothing but the inspection')
          assert.equal(world.github.secret(TARGET, SECRET)?.value, world.oldToken, 'nothing written')
          assert.equal(run.outputs['token-type'], type)
          assert.equal(run.outputs.rotated, 'false')
          assert.match(run.summary, /Step: \*\*inspect the current token\*\*/)
        })
      }
    }
  })

  describe('rotate on a USER token stores the extended token and does not revoke the old one', () => {
    let userToken: string
    beforeEach(() => {
      userToken = world.graph.mintToken({
        appId: world.app.id,
        type: 'USER',
        userId: '4242',
        scopes: ['ads_read'],
        expiresInSeconds: 2 * DAY,
      })
    })

    it('exchanges, verifies and stores; no oauth/revoke; the run says why', async () => {
      const run = await world.run({ 'access-token': userToken, 'secret-targets': TARGET })
      assert.equal(run.code, 0, describeRun(run))
      const extended = run.outputs.token
      assert.ok(extended && extended !== userToken)
      assert.equal(world.github.secret(TARGET, SECRET)?.value, extended)
      assert.equal(world.graph.isValid(userToken), true, 'the old user token is left to expire on its own')
      assert.equal(world.graph.isValid(extended), true)

      // The new token verified, the old one inspected again beside it.
      assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token', 'GET /debug_token'])
      assert.equal(world.graph.requests[1].params.set_token_expires_in_60_days, undefined, 'the plain long-lived exchange')
      assert.equal(world.graph.requests[2].params.input_token, extended, 'the new token is verified before it is stored')

      assert.equal(run.outputs['token-type'], 'USER')
      assert.equal(run.outputs.rotated, 'true')
      assert.equal(run.outputs.revoked, 'false')
      assert.equal(run.summary.split('\n')[0], '## Meta token: `rotate` ✅ rotated')
      assert.match(run.summary, /not revoked/)
      assert.match(run.summary, /### Notes[\s\S]*system user tokens only/)
      assert.match(run.stdout, /not revoked/, 'the log says so too')
    })

    it('rolls back a failed write without revoking the unused user token', async () => {
      world.github.putSecret('octo-org/site', SECRET, userToken)
      world.github.injectFault({
        method: 'PUT',
        path: `/repos/octo-org/site/actions/secrets/${SECRET}`,
        status: 403,
        body: { message: 'Resource not accessible by integration' },
      })
      const run = await world.run({ 'access-token': userToken, 'secret-targets': `${TARGET}\nocto-org/site` })
      assert.equal(run.code, 1, describeRun(run))
      assert.equal(world.github.secret(TARGET, SECRET)?.value, userToken, 'the old token is back')
      assert.ok(!world.graphCalls().includes('GET /oauth/revoke'), `calls: ${world.graphCalls().join(', ')}`)
      assert.equal(world.graph.isValid(userToken), true)
      assert.match(run.errors[0], /expires on its own/)
    })
  })

  describe('check on a USER token also fails when its data access ends within min-days-remaining', () => {
    const cases: Array<{ title: string; dataAccessDays: number; min?: string; code: number; says: RegExp }> = [
      { title: 'data access ends in 3 days (default 7)', dataAccessDays: 3, code: 1, says: /data access ends .* in 3 days/ },
      { title: 'data access ends in 3 days, min-days-remaining 3', dataAccessDays: 3, min: '3', code: 0, says: /data access/ },
      { title: 'data access ends in 3 days, min-days-remaining 4', dataAccessDays: 3, min: '4', code: 1, says: /\(4\)/ },
      { title: 'data access ends in 30 days', dataAccessDays: 30, code: 0, says: /data access lasts until/ },
      { title: 'data access already ended', dataAccessDays: -1, min: '0', code: 1, says: /data access ended/ },
    ]
    for (const { title, dataAccessDays, min, code, says } of cases) {
      it(title, async () => {
        const token = world.graph.mintToken({
          appId: world.app.id,
          type: 'USER',
          userId: '4242',
          expiresInSeconds: 50 * DAY,
          dataAccessExpiresAt: nowSeconds() + dataAccessDays * DAY + 3600,
        })
        const run = await world.run({ operation: 'check', 'access-token': token, ...(min ? { 'min-days-remaining': min } : {}) })
        assert.equal(run.code, code, describeRun(run))
        assert.match(code === 0 ? run.summary : run.errors[0], says)
        if (code === 1) {
          assert.match(run.errors[0], /log in/, 'says what to do: the user logs in to the app again')
          assert.equal(run.outputs['is-valid'], 'true', 'the token itself is valid')
        }
        assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
      })
    }

    it('ignores data_access_expires_at 0 of a system user token', async () => {
      const run = await world.run({ operation: 'check', 'min-days-remaining': '5' })
      assert.equal(run.code, 0, describeRun(run))
      assert.doesNotMatch(run.summary, /data access/)
    })
  })
})
