/**
 * The words of transport failures, end to end: a status is said once, and a request that got
 * no answer does not claim GitHub answered (with status 0).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

const PUBLIC_KEY = '/repos/octo-org/app/actions/secrets/public-key'

describe('failure messages', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  it('a redirect from Meta, not followed, names its status once', async () => {
    world.graph.injectFault({ path: '/debug_token', status: 302, body: '', headers: { location: 'https://elsewhere.example/' } })
    const run = await world.run({ operation: 'check' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /^Meta debug_token: unexpected answer \(HTTP 302\)/)
    assert.equal(run.errors[0].split('HTTP 302').length, 2, `HTTP 302 once: ${run.errors[0]}`)
  })

  it('a GitHub 502 without a message names its status once, in the retry line and in the error', async () => {
    world.github.injectFault({ path: PUBLIC_KEY, status: 502, body: '<html>Bad Gateway</html>', times: 2 })
    const run = await world.run({}, { META_TOKEN_KEEPER_MAX_ATTEMPTS: '2' })
    assert.equal(run.code, 1, describeRun(run))
    const retry = run.lines.find(line => line.includes('retrying'))
    assert.equal(retry?.split('502').length, 2, `502 once in the retry line: ${retry}`)
    assert.match(run.errors[0], /octo-org\/app: GitHub answered 502 when we tried to read its secrets public key: unexpected answer\./)
    assert.equal(run.errors[0].split('502').length, 2, `502 once in the error: ${run.errors[0]}`)
  })

  it('a GitHub request with no answer in time says so, not that GitHub answered 0', async () => {
    world.github.injectFault({ path: PUBLIC_KEY, hang: true })
    const run = await world.run({ 'request-timeout-seconds': '0.2' }, { META_TOKEN_KEEPER_MAX_ATTEMPTS: '1' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(
      run.errors[0],
      /octo-org\/app: no answer from GitHub \(no answer within 0\.2 s\) when we tried to read its secrets public key/
    )
    assert.doesNotMatch(run.errors[0], /answered 0/)
  })
})
