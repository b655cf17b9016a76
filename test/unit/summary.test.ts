/**
 * The job summary of a failed run says, after what went wrong, where the tokens stand, from what the run did; the
 * record row counts only replaced tokens; the chart of the phases comes only for a run that took
 * a while, folded away in `<details>`.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { expiryOf } from '../../src/graph/expiry.ts'
import { Report } from '../../src/report/report.ts'
import { PHASE_CHART_MIN_MS } from '../../src/report/summary-deploys.ts'
import { renderSummary } from '../../src/report/summary.ts'
import { assertInertSummary } from '../helpers/inert.ts'

const OLD_EXPIRY = 1_800_000_000 // 2027-01-15T08:00:00Z

function failedRotation(setup: (report: Report) => void): Report {
  const report = new Report('rotate')
  report.describeExpiry(expiryOf(OLD_EXPIRY), 'old')
  report.set('is-valid', true)
  report.failure = { step: 'some step', message: 'It failed.', fix: undefined }
  setup(report)
  return report
}

/**
 * Where the tokens stand: the bold paragraph after what went wrong (and what to do), before the
 * table. A failed run's summary opens with its title and then what went wrong.
 */
function verdictOf(summary: string): string | undefined {
  const failed = /^## .*\n\n### What went wrong\n\nStep: \*\*[^*\n]+\*\*\n\n[^\n]+\n\n(?:### What to do next\n\n[^\n]+\n\n)?/.exec(summary)
  if (!failed) return undefined
  return /^\*\*(.+)\*\*\n\n\| Operation \|/.exec(summary.slice(failed[0].length))?.[1]
}

describe('the verdict of a failed run', () => {
  const cases: Array<{ title: string; report: Report; verdict: string | undefined }> = [
    {
      title: 'nothing written (a preflight or mint failure)',
      report: failedRotation(r => r.target('octo-org/app', 'ready')),
      verdict: 'Nothing changed: every target still holds the old token, which works.',
    },
    {
      title: 'rolled back',
      report: failedRotation(r => {
        r.target('octo-org/app', 'restored')
        r.target('octo-org/site', 'failed')
      }),
      verdict: 'Nothing changed: every target again holds the old token, which works.',
    },
    {
      title: 'the old token inspected as invalid',
      report: failedRotation(r => {
        r.set('is-valid', false)
        r.target('octo-org/app', 'ready')
      }),
      verdict: 'Nothing changed: every target still holds the old token.',
    },
    {
      title: 'stored everywhere, the old token not revoked (a deploy or a revoke failed)',
      report: failedRotation(r => {
        r.target('octo-org/app', 'updated')
        r.set('rotated', true)
      }),
      verdict: 'Every target holds the new token; the old one still works until 2027-01-15T08:00:00Z.',
    },
    {
      title: 'stored everywhere and the old one revoked (an earlier record token was not)',
      report: failedRotation(r => {
        r.target('octo-org/app', 'updated')
        r.set('rotated', true)
        r.set('revoked', true)
      }),
      verdict: 'Every target holds the new token, and the old one is revoked.',
    },
    {
      title: 'a restore that failed',
      report: failedRotation(r => {
        r.target('octo-org/app', 'restore failed')
        r.target('octo-org/site', 'failed')
      }),
      verdict: 'Both tokens work: octo-org/app may hold the new token, every other target the old one.',
    },
    {
      title: 'a refresh stored in some targets only',
      report: failedRotation(r => {
        r.target('octo-org/app', 'created')
        r.target('octo-org/site', 'failed')
      }),
      verdict: 'octo-org/app holds the new token, 1 other target(s) what they held before.',
    },
    {
      title: 'bad input',
      report: failedRotation(r => (r.failure = { step: 'read inputs', message: 'Input `x`: bad.', fix: undefined })),
      verdict: 'Nothing changed: the run stopped at its inputs, before any request.',
    },
    {
      title: 'generate, minted but not stored',
      report: (() => {
        const report = new Report('generate')
        report.set('token', 'made-up-token-value-0001')
        report.target('octo-org/app', 'ready')
        report.failure = { step: 'inspect the new token', message: 'It failed.', fix: undefined }
        return report
      })(),
      verdict: 'A new token was generated but stored nowhere; it is only in the masked token output of this job.',
    },
    { title: 'a run that succeeded has none', report: failedRotation(r => (r.failure = undefined)), verdict: undefined },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const summary = renderSummary(c.report)
      assert.equal(verdictOf(summary), c.verdict, summary)
      await assertInertSummary(summary)
    })
  }
})

describe('the chart of the phases', () => {
  function withPhases(totalMs: number): Report {
    const report = new Report('rotate')
    report.phases.push(
      { name: 'Preflight', startMs: 0, endMs: totalMs / 2, failed: false },
      { name: 'Store', startMs: totalMs / 2, endMs: totalMs, failed: true }
    )
    return report
  }

  it('is left out for a run of a few seconds', () => {
    assert.doesNotMatch(renderSummary(withPhases(PHASE_CHART_MIN_MS - 1)), /mermaid|details/)
  })

  it('is folded away in <details> for a longer run, a failed phase marked', async () => {
    const summary = renderSummary(withPhases(12_000))
    assert.ok(
      summary.includes(
        '<details><summary>Phases (12.0 s)</summary>\n\n```mermaid\ngantt\n  dateFormat x\n  axisFormat %M:%S\n  Preflight (6.0 s) :done, p0, 0, 6000\n  Store (6.0 s) :crit, p1, 6000, 12000\n```\n\n</details>\n'
      ),
      summary
    )
    await assertInertSummary(summary)
  })
})
