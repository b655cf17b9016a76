/**
 * The plan action: the reusable workflow's first step (plan/action.yml). It reads only names,
 * lists and whether each secret arrived — never a secret's value — and sets the inputs of
 * actions/create-github-app-token for the next step. Every line it prints goes through the run
 * log, so text from the inputs (a target list is often a repository variable) issues no
 * workflow command.
 */
import { readBoolean } from '../inputs/rules.ts'
import { matrixStep, recordStep, tableStep } from '../fleet/steps.ts'
import { createRunLog, type RunLog } from '../report/run-log.ts'
import { describeError, InputError, quote } from '../runtime/errors.ts'
import { type ActionIO, coreIO } from '../runtime/io.ts'
import { describePlan, type Plan, planRun } from './plan.ts'

/** The step's outputs: the `with:` of actions/create-github-app-token, and which credentials write. */
export function planOutputs(plan: Plan): Record<string, string> {
  const app = plan.credentials === 'app'
  return {
    credentials: plan.credentials,
    owner: app ? plan.owner : '',
    repositories: app ? plan.repositories.join(',') : '',
    'permission-secrets': app ? plan.permissions.secrets : '',
    'permission-environments': app ? plan.permissions.environments : '',
    'permission-organization-secrets': app ? plan.permissions['organization-secrets'] : '',
    'permission-actions': app ? plan.permissions.actions : '',
    'permission-contents': app ? plan.permissions.contents : '',
  }
}

export async function main(io: ActionIO, env: NodeJS.ProcessEnv, now = new Date()): Promise<void> {
  // No secret reaches this step, so there is nothing to redact: only to make inert.
  const log = createRunLog(io, text => text)
  const step = io.getInput('step').trim() || 'plan'
  if (step !== 'plan') return fleetStep(step, io, log, now)
  const read = (name: string) => io.getInput(name)
  let plan: Plan
  try {
    plan = planRun({
      operation: read('operation'),
      secretName: read('secret-name'),
      secretTargets: read('secret-targets'),
      orgSecretRepositories: read('org-secret-repositories'),
      deployWorkflows: read('deploy-workflows'),
      doctor: readBoolean(read, 'doctor', false),
      appClientId: read('github-app-client-id'),
      has: {
        metaAppSecret: readBoolean(read, 'has-meta-app-secret', false),
        metaAccessToken: readBoolean(read, 'has-meta-access-token', false),
        metaAdminToken: readBoolean(read, 'has-meta-admin-token', false),
        appPrivateKey: readBoolean(read, 'has-github-app-private-key', false),
        githubToken: readBoolean(read, 'has-github-token', false),
      },
      repository: env.GITHUB_REPOSITORY,
    })
  } catch (error) {
    log.failed(describeError(error), undefined)
    return
  }
  for (const [name, value] of Object.entries(planOutputs(plan))) io.setOutput(name, value)
  if (plan.credentials === 'app' && plan.problems.length === 0) log.info(describePlan(plan))
  // Every problem at once: one run shows everything there is to fix.
  for (const problem of plan.problems) log.failed(problem, undefined)
}

/** The many-tokens template's steps (src/fleet/steps.ts). */
async function fleetStep(step: string, io: ActionIO, log: RunLog, now: Date): Promise<void> {
  try {
    if (step === 'fleet-matrix') matrixStep(io, log, now)
    else if (step === 'fleet-record') recordStep(io, log)
    else if (step === 'fleet-table') await tableStep(io, log)
    else throw new InputError('step', `${quote(step)} is none of plan, fleet-matrix, fleet-record, fleet-table.`)
  } catch (error) {
    log.failed(describeError(error), undefined)
  }
}

/** The entry point on a runner. */
export async function run(): Promise<void> {
  await main(coreIO(), process.env)
}
