/**
 * The same token back (ACTION.md "Never revoked"): when an exchange hands back the token it was
 * given (possible for user tokens), that string is what every target now holds, so `rotate`
 * never revokes it — not as "the old token", not as an unused new one in a rollback or after a
 * failed verification.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { DAY, describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const TARGETS = ['octo-org/app', 'octo-org/site']

describe('rotate never revokes a token that Meta hands back unchanged', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
  })
  afterEach(() => world.close())

  const tokens: Array<{ type: 'SYSTEM_USER' | 'USER'; token: (w: World) => string }> = [
    { type: 'SYSTEM_USER', token: w => w.oldToken },
    { type: 'USER', token: w => w.graph.mintToken({ appId: w.app.id, type: 'USER', userId: '4242', expiresInSeconds: 50 * DAY }) },
  ]
  const sameBack = (token: string) => ({
    path: '/oauth/access_token',
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: 5_183_944 },
  })

  for (const { type, token } of tokens) {
    it(`${type}: stored everywhere, not revoked, and the run says why`, async () => {
      const old = token(world)
      for (const target of TARGETS) world.github.putSecret(target, SECRET, old)
      world.graph.injectFault(sameBack(old))
      const run = await world.run({ 'access-token': old, 'secret-targets': TARGETS.join('\n') })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.token, old)
      assert.deepEqual(
        TARGETS.map(target => world.github.secret(target, SECRET)?.value),
        [old, old]
      )
      assert.equal(world.graph.isValid(old), true, 'the token every target holds still works')
      assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token'], 'no oauth/revoke')
      assert.equal(run.outputs.revoked, 'false')
      assert.match(run.summary, /same token/)
    })
  }

  it('SYSTEM_USER: a rollback does not revoke the "new" token, which is the old one', async () => {
    for (const target of TARGETS) world.github.putSecret(target, SECRET, world.oldToken)
    world.graph.injectFault(sameBack(world.oldToken))
    world.github.injectFault({
      method: 'PUT',
      path: `/repos/octo-org/site/actions/secrets/${SECRET}`,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    const run = await world.run({ 'secret-targets': TARGETS.join('\n') })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, world.oldToken)
    assert.ok(!world.graphCalls().includes('GET /oauth/revoke'), `calls: ${world.graphCalls().join(', ')}`)
    assert.match(run.errors[0], /handed back the old token itself/)
  })

  it('SYSTEM_USER: an unconfirmed "new" token is not revoked when it is the old one', async () => {
    for (const target of TARGETS) world.github.putSecret(target, SECRET, world.oldToken)
    world.graph.injectFault(sameBack(world.oldToken))
    world.graph.injectFault({
      path: '/debug_token',
      skip: 1,
      status: 200,
      body: { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token' } } },
    })
    const run = await world.run({ 'secret-targets': TARGETS.join('\n') })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /does not confirm it as valid/)
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.ok(!world.graphCalls().includes('GET /oauth/revoke'), `calls: ${world.graphCalls().join(', ')}`)
  })
})
