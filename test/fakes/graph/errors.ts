/** Graph's errors: the `{"error":{…}}` envelope, its HTTP status and which codes are transient. */
import type { Reply } from './types.ts'

/** A Graph error a handler throws; turned into the `{"error":{…}}` envelope. */
export class GraphFailure extends Error {
  readonly code: number
  readonly subcode: number | undefined
  readonly type: string
  readonly isTransient: boolean | undefined
  readonly status: number | undefined

  constructor(code: number, message: string, extra: { subcode?: number; type?: string; isTransient?: boolean; status?: number } = {}) {
    super(message)
    this.code = code
    this.subcode = extra.subcode
    this.type = extra.type ?? 'OAuthException'
    this.isTransient = extra.isTransient
    this.status = extra.status
  }
}

function methodFailure(code: number, message: string, subcode?: number): GraphFailure {
  return new GraphFailure(code, message, { type: 'GraphMethodException', subcode })
}

export function unsupported(method: string, objectId: string): GraphFailure {
  return methodFailure(
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    33
  )
}

export const invalidSecret = (): GraphFailure => new GraphFailure(1, 'Error validating client secret.', { isTransient: false })
export const missingProof = (): GraphFailure => methodFailure(100, 'API calls from the server require an appsecret_proof argument')
export const wrongProof = (): GraphFailure => methodFailure(100, 'Invalid appsecret_proof provided in the API argument')
export const cannotParse = (): GraphFailure => new GraphFailure(190, 'Invalid OAuth access token - Cannot parse access token')

/** Codes Graph marks `is_transient` (1 and 2 unless said otherwise). */
function transientByDefault(code: number): boolean {
  return [1, 2, 4, 17, 32, 613].includes(code) || (code >= 80000 && code <= 80014)
}

export function statusFor(code: number, transient: boolean): number {
  if ((code === 1 || code === 2) && transient) return 500
  if (code === 4 || code === 10 || (code >= 200 && code <= 299)) return 403
  return 400
}

export function errorReply(failure: GraphFailure, traceId: string): Reply {
  const transient = failure.isTransient ?? transientByDefault(failure.code)
  const error: Record<string, unknown> = { message: failure.message, type: failure.type, code: failure.code }
  if (failure.subcode !== undefined) error.error_subcode = failure.subcode
  if (transient) error.is_transient = true
  error.fbtrace_id = traceId
  return { status: failure.status ?? statusFor(failure.code, transient), body: { error } }
}
