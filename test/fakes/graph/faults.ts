/** Injected faults: which call a fault answers, and the answer it gives. */
import { errorReply, GraphFailure, statusFor } from './errors.ts'
import type { GraphFault, Reply } from './types.ts'

/** Whether a fault is for this call: its exact path without the version, its method and parameters if given. */
export function matchesCall(method: string, path: string, params: Record<string, string>): (fault: GraphFault) => boolean {
  return fault =>
    fault.path === path &&
    (fault.method === undefined || fault.method.toUpperCase() === method) &&
    Object.entries(fault.params ?? {}).every(([name, value]) => params[name] === value)
}

const FAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  2: '(#2) Service temporarily unavailable',
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  190: 'Invalid OAuth access token - Cannot parse access token',
  200: '(#200) Permissions error',
  613: '(#613) Calls to this api have exceeded the rate limit.',
}

/** A fault with only headers adds them to the real answer. */
export function onlyHeaders(fault: GraphFault): boolean {
  return !fault.hang && !fault.reset && fault.status === undefined && fault.body === undefined && fault.error === undefined
}

export function faultReply(fault: GraphFault, traceId: string): Reply {
  if (fault.body !== undefined) return { status: fault.status ?? statusOfBody(fault.body), body: fault.body, headers: fault.headers }
  if (fault.error) return { ...errorReply(faultFailure(fault.error, fault.status), traceId), headers: fault.headers }
  return { status: fault.status ?? 200, body: '', headers: fault.headers }
}

function faultFailure(error: NonNullable<GraphFault['error']>, status: number | undefined): GraphFailure {
  const message = error.message ?? FAULT_MESSAGES[error.code] ?? `(#${error.code}) Injected fake error`
  return new GraphFailure(error.code, message, { subcode: error.subcode, type: error.type, isTransient: error.isTransient, status })
}

/** A custom body shaped like an error envelope gets the status its code would have. */
function statusOfBody(body: unknown): number {
  const error = (body as { error?: { code?: unknown; is_transient?: unknown } } | null)?.error
  if (!error || typeof error.code !== 'number') return 200
  return statusFor(error.code, error.is_transient === true)
}
