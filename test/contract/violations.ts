/**
 * What the fakes record when a request breaks a contract (GitHub's OpenAPI description for the
 * GitHub fake, the rules of graph-api.md for the Graph fake), and the assertion World makes
 * after every run.
 */
import assert from 'node:assert/strict'

export interface ContractViolation {
  method: string
  /** The path as the client sent it (URL-encoded, with the Graph version prefix), no query. */
  path: string
  /** One line per broken rule, each naming the rule or its reference. */
  messages: string[]
}

export function describeViolations(violations: readonly ContractViolation[]): string {
  return violations.map(v => `${v.method} ${v.path}\n${v.messages.map(m => `  - ${m}`).join('\n')}`).join('\n')
}

/** Fails with every violation spelled out; `api` names the contract, e.g. 'GitHub REST API'. */
export function assertNoContractViolations(api: string, violations: readonly ContractViolation[]): void {
  if (violations.length === 0) return
  assert.fail(`${violations.length} request(s) to the ${api} broke its contract:\n${describeViolations(violations)}`)
}
