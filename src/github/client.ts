import type { GitHub } from '@actions/github/lib/utils'
import { Semaphore } from '../runtime/concurrency.ts'
import type { Fetch, FetchInit } from '../runtime/http.ts'
import { USER_AGENT } from '../runtime/http.ts'
import { type Deadline, sleep, withRetries } from '../runtime/retry.ts'
import type { Timing } from '../runtime/timing.ts'
import { GitHubError, rateLimitWaitMs } from './errors.ts'
import { serverText } from '../text/server-text.ts'

/** Octokit as @actions/github builds it (REST methods and pagination), with our request hook. */
export type Octokit = InstanceType<typeof GitHub>

export interface GitHubClientOptions {
  token: string
  baseUrl: string
  requestTimeoutMs: number
  timing: Timing
  deadline: Deadline
  fetch: Fetch
  /** One line per attempt (service, method, route template, status, attempt, duration). */
  debug: (message: string) => void
  onRetry?: (route: string, error: GitHubError, waitMs: number) => void
}

/**
 * The contract's "GitHub requests in flight": at most 20 at once (GitHub allows 100 per user or
 * App, shared with every other job using it), at most 10 of them writes.
 */
export const MAX_REQUESTS_IN_FLIGHT = 20
export const MAX_WRITES_IN_FLIGHT = 10

/** https://docs.github.com/en/rest/about-the-rest-api/api-versions */
const API_VERSION = '2022-11-28'

/** The answer headers that decisions read (rate limits, missing permissions). */
const KEPT_HEADERS = ['retry-after', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-accepted-github-permissions']

const REDIRECTS = new Set([301, 302, 307, 308])
const MAX_REDIRECTS = 3

/**
 * Octokit from @actions/github, loaded on first use: a `check` never needs it, and loading it
 * costs ~40 ms of compilation.
 *
 * Retries, timeouts and in-flight limits are a request hook of our own rather than
 * @octokit/plugin-retry and plugin-throttling: the throttling plugin spaces writes one second
 * apart, one at a time (the contract wants 10 in flight and no fixed gap), and neither plugin
 * reports how each attempt ended, which the rollback of a write that may have landed needs, nor
 * keeps to the run's deadline.
 */
export async function createGitHubClient(options: GitHubClientOptions): Promise<Octokit> {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(options.token, {
    baseUrl: options.baseUrl,
    userAgent: USER_AGENT,
    request: { fetch: sameOriginFetch(options.fetch) },
    // Octokit's own warnings (deprecations) quote URLs: keep them out of the log.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  })
  octokit.hook.wrap('request', requestHook(options))
  return octokit
}

/** What the hook reads of Octokit's request options and answer (its own types are not exported by @actions/github). */
interface HookedRequest {
  method: string
  url: string
  headers: Record<string, unknown>
  request?: object
}

function requestHook(options: GitHubClientOptions) {
  const all = new Semaphore(MAX_REQUESTS_IN_FLIGHT)
  const writes = new Semaphore(MAX_WRITES_IN_FLIGHT)
  // A rate-limit answer pauses every later attempt of the run: GitHub's limits are per token.
  let pausedUntil = 0

  return async <O extends HookedRequest, R extends { status: number }>(
    request: (options: O) => R | Promise<R>,
    requestOptions: O
  ): Promise<R> => {
    const route = `${requestOptions.method} ${requestOptions.url}`
    const isWrite = !['GET', 'HEAD'].includes(requestOptions.method)
    // A request that must never be sent twice (a dispatch starts a deploy) says so.
    const once = (requestOptions.request as { retryUncertain?: boolean } | undefined)?.retryUncertain === false
    let uncertain = false

    const attempt = async (attemptNumber: number) => {
      const pause = pausedUntil - Date.now()
      if (pause > 0) await sleep(pause)
      const timeoutMs = Math.max(1, Math.min(options.requestTimeoutMs, options.deadline.remainingMs()))
      const signal = AbortSignal.timeout(timeoutMs)
      const started = performance.now()
      try {
        // Changed in place: Octokit hands every hook the same options object, and the inner
        // hooks (authentication) read that one, not what an outer hook passes on.
        Object.assign(requestOptions.headers, { accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION })
        requestOptions.request = { ...requestOptions.request, signal }
        const response = await request(requestOptions)
        // A redirect that was not followed (another origin) arrives here as an answer.
        if (response.status >= 300) {
          throw new GitHubError({ status: response.status, githubMessage: 'redirected to another host; not followed', kind: 'http' })
        }
        options.debug(`GitHub ${route} → ${response.status} (attempt ${attemptNumber}, ${elapsed(started)})`)
        return response
      } catch (caught) {
        const error = caught instanceof GitHubError ? caught : toGitHubError(caught, signal, timeoutMs)
        if (error.mayHaveLanded) uncertain = true
        options.debug(
          `GitHub ${route} → ${error.kind === 'http' ? error.status : error.kind} (attempt ${attemptNumber}, ${elapsed(started)})`
        )
        throw error
      }
    }

    const withLimits = (attemptNumber: number) =>
      isWrite ? writes.run(() => all.run(() => attempt(attemptNumber))) : all.run(() => attempt(attemptNumber))
    try {
      return await withRetries(withLimits, {
        timing: options.timing,
        deadline: options.deadline,
        classify: error => {
          if (!(error instanceof GitHubError)) return { retry: false }
          if (error.isRateLimit) return { retry: true, waitMs: rateLimitWaitMs(error) }
          return { retry: error.mayHaveLanded && !once }
        },
        onRetry: (error, _attempt, waitMs) => {
          if (error instanceof GitHubError && error.isRateLimit) pausedUntil = Math.max(pausedUntil, Date.now() + waitMs)
          options.onRetry?.(route, error as GitHubError, waitMs)
        },
      })
    } catch (error) {
      if (error instanceof GitHubError) error.uncertain = uncertain
      throw error
    }
  }
}

function elapsed(started: number): string {
  return `${Math.round(performance.now() - started)} ms`
}

/** Octokit's RequestError (or a transport failure) reduced to what decisions need. */
function toGitHubError(error: unknown, signal: AbortSignal, timeoutMs: number): GitHubError {
  const failure = error as {
    status?: number
    response?: { status: number; data?: unknown; headers?: Record<string, string | number | undefined> }
  }
  const response = failure.response
  // The transport's own message is not passed on: it can quote the URL.
  if (!response) {
    if (signal.aborted) return new GitHubError({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` })
    return new GitHubError({ status: 0, kind: 'network', githubMessage: 'network error' })
  }
  const data = response.data as { message?: unknown } | undefined
  // GitHubError adds the status itself.
  const message = typeof data?.message === 'string' && data.message.trim() !== '' ? serverText(data.message) : 'unexpected answer'
  const headers = Object.fromEntries(
    KEPT_HEADERS.map(name => [name, response.headers?.[name] === undefined ? undefined : serverText(String(response.headers[name]))])
  )
  return new GitHubError({ status: response.status, headers, githubMessage: message, kind: 'http' })
}

/**
 * Follows a redirect (GitHub's answer for a renamed or transferred repository) only to the API
 * it came from: the token must not go anywhere else. fetch's own `follow` would go to any host.
 */
export function sameOriginFetch(fetch: Fetch): Fetch {
  return async (url, init) => {
    let location = url
    for (let redirects = 0; ; redirects++) {
      const request: FetchInit = { ...init, redirect: 'manual' }
      const response = await fetch(location, request)
      const next = REDIRECTS.has(response.status) ? sameOrigin(location, response.headers.get('location')) : undefined
      if (!next || redirects === MAX_REDIRECTS) return response
      await response.text().catch(() => undefined)
      location = next
    }
  }
}

function sameOrigin(from: string, location: string | null): string | undefined {
  if (!location) return undefined
  const next = new URL(location, from)
  return next.origin === new URL(from).origin ? next.toString() : undefined
}
