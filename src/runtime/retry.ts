import type { Timing } from './timing.ts'

/** The run's deadline: every request and every wait fits inside it, so a run never hangs. */
export class Deadline {
  private readonly endsAt: number

  constructor(ms: number) {
    this.endsAt = Date.now() + ms
  }

  /** When the run must be done (epoch ms). */
  get endsAtMs(): number {
    return this.endsAt
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now())
  }
}

export interface RetryDecision {
  retry: boolean
  /** A wait the server asked for (rate limits); otherwise exponential backoff with jitter. */
  waitMs?: number
}

export interface RetryOptions {
  timing: Timing
  deadline: Deadline
  /** Decides from the error whether another attempt may help. */
  classify: (error: unknown) => RetryDecision
  /** Called before each wait (for logging and the summary). */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void
  /** Builds the error to throw when a wait would not fit in the deadline. */
  onOutOfTime?: (error: unknown, waitMs: number) => Error
  /** A wait that may be shared (e.g. pausing every write after a rate-limit answer). */
  sleep?: (ms: number) => Promise<void>
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Full jitter: a random wait up to base × 2^(attempt-1), capped. */
export function backoffMs(attempt: number, timing: Timing): number {
  const ceiling = Math.min(timing.retryMaxWaitMs, timing.retryBaseMs * 2 ** (attempt - 1))
  return Math.round(Math.random() * ceiling)
}

export async function withRetries<T>(action: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { timing, deadline, classify } = options
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt)
    } catch (error) {
      const decision = classify(error)
      if (!decision.retry || attempt >= timing.maxAttempts) throw error
      const waitMs = decision.waitMs ?? backoffMs(attempt, timing)
      // Leave room for the next attempt itself; a wait that eats the deadline only delays the failure.
      if (waitMs >= deadline.remainingMs()) {
        throw options.onOutOfTime ? options.onOutOfTime(error, waitMs) : error
      }
      options.onRetry?.(error, attempt, waitMs)
      await (options.sleep ?? sleep)(waitMs)
    }
  }
}
