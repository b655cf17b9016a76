/**
 * The words of the alert: the issue's title and body, the comments on later failures and the
 * closing comment. Only names, dates, counts and links go in; never a secret value (the alert
 * receives none apart from its own GitHub token, which it never writes anywhere).
 *
 * The body starts with a hidden marker that names the secret and the issue's level, so the
 * issue is found again (among the open issues with the label) and knows what closes it.
 */
import type { Healthy, Level, Problem } from './decide.ts'

export interface RunContext {
  operation: string
  secretName: string
  workflow: string
  runUrl: string
  expiry: string
  /** ISO 8601 time of this run. */
  now: string
}

const MARKER = /<!--\s*meta-token-keeper-alert\s+secret="([A-Za-z0-9_]*)"\s+level="(check|write)"\s*-->/

export function marker(secretName: string, level: Level): string {
  return `<!-- meta-token-keeper-alert secret="${secretName}" level="${level}" -->`
}

export function readMarker(body: string | null | undefined): { secretName: string; level: Level } | undefined {
  const match = MARKER.exec(body ?? '')
  return match ? { secretName: match[1], level: match[2] as Level } : undefined
}

/** The body with its marker's level replaced (a write-level failure on a check-level issue). */
export function withLevel(body: string, secretName: string, level: Level): string {
  const other: Level = level === 'check' ? 'write' : 'check'
  const updated = body.replace(closesWhen(other), closesWhen(level))
  return MARKER.test(updated) ? updated.replace(MARKER, marker(secretName, level)) : `${marker(secretName, level)}\n${updated}`
}

function facts(problemOrNote: string | undefined, ctx: RunContext): string {
  const rows = [
    ['Secret', ctx.secretName ? `\`${ctx.secretName}\`` : '(not named)'],
    ['Operation', `\`${ctx.operation}\``],
    ['Workflow', ctx.workflow || '(unknown)'],
    ['Run', ctx.runUrl ? `[${ctx.runUrl.replace(/^https?:\/\/[^/]+\//, '')}](${ctx.runUrl})` : '(unknown)'],
    ['Token', ctx.expiry],
    ['When', ctx.now],
  ]
  const table = ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n')
  return problemOrNote ? `${problemOrNote}\n\n${table}` : table
}

function todoList(problem: Problem): string {
  return problem.todo.map((step, index) => `${index + 1}. ${step}`).join('\n')
}

export function issueTitle(problem: Problem, ctx: RunContext): string {
  const subject = ctx.secretName ? `Meta token ${ctx.secretName}` : 'Meta token'
  return `${subject}: ${problem.title.replace(/`/g, '')}`
}

export function issueBody(problem: Problem, ctx: RunContext): string {
  return [
    marker(ctx.secretName, problem.level),
    `## ${capitalize(problem.title)}`,
    facts(problem.details, ctx),
    '### What to do',
    todoList(problem),
    '---',
    `Opened by Meta Token Keeper's alert. Later failures are added here as comments, never as a new issue. ${closesWhen(problem.level)}`,
  ].join('\n\n')
}

export function failureComment(problem: Problem, ctx: RunContext): string {
  return [`### Failed again: ${problem.title}`, facts(problem.details, ctx), '**What to do**', todoList(problem)].join('\n\n')
}

export function closingComment(healthy: Healthy, ctx: RunContext): string {
  return [`### ✅ Healthy again`, facts(capitalize(healthy.summary), ctx), 'Closing this issue. A later failure opens a new one.'].join(
    '\n\n'
  )
}

export function closesWhen(level: Level): string {
  return level === 'check'
    ? 'The next healthy run (a passing `check`, or a successful `rotate`, `refresh` or `generate`) closes it.'
    : 'The next successful `rotate`, `refresh` or `generate` closes it (a passing `check` alone does not: it does not show that rotation works again).'
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
