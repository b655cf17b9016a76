/**
 * The per-token template (workflow-templates/meta-token.yml) and the emergency workflow that
 * calls it, read as GitHub reads them: the YAML parsed, every `${{ }}` evaluated with GitHub's
 * expression library (test/workflows/github-expressions.ts) for the schedule and each choice.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { interpolate, type Contexts } from './github-expressions.ts'
import { byPath, jobs, type Mapping, REUSABLE_PATH, REUSABLE_REF, templates } from './load.ts'

const token = byPath('workflow-templates/meta-token.yml')
const emergency = byPath('workflow-templates/meta-token-emergency.yml')
const reusable = byPath(REUSABLE_PATH)
const [, call] = jobs(token).find(([, spec]) => REUSABLE_REF.test(String(spec.uses)))!

/** What the reusable workflow receives, for an event and the inputs of the run. */
function passed(event: string, inputs: Mapping): Record<string, string> {
  const contexts: Contexts = { github: { event_name: event }, inputs, vars: {}, secrets: {} }
  return Object.fromEntries(Object.entries(call.with as Mapping).map(([name, value]) => [name, interpolate(value, contexts)]))
}

function group(source: Mapping, contexts: Contexts): string {
  return interpolate(source.concurrency?.group ?? '', contexts)
}

describe('the per-token template', () => {
  it('offers every choice by hand, check by default, and each reaches the reusable workflow as an operation', () => {
    const operation = token.doc.on.workflow_dispatch.inputs.operation
    assert.equal(operation.type, 'choice')
    assert.equal(operation.default, 'check', 'a manual run changes nothing by default')
    const expected: Record<string, [string, string, string]> = {
      check: ['check', 'false', 'false'],
      doctor: ['doctor', 'false', 'false'],
      drill: ['doctor', 'false', 'true'],
      'dry-run rotate': ['rotate', 'true', 'false'],
      rotate: ['rotate', 'false', 'false'],
      refresh: ['refresh', 'false', 'false'],
      retire: ['retire', 'false', 'false'],
      generate: ['generate', 'false', 'false'],
      'install-app': ['install-app', 'false', 'false'],
    }
    assert.deepEqual(operation.options, Object.keys(expected))
    const operations = String(reusable.doc.on.workflow_call.inputs.operation.description)
    for (const [choice, [op, dryRun, drill]] of Object.entries(expected)) {
      const run = passed('workflow_dispatch', { operation: choice })
      assert.deepEqual([run.operation, run['dry-run'], run.drill, run.doctor], [op, dryRun, drill, 'false'], choice)
      assert.match(operations, new RegExp(`\\b${op}\\b`), `the reusable workflow knows ${op}`)
      assert.equal(run['renew-before-days'], '', `${choice}: by hand renews at once`)
    }
  })

  it("the schedule rotates, then runs the doctor's checks, with the drill decided monthly inside the workflow", () => {
    const run = passed('schedule', {})
    assert.deepEqual(
      [run.operation, run['dry-run'], run.doctor, run.drill, run['renew-before-days']],
      ['rotate', 'false', 'true', 'monthly', '30']
    )
    const [cron] = token.doc.on.schedule as Mapping[]
    const [minute, , dayOfMonth, , dayOfWeek] = String(cron.cron).split(/\s+/)
    assert.notEqual(Number(minute), 0, 'off the top of the hour')
    assert.deepEqual([dayOfMonth, dayOfWeek.length], ['*', 1], 'weekly; the month is decided by date, not by cron')
    const month = (reusable.doc.jobs.keep.steps as Mapping[]).find(step => step.id === 'month')!
    assert.match(String(month.run), /date -u \+%-d/)
    const doctor = (reusable.doc.jobs.keep.steps as Mapping[]).find(step => step.id === 'doctor')!
    const drill = (firstWeek: string, drillInput: string) =>
      interpolate(doctor.with.drill, { inputs: { drill: drillInput }, steps: { month: { outputs: { 'first-week': firstWeek } } } })
    assert.deepEqual(
      [drill('true', 'monthly'), drill('false', 'monthly'), drill('', 'true'), drill('', 'false')],
      ['true', 'false', 'true', 'false']
    )
  })

  it('a scheduled run with no deploy workflows listed never revokes the token it just replaced', () => {
    const run = passed('schedule', {})
    assert.equal(run['deploy-workflows'], '')
    assert.equal(run['revoke-old'], 'deferred')
    assert.match(token.text, /Live as soon as this file is on the default branch/)
  })

  it('every setting is written once, in the file: no variable chooses targets, deploys, system user, scope or assets', () => {
    for (const name of ['secret-targets', 'deploy-workflows', 'system-user-id', 'scope', 'required-assets', 'revoke-old'])
      assert.doesNotMatch(String(call.with[name]), /vars\./, name)
    assert.equal(jobs(token).filter(([, spec]) => spec.uses).length, 1, 'one call of the reusable workflow')
  })

  it('credentials come from the environment meta-token-keeper, never from repository secrets', () => {
    for (const file of templates) {
      for (const [job, spec] of jobs(file).filter(([, s]) => REUSABLE_REF.test(String(s.uses ?? '')))) {
        assert.equal(spec.with.environment, 'meta-token-keeper', `${file.path} job ${job}`)
        for (const secret of Object.values((spec.secrets ?? {}) as Mapping))
          assert.doesNotMatch(String(secret), /META_APP_SECRET|SECRETS_APP_PRIVATE_KEY|META_ADMIN_TOKEN/, `${file.path} job ${job}`)
      }
    }
  })
})

describe('the emergency workflow', () => {
  const [[, job], ...others] = jobs(emergency)

  it('is its own workflow, by hand only, calling the per-token workflow with operation emergency', () => {
    assert.deepEqual(others, [])
    assert.deepEqual(Object.keys(emergency.doc.on), ['workflow_dispatch'])
    assert.equal(job.uses, './.github/workflows/meta-token.yml')
    assert.equal(job.with.operation, 'emergency')
    assert.deepEqual(Object.keys(token.doc.on.workflow_call.inputs), ['operation', 'replace'])
    assert.ok(!token.doc.on.workflow_dispatch.inputs.operation.options.includes('emergency'), 'no destructive choice in the dropdown')
    const run = passed('workflow_dispatch', { operation: 'emergency', replace: false })
    assert.deepEqual([run.operation, run.replace, run.doctor], ['emergency', 'false', 'false'])
  })

  it('never queues behind a rotation: its group differs from the rotation, and the caller has none (equal groups deadlock)', () => {
    const contexts = (inputs: Mapping, event = 'workflow_dispatch'): Contexts => ({ github: { event_name: event }, inputs })
    const emergencyGroup = group(token.doc, contexts({ operation: 'emergency' }))
    const rotations = [contexts({}, 'schedule'), contexts({ operation: 'rotate' }), contexts({ operation: 'drill' })].map(c =>
      group(token.doc, c)
    )
    assert.equal(new Set(rotations).size, 1)
    assert.notEqual(emergencyGroup, rotations[0])
    assert.match(emergencyGroup, /META_ACCESS_TOKEN/)
    assert.equal(emergency.doc.concurrency, undefined)
    assert.equal(token.doc.concurrency['cancel-in-progress'], false)
  })

  it("grants what the called workflow's jobs ask for", () => {
    for (const [name, spec] of jobs(token))
      for (const [permission, level] of Object.entries((spec.permissions ?? {}) as Mapping))
        assert.equal(job.permissions[permission], level, `${name}: ${permission}`)
  })
})
