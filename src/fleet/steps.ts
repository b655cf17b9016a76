/**
 * The many-tokens template's own steps, run by the plan action (plan/action.yml, input `step`):
 * fleet-matrix (which entries run this week, with which renew window), fleet-record (one entry's
 * report, in the reusable workflow) and fleet-table (the page of every token, at the end).
 */
import type { RunLog } from '../report/run-log.ts'
import { InputError } from '../runtime/errors.ts'
import type { ActionIO } from '../runtime/io.ts'
import { parseEntries } from './entries.ts'
import { CATCH_UP, fleetMatrix, type MatrixRow, RENEW_IN_SLOT } from './matrix.ts'
import { type FleetRecord, readRecords, RECORD_FIELDS, writeRecord } from './record.ts'
import { fleetRows, fleetTable } from './table.ts'

export function matrixStep(io: ActionIO, log: RunLog, now: Date): void {
  const rows = fleetMatrix(parseEntries(io.getInput('tokens')), io.getInput('token'), now)
  io.setOutput('matrix', JSON.stringify(rows))
  const due = rows.filter(row => row['renew-before-days'] === String(RENEW_IN_SLOT))
  log.info(
    rows.length === 1 && rows[0]['renew-before-days'] === ''
      ? `${rows[0].secret}: renewed now.`
      : `${rows.length} tokens; in their rotation week (renewed with ${RENEW_IN_SLOT} days or fewer left; the others with ${CATCH_UP}): ${due.map(row => row.secret).join(', ') || 'none'}.`
  )
}

export function recordStep(io: ActionIO, log: RunLog): void {
  const secret = io.getInput('secret-name').trim()
  const dir = io.getInput('fleet-dir').trim()
  if (secret === '') throw new InputError('secret-name', 'is empty; a fleet record belongs to a secret.')
  if (dir === '') throw new InputError('fleet-dir', 'is empty; name the directory the record goes to.')
  const record = { secret, ...Object.fromEntries(RECORD_FIELDS.map(field => [field, io.getInput(field)])) } as FleetRecord
  log.info(`Recorded ${secret} for the fleet's table: ${writeRecord(dir, record)}`)
}

export async function tableStep(io: ActionIO, log: RunLog): Promise<void> {
  const dir = io.getInput('fleet-dir').trim()
  if (dir === '') throw new InputError('fleet-dir', 'is empty; name the directory the records were downloaded to.')
  let expected: string[]
  try {
    expected = (JSON.parse(io.getInput('matrix') || '[]') as MatrixRow[]).map(row => String(row.secret))
  } catch {
    throw new InputError('matrix', 'is not the JSON the fleet-matrix step gives.')
  }
  const rows = fleetRows(expected, readRecords(dir))
  await io.writeSummary(fleetTable(rows))
  log.info(`The fleet's table: ${rows.length} tokens, ${rows.filter(row => row.rank < 2).length} needing attention.`)
}
