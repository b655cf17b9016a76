/**
 * What the new token really is decides (issue 27, item 9): `rotate` and `refresh` refuse, and
 * revoke, a new token of another system user than the old token's (`user_id`); `generate` words
 * its result and warnings from the token's real `expires_at`, not from the `expiring` input.
 */
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

type Data = Record<string, unknown>
const TARGET = 'octo-org/app'

let world: World | undefined
afterEach(() => world?.close())

/** `change` rewrites debug_token's answer for every token but the old and the admin one. */
async function start(change: (data: Data) => Data): Promise<World> {
  const w = await World.start({
    daysLeft: 10,
    graph: { reshapeDebugToken: (data, input) => (input === w.oldToken || input === w.adminToken ? data : change(data)) },
  })
  world = w
  w.github.putSecret(TARGET, 'META_ACCESS_TOKEN', w.oldToken)
  return w
}

describe('rotate and refresh: a new token of another system user is refused and revoked', () => {
  for (const operation of ['rotate', 'refresh']) {
    it(operation, async () => {
      const w = await start(data => ({ ...data, user_id: '777000777' }))
      const run = await w.run({ operation, 'secret-targets': TARGET })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /belongs to system user 777000777, not to .* the old token's/)
      assert.equal(w.github.secret(TARGET, 'META_ACCESS_TOKEN')?.value, w.oldToken, 'the old token stays')
      assert.equal(w.graph.isValid(w.oldToken), true, 'and works')
      assert.deepEqual(w.validTokens(), [w.oldToken], 'the new token was revoked')
    })
  }
})

describe("generate words its result from the token's expires_at", () => {
  const CASES: Array<[string, string, (data: Data) => Data, RegExp, RegExp | undefined]> = [
    [
      'asked never-expiring, got an expiring token',
      'false',
      data => ({ ...data, expires_at: Math.floor(Date.now() / 1000) + 60 * 86_400 }),
      /^Generated a token that expires at \S+ \(in 59 days\)/m,
      /Meta returned a token that expires .* although `expiring: false` asked for one that never expires/,
    ],
    [
      'asked expiring, got a never-expiring token',
      'true',
      data => ({ ...data, expires_at: 0 }),
      /^Generated a never-expiring token/m,
      /This token never expires/,
    ],
  ]
  for (const [title, expiring, change, result, warning] of CASES) {
    it(title, async () => {
      const w = await start(change)
      const run = await w.run({
        operation: 'generate',
        'access-token': w.adminToken,
        'system-user-id': w.systemUserId,
        scope: 'ads_read',
        expiring,
        'secret-targets': TARGET,
      })
      assert.equal(run.code, 0, describeRun(run))
      assert.match(run.summary, result)
      if (warning)
        assert.ok(
          run.warnings.some(text => warning.test(text)),
          run.warnings.join('\n')
        )
      assert.equal(run.outputs['expires-at'] === 'never', expiring === 'true')
    })
  }
})
