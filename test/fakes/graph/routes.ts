/** Which handler answers a call, and turning what it returns or throws into Graph's reply. */
import { debugToken } from './debug-token.ts'
import { errorReply, GraphFailure, unsupported } from './errors.ts'
import { exchangeToken, revoke } from './oauth.ts'
import { readObject } from './objects.ts'
import type { GraphState } from './state.ts'
import { generateToken, installApp } from './system-users.ts'
import type { GraphCall, Reply } from './types.ts'

export function handle(state: GraphState, call: GraphCall, traceId: string): Reply {
  try {
    return { status: 200, body: route(state, call) }
  } catch (error) {
    if (error instanceof GraphFailure) return errorReply(error, traceId)
    const message = error instanceof Error ? error.message : String(error)
    return errorReply(new GraphFailure(1, `Fake Graph bug: ${message}`, { isTransient: false, status: 500 }), traceId)
  }
}

function route(state: GraphState, call: GraphCall): unknown {
  const { method, path } = call
  if (path === '/oauth/access_token' && (method === 'GET' || method === 'POST')) return exchangeToken(state, call.params)
  if (path === '/oauth/revoke' && method === 'GET') return revoke(state, call.params)
  if (path === '/debug_token' && method === 'GET') return debugToken(state, call.params)
  const edge = /^\/([^/]+)\/(access_tokens|applications)$/.exec(path)
  if (edge && method === 'POST') {
    return edge[2] === 'access_tokens' ? generateToken(state, edge[1], call.params) : installApp(state, edge[1], call.params)
  }
  const node = /^\/((?:act_)?\d+)$/.exec(path)
  if (node && method === 'GET') return readObject(state, node[1], call.params)
  throw unsupported(method, path.split('/')[1] || path)
}
