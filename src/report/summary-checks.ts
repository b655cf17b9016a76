import type { Report } from './report.ts'

const MARK = { pass: '✅', warn: '⚠️', fail: '❌' } as const

/** The doctor's checks: one row each, with what to do. `text` makes outside words inert. */
export function renderChecks(report: Report, text: (value: string) => string): string[] {
  if (report.checks.length === 0) return []
  const lines = ['### Checks', '', '| | Check | Concerns | Result | What to do |', '|---|---|---|---|---|']
  for (const row of report.checks) {
    lines.push(
      `| ${MARK[row.status]} | ${text(row.check)} | ${text(row.concerns)} | ${text(row.detail)} | ${row.fix ? text(row.fix) : ''} |`
    )
  }
  lines.push('')
  return lines
}
