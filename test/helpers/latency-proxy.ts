import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP proxy on 127.0.0.1 that forwards every request to `target` and holds each answer
 * back for `latencyMs`, so one request costs one simulated round trip. The fakes stay as
 * they are; the benchmark points the action at the proxies.
 */
export interface ProxiedRequest {
  method: string
  path: string
  /** performance.now() when the request arrived and when its answer was sent. */
  receivedAt: number
  answeredAt: number
}

export class LatencyProxy {
  readonly server: Server
  latencyMs: number
  /** Every request, in the order answered (for BENCH_TRACE's timeline). */
  readonly log: ProxiedRequest[] = []

  private constructor(server: Server, latencyMs: number) {
    this.server = server
    this.latencyMs = latencyMs
  }

  static async start(target: string, latencyMs: number): Promise<LatencyProxy> {
    const upstream = new URL(target)
    let proxy: LatencyProxy | undefined
    const server = createServer((req, res) => {
      const receivedAt = performance.now()
      res.on('finish', () => proxy?.log.push({ method: req.method ?? '', path: req.url ?? '', receivedAt, answeredAt: performance.now() }))
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        answer => {
          const chunks: Buffer[] = []
          answer.on('data', chunk => chunks.push(chunk))
          answer.on('end', () => {
            setTimeout(() => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              res.end(Buffer.concat(chunks))
            }, proxy?.latencyMs ?? 0)
          })
        }
      )
      forward.on('error', () => res.destroy())
      req.pipe(forward)
    })
    server.keepAliveTimeout = 5000
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    proxy = new LatencyProxy(server, latencyMs)
    return proxy
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise(resolve => this.server.close(() => resolve()))
  }
}
