/**
 * Which app a token belongs to, and the advice for Meta's refusals (ACTION.md "Details
 * settled": Admin tokens; graph-api.md §3, §4.2, Call 6): an admin token is inspected before
 * `generate`/`install-app` change anything; a token of another app is named as such; dead tokens
 * get the advice their subcode calls for; a deprecated Graph version says to raise it.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { FakeGraphOptions } from '../fakes/graph-server.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const TARGET = 'octo-org/app'

/** Both answers a cross-app debug_token may get (FakeGraphOptions.crossAppDebugToken). */
const CROSS_APP_ANSWERS: Array<NonNullable<FakeGraphOptions['crossAppDebugToken']>> = ['refuse', 'describe']

function adminRun(world: World, operation: string, adminToken: string): Record<string, string> {
  return {
    operation,
    'access-token': adminToken,
    'system-user-id': world.systemUserId,
    ...(operation === 'generate' ? { scope: 'ads_read', 'secret-targets': TARGET } : {}),
  }
}

describe('admin tokens: inspected before generate and install-app change anything', () => {
  for (const crossAppDebugToken of CROSS_APP_ANSWERS) {
    for (const operation of ['generate', 'install-app']) {
      it(`${operation}: an admin token of another app fails before any change (debug_token answers: ${crossAppDebugToken})`, async () => {
        const world = await World.start({ graph: { crossAppDebugToken } })
        try {
          const other = world.graph.addApp({ name: 'Another app of the business' })
          const foreign = world.graph.mintToken({ appId: other.id, userId: '9001', expiresInSeconds: 0 })
          const run = await world.run(adminRun(world, operation, foreign))
          assert.equal(run.code, 1, describeRun(run))
          assert.equal(run.errors.length, 1)
          assert.match(run.errors[0], /admin token/)
          assert.match(run.errors[0], /appsecret_proof/)
          assert.match(run.errors[0], new RegExp(`keyed by the secret of \`app-id\` \\(${world.app.id}\\)`))
          assert.match(run.errors[0], /must be issued for that app/)
          assert.doesNotMatch(run.errors[0], /Invalid appsecret_proof/)
          if (crossAppDebugToken === 'describe') assert.match(run.errors[0], new RegExp(`app ${other.id}`), 'names the app it came from')
          assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'nothing but the inspection reached Meta')
          assert.equal(world.graph.requests[0].params.input_token, foreign)
          assert.ok(!world.githubCalls().some(call => call.startsWith('PUT')), 'nothing written')
          assert.match(run.summary, /Step: \*\*check the admin token\*\*/)
        } finally {
          await world.close()
        }
      })
    }
  }

  describe('a good admin token', () => {
    let world: World
    beforeEach(async () => (world = await World.start()))
    afterEach(() => world.close())

    it('generate: debug_token of the admin token, the mint, debug_token of the new token', async () => {
      const run = await world.run(adminRun(world, 'generate', world.adminToken))
      assert.equal(run.code, 0, describeRun(run))
      assert.deepEqual(world.graphCalls(), ['GET /debug_token', `POST /${world.systemUserId}/access_tokens`, 'GET /debug_token'])
      assert.deepEqual(
        world.graph.requests.map(r => r.params.input_token),
        [world.adminToken, undefined, run.outputs.token]
      )
    })

    it('install-app: debug_token of the admin token, then the install', async () => {
      const run = await world.run(adminRun(world, 'install-app', world.adminToken))
      assert.equal(run.code, 0, describeRun(run))
      assert.deepEqual(world.graphCalls(), ['GET /debug_token', `POST /${world.systemUserId}/applications`])
      assert.equal(world.graph.requests[0].params.input_token, world.adminToken)
    })

    it('a revoked admin token fails before any change, saying how to get a new admin token', async () => {
      const admin = world.graph.mintToken({ appId: world.app.id, userId: '9002', expiresInSeconds: 0 })
      world.graph.token(admin)!.revoked = true
      for (const operation of ['generate', 'install-app']) {
        world.graph.requests.length = 0
        const run = await world.run(adminRun(world, operation, admin))
        assert.equal(run.code, 1, describeRun(run))
        assert.match(run.errors[0], /admin token in `access-token` is not valid/)
        assert.match(run.errors[0], /Business settings/)
        assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
      }
    })
  })
})

describe('a token of another app, or wrong app credentials: the advice names both causes', () => {
  for (const crossAppDebugToken of CROSS_APP_ANSWERS) {
    for (const operation of ['check', 'refresh', 'rotate']) {
      it(`${operation}: a token of another app (debug_token answers: ${crossAppDebugToken})`, async () => {
        const world = await World.start({ graph: { crossAppDebugToken } })
        try {
          const other = world.graph.addApp()
          const otherUser = world.graph.addSystemUser({ appIdsInstalled: [other.id] })
          const foreign = world.graph.mintToken({ appId: other.id, userId: otherUser.id })
          const run = await world.run({ operation, 'access-token': foreign, 'secret-targets': TARGET })
          assert.equal(run.code, 1, describeRun(run))
          assert.match(run.errors[0], /another app/)
          assert.match(run.errors[0], /`app-id`/)
          // What to fix, by the input's name and by the name a template user sets.
          assert.match(run.errors[0], /`meta-app-id` \(the variable META_APP_ID in the templates\)/)
          assert.match(run.errors[0], /`app-secret` \(the secret META_APP_SECRET in the templates\)/)
          assert.doesNotMatch(run.errors[0], /operation: generate`? \(expiring/, 'the token is not called dead')
          assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
        } finally {
          await world.close()
        }
      })
    }
  }

  it('a wrong app-secret: app credentials, or a token of another app', async () => {
    const world = await World.start()
    try {
      const run = await world.run({ operation: 'check', 'app-secret': 'fake-secret-not-the-right-one-0000' })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /`meta-app-id` \(the variable META_APP_ID in the templates\), now \d+,/)
      assert.match(run.errors[0], /`app-secret` \(the secret META_APP_SECRET in the templates\)/)
      assert.match(run.errors[0], /another app/)
    } finally {
      await world.close()
    }
  })
})

describe('dead tokens: the advice follows the subcode debug_token gives', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.github.putSecret(TARGET, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  const cases: Array<{ title: string; subcode: number; kill: (w: World) => string; advice: RegExp }> = [
    {
      title: 'the app no longer installed for the system user',
      subcode: 458,
      kill: w => {
        w.graph.removeApp(w.systemUserId, w.app.id)
        return w.oldToken
      },
      advice: /run `operation: install-app`, then `operation: generate`/,
    },
    {
      title: 'a user who changed their password',
      subcode: 460,
      kill: w => {
        const token = w.graph.mintToken({ appId: w.app.id, type: 'USER', userId: '4343' })
        w.graph.changePassword('4343')
        return token
      },
      advice: /password/,
    },
    {
      title: 'expired',
      subcode: 463,
      kill: w => w.graph.mintToken({ appId: w.app.id, issuedAt: Math.floor(Date.now() / 1000) - 61 * DAY, expiresInSeconds: 60 * DAY }),
      advice: /expired token cannot be refreshed/,
    },
    {
      title: 'revoked',
      subcode: 467,
      kill: w => {
        w.graph.token(w.oldToken)!.revoked = true
        return w.oldToken
      },
      advice: /revoked or invalid/,
    },
  ]
  for (const operation of ['check', 'rotate']) {
    for (const { title, subcode, kill, advice } of cases) {
      it(`${operation}: ${title} (subcode ${subcode})`, async () => {
        const run = await world.run({ operation, 'access-token': kill(world), 'secret-targets': TARGET })
        assert.equal(run.code, 1, describeRun(run))
        assert.match(run.errors[0], new RegExp(`code 190, subcode ${subcode}`))
        assert.match(run.errors[0], advice)
        assert.equal(run.outputs['is-valid'], 'false')
        assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
      })
    }
  }
})

describe('a deprecated Graph API version says to raise graph-api-version', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  // Meta's answer, as quoted from the Marketing API (facebook/facebook-java-business-sdk#136).
  const deprecated = {
    code: 2635,
    type: 'OAuthException',
    message: '(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v27.0.',
  }
  const cases: Array<{ title: string; path: (w: World) => string; inputs: (w: World) => Record<string, string> }> = [
    { title: 'check (debug_token)', path: () => '/debug_token', inputs: () => ({ operation: 'check' }) },
    {
      title: 'generate (the mint)',
      path: w => `/${w.systemUserId}/access_tokens`,
      inputs: w => adminRun(w, 'generate', w.adminToken),
    },
    { title: 'rotate (the refresh)', path: () => '/oauth/access_token', inputs: () => ({ 'secret-targets': TARGET }) },
  ]
  for (const { title, path, inputs } of cases) {
    it(title, async () => {
      world.graph.injectFault({ path: path(world), error: deprecated })
      const run = await world.run({ 'graph-api-version': 'v22.0', ...inputs(world) })
      assert.equal(run.code, 1, describeRun(run))
      assert.match(run.errors[0], /code 2635/)
      assert.match(run.errors[0], /What to do: .*`graph-api-version` \(v22\.0\)/)
      assert.match(run.errors[0], /v27\.0/)
      assert.equal(world.graph.requests.filter(r => r.path === path(world)).length, 1, 'not retried')
    })
  }
})
