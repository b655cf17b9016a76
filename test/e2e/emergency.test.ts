/**
 * `operation: emergency` (issue 17): the leaked token and every token of the record are revoked
 * first, all at once, before any other request; then, with an admin token, a replacement is
 * generated, verified, stored in every target and the consumers are redeployed. Every failure
 * ends with the leaked tokens dead (where Meta allows) and a message naming what is left.
 */
import assert from 'node:assert/strict'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GitHubFault } from '../fakes/github/types.ts'
import type { GraphFault } from '../fakes/graph-server.ts'
import { recordOf } from '../helpers/token-invariants.ts'
import { prepareTargets, RECORD, runEmergency, SECRET, seedRecord } from '../helpers/emergency-world.ts'
import { describeRun, World } from '../helpers/world.ts'

const TARGETS = ['octo-org/app', 'octo-org/app:production', 'octo-org/site']

let world: World
/**
 * Every request the run sent to either fake, in the order it went on the wire (undici's
 * sendHeaders: the action runs in this process), query strings cut off.
 */
let arrivals: string[]
const HEADERS_SENT = 'undici:client:sendHeaders'
function onSent(message: unknown): void {
  const { request } = message as { request: { origin: string; method: string; path: string } }
  const api = request.origin.includes(new URL(world.graph.url).host) ? 'Meta' : 'GitHub'
  arrivals.push(`${api} ${request.method} ${request.path.split('?')[0].replace(/^\/v[\d.]+/, '')}`)
}
/** The three tokens of the record (`previous-token`), in its lines. */
let recorded: string[]

beforeEach(async () => {
  world = await World.start()
  prepareTargets(world, TARGETS)
  recorded = seedRecord(world, 3)
  arrivals = []
  subscribe(HEADERS_SENT, onSent)
})
afterEach(async () => {
  unsubscribe(HEADERS_SENT, onSent)
  await world.close()
})

function emergency(inputs: Record<string, string> = {}) {
  return runEmergency(world, TARGETS, recorded, inputs)
}

const leaked = () => [world.oldToken, ...recorded]
const stored = (target: string) => world.github.secret(target, SECRET)?.value
const putIndex = () => world.github.requests.findLastIndex(r => r.method === 'PUT' && r.path.endsWith(`/${SECRET}`))

describe('emergency', () => {
  it('revokes the stored token and the 3-line record first, each as itself, then stores a verified replacement everywhere and redeploys', async () => {
    const run = await emergency()
    assert.equal(run.code, 0, describeRun(run))

    // The first four requests of the run, to either server, are the revocations.
    assert.deepEqual(arrivals.slice(0, 4), Array(4).fill('Meta GET /oauth/revoke'), arrivals.join('\n'))
    const revokes = world.graph.requests.filter(r => r.path === '/oauth/revoke')
    assert.equal(revokes.length, 4)
    assert.deepEqual(revokes.map(r => r.params.revoke_token).sort(), leaked().sort())
    for (const r of revokes) assert.equal(r.params.access_token, r.params.revoke_token, 'each token revokes itself')
    for (const token of leaked()) assert.equal(world.graph.isValid(token), false, 'every leaked token is dead')

    const replacement = run.outputs.token
    assert.ok(replacement && !leaked().includes(replacement) && world.graph.isValid(replacement), 'a valid replacement')
    assert.equal(world.graph.token(replacement)?.userId, world.systemUserId)
    for (const target of TARGETS) assert.equal(stored(target), replacement, `${target} holds the replacement`)
    assert.equal(world.github.secret('octo-org/app', RECORD), undefined, 'the record is gone')

    const dispatch = world.github.requests.findIndex(r => r.path.endsWith('/dispatches'))
    assert.ok(dispatch > putIndex(), 'the deploy was dispatched after the store')
    assert.equal(world.github.workflows.runs.length, 1)

    assert.equal(run.outputs.revoked, 'true')
    assert.equal(run.outputs.retired, '3')
    assert.equal(run.outputs.replaced, 'true')
    assert.match(run.outputs['expires-at'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.match(run.outputs['deploy-runs'], /\/actions\/runs\/\d+ success$/)
    assert.equal(run.outputs['secrets-updated'].split('\n').length, 3)

    // The summary opens with the timeline; the phases are log groups (the summary charts them
    // only for a run that took more than a few seconds: test/unit/summary.test.ts).
    const [heading, , timeline] = run.summary.split('\n')
    assert.equal(heading, '## Meta token: `emergency` ✅ every leaked token is dead; a replacement is stored')
    assert.match(
      timeline,
      /^\*\*Timeline:\*\* leaked token dead at \+\d+\.\d s · replacement stored at \+\d+\.\d s · deploys finished at \+\d+\.\d s$/
    )
    for (const phase of ['Revoke', 'Replace', 'Store', 'Deploys']) assert.ok(run.stdout.includes(`::group::${phase}\n`), phase)
  })

  it('sends nothing else before the revocations are on the wire: no inspection, no key read, no admin check', async () => {
    await emergency()
    const firstOther = arrivals.findIndex(line => line !== 'Meta GET /oauth/revoke')
    assert.equal(firstOther, 4, arrivals.join('\n'))
    // The admin token is inspected (debug_token) only after; of the leaked ones only the stored
    // token, beside its revoke (the replacement is bound to its identity), never before it.
    const inspected = world.graph.requests.filter(r => r.path === '/debug_token').map(r => r.params.input_token)
    assert.ok(inspected.includes(world.adminToken))
    assert.deepEqual(
      inspected.filter(token => leaked().includes(token)),
      [world.oldToken],
      'every revoke succeeded: only the stored token was inspected'
    )
  })

  it('a token Meta already reports dead counts as done', async () => {
    world.graph.token(recorded[1])!.revoked = true
    const run = await emergency()
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(run.outputs.retired, '3')
    assert.match(run.summary, /record line 2 invalid \(revoked earlier, or expired\)/)
  })

  it('without an admin token: every token dead, the record gone, nothing written, and a warning that the secret holds a revoked token', async () => {
    const run = await emergency({ 'admin-token': '', 'deploy-workflows': '' })
    assert.equal(run.code, 0, describeRun(run))
    for (const token of leaked()) assert.equal(world.graph.isValid(token), false)
    assert.equal(run.outputs.replaced, 'false')
    assert.equal(run.outputs.revoked, 'true')
    assert.equal(world.github.secret('octo-org/app', RECORD), undefined)
    assert.equal(putIndex(), -1, 'nothing was written')
    for (const target of TARGETS) assert.equal(stored(target), world.oldToken)
    assert.match(run.warnings.join('\n'), /`META_ACCESS_TOKEN` now holds a revoked token/)
    assert.match(run.summary, /^\*\*Timeline:\*\* leaked token dead at \+\d+\.\d s$/m)
  })

  it('a record that cannot be reached does not hold back the revocation: every token dead, a warning says the record is left', async () => {
    world.github.injectFault({ path: '/repos/octo-org/app/actions/secrets/public-key', status: 404 })
    const run = await emergency({ 'admin-token': '', 'deploy-workflows': '' })
    assert.equal(run.code, 0, describeRun(run))
    for (const token of leaked()) assert.equal(world.graph.isValid(token), false)
    assert.match(run.warnings.join('\n'), /The previous-token record could not be updated \(its target is not writable: .*octo-org\/app/)
    assert.match(run.warnings.join('\n'), /Every token in it is dead, so nothing is at risk/)
    assert.equal(world.github.secret('octo-org/app', RECORD)?.value, recorded.join('\n'), 'left as it was')
  })

  const failures: Array<{
    title: string
    graph?: (w: World) => GraphFault
    github?: GitHubFault
    deploy?: 'failure'
    inputs?: Record<string, string>
    /** Tokens still alive afterwards, by index in leaked(). */
    alive?: number[]
    holders: 'replacement' | 'revoked' | 'mixed'
    message: RegExp
    fix: RegExp
  }> = [
    {
      title: 'a revoke refused (record line 2)',
      graph: () => ({ path: '/oauth/revoke', params: { revoke_token: recorded[1] }, error: { code: 200 }, times: 10 }),
      alive: [2],
      holders: 'replacement',
      message: /3 of 4 leaked token\(s\) are dead\. 1 leaked token\(s\) could not be revoked and may still work: record line 2\./,
      fix: /Revoke it by hand now: Business settings → Users → System users → the system user → Revoke tokens/,
    },
    {
      title: 'the generate refused',
      graph: w => ({ path: `/${w.systemUserId}/access_tokens`, error: { code: 200 } }),
      holders: 'revoked',
      message: /Every leaked token is dead \(.*\)\. Meta access_tokens: \(#200\) Permissions error/,
      fix: /Run the emergency again|admin token|install/,
    },
    {
      title: 'a target write failing',
      github: { method: 'PUT', path: `/repos/octo-org/site/actions/secrets/${SECRET}`, status: 422 },
      holders: 'mixed',
      message:
        /Every leaked token is dead .*The replacement could not be stored in 1 target\(s\): .*Still holding the revoked token: octo-org\/site\./,
      fix: /run the emergency again to store a fresh replacement everywhere/,
    },
    {
      title: 'a deploy failing',
      deploy: 'failure',
      holders: 'replacement',
      message:
        /Every leaked token is dead .*1 deploy run\(s\) did not succeed: https:\/\/github\.com\/octo-org\/site\/actions\/runs\/\d+ \(failure\)/,
      fix: /Fix the deploys and run them again \(the replacement stays in the secret; nothing is left to revoke\)/,
    },
    {
      title: 'an admin token without scope',
      inputs: { scope: '' },
      holders: 'revoked',
      message: /Every leaked token is dead .*No replacement was generated: Input `scope`: is required for the replacement/,
      fix: /Until then `META_ACCESS_TOKEN` holds a revoked token/,
    },
  ]
  for (const failure of failures) {
    it(`fails naming what is left to do: ${failure.title}`, async () => {
      if (failure.graph) world.graph.injectFault(failure.graph(world))
      if (failure.github) world.github.injectFault(failure.github)
      if (failure.deploy) world.github.addWorkflow('octo-org/site', 'deploy.yml', { conclusion: failure.deploy })
      const run = await emergency(failure.inputs)
      assert.equal(run.code, 1, describeRun(run))
      assert.deepEqual(arrivals.slice(0, 4), Array(4).fill('Meta GET /oauth/revoke'))
      leaked().forEach((token, index) => {
        assert.equal(world.graph.isValid(token), failure.alive?.includes(index) ?? false, `leaked token ${index}`)
      })
      assert.match(run.errors[0], failure.message)
      assert.match(run.errors[0], /What to do: /)
      assert.match(run.errors[0].slice(run.errors[0].indexOf('What to do: ')), failure.fix)
      const holders = TARGETS.map(stored)
      const replacement = run.outputs.token
      if (failure.holders === 'revoked')
        assert.deepEqual(
          holders,
          TARGETS.map(() => world.oldToken)
        )
      else if (failure.holders === 'replacement')
        assert.deepEqual(
          holders,
          TARGETS.map(() => replacement)
        )
      else assert.deepEqual(holders, [replacement, replacement, world.oldToken], 'not rolled back')
      if (replacement) assert.equal(world.graph.isValid(replacement), true)
      // The record keeps exactly the tokens still alive.
      const alive = (failure.alive ?? []).map(index => leaked()[index])
      assert.deepEqual(recordOf(world, 'octo-org/app'), alive)
    })
  }

  it('a replacement no target took is recorded, never left untracked', async () => {
    world.github.injectFault({ method: 'PUT', path: new RegExp(`/secrets/${SECRET}$`), status: 422, times: 3 })
    const run = await emergency({ 'deploy-workflows': '' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Still holding the revoked token: octo-org\/app, octo-org\/app:production, octo-org\/site\./)
    const replacement = run.outputs.token
    assert.ok(world.graph.isValid(replacement))
    assert.deepEqual(recordOf(world, 'octo-org/app'), [replacement], 'the record holds the unused replacement')
    assert.equal(run.outputs.replaced, 'false')
  })

  it('a replacement Meta does not confirm is revoked and nothing is stored', async () => {
    // The stored token's inspection (beside its revoke) is the first debug_token, the admin check
    // the second; the verification of the replacement the third.
    world.graph.injectFault({ path: '/debug_token', skip: 2, body: { data: { is_valid: false, scopes: [] } } })
    const run = await emergency({ 'deploy-workflows': '' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(
      run.errors[0],
      /Meta generated a replacement but debug_token does not confirm it as valid, so it was not stored and was revoked/
    )
    for (const target of TARGETS) assert.equal(stored(target), world.oldToken)
    assert.deepEqual(world.validTokens(), [], 'no token of the app is left alive')
  })

  it('overlap: a rotation that starts while the emergency redeploys finds its token dead and fails before any refresh, saying why', async () => {
    world.github.addWorkflow('octo-org/site', 'deploy.yml', { readsUntilDone: 15 })
    const done = emergency()
    // The rotation was queued with the secret's old value; it starts once the replacement is stored.
    while (!world.github.requests.some(r => r.path.endsWith('/dispatches'))) await new Promise(resolve => setTimeout(resolve, 2))
    const rotation = await world.run({ 'secret-targets': TARGETS.join('\n'), 'previous-token': recorded.join('\n') })
    assert.equal(world.github.workflows.runs[0].completedAt, undefined, 'the emergency was still following its deploy')
    const first = await done
    assert.equal(first.code, 0, describeRun(first))
    assert.equal(rotation.code, 1, describeRun(rotation))
    assert.equal(world.graph.requests.filter(r => r.path === '/oauth/access_token').length, 0, 'nothing was refreshed')
    assert.match(rotation.errors[0], /The token in `access-token` is not valid/)
    assert.match(rotation.errors[0], /If an emergency revocation \(`operation: emergency`\) has just run, this is the token it revoked/)
    assert.match(rotation.errors[0], /stored a replacement in `META_ACCESS_TOKEN`/)
    for (const target of TARGETS) assert.equal(stored(target), first.outputs.token, 'the replacement stays')
  })

  it('a dry run revokes nothing and writes nothing', async () => {
    const run = await emergency({ 'dry-run': 'true' })
    assert.equal(run.code, 0, describeRun(run))
    for (const token of leaked()) assert.equal(world.graph.isValid(token), true)
    assert.equal(putIndex(), -1)
    assert.match(run.summary, /Dry run: 4 token\(s\) would be revoked \(4 still valid/)
  })
})

describe('admin-token', () => {
  it('generate takes the admin token as admin-token, without access-token', async () => {
    const run = await world.run({
      operation: 'generate',
      'access-token': '',
      'admin-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management',
    })
    assert.equal(run.code, 0, describeRun(run))
    const minted = world.graph.requests.find(r => r.path.endsWith('/access_tokens'))
    assert.equal(minted?.params.access_token, world.adminToken)
    assert.equal(stored('octo-org/app'), run.outputs.token)
  })

  it('is refused before any call when it contradicts access-token (generate)', async () => {
    const run = await world.run({
      operation: 'generate',
      'admin-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management',
    })
    assert.equal(run.code, 1)
    assert.match(run.errors[0], /Input `admin-token`: and `access-token` hold different tokens/)
    assert.equal(world.graph.requests.length + world.github.requests.length, 0)
    assert.equal(world.graph.isValid(world.oldToken), true)
  })

  it('is refused after the revokes when it is the leaked token (emergency): it never delays them', async () => {
    const run = await world.run({ operation: 'emergency', 'admin-token': world.oldToken })
    assert.equal(run.code, 1)
    assert.match(run.errors[0], /Input `admin-token`: is the same token as `access-token`, which this run revokes/)
    assert.equal(world.graph.isValid(world.oldToken), false)
    assert.equal(run.outputs.replaced, 'false')
    assert.ok(!world.graph.requests.some(r => r.path.endsWith('/access_tokens')), 'nothing generated')
  })
})
