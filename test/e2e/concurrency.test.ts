/**
 * GitHub requests in flight (issue 28): up to GitHub's 100 at once for the whole App, and writes in a
 * burst up to its 80 a minute (test/e2e/github-limits.test.ts: what happens beyond). A proxy in front of the fake GitHub holds
 * every answer until no new request has come for a while, so the requests the action has in
 * flight at once overlap in its log however busy the machine is.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { LatencyProxy, type ProxiedRequest } from '../helpers/latency-proxy.ts'
import { describeRun, World } from '../helpers/world.ts'

const REPOS = Array.from({ length: 25 }, (_, i) => `octo-org/many-${String(i).padStart(2, '0')}`)

/** The most requests that were in flight at one moment. */
function mostInFlight(requests: ProxiedRequest[]): number {
  return Math.max(
    0,
    ...requests.map(r => requests.filter(other => other.receivedAt <= r.receivedAt && r.receivedAt < other.answeredAt).length)
  )
}

let world: World
let proxy: LatencyProxy
before(async () => {
  world = await World.start()
  for (const repo of REPOS) world.github.addRepo(repo)
  proxy = await LatencyProxy.start(world.github.url, { latencyMs: 0, answerWhenQuietMs: 150 })
})
after(async () => {
  await proxy.close()
  await world.close()
})

it('rotating into 25 repositories reads every key at once and writes every target at once', async () => {
  const run = await world.run({ 'secret-targets': REPOS.join('\n') }, { GITHUB_API_URL: proxy.url })
  assert.equal(run.code, 0, describeRun(run))
  for (const repo of REPOS) assert.equal(world.github.secret(repo, 'META_ACCESS_TOKEN')?.value, run.outputs.token)

  const keyReads = proxy.log.filter(r => r.method === 'GET' && r.path.endsWith('/public-key'))
  // The preflight reads the public keys beside the previous-token record's metadata (in the first target).
  const preflightReads = proxy.log.filter(r => r.method === 'GET' && /\/public-key$|\/META_ACCESS_TOKEN_PREVIOUS$/.test(r.path))
  const writes = proxy.log.filter(r => r.method === 'PUT' && r.path.endsWith('/META_ACCESS_TOKEN'))
  assert.equal(keyReads.length, 25)
  assert.equal(writes.length, 25)
  assert.equal(preflightReads.length, 26)
  assert.equal(mostInFlight(preflightReads), 26, 'the preflight reads all at once')
  assert.equal(mostInFlight(writes), 25, "the writes go in one burst (within GitHub's 80 a minute)")
})
