/**
 * Promise 1 (docs/promises.md) for the outputs: a secret that reaches an output other than the
 * masked `token` (here through debug_token's permission names, which the `scopes` output lists)
 * is redacted there, as in the log and the summary. World.run's leak scan checks every output
 * besides the assertions below.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

describe('a secret reaching a non-token output', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
  })
  afterEach(() => world.close())

  const SECRETS: Array<{ what: string; value: (world: World) => string }> = [
    { what: 'the app secret', value: world => world.app.secret },
    { what: 'the admin token', value: world => world.adminToken },
  ]
  for (const { what, value } of SECRETS) {
    it(`is redacted from the scopes output when Meta lists ${what} as a permission`, async () => {
      const scopes = ['ads_management', value(world)]
      const token = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes, expiresInSeconds: 30 * 86_400 })
      world.secrets.push(token)
      const run = await world.run({ operation: 'check', 'access-token': token, 'admin-token': world.adminToken, 'secret-name': '' })
      assert.equal(run.outputs.scopes, 'ads_management,***', describeRun(run))
    })
  }
})
