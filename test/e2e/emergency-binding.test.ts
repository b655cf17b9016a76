/**
 * The emergency bound to the token it replaces (issue 26, item 3): no replacement setting delays
 * the revokes; a replacement of another identity or with fewer permissions is revoked and nothing
 * is stored; every record line is revoked, however many; the verdict counts only deploy runs that
 * succeeded. Each case ends with a message naming the input and with every leaked token dead.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { prepareTargets, runEmergency, SECRET, seedRecord } from '../helpers/emergency-world.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'

const TARGETS = ['octo-org/app', 'octo-org/site']

let world: World
let recorded: string[]

beforeEach(async () => {
  world = await World.start()
  prepareTargets(world, TARGETS)
  recorded = seedRecord(world, 2)
})
afterEach(async () => {
  await world.close()
})

function emergency(inputs: Record<string, string> = {}) {
  return runEmergency(world, TARGETS, recorded, inputs)
}

function assertLeakedDead(): void {
  for (const [index, token] of [world.oldToken, ...recorded].entries())
    assert.equal(world.graph.isValid(token), false, `leaked token ${index}`)
}

interface Refusal {
  name: string
  setup?: () => void
  inputs: () => Record<string, string>
  /** The input the failure names. */
  input: string
  message: RegExp
}

const refusals: Refusal[] = [
  {
    name: 'a misspelt scope (Meta refuses the generate)',
    inputs: () => ({ scope: 'ads_managment,ads_management,business_management' }),
    input: 'scope',
    message: /ads_managment/,
  },
  {
    name: 'a malformed scope',
    inputs: () => ({ scope: 'ads management!' }),
    input: 'scope',
    message: /scope/,
  },
  {
    name: 'a system user of another identity (the admin system user)',
    setup: () => world.graph.addSystemUser({ appIdsInstalled: [world.app.id], id: '9000' }),
    inputs: () => ({ 'system-user-id': '9000' }),
    input: 'system-user-id',
    message: /belongs to system user 9000/,
  },
  {
    name: 'a narrower scope',
    inputs: () => ({ scope: 'ads_management' }),
    input: 'scope',
    message: /lacks business_management/,
  },
  {
    name: 'an expired admin token',
    inputs: () => ({
      'admin-token': world.graph.mintToken({
        appId: world.app.id,
        userId: '9000',
        scopes: ['business_management'],
        issuedAt: Math.floor(Date.now() / 1000) - 3 * DAY,
        expiresInSeconds: DAY,
      }),
    }),
    input: 'admin-token',
    message: /admin/,
  },
  {
    name: 'no secret-name with an admin token (no output-only replacement)',
    inputs: () => ({ 'secret-name': '' }),
    input: 'secret-name',
    message: /secret-name/,
  },
  {
    name: 'a malformed secret-targets',
    inputs: () => ({ 'secret-targets': 'octo-org/app\nnot a target!' }),
    input: 'secret-targets',
    message: /not a target/,
  },
  {
    name: 'a malformed deploy-workflows',
    inputs: () => ({ 'deploy-workflows': 'deploy.yml' }),
    input: 'deploy-workflows',
    message: /deploy-workflows/,
  },
  {
    name: 'a malformed required-assets',
    inputs: () => ({ 'required-assets': 'no colon here' }),
    input: 'required-assets',
    message: /required-assets/,
  },
]

describe('emergency: the replacement settings never hold back the revokes', () => {
  for (const refusal of refusals) {
    it(`revokes everything, stores nothing and fails naming \`${refusal.input}\`: ${refusal.name}`, async () => {
      refusal.setup?.()
      const run = await emergency(refusal.inputs())
      assert.equal(run.code, 1, describeRun(run))
      assertLeakedDead()
      assert.equal(run.outputs.revoked, 'true')
      assert.equal(run.outputs.replaced, 'false')
      assert.match(run.errors[0], new RegExp(`\`${refusal.input}\``))
      assert.match(run.errors[0], refusal.message)
      for (const target of TARGETS) assert.equal(world.github.secret(target, SECRET)?.value, world.oldToken, `${target} unchanged`)
      assert.deepEqual(world.validTokens(), [], 'no replacement is left alive')
      assert.equal(world.github.requests.filter(r => r.path.endsWith('/dispatches')).length, 0, 'nothing deployed')
    })
  }
})

describe('emergency: every record line, the deploys that count', () => {
  it('revokes all 130 record lines (no 100-token cap) and succeeds', async () => {
    recorded = seedRecord(world, 130)
    const run = await emergency({ 'deploy-workflows': '' })
    assertLeakedDead()
    assert.equal(run.outputs.retired, '130', describeRun(run))
    assert.equal(run.outputs.revoked, 'true')
  })

  it('a token left alive fails the run, named by its record line', async () => {
    recorded = seedRecord(world, 130)
    const survivor = recorded[119]
    world.graph.injectFault({ path: '/oauth/revoke', params: { revoke_token: survivor }, error: { code: 200 }, times: 10 })
    const run = await emergency({ 'deploy-workflows': '' })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(world.graph.isValid(survivor), true)
    assert.match(run.errors[0], /record line 120/)
    assert.equal(run.outputs.revoked, 'false')
  })

  for (const deploys of ['unfollowed', 'none'] as const) {
    it(`a deploy ${deploys === 'none' ? 'list that is empty' : 'dispatch that cannot be followed'}: a warning and a headline that services may still hold the revoked token`, async () => {
      if (deploys === 'unfollowed') world.github.addWorkflow('octo-org/site', 'deploy.yml', { noRunDetails: true })
      const run = await emergency(deploys === 'none' ? { 'deploy-workflows': '' } : {})
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.replaced, 'true')
      assert.ok(
        run.warnings.some(warning => /may still hold the revoked token/.test(warning)),
        run.warnings.join('\n')
      )
      assert.match(run.summary.split('\n').slice(0, 3).join('\n'), /may still hold the revoked token/)
    })
  }
})
