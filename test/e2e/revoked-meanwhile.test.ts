/**
 * A rotation that meets an old token revoked meanwhile (issue 26, item 4), for example by an
 * emergency that ran while it was half-way: no target ever receives a token Meta reports dead.
 * Meta's answer about the old token is played by a debug_token answer at the moment named.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const RECORD = 'META_ACCESS_TOKEN_PREVIOUS'
const DEAD = {
  data: {
    is_valid: false,
    scopes: [],
    error: { code: 190, message: 'Error validating access token: The session was invalidated explicitly' },
  },
}

describe('rotate: the old token revoked meanwhile', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of ['octo-org/app', 'octo-org/site']) world.github.putSecret(target, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  it('met by the verification (revoked after the refresh): no secret written, the new token revoked, the failure names the step', async () => {
    // The first debug_token of the old token is the inspection before the refresh; the second goes out beside the verification.
    world.graph.injectFault({ path: '/debug_token', params: { input_token: world.oldToken }, skip: 1, body: DEAD })
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/site' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['failure-step'], 'verify the new token')
    assert.match(run.errors[0], /the old token was revoked meanwhile/i)
    assert.match(run.errors[0], /emergency/)
    assert.match(run.errors[0], /operation: doctor/)
    assert.equal(
      world.github.requests.filter(r => r.method === 'PUT' && r.path.endsWith(`/actions/secrets/${SECRET}`)).length,
      0,
      'no secret was written'
    )
    for (const target of ['octo-org/app', 'octo-org/site']) assert.equal(world.github.secret(target, SECRET)?.value, world.oldToken)
    const minted = world.validTokens().filter(token => token !== world.oldToken)
    assert.deepEqual(minted, [], 'the new token is dead')
    assert.ok(!world.github.secret('octo-org/app', RECORD), 'the record is back as it was (none)')
  })

  it('met by the verification, and the new token cannot be revoked: nothing stored, the new token kept in the record', async () => {
    world.graph.injectFault({ path: '/debug_token', params: { input_token: world.oldToken }, skip: 1, body: DEAD })
    world.graph.injectFault({ path: '/oauth/revoke', status: 400, error: { code: 100, message: 'Invalid parameter', isTransient: false } })
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/site' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['failure-step'], 'verify the new token')
    assert.match(run.errors[0], /the old token was revoked meanwhile/i)
    assert.match(run.errors[0], new RegExp(`stays in the previous-token record ${RECORD}`))
    for (const target of ['octo-org/app', 'octo-org/site']) assert.equal(world.github.secret(target, SECRET)?.value, world.oldToken)
    const minted = world.validTokens().filter(token => token !== world.oldToken)
    assert.equal(minted.length, 1, 'the new token could not be revoked')
    assert.ok(world.github.secret('octo-org/app', RECORD)?.value.includes(minted[0]), 'and is in the record')
  })

  it('met by a rollback: the dead old token is restored nowhere, the new one stays where it landed and in the record', async () => {
    // Alive at the inspection and beside the verification, dead when the rollback asks.
    world.graph.injectFault({ path: '/debug_token', params: { input_token: world.oldToken }, skip: 2, body: DEAD })
    world.github.injectFault({
      method: 'PUT',
      path: `/repos/octo-org/site/actions/secrets/${SECRET}`,
      status: 404,
      body: { message: 'Not Found' },
    })
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/site' })
    assert.equal(run.code, 1, describeRun(run))
    const newToken = run.outputs.token
    assert.match(run.errors[0], /octo-org\/site/)
    assert.match(run.errors[0], /the old token was revoked meanwhile/)
    assert.doesNotMatch(run.errors[0], /still works everywhere/)
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, newToken, 'octo-org/app keeps the new token')
    assert.equal(world.graph.isValid(newToken), true, 'the new token stays valid')
    assert.ok(world.github.secret('octo-org/app', RECORD)?.value.includes(newToken), 'and in the record')
    const puts = world.github.requests.filter(r => r.method === 'PUT' && r.path === `/repos/octo-org/app/actions/secrets/${SECRET}`)
    assert.equal(puts.length, 1, 'no restore of the old token was written')
  })
})
