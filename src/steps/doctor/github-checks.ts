import { preflightDeploys } from '../../deploy/runs.ts'
import type { DeployWorkflow } from '../../deploy/deploy-workflows.ts'
import type { Octokit } from '../../github/client.ts'
import type { PreparedTarget } from '../../github/secret-store.ts'
import type { CheckRow } from '../../report/report.ts'
import { describeError } from '../../runtime/errors.ts'
import type { DoctorContext } from './context.ts'
import { unreadRecord } from '../record-check.ts'
import { preflightTargets } from '../target-writes.ts'
import type { Inspected } from './meta-checks.ts'
import { dispatchShape } from './workflow-file.ts'
import { fail, failFrom, pass, warn } from './rows.ts'

const NO_WRITE_PROOF =
  'Its public key is readable. Write access cannot be proven without writing: the GitHub App token the reusable workflow requests (Secrets: write) proves it.'

/** Every secret target's public key; the prepared targets go to the drill (the record lives in the first). */
export async function targetRows(ctx: DoctorContext): Promise<{ rows: CheckRow[]; prepared: PreparedTarget[] }> {
  const { config } = ctx
  const check = 'a secret target'
  if (!config.secretName) {
    const detail = 'No `secret-name`: an emergency would store no replacement (it only revokes), and the doctor has no target to check.'
    return {
      rows: [
        config.adminToken
          ? fail(check, 'secret-name', detail, 'Set `secret-name` to the secret that holds the token')
          : warn(check, 'secret-name', detail),
      ],
      prepared: [],
    }
  }
  if (!ctx.store) {
    return {
      rows: [
        fail(
          check,
          'github-token',
          'No `github-token`: the targets cannot be read, and an emergency could not store a replacement.',
          'Pass a GitHub App installation token allowed to write the secrets'
        ),
      ],
      prepared: [],
    }
  }
  const { prepared, failures } = await preflightTargets(ctx)
  const rows = prepared.map(item => pass(check, item.target.label, NO_WRITE_PROOF))
  for (const failure of failures) {
    const target = config.targets.find(t => failure.message.includes(t.label))
    rows.push(failFrom(check, target?.label ?? 'secret-targets', failure, 'secret-targets'))
  }
  return { rows, prepared }
}

/** The record as a rotation reads it: a record that exists while `previous-token` arrived empty, and the state of its tokens. */
export async function recordRows(ctx: DoctorContext, inspected: Promise<Inspected[]>): Promise<CheckRow[]> {
  const check = 'the previous-token record'
  const [unread, infos] = await Promise.all([unreadRecord(ctx), inspected])
  if (unread) return [failFrom(check, 'previous-token', unread)]
  if (infos.length === 0) return [pass(check, 'previous-token', 'Empty: no replaced token is left valid.')]
  const valid = infos.filter(item => item.info?.isValid && (!item.info.appId || item.info.appId === ctx.config.appId)).length
  const foreign = infos.filter(item => item.info?.appId && item.info.appId !== ctx.config.appId).length
  const detail = `${infos.length} token(s): ${valid} still valid (the next rotation or a retire revokes them; an emergency revokes them all).`
  if (foreign > 0) return [warn(check, 'previous-token', `${detail} ${foreign} belong to another app: this app can never revoke them.`)]
  return [pass(check, 'previous-token', detail)]
}

/** Every deploy workflow: exists, active, and at its ref dispatchable without inputs. */
export async function deployRows(ctx: DoctorContext): Promise<CheckRow[]> {
  const { config } = ctx
  if (config.deployWorkflows.length === 0) {
    return [
      warn(
        'the deploy workflows',
        'deploy-workflows',
        'None listed: after an emergency the services that read the secret keep the revoked token until someone redeploys them.'
      ),
    ]
  }
  if (!ctx.github) {
    return [
      fail(
        'a deploy workflow',
        'github-token',
        'No `github-token` (or no `secret-name`): the deploy workflows cannot be read.',
        'Pass a GitHub App installation token with Actions: read and Contents: read on their repositories'
      ),
    ]
  }
  const github = await ctx.github
  // Each file is read beside the workflow lookup, not after it: one round trip for both (a file
  // read for a workflow the lookup finds missing or disabled is a read whose answer goes unused).
  const files = Promise.allSettled(config.deployWorkflows.map(workflow => readWorkflowFile(github, workflow)))
  const failures = await preflightDeploys(github, config.deployWorkflows).catch((error: unknown) => [error])
  return Promise.all(
    config.deployWorkflows.map(async (workflow, index) => {
      const failure = failures.find(item => item instanceof Error && item.message.startsWith(workflow.label))
      if (failure)
        return fail('a deploy workflow', workflow.label, (failure as Error).message, (failure as { fix?: string }).fix, 'deploy-workflows')
      return fileRow(workflow, (await files)[index])
    })
  )
}

/** The workflow's file at its ref. */
async function readWorkflowFile(github: Octokit, workflow: DeployWorkflow): Promise<string> {
  const { data } = await github.rest.repos.getContent({
    owner: workflow.owner,
    repo: workflow.repo,
    path: `.github/workflows/${workflow.file}`,
    ref: workflow.ref,
  })
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new Error('the path is not a file')
  return Buffer.from(data.content, 'base64').toString('utf8')
}

function fileRow(workflow: DeployWorkflow, file: PromiseSettledResult<string>): CheckRow {
  const check = 'a deploy workflow'
  if (file.status === 'rejected') {
    const error: unknown = file.reason
    return fail(
      check,
      workflow.label,
      `Its file could not be read at ${workflow.ref}: ${describeError(error)}`,
      'Check the ref, and give the GitHub App Contents: read on the repository',
      'deploy-workflows'
    )
  }
  const shape = dispatchShape(file.value)
  if (!shape.dispatchable) {
    return fail(
      check,
      workflow.label,
      `Its file at ${workflow.ref} has no \`workflow_dispatch\` trigger: GitHub would refuse the dispatch (422).`,
      'Add `workflow_dispatch:` to its `on:`',
      'deploy-workflows'
    )
  }
  if (shape.requiredInputs.length > 0) {
    return fail(
      check,
      workflow.label,
      `Its file at ${workflow.ref} requires input(s) without a default (${shape.requiredInputs.join(', ')}): the action dispatches without inputs, and GitHub would refuse it (422).`,
      'Give those inputs a default, or make them optional',
      'deploy-workflows'
    )
  }
  return pass(check, workflow.label, `Active, dispatchable at ${workflow.ref} without inputs.`)
}
