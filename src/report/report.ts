import type { TokenInfo } from '../graph/token-info.ts'
import { type Expiry, expiryOf } from '../graph/expiry.ts'
import type { DeployRun } from '../deploy/runs.ts'
import type { Operation } from '../inputs/catalog.ts'

/** One phase of the run (a log group), for the summary's chart: ms since the run started. */
export interface Phase {
  name: string
  startMs: number
  endMs: number
  failed: boolean
}

export type TargetOutcome =
  'ready' | 'created' | 'updated' | 'failed' | 'restored' | 'restore failed' | 'not written' | 'would write' | 'unwritable'

export interface TargetLine {
  label: string
  outcome: TargetOutcome
  detail?: string
}

/** A row of the summary's Assets table: a `required-assets` requirement, or a change from the old token's scopes. */
export interface AssetLine {
  permission: string
  /** The assets, comma-separated; empty for the permission alone. */
  ids: string
  result: 'met' | 'missing' | 'narrower' | 'wider'
  detail: string
}

/** One of the doctor's checks: a row of the summary; a failed one is a line of `findings` too. */
export interface CheckRow {
  check: string
  /** The input, target or workflow the check is about (a finding starts with it). */
  concerns: string
  status: 'pass' | 'warn' | 'fail'
  detail: string
  fix: string | undefined
}

/**
 * Everything the run learns, as it learns it: the outputs (set even when the run fails
 * later) and what the job summary shows. Holds no secret except the `token` output, which
 * is masked before it gets here.
 */
export class Report {
  readonly operation: Operation | 'unknown operation'
  readonly outputs = new Map<string, string>([
    ['is-valid', 'false'],
    ['rotated', 'false'],
    ['skipped', 'false'],
    ['revoked', 'false'],
  ])
  tokenType: string | undefined
  oldExpiry: Expiry | undefined
  newExpiry: Expiry | undefined
  /** How many tokens the previous-token record holds (never which), when the run knows. */
  recordSize: number | undefined
  readonly targets = new Map<string, TargetLine>()
  readonly deployRuns: DeployRun[] = []
  readonly assets: AssetLine[] = []
  readonly phases: Phase[] = []
  /** The doctor's checks, in the order the summary shows them. */
  readonly checks: CheckRow[] = []
  /** Moments the summary opens with (`emergency`): what happened, ms since the run started. */
  readonly timeline: Array<{ event: string; atMs: number }> = []
  readonly startedAt = Date.now()
  readonly notes: string[] = []
  readonly warnings: string[] = []
  failure: { step: string; message: string; fix: string | undefined; title?: string } | undefined
  result = ''
  /** A few words for the summary's title on success ("the token is valid for 19 more days"). */
  title = ''
  dryRun = false
  /** A successful run's headline when what it could not see may still be wrong (an emergency's unseen redeploys). */
  caution: string | undefined

  constructor(operation: Operation | 'unknown operation') {
    this.operation = operation
  }

  set(name: string, value: string | boolean | number): void {
    this.outputs.set(name, String(value))
  }

  /** Sets the token outputs from what debug_token said about the resulting token. */
  describeToken(info: TokenInfo, token: string | undefined, which: 'old' | 'new'): void {
    if (token !== undefined) this.set('token', token)
    this.set('is-valid', info.isValid)
    if (info.type) {
      this.tokenType = info.type
      this.set('token-type', info.type)
    }
    this.set('scopes', info.scopes.join(','))
    if (info.expiresAt !== undefined) this.describeExpiry(expiryOf(info.expiresAt), which)
  }

  describeExpiry(expiry: Expiry, which: 'old' | 'new'): void {
    if (which === 'old') this.oldExpiry = expiry
    else this.newExpiry = expiry
    this.set('expires-at', expiry.expiresAt)
    this.set('expires-in', expiry.expiresIn)
    this.set('days-remaining', expiry.daysRemaining === undefined ? '' : expiry.daysRemaining)
  }

  /** Notes the moment `event` happened, for the summary's timeline. */
  mark(event: string): void {
    this.timeline.push({ event, atMs: Date.now() - this.startedAt })
  }

  target(label: string, outcome: TargetOutcome, detail?: string): void {
    this.targets.set(label, { label, outcome, detail })
  }

  /** `secrets-updated`: the targets now holding the new token, in `secret-targets` form. */
  setSecretsUpdated(labels: string[]): void {
    this.set('secrets-updated', labels.join('\n'))
  }
}
