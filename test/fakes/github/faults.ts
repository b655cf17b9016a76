/** Injected faults: which request a fault answers, and the answer it gives. */
import { STATUS_CODES } from 'node:http'
import { DOCS, errorBody } from './errors.ts'
import type { Reply } from './errors.ts'
import { safeDecode } from './http.ts'
import type { GitHubFault } from './types.ts'

/** Whether a fault is for this request: its method, if given, and its path, raw or decoded. */
export function matchesRequest(method: string, rawPath: string): (fault: GitHubFault) => boolean {
  const decodedPath = safeDecode(rawPath) ?? rawPath
  return fault => (fault.method === undefined || fault.method.toUpperCase() === method) && pathMatches(fault.path, rawPath, decodedPath)
}

function pathMatches(pattern: string | RegExp, rawPath: string, decodedPath: string): boolean {
  if (typeof pattern === 'string') return pattern === rawPath || pattern === decodedPath
  const test = (text: string): boolean => {
    pattern.lastIndex = 0
    return pattern.test(text)
  }
  return test(rawPath) || test(decodedPath)
}

export function faultReply(fault: GitHubFault): Reply {
  const status = fault.status ?? 500
  const body = fault.body ?? errorBody(status, STATUS_CODES[status] ?? 'Error', DOCS)
  return { status, body, headers: fault.headers }
}
