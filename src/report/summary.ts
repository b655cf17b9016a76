import { markdownText } from '../text/inert-text.ts'
import type { Report } from './report.ts'
import { renderAssets } from './summary-assets.ts'
import { renderDeploys, renderPhases } from './summary-deploys.ts'
import { headline } from './headline.ts'
import { renderChecks } from './summary-checks.ts'

function expiryText(expiry: { expiresAt: string; daysRemaining: number | undefined } | undefined): string {
  if (!expiry) return '—'
  if (expiry.expiresAt === 'never') return 'never'
  return `${expiry.expiresAt} (${expiry.daysRemaining} days left)`
}

/**
 * The job summary as Markdown: operation, token type, old and new expiry, each target and
 * its result, and what to do next on failure. Built from the Report only, which holds no
 * secret values; `redact` takes out any that a server quoted all the same.
 *
 * Every text that can hold words from outside (results, notes, warnings, the failure, target
 * labels and details, the token type) goes in through markdownText, before which it is redacted
 * (escaping could split a secret and hide it from the redactor). Our own words in those texts lose their
 * code formatting with it: they are mixed with outside words in one string.
 */
export function renderSummary(report: Report, redact: (text: string) => string = text => text): string {
  // A dash for text that is empty once made inert, which would leave an empty list item or `****`.
  const text = (value: string) => markdownText(redact(value)) || '—'
  const lines: string[] = []
  const status = report.failure ? '❌ failed' : '✅ succeeded'
  lines.push(`## Meta token: \`${report.operation}\` ${status}`, '')
  const standing = headline(report)
  if (standing) lines.push(`**${text(standing)}**`, '')
  if (report.timeline.length > 0) {
    lines.push(`**Timeline:** ${report.timeline.map(m => `${m.event} at +${(m.atMs / 1000).toFixed(1)} s`).join(' · ')}`, '')
  }
  if (report.result) lines.push(text(report.result), '')
  lines.push('| | |', '|---|---|')
  lines.push(`| Operation | \`${report.operation}\` |`)
  lines.push(`| Token type | ${text(report.tokenType ?? '—')} |`)
  if (report.oldExpiry && report.newExpiry) {
    lines.push(`| Old token expires | ${expiryText(report.oldExpiry)} |`, `| New token expires | ${expiryText(report.newExpiry)} |`)
  } else {
    lines.push(`| Token expires | ${expiryText(report.newExpiry ?? report.oldExpiry)} |`)
  }
  for (const name of ['rotated', 'skipped', 'revoked', 'retired', 'replaced']) {
    if (report.outputs.has(name)) lines.push(`| ${name} | ${report.outputs.get(name)} |`)
  }
  if (report.recordSize !== undefined) lines.push(`| Previous-token record | ${recordText(report.recordSize)} |`)
  lines.push('')
  lines.push(...renderChecks(report, text))
  if (report.targets.size > 0 && report.checks.length === 0) {
    lines.push('### Secret targets', '', '| Target | Result | Details |', '|---|---|---|')
    for (const line of report.targets.values()) {
      lines.push(`| ${text(line.label)} | ${line.outcome} | ${line.detail ? text(line.detail) : ''} |`)
    }
    lines.push('')
  }
  lines.push(...renderAssets(report, text), ...renderDeploys(report), ...renderPhases(report))
  if (report.warnings.length > 0) {
    lines.push('### Warnings', '', ...report.warnings.map(w => `- ${text(w)}`), '')
  }
  if (report.notes.length > 0) {
    lines.push('### Notes', '', ...report.notes.map(n => `- ${text(n)}`), '')
  }
  if (report.failure) {
    lines.push('### What went wrong', '', `Step: **${text(report.failure.step)}**`, '', text(report.failure.message), '')
    if (report.failure.fix) lines.push('### What to do next', '', text(report.failure.fix), '')
  }
  return lines.join('\n')
}

/** How many tokens the record holds (never which) and what becomes of them. */
function recordText(size: number): string {
  if (size === 0) return 'empty: no replaced token is left valid'
  return `${size} replaced token(s) not revoked yet; the next rotation (given previous-token) or a retire revokes them`
}
