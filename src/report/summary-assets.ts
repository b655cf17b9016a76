import type { Report } from './report.ts'

const RESULTS = { met: '✅ met', missing: '❌ missing', narrower: '❌ narrower than the old token', wider: 'wider than the old token' }

/**
 * The summary's Assets table: each `required-assets` requirement (met or missing) and each change
 * from the old token's permissions and assets. Every cell but the result goes through `text`
 * (redacted, then made inert): the details quote Meta.
 */
export function renderAssets(report: Report, text: (value: string) => string): string[] {
  if (report.assets.length === 0) return []
  const lines = ['### Assets', '', '| Permission | Assets | Result | Details |', '|---|---|---|---|']
  for (const line of report.assets) {
    lines.push(
      `| ${text(line.permission)} | ${line.ids ? text(line.ids) : '—'} | ${RESULTS[line.result]} | ${line.detail ? text(line.detail) : ''} |`
    )
  }
  lines.push('')
  return lines
}
