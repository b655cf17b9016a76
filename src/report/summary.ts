import { markdownText, messageMarkdown } from '../text/inert-text.ts'
import type { Report } from './report.ts'
import { renderAssets } from './summary-assets.ts'
import { renderDeploys, renderPhases } from './summary-deploys.ts'
import { headline, titleWords } from './headline.ts'
import { renderChecks } from './summary-checks.ts'

function expiryText(expiry: { expiresAt: string; daysRemaining: number | undefined } | undefined): string {
  if (!expiry) return '—'
  if (expiry.expiresAt === 'never') return 'never'
  return `${expiry.expiresAt} (${expiry.daysRemaining} day${expiry.daysRemaining === 1 ? '' : 's'} left)`
}

/** The outputs a summary lists, per operation: the others do not apply to it (a `check` rotates nothing). */
const OUTPUT_ROWS: Partial<Record<string, readonly string[]>> = {
  rotate: ['rotated', 'skipped', 'revoked', 'retired'],
  refresh: ['rotated', 'skipped'],
  revoke: ['revoked'],
  retire: ['retired'],
  emergency: ['revoked', 'retired', 'replaced'],
}

/** An output's row, when it says something: `skipped` and `retired` only when they happened. */
function outputRows(report: Report): string[] {
  if (report.dryRun || report.failure?.step === 'read inputs') return []
  return (OUTPUT_ROWS[report.operation] ?? []).flatMap(name => {
    const value = report.outputs.get(name)
    if (value === undefined || (name === 'skipped' && value !== 'true') || (name === 'retired' && value === '0')) return []
    return [`| \`${name}\` | ${value} |`]
  })
}

/**
 * The job summary as Markdown: the verdict in the title, on failure what went wrong and what to
 * do right after it, then where the tokens stand, the token's type and expiry, each target and
 * its result. Built from the Report only, which holds no secret values; `redact` takes out any
 * that a server quoted all the same.
 *
 * Every text that can hold words from outside (results, notes, warnings, the failure, target
 * labels and details) goes in through messageMarkdown, before which it is redacted (escaping
 * could split a secret and hide it from the redactor): inert, except that the code spans of our
 * own words and URLs render as code. The token type is Meta's word alone: markdownText shows it
 * exactly as Meta sent it, backticks included.
 */
export function renderSummary(report: Report, redact: (text: string) => string = text => text): string {
  // A dash for text that is empty once made inert, which would leave an empty list item or `****`.
  const text = (value: string) => messageMarkdown(redact(value)) || '—'
  const outside = (value: string) => markdownText(redact(value)) || '—'
  const lines: string[] = []
  const dryRun = report.dryRun ? ' (dry run)' : ''
  lines.push(`## Meta token: \`${report.operation}\`${dryRun} ${text(titleWords(report))}`, '')
  if (report.failure) {
    lines.push('### What went wrong', '', `Step: **${text(report.failure.step)}**`, '', text(report.failure.message), '')
    if (report.failure.fix) lines.push('### What to do next', '', text(report.failure.fix), '')
  }
  const standing = headline(report)
  if (standing) lines.push(`**${text(standing)}**`, '')
  if (report.timeline.length > 0) {
    lines.push(`**Timeline:** ${report.timeline.map(m => `${m.event} at +${(m.atMs / 1000).toFixed(1)} s`).join(' · ')}`, '')
  }
  if (report.result) lines.push(text(report.result), '')
  lines.push(`| Operation | \`${report.operation}\`${dryRun} |`, '|---|---|')
  lines.push(`| Token type | ${outside(report.tokenType ?? '—')} |`)
  if (report.oldExpiry && report.newExpiry) {
    lines.push(`| Old token expires | ${expiryText(report.oldExpiry)} |`, `| New token expires | ${expiryText(report.newExpiry)} |`)
  } else {
    lines.push(`| Token expires | ${expiryText(report.newExpiry ?? report.oldExpiry)} |`)
  }
  lines.push(...outputRows(report))
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
  return lines.join('\n')
}

/** How many tokens the record holds (never which) and what becomes of them. */
function recordText(size: number): string {
  if (size === 0) return 'empty: no replaced token is left valid'
  return `${size} replaced token(s) not revoked yet; the next rotation (given previous-token) or a retire revokes them`
}
