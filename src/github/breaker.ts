import { type GitHubError, HeldBack } from './errors.ts'

/** GitHub's advice when a secondary limit answer names no wait: at least a minute, longer on repeats. */
const FIRST_FALLBACK_SECONDS = 60

/** Thrown, without any request, once the breaker has stopped the run's GitHub requests; `until`: when GitHub lets requests through again. */
export class GitHubStopped extends HeldBack {
  constructor(resumeAt: number) {
    super('GitHubStopped', 'GitHub asked this run to stop', resumeAt)
  }
}

export interface BreakerOptions {
  /** How long one second of GitHub's waits lasts here (1000; tests shorten it). */
  secondMs: number
  /** Epoch ms by which the run must be done. */
  endsAt: () => number
  sleep: (ms: number) => Promise<void>
  /** Told once per pause (not per refused request). */
  onPause?: (waitMs: number, error: GitHubError) => void
  /** Told once, when a wait beyond the deadline stops every further request. */
  onStop?: (resumeAt: number, error: GitHubError) => void
}

/**
 * The run's circuit breaker for GitHub: a rate-limit answer pauses every GitHub request of the
 * run (the limits are per App, not per request) until GitHub's wait is over; a wait beyond the
 * run's deadline stops them all, so that nothing more is sent into a limit (GitHub: continuing
 * "may result in the banning of your integration").
 */
export class CircuitBreaker {
  private readonly options: BreakerOptions
  private pausedUntil = 0
  private stoppedUntil: number | undefined
  /** Counts pauses; a request remembers the one it was sent in. */
  private epoch = 0
  /** Pauses in a row that named no wait (exponential fallback). */
  private streak = 0
  /** Whether the last limit answer was to a write (content creation has limits of its own). */
  private lastLimitedWrite = false

  constructor(options: BreakerOptions) {
    this.options = options
  }

  get stopped(): GitHubStopped | undefined {
    return this.stoppedUntil === undefined ? undefined : new GitHubStopped(this.stoppedUntil)
  }

  /** Waits out a pause; throws GitHubStopped once stopped. Returns the epoch the request is sent in. */
  async ready(): Promise<number> {
    for (;;) {
      const stopped = this.stopped
      if (stopped) throw stopped
      const pause = this.pausedUntil - Date.now()
      if (pause <= 0) return this.epoch
      await this.options.sleep(pause)
    }
  }

  /**
   * An answer that was no limit: the next limit without a wait starts from a minute again —
   * unless writes were limited and this was a read (reads pass while writes are still refused).
   */
  passed(isWrite: boolean): void {
    if (isWrite || !this.lastLimitedWrite) this.streak = 0
  }

  /** A limit answer to a request sent in `sentIn`: pause (or stop) every request. */
  limited(error: GitHubError, sentIn: number, isWrite: boolean): void {
    if (this.stoppedUntil !== undefined) return
    this.lastLimitedWrite = isWrite
    const now = Date.now()
    const asked = askedWaitMs(error, this.options.secondMs, now)
    // Answers to requests sent before the current pause began belong to that pause: they
    // extend it by their own wait, but do not count as a repeat.
    const repeat = sentIn === this.epoch
    let waitMs = asked
    if (waitMs === undefined) {
      if (repeat) this.streak++
      waitMs = FIRST_FALLBACK_SECONDS * this.options.secondMs * 2 ** Math.max(0, this.streak - 1)
    }
    const until = now + waitMs
    if (until >= this.options.endsAt()) {
      this.stoppedUntil = Math.max(until, this.pausedUntil)
      this.options.onStop?.(this.stoppedUntil, error)
      return
    }
    // (A second's slack: the refused requests of one burst do not each log their own pause.)
    if (!repeat && until <= this.pausedUntil + this.options.secondMs) return
    if (repeat) this.epoch++
    this.pausedUntil = Math.max(this.pausedUntil, until)
    this.options.onPause?.(this.pausedUntil - now, error)
  }
}

/**
 * The wait a limit answer names: `retry-after` seconds, else (primary limit) until
 * `x-ratelimit-reset`; undefined when it names none.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
export function askedWaitMs(error: GitHubError, secondMs: number, now = Date.now()): number | undefined {
  const retryAfter = error.headers['retry-after']
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * secondMs
  const reset = Number(error.headers['x-ratelimit-reset'])
  if (error.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + 1000
  return undefined
}
