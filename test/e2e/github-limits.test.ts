/**
 * GitHub's secondary limits (issue 28, reference/github.md §4.2) enforced by the fake GitHub,
 * with its minute and hour shortened (one second = 10 ms here and in the action): the action
 * paces itself under them, and a limit answer — either wording, with or without `retry-after` —
 * pauses every GitHub request, or stops them all when the wait outlasts the run.
 */
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { SecondaryLimitOptions } from '../fakes/github/secondary-limits.ts'
import { assertTokensAccounted, recordOf, SECRET } from '../helpers/token-invariants.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECOND_MS = 10
const SCALED = { META_TOKEN_KEEPER_LIMIT_SECOND_MS: String(SECOND_MS) }
const repos = (count: number) => Array.from({ length: count }, (_, i) => `octo-org/many-${String(i).padStart(3, '0')}`)

let world: World
async function start(limits: SecondaryLimitOptions, targets: string[]): Promise<World> {
  world = await World.start({ github: { secondaryLimits: { secondMs: SECOND_MS, ...limits } } })
  for (const target of targets) if (target.startsWith('octo-org/many-')) world.github.addRepo(target)
  return world
}
afterEach(() => world.close())

const writesSent = () => world.github.requests.filter(r => r.method !== 'GET').length

describe('GitHub limits', () => {
  it('a rotation of 100 targets behind a limit of 80 writes a minute completes with no refused write', async () => {
    const targets = repos(100)
    await start({ writesPerMinute: 80 }, targets)
    const run = await world.run({ 'secret-targets': targets.join('\n') }, SCALED)
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.github.secondaryLimits?.refused, 0, 'no write refused')
    for (const target of targets) assert.equal(world.github.secret(target, SECRET)?.value, run.outputs.token)
    assert.equal(writesSent(), 102, 'the record, 100 targets, the record deleted: each write sent once')
  })

  it('an hourly budget that runs out mid-run: only the writes in flight are refused, then nothing is sent; every token accounted for', async () => {
    const targets = repos(100)
    // Another job of the same App has used most of the hour: 60 writes are left.
    await start({ writesPerHour: 60 }, targets)
    const run = await world.run({ 'secret-targets': targets.join('\n') }, SCALED)
    assert.equal(run.code, 1, describeRun(run))
    // At most the first minute's burst (80: the record, then 79 targets) reached GitHub: what was on
    // the wire when the first refusal came back (fewer on a slow machine, where the refusal comes
    // back before the burst has left), and no rollback flood after it.
    const sent = writesSent()
    assert.ok(sent > 60 && sent <= 80, `no write sent beyond the burst in flight (${sent})`)
    assert.equal(world.github.secondaryLimits?.refused, sent - 60)
    assertTokensAccounted(world, { targets })
    const newToken = world.validTokens().find(token => token !== world.oldToken)
    assert.ok(newToken && recordOf(world, targets[0]).includes(newToken) && recordOf(world, targets[0]).includes(world.oldToken))
    assert.match(run.summary, /run again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    assert.ok(run.durationMs < 5000, `stopped at once (${Math.round(run.durationMs)} ms)`)
  })

  it('a minute share that cannot fit the run says so: no write refused, nothing sent past it, the message names the share, not the hour', async () => {
    // 80 jobs at once leave this one a write a minute (600 ms here); the run may take 1 s: the
    // record write and one target fit, the next write would have to wait past the deadline.
    const targets = repos(3)
    await start({ writesPerMinute: 80 }, targets)
    const run = await world.run(
      { 'secret-targets': targets.join('\n'), 'parallel-jobs': '80' },
      { ...SCALED, META_TOKEN_KEEPER_DEADLINE_SECONDS: '1' }
    )
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(world.github.secondaryLimits?.refused, 0, 'the pace sent nothing GitHub would refuse')
    assertTokensAccounted(world, { targets })
    const said = run.summary + run.errors.join('\n')
    assert.match(said, /share of GitHub's write limits/)
    assert.doesNotMatch(said, /hourly/, 'a minute share is not the hour')
  })

  it("GitHub's older wording without retry-after is waited out as a rate limit, not read as a missing permission", async () => {
    const targets = repos(3)
    await start({ writesPerMinute: 2, wording: 'abuse', retryAfter: false }, targets)
    const run = await world.run({ 'secret-targets': targets.join('\n') }, SCALED)
    assert.equal(run.code, 0, describeRun(run))
    for (const target of targets) assert.equal(world.github.secret(target, SECRET)?.value, run.outputs.token)
    assert.ok((world.github.secondaryLimits?.refused ?? 0) > 0, 'the limit was hit')
    // A minute (600 ms here) after the first refusal.
    assert.ok(
      run.lines.some(line => /abuse detection mechanism.*every GitHub request of this run waits 0\.6 s/.test(line)),
      run.lines.join('\n')
    )
    assert.doesNotMatch(run.summary + run.lines.join('\n'), /secrets=write|missing permission/)
  })
})
