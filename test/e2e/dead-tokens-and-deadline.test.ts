import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

describe('a dead token at refresh (code 190) is not retried and says what to do', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
  })
  afterEach(() => world.close())

  const cases: Array<{ subcode: number; message: string; advice: RegExp }> = [
    {
      subcode: 458,
      message: 'Error validating access token: The user has not authorized application 1234.',
      advice: /operation: install-app/,
    },
    {
      subcode: 460,
      message: 'Error validating access token: The session has been invalidated because the user changed their password.',
      advice: /invalidated.*operation: generate/,
    },
    {
      subcode: 463,
      message: 'Error validating access token: Session has expired on Sunday, 25-Dec-16 04:45:57 PST.',
      advice: /expired.*operation: generate/,
    },
    { subcode: 467, message: 'Error validating access token: The session is invalid.', advice: /operation: generate/ },
  ]
  for (const { subcode, message, advice } of cases) {
    it(`subcode ${subcode}`, async () => {
      world.graph.injectFault({ path: '/oauth/access_token', error: { code: 190, subcode, message } })
      const run = await world.run({ 'secret-targets': 'octo-org/app' })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], new RegExp(`code 190, subcode ${subcode}`))
      assert.match(run.errors[0], advice)
      assert.equal(world.graph.requests.filter(r => r.path === '/oauth/access_token').length, 1, 'not retried')
      assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, world.oldToken, 'nothing written')
      assert.match(run.summary, /Step: \*\*refresh the token\*\*/)
    })
  }
})

describe('the run deadline', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  it('ends a run whose requests never answer at the deadline, not at the request timeout', async () => {
    world.graph.injectFault({ path: '/debug_token', hang: true, times: 100 })
    const started = Date.now()
    const run = await world.run({ operation: 'check', 'request-timeout-seconds': '30' }, { META_TOKEN_KEEPER_DEADLINE_SECONDS: '1.5' })
    const elapsed = Date.now() - started
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /debug_token: no answer within/)
    assert.ok(elapsed < 6000, `the run took ${elapsed} ms`)
  })

  it('never starts a backoff wait that would cross the deadline', async () => {
    world.graph.injectFault({ path: '/debug_token', status: 500, error: { code: 2, isTransient: true }, times: 100 })
    const started = Date.now()
    const run = await world.run(
      { operation: 'check' },
      {
        META_TOKEN_KEEPER_DEADLINE_SECONDS: '1',
        META_TOKEN_KEEPER_RETRY_BASE_MS: '5000',
        META_TOKEN_KEEPER_RETRY_MAX_MS: '5000',
        META_TOKEN_KEEPER_MAX_ATTEMPTS: '10',
      }
    )
    const elapsed = Date.now() - started
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Service temporarily unavailable|code 2/)
    assert.ok(elapsed < 4000, `the run took ${elapsed} ms`)
  })
})
