import type { Fetch, HttpResponse } from '../http.ts'
import { type Deadline, sleep, withRetries } from '../retry.ts'
import type { Timing } from '../timing.ts'
import { GitHubError, rateLimitWaitMs } from './errors.ts'

export interface GitHubApiOptions {
  token: string
  baseUrl: string
  requestTimeoutMs: number
  timing: Timing
  deadline: Deadline
  fetch: Fetch
  onRetry?: (route: string, error: GitHubError, waitMs: number) => void
}

export interface GitHubResponse {
  status: number
  data: unknown
}

/** https://docs.github.com/en/rest/about-the-rest-api/api-versions */
const API_VERSION = '2022-11-28'

/** The answer headers that decisions read (rate limits, missing permissions). */
const KEPT_HEADERS = ['retry-after', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-accepted-github-permissions']

/** GitHub answers a renamed or transferred repository with a redirect to the same API. */
const REDIRECTS = new Set([301, 302, 307, 308])
const MAX_REDIRECTS = 3

/**
 * GitHub REST calls, written as Octokit-style routes (`PUT /repos/{owner}/{repo}/…`), with a
 * timeout on every request, retries of 5xx and transport failures with backoff, and
 * rate-limit answers honoured. A rate-limit answer pauses every request of the run (not just
 * the one that got it), since GitHub's limits are per token.
 *
 * A few routes do not need Octokit: loading it (and the undici it imports) cost ~40 ms of
 * compilation on the critical path of every rotation.
 */
export class GitHubApi {
  private readonly options: GitHubApiOptions
  private pausedUntil = 0

  constructor(options: GitHubApiOptions) {
    this.options = options
  }

  async request(route: string, params: Record<string, unknown> = {}): Promise<GitHubResponse> {
    return withRetries(() => this.once(route, params), {
      timing: this.options.timing,
      deadline: this.options.deadline,
      classify: error => {
        if (!(error instanceof GitHubError)) return { retry: false }
        if (error.isRateLimit) return { retry: true, waitMs: rateLimitWaitMs(error) }
        return { retry: error.kind !== 'http' || error.status >= 500 }
      },
      onRetry: (error, _attempt, waitMs) => {
        if (error instanceof GitHubError && error.isRateLimit) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + waitMs)
        this.options.onRetry?.(route, error as GitHubError, waitMs)
      },
    })
  }

  private async once(route: string, params: Record<string, unknown>): Promise<GitHubResponse> {
    const pause = this.pausedUntil - Date.now()
    if (pause > 0) await sleep(pause)
    const { method, url, body } = buildRequest(this.options.baseUrl, route, params)
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': API_VERSION,
    }
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8'

    const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()))
    const signal = AbortSignal.timeout(timeoutMs)
    let response: HttpResponse
    let text: string
    try {
      let location = url
      for (let redirects = 0; ; redirects++) {
        response = await this.options.fetch(location, { method, headers, body, signal })
        text = await response.text()
        const next = REDIRECTS.has(response.status) ? sameOrigin(location, response.headers.get('location')) : undefined
        if (!next || redirects === MAX_REDIRECTS) break
        location = next
      }
    } catch {
      // The transport's own message is not passed on: it can quote the URL.
      if (signal.aborted) throw new GitHubError({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` })
      throw new GitHubError({ status: 0, kind: 'network', githubMessage: 'network error' })
    }
    const data = parseJson(text)
    if (response.status >= 200 && response.status < 300) return { status: response.status, data }
    const message = typeof (data as { message?: unknown })?.message === 'string' ? (data as { message: string }).message : `HTTP ${response.status}`
    const kept = Object.fromEntries(KEPT_HEADERS.map(name => [name, response.headers.get(name) ?? undefined]))
    throw new GitHubError({ status: response.status, headers: kept, githubMessage: message, kind: 'http' })
  }
}

/**
 * Expands a route: `{name}` placeholders take (URL-encoded) values from `params`; the other
 * params go in the query string of a GET or DELETE and in the JSON body otherwise.
 */
export function buildRequest(baseUrl: string, route: string, params: Record<string, unknown>): { method: string; url: string; body?: string } {
  const [method, template] = route.split(' ')
  const rest: Record<string, unknown> = { ...params }
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name]
    if (value === undefined) throw new Error(`route ${route} needs a value for ${name}`)
    delete rest[name]
    return encodeURIComponent(String(value))
  })
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`)
  if (method === 'GET' || method === 'DELETE') {
    for (const [name, value] of Object.entries(rest)) url.searchParams.set(name, String(value))
    return { method, url: url.toString() }
  }
  return { method, url: url.toString(), body: JSON.stringify(rest) }
}

/** A redirect is followed only to the API it came from: the token must not go anywhere else. */
function sameOrigin(from: string, location: string | null): string | undefined {
  if (!location) return undefined
  const next = new URL(location, from)
  return next.origin === new URL(from).origin ? next.toString() : undefined
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
