import type { getOctokit } from '@actions/github'
import { type Deadline, sleep, withRetries } from '../retry.ts'
import type { Timing } from '../timing.ts'
import { GitHubError, rateLimitWaitMs } from './errors.ts'

export interface GitHubApiOptions {
  token: string
  baseUrl: string
  requestTimeoutMs: number
  timing: Timing
  deadline: Deadline
  onRetry?: (route: string, error: GitHubError, waitMs: number) => void
}

export interface GitHubResponse {
  status: number
  data: unknown
}

/**
 * GitHub REST calls through @actions/github's Octokit, with a timeout on every request,
 * retries of 5xx and transport failures with backoff, and rate-limit answers honoured. A
 * rate-limit answer pauses every request of the run (not just the one that got it), since
 * GitHub's limits are per token.
 */
export class GitHubApi {
  private readonly options: GitHubApiOptions
  private octokit: Promise<ReturnType<typeof getOctokit>> | undefined
  private pausedUntil = 0

  constructor(options: GitHubApiOptions) {
    this.options = options
  }

  /**
   * Octokit (with its own copy of undici, 1.7 MB) is loaded on the first request, not at
   * start-up, so that its compilation overlaps the first Graph round trip.
   */
  private client(): Promise<ReturnType<typeof getOctokit>> {
    // baseUrl is passed explicitly: @actions/github reads GITHUB_API_URL only once, at import.
    this.octokit ??= import('@actions/github').then(({ getOctokit }) => getOctokit(this.options.token, { baseUrl: this.options.baseUrl }))
    return this.octokit
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
    const octokit = await this.client()
    const pause = this.pausedUntil - Date.now()
    if (pause > 0) await sleep(pause)
    const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, this.options.deadline.remainingMs()))
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      const response = await octokit.request(route, {
        ...params,
        headers: { 'x-github-api-version': '2022-11-28' },
        request: { signal: controller.signal },
      })
      return { status: response.status, data: response.data }
    } catch (error) {
      throw toGitHubError(error, controller.signal.aborted, timeoutMs)
    } finally {
      clearTimeout(timer)
    }
  }
}

function toGitHubError(error: unknown, timedOut: boolean, timeoutMs: number): GitHubError {
  if (timedOut) return new GitHubError({ status: 0, kind: 'timeout', githubMessage: `no answer within ${timeoutMs / 1000} s` })
  const e = error as { status?: number; response?: { headers?: Record<string, string>; data?: unknown } }
  if (!e.response) {
    // Octokit reports transport failures as status 500 without a response; keep the library's
    // text out of messages (it can quote the URL).
    return new GitHubError({ status: 0, kind: 'network', githubMessage: 'network error' })
  }
  const data = e.response.data as { message?: unknown } | string | undefined
  const message = typeof data === 'object' && data && typeof data.message === 'string' ? data.message : `HTTP ${e.status}`
  return new GitHubError({ status: e.status ?? 0, headers: e.response.headers ?? {}, githubMessage: message, kind: 'http' })
}
