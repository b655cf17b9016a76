import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { proofOf } from '../helpers/leak-scan.ts'
import { recordOf } from '../helpers/token-invariants.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'

const TARGETS = 'octo-org/app\nocto-org/app:prod/eu\nocto-org/site'
const TARGET_LABELS = ['octo-org/app', 'octo-org/app:prod/eu', 'octo-org/site']

function storedValues(world: World, name = 'META_ACCESS_TOKEN'): Array<string | undefined> {
  return TARGET_LABELS.map(target => world.github.secret(target, name)?.value)
}

describe('rotate', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, 'META_ACCESS_TOKEN', world.oldToken)
  })
  afterEach(() => world.close())

  it('refreshes, verifies, stores the new token everywhere and revokes the old one', async () => {
    const run = await world.run({ 'secret-targets': TARGETS })
    assert.equal(run.code, 0, describeRun(run))

    const newToken = run.outputs.token
    assert.ok(newToken && newToken !== world.oldToken, 'a new token is in the token output')
    assert.deepEqual(storedValues(world), [newToken, newToken, newToken], 'every target decrypts to the new token')
    assert.equal(world.graph.isValid(newToken), true)
    assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked')
    assert.deepEqual(world.validTokens(), [newToken], 'exactly one token of the app is left valid')

    // The contract's call sequence, and who calls as whom.
    // The second debug_token after the refresh is the old token's, beside the verification (revoked meanwhile?).
    assert.deepEqual(world.graphCalls(), [
      'GET /debug_token',
      'GET /oauth/access_token',
      'GET /debug_token',
      'GET /debug_token',
      'GET /oauth/revoke',
    ])
    const [inspectOld, refresh, verifyNew, recheckOld, revoke] = world.graph.requests
    assert.equal(inspectOld.params.input_token, world.oldToken)
    assert.equal(recheckOld.params.input_token, world.oldToken)
    assert.equal(refresh.params.set_token_expires_in_60_days, 'true')
    assert.equal(verifyNew.params.input_token, newToken)
    assert.equal(revoke.params.revoke_token, world.oldToken)
    assert.equal(revoke.params.access_token, newToken)
    assert.equal(revoke.params.appsecret_proof, proofOf(newToken, world.app.secret))

    assert.equal(run.outputs.rotated, 'true')
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(run.outputs.skipped, 'false')
    assert.equal(run.outputs['is-valid'], 'true')
    assert.equal(run.outputs['token-type'], 'SYSTEM_USER')
    assert.equal(run.outputs.scopes, 'ads_management,business_management')
    assert.equal(run.outputs['secrets-updated'], TARGET_LABELS.join('\n'))
    assert.match(run.outputs['expires-at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const lifetime = (Date.parse(run.outputs['expires-at']) - Date.now()) / 1000
    assert.ok(lifetime > 59 * DAY && lifetime <= 60 * DAY, `the new token lives a little under 60 days (${lifetime} s)`)
    assert.equal(run.outputs['days-remaining'], String(Math.floor(Number(run.outputs['expires-in']) / DAY)))

    assert.ok(run.masks.includes(newToken), 'the new token is masked')
    assert.ok(run.masks.includes(proofOf(newToken, world.app.secret)), 'the proof is masked')
    for (const input of [world.app.secret, world.oldToken, world.githubToken])
      assert.ok(run.masks.includes(input), 'every secret input is masked')

    assert.equal(run.summary.split('\n')[0], '## Meta token: `rotate` ✅ rotated; the old token is revoked')
    assert.match(run.summary, /Old token expires \| \d{4}-\d\d-\d\dT[\d:]+Z \(9 days left\)/)
    assert.match(run.summary, /New token expires \| \d{4}-\d\d-\d\dT[\d:]+Z \(59 days left\)/)
    for (const label of TARGET_LABELS) assert.ok(run.summary.includes(`| ${label} | updated |`), `${label} updated`)
  })

  it('masks the secret inputs before anything else', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    const firstMasks = run.masks.slice(0, 3)
    assert.deepEqual(
      new Set(firstMasks),
      new Set([world.app.secret, world.oldToken, world.githubToken]),
      'the secret inputs are masked first'
    )
  })

  it('stores nothing when Meta does not confirm the new token (promise 3)', async () => {
    world.graph.injectFault({
      path: '/debug_token',
      skip: 1,
      status: 200,
      body: { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token' } } },
    })
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /does not confirm it as valid/)
    assert.ok(!world.githubCalls().some(call => call.startsWith('PUT') && call.endsWith('/META_ACCESS_TOKEN')), 'nothing was written')
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, world.oldToken)
    assert.equal(
      world.github.secret('octo-org/app', 'META_ACCESS_TOKEN_PREVIOUS'),
      undefined,
      'the record written beside the check is gone again'
    )
    assert.deepEqual(world.validTokens(), [world.oldToken], 'the old token works and the unconfirmed one was revoked')
  })

  it('works for apps that require appsecret_proof', async () => {
    await world.close()
    world = await World.start({ requireAppSecretProof: true })
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, run.outputs.token)
    assert.equal(world.graph.isValid(world.oldToken), false)
  })

  it('checks every target before asking Meta for anything (promise 4)', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/app:staging\nocto-org/missing' })
    assert.equal(run.code, 1)
    assert.match(run.errors[0], /octo-org\/app:staging/)
    assert.match(run.errors[0], /octo-org\/missing/)
    assert.match(run.errors[0], /nothing was changed at Meta/)
    assert.match(run.errors[0], /Create the environment "staging"/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'only the read-only inspection reached Meta')
    assert.ok(!world.githubCalls().some(call => call.startsWith('PUT')), 'no secret was written')
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(run.outputs.rotated, 'false')
    assert.match(run.summary, /octo-org\/app:staging \| unwritable/)
  })

  it('rolls back when a target cannot be written: old token everywhere, new token revoked (promise 3)', async () => {
    world.github.injectFault({
      method: 'PUT',
      path: '/repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      headers: { 'x-accepted-github-permissions': 'secrets=write' },
    })
    const run = await world.run({ 'secret-targets': TARGETS })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /octo-org\/site/)
    assert.match(run.errors[0], /secrets=write/)
    assert.match(run.errors[0], /old token still works/)

    assert.deepEqual(storedValues(world), [world.oldToken, world.oldToken, world.oldToken], 'every target holds the old token again')
    assert.equal(world.graph.isValid(world.oldToken), true, 'the old token was not revoked')
    assert.deepEqual(world.validTokens(), [world.oldToken], 'the new token was revoked')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.revoked, 'false', 'revoking the new token in a rollback does not count')
    assert.equal(run.outputs['secrets-updated'], '')
    assert.match(run.summary, /octo-org\/app \| restored/)
    assert.match(run.summary, /octo-org\/site \| failed/)
    assert.ok(run.summary.startsWith('## Meta token: `rotate` ❌ failed to write secrets\n\n### What went wrong\n'), run.summary)
    assert.match(run.summary, /\n\n\*\*Nothing changed: every target again holds the old token, which works\.\*\*\n\n\| Operation \|/)

    // A re-run after the fault is cleared (given the record, which keeps the old token) rotates normally and converges.
    const record = world.github.secret('octo-org/app', 'META_ACCESS_TOKEN_PREVIOUS')?.value ?? ''
    const again = await world.run({ 'secret-targets': TARGETS, 'previous-token': record })
    assert.equal(again.code, 0, describeRun(again))
    assert.deepEqual(storedValues(world), [again.outputs.token, again.outputs.token, again.outputs.token])
    assert.deepEqual(world.validTokens(), [again.outputs.token])
  })

  it('names the targets that still hold the new token when the restore fails too', async () => {
    world.github.injectFault({
      method: 'PUT',
      path: '/repos/octo-org/site/actions/secrets/META_ACCESS_TOKEN',
      status: 404,
      body: { message: 'Not Found' },
    })
    // The first write to octo-org/app goes through; the restore of the old token there fails.
    world.github.injectFault({
      method: 'PUT',
      path: '/repos/octo-org/app/actions/secrets/META_ACCESS_TOKEN',
      skip: 1,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/site' })
    assert.equal(run.code, 1, describeRun(run))
    const newToken = run.outputs.token
    assert.match(run.errors[0], /octo-org\/site/)
    assert.match(run.errors[0], /octo-org\/app may still hold the NEW token/)
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, newToken)
    assert.equal(world.graph.isValid(newToken), true, 'the new token is not revoked while a target holds it')
    assert.equal(world.graph.isValid(world.oldToken), true, 'the old token is not revoked either')
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app')
    assert.match(run.summary, /octo-org\/app \| restore failed/)
  })

  it('does not refresh a token that never expires, and says what to do instead', async () => {
    const forever = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, expiresInSeconds: 0 })
    const run = await world.run({ 'access-token': forever, 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(run.warnings.some(w => /never expires/.test(w) && /operation: generate/.test(w) && /expiring: true/.test(w)))
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs['expires-at'], 'never')
    assert.equal(run.outputs['days-remaining'], '')
    assert.equal(run.outputs['expires-in'], '0')
  })

  it('skips while the token has more days left than renew-before-days', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app\nocto-org/app:staging', 'renew-before-days': '5' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.skipped, 'true')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.token, world.oldToken)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    assert.ok(
      run.warnings.some(w => /octo-org\/app:staging/.test(w)),
      'an unwritable target is still reported, as a warning'
    )
  })

  it('renews when renew-before-days reaches the days left', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app', 'renew-before-days': '9' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.skipped, 'false')
    assert.equal(run.outputs.rotated, 'true')
  })

  it('changes nothing in a dry run', async () => {
    const run = await world.run({ 'secret-targets': TARGETS, 'dry-run': 'true' })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    assert.ok(
      world.githubCalls().every(call => call.startsWith('GET')),
      'only reads at GitHub'
    )
    assert.deepEqual(storedValues(world), [world.oldToken, world.oldToken, world.oldToken])
    assert.equal(run.outputs.rotated, 'false')
    assert.match(run.summary, /would write/)
  })

  it('refuses to rotate an expired token and suggests generate', async () => {
    const expired = world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      issuedAt: Math.floor(Date.now() / 1000) - 61 * DAY,
      expiresInSeconds: 60 * DAY,
    })
    const run = await world.run({ 'access-token': expired, 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 1)
    assert.match(run.errors[0], /not valid/)
    assert.match(run.errors[0], /operation: generate/)
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
    assert.equal(run.outputs['is-valid'], 'false')
  })

  it('keeps the old token valid with revoke-old: false', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app', 'revoke-old': 'false' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(run.outputs.revoked, 'false')
    assert.equal(run.outputs.rotated, 'true')
    assert.ok(!world.graphCalls().includes('GET /oauth/revoke'))
  })

  it('fails, with the new token in place, when the old token cannot be revoked', async () => {
    world.graph.injectFault({ path: '/oauth/revoke', error: { code: 100, message: 'Invalid parameter' } })
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /new token is stored in every target/)
    assert.match(run.errors[0], /stay in the record META_ACCESS_TOKEN_PREVIOUS in octo-org\/app/)
    // Meta refused for good: a retry alone may not do, and nobody can read the record to fix it.
    assert.match(run.errors[0], /next `rotate`.*or an `operation: retire` tries again; if Meta keeps refusing/)
    assert.doesNotMatch(run.errors[0], /nothing (needs )?to (be )?do(ne)? by hand/)
    assert.deepEqual(recordOf(world, 'octo-org/app'), [world.oldToken], 'the record holds the old token')
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, run.outputs.token)
    assert.equal(run.outputs.rotated, 'true')
    assert.equal(run.outputs.revoked, 'false')
  })

  it('says a retry will do when the old token could not be revoked because Meta was unavailable', async () => {
    world.graph.injectFault({ path: '/oauth/revoke', status: 500, times: 20, error: { code: 2, isTransient: true } })
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(
      run.errors[0],
      /What to do: Meta could not be reached or asked to wait: the next `rotate`.* tries again, with nothing to do by hand/
    )
    assert.deepEqual(recordOf(world, 'octo-org/app'), [world.oldToken], 'the record holds the old token')
  })

  it('treats an old token that another run already revoked as done', async () => {
    // The revoke is carried out but its answer is lost; the retry then finds the token dead.
    world.graph.injectFault({ path: '/oauth/revoke', afterHandling: true, reset: true })
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(world.graph.isValid(world.oldToken), false)
    assert.match(run.summary, /already invalid/)
  })
})
