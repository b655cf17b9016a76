/**
 * `required-assets`, `probe-assets` and scope drift, end to end: a token that is valid but cannot
 * do its job (its system user lost an asset, it holds fewer permissions than the token it
 * replaces, Meta refuses to let it read an asset) fails `check` and is never stored by `rotate`,
 * `refresh` or `generate` — the old token stays in place and working.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { LatencyProxy } from '../helpers/latency-proxy.ts'
import { summaryText } from '../helpers/markdown.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { watch } from '../helpers/watch.ts'
import { describeRun, World } from '../helpers/world.ts'

const AD_ACCOUNT = 'act_1234567890'
const PIXEL = '987654321'
const REQUIREMENT = `ads_management: ${AD_ACCOUNT}, ${PIXEL}`
const TARGETS = 'octo-org/app\nocto-org/app:production'
const TARGET_LABELS = ['octo-org/app', 'octo-org/app:production']

function storedValues(world: World): Array<string | undefined> {
  return TARGET_LABELS.map(target => world.github.secret(target, 'META_ACCESS_TOKEN')?.value)
}

/** The Assets table's rows as [permission, assets, result] (the rendered text, escapes undone). */
async function assetRows(run: ActionRun): Promise<string[][]> {
  const text = await summaryText(run.summary)
  const table = text.slice(text.indexOf('Assets\n'))
  return [...table.matchAll(/^\| ([^|]+) \| ([^|]+) \| ([^|]+) \|/gm)]
    .map(match => match.slice(1, 4).map(cell => cell.trim()))
    .filter(([permission]) => permission !== 'Permission' && !permission.startsWith('---'))
}

describe('check with required-assets', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.graph.assignAssets(world.systemUserId, 'ads_management', [AD_ACCOUNT, PIXEL])
  })
  afterEach(() => world.close())

  const check = (requiredAssets: string, extra: Record<string, string> = {}) =>
    world.run({ operation: 'check', 'secret-name': '', 'required-assets': requiredAssets, ...extra })

  // Meta lists ad accounts without act_ in target_ids; ids are strings, or numbers as the reference types them.
  for (const [form, numbers] of [
    ['string ids', false],
    ['numeric ids', true],
  ] as const) {
    it(`passes when every requirement is met (${form}, act_ and bare ids alike)`, async () => {
      await world.close()
      world = await World.start({ graph: { targetIdsAsNumbers: numbers } })
      world.graph.assignAssets(world.systemUserId, 'ads_management', ['1234567890', PIXEL])
      const run = await check(`${REQUIREMENT}\n# the pixel's dataset:\nbusiness_management\nads_management: 1234567890`)
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs['missing-assets'], '')
      assert.match(run.summary, /It meets every line of/)
      assert.deepEqual(await assetRows(run), [
        ['ads_management', `${AD_ACCOUNT}, ${PIXEL}`, '✅ met'],
        ['business_management', '—', '✅ met'],
        ['ads_management', '1234567890', '✅ met'],
      ])
      assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'read from the one debug_token answer')
    })
  }

  it('fails, naming what is missing and where to assign it, when the system user lost an asset or the token lacks a permission', async () => {
    world.graph.unassignAsset(world.systemUserId, PIXEL)
    const run = await check(`${REQUIREMENT}\npages_show_list\nbusiness_management`)
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['missing-assets'], `${REQUIREMENT}\npages_show_list`)
    assert.equal(run.outputs['is-valid'], 'true', 'the token itself is valid')
    assert.match(run.errors[0], /The token is valid but cannot do its job: it does not meet `required-assets`/)
    assert.match(run.errors[0], new RegExp(`not among the assets the token reaches with it: ${PIXEL}`))
    assert.match(run.errors[0], /pages_show_list — the token does not hold the permission/)
    assert.match(run.errors[0], /Business settings → System users, select the system user and use Assign assets/)
    assert.deepEqual(await assetRows(run), [
      ['ads_management', `${AD_ACCOUNT}, ${PIXEL}`, '❌ missing'],
      ['pages_show_list', '—', '❌ missing'],
      ['business_management', '—', '✅ met'],
    ])
    assert.match(run.summary, /Step: \*\*check the assets\*\*/)
  })

  it('probes each id as the token beside debug_token, and fails on an asset Meta refuses although the scopes reach every asset', async () => {
    await world.close()
    world = await World.start()
    world.graph.addAsset(AD_ACCOUNT) // exists; 555 does not (deleted, or a typo)
    const run = await check(`ads_management: ${AD_ACCOUNT}, act_555`, { 'probe-assets': 'true' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['missing-assets'], `ads_management: ${AD_ACCOUNT}, act_555`)
    assert.match(
      run.errors[0],
      /Meta refused to read act_555 as the token: Unsupported get request\. Object with ID 'act_555' does not exist/
    )
    // Long messages are cut where they enter (serverText, tested in outside-text); this one is kept whole, with its codes.
    assert.match(run.errors[0], /graph-api \(code 100, subcode 33\)\)/, "Meta's message is quoted with its codes")
    assert.deepEqual(world.graphCalls().sort(), ['GET /act_1234567890', 'GET /act_555', 'GET /debug_token'])
  })
})

describe('rotate and refresh: a new token that cannot do the old one’s job is not stored', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, 'META_ACCESS_TOKEN', world.oldToken)
    world.graph.assignAssets(world.systemUserId, 'ads_management', [AD_ACCOUNT, PIXEL])
  })
  afterEach(() => world.close())

  /** Runs `change` when Meta gets the refresh: after the current token was inspected, before the new one exists. */
  function betweenInspectionAndRefresh(change: () => void): void {
    watch(world.graph.requests, request => {
      if (request.path === '/oauth/access_token') change()
    })
  }

  function assertNothingStored(run: ActionRun, operation: 'rotate' | 'refresh'): void {
    assert.equal(run.code, 1, describeRun(run))
    assert.deepEqual(storedValues(world), [world.oldToken, world.oldToken], 'every target keeps the old token')
    assert.equal(world.graph.isValid(world.oldToken), true, 'the old token still works')
    assert.deepEqual(world.validTokens(), [world.oldToken], 'the refused new token was revoked')
    assert.equal(run.outputs.rotated, 'false')
    assert.equal(run.outputs.revoked, 'false', 'the old token was not revoked')
    assert.match(
      run.errors[0],
      /Meta issued a new token but .*, so it was not stored and was revoked\. The old token was left alone and still works\./
    )
    assert.match(run.errors[0], /Business settings → System users/)
    const calls = world.graphCalls()
    // A rotation inspects the old token again beside the verification (it may have been revoked meanwhile).
    const verify = operation === 'rotate' ? ['GET /debug_token', 'GET /debug_token'] : ['GET /debug_token']
    assert.deepEqual(calls, ['GET /debug_token', 'GET /oauth/access_token', ...verify, 'GET /oauth/revoke'], operation)
    const revoke = world.graph.requests.find(r => r.path === '/oauth/revoke')
    assert.equal(revoke?.params.revoke_token, run.outputs.token, 'the revoked token is the refused one')
    assert.ok(!world.github.requests.some(r => r.method === 'PUT' && r.path.endsWith('/META_ACCESS_TOKEN')), 'no target was written')
  }

  it('rotate: the system user was unassigned from an asset between the inspection and the refresh', async () => {
    betweenInspectionAndRefresh(() => world.graph.unassignAsset(world.systemUserId, PIXEL))
    const run = await world.run({ 'secret-targets': TARGETS, 'required-assets': REQUIREMENT })
    assertNothingStored(run, 'rotate')
    assert.match(
      run.errors[0],
      new RegExp(`does not meet \`required-assets\` \\(${REQUIREMENT} — not among the assets the token reaches with it: ${PIXEL}\\)`)
    )
    assert.match(run.errors[0], new RegExp(`reaches less than the token it replaces \\(ads_management ${PIXEL}: assets lost\\)`))
    assert.equal(run.outputs['missing-assets'], REQUIREMENT)
    assert.deepEqual(await assetRows(run), [
      ['ads_management', `${AD_ACCOUNT}, ${PIXEL}`, '❌ missing'],
      ['ads_management', PIXEL, '❌ narrower than the old token'],
    ])
  })

  // Scope drift: refused without any required-assets, from the two debug_token answers the run has.
  const DRIFTS: Array<{ name: string; change: (world: World) => void; says: RegExp; row: string[] }> = [
    {
      name: 'an asset the old token reached',
      change: world => world.graph.unassignAsset(world.systemUserId, AD_ACCOUNT),
      says: /reaches less than the token it replaces \(ads_management 1234567890: assets lost\)/,
      row: ['ads_management', '1234567890', '❌ narrower than the old token'],
    },
    {
      name: 'every asset of a permission, now only some',
      change: world => world.graph.assignAssets(world.systemUserId, 'business_management', ['4242']),
      says: /\(business_management 4242: every asset before, now only the assets listed\)/,
      row: ['business_management', '4242', '❌ narrower than the old token'],
    },
  ]
  for (const operation of ['rotate', 'refresh'] as const) {
    for (const drift of DRIFTS) {
      it(`${operation}: refuses a new token that lost ${drift.name}`, async () => {
        betweenInspectionAndRefresh(() => drift.change(world))
        const run = await world.run({ operation, 'secret-targets': TARGETS })
        assertNothingStored(run, operation)
        assert.match(run.errors[0], drift.says)
        assert.deepEqual(await assetRows(run), [drift.row])
        assert.equal(run.outputs['missing-assets'], undefined, 'no required-assets, no missing-assets')
      })
    }
  }

  it('rotate: refuses a new token that lost a permission the old one held', async () => {
    // Meta's debug_token of the new token shows one permission fewer (an app that lost it in App Review).
    watch(world.graph.requests, request => {
      const token = request.path === '/debug_token' ? world.graph.token(request.params.input_token) : undefined
      if (token && token.value !== world.oldToken) token.scopes = ['ads_management']
    })
    const run = await world.run({ 'secret-targets': TARGETS })
    assertNothingStored(run, 'rotate')
    assert.match(run.errors[0], /\(business_management: permission lost\)/)
  })

  it('rotate: a new token that reaches more than the old one is stored, and the summary says what was added', async () => {
    betweenInspectionAndRefresh(() => world.graph.assignAssets(world.systemUserId, 'ads_management', [AD_ACCOUNT, PIXEL, '555']))
    const run = await world.run({ 'secret-targets': TARGETS, 'required-assets': REQUIREMENT })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(storedValues(world), [run.outputs.token, run.outputs.token])
    assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked as usual')
    assert.equal(run.outputs['missing-assets'], '')
    assert.match(run.summary, /The new token reaches more than the one it replaces: ads_management 555: assets added/)
    assert.deepEqual(await assetRows(run), [
      ['ads_management', `${AD_ACCOUNT}, ${PIXEL}`, '✅ met'],
      ['ads_management', '555', 'wider than the old token'],
    ])
  })

  it('rotate: a probe Meta refuses fails the new token like a missing asset', async () => {
    world.graph.injectFault({ path: `/${PIXEL}`, skip: 0, error: { code: 100, subcode: 33, type: 'GraphMethodException' } })
    const run = await world.run({ 'secret-targets': TARGETS, 'required-assets': REQUIREMENT, 'probe-assets': 'true' })
    assert.equal(run.code, 1, describeRun(run))
    assert.deepEqual(storedValues(world), [world.oldToken, world.oldToken])
    assert.deepEqual(world.validTokens(), [world.oldToken], 'the refused new token was revoked')
    assert.match(run.errors[0], new RegExp(`Meta refused to read ${PIXEL} as the token: .*\\(code 100, subcode 33\\)`))
    const probed = world.graph.requests.filter(r => r.path === `/${PIXEL}` || r.path === `/${AD_ACCOUNT}`)
    assert.ok(
      probed.every(r => r.params.access_token !== world.oldToken),
      'the probes read the assets as the new token'
    )
  })
})

describe('generate with required-assets', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  const generate = (scope: string, requiredAssets: string) =>
    world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope,
      'required-assets': requiredAssets,
      'secret-targets': 'octo-org/app',
    })

  it('refuses, before any call, a scope without a permission that required-assets needs', async () => {
    const run = await generate('ads_read', 'ads_read\npages_show_list: 123')
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Input `required-assets`: "pages_show_list: 123" needs `pages_show_list`, which `scope` does not ask for/)
    assert.deepEqual(world.graph.requests, [], 'Meta was asked nothing')
  })

  it('revokes and does not store a token whose system user lacks a required asset', async () => {
    world.graph.assignAssets(world.systemUserId, 'ads_management', ['1111'])
    const run = await generate('ads_management,business_management', `ads_management: ${AD_ACCOUNT}`)
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Meta generated a token but it does not meet `required-assets` .*, so it was not stored and was revoked\./)
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN'), undefined, 'nothing stored')
    assert.deepEqual(
      world.validTokens().filter(token => token !== world.oldToken),
      [],
      'the generated token was revoked'
    )
    assert.deepEqual(world.graphCalls().slice(-2), ['GET /debug_token', 'GET /oauth/revoke'])
    assert.equal(run.outputs['missing-assets'], `ads_management: ${AD_ACCOUNT}`)
  })

  it('revokes and does not store a token Meta generated with fewer permissions than required-assets needs', async () => {
    // Meta grants less than `scope` asked for (a permission the app lost): debug_token shows it.
    watch(world.graph.requests, request => {
      const token = request.path === '/debug_token' ? world.graph.token(request.params.input_token) : undefined
      if (token && token.value !== world.adminToken) token.scopes = ['ads_read']
    })
    const run = await generate('ads_read,pages_show_list', 'ads_read\npages_show_list')
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /pages_show_list — the token does not hold the permission\).*, so it was not stored and was revoked\./)
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN'), undefined, 'nothing stored')
    assert.deepEqual(world.validTokens(), [world.oldToken], 'the generated token was revoked')
    assert.equal(run.outputs['missing-assets'], 'pages_show_list')
  })

  it('stores a token that meets them', async () => {
    world.graph.assignAssets(world.systemUserId, 'ads_management', [AD_ACCOUNT])
    const run = await generate('ads_management', `ads_management: ${AD_ACCOUNT}`)
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, run.outputs.token)
  })
})

describe('the probes add no round trip', () => {
  it('rotate: each probe is in flight together with the verification of the new token', async () => {
    const world = await World.start({ daysLeft: 10 })
    // Answers are held until no request arrives for a while: requests sent together overlap in the log.
    const proxy = await LatencyProxy.start(world.graph.url, { latencyMs: 0, answerWhenQuietMs: 120 })
    try {
      world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
      world.graph.assignAssets(world.systemUserId, 'ads_management', [AD_ACCOUNT, PIXEL])
      const run = await world.run({
        'secret-targets': 'octo-org/app',
        'graph-api-url': proxy.url,
        'required-assets': REQUIREMENT,
        'probe-assets': 'true',
      })
      assert.equal(run.code, 0, describeRun(run))
      const log = [...proxy.log].sort((a, b) => a.receivedAt - b.receivedAt)
      const endpoint = (path: string) => path.split('?')[0].replace(/^\/v[\d.]+\//, '')
      assert.deepEqual(
        log.map(entry => endpoint(entry.path)),
        // The old token's second inspection rides beside the verification too.
        ['debug_token', 'oauth/access_token', 'debug_token', AD_ACCOUNT, PIXEL, 'debug_token', 'oauth/revoke'].map(String)
      )
      // Round trips one after another: a request that arrived after the previous one was answered starts a new one.
      let roundTrips = 0
      let answered = -Infinity
      for (const entry of log) {
        if (entry.receivedAt >= answered) roundTrips++
        answered = Math.max(answered, entry.answeredAt)
      }
      assert.equal(roundTrips, 4, 'inspect, refresh, verify ‖ probes ‖ old token, revoke: as many Graph round trips as without probes')
    } finally {
      await proxy.close()
      await world.close()
    }
  })
})
