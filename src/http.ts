export type Fetch = (url: string, init: RequestInit) => Promise<Response>

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/**
 * The HTTP client of the Graph calls: Node's built-in fetch (undici, compiled into Node, so it
 * costs the bundle nothing), or, when the runner is configured for a proxy, undici's fetch
 * through an EnvHttpProxyAgent (which also honours NO_PROXY).
 */
export async function createFetch(env: NodeJS.ProcessEnv): Promise<Fetch> {
  if (!PROXY_VARIABLES.some(name => env[name])) return (url, init) => globalThis.fetch(url, init)
  const { EnvHttpProxyAgent, fetch } = await import('undici')
  const dispatcher = new EnvHttpProxyAgent()
  return (url, init) => fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>
}
