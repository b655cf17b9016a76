/**
 * Workflows and their runs, for the deploy-workflows feature: read a workflow, dispatch it
 * (with `return_run_details`, answered 200 with the run, or 204 as older GitHub Enterprise
 * Server does), read a run. Each run follows a script: it completes with a conclusion after a
 * number of reads, or never.
 * https://docs.github.com/en/rest/actions/workflows, https://docs.github.com/en/rest/actions/workflow-runs
 */
import { DOCS, fail, invalid, notFound } from './errors.ts'
import type { Reply } from './errors.ts'
import type { Ctx } from './routing.ts'
import { requireRepo } from './scopes.ts'
import type { GitHubState } from './state.ts'
import { parseObjectBody, requirePermission } from './validation.ts'

export interface WorkflowOptions {
  /** `active` (default), `disabled_manually`, `disabled_inactivity`. */
  state?: string
  /** What every run of it ends with; `never` keeps it in progress. Default `success`. */
  conclusion?: string | 'never'
  /** Reads of a run before it reports completed; default 1. */
  readsUntilDone?: number
  /** Answer a dispatch 204 without run details, as older GitHub Enterprise Server does. */
  noRunDetails?: boolean
  /**
   * Refuse a dispatch that asks for `return_run_details` with this status, naming the field, as
   * some older GitHub Enterprise Server versions do (github.md §5.8); one without it gets 204.
   */
  rejectRunDetails?: 400 | 422
  /** Inputs without defaults: a dispatch that does not give them is refused with 422. */
  requiredInputs?: string[]
  /** The run page to answer instead of the real one (a hostile or broken server). */
  htmlUrl?: string
  /** The file has no `workflow_dispatch` trigger (GitHub refuses a dispatch with 422). */
  noDispatchTrigger?: boolean
  /** The file's text at every ref, instead of the one built from the options above. */
  text?: string
}

/** The workflow file as its repository holds it: the triggers and inputs the options describe. */
export function workflowText(options: WorkflowOptions): string {
  if (options.text !== undefined) return options.text
  if (options.noDispatchTrigger)
    return 'name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n'
  const inputs = (options.requiredInputs ?? [])
    .map(name => `      ${name}:\n        description: '${name}'\n        required: true\n`)
    .join('')
  return `name: Deploy\non:\n  push:\n    branches: [main]\n  workflow_dispatch:\n${inputs ? `    inputs:\n${inputs}` : ''}jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n`
}

export interface FakeRun {
  id: number
  repo: string
  file: string
  ref: string
  reads: number
  dispatchedAt: number
  completedAt: number | undefined
  options: WorkflowOptions
}

export const WORKFLOWS_DOCS = `${DOCS}/actions/workflows`
export const RUNS_DOCS = `${DOCS}/actions/workflow-runs`
export const SERVER_URL = 'https://github.com'
export const CONTENTS_DOCS = `${DOCS}/repos/contents#get-repository-content`

export class WorkflowRuns {
  private readonly state: GitHubState
  private readonly baseUrl: () => string
  private readonly workflows = new Map<string, { id: number; file: string; options: WorkflowOptions }>()
  readonly runs: FakeRun[] = []
  private nextId = 9_000_001

  constructor(state: GitHubState, baseUrl: () => string) {
    this.state = state
    this.baseUrl = baseUrl
  }

  add(repo: string, file: string, options: WorkflowOptions = {}): void {
    this.workflows.set(`${repo.toLowerCase()}/${file}`, { id: this.nextId++, file, options })
  }

  get(c: Ctx): Reply {
    const workflow = this.find(c)
    requirePermission(c, 'actions', 'read')
    const path = `.github/workflows/${workflow.file}`
    return { status: 200, body: { id: workflow.id, name: workflow.file, path, state: workflow.options.state ?? 'active' } }
  }

  dispatch(c: Ctx): Reply {
    const workflow = this.find(c)
    requirePermission(c, 'actions', 'write')
    const body = parseObjectBody(c)
    if (typeof body.ref !== 'string' || body.ref === '') throw invalid('ref is required', c.doc)
    if ((workflow.options.state ?? 'active') !== 'active' || workflow.options.noDispatchTrigger)
      throw fail(422, "Workflow does not have 'workflow_dispatch' trigger", c.doc)
    const rejected = workflow.options.rejectRunDetails
    if (rejected && 'return_run_details' in body) throw fail(rejected, '"return_run_details" is not a permitted key.', c.doc)
    const given = (body.inputs ?? {}) as Record<string, unknown>
    const missing = (workflow.options.requiredInputs ?? []).find(name => !(name in given))
    if (missing) throw fail(422, `Required input '${missing}' not provided`, c.doc)
    const repo = requireRepo(this.state, c)
    const run: FakeRun = {
      id: this.nextId++,
      repo: repo.fullName,
      file: workflow.file,
      ref: body.ref,
      reads: 0,
      dispatchedAt: Date.now(),
      completedAt: undefined,
      options: workflow.options,
    }
    this.runs.push(run)
    if (body.return_run_details !== true || workflow.options.noRunDetails || rejected) return { status: 204 }
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${this.baseUrl()}/repos/${repo.fullName}/actions/runs/${run.id}`,
        html_url: this.htmlUrl(run),
      },
    }
  }

  read(c: Ctx): Reply {
    const repo = requireRepo(this.state, c)
    requirePermission(c, 'actions', 'read')
    const run = this.runs.find(r => String(r.id) === c.params.run_id && r.repo.toLowerCase() === repo.fullName.toLowerCase())
    if (!run) throw notFound(c.doc)
    run.reads++
    const { conclusion = 'success', readsUntilDone = 1 } = run.options
    const done = conclusion !== 'never' && run.reads >= readsUntilDone
    if (done) run.completedAt ??= Date.now()
    return {
      status: 200,
      body: {
        id: run.id,
        name: run.file,
        head_branch: run.ref,
        status: done ? 'completed' : run.reads === 1 ? 'queued' : 'in_progress',
        conclusion: done ? conclusion : null,
        html_url: this.htmlUrl(run),
      },
    }
  }

  /**
   * GET …/workflows/{id}/runs, with the filters the action uses: `event` (every fake run is a
   * `workflow_dispatch`), `branch` and `created` (`>=ISO`, `>ISO`, `<=ISO`, `<ISO`, `A..B` or a
   * bare date-time, GitHub's search syntax for dates). Newest first, like GitHub.
   * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
   */
  list(c: Ctx): Reply {
    const workflow = this.find(c)
    const repo = requireRepo(this.state, c)
    requirePermission(c, 'actions', 'read')
    const { event, branch, created } = c.query
    const inRange = createdFilter(created, c.doc)
    const runs = this.runs
      .filter(r => r.repo.toLowerCase() === repo.fullName.toLowerCase() && r.file === workflow.file)
      .filter(r => (event === undefined || event === 'workflow_dispatch') && (branch === undefined || r.ref === branch))
      .filter(r => inRange(r.dispatchedAt))
      .sort((a, b) => b.dispatchedAt - a.dispatchedAt || b.id - a.id)
    return {
      status: 200,
      body: {
        total_count: runs.length,
        workflow_runs: runs.map(r => ({
          id: r.id,
          name: r.file,
          head_branch: r.ref,
          event: 'workflow_dispatch',
          status: 'queued',
          conclusion: null,
          created_at: new Date(Math.floor(r.dispatchedAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
          html_url: this.htmlUrl(r),
        })),
      },
    }
  }

  /**
   * GET /repos/{owner}/{repo}/contents/.github/workflows/{file}?ref=…: the workflow file (base64),
   * the same at every ref.
   * https://docs.github.com/en/rest/repos/contents#get-repository-content
   */
  content(c: Ctx): Reply {
    const repo = requireRepo(this.state, c)
    requirePermission(c, 'contents', 'read')
    const file = c.params.file ?? /^\.github\/workflows\/([^/]+)$/.exec(c.params.path)?.[1]
    const workflow = this.workflows.get(`${repo.fullName.toLowerCase()}/${file}`)
    if (!workflow) throw notFound(CONTENTS_DOCS)
    const text = workflowText(workflow.options)
    const path = `.github/workflows/${workflow.file}`
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(text),
        name: workflow.file,
        path,
        content: Buffer.from(text)
          .toString('base64')
          .replace(/(.{60})/g, '$1\n'),
        sha: 'f'.repeat(40),
      },
    }
  }

  /** A run that someone else dispatched (by hand, or another job), `agoMs` before now. */
  addRun(repo: string, file: string, ref: string, agoMs = 0): FakeRun {
    const workflow = this.workflows.get(`${repo.toLowerCase()}/${file}`)
    if (!workflow) throw new Error(`no workflow ${repo}/${file}`)
    const run: FakeRun = {
      id: this.nextId++,
      repo,
      file,
      ref,
      reads: 0,
      dispatchedAt: Date.now() - agoMs,
      completedAt: undefined,
      options: workflow.options,
    }
    this.runs.push(run)
    return run
  }

  private htmlUrl(run: FakeRun): string {
    return run.options.htmlUrl ?? `${SERVER_URL}/${run.repo}/actions/runs/${run.id}`
  }

  private find(c: Ctx): { id: number; file: string; options: WorkflowOptions } {
    const repo = requireRepo(this.state, c)
    const workflow = this.workflows.get(`${repo.fullName.toLowerCase()}/${c.params.workflow_id}`)
    if (!workflow) throw notFound(c.doc)
    return workflow
  }
}

/** GitHub's `created` filter: whole seconds, as GitHub compares them. */
function createdFilter(created: string | undefined, doc: string): (ms: number) => boolean {
  if (created === undefined) return () => true
  const at = (text: string) => {
    const ms = Date.parse(text)
    if (!Number.isFinite(ms)) throw invalid(`created: ${JSON.stringify(created)} is not a date-time range`, doc)
    return ms
  }
  const seconds = (ms: number) => Math.floor(ms / 1000) * 1000
  const range = /^(.+)\.\.(.+)$/.exec(created)
  if (range) return ms => seconds(ms) >= at(range[1]) && seconds(ms) <= at(range[2])
  const bound = /^(>=|>|<=|<)?(.+)$/.exec(created) as RegExpExecArray
  const limit = at(bound[2])
  switch (bound[1]) {
    case '>=':
      return ms => seconds(ms) >= limit
    case '>':
      return ms => seconds(ms) > limit
    case '<=':
      return ms => seconds(ms) <= limit
    case '<':
      return ms => seconds(ms) < limit
    default:
      return ms => seconds(ms) === seconds(limit)
  }
}
