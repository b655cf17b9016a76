/** GET /{id}: reading a node (an ad account, pixel, page, …) as a token. */
import { authenticate } from './auth.ts'
import { GraphFailure, unsupported } from './errors.ts'
import type { GraphState } from './state.ts'

/**
 * Answers `{"id": …}` (the fields asked for are ignored beyond `id`) when the token may load the
 * object; otherwise Graph's 100/33 "Unsupported get request. Object with ID '…' does not exist,
 * cannot be loaded due to missing permissions, or does not support this operation" — the same
 * answer for an object that does not exist and one the token cannot reach (graph-api.md §4.2).
 */
export function readObject(state: GraphState, id: string, params: Record<string, string>): unknown {
  const caller = authenticate(state, params, { allowAppToken: true })
  if (caller.kind === 'token' && state.systemUsers.has(id)) {
    if (state.options.systemUserNodes === 'refused')
      throw new GraphFailure(10, '(#10) Application does not have permission for this action')
    return { id }
  }
  if (caller.kind !== 'token' || !state.canReach(caller.token, id)) throw unsupported('GET', id)
  return { id }
}
