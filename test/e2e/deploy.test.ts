/**
 * Deploy workflows (the contract's "Deploy workflows"): after the new token is stored
 * everywhere, rotate dispatches the consumers' deploy workflows, follows their runs, and
 * revokes the old token only when every run succeeded.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { WorkflowOptions } from '../fakes/github/workflows.ts'
import { PHASE_CHART_MIN_MS } from '../../src/report/summary-deploys.ts'
import { recordOf } from '../helpers/token-invariants.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const FAST = { META_TOKEN_KEEPER_DEPLOY_POLL_MS: '20' }
const CAPI = 'octo-org/site/.github/workflows/deploy.yml@main'
const TAGS = 'octo-org/app/.github/workflows/tags.yml@release/v2'

function run(world: World, inputs: Record<string, string> = {}) {
  return world.run({ 'secret-targets': 'octo-org/app', 'deploy-workflows': `${CAPI}\n${TAGS}`, ...inputs }, FAST)
}

describe('deploy workflows', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.github.putSecret('octo-org/app', SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  function workflows(site: WorkflowOptions, app: WorkflowOptions = {}): void {
    world.github.addWorkflow('octo-org/site', 'deploy.yml', site)
    world.github.addWorkflow('octo-org/app', 'tags.yml', app)
  }

  it('all succeed: dispatched on their refs after the write, followed, and only then the old token is revoked', async () => {
    workflows({ readsUntilDone: 3 }, { readsUntilDone: 1 })
    let revokedAt = 0
    const record = world.graph.requests.push.bind(world.graph.requests)
    world.graph.requests.push = (...requests) => {
      if (requests.some(r => r.path === '/oauth/revoke')) revokedAt ||= Date.now()
      return record(...requests)
    }
    const result = await run(world)
    assert.equal(result.code, 0, describeRun(result))
    const runs = world.github.workflows.runs
    assert.deepEqual(runs.map(r => `${r.repo} ${r.file}@${r.ref}`).sort(), [
      'octo-org/app tags.yml@release/v2',
      'octo-org/site deploy.yml@main',
    ])
    const write = world.github.requests.findIndex(r => r.method === 'PUT' && r.path.endsWith(`/${SECRET}`))
    const dispatches = world.github.requests.flatMap((r, i) => (r.path.endsWith('/dispatches') ? [i] : []))
    assert.ok(
      dispatches.every(i => i > write),
      'dispatched after the token was stored'
    )
    assert.ok(revokedAt > 0, 'the old token was revoked')
    assert.equal(world.graph.isValid(world.oldToken), false)
    const lastDone = Math.max(...runs.map(r => r.completedAt ?? Infinity))
    assert.ok(revokedAt >= lastDone, 'the revoke came after the last run completed')
    assert.deepEqual(
      result.outputs['deploy-runs'].split('\n').sort(),
      runs.map(r => `https://github.com/${r.repo}/actions/runs/${r.id} success`).sort()
    )
    assert.match(result.summary, /### Deploy runs/)
    for (const r of runs) assert.ok(result.summary.includes(`[run](https://github.com/${r.repo}/actions/runs/${r.id})`))
    // The chart of the phases only for a run long enough for it to say something (folded away then).
    if (result.durationMs < PHASE_CHART_MIN_MS) assert.doesNotMatch(result.summary, /mermaid/, 'a run of a few seconds has no chart')
    else {
      assert.match(result.summary, /<details><summary>Phases \(\d+\.\d s\)<\/summary>\n\n```mermaid\ngantt\n/)
      for (const phase of ['Preflight', 'Refresh', 'Verify and record', 'Store', 'Deploys', 'Revoke']) {
        assert.match(result.summary, new RegExp(`\\n  ${phase} \\(\\d+\\.\\d s\\) :done, p\\d, \\d+, \\d+\\n`), phase)
      }
    }
  })

  const RUN = /^\/repos\/octo-org\/site\/actions\/runs\/\d+$/
  const DISPATCH = '/repos/octo-org/site/actions/workflows/deploy.yml/dispatches'
  const failures: Array<{
    title: string
    site: WorkflowOptions
    inputs?: Record<string, string>
    faults?: (world: World) => void
    conclusion: RegExp
    /** Runs of the site's workflow at the end, another's included (default 1): a dispatch is never sent twice. */
    runs?: number
  }> = [
    { title: 'a run fails', site: { conclusion: 'failure', readsUntilDone: 2 }, conclusion: /\/actions\/runs\/\d+ failure$/ },
    { title: 'a run is cancelled', site: { conclusion: 'cancelled' }, conclusion: /\/actions\/runs\/\d+ cancelled$/ },
    {
      title: 'a run never finishes within deploy-timeout-minutes',
      site: { conclusion: 'never' },
      inputs: { 'deploy-timeout-minutes': '0.005' },
      conclusion: /\/actions\/runs\/\d+ timed out$/,
    },
    {
      title: 'a dispatch is refused (a required input)',
      site: { requiredInputs: ['environment'] },
      runs: 0,
      conclusion: /^octo-org\/site\/\.github\/workflows\/deploy\.yml@main dispatch refused$/,
    },
    ...[404, 403, 500].map(status => ({
      title: `a poll of the run answered ${status} (after the client's retries)`,
      site: { readsUntilDone: 3 },
      faults: (world: World) => world.github.injectFault({ method: 'GET', path: RUN, status, times: 10, body: { message: 'Not here' } }),
      conclusion: /\/actions\/runs\/\d+ follow failed$/,
    })),
    {
      title: 'a dispatch answered 502 that started nothing',
      site: {},
      faults: (world: World) => world.github.injectFault({ method: 'POST', path: DISPATCH, status: 502 }),
      conclusion: /^octo-org\/site\/\.github\/workflows\/deploy\.yml@main not identified$/,
      runs: 0,
    },
    {
      title: 'a dispatch whose answer was lost while another run of the workflow started',
      site: {},
      faults: (world: World) => {
        world.github.injectFault({ method: 'POST', path: DISPATCH, reset: true, apply: true })
        world.github.workflows.addRun('octo-org/site', 'deploy.yml', 'main', 1_000)
      },
      conclusion: /^octo-org\/site\/\.github\/workflows\/deploy\.yml@main not identified$/,
      runs: 2,
    },
  ]
  for (const c of failures) {
    it(`${c.title}: the run fails naming it, the new token stays, nothing is revoked, the record keeps the old token`, async () => {
      workflows(c.site)
      c.faults?.(world)
      const result = await run(world, c.inputs)
      assert.equal(result.code, 1, describeRun(result))
      const siteRuns = world.github.workflows.runs.filter(r => r.repo === 'octo-org/site')
      assert.equal(siteRuns.length, c.runs ?? 1, 'a dispatch is never sent twice')
      const newToken = result.outputs.token
      assert.equal(world.github.secret('octo-org/app', SECRET)?.value, newToken, 'the new token stays in place')
      assert.equal(world.graph.isValid(world.oldToken), true, 'the old token was not revoked')
      assert.ok(!world.graph.requests.some(r => r.path === '/oauth/revoke'), 'nothing was revoked')
      const record = world.github.secret('octo-org/app', `${SECRET}_PREVIOUS`)?.value.split('\n') ?? []
      assert.ok(record.includes(world.oldToken), 'the record keeps the old token')
      const line = result.outputs['deploy-runs'].split('\n').find(l => l.includes('octo-org/site'))
      assert.match(line ?? '', c.conclusion)
      assert.match(result.errors[0], /deploy run\(s\) did not succeed/)
      const oldEnds = new Date((world.graph.token(world.oldToken)?.expiresAt ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      assert.ok(
        result.summary.startsWith('## Meta token: `rotate` ❌ a deploy run failed; the old token still works\n\n### What went wrong\n'),
        `the title says what failed and that the old token works, what went wrong right after it: ${result.summary}`
      )
      assert.ok(
        result.summary.includes(`\n\n**Every target holds the new token; the old one still works until ${oldEnds}.**\n\n| Operation |`),
        `the summary says where the tokens stand, before the table: ${result.summary}`
      )
      assert.match(
        result.summary,
        /Previous-token record \| 1 replaced token\(s\) not revoked yet/,
        'the new token, in every target, is not counted'
      )
      assert.equal(result.outputs.revoked, 'false')
    })
  }

  it('a dispatch answered 204 (older GitHub Enterprise Server): not followed, nothing revoked, a warning, the record keeps the old token', async () => {
    workflows({ noRunDetails: true })
    const result = await run(world)
    assert.equal(result.code, 0, describeRun(result))
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.match(result.outputs['deploy-runs'], /^octo-org\/site\/\.github\/workflows\/deploy\.yml@main not followed$/m)
    assert.ok(result.warnings.some(w => /cannot tell when it is done/.test(w)))
    assert.deepEqual(recordOf(world, 'octo-org/app'), [world.oldToken], 'the record holds the old token alone')
  })

  for (const status of [400, 422] as const) {
    it(`a dispatch refused ${status} for return_run_details (older GitHub Enterprise Server): sent once more without it, started once, not followed`, async () => {
      workflows({ rejectRunDetails: status })
      const result = await run(world)
      assert.equal(result.code, 0, describeRun(result))
      const dispatches = world.github.requests.filter(
        r => r.method === 'POST' && r.path.includes('/octo-org/site/') && r.path.endsWith('/dispatches')
      )
      assert.deepEqual(
        dispatches.map(r => 'return_run_details' in ((r.body ?? {}) as object)),
        [true, false],
        'the second dispatch leaves the field out'
      )
      assert.equal(world.github.workflows.runs.filter(r => r.file === 'deploy.yml').length, 1, 'one deploy started')
      assert.match(result.outputs['deploy-runs'], /^octo-org\/site\/\.github\/workflows\/deploy\.yml@main not followed$/m)
      assert.equal(world.graph.isValid(world.oldToken), true, 'nothing revoked: the deploy was not followed')
    })
  }

  for (const [title, fault] of [
    ['answered 502 after it started the run', { status: 502, apply: true }],
    ['whose connection was reset after it started the run', { reset: true, apply: true }],
    ['that timed out after it started the run', { hang: true, apply: true }],
  ] as const) {
    it(`a dispatch ${title}: not sent again; the run it started is found, followed, and the rotation completes`, async () => {
      workflows({ readsUntilDone: 2 })
      world.github.injectFault({ method: 'POST', path: DISPATCH, ...fault })
      const result = await run(world, { 'request-timeout-seconds': '0.5' })
      assert.equal(result.code, 0, describeRun(result))
      const siteRuns = world.github.workflows.runs.filter(r => r.repo === 'octo-org/site')
      assert.equal(siteRuns.length, 1, 'the deploy started once')
      assert.equal(world.github.requests.filter(r => r.path === DISPATCH).length, 1, 'the dispatch was sent once')
      assert.ok(siteRuns[0].completedAt !== undefined, 'its run was followed to the end')
      assert.match(
        result.outputs['deploy-runs'],
        new RegExp(`^https://github.com/octo-org/site/actions/runs/${siteRuns[0].id} success$`, 'm')
      )
      assert.equal(world.graph.isValid(world.oldToken), false, 'the old token was revoked once every deploy succeeded')
    })
  }

  it('a run page on another host is never linked', async () => {
    workflows({ htmlUrl: 'https://evil.example/octo-org/site/actions/runs/1' })
    const result = await run(world)
    assert.equal(result.code, 0, describeRun(result))
    assert.doesNotMatch(result.summary, /evil\.example/)
    assert.doesNotMatch(result.outputs['deploy-runs'], /evil\.example/)
  })

  const preflights: Array<{ title: string; setup: (world: World) => void; message: RegExp }> = [
    {
      title: 'a disabled workflow',
      setup: w => w.github.addWorkflow('octo-org/site', 'deploy.yml', { state: 'disabled_manually' }),
      message: /deploy\.yml@main: the workflow is disabled/,
    },
    { title: 'a missing workflow', setup: () => undefined, message: /deploy\.yml@main: GitHub answered 404/ },
  ]
  for (const c of preflights) {
    it(`${c.title} fails the preflight: nothing at Meta changed`, async () => {
      c.setup(world)
      world.github.addWorkflow('octo-org/app', 'tags.yml')
      const result = await run(world)
      assert.equal(result.code, 1, describeRun(result))
      assert.match(result.errors[0], c.message)
      assert.deepEqual(world.graphCalls(), ['GET /debug_token'], 'Meta was only asked to inspect')
      assert.equal(world.github.workflows.runs.length, 0)
    })
  }

  it('dry-run preflights the workflows and dispatches nothing', async () => {
    workflows({})
    const result = await run(world, { 'dry-run': 'true' })
    assert.equal(result.code, 0, describeRun(result))
    assert.equal(world.github.workflows.runs.length, 0)
    assert.ok(world.github.requests.some(r => r.method === 'GET' && r.path.endsWith('/actions/workflows/deploy.yml')))
    assert.match(result.summary, /2 deploy workflow\(s\) run/)
  })

  it('deploy-workflows is refused for other operations and in a wrong form, before any call', async () => {
    for (const [inputs, message] of [
      [{ operation: 'refresh', 'deploy-workflows': CAPI }, /is for `rotate` .* and `emergency` .*, not for `refresh`/],
      [{ 'deploy-workflows': 'octo-org/site/deploy.yml' }, /is not a workflow/],
      [{ 'deploy-timeout-minutes': '60', 'deploy-workflows': CAPI }, /at most 45/],
    ] as const) {
      const result = await world.run({ 'secret-targets': 'octo-org/app', ...inputs })
      assert.equal(result.code, 1)
      assert.match(result.errors[0], message)
    }
    assert.equal(world.graph.requests.length + world.github.requests.length, 0)
  })
})
