import { type DeployRun, preflightDeploys, runDeploys } from '../deploy/runs.ts'
import type { ActionError } from '../runtime/errors.ts'
import type { Octokit } from '../github/client.ts'
import type { StepContext } from './context.ts'

/** Whether every deploy workflow can be run (before anything changes): the failures, none without deploys. */
export function checkDeployWorkflows(ctx: StepContext<'deployWorkflows'>): Promise<ActionError[]> {
  const { config } = ctx
  if (!ctx.github || config.deployWorkflows.length === 0) return Promise.resolve([])
  return ctx.github.then(github => preflightDeploys(github, config.deployWorkflows))
}

/**
 * Dispatches every deploy workflow, follows the runs to their end and puts them in the report
 * (the summary's table and the `deploy-runs` output). Returns the runs and those that did not
 * succeed (a run that could not be followed is not a failure: the caller decides about it).
 */
export async function runAndReportDeploys(
  ctx: StepContext<'deployTimeoutMs' | 'deployWorkflows' | 'githubServerUrl'>,
  github: Octokit
): Promise<{ runs: DeployRun[]; failed: DeployRun[] }> {
  const { config, report } = ctx
  ctx.log.info(`Starting ${config.deployWorkflows.length} deploy workflow(s)…`)
  const runs = await runDeploys(config.deployWorkflows, {
    github,
    serverUrl: config.githubServerUrl,
    timeoutMs: config.deployTimeoutMs,
    pollMs: ctx.deployPollMs,
    info: ctx.log.info,
    debug: ctx.log.debug,
  })
  report.deployRuns.push(...runs)
  report.set('deploy-runs', runs.map(run => `${run.url ?? run.workflow.label} ${run.conclusion}`).join('\n'))
  return { runs, failed: runs.filter(run => run.conclusion !== 'success' && run.conclusion !== 'not followed') }
}

/** "URL (conclusion), …" for a message. */
export function describeRuns(runs: DeployRun[]): string {
  return runs.map(run => `${run.url ?? run.workflow.label} (${run.conclusion})`).join(', ')
}
