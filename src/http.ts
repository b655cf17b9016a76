import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici'

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
}

/**
 * A fetch: undici's, Node's own, or a test's. Every Graph and GitHub request of a run goes
 * through the one that `main` is given, so tests can record or disturb them.
 */
export type Fetch = (url: string, init: FetchInit) => Promise<FetchResponse>

export const USER_AGENT = 'meta-token-keeper'

/**
 * undici's fetch over one keep-alive dispatcher for the whole run (a rotation is a chain of
 * round trips to two hosts: reused connections save a TLS handshake per call). The dispatcher
 * goes through HTTP(S)_PROXY unless NO_PROXY exempts the host, read from `env` (not from
 * process.env, so that tests can run in-process with their own environment).
 */
export function createFetch(env: NodeJS.ProcessEnv): Fetch {
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
  })
  return (url, init) => undiciFetch(url, { ...init, dispatcher }) as Promise<FetchResponse>
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
