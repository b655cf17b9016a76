/**
 * The fleet's page: one table of every token of a many-tokens run, the most urgent first —
 * failures, then entries that sent no report, then by days left. Every value comes from an
 * artifact (outside text) and is made inert before it reaches the summary.
 */
import { markdownText } from '../text/inert-text.ts'
import type { FleetRecord } from './record.ts'

export interface FleetRow {
  secret: string
  /** 0 failed, 1 no report, 2 ran. */
  rank: number
  days: number | undefined
  daysText: string
  result: string
  targets: string
  problems: string
}

/** Each message in a cell is cut to this many characters, so the next one (what to do) still shows. */
const PART_LIMIT = 300

function cut(text: string): string {
  return text.length > PART_LIMIT ? `${text.slice(0, PART_LIMIT)}…` : text
}

function cell(text: string): string {
  const inert = markdownText(text)
  return inert === '' ? '—' : inert
}

function lines(text: string): string[] {
  return text
    .split(/\r\n|[\r\n]/)
    .map(line => line.trim())
    .filter(Boolean)
}

function rowOf(secret: string, record: FleetRecord | undefined): FleetRow {
  if (!record)
    return {
      secret,
      rank: 1,
      days: undefined,
      daysText: 'unknown',
      result: 'no report',
      targets: '',
      problems: 'The job sent no report: see its log.',
    }
  const failed = record.outcome !== 'success' || record['failure-message'] !== ''
  const days = /^\d{1,6}$/.test(record['days-remaining']) ? Number(record['days-remaining']) : undefined
  const daysText = days !== undefined ? String(days) : record['expires-at'] === 'never' ? 'never expires' : 'unknown'
  const dryRun = record['dry-run'] === 'true'
  const result = failed
    ? `failed${record['failed-step'] ? ` (${record['failed-step']})` : ''}`
    : record.rotated === 'true'
      ? 'rotated'
      : record.skipped === 'true'
        ? 'skipped'
        : dryRun
          ? 'dry run'
          : 'checked'
  const problems = [
    record['failure-message'],
    record['next-step'],
    ...lines(record.findings),
    failed && record['failure-message'] === '' ? `The job ended ${record.outcome || 'without an outcome'}: see its log.` : '',
  ].filter(Boolean)
  return {
    secret,
    rank: failed ? 0 : 2,
    days,
    daysText,
    result,
    targets: cut(lines(record['secrets-updated']).join(', ')),
    problems: problems.join(' '),
  }
}

/** One row per expected entry (and per record of an entry not expected), most urgent first. */
export function fleetRows(expected: string[], records: FleetRecord[]): FleetRow[] {
  const bySecret = new Map(records.map(record => [record.secret.toUpperCase(), record]))
  const names = [...expected, ...records.map(r => r.secret).filter(s => !expected.some(e => e.toUpperCase() === s.toUpperCase()))]
  return names
    .map(secret => rowOf(secret, bySecret.get(secret.toUpperCase())))
    .sort(
      (a, b) =>
        a.rank - b.rank || (a.days ?? Number.POSITIVE_INFINITY) - (b.days ?? Number.POSITIVE_INFINITY) || a.secret.localeCompare(b.secret)
    )
}

export function fleetTable(rows: FleetRow[]): string {
  const count = (rank: number) => rows.filter(row => row.rank === rank).length
  const rotated = rows.filter(row => row.result === 'rotated').length
  const attention = count(0) + count(1)
  const headline =
    attention > 0
      ? `### ❌ Meta tokens: ${attention} of ${rows.length} need attention, ${rotated} rotated`
      : `### ✅ Meta tokens: all ${rows.length} fine, ${rotated} rotated`
  const body = rows.map(
    row => `| ${cell(row.secret)} | ${cell(row.daysText)} | ${cell(row.result)} | ${cell(row.targets)} | ${cell(row.problems)} |`
  )
  return [headline, '', '| Token | Days left | Result | Targets written | Problems |', '| --- | --- | --- | --- | --- |', ...body, ''].join(
    '\n'
  )
}
