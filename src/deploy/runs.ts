import { ActionError } from '../runtime/errors.ts'
import type { Octokit } from '../github/client.ts'
import { GitHubError } from '../github/errors.ts'
import { mapWithLimit } from '../runtime/concurrency.ts'
import { sleep } from '../runtime/retry.ts'
import type { DeployWorkflow } from './targets.ts'

/** One dispatched deploy: what the summary, the `deploy-runs` output and the error show. */
export interface DeployRun {
  workflow: DeployWorkflow
  /** The run's page, only when it is one on the GitHub server (checked: it may become a link). */
  url: string | undefined
  /** `success`, `failure`, `cancelled`, … as GitHub says; or `timed out`, `not followed`, `dispatch refused`. */
  conclusion: string
  startedAt: number
  endedAt: number
}

export interface DeployOptions {
  github: Octokit
  serverUrl: string
  timeoutMs: number
  pollMs: number
  info: (message: string) => void
  debug: (message: string) => void
}

/** Dispatches in flight at once; the client's own limit (10 writes) applies as well. */
const DISPATCHES_AT_ONCE = 10

/**
 * Before Meta is asked for anything: every workflow exists and is active. Whether the token may
 * dispatch it cannot be read in advance (a refused dispatch is a failed deploy).
 * https://docs.github.com/en/rest/actions/workflows#get-a-workflow
 */
export async function preflightDeploys(github: Octokit, workflows: DeployWorkflow[]): Promise<ActionError[]> {
  const failures = await Promise.all(
    workflows.map(async (workflow): Promise<ActionError | undefined> => {
      try {
        const { data } = await github.rest.actions.getWorkflow({ owner: workflow.owner, repo: workflow.repo, workflow_id: workflow.file })
        if (data.state === 'active') return undefined
        return new ActionError(
          'check deploy workflows',
          `${workflow.label}: the workflow is ${data.state === 'disabled_inactivity' ? 'disabled for inactivity' : 'disabled'}.`,
          `Enable it in ${workflow.owner}/${workflow.repo} (Actions → the workflow → Enable workflow).`
        )
      } catch (error) {
        if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 403)) throw error
        return new ActionError(
          'check deploy workflows',
          `${workflow.label}: GitHub answered ${error.status}: the workflow does not exist, or \`github-token\` may not see it.`,
          `Check the path and the repository, and give the token "Actions: write" on ${workflow.owner}/${workflow.repo} (permission-actions: write for a GitHub App).`
        )
      }
    })
  )
  return failures.filter((failure): failure is ActionError => failure !== undefined)
}

/**
 * Starts every deploy workflow at once (on the ref it names) and follows each run until it
 * completes or the time is up. Never throws: each run says how it ended.
 */
export async function runDeploys(workflows: DeployWorkflow[], options: DeployOptions): Promise<DeployRun[]> {
  const endsAt = Date.now() + options.timeoutMs
  return mapWithLimit(workflows, DISPATCHES_AT_ONCE, async workflow => {
    const startedAt = Date.now()
    const done = (conclusion: string, url?: string): DeployRun => ({ workflow, url, conclusion, startedAt, endedAt: Date.now() })
    let runId: number
    let url: string | undefined
    try {
      ;({ runId, url } = await dispatch(workflow, options))
    } catch (error) {
      options.info(`${workflow.label}: the dispatch was refused (${error instanceof Error ? error.message : 'unknown error'}).`)
      return done('dispatch refused')
    }
    if (runId === 0) return done('not followed')
    options.info(`${workflow.label}: deploy run started${url ? `: ${url}` : ` (run ${runId})`}`)
    return done(await follow(workflow, runId, endsAt, options), url)
  })
}

/**
 * https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 * With `return_run_details` GitHub answers 200 with the run's id and page; an older GitHub
 * Enterprise Server answers 204 and nothing to follow (runId 0).
 */
async function dispatch(workflow: DeployWorkflow, options: DeployOptions): Promise<{ runId: number; url: string | undefined }> {
  const response = await options.github.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
    owner: workflow.owner,
    repo: workflow.repo,
    workflow_id: workflow.file,
    ref: workflow.ref,
    return_run_details: true,
  })
  const data = (response.data ?? {}) as { workflow_run_id?: unknown; html_url?: unknown }
  const runId = typeof data.workflow_run_id === 'number' && Number.isSafeInteger(data.workflow_run_id) ? data.workflow_run_id : 0
  return { runId, url: runPage(data.html_url, workflow, runId, options.serverUrl) }
}

/** https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run */
async function follow(workflow: DeployWorkflow, runId: number, endsAt: number, options: DeployOptions): Promise<string> {
  for (;;) {
    const wait = Math.min(options.pollMs, endsAt - Date.now())
    if (wait > 0) await sleep(wait)
    let status: string
    let conclusion: string | null | undefined
    try {
      const { data } = await options.github.rest.actions.getWorkflowRun({ owner: workflow.owner, repo: workflow.repo, run_id: runId })
      status = String(data.status ?? 'unknown')
      conclusion = data.conclusion
    } catch {
      return 'not followed'
    }
    options.debug(`Deploy run ${runId} of ${workflow.label}: ${status}${conclusion ? ` (${conclusion})` : ''}`)
    if (status === 'completed') return safeWord(conclusion ?? 'unknown')
    if (Date.now() >= endsAt) return 'timed out'
  }
}

/** GitHub's run page, only when it is exactly one on this server: the one kind of link the summary may carry. */
function runPage(raw: unknown, workflow: DeployWorkflow, runId: number, serverUrl: string): string | undefined {
  if (typeof raw !== 'string' || runId === 0) return undefined
  const expected = `${serverUrl}/${workflow.owner}/${workflow.repo}/actions/runs/${runId}`
  return raw.toLowerCase() === expected.toLowerCase() && expected.startsWith('https://') ? expected : undefined
}

/** A conclusion as GitHub spells them (letters and `_`); anything else is not passed on. */
function safeWord(text: string): string {
  return /^[a-z_]{1,30}$/.test(text) ? text : 'unknown'
}
