/**
 * The many-tokens template's matrix: which entries run, and with which renew window.
 *
 * Tokens onboarded together expire together, and a weekly run would rotate them all in the same
 * week, beyond the GitHub App's 500 writes an hour. So each entry gets a fixed slot, one week in
 * SLOT_WEEKS, derived from its secret's name: in its slot week it rotates when RENEW_IN_SLOT days
 * or fewer are left (the next slot week is SLOT_WEEKS weeks away, and a token skipped now still
 * has more than the alert's 16 days then); in any other week only when CATCH_UP days or fewer are
 * left (a new entry, or one whose slot rotation failed). Every entry runs every week, so the
 * fleet's table shows them all and each alert issue sees its token. A run by hand does the same,
 * unless it names one entry: then only that entry runs, and renews at once.
 */
import { InputError, quote } from '../runtime/errors.ts'
import type { FleetEntry } from './entries.ts'

export const SLOT_WEEKS = 4
export const RENEW_IN_SLOT = 45
export const CATCH_UP = 21

export interface MatrixRow {
  secret: string
  targets: string
  'admin-secret'?: string
  /** The reusable workflow's renew-before-days: '' renews at once. */
  'renew-before-days': string
  /** The entry's rotation week, 0 … SLOT_WEEKS - 1. */
  slot: number
}

/** A fixed slot from the name (FNV-1a over its UTF-8 bytes, upper-cased as GitHub names secrets). */
export function slotOf(secret: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(secret.toUpperCase())) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash % SLOT_WEEKS
}

/** Which week of the cycle a date falls in: whole weeks since Monday 1970-01-05, UTC. */
export function weekOf(now: Date): number {
  const days = Math.floor((now.getTime() - Date.UTC(1970, 0, 5)) / 86_400_000)
  return Math.floor(days / 7) % SLOT_WEEKS
}

export function fleetMatrix(entries: FleetEntry[], named: string, now: Date): MatrixRow[] {
  const row = (entry: FleetEntry, window: string): MatrixRow => ({
    secret: entry.secret,
    targets: entry.targets,
    ...(entry.adminSecret ? { 'admin-secret': entry.adminSecret } : {}),
    'renew-before-days': window,
    slot: slotOf(entry.secret),
  })
  const name = named.trim()
  if (name !== '') {
    const entry = entries.find(candidate => candidate.secret.toUpperCase() === name.toUpperCase())
    if (!entry)
      throw new InputError(
        'token',
        `${quote(name)} is not one of the tokens listed in this workflow (${entries.map(e => e.secret).join(', ')}); leave it empty to run every due token.`
      )
    return [row(entry, '')]
  }
  const week = weekOf(now)
  return entries.map(entry => row(entry, String(slotOf(entry.secret) === week ? RENEW_IN_SLOT : CATCH_UP)))
}
