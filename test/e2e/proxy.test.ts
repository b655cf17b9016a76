/**
 * The runner's proxy variables, from the process environment to undici's proxy agent: through
 * the bundle, as the runner runs it (the lazily loaded undici chunk included).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type ForwardProxy, startForwardProxy } from '../helpers/forward-proxy.ts'
import { describeRun, World } from '../helpers/world.ts'

describe('behind an HTTP proxy', () => {
  let world: World
  let proxy: ForwardProxy
  before(async () => {
    world = await World.start()
    proxy = await startForwardProxy()
  })
  after(async () => {
    await proxy.close()
    await world.close()
  })

  it('sends the Graph calls through the proxy the runner configures', async () => {
    const run = await world.runBundle({ operation: 'check', 'secret-name': '' }, { HTTP_PROXY: proxy.url })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(proxy.seen, ['GET /v27.0/debug_token'])
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('sends the GitHub calls through it too, and still stores a secret that decrypts', async () => {
    proxy.seen.length = 0
    const graphBefore = world.graph.requests.length
    const run = await world.runBundle({ operation: 'rotate', 'secret-targets': 'octo-org/site' }, { HTTP_PROXY: proxy.url })
    assert.equal(run.code, 0, describeRun(run))
    const graphCalls = world.graph.requests.slice(graphBefore).map(r => `${r.method} /v27.0${r.path}`)
    assert.deepEqual(
      proxy.seen.filter(call => call.startsWith('GET /v27.0/') || call.startsWith('POST /v27.0/')),
      graphCalls
    )
    const repoCalls = proxy.seen.filter(call => call.includes('/repos/'))
    // The preflight reads the key beside the record's metadata, in either order.
    assert.deepEqual(repoCalls.slice(0, 2).sort(), [
      'GET /repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN_PREVIOUS',
      'GET /repos/octo-org/site/actions/secrets/public-key',
    ])
    assert.deepEqual(repoCalls.slice(2), [
      'PUT /repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN_PREVIOUS',
      'PUT /repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN',
      'DELETE /repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN_PREVIOUS',
    ])
    assert.equal(world.github.secret('octo-org/site', 'META_ACCESS_TOKEN')?.value, run.outputs.token)
  })
})
