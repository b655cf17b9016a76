/**
 * What one entry's job of the many-tokens template reports for the fleet's table: a small JSON
 * file, uploaded as an artifact, written from the job's step outputs (never the token).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The fields, as the reusable workflow's steps give them (strings; '' when a step did not run). */
export const RECORD_FIELDS = [
  'outcome',
  'failed-step',
  'days-remaining',
  'expires-at',
  'rotated',
  'skipped',
  'dry-run',
  'secrets-updated',
  'failure-message',
  'next-step',
  'findings',
] as const

export type FleetRecord = { secret: string } & Record<(typeof RECORD_FIELDS)[number], string>

export function writeRecord(dir: string, record: FleetRecord): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${record.secret}.json`)
  writeFileSync(path, `${JSON.stringify({ version: 1, ...record }, null, 2)}\n`)
  return path
}

/** Every record in a directory; a file that is not one is left out (its entry then shows "no report"). */
export function readRecords(dir: string): FleetRecord[] {
  let names: string[]
  try {
    names = readdirSync(dir).filter(name => name.endsWith('.json'))
  } catch {
    return []
  }
  return names.flatMap(name => {
    try {
      const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>
      if (typeof data.secret !== 'string' || data.secret === '') return []
      const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : '')
      return [Object.fromEntries([['secret', data.secret], ...RECORD_FIELDS.map(field => [field, text(field)])]) as FleetRecord]
    } catch {
      return []
    }
  })
}
