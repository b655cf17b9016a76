const DAY_SECONDS = 86_400

export interface Expiry {
  /** `2027-01-21T10:00:00Z`, or `never`. */
  expiresAt: string
  /** Seconds left (0 for never, and for a token already past its expiry). */
  expiresIn: number
  /** Whole days left, rounded down; undefined for a token that never expires. */
  daysRemaining: number | undefined
  never: boolean
}

/** `expiresAtUnix` as debug_token reports it: unix seconds, 0 = never expires. */
export function expiryOf(expiresAtUnix: number, nowMs = Date.now()): Expiry {
  if (expiresAtUnix === 0) return { expiresAt: 'never', expiresIn: 0, daysRemaining: undefined, never: true }
  const expiresIn = Math.max(0, Math.floor(expiresAtUnix - nowMs / 1000))
  return {
    expiresAt: new Date(expiresAtUnix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    expiresIn,
    daysRemaining: Math.floor(expiresIn / DAY_SECONDS),
    never: false,
  }
}
