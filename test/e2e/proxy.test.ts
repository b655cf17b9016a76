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
})
