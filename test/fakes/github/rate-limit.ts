/** GitHub's primary rate limit: 5000 requests an hour per token, shown in x-ratelimit-* headers. */
import { DOCS, fail } from './errors.ts'

const RATE_LIMIT = 5000
const RATE_WINDOW_SECONDS = 3600
const RATE_LIMIT_DOCS = `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`

export interface RateWindow {
  used: number
  reset: number
}

export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>()

  /** Counts a request against the key's window, opening a new window when the last one ended. */
  consume(key: string): RateWindow {
    let window = this.windows.get(key)
    if (!window || window.reset <= epochSeconds()) {
      window = { used: 0, reset: epochSeconds() + RATE_WINDOW_SECONDS }
      this.windows.set(key, window)
    }
    window.used++
    return window
  }
}

export function checkRateLimit(window: RateWindow): void {
  if (window.used <= RATE_LIMIT) return
  throw fail(403, 'API rate limit exceeded for installation. Wait until x-ratelimit-reset.', RATE_LIMIT_DOCS)
}

export function rateLimitHeaders(window: RateWindow): Record<string, string> {
  return {
    'x-ratelimit-limit': String(RATE_LIMIT),
    'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - window.used)),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(Math.min(RATE_LIMIT, window.used)),
    'x-ratelimit-resource': 'core',
  }
}

function epochSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
