/**
 * The reusable workflow's job, run step by step from its YAML: each step's `if:`, `env:` and
 * `with:` evaluated by GitHub's expression library (test/workflows/github-expressions.ts), the plan step (main() of
 * src/plan/main.ts, in-process), the action (main() of src/main.ts, in-process) against the fake Meta and GitHub
 * servers, and the alert (alert/dist/index.js) against the fake issues API. Only `actions/create-github-app-token`
 * is simulated: its inputs are recorded, and it mints a fake GitHub token with the permissions it
 * was asked for, failing as GitHub does when the App's installation lacks one. This tests the wiring:
 * what the workflow passes from step to step, and the issue that comes out of it.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FakeIssues } from '../fakes/github-issues.ts'
import type { Permission } from '../fakes/github/types.ts'
import { DAY, World } from '../helpers/world.ts'
import { runAlert } from '../alert/run-alert.ts'
import { renderedTable } from '../helpers/markdown.ts'
import { readActionMetadata, ROOT } from '../helpers/run-action.ts'
import { runInProcess } from '../helpers/run-main.ts'
import { main as planMain } from '../../src/plan/main.ts'
import { type Contexts, interpolate, stepRuns, type Value } from './github-expressions.ts'
import { byPath, FLEET_TABLE_PATH, jobs, type Mapping, REUSABLE_PATH } from './load.ts'

const reusable = byPath(REUSABLE_PATH)
const call = reusable.doc.on.workflow_call as Mapping
const [[, job]] = Object.entries(reusable.doc.jobs as Record<string, Mapping>)
const planMetadata = readActionMetadata(join(ROOT, 'plan', 'action.yml'))

interface StepResult {
  outcome: 'success' | 'failure' | 'skipped'
  outputs: Record<string, string>
  with?: Record<string, string>
  log?: string
}

interface JobRun {
  status: 'success' | 'failure'
  steps: Record<string, StepResult>
  /** The reusable workflow's outputs, through the job's outputs. */
  outputs: Record<string, string>
}

let world: World
let issues: FakeIssues
let issuesToken: string
/** runner.temp, and the artifacts actions/upload-artifact received: name → the file's name and text. */
let runnerTemp: string
const artifacts = new Map<string, { file: string; text: string }>()

beforeEach(async () => {
  runnerTemp = mkdtempSync(join(tmpdir(), 'mtk-runner-temp-'))
  artifacts.clear()
  world = await World.start({ daysLeft: 10 })
  issues = await FakeIssues.start('octo-org/app')
  issuesToken = issues.addToken('write')
})
afterEach(async () => {
  await Promise.all([world.close(), issues.close()])
  rmSync(runnerTemp, { recursive: true, force: true })
})

/** actions/upload-artifact: one file, kept by the artifact's name (GitHub refuses a name twice in a run). */
function uploadArtifact(inputs: Record<string, string>): StepResult {
  if (artifacts.has(inputs.name)) return { outcome: 'failure', outputs: {}, with: inputs, log: `an artifact named ${inputs.name} exists` }
  if (!existsSync(inputs.path)) return { outcome: 'failure', outputs: {}, with: inputs, log: `no file at ${inputs.path}` }
  artifacts.set(inputs.name, { file: basename(inputs.path), text: readFileSync(inputs.path, 'utf8') })
  return { outcome: 'success', outputs: {}, with: inputs }
}

/** `inputs` with workflow_call's defaults filled in and typed as GitHub types them. */
function withDefaults(given: Record<string, Value>): Record<string, Value> {
  const inputs: Record<string, Value> = {}
  for (const [name, spec] of Object.entries(call.inputs as Record<string, Mapping>)) {
    inputs[name] = name in given ? given[name] : (spec.default ?? (spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : ''))
  }
  return inputs
}

function evaluated(mapping: Mapping | undefined, contexts: Contexts): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping ?? {}).map(([key, value]) => [key, interpolate(value, contexts)]))
}

type Permissions = Partial<Record<Permission, 'read' | 'write'>>

/** What the GitHub App is installed with (default: everything the targets may need). */
const FULL_INSTALLATION: Permissions = { secrets: 'write', environments: 'write', organization_secrets: 'write', actions: 'write' }

/**
 * actions/create-github-app-token: a token with exactly the `permission-*` inputs asked for (all
 * of the installation's when none is given), or GitHub's refusal when one is not installed.
 */
function mintAppToken(inputs: Record<string, string>, installation: Permissions): StepResult {
  const asked: Permissions = {}
  for (const [input, value] of Object.entries(inputs)) {
    if (input.startsWith('permission-') && value !== '') asked[input.slice(11).replace(/-/g, '_') as Permission] = value as 'write'
  }
  const missing = Object.keys(asked).filter(name => installation[name as Permission] !== 'write')
  if (missing.length > 0)
    return {
      outcome: 'failure',
      outputs: {},
      with: inputs,
      log: `The permissions requested are not granted to this installation: ${missing.join(', ')}`,
    }
  const token = world.github.addToken({ permissions: Object.keys(asked).length > 0 ? asked : installation })
  world.secrets.push(token)
  return { outcome: 'success', outputs: { token }, with: inputs }
}

/**
 * The inputs of a `uses: $/` step as the action gets them: what `with:` gives, and nothing of the
 * world's usual inputs that it leaves out (except the fake Graph API's URL).
 */
function actionInputs(given: Record<string, string>): Record<string, string> {
  const left = Object.keys(world.baseInputs()).filter(name => !(name in given) && name !== 'graph-api-url')
  return { ...Object.fromEntries(left.map(name => [name, ''])), ...given }
}

async function runJob(
  given: Record<string, Value>,
  secrets: Record<string, string>,
  installation = FULL_INSTALLATION,
  event = 'workflow_dispatch'
): Promise<JobRun> {
  const steps: Record<string, StepResult> = {}
  const status = { status: 'success' as 'success' | 'failure' }
  const contexts: Contexts = {
    inputs: withDefaults(given),
    secrets,
    github: { token: issuesToken, server_url: 'https://github.com', repository: 'octo-org/app', run_id: '4242', event_name: event },
    runner: { temp: runnerTemp },
    steps: steps as unknown as Value,
    job: status,
  }
  contexts.env = evaluated(job.env, contexts)
  for (const step of job.steps as Mapping[]) {
    const id = String(step.id)
    if (!stepRuns(step.if, contexts)) {
      steps[id] = { outcome: 'skipped', outputs: {} }
      continue
    }
    let result: StepResult
    if (step.uses === '$/plan') {
      const inputs = evaluated(step.with, contexts)
      const run = await runInProcess(planMain, planMetadata, inputs)
      result = { outcome: run.code === 0 ? 'success' : 'failure', outputs: run.outputs, with: inputs, log: run.stdout }
    } else if (String(step.uses).startsWith('actions/upload-artifact@')) {
      result = uploadArtifact(evaluated(step.with, contexts))
    } else if (String(step.uses).startsWith('actions/create-github-app-token@')) {
      result = mintAppToken(evaluated(step.with, contexts), installation)
    } else if (step.uses === '$/') {
      const inputs = actionInputs(evaluated(step.with, contexts))
      const run = await world.run(inputs)
      result = { outcome: run.code === 0 ? 'success' : 'failure', outputs: run.outputs, with: inputs, log: run.stdout }
    } else if (step.uses === '$/alert') {
      const inputs = evaluated(step.with, contexts)
      const run = await runAlert(inputs, { GITHUB_API_URL: issues.url })
      result = { outcome: run.code === 0 ? 'success' : 'failure', outputs: run.outputs, with: inputs, log: run.stdout }
    } else {
      throw new Error(`unexpected step ${step.uses}`)
    }
    steps[id] = result
    // A step with continue-on-error fails (its outcome) without failing the job (its conclusion).
    if (result.outcome === 'failure' && step['continue-on-error'] !== true) status.status = 'failure'
  }
  const jobOutputs = evaluated(job.outputs, contexts)
  const outputs = Object.fromEntries(
    Object.entries(call.outputs as Record<string, Mapping>).map(([name, spec]) => [
      name,
      jobOutputs[/outputs\.([\w-]+)/.exec(spec.value)![1]] ?? '',
    ])
  )
  return { status: status.status, steps, outputs }
}

function secretsOf(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'meta-app-secret': world.app.secret,
    'meta-access-token': world.oldToken,
    'github-app-private-key': 'fake private key (not a PEM)',
    ...overrides,
  }
}

const rotation = (): Record<string, Value> => ({
  operation: 'rotate',
  'meta-app-id': world.app.id,
  'secret-name': 'META_ACCESS_TOKEN',
  'github-app-client-id': 'fake-client-id',
  'min-days-remaining': 14,
})

/** No secret of the world in any issue. */
function assertIssuesClean(): void {
  for (const issue of issues.issues) {
    for (const text of [issue.title, issue.body ?? '', ...issue.comments]) {
      for (const secret of [...world.secrets, issuesToken]) assert.ok(!text.includes(secret), `a secret leaked into issue #${issue.number}`)
    }
  }
}

describe('the reusable workflow, run from its YAML', () => {
  it('rotates with a GitHub App token scoped to the target, stores the token, and raises no alert', async () => {
    const run = await runJob(rotation(), secretsOf())
    assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
    assert.deepEqual(run.steps['app-token'].with, {
      'client-id': 'fake-client-id',
      'private-key': 'fake private key (not a PEM)',
      owner: 'octo-org',
      repositories: 'app',
      'permission-secrets': 'write',
      'permission-environments': '',
      'permission-organization-secrets': '',
      'permission-actions': '',
      'permission-contents': '',
    })
    const token = run.steps.token
    assert.equal(token.with?.['access-token'], world.oldToken, 'rotate calls Meta with the current token')
    assert.equal(token.with?.['github-token'], run.steps['app-token'].outputs.token, 'and writes with the App token')
    assert.equal(token.with?.['min-days-remaining'], '14')
    assert.equal(token.outputs.rotated, 'true')
    const stored = world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value
    assert.ok(stored && stored !== world.oldToken && world.graph.isValid(stored), 'the new token is stored and valid')
    assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked')

    assert.equal(run.steps.alert.outcome, 'success')
    assert.equal(run.steps.alert.with?.outcome, 'success')
    assert.equal(run.steps.alert.with?.['failed-step'], '')
    assert.equal(run.steps.alert.outputs.verdict, 'healthy')
    assert.equal(issues.issues.length, 0)

    assert.equal(run.outputs.rotated, 'true')
    assert.match(run.outputs['expires-at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.equal(run.outputs['days-remaining'], token.outputs['days-remaining'])
  })

  describe('a dry-run rotate on the first day: the App token is minted and every target checked, nothing changes', () => {
    const firstDay = (): Record<string, Value> => ({
      ...rotation(),
      'dry-run': true,
      'secret-targets': 'octo-org/app\nocto-org/app:production',
    })

    it('passes when the App may write every target; the token and the secret stay as they are', async () => {
      const run = await runJob(firstDay(), secretsOf())
      assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
      assert.equal(run.steps['app-token'].outcome, 'success')
      assert.equal(run.steps['app-token'].with?.['permission-environments'], 'write')
      assert.equal(run.steps.token.outputs.rotated, 'false')
      assert.ok(world.graph.isValid(world.oldToken), 'the old token still works')
      assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN'), undefined, 'nothing written')
      assert.equal(run.steps.alert.outputs.action, 'none', 'a dry run opens and closes nothing')
    })

    it('fails on the permission the App installation lacks, before Meta is asked for anything', async () => {
      const run = await runJob(firstDay(), secretsOf(), { secrets: 'write' })
      assert.equal(run.status, 'failure')
      assert.equal(run.steps['app-token'].outcome, 'failure')
      assert.match(run.steps['app-token'].log ?? '', /not granted to this installation: environments/)
      assert.equal(run.steps.token.outcome, 'skipped')
      assert.deepEqual(world.graphCalls(), [])
      assert.equal(run.steps.alert.with?.['failed-step'], 'github-app-token')
    })

    it('fails on a target that does not exist, naming it, with the old token untouched', async () => {
      const run = await runJob({ ...firstDay(), 'secret-targets': 'octo-org/app\nocto-org/app:staging' }, secretsOf())
      assert.equal(run.steps.token.outcome, 'failure')
      assert.match(run.steps.token.log ?? '', /octo-org\/app:staging/)
      assert.ok(world.graph.isValid(world.oldToken))
      assert.equal(run.steps.token.outputs.rotated, 'false')
    })
  })

  it('secret-targets of only comments: the App token and the write cover the calling repository alone', async () => {
    const run = await runJob({ ...rotation(), 'secret-targets': '# octo-org/site\n\n# org:octo-org\n' }, secretsOf())
    assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
    assert.equal(run.steps['app-token'].with?.owner, 'octo-org')
    assert.equal(run.steps['app-token'].with?.repositories, 'app', 'never every repository of the installation')
    assert.equal(run.steps['app-token'].with?.['permission-secrets'], 'write')
    assert.equal(run.steps['app-token'].with?.['permission-organization-secrets'], '')
    assert.equal(run.steps.token.outputs['secrets-updated'], 'octo-org/app')
  })

  it('the Meta app id by its old name app-id still works; both names, different, fail before Meta is asked', async () => {
    const { 'meta-app-id': id, ...rest } = rotation()
    const old = await runJob({ ...rest, 'app-id': id }, secretsOf())
    assert.equal(old.status, 'success', old.steps.token.log)
    assert.equal(old.steps.token.outputs.rotated, 'true')

    const calls = world.graphCalls().length
    const both = await runJob({ ...rotation(), 'app-id': `9${String(id)}` }, secretsOf())
    assert.equal(both.steps.token.outcome, 'failure')
    assert.match(both.steps.token.log ?? '', /Input `meta-app-id`: and `app-id` are two names for the Meta app id, and they differ/)
    assert.equal(world.graphCalls().length, calls)
  })

  it('an expired stored token: the rotation fails, one issue says to generate a new token, and the next healthy rotation closes it', async () => {
    world.graph.token(world.oldToken)!.expiresAt = Math.floor(Date.now() / 1000) - 3600
    const failed = await runJob(rotation(), secretsOf())
    assert.equal(failed.status, 'failure')
    assert.equal(failed.steps.token.outcome, 'failure')
    assert.equal(failed.steps.alert.with?.['failed-step'], 'action')
    assert.equal(failed.steps.alert.with?.outcome, 'failure')
    assert.equal(failed.steps.alert.outputs.action, 'opened')
    assert.equal(issues.issues.length, 1)
    assert.equal(issues.issues[0].title, 'Meta token META_ACCESS_TOKEN: the token is no longer valid')
    assert.match(issues.issues[0].body ?? '', /with operation `generate`, or run the emergency workflow \(meta-token-emergency\.yml\)/)
    // The action's own words reach the issue: what went wrong, at which of its steps.
    assert.equal(failed.steps.alert.with?.['failure-message'], failed.steps.token.outputs['failure-message'])
    assert.ok(failed.steps.token.outputs['failure-message'])
    assert.match(issues.issues[0].body ?? '', /### What went wrong\n\n\S/)

    const again = await runJob(rotation(), secretsOf())
    assert.equal(again.steps.alert.outputs.action, 'commented')
    assert.equal(issues.issues.length, 1, 'never a second issue')

    // Someone stores a fresh token by hand; the next run rotates it and closes the issue.
    const fresh = world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      scopes: ['ads_management'],
      expiresInSeconds: 50 * 86_400,
    })
    world.secrets.push(fresh)
    const healthy = await runJob(rotation(), secretsOf({ 'meta-access-token': fresh }))
    assert.equal(healthy.status, 'success', JSON.stringify(healthy.steps, null, 2))
    assert.equal(healthy.steps.alert.outputs.action, 'closed')
    assert.equal(issues.issues[0].state, 'closed')
    assertIssuesClean()
  })

  it('in an environment, its secrets by name (the token and its record) win over the passed ones', async () => {
    world.github.putSecret('octo-org/app:production', 'META_ACCESS_TOKEN', world.oldToken)
    const stale = 'fake-stale-repository-level-token'
    const earlier = world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      scopes: ['ads_management'],
      expiresInSeconds: 20 * DAY,
    })
    const result = await runJob(
      { ...rotation(), environment: 'production', 'secret-targets': 'octo-org/app:production' },
      { ...secretsOf({ 'meta-access-token': stale }), META_ACCESS_TOKEN: world.oldToken, META_ACCESS_TOKEN_PREVIOUS: earlier }
    )
    assert.equal(result.status, 'success', result.steps.token.log)
    assert.equal(result.steps.token.with?.['access-token'], world.oldToken, 'the environment secret, not the passed one')
    assert.equal(result.steps.token.with?.['previous-token'], earlier, 'the record, by name')
    assert.equal(world.graph.isValid(earlier), false, 'the record token was revoked')
    assert.equal(world.github.secret('octo-org/app:production', 'META_ACCESS_TOKEN')?.value, result.steps.token.outputs.token)
  })

  it('a missing secret: the plan step stops the job before Meta or GitHub, and the issue says which step', async () => {
    const run = await runJob(rotation(), secretsOf({ 'meta-access-token': '' }))
    assert.equal(run.status, 'failure')
    assert.equal(run.steps.plan.outcome, 'failure')
    assert.match(run.steps.plan.log ?? '', /The secret meta-access-token is empty/)
    assert.equal(run.steps['app-token'].outcome, 'skipped')
    assert.equal(run.steps.token.outcome, 'skipped')
    assert.deepEqual(world.graphCalls(), [])
    assert.equal(run.steps.alert.with?.['failed-step'], 'plan')
    assert.match(issues.issues[0].title, /the workflow is missing a secret or an input/)
  })

  it('check with too few days left fails and opens a check-level issue; generate uses the admin token', async () => {
    const check = await runJob(
      { operation: 'check', 'meta-app-id': world.app.id, 'secret-name': 'META_ACCESS_TOKEN', 'min-days-remaining': 14 },
      { 'meta-app-secret': world.app.secret, 'meta-access-token': world.oldToken }
    )
    assert.equal(check.steps.plan.outputs.credentials, 'none')
    assert.equal(check.steps['app-token'].outcome, 'skipped')
    assert.equal(check.steps.token.outcome, 'failure')
    assert.equal(check.steps.alert.outputs.action, 'opened')
    assert.match(issues.issues[0].body ?? '', /level="check"/)
    // The title says why the check failed: the days left (the days, not a date, as a title can say it).
    assert.match(issues.issues[0].title, /^Meta token META_ACCESS_TOKEN: the token expires in \d+ days$/)

    const generate = await runJob(
      {
        operation: 'generate',
        'meta-app-id': world.app.id,
        'secret-name': 'META_ACCESS_TOKEN',
        'system-user-id': world.systemUserId,
        scope: 'ads_management',
        'github-app-client-id': 'fake-client-id',
        'min-days-remaining': 14,
      },
      {
        'meta-app-secret': world.app.secret,
        'meta-admin-token': world.adminToken,
        'github-app-private-key': 'fake private key (not a PEM)',
      }
    )
    assert.equal(generate.status, 'success', JSON.stringify(generate.steps, null, 2))
    assert.equal(generate.steps.token.with?.['access-token'], world.adminToken)
    assert.equal(generate.steps.token.outputs.rotated, 'true')
    assert.equal(generate.steps.alert.outputs.action, 'closed', 'a healthy generate closes the check-level issue')
    assertIssuesClean()
  })

  it("the deploy gate's required-assets and probe-assets reach the check: an asset the system user lost fails the job with an issue", async () => {
    world.graph.assignAssets(world.systemUserId, 'ads_management', ['act_1234567890'])
    const gate = { operation: 'check', 'app-id': world.app.id, 'secret-name': 'META_ACCESS_TOKEN', 'min-days-remaining': 7 }
    const secrets = { 'meta-app-secret': world.app.secret, 'meta-access-token': world.oldToken }
    const assets = { 'required-assets': 'ads_management: act_1234567890', 'probe-assets': true }
    const passing = await runJob({ ...gate, ...assets }, secrets)
    assert.equal(passing.status, 'success', JSON.stringify(passing.steps, null, 2))
    assert.equal(passing.steps.token.with?.['required-assets'], 'ads_management: act_1234567890')
    assert.equal(passing.steps.token.with?.['probe-assets'], 'true')
    assert.ok(world.graphCalls().includes('GET /act_1234567890'), 'the probe ran')

    world.graph.unassignAsset(world.systemUserId, 'act_1234567890')
    const failing = await runJob({ ...gate, ...assets }, secrets)
    assert.equal(failing.status, 'failure')
    assert.equal(failing.steps.token.outputs['missing-assets'], 'ads_management: act_1234567890')
    assert.equal(failing.steps.alert.outputs.action, 'opened')
    assertIssuesClean()
  })

  describe('the admin token check', () => {
    const withAdmin = () => secretsOf({ 'meta-admin-token': world.adminToken })

    it('on the schedule, an admin token about to expire opens the issue with its own line; the job stays green', async () => {
      world.graph.token(world.adminToken)!.expiresAt = Math.floor(Date.now() / 1000) + 3 * DAY + 3600
      const run = await runJob(rotation(), withAdmin(), FULL_INSTALLATION, 'schedule')
      assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
      assert.equal(run.steps.token.outputs.rotated, 'true')
      assert.equal(run.steps['admin-token'].outcome, 'failure')
      assert.equal(run.steps['admin-token'].with?.['access-token'], world.adminToken)
      assert.equal(run.steps.alert.with?.['admin-outcome'], 'failure')
      assert.equal(run.steps.alert.with?.['admin-days-remaining'], '3')
      assert.equal(run.steps.alert.outputs.action, 'opened')
      assert.match(issues.issues[0].title, /the admin token expires in 3 days/)
      assert.match(issues.issues[0].body ?? '', /### The admin token/)
      assertIssuesClean()
    })

    it('a fine admin token adds nothing; the check is skipped by hand and without an admin token', async () => {
      const scheduled = await runJob(rotation(), withAdmin(), FULL_INSTALLATION, 'schedule')
      assert.equal(scheduled.steps['admin-token'].outcome, 'success')
      assert.equal(scheduled.steps.alert.outputs.verdict, 'healthy')
      assert.ok(
        world.graph.requests.some(request => request.params.input_token === world.adminToken),
        'the schedule inspected it'
      )
      const before = world.graph.requests.length
      // Each run rotates the token the one before stored.
      const stored = () => ({ 'meta-access-token': world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')!.value })
      for (const [admin, event] of [
        [{ 'meta-admin-token': world.adminToken }, 'workflow_dispatch'],
        [{}, 'schedule'],
      ] as const) {
        const run = await runJob(rotation(), secretsOf({ ...stored(), ...admin }), FULL_INSTALLATION, event)
        assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
        assert.equal(run.steps['admin-token'].outcome, 'skipped', event)
        assert.equal(run.steps.alert.with?.['admin-outcome'], 'skipped')
      }
      assert.equal(issues.issues.length, 0)
      assert.ok(
        !world.graph.requests.slice(before).some(request => request.params.input_token === world.adminToken),
        'not inspected by hand or without an admin token'
      )
    })
  })

  describe('emergency', () => {
    const emergency = (): Record<string, Value> => ({
      operation: 'emergency',
      'app-id': world.app.id,
      'secret-name': 'META_ACCESS_TOKEN',
      'system-user-id': world.systemUserId,
      // The stored token's permissions: a replacement must keep them (issue 26 item 3).
      scope: 'ads_management,business_management',
      'github-app-client-id': 'fake-client-id',
    })

    it('revokes the stored token and stores a replacement generated with the admin token; the alert stays quiet', async () => {
      world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
      const run = await runJob(emergency(), secretsOf({ 'meta-admin-token': world.adminToken }))
      assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
      assert.equal(run.steps['app-token'].with?.['permission-secrets'], 'write', 'an App token that may write the secret')
      assert.equal(run.steps.token.with?.['access-token'], world.oldToken, 'the leaked token is the one revoked')
      assert.equal(run.steps.token.with?.['admin-token'], world.adminToken, 'the replacement is generated as the admin token')
      assert.equal(world.graph.isValid(world.oldToken), false)
      const stored = world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value
      assert.ok(stored && world.graph.isValid(stored), 'a valid replacement is stored')
      assert.equal(run.outputs.replaced, 'true')
      assert.equal(run.outputs.revoked, 'true')
      assert.equal(run.steps.alert.with?.outcome, 'success')
      assert.equal(issues.issues.length, 0)
    })

    it('without an admin token: the run succeeds, the issue says the secret holds a revoked token and how to store one; a replacement closes it', async () => {
      const run = await runJob(emergency(), secretsOf())
      assert.equal(run.status, 'success', JSON.stringify(run.steps, null, 2))
      assert.equal(run.steps.token.with?.['admin-token'], '')
      assert.equal(world.graph.isValid(world.oldToken), false)
      assert.equal(run.outputs.replaced, 'false')
      assert.match(run.steps.token.log ?? '', /`META_ACCESS_TOKEN` now holds a revoked token/)
      assert.deepEqual(
        [run.steps.alert.with?.outcome, run.steps.alert.with?.replaced, run.steps.alert.with?.revoked],
        ['success', 'false', 'true'],
        "the alert gets the run's outcome and what the emergency did"
      )
      assert.equal(run.steps.alert.outputs.action, 'opened')
      const [issue] = issues.issues
      assert.equal(
        issue.title,
        'Meta token META_ACCESS_TOKEN: the leaked token is revoked; store a new one now (the secret holds the revoked token)'
      )
      assert.match(issue.body ?? '', /revoked every leaked token/)
      assert.match(issue.body ?? '', /`gh secret set META_ACCESS_TOKEN`/)
      assert.match(issue.body ?? '', /run meta-token.yml by hand \(Actions → the workflow → Run workflow\) with operation `generate`/)
      assert.doesNotMatch(issue.body ?? '', /failed/)

      // With an admin token configured, the emergency again: the dead token counts as dead, a replacement is stored.
      const again = await runJob(emergency(), secretsOf({ 'meta-admin-token': world.adminToken }))
      assert.equal(again.status, 'success', JSON.stringify(again.steps, null, 2))
      assert.equal(again.outputs.replaced, 'true')
      assert.equal(again.steps.alert.outputs.action, 'closed')
      assert.equal(issues.issues[0].state, 'closed')
      assertIssuesClean()
    })

    it("with a replacement that could not be stored: the leak response is incomplete, with the action's message and next step; a later generate closes it", async () => {
      world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
      world.github.injectFault({ method: 'PUT', path: '/repos/octo-org/app/actions/secrets/META_ACCESS_TOKEN', status: 422, times: 1 })
      const run = await runJob(emergency(), secretsOf({ 'meta-admin-token': world.adminToken }))
      assert.equal(run.status, 'failure')
      assert.equal(run.outputs.replaced, 'false')
      assert.equal(run.outputs.revoked, 'true')
      assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, world.oldToken, 'the secret holds the revoked token')
      const [issue] = issues.issues
      assert.equal(issue.title, 'Meta token META_ACCESS_TOKEN: the leak response is incomplete')
      const body = issue.body ?? ''
      assert.match(body, /Every leaked token is dead\. `META_ACCESS_TOKEN` holds no replacement in some or all of its targets/)
      assert.match(
        body,
        /### What went wrong\n\nwrite secrets: Every leaked token is dead .*The replacement could not be stored in 1 target\(s\)/
      )
      assert.ok(run.steps.token.outputs['next-step'], 'the action gave a next step')
      assert.ok(body.includes(`### What to do\n\n1. ${run.steps.token.outputs['next-step'].slice(0, 60)}`), body)

      const generate = await runJob({ ...emergency(), operation: 'generate' }, secretsOf({ 'meta-admin-token': world.adminToken }))
      assert.equal(generate.status, 'success', JSON.stringify(generate.steps, null, 2))
      assert.equal(generate.steps.alert.outputs.action, 'closed')
      assertIssuesClean()
    })
  })
})

describe("the many-tokens template's table, from the entries' own jobs", () => {
  const template = byPath('workflow-templates/meta-token-rotation-matrix.yml')
  const [, tableJob] = jobs(template).find(([name]) => name === 'table')!
  const [[, fleetTableJob]] = jobs(byPath(FLEET_TABLE_PATH))

  /**
   * The table job: the template's call passes the matrix to the fleet-table workflow, whose steps run
   * actions/download-artifact (pattern, merge-multiple) over this run's artifacts, then the plan
   * action's fleet-table.
   */
  async function tableRun(matrix: string): Promise<string> {
    const inputs = evaluated(tableJob.with, { needs: { tokens: { outputs: { matrix } } } })
    const steps = fleetTableJob.steps as Mapping[]
    assert.deepEqual(
      steps.map(step => String(step.uses).replace(/@.*/, '')),
      ['actions/download-artifact', '$/plan']
    )
    const [download, write] = steps
    const contexts: Contexts = { runner: { temp: runnerTemp }, inputs }
    const fetched = evaluated(download.with, contexts)
    const pattern = new RegExp(`^${fetched.pattern.replace(/\*/g, '.*')}$`)
    mkdirSync(fetched.path, { recursive: true })
    for (const [name, { file, text }] of artifacts) if (pattern.test(name)) writeFileSync(join(fetched.path, file), text)
    const run = await runInProcess(planMain, planMetadata, evaluated(write.with, contexts))
    assert.equal(run.code, 0, run.stdout)
    return run.summary
  }

  it('one table of every token, the most urgent first: failed, no report, then by days left', async () => {
    const mint = (days: number) => {
      const token = world.graph.mintToken({
        appId: world.app.id,
        userId: world.systemUserId,
        scopes: ['ads_management'],
        expiresInSeconds: days * DAY,
      })
      world.secrets.push(token)
      return token
    }
    const fresh = mint(50)
    const expired = mint(50)
    world.graph.token(expired)!.expiresAt = Math.floor(Date.now() / 1000) - 3600
    const entry = (secret: string, renew: string, token: string) =>
      runJob(
        { ...rotation(), 'secret-name': secret, 'renew-before-days': renew, 'parallel-jobs': 4, 'fleet-report': true },
        secretsOf({ 'meta-access-token': token })
      )
    const shop = await entry('META_TOKEN_SHOP', '45', world.oldToken)
    const ads = await entry('META_TOKEN_ADS', '21', fresh)
    const blog = await entry('META_TOKEN_BLOG', '21', expired)
    assert.deepEqual([shop.status, ads.status, blog.status], ['success', 'success', 'failure'])
    assert.equal(shop.steps.token.with?.['parallel-jobs'], '4', 'the action paces to its share')
    assert.deepEqual(
      [...artifacts.keys()],
      ['meta-token-fleet-META_TOKEN_SHOP', 'meta-token-fleet-META_TOKEN_ADS', 'meta-token-fleet-META_TOKEN_BLOG']
    )
    for (const { text } of artifacts.values())
      for (const secret of world.secrets) assert.ok(!text.includes(secret), 'no token in an artifact')

    const matrix = JSON.stringify(['META_TOKEN_SHOP', 'META_TOKEN_ADS', 'META_TOKEN_BLOG', 'META_TOKEN_NEWS'].map(secret => ({ secret })))
    const { heading, rows } = await renderedTable(await tableRun(matrix))
    assert.equal(heading, '❌ Meta tokens: 2 of 4 need attention, 1 rotated')
    assert.deepEqual(
      rows.slice(1).map(row => row.slice(0, 4)),
      [
        ['META_TOKEN_BLOG', '0', 'failed (action)', '—'],
        ['META_TOKEN_NEWS', 'unknown', 'no report', '—'],
        ['META_TOKEN_ADS', '49', 'skipped', '—'],
        ['META_TOKEN_SHOP', shop.steps.token.outputs['days-remaining'], 'rotated', 'octo-org/app'],
      ]
    )
    assert.equal(rows[1][4].slice(0, 60), blog.steps.token.outputs['failure-message'].slice(0, 60), "the action's own words")
  })

  it('without fleet-report (every 1.0 caller), no record and no artifact', async () => {
    const run = await runJob(rotation(), secretsOf())
    assert.deepEqual([run.steps['fleet-record'].outcome, run.steps['fleet-upload'].outcome], ['skipped', 'skipped'])
    assert.equal(run.steps.token.with?.['parallel-jobs'], '1', 'a single job takes the whole budget')
    assert.equal(artifacts.size, 0)
  })
})
