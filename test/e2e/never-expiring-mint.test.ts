/**
 * A non-expiring mint is never retried (ACTION.md "Details settled"): `generate` with
 * `expiring: false` asks Meta once. A lost answer may have left a token that never expires, so
 * the run fails and says where to look for it; a 60-day mint is still retried (transient-failures).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GraphFault } from '../fakes/graph-server.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const TARGET = 'octo-org/app'
const LIMIT = { timeout: 15_000 }

describe('generate with expiring: false is never retried', () => {
  let world: World
  let mintPath: string
  beforeEach(async () => {
    world = await World.start()
    mintPath = `/${world.systemUserId}/access_tokens`
  })
  afterEach(() => world.close())

  function generate(extra: Record<string, string> = {}) {
    return world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_read',
      expiring: 'false',
      'secret-targets': TARGET,
      ...extra,
    })
  }

  /** Never-expiring tokens of the system user that Meta holds. */
  function neverExpiring(): string[] {
    return world.graph
      .validTokens(world.app.id)
      .filter(t => t.userId === world.systemUserId && t.expiresAt === 0)
      .map(t => t.value)
  }

  const lost: Array<{ title: string; fault: Omit<GraphFault, 'path'>; inputs?: Record<string, string> }> = [
    { title: 'the connection is lost after Meta minted', fault: { afterHandling: true, reset: true } },
    {
      title: 'no answer in time after Meta minted',
      fault: { afterHandling: true, hang: true },
      inputs: { 'request-timeout-seconds': '0.3' },
    },
    {
      title: 'HTTP 502 without a Graph body after Meta minted',
      fault: { afterHandling: true, status: 502, body: '<html>502 Bad Gateway</html>' },
    },
    { title: 'code 2 with HTTP 500 after Meta minted', fault: { afterHandling: true, status: 500, error: { code: 2, isTransient: true } } },
  ]
  for (const { title, fault, inputs } of lost) {
    it(`${title}: fails at once and says to look for a stray token in Business settings`, LIMIT, async () => {
      world.graph.injectFault({ path: mintPath, method: 'POST', ...fault })
      const run = await generate(inputs)
      assert.equal(run.code, 1, describeRun(run))
      assert.equal(world.graph.requests.filter(r => r.path === mintPath).length, 1, 'asked once, never again')
      assert.equal(neverExpiring().length, 1, 'Meta did mint one token, which nobody received')
      assert.equal(run.errors.length, 1)
      assert.match(run.errors[0], /never-expiring/)
      assert.match(run.errors[0], /not retried/)
      assert.match(run.errors[0], /Business settings → Users → System users/)
      assert.match(run.errors[0], new RegExp(world.systemUserId))
      assert.equal('token' in run.outputs, false, 'no token output')
      assert.ok(!world.githubCalls().some(call => call.startsWith('PUT')), 'nothing written')
      assert.match(run.summary, /Step: \*\*generate the token\*\*/)
      assert.doesNotMatch(run.summary, /retried after/, 'no retry is reported')
    })
  }

  it('a rate limit (a definite refusal) is not retried either, and needs no search for a stray token', LIMIT, async () => {
    world.graph.injectFault({ path: mintPath, method: 'POST', status: 403, error: { code: 4 } })
    const run = await generate()
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(world.graph.requests.filter(r => r.path === mintPath).length, 1)
    assert.equal(neverExpiring().length, 0)
    assert.match(run.errors[0], /run again later/i)
    assert.doesNotMatch(run.errors[0], /stray/)
  })

  it('a 60-day mint whose answer is lost is still retried', LIMIT, async () => {
    world.graph.injectFault({ path: mintPath, method: 'POST', afterHandling: true, reset: true })
    const run = await generate({ expiring: 'true' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.requests.filter(r => r.path === mintPath).length, 2)
    assert.equal(world.github.secret(TARGET, SECRET)?.value, run.outputs.token)
  })
})

describe('a business that requires expiring tokens', () => {
  let world: World
  beforeEach(async () => (world = await World.start({ graph: { businessRequiresExpiringTokens: true } })))
  afterEach(() => world.close())

  it('refuses a never-expiring generate; the advice says expiring: true', async () => {
    const run = await world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_read',
      expiring: 'false',
      'secret-name': '',
    })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /requires expiring/, "Meta's message")
    assert.match(run.errors[0], /What to do: .*`expiring: true`/)
    assert.equal(world.graph.requests.filter(r => r.path.endsWith('/access_tokens')).length, 1)
  })
})
