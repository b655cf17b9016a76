/** Injected faults: which request a fault answers, and the answer it gives. */
import { STATUS_CODES } from 'node:http'
import { DOCS, errorBody } from './errors.ts'
import type { Reply } from './errors.ts'
import { safeDecode } from './http.ts'
import type { GitHubFault } from './types.ts'

interface FaultEntry {
  fault: GitHubFault
  remaining: number
  skip: number
}

export class GitHubFaults {
  private entries: FaultEntry[] = []

  add(fault: GitHubFault): void {
    this.entries.push({ fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0 })
  }

  clear(): void {
    this.entries = []
  }

  /** The fault that answers this request, if any; counts it against the fault's skip and times. */
  take(method: string, rawPath: string): GitHubFault | undefined {
    const decodedPath = safeDecode(rawPath) ?? rawPath
    const entry = this.entries.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.fault.method === undefined || candidate.fault.method.toUpperCase() === method) &&
        pathMatches(candidate.fault.path, rawPath, decodedPath),
    )
    if (!entry) return undefined
    if (entry.skip > 0) {
      entry.skip--
      return undefined
    }
    entry.remaining--
    return entry.fault
  }
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
