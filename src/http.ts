import type { IncomingHttpHeaders } from 'node:http'

/** What the Graph and GitHub clients send: one request, never redirected by the transport. */
export interface HttpRequest {
  method: string
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

/** The part of a fetch Response the clients read (so a real fetch can stand in, in tests). */
export interface HttpResponse {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

export type Fetch = (url: string, request: HttpRequest) => Promise<HttpResponse>

export const USER_AGENT = 'meta-token-keeper'

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/**
 * The HTTP client of every Graph and GitHub call: node:http(s) directly, or, when the runner is
 * configured for a proxy, undici's fetch through an EnvHttpProxyAgent (which also honours
 * NO_PROXY). Node's own fetch is not used: its first call costs ~30 ms of start-up (it compiles
 * Node's internal undici), node:http ~8 ms, and a rotation is a short chain of round trips.
 */
export async function createFetch(env: NodeJS.ProcessEnv): Promise<Fetch> {
  if (!PROXY_VARIABLES.some(name => env[name])) return nodeFetch
  const { EnvHttpProxyAgent, fetch } = await import('undici')
  const dispatcher = new EnvHttpProxyAgent()
  return (url, request) => fetch(url, { ...request, redirect: 'manual', dispatcher })
}

/**
 * One request over node:http or node:https (loaded on first use: a run against plain-HTTP
 * servers never compiles TLS). The body is read whole before the promise resolves, so the
 * caller's signal bounds the whole exchange. Idle sockets are kept alive by Node's global agent
 * (and unref'd, so they do not hold the process open).
 */
export function nodeFetch(url: string, request: HttpRequest): Promise<HttpResponse> {
  const target = new URL(url)
  const transport = target.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http')
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...request.headers }
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(target, { method: request.method, headers, signal: request.signal }, incoming => {
      const chunks: Buffer[] = []
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
      incoming.on('error', reject)
      incoming.on('close', () => {
        if (!incoming.complete) reject(Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' }))
      })
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: incoming.statusCode ?? 0, headers: headerReader(incoming.headers), text: async () => text })
      })
    })
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

function headerReader(headers: IncomingHttpHeaders): HttpResponse['headers'] {
  return {
    get(name) {
      const value = headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}
