/**
 * The previous-token record in runs that go as planned: what it holds and when (ACTION.md, "The
 * record", "What the record holds", "`rotate`, in order"), `revoke-old: deferred` over several
 * cycles, and `operation: retire`.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { proofOf } from '../helpers/leak-scan.ts'
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
import { watch } from '../helpers/watch.ts'
import { describeRun, World } from '../helpers/world.ts'

const FIRST = TARGET_LABELS[0]

/** The order in which the record and the token reach GitHub and revokes reach Meta, with the record as it stood at each. */
function timeline(world: World): Array<{ event: string; record: string[] }> {
  const events: Array<{ event: string; record: string[] }> = []
  watch(world.github.requests, request => {
    const name = request.path.split('/').pop()
    if (request.method === 'PUT' || request.method === 'DELETE')
      events.push({ event: `${request.method} ${name}`, record: recordOf(world) })
  })
  watch(world.graph.requests, request => {
    if (request.path === '/oauth/revoke') events.push({ event: 'revoke', record: recordOf(world) })
  })
  return events
}

/** A token of the world's system user that an earlier run left behind. */
function earlierToken(world: World): string {
  const token = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
  world.secrets.push(token)
  return token
}

describe('the previous-token record', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  it('revoke-old true: written before any target write, revoked from, and deleted only after the revokes', async () => {
    const earlier = earlierToken(world)
    world.github.putSecret(FIRST, RECORD, earlier)
    const events = timeline(world)
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': earlier })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token

    const firstWrite = events.findIndex(e => e.event === `PUT ${SECRET}`)
    const recordWrite = events.findIndex(e => e.event === `PUT ${RECORD}`)
    assert.ok(recordWrite >= 0 && recordWrite < firstWrite, `the record is written before any target: ${events.map(e => e.event)}`)
    assert.deepEqual(events[firstWrite].record, [earlier, world.oldToken, newToken], 'the record lines, the old token and the new one')
    const revokes = events.flatMap((e, i) => (e.event === 'revoke' ? [i] : []))
    const deletion = events.findIndex(e => e.event === `DELETE ${RECORD}`)
    assert.equal(revokes.length, 2)
    assert.ok(
      revokes.every(i => i > events.findLastIndex(e => e.event === `PUT ${SECRET}`)),
      'no revoke before every target is written'
    )
    assert.equal(deletion, events.length - 1, 'the record is deleted last, once the revokes are done')

    assert.deepEqual(held(world), [newToken, newToken, newToken])
    assert.deepEqual(world.validTokens(), [newToken])
    assert.equal(world.github.secret(FIRST, RECORD), undefined)
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(run.outputs.retired, '1', 'the earlier token counts as retired, the old one as revoked')
    assert.match(run.summary, /Previous-token record \| empty: no replaced token is left valid \|/)
  })

  it('revoke-old deferred, three cycles in a row: at most two valid tokens, the record holds exactly the previous old token', async () => {
    let previousOld: string | undefined
    for (let cycle = 1; cycle <= 3; cycle++) {
      const inputs = nextRunInputs(world)
      const old = inputs['access-token']
      const events = timeline(world)
      const run = await world.run({ ...inputs, 'revoke-old': 'deferred' })
      assert.equal(run.code, 0, `cycle ${cycle}: ${describeRun(run)}`)
      const current = run.outputs.token

      const firstWrite = events.find(e => e.event === `PUT ${SECRET}`)
      assert.deepEqual(
        firstWrite?.record,
        [...(previousOld ? [previousOld] : []), old, current],
        `cycle ${cycle}: the record beside the writes`
      )
      assert.deepEqual(held(world), [current, current, current], `cycle ${cycle}: every target holds the new token`)
      assert.deepEqual(recordOf(world), [old], `cycle ${cycle}: the record holds the old token alone`)
      assert.deepEqual(world.validTokens().sort(), [old, current].sort(), `cycle ${cycle}: the old and the new token work, no other`)
      if (previousOld) assert.equal(world.graph.isValid(previousOld), false, `cycle ${cycle}: the old token of the cycle before is revoked`)
      assert.equal(run.outputs.revoked, 'false', 'the old token is not revoked in its own cycle')
      assert.equal(run.outputs.retired, cycle === 1 ? '0' : '1')
      assert.match(run.summary, /Previous-token record \| 1 replaced token\(s\) not revoked yet; the next rotation .* revokes them \|/)
      // The kept token lives until the next rotation revokes it, but never past its own expiry: the run says when that is.
      const oldEnds = new Date((world.graph.token(old)?.expiresAt ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      assert.ok(run.stdout.includes(`at the latest until it expires on ${oldEnds}`), `the run prints the old token's end, ${oldEnds}`)
      assertTokensAccounted(world)
      previousOld = old
    }
  })

  it('a skipped run leaves the record as it is and says how many tokens it holds', async () => {
    const earlier = earlierToken(world)
    world.github.putSecret(FIRST, RECORD, earlier)
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': earlier, 'renew-before-days': '5' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.skipped, 'true')
    assert.deepEqual(recordOf(world), [earlier])
    assert.equal(world.graph.isValid(earlier), true, 'nothing is revoked in a skipped run')
    assert.ok(!world.githubCalls().some(call => !call.startsWith('GET')), 'nothing is written')
    assert.match(run.summary, /Previous-token record \| 1 replaced token\(s\)/)
  })

  it('the invariant helper catches a target holding a dead token and a valid token nothing tracks', () => {
    assertTokensAccounted(world)
    const stray = earlierToken(world)
    assert.throws(() => assertTokensAccounted(world), /every valid token of the app is held by a target or kept in the record/)
    world.github.putSecret(FIRST, RECORD, stray)
    assertTokensAccounted(world)
    const token = world.graph.token(world.oldToken)
    assert.ok(token)
    token.revoked = true
    assert.throws(() => assertTokensAccounted(world), /octo-org\/app holds the old token, which Meta no longer accepts/)
    assertTokensAccounted(world, { revokedOnPurpose: [world.oldToken] })
  })

  // A rotation run from a repository that cannot read the first target's secrets gets an empty previous-token.
  for (const c of [
    { revokeOld: 'deferred', targets: TARGETS, first: FIRST, environment: 'NAME' },
    { revokeOld: 'true', targets: 'octo-org/app:prod/eu\nocto-org/app', first: 'octo-org/app:prod/eu', environment: 'prod/eu' },
  ]) {
    it(`revoke-old ${c.revokeOld}: a record in ${c.first} that arrived empty stops the run before Meta is asked for a token`, async () => {
      const earlier = earlierToken(world)
      world.github.putSecret(c.first, RECORD, `${earlier}\n${world.oldToken}`)
      const run = await world.run({ 'secret-targets': c.targets, 'revoke-old': c.revokeOld, 'previous-token': '' })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(
        run.errors[0],
        new RegExp(
          `${RECORD}, the previous-token record, exists in ${c.first}, but \`previous-token\` arrived empty: the workflow running this rotation cannot read that target's secrets`
        )
      )
      assert.ok(run.errors[0].includes(`environment: ${c.environment}`), run.errors[0])
      assert.ok(run.errors[0].includes(`previous-token: \${{ secrets.${RECORD} }}`), 'the fix says what to pass')
      assert.ok(!world.graphCalls().some(call => call.includes('oauth/')), `no token was minted or revoked: ${world.graphCalls()}`)
      assert.ok(!world.githubCalls().some(call => !call.startsWith('GET')), 'nothing was written')
      assert.deepEqual(recordOf(world, c.first), [earlier, world.oldToken], 'the record is as it was')
      assert.deepEqual(world.validTokens().sort(), [earlier, world.oldToken].sort())
      assert.equal(run.outputs.rotated, 'false')
    })
  }

  it('a dry run with such a record warns, and changes nothing', async () => {
    world.github.putSecret(FIRST, RECORD, world.oldToken)
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': '', 'dry-run': 'true' })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(
      run.warnings.some(w => w.includes(`${RECORD}, the previous-token record, exists in ${FIRST}`)),
      run.warnings.join('\n')
    )
  })

  it('retire with an empty previous-token does not delete a record it cannot read', async () => {
    const earlier = earlierToken(world)
    world.github.putSecret(FIRST, RECORD, earlier)
    const run = await world.run({ 'secret-targets': TARGETS, operation: 'retire', 'previous-token': '' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(
      run.errors[0],
      /arrived empty: the workflow running this retire cannot read that target's secrets.* Retiring now would delete the record/
    )
    assert.deepEqual(recordOf(world), [earlier], 'the record is as it was')
    assert.deepEqual(world.graphCalls(), [], 'nothing was revoked')
  })

  it('an empty previous-token with no record in the first target rotates as usual', async () => {
    const run = await world.run({ 'secret-targets': TARGETS, 'revoke-old': 'deferred', 'previous-token': '' })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(world.githubCalls().includes(`GET /repos/octo-org/app/actions/secrets/${RECORD}`), 'the record was looked for')
    assert.deepEqual(recordOf(world), [world.oldToken])
  })

  describe('retire', () => {
    it('after a deferred rotation: the kept old token is revoked, the record deleted, only the current token works', async () => {
      const rotation = await world.run({ 'secret-targets': TARGETS, 'revoke-old': 'deferred' })
      assert.equal(rotation.code, 0, describeRun(rotation))
      const current = rotation.outputs.token
      world.graph.requests.length = 0

      const run = await world.run({ ...nextRunInputs(world), operation: 'retire' })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.retired, '1')
      assert.equal(world.github.secret(FIRST, RECORD), undefined, 'the record is deleted')
      assert.deepEqual(world.validTokens(), [current])
      assert.deepEqual(held(world), [current, current, current], 'the targets are left alone')
      assert.deepEqual(world.graphCalls(), ['GET /oauth/revoke'])
      const [revoke] = world.graph.requests
      assert.equal(revoke.params.revoke_token, world.oldToken)
      assert.equal(revoke.params.access_token, current, 'calling as access-token')
      assert.equal(revoke.params.appsecret_proof, proofOf(current, world.app.secret))
      assertTokensAccounted(world)
    })

    it('a record token that is already revoked counts as retired, and the run succeeds', async () => {
      const [dead, alive] = [earlierToken(world), earlierToken(world)]
      const token = world.graph.token(dead)
      assert.ok(token)
      token.revoked = true
      world.github.putSecret(FIRST, RECORD, `${dead}\n${alive}`)
      const run = await world.run({ ...nextRunInputs(world), operation: 'retire' })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.retired, '2')
      assert.equal(world.github.secret(FIRST, RECORD), undefined)
      assert.deepEqual(world.validTokens(), [world.oldToken])
      assert.ok(world.graphCalls().includes('GET /debug_token'), 'the failed revoke was checked with debug_token')
      assertTokensAccounted(world)
    })

    it('many tokens that cannot be revoked: every one stays, and the error names at most three reasons', async () => {
      const stuck = Array.from({ length: 30 }, () => earlierToken(world))
      world.github.putSecret(FIRST, RECORD, stuck.join('\n'))
      world.graph.injectFault({ path: '/oauth/revoke', times: 30, error: { code: 200, message: '(#200) Permissions error' } })
      const run = await world.run({ ...nextRunInputs(world), operation: 'retire' })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /0 token\(s\) revoked, but 30 could not be: .*\(and 27 other reasons\)/)
      assert.ok(run.errors[0].length < 2_000, `an error of ${run.errors[0].length} characters`)
      assert.deepEqual(recordOf(world).sort(), [...stuck].sort())
    })

    it('a record token that cannot be revoked stays in the record and fails the run; the others are gone', async () => {
      const [stuck, first, second] = [earlierToken(world), earlierToken(world), earlierToken(world)]
      world.github.putSecret(FIRST, RECORD, [first, stuck, second].join('\n'))
      // Meta refuses this one revoke for good (a permissions error, not retried); debug_token says it is valid.
      let refuse = true
      watch(world.graph.requests, request => {
        if (refuse && request.path === '/oauth/revoke' && request.params.revoke_token === stuck)
          world.graph.injectFault({ path: '/oauth/revoke', error: { code: 200, message: '(#200) Permissions error' } })
      })
      const run = await world.run({ ...nextRunInputs(world), operation: 'retire' })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /2 token\(s\) revoked, but 1 could not be/)
      assert.match(run.errors[0], /They stay in META_ACCESS_TOKEN_PREVIOUS in octo-org\/app/)
      assert.match(run.errors[0], /What to do: The next `rotate`.* or an `operation: retire` tries again/)
      assert.equal(run.outputs.retired, '2')
      assert.deepEqual(recordOf(world), [stuck], 'only the token that could not be revoked stays in the record')
      assert.deepEqual(world.validTokens().sort(), [world.oldToken, stuck].sort())
      assert.equal(world.graph.requests.filter(r => r.path === '/oauth/revoke' && r.params.revoke_token === stuck).length, 1, 'not retried')
      assertTokensAccounted(world)

      // Once Meta lets it go, the next retire finishes the job.
      refuse = false
      const again = await world.run({ ...nextRunInputs(world), operation: 'retire' })
      assert.equal(again.code, 0, describeRun(again))
      assert.equal(world.github.secret(FIRST, RECORD), undefined)
      assert.deepEqual(world.validTokens(), [world.oldToken])
    })
  })
})
