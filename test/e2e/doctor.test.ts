/**
 * `operation: doctor` (issue 26, item 1): every check of the settings an emergency would need,
 * at once, changing nothing; with `drill: true` the emergency's replacement for real, revoked at
 * once. Each case ends with a finding that names the input, target or workflow, and with nothing
 * changed (the drill's token dead, or in the record and the run failed).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { FakeGraphOptions } from '../fakes/graph-server.ts'
import { summaryText } from '../helpers/markdown.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const RECORD = 'META_ACCESS_TOKEN_PREVIOUS'
const DEPLOY = 'octo-org/site/.github/workflows/deploy.yml@main'

let world: World

async function start(graph: FakeGraphOptions = {}): Promise<void> {
  world = await World.start({ graph })
  world.github.putSecret('octo-org/app', SECRET, world.oldToken)
  world.github.addWorkflow('octo-org/site', 'deploy.yml')
}
afterEach(async () => {
  await world.close()
})

function doctor(inputs: Record<string, string> = {}) {
  return world.run({
    operation: 'doctor',
    'admin-token': world.adminToken,
    'system-user-id': world.systemUserId,
    scope: 'ads_management,business_management',
    'deploy-workflows': DEPLOY,
    ...inputs,
  })
}

/** Nothing the doctor may not change: the stored token and the secrets as they were, no token left alive but those seeded. */
function assertNothingChanged(before: { tokens: string[]; secrets: Map<string, string | undefined> }): void {
  assert.deepEqual(new Set(world.validTokens()), new Set(before.tokens), 'no token was minted and left alive, none revoked')
  assert.equal(world.github.secret('octo-org/app', SECRET)?.value, before.secrets.get(SECRET))
  assert.equal(world.github.secret('octo-org/app', RECORD)?.value, before.secrets.get(RECORD))
}

function snapshot() {
  return {
    tokens: world.validTokens(),
    secrets: new Map([SECRET, RECORD].map(name => [name, world.github.secret('octo-org/app', name)?.value] as const)),
  }
}

describe('doctor: healthy settings', () => {
  beforeEach(() => start())

  for (const drill of ['false', 'true']) {
    it(`passes every check${drill === 'true' ? ', the drill included (its token dead at the end)' : ''}, and changes nothing`, async () => {
      const before = snapshot()
      const run = await doctor({ drill })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.ready, 'true')
      assert.equal(run.outputs.findings, '')
      assertNothingChanged(before)
      const text = await summaryText(run.summary)
      assert.match(text, /Ready: all \d+ checks passed/)
      assert.ok(text.indexOf('Ready:') < text.indexOf('Checks'), 'the summary opens with the verdict')
      if (drill === 'true') {
        assert.match(run.summary, /✅ \| the drill/)
        assert.ok(
          world.graph.requests.some(r => r.path.endsWith('/access_tokens')),
          'the drill generated a token'
        )
      } else assert.ok(!world.graph.requests.some(r => r.path.endsWith('/access_tokens')), 'no drill, no token generated')
    })
  }
})

interface Case {
  name: string
  graph?: FakeGraphOptions
  setup?: () => void
  inputs: () => Record<string, string>
  /** The finding's first word: the input, target or workflow. */
  concerns: string
  finding: RegExp
  /** A warning, not a failure. */
  warnOnly?: boolean
}

const CASES: Case[] = [
  {
    name: 'a misspelt scope (the drill asks Meta: 3962)',
    inputs: () => ({ scope: 'ads_managment,ads_management,business_management', drill: 'true' }),
    concerns: 'scope',
    finding: /3962|not valid/,
  },
  {
    name: 'an unknown system user',
    inputs: () => ({ 'system-user-id': '123456789' }),
    concerns: 'system-user-id',
    finding: /stored token belongs to system user/,
  },
  {
    name: 'a system user of another identity (the admin system user)',
    setup: () => world.graph.addSystemUser({ appIdsInstalled: [world.app.id], id: '9000' }),
    inputs: () => ({ 'system-user-id': '9000' }),
    concerns: 'system-user-id',
    finding: /belongs to system user/,
  },
  {
    name: 'a narrower scope',
    inputs: () => ({ scope: 'ads_read' }),
    concerns: 'scope',
    finding: /lacks ads_management, business_management/,
  },
  {
    name: 'an expired admin token',
    inputs: () => ({
      'admin-token': world.graph.mintToken({
        appId: world.app.id,
        userId: '9000',
        scopes: ['business_management'],
        expiresInSeconds: 2 * DAY,
      }),
    }),
    concerns: 'admin-token',
    finding: /expires in 1 day|expires in 2 day|within `min-days-remaining`/,
  },
  {
    name: 'a deploy workflow without workflow_dispatch',
    setup: () => world.github.addWorkflow('octo-org/site', 'push.yml', { noDispatchTrigger: true }),
    inputs: () => ({ 'deploy-workflows': 'octo-org/site/.github/workflows/push.yml@main' }),
    concerns: 'octo-org/site/.github/workflows/push.yml@main',
    finding: /no `workflow_dispatch` trigger/,
  },
  {
    name: 'a deploy workflow with a required input',
    setup: () => world.github.addWorkflow('octo-org/site', 'inputs.yml', { requiredInputs: ['environment'] }),
    inputs: () => ({ 'deploy-workflows': 'octo-org/site/.github/workflows/inputs.yml@main' }),
    concerns: 'octo-org/site/.github/workflows/inputs.yml@main',
    finding: /requires input\(s\) without a default \(environment\)/,
  },
  {
    name: 'an unreadable target',
    inputs: () => ({ 'secret-targets': 'octo-org/app\nocto-org/missing' }),
    concerns: 'octo-org/missing',
    finding: /octo-org\/missing/,
  },
  {
    name: 'no secret-name with an admin token',
    inputs: () => ({ 'secret-name': '' }),
    concerns: 'secret-name',
    finding: /No `secret-name`/,
  },
  {
    name: 'a record that exists while previous-token arrived empty',
    setup: () => world.github.putSecret('octo-org/app', RECORD, 'x'.repeat(40)),
    inputs: () => ({}),
    concerns: 'previous-token',
    finding: /arrived empty/,
  },
  {
    name: 'the drill without system-user-id',
    inputs: () => ({ drill: 'true', 'system-user-id': '' }),
    concerns: 'system-user-id',
    finding: /No `system-user-id`/,
  },
  {
    name: 'a system user node Meta will not show the admin (a warning)',
    graph: { systemUserNodes: 'refused' },
    inputs: () => ({}),
    concerns: 'system-user-id',
    finding: /not documented/,
    warnOnly: true,
  },
]

describe('doctor: each setting that would fail on the day of a leak', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.warnOnly ? 'a warning' : `a finding naming ${c.concerns}`}, nothing changed`, async () => {
      await start(c.graph)
      c.setup?.()
      const inputs = c.inputs()
      const before = snapshot()
      const run = await doctor(inputs)
      assertNothingChanged(before)
      if (c.warnOnly) {
        assert.equal(run.code, 0, describeRun(run))
        assert.equal(run.outputs.ready, 'true')
        assert.match(run.summary, new RegExp(`⚠️ \\| [^|]+ \\| ${c.concerns}`))
        return
      }
      assert.notEqual(run.code, 0, describeRun(run))
      assert.equal(run.outputs.ready, 'false')
      const line = run.outputs.findings.split('\n').find(l => l.startsWith(`${c.concerns}:`))
      assert.ok(line, `a finding starts with ${c.concerns}: ${run.outputs.findings}`)
      assert.match(line, c.finding)
      assert.match(await summaryText(run.summary), /^[\s\S]*Not ready: \d+ of \d+ checks failed/)
    })
  }
})

describe('doctor: a drill token that cannot be revoked', () => {
  beforeEach(() => start())

  it('goes into the previous-token record, and the run fails saying so', async () => {
    world.graph.injectFault({ path: '/oauth/revoke', status: 400, error: { code: 200, message: '(#200) Permissions error' }, times: 10 })
    const run = await doctor({ drill: 'true' })
    assert.notEqual(run.code, 0, describeRun(run))
    const record = world.github.secret('octo-org/app', RECORD)?.value ?? ''
    const alive = world.validTokens().filter(token => token !== world.oldToken)
    assert.equal(alive.length, 1, 'the drill token is alive')
    assert.ok(record.includes(alive[0]), 'and in the record')
    assert.match(run.outputs.findings, new RegExp(`^${RECORD}: The drill token could not be revoked`, 'm'))
  })
})
