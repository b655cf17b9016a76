import type { IncomingMessage, Server, ServerResponse } from 'node:http'

/** One request as a fake with a latency saw it (performance.now() times). */
export interface TimedRequest {
  method: string
  path: string
  receivedAt: number
  answeredAt: number
}

/** The latency a fake holds its answers back by; `ms` may change between runs (0: none). */
export interface AnswerDelay {
  ms: number
  /** Every answered request, in the order answered. */
  readonly log: TimedRequest[]
}

/**
 * Holds every answer of `server` back until `delay.ms` after its request arrived: one simulated
 * round trip per request, counted from arrival, the way a real server's latency runs while it
 * works. Unlike test/helpers/latency-proxy.ts there is no second hop, and the fake's own work
 * (on the benchmark's one thread, a hundred requests at once) is not added to the latency.
 * Listens first, so the fake's handler finds `res.end` already wrapped (the fakes answer with
 * `end`, which sends the head too).
 */
export function delayAnswers(server: Server, delay: AnswerDelay): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = performance.now()
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.end = ((...args: unknown[]) => {
      const wait = receivedAt + delay.ms - performance.now()
      if (wait > 0) setTimeout(() => end(...args), wait)
      else end(...args)
      return res
    }) as ServerResponse['end']
    res.on('finish', () => delay.log.push({ method: req.method ?? '', path: req.url ?? '', receivedAt, answeredAt: performance.now() }))
  })
}
