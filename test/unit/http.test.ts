import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { nodeFetch, USER_AGENT } from '../../src/http.ts'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

describe('nodeFetch (node:http transport of every Graph and GitHub call)', () => {
  let server: Server
  let origin: string
  let handler: Handler = (_req, _body, res) => res.end()

  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.setEncoding('utf8').on('data', chunk => (body += chunk))
      req.on('end', () => handler(req, body, res))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })

  it('sends method, headers, a user agent and the body with its length; returns status, headers and text', async () => {
    let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string } | undefined
    handler = (req, body, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body }
      res.setHeader('x-single', 'one')
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      res.statusCode = 201
      res.end('{"ok":"é"}')
    }
    const response = await nodeFetch(`${origin}/path?q=1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"v":"é"}' })
    assert.equal(seen?.method, 'PUT')
    assert.equal(seen?.url, '/path?q=1')
    assert.equal(seen?.headers['user-agent'], USER_AGENT)
    assert.equal(seen?.headers['content-length'], String(Buffer.byteLength('{"v":"é"}')))
    assert.equal(seen?.body, '{"v":"é"}')
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('X-Single'), 'one')
    assert.equal(response.headers.get('set-cookie'), 'a=1, b=2')
    assert.equal(response.headers.get('x-absent'), null)
    assert.equal(await response.text(), '{"ok":"é"}')
  })

  it('rejects when the signal fires before the answer is complete, and the signal says so', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial')
    }
    const signal = AbortSignal.timeout(50)
    await assert.rejects(nodeFetch(`${origin}/slow`, { method: 'GET', headers: {}, signal }))
    assert.equal(signal.aborted, true)
  })

  it('rejects an answer cut off mid-body instead of returning half of it', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial', () => res.socket?.destroy())
    }
    await assert.rejects(nodeFetch(`${origin}/cut`, { method: 'GET', headers: {} }), (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET')
  })

  it('reports a refused connection with the socket error code (ECONNREFUSED)', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>(resolve => closed.close(() => resolve()))
    await assert.rejects(nodeFetch(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} }), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED')
  })
})
