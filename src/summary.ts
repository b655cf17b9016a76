import type { Report } from './report.ts'
import { renderDeploys, renderPhases } from './summary-deploys.ts'

function escapeCell(text: string): string {
  return text.replace(/[|<>&]/g, ch => ({ '|': '\\|', '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch] as string).replace(/\r?\n/g, ' ')
}

function expiryText(expiry: { expiresAt: string; daysRemaining: number | undefined } | undefined): string {
  if (!expiry) return '—'
  if (expiry.expiresAt === 'never') return 'never'
  return `${expiry.expiresAt} (${expiry.daysRemaining} days left)`
}

/**
 * The job summary as Markdown: operation, token type, old and new expiry, each target and
 * its result, and what to do next on failure. Built from the Report only, which holds no
 * secret values.
 */
export function renderSummary(report: Report): string {
  const lines: string[] = []
  const status = report.failure ? '❌ failed' : '✅ succeeded'
  lines.push(`## Meta token: \`${report.operation}\` ${status}`, '')
  if (report.result) lines.push(escapeCell(report.result), '')
  lines.push('| | |', '|---|---|')
  lines.push(`| Operation | \`${report.operation}\` |`)
  lines.push(`| Token type | ${escapeCell(report.tokenType ?? '—')} |`)
  if (report.oldExpiry && report.newExpiry) {
    lines.push(`| Old token expires | ${expiryText(report.oldExpiry)} |`, `| New token expires | ${expiryText(report.newExpiry)} |`)
  } else {
    lines.push(`| Token expires | ${expiryText(report.newExpiry ?? report.oldExpiry)} |`)
  }
  for (const name of ['rotated', 'skipped', 'revoked', 'retired']) {
    if (report.outputs.has(name)) lines.push(`| ${name} | ${report.outputs.get(name)} |`)
  }
  if (report.recordSize !== undefined) lines.push(`| Previous-token record | ${report.recordSize} token(s) not revoked yet |`)
  lines.push('')
  if (report.targets.size > 0) {
    lines.push('### Secret targets', '', '| Target | Result | Details |', '|---|---|---|')
    for (const line of report.targets.values()) {
      lines.push(`| \`${escapeCell(line.label)}\` | ${line.outcome} | ${escapeCell(line.detail ?? '')} |`)
    }
    lines.push('')
  }
  lines.push(...renderDeploys(report), ...renderPhases(report))
  if (report.warnings.length > 0) {
    lines.push('### Warnings', '', ...report.warnings.map(w => `- ${escapeCell(w)}`), '')
  }
  if (report.notes.length > 0) {
    lines.push('### Notes', '', ...report.notes.map(n => `- ${escapeCell(n)}`), '')
  }
  if (report.failure) {
    lines.push('### What went wrong', '', `Step: **${escapeCell(report.failure.step)}**`, '', escapeCell(report.failure.message), '')
    if (report.failure.fix) lines.push('### What to do next', '', escapeCell(report.failure.fix), '')
  }
  return lines.join('\n')
}
