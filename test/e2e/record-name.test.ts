/**
 * `previous-secret-name` never overwrites (or deletes) a secret that is not a record of this
 * app's tokens (issue 27, item 4). The record begins with a comment line naming itself; an
 * existing secret whose passed value lacks it and holds no token of this app is refused before
 * anything is changed. A record written before the header existed (tokens of this app) passes.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

const FIRST = 'octo-org/app'

describe('previous-secret-name: only a record of this app is overwritten', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    world.github.putSecret(FIRST, 'META_ACCESS_TOKEN', world.oldToken)
    world.github.putSecret(FIRST, 'META_APP_SECRET', world.app.secret)
  })
  afterEach(() => world.close())

  for (const operation of ['rotate', 'retire']) {
    it(`${operation}: an unrelated secret passed as the record is refused, before any change`, async () => {
      const run = await world.run({
        operation,
        'secret-targets': FIRST,
        'previous-secret-name': 'META_APP_SECRET',
        'previous-token': world.app.secret,
      })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /`previous-secret-name`/)
      assert.match(run.errors[0], /META_APP_SECRET exists in octo-org\/app but is not a previous-token record/)
      assert.equal(world.github.secret(FIRST, 'META_APP_SECRET')?.value, world.app.secret, 'left as it was')
      assert.deepEqual(world.validTokens(), [world.oldToken], 'no token minted')
      assert.equal(world.github.secret(FIRST, 'META_ACCESS_TOKEN')?.value, world.oldToken)
      assert.ok(!world.graphCalls().includes('GET /oauth/access_token'))
    })
  }

  it('the record written names itself on its first line, and the next rotation passing it rotates', async () => {
    const first = await world.run({ 'secret-targets': FIRST, 'revoke-old': 'deferred' })
    assert.equal(first.code, 0, describeRun(first))
    const record = world.github.secret(FIRST, 'META_ACCESS_TOKEN_PREVIOUS')?.value ?? ''
    assert.equal(record.split('\n')[0], '# meta-token-keeper previous-token record: META_ACCESS_TOKEN_PREVIOUS (one token a line)')
    const second = await world.run({
      'secret-targets': FIRST,
      'access-token': first.outputs.token,
      'previous-token': record,
      'renew-before-days': '60',
    })
    assert.equal(second.code, 0, describeRun(second))
    assert.equal(second.outputs.rotated, 'true')
  })

  it('a record from before the header (tokens of this app, no comment line) is still read and rewritten', async () => {
    const earlier = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
    world.secrets.push(earlier)
    world.github.putSecret(FIRST, 'META_ACCESS_TOKEN_PREVIOUS', earlier)
    const run = await world.run({ 'secret-targets': FIRST, 'previous-token': earlier })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.isValid(earlier), false, 'its token was revoked')
  })
})
