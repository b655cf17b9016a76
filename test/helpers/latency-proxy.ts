import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ProxiedRequest {
  method: string
  path: string
  /** performance.now() when the request arrived and when its answer was sent. */
  receivedAt: number
  answeredAt: number
}

export interface LatencyProxyOptions {
  /** How long every answer is held back: one simulated round trip. */
  latencyMs: number
  /**
   * Instead of a fixed latency, hold every answer until no new request has arrived for this
   * long, then send all held answers together. Requests a client has in flight at once then
   * always overlap in the log, however slow the machine (for concurrency tests).
   */
  answerWhenQuietMs?: number
}

/**
 * An HTTP proxy on 127.0.0.1 that forwards every request to `target` and holds each answer
 * back, so one request costs one simulated round trip. The fakes stay as they are; the
 * benchmark and the concurrency tests point the action at the proxies.
 */
export class LatencyProxy {
  readonly server: Server
  readonly options: LatencyProxyOptions
  /** Every request, in the order answered (for BENCH_TRACE's timeline). */
  readonly log: ProxiedRequest[] = []
  private held: Array<() => void> = []
  private quietTimer: NodeJS.Timeout | undefined

  private constructor(server: Server, options: LatencyProxyOptions) {
    this.server = server
    this.options = options
  }

  static async start(target: string, options: LatencyProxyOptions): Promise<LatencyProxy> {
    const upstream = new URL(target)
    const server = createServer((req, res) => {
      const receivedAt = performance.now()
      proxy.restartQuietTimer()
      res.on('finish', () => proxy.log.push({ method: req.method ?? '', path: req.url ?? '', receivedAt, answeredAt: performance.now() }))
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        answer => {
          const chunks: Buffer[] = []
          answer.on('data', chunk => chunks.push(chunk))
          answer.on('end', () =>
            proxy.hold(() => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              res.end(Buffer.concat(chunks))
            })
          )
        }
      )
      forward.on('error', () => res.destroy())
      req.pipe(forward)
    })
    server.keepAliveTimeout = 5000
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    // Requests arrive only after listen(), when `proxy` is set.
    const proxy = new LatencyProxy(server, options)
    return proxy
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  close(): Promise<void> {
    clearTimeout(this.quietTimer)
    this.server.closeAllConnections()
    return new Promise(resolve => this.server.close(() => resolve()))
  }

  private hold(answer: () => void): void {
    if (this.options.answerWhenQuietMs === undefined) {
      setTimeout(answer, this.options.latencyMs)
      return
    }
    this.held.push(answer)
    this.quietTimer ??= this.startQuietTimer()
  }

  private restartQuietTimer(): void {
    if (this.options.answerWhenQuietMs === undefined) return
    clearTimeout(this.quietTimer)
    this.quietTimer = this.startQuietTimer()
  }

  private startQuietTimer(): NodeJS.Timeout {
    return setTimeout(() => {
      this.quietTimer = undefined
      for (const answer of this.held.splice(0)) answer()
    }, this.options.answerWhenQuietMs)
  }
}
