/**
 * Issue 28: an emergency with a long record revokes every leaked token in one round trip — the
 * stored token and the record's tokens all in flight together. A proxy in front of the fake
 * Graph holds every answer until no new request has come for a while, so a client that waited
 * for an answer before sending more would show.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { LatencyProxy } from '../helpers/latency-proxy.ts'
import { describeRun, World } from '../helpers/world.ts'

let world: World
let proxy: LatencyProxy
before(async () => {
  world = await World.start()
  proxy = await LatencyProxy.start(world.graph.url, { latencyMs: 0, answerWhenQuietMs: 150 })
})
after(async () => {
  await proxy.close()
  await world.close()
})

it('an emergency with 50 record tokens sends every revoke before the first answer returns', async () => {
  const recorded = Array.from({ length: 50 }, () =>
    world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
  )
  world.secrets.push(...recorded)
  const run = await world.run({
    operation: 'emergency',
    'previous-token': recorded.join('\n'),
    'admin-token': '',
    'secret-targets': '',
    'secret-name': '',
    'graph-api-url': proxy.url,
  })
  assert.equal(run.code, 0, describeRun(run))
  const revokes = proxy.log.filter(r => r.path.includes('/oauth/revoke'))
  assert.equal(revokes.length, 51)
  const firstAnswer = Math.min(...revokes.map(r => r.answeredAt))
  assert.equal(revokes.filter(r => r.receivedAt < firstAnswer).length, 51, 'every revoke was on its way before any answer')
  for (const token of [world.oldToken, ...recorded]) assert.equal(world.graph.isValid(token), false)
})
