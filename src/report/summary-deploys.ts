import { markdownText } from '../text/inert-text.ts'
import type { Report } from './report.ts'

/**
 * The summary's deploy runs and the chart of the rotation's phases. Workflow paths were validated
 * as inputs (and are escaped all the same), conclusions are GitHub's words checked to be letters,
 * phase names are the action's own, and the only links are run pages checked to be on the GitHub
 * server.
 */
export function renderDeploys(report: Report): string[] {
  if (report.deployRuns.length === 0) return []
  const lines = ['### Deploy runs', '', '| Repository | Workflow | Run | Conclusion | Duration |', '|---|---|---|---|---|']
  for (const run of report.deployRuns) {
    const { owner, repo, file, ref } = run.workflow
    const link = run.url ? `[run](${run.url})` : '—'
    lines.push(
      `| ${markdownText(`${owner}/${repo}`)} | ${markdownText(`${file}@${ref}`)} | ${link} | ${run.conclusion} | ${seconds(run.endedAt - run.startedAt)} |`
    )
  }
  lines.push('')
  return lines
}

/** A run shorter than this gets no chart: its phases are too short to tell apart, and the table says enough. */
export const PHASE_CHART_MIN_MS = 5_000
/** A phase shorter than this share of the run would be a label at "(0.0 s)" under no bar: it is left out of the chart. */
const PHASE_MIN_SHARE = 0.02

/**
 * A Mermaid gantt chart (GitHub renders Mermaid in job summaries) of the phases the run went
 * through, with their durations; a phase that failed is marked critical. Folded away in a
 * `<details>` block, and only when it shows something: a run that took long enough, with at
 * least two phases long enough to see (the others are left out: the log has them).
 */
export function renderPhases(report: Report): string[] {
  if (report.phases.length < 2) return []
  const totalMs = Math.max(...report.phases.map(phase => phase.endMs))
  if (totalMs < PHASE_CHART_MIN_MS) return []
  const visible = report.phases.filter(phase => phase.failed || phase.endMs - phase.startMs >= totalMs * PHASE_MIN_SHARE)
  if (visible.length < 2) return []
  const lines = [
    `<details><summary>Phases (${seconds(totalMs)})</summary>`,
    '',
    '```mermaid',
    'gantt',
    '  dateFormat x',
    '  axisFormat %M:%S',
  ]
  visible.forEach((phase, index) => {
    const tags = [phase.failed ? 'crit' : 'done', `p${index}`].join(', ')
    // Mermaid wants a start before the end: a phase of 0 ms is drawn as 1 ms.
    lines.push(
      `  ${phase.name} (${seconds(phase.endMs - phase.startMs)}) :${tags}, ${phase.startMs}, ${Math.max(phase.endMs, phase.startMs + 1)}`
    )
  })
  lines.push('```', '', '</details>', '')
  return lines
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`
}
