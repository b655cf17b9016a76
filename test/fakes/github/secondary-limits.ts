/**
 * GitHub's secondary limits on content creation (reference/github.md §4.2), when a test asks for
 * them: at most `writesPerMinute` writes (PUT, POST, PATCH, DELETE) in any minute and
 * `writesPerHour` in any hour, per token. A write over a limit is refused like GitHub does — 403,
 * the current or the older wording, `documentation_url` at the secondary limits, `retry-after`
 * unless told not to — and does nothing. Time can be scaled: `secondMs` is one second.
 */
import { fail } from './errors.ts'
import type { ApiError } from './errors.ts'

export interface SecondaryLimitOptions {
  writesPerMinute?: number
  writesPerHour?: number
  /** How long one second lasts (default 1000; the action's META_TOKEN_KEEPER_LIMIT_SECOND_MS to match). */
  secondMs?: number
  /** `abuse`: "You have triggered an abuse detection mechanism…" (the older wording). */
  wording?: 'secondary' | 'abuse'
  /** Send `retry-after` (default true). */
  retryAfter?: boolean
}

const DOCS_URL = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits'
const MESSAGES = {
  secondary:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
  abuse: 'You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.',
}

export class SecondaryLimits {
  private readonly options: SecondaryLimitOptions
  /** Accepted writes' arrival times, per token. */
  private readonly writes = new Map<string, number[]>()
  /** Writes refused for a limit. */
  refused = 0
  accepted = 0

  constructor(options: SecondaryLimitOptions) {
    this.options = options
  }

  /** Throws GitHub's refusal when this write would go over a limit; counts it otherwise. */
  check(method: string, token: string): void {
    if (method === 'GET' || method === 'HEAD') return
    const now = Date.now()
    const second = this.options.secondMs ?? 1000
    const times = this.writes.get(token) ?? []
    this.writes.set(token, times)
    const waits = [
      this.waitMs(times, now, 60 * second, this.options.writesPerMinute),
      this.waitMs(times, now, 3600 * second, this.options.writesPerHour),
    ]
    const waitMs = Math.max(...waits)
    if (waitMs > 0) {
      this.refused++
      throw this.refusal(Math.ceil(waitMs / second))
    }
    this.accepted++
    times.push(now)
  }

  private waitMs(times: number[], now: number, window: number, limit: number | undefined): number {
    if (limit === undefined) return 0
    const inWindow = times.filter(at => at > now - window)
    if (inWindow.length < limit) return 0
    return inWindow[inWindow.length - limit] + window - now
  }

  private refusal(retryAfterSeconds: number): ApiError {
    const headers: Record<string, string> = {}
    if (this.options.retryAfter ?? true) headers['retry-after'] = String(retryAfterSeconds)
    return fail(403, MESSAGES[this.options.wording ?? 'secondary'], DOCS_URL, headers)
  }
}
