import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { EnvHttpProxyAgent, request } from 'undici'

/** The part of a fetch request that the Graph and GitHub clients send. */
export interface FetchInit {
  method?: string
  headers?: Record<string, string>
  body?: string | null
  signal?: AbortSignal | null
  redirect?: 'follow' | 'manual' | 'error'
}

/** The part of a fetch Response that the clients (and Octokit) read. */
export interface FetchResponse {
  status: number
  statusText?: string
  url: string
  headers: { get(name: string): string | null; [Symbol.iterator](): IterableIterator<[string, string]> }
  text(): Promise<string>
  /** Octokit reads a body that is neither JSON nor text this way. */
  arrayBuffer?(): Promise<ArrayBuffer>
}

/**
 * A fetch: undici's, Node's own, or a test's. Every Graph and GitHub request of a run goes
 * through the one that `main` is given, so tests can record or disturb them.
 */
export type Fetch = (url: string, init: FetchInit) => Promise<FetchResponse>

export const USER_AGENT = 'meta-token-keeper'

/**
 * One HTTP exchange over undici's request API and one keep-alive dispatcher for the whole run
 * (a rotation is a chain of round trips to two hosts: reused connections save a handshake per
 * call). The dispatcher goes through HTTP(S)_PROXY unless NO_PROXY exempts the host, read from
 * `env` (not process.env, so that tests can run in-process with their own environment).
 *
 * undici's `request` rather than its `fetch`: the first fetch call compiles the WHATWG
 * machinery (Request, Response, Headers, streams), ~30 ms on the critical path of every run,
 * and the clients need none of it. It never follows redirects, which is what both want.
 */
export function createFetch(env: NodeJS.ProcessEnv): Fetch {
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
  })
  return async (url, init) => {
    const answer = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body ?? undefined,
      signal: init.signal ?? undefined,
      dispatcher,
    })
    // Read whole, so that the caller's signal bounds the whole exchange.
    const text = await answer.body.text()
    return {
      status: answer.statusCode,
      url,
      headers: responseHeaders(answer.headers),
      text: async () => text,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer,
    }
  }
}

/** The fetch Headers that the clients (and Octokit) read: get() and iteration, names lower case. */
function responseHeaders(raw: Record<string, string | string[] | undefined>): FetchResponse['headers'] {
  const entries = Object.entries(raw)
    .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    .map(([name, value]): [string, string] => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value])
  const map = new Map(entries)
  return {
    get: name => map.get(name.toLowerCase()) ?? null,
    [Symbol.iterator]: () => map.entries(),
  }
}

const HEADERS_SENT = 'undici:client:sendHeaders'

/**
 * Runs `work` once the next request undici sends is on the wire (or after `fallbackMs`, for a
 * fetch that is not undici's). For main-thread work such as compiling a library: started any
 * earlier, it would hold back the request it is meant to overlap.
 */
export function afterNextRequestSent(work: () => void, fallbackMs = 50): void {
  let done = false
  const once = () => {
    if (done) return
    done = true
    unsubscribe(HEADERS_SENT, once)
    clearTimeout(timer)
    setImmediate(work)
  }
  const timer = setTimeout(once, fallbackMs)
  subscribe(HEADERS_SENT, once)
}

/**
 * Resolves once `count` more requests are on the wire (undici's sendHeaders, counted from this
 * call), or after `fallbackMs` for a fetch that is not undici's. Subscribe before starting them.
 */
export function requestsSent(count: number, fallbackMs = 250): Promise<void> {
  return new Promise(resolve => {
    let seen = 0
    const done = () => {
      unsubscribe(HEADERS_SENT, onSent)
      clearTimeout(timer)
      resolve()
    }
    const onSent = () => {
      if (++seen >= count) done()
    }
    const timer = setTimeout(done, fallbackMs)
    if (count <= 0) done()
    else subscribe(HEADERS_SENT, onSent)
  })
}
