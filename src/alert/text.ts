/**
 * The words of the alert: the issue's title and body, the comments on later failures and the
 * closing comment. Only names, dates, counts, the main action's (secret-free) messages and a
 * link to the run go in, never a secret value. Everything from outside is inert (inert.ts): the
 * workflow's name and the messages through the main action's markdownText, the run link only
 * when it is a run page on this GitHub server.
 *
 * The body starts with a hidden marker that names the secret and the issue's level (and whether
 * it is also about the admin token), so the issue is found again (among the open issues with the
 * label, created by the alert's own token) and knows what closes it.
 */
import { createHash } from 'node:crypto'
import type { AdminProblem, Healthy, Level, Problem } from './decide.ts'
import { code, inert } from '../text/alert-inert.ts'

export interface RunContext {
  /** owner/repo of the issues: with the secret name, what the marker's key is made of. */
  repository: string
  operation: string
  secretName: string
  workflow: string
  /** A run page checked by runPageUrl, or ''. */
  runUrl: string
  expiry: string
  /** ISO 8601 time of this run. */
  now: string
}

export interface Marker {
  secretName: string
  key: string
  level: Level
  admin: boolean
}

const MARKER =
  /<!--\s*meta-token-keeper-alert\s+secret="([A-Za-z0-9_]*)"\s+key="([0-9a-f]{20})"\s+level="(check|write)"(\s+admin="true")?\s*-->/

/** GitHub refuses longer titles. */
const MAX_TITLE = 256

/**
 * What ties an issue to one repository and secret: no other workflow writes it by accident (a
 * marker copied from another repository's issue, or written for another secret, has another
 * key). Issues with a marker of an older form (no key) are not adopted: close them by hand.
 */
export function markerKey(repository: string, secretName: string): string {
  return createHash('sha256').update(`meta-token-keeper-alert\n${repository.toLowerCase()}\n${secretName}`).digest('hex').slice(0, 20)
}

export function marker(repository: string, secretName: string, level: Level, admin = false): string {
  const key = markerKey(repository, secretName)
  return `<!-- meta-token-keeper-alert secret="${secretName}" key="${key}" level="${level}"${admin ? ' admin="true"' : ''} -->`
}

export function readMarker(body: string | null | undefined): Marker | undefined {
  const match = MARKER.exec(body ?? '')
  return match ? { secretName: match[1], key: match[2], level: match[3] as Level, admin: match[4] !== undefined } : undefined
}

/** The body with its marker (and the sentence that says what closes it) for this level and admin flag. */
export function withMarker(body: string, repository: string, secretName: string, level: Level, admin: boolean): string {
  // One pass, the longer sentences first: each sentence without the admin part begins the one with it.
  const sentences = [CLOSES, CLOSED_BEFORE].flatMap(words =>
    [true, false].flatMap(oldAdmin => (['check', 'write'] as const).map(oldLevel => closesWhen(oldLevel, oldAdmin, words)))
  )
  const anySentence = new RegExp(sentences.map(sentence => sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))
  const updated = body.replace(anySentence, closesWhen(level, admin))
  return MARKER.test(updated)
    ? updated.replace(MARKER, marker(repository, secretName, level, admin))
    : `${marker(repository, secretName, level, admin)}\n${updated}`
}

function runCell(runUrl: string): string {
  if (!runUrl) return '(unknown)'
  const path = new URL(runUrl).pathname.slice(1)
  return `[${inert(path)}](${runUrl})`
}

function facts(problemOrNote: string | undefined, ctx: RunContext): string {
  const [secret, ...rows] = [
    ['Secret', ctx.secretName ? `\`${ctx.secretName}\`` : '(not named)'],
    ['Operation', code(ctx.operation)],
    ['Workflow', inert(ctx.workflow, 100) || '(unknown)'],
    ['Run', runCell(ctx.runUrl)],
    ['Token', ctx.expiry],
    ['When', ctx.now],
  ]
  // The secret heads the table: a key/value table has no header of its own.
  const table = [`| ${secret[0]} | ${secret[1]} |`, '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n')
  return problemOrNote ? `${problemOrNote}\n\n${table}` : table
}

function numbered(steps: string[]): string {
  return steps.map((step, index) => `${index + 1}. ${step}`).join('\n')
}

/** The problem's sections after its facts: what went wrong, what to do, the admin token. */
function sections(problem: Problem, heading: (title: string) => string): string[] {
  const parts: string[] = []
  if (problem.cause) parts.push(heading('What went wrong'), problem.cause)
  if (problem.todo.length > 0) parts.push(heading('What to do'), numbered(problem.todo))
  if (problem.admin) parts.push(heading('The admin token'), adminText(problem.admin))
  return parts
}

function adminText(admin: AdminProblem): string {
  return `${admin.line}\n\n${numbered(admin.todo)}`
}

/** One line of plain text: GitHub renders little Markdown in titles, so the code marks go. */
export function issueTitle(problem: Problem, ctx: RunContext): string {
  const subject = ctx.secretName ? `Meta token ${ctx.secretName}` : 'Meta token'
  const title = `${subject}: ${problem.title.replace(/`/g, '')}`.replace(/\s+/g, ' ')
  return [...title].length > MAX_TITLE ? `${[...title].slice(0, MAX_TITLE - 1).join('')}…` : title
}

export function issueBody(problem: Problem, ctx: RunContext): string {
  const admin = problem.admin !== undefined
  return [
    marker(ctx.repository, ctx.secretName, problem.level, admin),
    `## ${capitalize(problem.title)}`,
    facts(problem.details, ctx),
    ...sections(problem, title => `### ${title}`),
    '---',
    `Opened by Meta Token Keeper's alert. Later failures are added here as comments, never as a new issue. ${closesWhen(problem.level, admin)}`,
  ].join('\n\n')
}

export function failureComment(problem: Problem, ctx: RunContext): string {
  return [`### Failed again: ${problem.title}`, facts(problem.details, ctx), ...sections(problem, title => `**${title}**`)].join('\n\n')
}

export function closingComment(healthy: Healthy, ctx: RunContext): string {
  return [`### ✅ Healthy again`, facts(capitalize(healthy.summary), ctx), 'Closing this issue. A later failure opens a new one.'].join(
    '\n\n'
  )
}

const CLOSES: Record<Level, string> = {
  check:
    'The next healthy run (a passing `check`, or a successful `rotate`, `refresh`, `generate` or `emergency` that stores a replacement) closes it.',
  write:
    'The next successful `rotate`, `refresh`, `generate` or `emergency` that stores a replacement closes it (a passing `check` alone does not: it does not show that rotation works again).',
}

/** What 1.0.0 wrote, so that raising the level of an issue it opened replaces its sentence too. */
const CLOSED_BEFORE: Record<Level, string> = {
  check: 'The next healthy run (a passing `check`, or a successful `rotate`, `refresh` or `generate`) closes it.',
  write:
    'The next successful `rotate`, `refresh` or `generate` closes it (a passing `check` alone does not: it does not show that rotation works again).',
}

export function closesWhen(level: Level, admin = false, words: Record<Level, string> = CLOSES): string {
  const base = words[level]
  return admin
    ? `${base} It is also about the admin token, so only a scheduled run that checks the admin token and finds it fine closes it.`
    : base
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
