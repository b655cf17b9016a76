import assert from 'node:assert/strict'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

/** A plain HTTP forward proxy that records the absolute URLs it is asked for. */
function startProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${new URL(req.url ?? '').pathname}`)
    const target = new URL(req.url ?? '')
    const upstream = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise(done => server.close(() => done())),
      })
    )
  )
}

describe('behind an HTTP proxy', () => {
  let world: World
  let proxy: Awaited<ReturnType<typeof startProxy>>
  before(async () => {
    world = await World.start()
    proxy = await startProxy()
  })
  after(async () => {
    await proxy.close()
    await world.close()
  })

  it('sends the Graph calls through the proxy the runner configures', async () => {
    const run = await world.run({ operation: 'check', 'secret-name': '' }, { HTTP_PROXY: proxy.url })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(proxy.seen, ['GET /v26.0/debug_token'])
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })


  it('sends the GitHub calls through it too, and still stores a secret that decrypts', async () => {
    proxy.seen.length = 0
    const graphBefore = world.graph.requests.length
    const run = await world.run({ operation: 'rotate', 'secret-targets': 'octo-org/site' }, { HTTP_PROXY: proxy.url })
    assert.equal(run.code, 0, describeRun(run))
    const graphCalls = world.graph.requests.slice(graphBefore).map(r => `${r.method} /v26.0${r.path}`)
    assert.deepEqual(
      proxy.seen.filter(call => call.startsWith('GET /v26.0/') || call.startsWith('POST /v26.0/')),
      graphCalls
    )
    assert.deepEqual(
      proxy.seen.filter(call => call.includes('/repos/')),
      ['GET /repos/octo-org/site/actions/secrets/public-key', 'PUT /repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN']
    )
    assert.equal(world.github.secret('octo-org/site', 'META_ACCESS_TOKEN')?.value, run.outputs.token)
  })
})
