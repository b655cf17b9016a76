/**
 * Every wait of the run. The defaults suit real runs; the environment variables shorten them
 * for tests and demos (documented in the README).
 */
export interface Timing {
  /** First backoff step; attempt n waits a random time up to base × 2^n (full jitter). */
  retryBaseMs: number
  /** Upper bound of one backoff wait. */
  retryMaxWaitMs: number
  /** Attempts per request, the first included. */
  maxAttempts: number
  /** The whole run must finish within this; no retry or rate-limit wait goes past it. */
  deadlineMs: number
  /**
   * How long one second of GitHub's limits lasts: its `retry-after` seconds, the minute and hour
   * of the write pace, the minute of waiting after a limit answer that names no wait. 1000 in
   * real runs; tests and the bench shorten it to run GitHub's minutes in milliseconds.
   */
  limitSecondMs: number
}

export const DEFAULT_TIMING: Timing = {
  retryBaseMs: 1000,
  retryMaxWaitMs: 30_000,
  maxAttempts: 5,
  deadlineMs: 10 * 60_000,
  limitSecondMs: 1000,
}

/** Between two reads of a deploy run: the contract says at most 15 s. */
const DEPLOY_POLL_MS = 15_000

function positiveNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`)
  return value
}

export function timingFromEnv(env: NodeJS.ProcessEnv): Timing {
  const deadlineSeconds = positiveNumber(env, 'META_TOKEN_KEEPER_DEADLINE_SECONDS')
  return {
    retryBaseMs: positiveNumber(env, 'META_TOKEN_KEEPER_RETRY_BASE_MS') ?? DEFAULT_TIMING.retryBaseMs,
    retryMaxWaitMs: positiveNumber(env, 'META_TOKEN_KEEPER_RETRY_MAX_MS') ?? DEFAULT_TIMING.retryMaxWaitMs,
    maxAttempts: Math.max(1, Math.floor(positiveNumber(env, 'META_TOKEN_KEEPER_MAX_ATTEMPTS') ?? DEFAULT_TIMING.maxAttempts)),
    deadlineMs: deadlineSeconds === undefined ? DEFAULT_TIMING.deadlineMs : deadlineSeconds * 1000,
    limitSecondMs: positiveNumber(env, 'META_TOKEN_KEEPER_LIMIT_SECOND_MS') ?? DEFAULT_TIMING.limitSecondMs,
  }
}

export function deployPollMsFromEnv(env: NodeJS.ProcessEnv): number {
  return Math.min(DEPLOY_POLL_MS, positiveNumber(env, 'META_TOKEN_KEEPER_DEPLOY_POLL_MS') ?? DEPLOY_POLL_MS)
}
