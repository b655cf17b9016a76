/**
 * Writes that landed and then failed (docs/promises.md, Promise 3): GitHub stores the secret, then answers 502, or
 * never answers until the request timeout. Such a write counts as possibly written: the rollback
 * restores the old token there too, and the new token is revoked only when every restore
 * succeeded. Each case ends with the scheduled workflow's next `rotate`, which must converge.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GitHubFault } from '../fakes/github-server.ts'
import {
  assertTokensAccounted,
  held,
  nextRunInputs,
  RECORD,
  recordOf,
  SECRET,
  TARGET_LABELS,
  TARGETS,
} from '../helpers/token-invariants.ts'
import { describeRun, World } from '../helpers/world.ts'

const LIMIT = { timeout: 15_000 }
/** Two attempts per request: a fault that answers twice fails the write, and the restore that follows gets through. */
const ATTEMPTS = 2
const ENV = { META_TOKEN_KEEPER_MAX_ATTEMPTS: String(ATTEMPTS) }
const PATHS: Record<string, string> = {
  'octo-org/app': `/repos/octo-org/app/actions/secrets/${SECRET}`,
  'octo-org/app:prod/eu': `/repos/octo-org/app/environments/prod/eu/secrets/${SECRET}`,
  'octo-org/site': `/repos/octo-org/site/actions/secrets/${SECRET}`,
}

const ANSWERS: Array<{ name: string; fault: Partial<GitHubFault>; inputs: Record<string, string>; message: string }> = [
  { name: 'lands, then 502', fault: { status: 502, body: { message: 'Server Error' } }, inputs: {}, message: 'GitHub answered 502' },
  {
    name: 'lands, then no answer until the request timeout',
    fault: { hang: true },
    inputs: { 'request-timeout-seconds': '0.3' },
    message: 'no answer from GitHub',
  },
]

const POSITIONS = [
  { name: 'the first target (which holds the record)', target: TARGET_LABELS[0] },
  { name: 'the middle target', target: TARGET_LABELS[1] },
  { name: 'the last target', target: TARGET_LABELS[2] },
]

/** The restore of the old token gets through, or meets the same fault (it lands, but its outcome is uncertain too). */
const RESTORES = [
  { name: 'the restore succeeds', times: ATTEMPTS, restored: true },
  { name: 'the restore lands but fails too', times: 1000, restored: false },
]

describe('writes that land and then fail', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  for (const answer of ANSWERS) {
    for (const position of POSITIONS) {
      for (const restore of RESTORES) {
        it(`${position.name}: the write ${answer.name}; ${restore.name}`, LIMIT, async () => {
          world.github.injectFault({ method: 'PUT', path: PATHS[position.target], apply: true, times: restore.times, ...answer.fault })
          const run = await world.run({ 'secret-targets': TARGETS, ...answer.inputs }, ENV)
          assert.equal(run.code, 1, describeRun(run))
          const newToken = run.outputs.token
          assert.ok(newToken && newToken !== world.oldToken, 'the new token is in the token output')
          assert.ok(run.errors[0].includes(`${position.target}: ${answer.message}`), `the error names the target: ${run.errors[0]}`)
          const writes = world.github.requests.filter(r => r.method === 'PUT' && decodeURIComponent(r.path) === PATHS[position.target])
          assert.ok(writes.length > ATTEMPTS, 'the failed target was written again (the restore)')

          assert.deepEqual(
            held(world).map(token => token === world.oldToken),
            [true, true, true],
            'every target holds the old token again'
          )
          assert.equal(world.graph.isValid(world.oldToken), true, 'the old token works')
          assert.equal(world.graph.isValid(newToken), !restore.restored, 'the new token is revoked only when every restore succeeded')
          assert.deepEqual(
            recordOf(world),
            restore.restored ? [world.oldToken] : [world.oldToken, newToken],
            'the record keeps the old token, and the new one unless it was revoked'
          )
          assert.equal(run.outputs.rotated, 'false')
          assert.equal(run.outputs.revoked, 'false')
          if (restore.restored) {
            assert.equal(run.outputs['secrets-updated'], '')
            assert.match(run.errors[0], /the new token was revoked, and the old token still works everywhere/)
          } else {
            assert.equal(run.outputs['secrets-updated'], position.target)
            assert.match(run.errors[0], /may still hold the NEW token/)
            assert.match(run.summary, /restore failed/)
          }
          assertTokensAccounted(world)

          // The next scheduled rotation (the fault is gone) cleans up whatever is left.
          world.github.clearFaults()
          const next = await world.run(nextRunInputs(world), ENV)
          assert.equal(next.code, 0, describeRun(next))
          const current = next.outputs.token
          assert.deepEqual(held(world), [current, current, current], 'every target holds the token of the next run')
          assert.deepEqual(world.validTokens(), [current], 'every other token is revoked')
          assert.equal(world.github.secret(TARGET_LABELS[0], RECORD), undefined, 'no record is left')
          assert.equal(next.outputs.retired, restore.restored ? '0' : '1', 'the unrevoked new token of the failed run was retired')
        })
      }
    }
  }

  for (const answer of ANSWERS) {
    it(`the record write ${answer.name}: nothing is written to any target and the new token is revoked`, LIMIT, async () => {
      const recordPath = `/repos/octo-org/app/actions/secrets/${RECORD}`
      world.github.injectFault({ method: 'PUT', path: recordPath, apply: true, times: ATTEMPTS, ...answer.fault })
      const run = await world.run({ 'secret-targets': TARGETS, ...answer.inputs }, ENV)
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /previous-token record could not be written/)
      const newToken = run.outputs.token
      assert.ok(!world.githubCalls().some(call => call.startsWith('PUT') && call.endsWith(`/${SECRET}`)), 'the new token went to no target')
      assert.deepEqual(held(world), [world.oldToken, world.oldToken, world.oldToken])
      assert.ok(newToken && newToken !== world.oldToken, 'the new token is in the token output')
      assert.equal(world.graph.isValid(newToken), false, 'the new token is revoked')
      assert.deepEqual(world.validTokens(), [world.oldToken])
      // The record that landed is not put back: it holds the old token and the revoked new one,
      // which the next rotation finds already invalid. Harmless, and safer than a restore that
      // could drop a new token whose revoke failed.
      assert.deepEqual(recordOf(world), [world.oldToken, newToken])
      assertTokensAccounted(world)

      world.github.clearFaults()
      const next = await world.run(nextRunInputs(world), ENV)
      assert.equal(next.code, 0, describeRun(next))
      assert.deepEqual(world.validTokens(), [next.outputs.token])
      assert.equal(world.github.secret(TARGET_LABELS[0], RECORD), undefined, 'no record is left')
      assert.equal(next.outputs.retired, '1', 'the revoked token of the record counts as retired')
    })
  }
})
