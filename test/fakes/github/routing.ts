/** Route matching: 'GET /repos/:owner/:repo' style patterns against the decoded path segments. */
import { DOCS, notFound, SECRETS_DOCS } from './errors.ts'
import type { Reply } from './errors.ts'
import { safeDecode } from './http.ts'
import type { Token } from './state.ts'

export interface Ctx {
  method: string
  params: Record<string, string>
  query: Record<string, string>
  rawBody: string
  token: Token
  /** documentation_url for errors of this endpoint. */
  doc: string
}

export type Handler = (ctx: Ctx) => Reply

export interface Route {
  method: string
  parts: string[]
  doc: string
  handler: Handler
}

/** A route; `anchor` is either a full documentation URL or an anchor on the secrets page. */
export function route(method: string, path: string, anchor: string, handler: Handler): Route {
  const doc = anchor.startsWith('https://') ? anchor : `${SECRETS_DOCS}#${anchor}`
  return { method, parts: path.split('/').slice(1), doc, handler }
}

export function findRoute(routes: readonly Route[], method: string, rawPath: string): { route: Route; params: Record<string, string> } {
  const segments = rawPath.split('/').slice(1).map(safeDecode)
  if (!rawPath.startsWith('/') || segments.some(s => s === undefined)) throw notFound(DOCS)
  for (const candidate of routes) {
    const params = matchRoute(candidate, method, segments as string[])
    if (params) return { route: candidate, params }
  }
  throw notFound(DOCS)
}

function matchRoute(route: Route, method: string, segments: string[]): Record<string, string> | undefined {
  if (route.method !== method || route.parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of route.parts.entries()) {
    const segment = segments[i]
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return params
}
