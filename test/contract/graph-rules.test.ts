/**
 * The Graph request rules (graph-rules.ts) catch what they should, the Graph fake records what
 * they flag (faults or not) without changing its answers, and the action's own calls break none.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { FakeGraph } from '../fakes/graph-server.ts'
import { proofOf } from '../helpers/leak-scan.ts'
import { describeRun, World } from '../helpers/world.ts'
import { checkGraphRequest } from './graph-rules.ts'
import type { GraphKnowledge, GraphRequestShape } from './graph-rules.ts'

const APP = { id: '1234567890', secret: 'app-secret-1' }
const OTHER_APP = { id: '2222222222', secret: 'app-secret-2' }
const SYSTEM_USER_TOKEN = 'su-token'
const NEW_TOKEN = 'su-token-new'
const USER_TOKEN = 'user-token'
const NOW = 1_790_000_000

const knowledge: GraphKnowledge = {
  token: value =>
    ({
      [SYSTEM_USER_TOKEN]: { appId: APP.id, type: 'SYSTEM_USER' },
      [NEW_TOKEN]: { appId: APP.id, type: 'SYSTEM_USER' },
      [USER_TOKEN]: { appId: APP.id, type: 'USER' },
    })[value],
  appSecret: appId => [APP, OTHER_APP].find(app => app.id === appId)?.secret,
  now: () => NOW,
}

/** Requests shaped the way graph-api.md and ACTION.md say. */
const GOOD: Record<string, GraphRequestShape> = {
  refresh: {
    method: 'GET',
    path: '/v26.0/oauth/access_token',
    params: {
      grant_type: 'fb_exchange_token',
      client_id: APP.id,
      client_secret: APP.secret,
      fb_exchange_token: SYSTEM_USER_TOKEN,
      set_token_expires_in_60_days: 'true',
    },
  },
  extendUserToken: {
    method: 'GET',
    path: '/v26.0/oauth/access_token',
    params: { grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: APP.secret, fb_exchange_token: USER_TOKEN },
  },
  revoke: {
    method: 'GET',
    path: '/v26.0/oauth/revoke',
    params: {
      client_id: APP.id,
      client_secret: APP.secret,
      revoke_token: SYSTEM_USER_TOKEN,
      access_token: NEW_TOKEN,
      appsecret_proof: proofOf(NEW_TOKEN, APP.secret),
    },
  },
  generate: {
    method: 'POST',
    path: '/v26.0/987654321/access_tokens',
    params: {
      business_app: APP.id,
      scope: 'ads_management,business_management',
      access_token: SYSTEM_USER_TOKEN,
      appsecret_proof: proofOf(SYSTEM_USER_TOKEN, APP.secret),
      set_token_expires_in_60_days: 'true',
    },
  },
  install: {
    method: 'POST',
    path: '/v26.0/987654321/applications',
    params: { business_app: APP.id, access_token: SYSTEM_USER_TOKEN, appsecret_proof: proofOf(SYSTEM_USER_TOKEN, APP.secret) },
  },
  debugAsApp: {
    method: 'GET',
    path: '/v26.0/debug_token',
    params: { input_token: SYSTEM_USER_TOKEN, access_token: `${APP.id}|${APP.secret}` },
  },
  readNode: {
    method: 'GET',
    path: '/v26.0/act_1234567890',
    params: { fields: 'id', access_token: NEW_TOKEN, appsecret_proof: proofOf(NEW_TOKEN, APP.secret) },
  },
  debugWithTimedProof: {
    method: 'GET',
    path: '/v25.0/debug_token',
    params: {
      input_token: SYSTEM_USER_TOKEN,
      access_token: SYSTEM_USER_TOKEN,
      appsecret_time: String(NOW - 60),
      appsecret_proof: createHmac('sha256', APP.secret)
        .update(`${SYSTEM_USER_TOKEN}|${NOW - 60}`)
        .digest('hex'),
    },
  },
}

/** A good request with some parameters changed (undefined removes one). */
function variant(
  name: keyof typeof GOOD,
  change: Partial<GraphRequestShape> & { set?: Record<string, string | undefined> } = {}
): GraphRequestShape {
  const base = GOOD[name]
  const params: Record<string, string> = { ...base.params }
  for (const [key, value] of Object.entries(change.set ?? {})) {
    if (value === undefined) delete params[key]
    else params[key] = value
  }
  return { method: change.method ?? base.method, path: change.path ?? base.path, params }
}

function assertCaught(request: GraphRequestShape, pattern: RegExp): void {
  const problems = checkGraphRequest(request, knowledge)
  assert.ok(
    problems.some(problem => pattern.test(problem)),
    `expected ${pattern} among: ${JSON.stringify(problems)}`
  )
}

describe('checkGraphRequest', () => {
  it('passes requests shaped as graph-api.md and ACTION.md say', () => {
    for (const [name, request] of Object.entries(GOOD)) assert.deepEqual(checkGraphRequest(request, knowledge), [], name)
  })

  it('catches a missing required parameter of every call', () => {
    const cases: Array<[keyof typeof GOOD, string]> = [
      ['refresh', 'grant_type'],
      ['refresh', 'client_id'],
      ['refresh', 'client_secret'],
      ['refresh', 'fb_exchange_token'],
      ['revoke', 'client_id'],
      ['revoke', 'client_secret'],
      ['revoke', 'revoke_token'],
      ['revoke', 'access_token'],
      ['generate', 'business_app'],
      ['generate', 'scope'],
      ['generate', 'access_token'],
      ['generate', 'appsecret_proof'],
      ['install', 'business_app'],
      ['install', 'access_token'],
      ['debugAsApp', 'input_token'],
      ['debugAsApp', 'access_token'],
      ['readNode', 'access_token'],
      ['readNode', 'fields'],
    ]
    for (const [call, parameter] of cases)
      assertCaught(variant(call, { set: { [parameter]: undefined } }), new RegExp(`needs the parameter ${parameter} \\(graph-api\\.md`))
  })

  it("catches a proof of the wrong token, with the wrong app's secret, or with a stale time", () => {
    assertCaught(
      variant('revoke', { set: { appsecret_proof: proofOf(SYSTEM_USER_TOKEN, APP.secret) } }),
      /appsecret_proof is not the hex HMAC-SHA256 of access_token keyed by the secret of app 1234567890/
    )
    assertCaught(
      variant('install', { set: { appsecret_proof: proofOf(SYSTEM_USER_TOKEN, OTHER_APP.secret) } }),
      /appsecret_proof is not the hex HMAC/
    )
    assertCaught(
      variant('debugAsApp', { set: { appsecret_proof: proofOf(`${APP.id}|${APP.secret}`, OTHER_APP.secret) } }),
      /appsecret_proof is not the hex HMAC/
    )
    assertCaught(
      variant('debugWithTimedProof', { set: { appsecret_time: String(NOW - 61) } }),
      /not the hex HMAC-SHA256 of access_token\|appsecret_time/
    )
    const stale = NOW - 600
    const staleProof = createHmac('sha256', APP.secret).update(`${SYSTEM_USER_TOKEN}|${stale}`).digest('hex')
    assertCaught(
      variant('debugWithTimedProof', { set: { appsecret_time: String(stale), appsecret_proof: staleProof } }),
      /not within 5 minutes/
    )
  })

  it('catches a missing proof on revoke, install and any call made with a user token', () => {
    assertCaught(
      variant('revoke', { set: { appsecret_proof: undefined } }),
      /appsecret_proof is missing although access_token is a user or system user token \(ACTION\.md "Details settled"/
    )
    assertCaught(variant('install', { set: { appsecret_proof: undefined } }), /appsecret_proof is missing/)
    assertCaught(variant('readNode', { set: { appsecret_proof: undefined } }), /appsecret_proof is missing/)
    assertCaught(variant('debugAsApp', { set: { access_token: USER_TOKEN } }), /appsecret_proof is missing/)
    assertCaught(
      variant('refresh', { set: { appsecret_proof: proofOf(SYSTEM_USER_TOKEN, APP.secret) } }),
      /appsecret_proof is sent without an access_token/
    )
  })

  it('catches an unversioned path and a version that is no longer usable', () => {
    assertCaught(variant('revoke', { path: '/oauth/revoke' }), /\/oauth\/revoke has no version prefix such as \/v26\.0\/.*graph-api\.md §5/)
    assertCaught(variant('debugAsApp', { path: '/debug_token' }), /no version prefix/)
    assertCaught(variant('refresh', { path: '/v20.0/oauth/access_token' }), /v20\.0 is no longer usable/)
  })

  it('catches the wrong method, an unknown call and malformed values', () => {
    assertCaught(variant('revoke', { method: 'POST' }), /oauth\/revoke is called with GET, not POST/)
    assertCaught(variant('generate', { method: 'GET' }), /access_tokens is called with POST, not GET/)
    assertCaught(variant('install', { path: '/v26.0/987654321/ads_access_token' }), /none of the calls graph-api\.md §2 describes/)
    assertCaught(variant('install', { path: '/v26.0/me/applications' }), /system user id must be digits/)
    assertCaught(
      variant('refresh', { set: { set_token_expires_in_60_days: undefined } }),
      /refreshing a system user token needs set_token_expires_in_60_days=true/
    )
    assertCaught(variant('refresh', { set: { grant_type: 'refresh_token' } }), /grant_type must be fb_exchange_token or client_credentials/)
    assertCaught(variant('generate', { set: { scope: 'ads_management,,pages_show_list' } }), /scope must be a comma-separated list/)
    assertCaught(variant('generate', { set: { business_app: 'my-app' } }), /business_app must be the app id/)
    assertCaught(variant('readNode', { method: 'POST' }), /read a node\) is called with GET, not POST/)
    assertCaught(variant('readNode', { set: { fields: 'id,name,access_token' } }), /a probe asks for the id only/)
    assertCaught(
      variant('readNode', { set: { access_token: `${APP.id}|${APP.secret}`, appsecret_proof: undefined } }),
      /reads the node as the token under check/
    )
    assertCaught(variant('readNode', { path: '/v26.0/me' }), /none of the calls graph-api\.md §2 describes/)
  })

  it('cannot judge the proof of a token nobody issued, but still wants one', () => {
    assert.deepEqual(
      checkGraphRequest(variant('install', { set: { access_token: 'unknown', appsecret_proof: 'f'.repeat(64) } }), knowledge),
      []
    )
    assertCaught(variant('install', { set: { access_token: 'unknown', appsecret_proof: undefined } }), /appsecret_proof is missing/)
  })
})

// ---------------------------------------------------------------------------------------------

describe('the Graph fake records broken rules and keeps answering like Graph', () => {
  async function start(t: TestContext, options: { checkContract?: boolean } = {}) {
    const graph = await FakeGraph.start(options)
    t.after(() => graph.close())
    const app = graph.addApp()
    const token = graph.mintToken({ appId: app.id })
    const get = async (path: string, params: Record<string, string>): Promise<Response> =>
      fetch(`${graph.url}${path}?${new URLSearchParams(params)}`)
    return { graph, app, token, get }
  }

  it('records a revoke without proof, which Graph itself accepts for an app without Require App Secret', async t => {
    const { graph, app, token, get } = await start(t)
    const response = await get('/v26.0/oauth/revoke', {
      client_id: app.id,
      client_secret: app.secret,
      revoke_token: token,
      access_token: token,
    })
    assert.equal(response.status, 200, "the answer is still Graph's")
    assert.deepEqual(await response.json(), { success: true })
    assert.equal(graph.contractViolations.length, 1)
    assert.equal(graph.contractViolations[0].path, '/v26.0/oauth/revoke')
    assert.match(graph.contractViolations[0].messages.join('\n'), /appsecret_proof is missing/)
  })

  it('records an unversioned path and a wrong proof', async t => {
    const { graph, app, token, get } = await start(t)
    await (await get('/debug_token', { input_token: token, access_token: `${app.id}|${app.secret}` })).body?.cancel()
    await (
      await get('/v26.0/oauth/revoke', {
        client_id: app.id,
        client_secret: app.secret,
        revoke_token: token,
        access_token: token,
        appsecret_proof: proofOf(token, 'wrong'),
      })
    ).body?.cancel()
    assert.deepEqual(
      graph.contractViolations.map(v => v.path),
      ['/debug_token', '/v26.0/oauth/revoke']
    )
    assert.match(graph.contractViolations[0].messages[0], /no version prefix/)
    assert.match(graph.contractViolations[1].messages[0], /appsecret_proof is not the hex HMAC/)
  })

  it('judges only the request: a faulted call with a good shape is no violation, a bad shape is one', async t => {
    const { graph, app, token, get } = await start(t)
    graph.injectFault({ path: '/debug_token', times: 2, error: { code: 2 } })
    const good = await get('/v26.0/debug_token', { input_token: token, access_token: `${app.id}|${app.secret}` })
    assert.equal(good.status, 500)
    await good.body?.cancel()
    assert.equal(graph.contractViolations.length, 0, "a fault is not the client's fault")
    await (await get('/v26.0/debug_token', { access_token: `${app.id}|${app.secret}` })).body?.cancel()
    assert.equal(graph.contractViolations.length, 1)
    assert.match(graph.contractViolations[0].messages[0], /debug_token needs the parameter input_token/)
  })

  it('records nothing with checkContract: false', async t => {
    const { graph, app, token, get } = await start(t, { checkContract: false })
    await (
      await get('/oauth/revoke', { client_id: app.id, client_secret: app.secret, revoke_token: token, access_token: token })
    ).body?.cancel()
    assert.deepEqual(graph.contractViolations, [])
  })
})

// ---------------------------------------------------------------------------------------------

describe("the action's Graph calls keep to the rules", () => {
  let world: World
  beforeEach(async () => (world = await World.start({ daysLeft: 10 })))
  afterEach(() => world.close())

  /** World.run already fails on a violation; this also shows which calls were judged. */
  function assertCallsJudged(expected: string[]): void {
    assert.deepEqual(
      world.graph.requests.map(r => `${r.method} ${r.version}${r.path}`),
      expected
    )
    assert.deepEqual(world.graph.contractViolations, [])
  }

  it('rotate (debug_token, oauth/access_token, debug_token ‖ debug_token of the old token, oauth/revoke), then revoke of a given token', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 0, describeRun(run))
    assertCallsJudged([
      'GET v27.0/debug_token',
      'GET v27.0/oauth/access_token',
      'GET v27.0/debug_token',
      'GET v27.0/debug_token',
      'GET v27.0/oauth/revoke',
    ])

    const leaked = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId })
    const revoke = await world.run({ operation: 'revoke', 'access-token': run.outputs.token, 'revoke-token': leaked })
    assert.equal(revoke.code, 0, describeRun(revoke))
    assert.deepEqual(world.graph.contractViolations, [])
  })

  it("install-app, generate and a user token's refresh", async () => {
    const bare = world.graph.addSystemUser({})
    const install = await world.run({ operation: 'install-app', 'access-token': world.adminToken, 'system-user-id': bare.id })
    assert.equal(install.code, 0, describeRun(install))
    const generate = await world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': bare.id,
      scope: 'ads_read',
      'secret-name': '',
    })
    assert.equal(generate.code, 0, describeRun(generate))
    const userToken = world.graph.mintToken({ appId: world.app.id, type: 'USER', expiresInSeconds: 7200 })
    const refresh = await world.run({ operation: 'refresh', 'access-token': userToken, 'secret-name': '' })
    assert.equal(refresh.code, 0, describeRun(refresh))
    assertCallsJudged([
      'GET v27.0/debug_token',
      `POST v27.0/${bare.id}/applications`,
      'GET v27.0/debug_token',
      `POST v27.0/${bare.id}/access_tokens`,
      'GET v27.0/debug_token',
      'GET v27.0/debug_token',
      'GET v27.0/oauth/access_token',
      'GET v27.0/debug_token',
    ])
  })

  it('check and rotate with probe-assets: each required asset read as the token under check, with its proof', async () => {
    world.graph.assignAssets(world.systemUserId, 'ads_management', ['act_1234567890', '987654321'])
    const assets = { 'required-assets': 'ads_management: act_1234567890, 987654321', 'probe-assets': 'true' }
    const check = await world.run({ operation: 'check', 'secret-name': '', ...assets })
    assert.equal(check.code, 0, describeRun(check))
    const rotate = await world.run({ 'secret-targets': 'octo-org/app', ...assets })
    assert.equal(rotate.code, 0, describeRun(rotate))
    const probes = world.graph.requests.filter(r => /^\/(act_)?\d+$/.test(r.path))
    assert.deepEqual(
      probes.map(r => [r.path, r.params.access_token]),
      [
        ['/act_1234567890', world.oldToken],
        ['/987654321', world.oldToken],
        ['/act_1234567890', rotate.outputs.token],
        ['/987654321', rotate.outputs.token],
      ]
    )
    for (const probe of probes) assert.equal(probe.params.appsecret_proof, proofOf(probe.params.access_token, world.app.secret))
    assert.deepEqual(world.graph.contractViolations, [])
  })
})
