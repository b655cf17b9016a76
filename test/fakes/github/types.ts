import type { AnswerDelay } from '../answer-delay.ts'
import type { SecondaryLimitOptions } from './secondary-limits.ts'

/** The types FakeGitHub's users see; github-server.ts re-exports them all. */

export type Permission = 'secrets' | 'environments' | 'organization_secrets' | 'metadata' | 'actions' | 'contents'
export type Access = 'read' | 'write'
export type Visibility = 'all' | 'private' | 'selected'

export interface RecordedGitHubRequest {
  method: string
  /** Raw request path as received (still URL-encoded), without the query string. */
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown
}

export interface GitHubFault {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string
  /** Matched against the decoded or the raw request path, without the query string. */
  path: string | RegExp
  /** How many matching requests the fault answers; default 1. */
  times?: number
  /** Let this many matching requests through untouched before the fault applies; default 0. */
  skip?: number
  /** Status of the faulted answer; default 500. */
  status?: number
  /** Body of the faulted answer (objects are sent as JSON, strings as they are). */
  body?: unknown
  headers?: Record<string, string>
  /** Never answer (until close()). */
  hang?: boolean
  /** Destroy the socket with a TCP reset instead of answering. */
  reset?: boolean
  /**
   * Handle the request as usual first (a write lands, its state changes happen), then answer
   * with the fault, hang or reset instead: a write that landed but whose answer failed or was lost.
   */
  apply?: boolean
}

export interface StoredSecret {
  /** Decrypted plaintext. */
  value: string
  createdAt: string
  updatedAt: string
  visibility?: Visibility
  selectedRepositoryIds?: number[]
  /** Number of PUTs through the API (seeding with putSecret() does not count). */
  writes: number
}

export interface AddTokenOptions {
  permissions?: Partial<Record<Permission, Access>>
  kind?: 'app' | 'github_token'
}

export interface OrgSecretSettings {
  visibility: Visibility
  selectedRepositoryIds?: number[]
}

export interface FakeGitHubOptions {
  /**
   * Check every request against GitHub's OpenAPI description (test/contract/github-openapi.ts);
   * default true. A request GitHub would refuse is recorded in `contractViolations` and answered
   * with GitHub's 404/400/422, unless a fault answers it.
   */
  checkContract?: boolean
  /** Enforce GitHub's secondary limits on writes (see secondary-limits.ts); off by default. */
  secondaryLimits?: SecondaryLimitOptions
  /** Hold every answer back this long after its request arrived (the benchmark's round trip; see answer-delay.ts). */
  answerDelay?: AnswerDelay
}
