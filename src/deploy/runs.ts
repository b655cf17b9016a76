import { ActionError } from '../runtime/errors.ts'
import type { Octokit } from '../github/client.ts'
import { GitHubError } from '../github/errors.ts'
import { mapWithLimit } from '../runtime/concurrency.ts'
import { sleep } from '../runtime/retry.ts'
import type { DeployWorkflow } from './deploy-workflows.ts'

/** One dispatched deploy: what the summary, the `deploy-runs` output and the error show. */
export interface DeployRun {
  workflow: DeployWorkflow
  /** The run's page, only when it is one on the GitHub server (checked: it may become a link). */
  url: string | undefined
  /**
   * `success`, `failure`, `cancelled`, … as GitHub says; or `timed out`, `not followed` (a 204
   * without run details), `dispatch refused`, `not identified` (the dispatch's answer was lost and
   * its run could not be told), `follow failed` (the run could not be read).
   */
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
    let started: Started
    try {
      started = await dispatch(workflow, options)
    } catch (error) {
      if (!(error instanceof GitHubError && error.uncertain)) {
        options.info(`${workflow.label}: the dispatch was refused (${error instanceof Error ? error.message : 'unknown error'}).`)
        return done('dispatch refused')
      }
      // The answer was lost: the deploy may have started. Never dispatch again; look for the run.
      const found = await findDispatchedRun(workflow, startedAt, endsAt, options)
      if ('why' in found) {
        options.info(`${workflow.label}: the dispatch got no answer (${error.message}), and ${found.why}.`)
        return done('not identified')
      }
      started = found
    }
    if (started.runId === 0) return done('not followed')
    options.info(`${workflow.label}: deploy run started${started.url ? `: ${started.url}` : ` (run ${started.runId})`}`)
    return done(await follow(workflow, started.runId, endsAt, options), started.url)
  })
}

interface Started {
  runId: number
  url: string | undefined
}

/**
 * https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 * With `return_run_details` GitHub answers 200 with the run's id and page; an older GitHub
 * Enterprise Server answers 204 and nothing to follow (runId 0), and some refuse the field with
 * 400/422 naming it: that refusal started nothing, so the dispatch is sent once more without
 * the field (204, not followed). Never retried after a failure that may have started the
 * deploy (a timeout, a lost connection, a 5xx): that would start it twice.
 */
async function dispatch(workflow: DeployWorkflow, options: DeployOptions): Promise<Started> {
  const send = (details: boolean) =>
    options.github.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      owner: workflow.owner,
      repo: workflow.repo,
      workflow_id: workflow.file,
      ref: workflow.ref,
      ...(details ? { return_run_details: true } : {}),
      request: { retryUncertain: false },
    })
  let response: Awaited<ReturnType<typeof send>>
  try {
    response = await send(true)
  } catch (error) {
    if (!refusesRunDetails(error)) throw error
    options.info(
      `${workflow.label}: GitHub does not know \`return_run_details\` (an older GitHub Enterprise Server): dispatched without it.`
    )
    response = await send(false)
  }
  const data = (response.data ?? {}) as { workflow_run_id?: unknown; html_url?: unknown }
  const runId = typeof data.workflow_run_id === 'number' && Number.isSafeInteger(data.workflow_run_id) ? data.workflow_run_id : 0
  return { runId, url: runPage(data.html_url, workflow, runId, options.serverUrl) }
}

function refusesRunDetails(error: unknown): boolean {
  return (
    error instanceof GitHubError &&
    error.kind === 'http' &&
    (error.status === 400 || error.status === 422) &&
    error.message.includes('return_run_details')
  )
}

/** Runs GitHub may take to list a run it has just created: the list is read this many times at most. */
const LIST_READS = 4
/** How far before the dispatch a run may seem to start (the runner's clock against GitHub's). */
const CLOCK_SKEW_MS = 30_000

/**
 * After a dispatch whose answer was lost: the `workflow_dispatch` runs of the workflow on its
 * ref created since just before the dispatch. Exactly one is the run to follow; none (after a
 * few reads: GitHub lists a new run with a delay) or several cannot be told apart from another's.
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
 */
async function findDispatchedRun(
  workflow: DeployWorkflow,
  dispatchedAt: number,
  endsAt: number,
  options: DeployOptions
): Promise<Started | { why: string }> {
  const created = `>=${new Date(dispatchedAt - CLOCK_SKEW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
  for (let read = 1; ; read++) {
    let runs: Array<{ id: number; html_url?: string; head_branch?: string | null }>
    try {
      const { data } = await options.github.rest.actions.listWorkflowRuns({
        owner: workflow.owner,
        repo: workflow.repo,
        workflow_id: workflow.file,
        event: 'workflow_dispatch',
        created,
        per_page: 10,
      })
      runs = data.workflow_runs.filter(run => run.head_branch === branchOf(workflow.ref))
    } catch (error) {
      return {
        why: `its runs could not be listed to find the one it started (${error instanceof Error ? error.message : 'unknown error'})`,
      }
    }
    if (runs.length === 1) return { runId: runs[0].id, url: runPage(runs[0].html_url, workflow, runs[0].id, options.serverUrl) }
    if (runs.length > 1)
      return { why: `${runs.length} runs started since: the deploy may have started twice, and which run is this one's cannot be told` }
    const wait = Math.min(options.pollMs, endsAt - Date.now())
    if (read >= LIST_READS || wait <= 0) return { why: 'no run of it appeared: the deploy could not be identified' }
    await sleep(wait)
  }
}

/** The branch or tag name a run lists as `head_branch` for a dispatch on `ref`. */
function branchOf(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags)\//, '')
}

/**
 * Polls the run until it completes. A read that fails for good (the client has retried what
 * may pass) ends the following as `follow failed`: the run's outcome is unknown, so the
 * rotation must not go on to revoke.
 * https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run
 */
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
    } catch (error) {
      options.info(`${workflow.label}: run ${runId} could not be read (${error instanceof Error ? error.message : 'unknown error'}).`)
      return 'follow failed'
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
