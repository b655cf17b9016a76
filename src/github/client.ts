import type { GitHub } from '@actions/github/lib/utils'
import { Semaphore } from '../runtime/concurrency.ts'
import type { Fetch, FetchInit } from '../runtime/http.ts'
import { USER_AGENT } from '../runtime/http.ts'
import { type Deadline, sleep, withRetries } from '../runtime/retry.ts'
import type { Timing } from '../runtime/timing.ts'
import { CircuitBreaker, GitHubStopped } from './breaker.ts'
import { GitHubError } from './errors.ts'
import { PaceExhausted, shareOf, WritePace } from './write-pace.ts'
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
  /** Jobs using the same GitHub App at once (`parallel-jobs`): this run keeps to 1/n of its limits. */
  parallelJobs?: number
  /** One line per attempt (service, method, route template, status, attempt, duration); omitted when debug logging is off. */
  debug?: (message: string) => void
  onRetry?: (route: string, error: GitHubError, waitMs: number) => void
  /** A rate-limit answer paused every GitHub request for `waitMs`. */
  onPause?: (waitMs: number, error: GitHubError) => void
  /** A rate-limit answer asked for a wait beyond the deadline: no further GitHub request is sent. */
  onStop?: (resumeAt: number, error: GitHubError) => void
}

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
 * Retries, timeouts, pacing and in-flight limits are a request hook of our own rather than
 * @octokit/plugin-retry and plugin-throttling: the throttling plugin spaces writes one second
 * apart, one at a time (issue 28 wants a burst up to GitHub's minute limit, then a pace), and
 * neither plugin reports how each attempt ended, which the rollback of a write that may have
 * landed needs, nor keeps to the run's deadline.
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

/**
 * Every GitHub request of the run goes through here (issue 28):
 * - at most GitHub's 100 concurrent requests, divided by the jobs that share the App;
 * - writes (PUT, DELETE, POST: secrets, the record, dispatches, a rollback's restores) paced to
 *   the job's share of 80 a minute and 500 an hour (WritePace);
 * - a rate-limit answer pauses every request until its wait ends, and one beyond the deadline
 *   stops them all: what is left fails at once, without being sent (CircuitBreaker).
 */
function requestHook(options: GitHubClientOptions) {
  const share = shareOf(options.parallelJobs ?? 1)
  const secondMs = options.timing.limitSecondMs
  const endsAt = () => options.deadline.endsAtMs
  const all = new Semaphore(share.concurrent)
  const pace = new WritePace({ perMinute: share.perMinute, perHour: share.perHour, secondMs, endsAt })
  const breaker = new CircuitBreaker({
    secondMs,
    endsAt,
    sleep,
    onPause: options.onPause,
    onStop: (resumeAt, error) => {
      pace.stop(new GitHubStopped(resumeAt))
      options.onStop?.(resumeAt, error)
    },
  })
  const debug = options.debug

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
      const sentIn = await breaker.ready()
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
        breaker.passed(isWrite)
        debug?.(`GitHub ${route} → ${response.status} (attempt ${attemptNumber}, ${elapsed(started)})`)
        return response
      } catch (caught) {
        const error = caught instanceof GitHubError ? caught : toGitHubError(caught, signal, timeoutMs)
        if (error.mayHaveLanded) uncertain = true
        if (error.isRateLimit) breaker.limited(error, sentIn, isWrite)
        debug?.(`GitHub ${route} → ${error.kind === 'http' ? error.status : error.kind} (attempt ${attemptNumber}, ${elapsed(started)})`)
        throw error
      }
    }

    const paced = async (attemptNumber: number) => {
      const release = isWrite ? await pace.slot().catch(rethrowStopped) : undefined
      try {
        return await all.run(() => attempt(attemptNumber).catch(rethrowStopped))
      } finally {
        release?.()
      }
    }
    try {
      return await withRetries(paced, {
        timing: options.timing,
        deadline: options.deadline,
        classify: error => {
          if (!(error instanceof GitHubError) || error.kind === 'stopped') return { retry: false }
          // The breaker holds the next attempt until GitHub's wait is over.
          if (error.isRateLimit) return { retry: true, waitMs: 0 }
          return { retry: error.mayHaveLanded && !once }
        },
        onRetry: (error, _attempt, waitMs) => {
          if (error instanceof GitHubError && !error.isRateLimit) options.onRetry?.(route, error, waitMs)
        },
      })
    } catch (error) {
      if (error instanceof GitHubError) error.uncertain = uncertain
      throw error
    }
  }
}

/** The breaker's or the pace's stop as the GitHubError every caller understands; anything else as it is. */
function rethrowStopped(error: unknown): never {
  if (error instanceof GitHubStopped || error instanceof PaceExhausted) {
    const resumeAt = error.until
    const why =
      error instanceof GitHubStopped
        ? "GitHub's rate limit asked for a wait beyond this run's deadline"
        : "this run's share of GitHub's write limits has no room left before its deadline"
    throw new GitHubError({ status: 0, kind: 'stopped', githubMessage: why, resumeAt })
  }
  throw error
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
  const data = response.data as { message?: unknown; documentation_url?: unknown } | undefined
  // GitHubError adds the status itself.
  const message = typeof data?.message === 'string' && data.message.trim() !== '' ? serverText(data.message) : 'unexpected answer'
  const headers = Object.fromEntries(
    KEPT_HEADERS.map(name => [name, response.headers?.[name] === undefined ? undefined : serverText(String(response.headers[name]))])
  )
  const documentationUrl = typeof data?.documentation_url === 'string' ? serverText(data.documentation_url) : undefined
  return new GitHubError({ status: response.status, headers, githubMessage: message, kind: 'http', documentationUrl })
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
