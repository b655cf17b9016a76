/**
 * End-to-end tests of `check`, `refresh`, `revoke`, `generate` and `install-app`: main() of
 * src/main.ts against the fake Meta Graph and GitHub servers. Every run is scanned
 * for leaked secrets by World.run. `rotate`, bad input, org secrets and retries live elsewhere.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { proofOf } from '../helpers/leak-scan.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const SECRET = 'META_ACCESS_TOKEN'

/** The contract's `expires-at` form of a unix time. */
function isoOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

/** The expiry outputs agree with each other and with the token's real expiry at Meta. */
function assertExpiryOutputs(run: ActionRun, expiresAtUnix: number, toleranceSeconds = 0): void {
  const { outputs } = run
  assert.match(outputs['expires-at'], ISO_SECONDS, 'expires-at is ISO 8601 UTC without milliseconds')
  const shownUnix = Date.parse(outputs['expires-at']) / 1000
  assert.ok(
    Math.abs(shownUnix - expiresAtUnix) <= toleranceSeconds,
    `expires-at ${outputs['expires-at']} is the token's expiry ${isoOf(expiresAtUnix)}`
  )
  const expiresIn = Number(outputs['expires-in'])
  assert.ok(Number.isInteger(expiresIn), `expires-in is whole seconds, got ${outputs['expires-in']}`)
  const expected = expiresAtUnix - Date.now() / 1000
  assert.ok(
    expiresIn <= expected + toleranceSeconds + 1 && expiresIn >= expected - 60 - toleranceSeconds,
    `expires-in ${expiresIn} is about ${Math.round(expected)} s`
  )
  assert.equal(outputs['days-remaining'], String(Math.floor(expiresIn / DAY)), 'days-remaining is whole days, rounded down')
}

function assertNeverExpires(run: ActionRun): void {
  assert.equal(run.outputs['expires-at'], 'never')
  assert.equal(run.outputs['expires-in'], '0')
  assert.equal(run.outputs['days-remaining'], '')
}

function githubWrites(world: World): string[] {
  return world.githubCalls().filter(call => !call.startsWith('GET'))
}

// ---------------------------------------------------------------------------------------------

describe('check', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 30 })
  })
  afterEach(() => world.close())

  it('passes for a valid token with plenty of days left and describes it', async () => {
    const run = await world.run({ operation: 'check' })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(run.errors, [])

    assert.equal(run.outputs.token, world.oldToken, 'the token output is the inspected token')
    assert.ok(run.masks.includes(world.oldToken))
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs['token-type'], 'SYSTEM_USER')
    assert.equal(run.outputs.scopes, 'ads_management,business_management')
    assertExpiryOutputs(run, world.graph.token(world.oldToken)!.expiresAt)
    assert.equal(run.outputs['days-remaining'], '29')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.skipped, 'false')
    assert.equal(run.outputs.revoked, 'false')

    assert.equal(run.summary.split('\n')[0], '## Meta token: `check` ✅ the token is valid for 29 days')
    assert.match(run.summary, /Token type \| SYSTEM_USER/)
    assert.ok(run.summary.includes(run.outputs['expires-at']), 'the summary shows the expiry')

    // Only debug_token, called as the app (no proof), about the input token; nothing at GitHub.
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    const [inspect] = world.graph.requests
    assert.equal(inspect.params.input_token, world.oldToken)
    assert.equal(inspect.params.access_token, `${world.app.id}|${world.app.secret}`)
    assert.equal(inspect.params.appsecret_proof, undefined, 'debug_token as the app carries no proof')
    assert.deepEqual(world.github.requests, [])
    assert.equal(world.graph.isValid(world.oldToken), true)
  })

  it('fails when the token expires within min-days-remaining, saying how many days and what to do', async () => {
    const soon = world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      scopes: ['ads_read'],
      expiresInSeconds: 3 * DAY + 3600,
    })
    const run = await world.run({ operation: 'check', 'access-token': soon })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.errors.length, 1)
    assert.match(run.errors[0], /in 3 days/)
    assert.match(run.errors[0], /min-days-remaining/)
    assert.match(run.errors[0], /\(7\)/, 'names the default threshold')
    assert.match(run.errors[0], /What to do: Rotate it now: run the workflow by hand with operation `rotate`\./, 'says what to do')

    // Outputs known before the failure are still set.
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs['days-remaining'], '3')
    assertExpiryOutputs(run, world.graph.token(soon)!.expiresAt)
    assert.equal(run.outputs.token, soon)

    assert.equal(run.summary.split('\n')[0], '## Meta token: `check` ❌ the token expires in 3 days')
    assert.match(run.summary, /\n### What to do next\n\nRotate it now: run the workflow by hand with operation `rotate`\./)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('passes at exactly min-days-remaining days and fails one day above', async () => {
    const soon = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, expiresInSeconds: 3 * DAY + 3600 })
    const atLimit = await world.run({ operation: 'check', 'access-token': soon, 'min-days-remaining': '3' })
    assert.equal(atLimit.code, 0, describeRun(atLimit))
    const above = await world.run({ operation: 'check', 'access-token': soon, 'min-days-remaining': '4' })
    assert.equal(above.code, 1, describeRun(above))
    assert.match(above.errors[0], /in 3 days/)
    assert.match(above.errors[0], /\(4\)/)
  })

  it('fails for a revoked token (is-valid false) and suggests generate', async () => {
    const dead = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId })
    const revoked = await world.run({ operation: 'revoke', 'access-token': dead })
    assert.equal(revoked.code, 0, describeRun(revoked))
    world.graph.requests.length = 0

    const run = await world.run({ operation: 'check', 'access-token': dead })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['is-valid'], 'false')
    assert.match(run.errors[0], /not valid/)
    assert.match(run.errors[0], /operation: generate/)
    assert.equal(run.summary.split('\n')[0], '## Meta token: `check` ❌ the token in `access-token` is not valid')
    assert.match(run.summary, /operation: generate/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('fails for an expired token and says it cannot be refreshed, only replaced with generate', async () => {
    const expired = world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      issuedAt: nowSeconds() - 61 * DAY,
      expiresInSeconds: 60 * DAY,
    })
    const run = await world.run({ operation: 'check', 'access-token': expired })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['is-valid'], 'false')
    assert.match(run.errors[0], /expired/)
    assert.match(run.errors[0], /operation: generate/)
    assert.match(run.errors[0], /run meta-token.yml by hand with operation `generate`/, 'names the template choice that does it')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('passes for a never-expiring token: expires-at never, days-remaining empty, expires-in 0, with a warning', async () => {
    const forever = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_read'], expiresInSeconds: 0 })
    const run = await world.run({ operation: 'check', 'access-token': forever })
    assert.equal(run.code, 0, describeRun(run))
    assertNeverExpires(run)
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs.token, forever)
    assert.equal(run.outputs.scopes, 'ads_read')
    assert.ok(
      run.warnings.some(w => /never expires/.test(w) && /generate/.test(w)),
      `warnings: ${run.warnings.join(' | ')}`
    )
    assert.match(run.summary, /Token expires \| never/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('fails with a message about app-id/app-secret when the app secret is wrong', async () => {
    const run = await world.run({ operation: 'check', 'app-secret': 'fake-secret-not-the-right-one-0000' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.errors.length, 1)
    assert.match(run.errors[0], /app-id/)
    assert.match(run.errors[0], /app-secret/)
    assert.doesNotMatch(run.errors[0], /operation: generate/, 'the token itself is not blamed')
    assert.equal(run.outputs['is-valid'], 'false')
    assert.equal(run.summary.split('\n')[0], '## Meta token: `check` ❌ failed to inspect the token')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'one call, not retried')
    assert.equal(world.graph.isValid(world.oldToken), true)
  })
})

// ---------------------------------------------------------------------------------------------

describe('refresh', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    world.github.putSecret('octo-org/app', SECRET, world.oldToken)
    world.github.putSecret('octo-org/app:production', SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  it('stores a new token in every target and leaves the old one valid', async () => {
    const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app\nocto-org/app:production' })
    assert.equal(run.code, 0, describeRun(run))

    const newToken = run.outputs.token
    assert.ok(newToken && newToken !== world.oldToken, 'the token output holds a new token')
    assert.ok(run.masks.includes(newToken), 'the new token is masked')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, newToken)
    assert.equal(world.github.secret('octo-org/app:production', SECRET)?.value, newToken)
    assert.equal(world.graph.isValid(newToken), true)
    assert.equal(world.graph.isValid(world.oldToken), true, 'refresh leaves the old token alone')

    assert.equal(run.outputs.rotated, 'true')
    assert.equal(run.outputs.revoked, 'false')
    assert.equal(run.outputs.skipped, 'false')
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs['token-type'], 'SYSTEM_USER')
    assert.equal(run.outputs.scopes, 'ads_management,business_management')
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app\nocto-org/app:production')
    // expires-at comes from expires_in (whole seconds counted from the answer): allow a few seconds.
    assertExpiryOutputs(run, world.graph.token(newToken)!.expiresAt, 3)

    // The new token is verified before it is stored: one debug_token after the refresh.
    assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token'])
    const [inspect, exchange, verify] = world.graph.requests
    assert.equal(inspect.params.input_token, world.oldToken)
    assert.equal(verify.params.input_token, newToken)
    assert.equal(exchange.params.grant_type, 'fb_exchange_token')
    assert.equal(exchange.params.fb_exchange_token, world.oldToken)
    assert.equal(exchange.params.set_token_expires_in_60_days, 'true', 'a system user token is refreshed for 60 days')
    assert.equal(exchange.params.access_token, undefined, 'oauth/access_token authenticates with client_secret only')
    assert.equal(exchange.params.appsecret_proof, undefined)

    assert.equal(run.summary.split('\n')[0], '## Meta token: `refresh` ✅ refreshed')
    assert.match(run.summary, /Old token expires \| \d{4}-\d\d-\d\dT[\d:]+Z \(9 days left\)/)
    assert.match(run.summary, /New token expires \| \d{4}-\d\d-\d\dT[\d:]+Z \(\d+ days left\)/)
    assert.match(run.summary, /octo-org\/app \| updated/)
    assert.match(run.summary, /octo-org\/app:production \| updated/)
  })

  it('without secret-name writes nothing and puts the new token in the token output', async () => {
    const run = await world.run({ operation: 'refresh', 'secret-name': '' })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token
    assert.ok(newToken && newToken !== world.oldToken)
    assert.equal(world.graph.isValid(newToken), true)
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(run.outputs.rotated, 'true', 'without secret-name, rotated means issued')
    assert.equal(run.outputs['secrets-updated'] ?? '', '')
    assert.deepEqual(world.github.requests, [], 'no GitHub request at all')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, world.oldToken, 'the stored secret is untouched')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token'])
  })

  it('asks debug_token for the new expiry when Meta leaves out expires_in', async () => {
    await world.close()
    world = await World.start({ daysLeft: 10, graph: { omitExpiresIn: true } })
    const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token

    assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token'])
    assert.equal(world.graph.requests[0].params.input_token, world.oldToken)
    assert.equal(world.graph.requests[2].params.input_token, newToken, 'the second debug_token inspects the new token')
    assertExpiryOutputs(run, world.graph.token(newToken)!.expiresAt)
    assert.notEqual(run.outputs['expires-at'], isoOf(world.graph.token(world.oldToken)!.expiresAt), "not the old token's expiry")
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, newToken)
    assert.equal(run.outputs.rotated, 'true')
    assert.match(run.summary, /New token expires \| \d{4}-\d\d-\d\dT[\d:]+Z/)
  })

  it('exchanges a USER token without set_token_expires_in_60_days', async () => {
    const userToken = world.graph.mintToken({ appId: world.app.id, type: 'USER', scopes: ['ads_read'], expiresInSeconds: 2 * 3600 })
    const run = await world.run({ operation: 'refresh', 'access-token': userToken, 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token
    assert.ok(newToken && newToken !== userToken)

    assert.deepEqual(world.graphCalls(), ['GET /debug_token', 'GET /oauth/access_token', 'GET /debug_token'])
    const exchange = world.graph.requests[1]
    assert.equal(exchange.params.fb_exchange_token, userToken)
    assert.equal(exchange.params.grant_type, 'fb_exchange_token')
    assert.equal(exchange.params.set_token_expires_in_60_days, undefined, 'a user token gets the plain long-lived exchange')

    assert.equal(run.outputs['token-type'], 'USER')
    assert.equal(world.graph.token(newToken)?.type, 'USER')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, newToken)
    assertExpiryOutputs(run, world.graph.token(newToken)!.expiresAt, 3)
    assert.equal(world.graph.isValid(userToken), true)
  })

  for (const [renewBeforeDays, relation] of [
    ['30', 'is larger than'],
    ['9', 'equals'],
  ]) {
    it(`refreshes when renew-before-days ${relation} the days left`, async () => {
      const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app', 'renew-before-days': renewBeforeDays })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.skipped, 'false')
      assert.equal(run.outputs.rotated, 'true')
      assert.notEqual(run.outputs.token, world.oldToken)
      assert.ok(world.graphCalls().includes('GET /oauth/access_token'))
      assert.equal(world.github.secret('octo-org/app', SECRET)?.value, run.outputs.token)
    })
  }

  it('skips when renew-before-days is smaller than the days left', async () => {
    const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app\nocto-org/app:staging', 'renew-before-days': '5' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.skipped, 'true')
    assert.ok(
      run.warnings.some(w => /octo-org\/app:staging/.test(w)),
      'a skip still reports an unwritable target, as a warning'
    )
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.token, world.oldToken, 'a skip outputs the inspected token')
    assert.equal(run.outputs['days-remaining'], '9')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'no oauth/access_token call')
    assert.deepEqual(githubWrites(world), [], 'nothing written at GitHub')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, world.oldToken)
    assert.deepEqual(world.validTokens(), [world.oldToken], 'no new token issued')
    assert.match(run.summary, /^\| `skipped` \| true \|$/m)
  })

  it('checks every target before asking Meta for a new token (promise 4)', async () => {
    const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app\nocto-org/app:staging' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /octo-org\/app:staging/, 'the unwritable target is named')
    assert.match(run.errors[0], /nothing was changed at Meta/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'no oauth/access_token call')
    assert.deepEqual(githubWrites(world), [])
    assert.deepEqual(world.validTokens(), [world.oldToken], 'no new token issued')
    assert.equal(run.outputs.rotated, 'false')
    assert.match(run.summary, /octo-org\/app:staging \| unwritable/)
  })

  it('fails, naming the target, when a secret cannot be written; the old token keeps working', async () => {
    world.github.injectFault({
      method: 'PUT',
      path: `/repos/octo-org/app/environments/production/secrets/${SECRET}`,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    const run = await world.run({ operation: 'refresh', 'secret-targets': 'octo-org/app\nocto-org/app:production' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /octo-org\/app:production/)
    assert.equal(world.graph.isValid(world.oldToken), true, 'the old token still works')
    assert.equal(world.github.secret('octo-org/app:production', SECRET)?.value, world.oldToken)
    assert.equal(run.outputs.rotated, 'false', 'not stored in every target')
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app', 'names the target that got the new token')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, run.outputs.token)
    assert.match(run.summary, /octo-org\/app:production \| failed/)
  })

  it('does not refresh a never-expiring token: success with a warning that suggests generate', async () => {
    const forever = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, expiresInSeconds: 0 })
    const run = await world.run({ operation: 'refresh', 'access-token': forever, 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(
      run.warnings.some(w => /operation: generate/.test(w) && /expiring: true/.test(w)),
      `warnings: ${run.warnings.join(' | ')}`
    )
    assertNeverExpires(run)
    assert.equal(run.outputs.token, forever, 'nothing issued: the token output is the inspected token')
    assert.equal(run.outputs.rotated, 'false')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    assert.deepEqual(githubWrites(world), [])
  })
})

// ---------------------------------------------------------------------------------------------

describe('revoke', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 30 })
  })
  afterEach(() => world.close())

  it('revokes access-token itself: invalid at Meta, revoked=true, no token output', async () => {
    const run = await world.run({ operation: 'revoke' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.isValid(world.oldToken), false, 'the token no longer works at Meta')
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal('token' in run.outputs, false, 'revoke sets no token output')

    assert.deepEqual(world.graphCalls(), ['GET /oauth/revoke'])
    const [call] = world.graph.requests
    assert.equal(call.params.revoke_token, world.oldToken)
    assert.equal(call.params.access_token, world.oldToken)
    assert.equal(call.params.appsecret_proof, proofOf(world.oldToken, world.app.secret))
    assert.ok(run.masks.includes(proofOf(world.oldToken, world.app.secret)), 'the proof is masked')
    assert.deepEqual(world.github.requests, [])
    assert.equal(run.summary.split('\n')[0], '## Meta token: `revoke` ✅ revoked')
    assert.match(run.summary, /^\| `revoked` \| true \|$/m)
  })

  it("revokes revoke-token, calling as access-token with the caller's proof", async () => {
    const leaked = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_read'] })
    const run = await world.run({ operation: 'revoke', 'revoke-token': leaked })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.isValid(leaked), false, 'revoke-token is revoked')
    assert.equal(world.graph.isValid(world.oldToken), true, 'the caller still works')
    assert.equal(run.outputs.revoked, 'true')
    assert.equal('token' in run.outputs, false)

    assert.deepEqual(world.graphCalls(), ['GET /oauth/revoke'])
    const [call] = world.graph.requests
    assert.equal(call.params.revoke_token, leaked)
    assert.equal(call.params.access_token, world.oldToken)
    assert.equal(call.params.appsecret_proof, proofOf(world.oldToken, world.app.secret), 'the proof is of the caller token')
    assert.notEqual(call.params.appsecret_proof, proofOf(leaked, world.app.secret))
  })

  it('succeeds with a note and revoked=false when the token is already revoked', async () => {
    const first = await world.run({ operation: 'revoke' })
    assert.equal(first.code, 0, describeRun(first))
    assert.equal(world.graph.isValid(world.oldToken), false)

    const again = await world.run({ operation: 'revoke' })
    assert.equal(again.code, 0, describeRun(again))
    assert.deepEqual(again.errors, [])
    assert.equal(again.outputs.revoked, 'false', 'nothing was revoked by this run')
    assert.equal(again.outputs['is-valid'], 'false')
    assert.equal(again.summary.split('\n')[0], '## Meta token: `revoke` ✅ the token was already invalid')
    assert.match(again.summary, /already invalid/)
    assert.match(again.stdout, /already invalid/, 'the log says so too')
  })

  it('changes nothing in a dry run', async () => {
    const run = await world.run({ operation: 'revoke', 'dry-run': 'true' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(run.outputs.revoked, 'false')
    assert.equal(run.outputs['is-valid'], 'true')
    assert.ok(!world.graphCalls().includes('GET /oauth/revoke'), 'no revoke call')
    assert.ok(
      world.graph.requests.every(r => r.method === 'GET' && r.path === '/debug_token'),
      `calls: ${world.graphCalls().join(', ')}`
    )
    assert.match(run.summary, /Dry run/)
  })
})

// ---------------------------------------------------------------------------------------------

describe('generate', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
  })
  afterEach(() => world.close())

  function generateInputs(extra: Record<string, string> = {}): Record<string, string> {
    return {
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management,business_management',
      ...extra,
    }
  }

  it('creates a 60-day system user token for the system user, stores it and describes it', async () => {
    const run = await world.run(generateInputs({ 'secret-targets': 'octo-org/app:production' }))
    assert.equal(run.code, 0, describeRun(run))

    const token = run.outputs.token
    assert.ok(token && token !== world.oldToken && token !== world.adminToken, 'a new token is in the token output')
    assert.ok(run.masks.includes(token))
    assert.equal(world.github.secret('octo-org/app:production', SECRET)?.value, token, 'the stored secret decrypts to the token output')

    const minted = world.graph.token(token)
    assert.ok(minted, 'Meta issued this token')
    assert.equal(minted.type, 'SYSTEM_USER')
    assert.equal(minted.userId, world.systemUserId, 'for the requested system user')
    assert.deepEqual(minted.scopes, ['ads_management', 'business_management'])
    const lifetime = minted.expiresAt - minted.issuedAt
    assert.ok(lifetime > 59 * DAY && lifetime <= 60 * DAY, `a "60-day" token: a little under 60 days at Meta (${lifetime} s)`)
    assert.equal(world.graph.isValid(token), true)
    assert.equal(world.graph.isValid(world.adminToken), true, 'the admin token is untouched')

    assert.equal(run.outputs['token-type'], 'SYSTEM_USER')
    assert.equal(run.outputs.scopes, 'ads_management,business_management')
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs.rotated, 'true')
    assert.equal(run.outputs.revoked, 'false')
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app:production')
    assertExpiryOutputs(run, minted.expiresAt)

    // The admin token is inspected first (ACTION.md "Admin tokens"), then the mint, then the new token.
    assert.deepEqual(world.graphCalls(), ['GET /debug_token', `POST /${world.systemUserId}/access_tokens`, 'GET /debug_token'])
    const [inspectAdmin, create, inspect] = world.graph.requests
    assert.equal(inspectAdmin.params.input_token, world.adminToken)
    assert.equal(create.params.access_token, world.adminToken)
    assert.equal(create.params.appsecret_proof, proofOf(world.adminToken, world.app.secret), 'the proof of the admin token')
    assert.equal(create.params.business_app, world.app.id)
    assert.equal(create.params.scope, 'ads_management,business_management')
    assert.equal(create.params.set_token_expires_in_60_days, 'true')
    assert.equal(inspect.params.input_token, token)

    assert.equal(run.summary.split('\n')[0], '## Meta token: `generate` ✅ generated a new token')
    assert.match(run.summary, /Token type \| SYSTEM_USER/)
    assert.match(run.summary, /octo-org\/app:production \| created/)
  })

  it('with expiring: false creates a never-expiring token and warns', async () => {
    const run = await world.run(generateInputs({ expiring: 'false', 'secret-name': '' }))
    assert.equal(run.code, 0, describeRun(run))
    const token = run.outputs.token
    assert.ok(token)
    assert.equal(world.graph.token(token)?.expiresAt, 0, 'Meta issued a never-expiring token')
    assertNeverExpires(run)
    assert.ok(
      run.warnings.some(w => /never expires/.test(w)),
      `warnings: ${run.warnings.join(' | ')}`
    )
    assert.equal(world.graph.requests[1].params.set_token_expires_in_60_days, undefined)
    assert.equal(run.outputs.rotated, 'true', 'without secret-name, rotated means issued')
    assert.deepEqual(world.github.requests, [], 'no secret-name: nothing at GitHub')
    assert.match(run.summary, /never/)
  })

  it('checks every target before asking Meta for a token (promise 4)', async () => {
    const run = await world.run(generateInputs({ 'secret-targets': 'octo-org/app\nocto-org/missing' }))
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /octo-org\/missing/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'Meta was asked for nothing but the admin token inspection')
    assert.deepEqual(githubWrites(world), [])
    assert.equal('token' in run.outputs, false)
  })

  it('fails and points to install-app when the app is not installed for the system user', async () => {
    const bare = world.graph.addSystemUser({})
    const run = await world.run(generateInputs({ 'system-user-id': bare.id, 'secret-targets': 'octo-org/app' }))
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.errors.length, 1)
    assert.match(run.errors[0], /install-app/)
    assert.equal(run.summary.split('\n')[0], '## Meta token: `generate` ❌ failed to generate the token')
    assert.match(run.summary, /install-app/)
    assert.equal('token' in run.outputs, false, 'no token was issued')
    assert.equal(run.outputs.rotated, 'false')
    assert.deepEqual(world.graphCalls(), ['GET /debug_token', `POST /${bare.id}/access_tokens`])
    assert.deepEqual(githubWrites(world), [], 'nothing written at GitHub')
    assert.equal(world.github.secret('octo-org/app', SECRET), undefined)
  })
})

// ---------------------------------------------------------------------------------------------

describe('install-app', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
  })
  afterEach(() => world.close())

  it('installs the app for the system user, after which generate works', async () => {
    const bare = world.graph.addSystemUser({})
    const run = await world.run({ operation: 'install-app', 'access-token': world.adminToken, 'system-user-id': bare.id })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal('token' in run.outputs, false, 'install-app sets no token output')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.revoked, 'false')
    assert.equal(run.summary.split('\n')[0], '## Meta token: `install-app` ✅ the app is installed for the system user')

    assert.deepEqual(world.graphCalls(), ['GET /debug_token', `POST /${bare.id}/applications`])
    const [, install] = world.graph.requests
    assert.equal(install.params.business_app, world.app.id)
    assert.equal(install.params.access_token, world.adminToken)
    assert.equal(install.params.appsecret_proof, proofOf(world.adminToken, world.app.secret))
    assert.deepEqual(world.github.requests, [])

    const generated = await world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': bare.id,
      scope: 'ads_read',
      'secret-name': '',
    })
    assert.equal(generated.code, 0, describeRun(generated))
    assert.equal(world.graph.token(generated.outputs.token)?.userId, bare.id)
  })

  it('makes no POST in a dry run (the app stays uninstalled)', async () => {
    const bare = world.graph.addSystemUser({})
    const run = await world.run({
      operation: 'install-app',
      'access-token': world.adminToken,
      'system-user-id': bare.id,
      'dry-run': 'true',
    })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(
      world.graph.requests.every(r => r.method !== 'POST'),
      `calls: ${world.graphCalls().join(', ')}`
    )
    assert.match(run.summary, /Dry run/)

    const generated = await world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': bare.id,
      scope: 'ads_read',
      'secret-name': '',
    })
    assert.equal(generated.code, 1, 'generate still fails: nothing was installed')
    assert.match(generated.errors[0], /install-app/)
  })
})
