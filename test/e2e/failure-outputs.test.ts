/**
 * The outputs a failed run leaves for the alert issue: `failure-step`, `failure-message` and
 * `next-step` say what the error annotation says (the step, the message, what to do), with
 * secrets removed; a run that succeeds sets none of them.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

describe('failure outputs', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  it('a failed run sets the step, the message and the next step of its error annotation', async () => {
    world.graph.token(world.oldToken)!.expiresAt = Math.floor(Date.now() / 1000) - 3600
    const run = await world.run({ operation: 'check' })
    assert.equal(run.code, 1, describeRun(run))
    const [message, fix] = run.errors[0].split('\nWhat to do: ')
    assert.ok(run.outputs['failure-step'], 'failure-step is set')
    assert.equal(run.outputs['failure-message'], message)
    assert.ok(fix, 'the annotation has a next step')
    assert.equal(run.outputs['next-step'], fix)
  })

  it('a bad input names the input in failure-message, at the step that reads the inputs', async () => {
    const run = await world.run({ operation: 'check', 'min-days-remaining': 'soon' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['failure-step'], 'read inputs')
    assert.match(run.outputs['failure-message'], /^Input `min-days-remaining`: /)
    assert.equal(run.outputs['next-step'], '')
  })

  it('a run that succeeds sets none of them', async () => {
    const run = await world.run({ operation: 'check', 'min-days-remaining': '1' })
    assert.equal(run.code, 0, describeRun(run))
    for (const name of ['failure-step', 'failure-message', 'next-step']) assert.equal(run.outputs[name], undefined, name)
  })
})
