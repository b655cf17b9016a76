/**
 * The alert action: after the reusable workflow's job, open one issue when the run failed or
 * the token expires within `min-days-remaining` days, comment on it on later failures, and close
 * it on the next healthy run. See decide.ts for the rules and text.ts for the words.
 */
import { describeError } from '../runtime/errors.ts'
import { secretParts } from '../inputs/rules.ts'
import { createGitHubClient, type Octokit } from '../github/client.ts'
import { GitHubError } from '../github/errors.ts'
import { createFetch } from '../runtime/http.ts'
import { type ActionIO, coreIO } from '../runtime/io.ts'
import { createRunLog, type RunLog } from '../report/run-log.ts'
import { Deadline } from '../runtime/retry.ts'
import { timingFromEnv } from '../runtime/timing.ts'
import { expiryText, judge, nextStep, type Step, type Verdict } from './decide.ts'
import { parseAlertConfig, type AlertConfig } from './inputs.ts'
import { type FoundIssue, IssueTracker } from './issues.ts'
import { closingComment, failureComment, issueBody, issueTitle, type RunContext } from './text.ts'

const REQUEST_TIMEOUT_MS = 30_000

/** What the alert did: the `action` output. */
type Done = 'opened' | 'commented' | 'closed' | 'none'

export async function main(io: ActionIO, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): Promise<void> {
  // The main action's rule: a value too short to be a token (`false`) is refused, not masked.
  for (const part of secretParts(io.getInput('github-token'))) io.setSecret(part)
  // GitHub's messages are quoted in the log: printed through the run log, which makes them inert.
  const log = createRunLog(io, text => text)

  let config: AlertConfig
  try {
    config = parseAlertConfig(name => io.getInput(name), env)
  } catch (error) {
    log.failed(describeError(error), undefined)
    return
  }
  for (const note of config.ignored) log.warning(note)

  const verdict = judge(config.facts)
  io.setOutput('verdict', verdict.kind)
  if (verdict.kind === 'neutral') {
    await report(io, log, 'none', `No alert: ${verdict.reason}.`)
    return
  }

  const ctx: RunContext = {
    repository: `${config.owner}/${config.repo}`,
    operation: config.facts.operation,
    secretName: config.facts.secretName,
    workflow: config.workflow,
    runUrl: config.runUrl,
    expiry: expiryText(config.facts),
    now: now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  }

  let step: Step | undefined
  try {
    const tracker = new IssueTracker(await githubApi(config, env, log), config.owner, config.repo, config.label, config.serverUrl)
    const { found: issue, foreign } = await tracker.findOpen(config.facts.secretName)
    if (foreign.length > 0) {
      log.warning(
        `${foreign.map(n => `#${n}`).join(', ')} ${foreign.length === 1 ? 'has' : 'have'} the label "${config.label}" and this secret's marker but ${foreign.length === 1 ? 'was' : 'were'} not opened by the alert's token, so ${foreign.length === 1 ? 'it is' : 'they are'} left alone.`
      )
    }
    step = nextStep(verdict, issue)
    const done = await apply(step, verdict, issue, tracker, ctx, config, io, log)
    if (verdict.kind === 'problem' && config.facts.outcome === 'success') log.warning(`${issueTitle(verdict, ctx)}. ${verdict.details}`)
    await report(io, log, done.action, done.message)
  } catch (error) {
    const message = `Alert issue not ${describeStep(step, verdict)}: ${explain(error, config)}`
    // A problem that nobody hears about is worse than a red run; a missed close is only noise.
    if (verdict.kind === 'problem') log.failed(message, undefined)
    else log.warning(message)
    io.setOutput('action', 'none')
  }
}

function githubApi(config: AlertConfig, env: NodeJS.ProcessEnv, log: RunLog): Promise<Octokit> {
  const timing = timingFromEnv(env)
  return createGitHubClient({
    fetch: createFetch(env),
    token: config.githubToken,
    baseUrl: config.githubApiUrl,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    timing,
    deadline: new Deadline(timing.deadlineMs),
    debug: log.debug,
    onRetry: (route, error, waitMs) =>
      log.info(`GitHub ${route}: ${error.message.replace(/^GitHub: /, '')}; retrying in ${(waitMs / 1000).toFixed(1)} s`),
  })
}

async function apply(
  step: Step,
  verdict: Verdict,
  issue: FoundIssue | undefined,
  tracker: IssueTracker,
  ctx: RunContext,
  config: AlertConfig,
  io: ActionIO,
  log: RunLog
): Promise<{ action: Done; message: string }> {
  if (step.do === 'none') return { action: 'none', message: `No alert: ${step.why}.` }
  if (step.do === 'open' && verdict.kind === 'problem') {
    const opened = await tracker.open(issueTitle(verdict, ctx), issueBody(verdict, ctx))
    setIssue(io, opened.number, opened.url)
    if (!opened.labelled)
      log.warning(
        `Issue #${opened.number} was created without the label "${config.label}" (the token may not set labels), so later runs will not find it: give the job \`issues: write\`.`
      )
    return { action: 'opened', message: `Opened issue #${opened.number}${opened.url ? `: ${opened.url}` : '.'}` }
  }
  if (step.do === 'comment' && verdict.kind === 'problem' && issue) {
    await tracker.comment(issue.number, failureComment(verdict, ctx))
    await tracker.updateMarker(issue, config.facts.secretName, step.level, step.admin)
    setIssue(io, issue.number, issue.url)
    return { action: 'commented', message: `Commented on the open issue #${issue.number}${issue.url ? `: ${issue.url}` : '.'}` }
  }
  if (step.do === 'close' && verdict.kind === 'healthy' && issue) {
    await tracker.close(issue.number, closingComment(verdict, ctx))
    setIssue(io, issue.number, issue.url)
    return { action: 'closed', message: `Closed issue #${issue.number}: ${verdict.summary}` }
  }
  throw new Error(`inconsistent alert step ${step.do} for a ${verdict.kind} verdict`)
}

function setIssue(io: ActionIO, number: number, url: string): void {
  io.setOutput('issue-number', String(number))
  if (url) io.setOutput('issue-url', url)
}

/**
 * `message` is Markdown whose outside parts are inert already: the verdict's words (decide.ts
 * puts every outside value in through inert.ts) and issue URLs checked to be on this server.
 */
async function report(io: ActionIO, log: RunLog, action: Done, message: string): Promise<void> {
  io.setOutput('action', action)
  log.info(message)
  await io.writeSummary(`### Meta token alert\n\n${message}\n`).catch(() => log.info('No job summary written.'))
}

function describeStep(step: Step | undefined, verdict: Verdict): string {
  if (!step) return verdict.kind === 'problem' ? 'opened or updated' : 'closed'
  return { open: 'opened', comment: 'updated', close: 'closed', none: 'checked' }[step.do]
}

/** A GitHub failure turned into what to do about it. */
export function explain(error: unknown, config: AlertConfig): string {
  const where = `${config.owner}/${config.repo}`
  if (!(error instanceof GitHubError)) return describeError(error)
  if (error.status === 401)
    return "GitHub answered 401 (bad credentials): pass the workflow's own token, `github-token: ${{ github.token }}`."
  if (error.status === 403 && !error.isRateLimit) {
    return `GitHub answered 403 (${error.githubMessage}): the token may not manage issues in ${where}. Give the job \`permissions: issues: write\`; a calling workflow must grant it to the job that calls the reusable workflow.`
  }
  if (error.status === 404) return `GitHub answered 404: ${where} was not found or is not visible to the token.`
  if (error.status === 410)
    return `Issues are disabled in ${where}: enable them (Settings → General → Features → Issues), or call the reusable workflow with \`alert: false\`.`
  return `${error.message}.`
}

export async function run(): Promise<void> {
  await main(coreIO(), process.env)
}
