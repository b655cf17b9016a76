/**
 * Promise 1 (docs/promises.md) for the outputs: a secret that reaches an output other than the
 * masked `token` (here through debug_token's `type`, which the `token-type` output shows as Meta
 * sent it) is redacted there, as in the log and the summary. World.run's leak scan checks every
 * output besides the assertions below. (Permission names can no longer carry one: `scopes` keeps
 * only names of Meta's form, graph/token-info.ts.)
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

describe('a secret reaching a non-token output', () => {
  let world: World
  /** What debug_token says the token's type is; undefined: the fake's own answer. */
  let typeAnswer: string | undefined
  beforeEach(async () => {
    typeAnswer = undefined
    world = await World.start({ graph: { reshapeDebugToken: data => (typeAnswer === undefined ? data : { ...data, type: typeAnswer }) } })
  })
  afterEach(() => world.close())

  const SECRETS: Array<{ what: string; value: (world: World) => string }> = [
    { what: 'the app secret', value: world => world.app.secret },
    { what: 'the admin token', value: world => world.adminToken },
  ]
  for (const { what, value } of SECRETS) {
    it(`is redacted from the token-type output when Meta answers ${what} as the type`, async () => {
      typeAnswer = `SYSTEM_USER ${value(world)}`
      const run = await world.run({ operation: 'check', 'admin-token': world.adminToken, 'secret-name': '' })
      assert.equal(run.outputs['token-type'], 'SYSTEM_USER ***', describeRun(run))
    })
  }
})
