/**
 * `scope` of `generate`: the permissions Meta's page lists for system users, plus the ones it
 * gates by a capability beside them (graph-api.md Call 4). Any other permission name is asked
 * for with a warning, and Meta's answer (code 3962) decides.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { describeRun, World } from '../helpers/world.ts'

/** Meta's capability-gated permissions, as its "Capability | Permission" table lists them. */
const CAPABILITY_GATED = [
  'business_creative_management',
  'business_creative_insights',
  'business_creative_insights_share',
  'business_data_management',
  'commerce_manage_accounts',
  'commerce_account_read_reports',
]

/** Real permissions elsewhere at Meta, but on neither list of the system users page. */
const NOT_FOR_SYSTEM_USERS = ['instagram_manage_events', 'manage_app_solution', 'threads_business_basic']

describe('generate: the scopes Meta lists for system users', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ capabilityPermissions: CAPABILITY_GATED })
  })
  afterEach(() => world.close())

  function generate(scope: string) {
    return world.run({
      operation: 'generate',
      'access-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope,
      'secret-name': '',
    })
  }

  for (const permission of CAPABILITY_GATED) {
    it(`accepts ${permission}, a capability-gated permission`, async () => {
      const run = await generate(`ads_read,${permission}`)
      assert.equal(run.code, 0, describeRun(run))
      const mint = world.graph.requests.find(r => r.path.endsWith('/access_tokens'))
      assert.equal(mint?.params.scope, `ads_read,${permission}`)
      assert.deepEqual(world.graph.token(run.outputs.token)?.scopes, ['ads_read', permission])
    })
  }

  for (const permission of NOT_FOR_SYSTEM_USERS) {
    it(`asks Meta for ${permission} with a warning, and Meta's refusal (3962) names it`, async () => {
      const run = await generate(`ads_read,${permission}`)
      assert.equal(run.code, 1, describeRun(run))
      assert.ok(
        run.warnings.some(w => w.includes(`\`scope\`: ${permission} is not among the permissions this version knows system users support`)),
        run.warnings.join('\n')
      )
      assert.equal(world.graph.requests.filter(r => r.path.endsWith('/access_tokens')).length, 1, 'Meta was asked')
      assert.match(run.errors[0], /code 3962/)
      assert.match(run.errors[0], new RegExp(`${permission} is not on the list of permissions Meta documents for system users`))
    })
  }

  it('accepts whatsapp_business_manage_events, which Meta documents for system users since late 2026', async () => {
    const run = await generate('whatsapp_business_management,whatsapp_business_manage_events')
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(run.warnings, [])
    assert.deepEqual(world.graph.token(run.outputs.token)?.scopes, ['whatsapp_business_management', 'whatsapp_business_manage_events'])
  })

  it("points at the app's capability when Meta refuses a gated permission (3962)", async () => {
    await world.close()
    world = await World.start()
    const run = await generate('ads_read,business_data_management')
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /code 3962/)
    assert.match(run.errors[0], /business_data_management/)
    assert.match(run.errors[0], /capability/)
  })
})
