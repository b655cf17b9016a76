import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ForwardProxy {
  url: string
  /** `METHOD /path` of every request it forwarded, in order. */
  seen: string[]
  close: () => Promise<void>
}

/** A plain HTTP forward proxy on 127.0.0.1 (absolute-URL requests to plain-HTTP targets). */
export function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '')
    seen.push(`${req.method} ${target.pathname}`)
    const upstream = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
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
