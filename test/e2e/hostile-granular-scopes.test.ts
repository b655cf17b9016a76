/**
 * debug_token's `granular_scopes` read fail-closed (issue 27, item 1): only an absent
 * `target_ids` means "every asset"; any other shape fails a requirement with ids; names compare
 * case-insensitively; entries for one permission combine to the most restrictive; a permission
 * that granular_scopes does not mention reaches no listed asset. A huge answer costs bounded
 * time and gives bounded messages, outputs and summary.
 */
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { ActionRun } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

type Data = Record<string, unknown>
type Reshape = (data: Data, input: string) => Data
const REQUIREMENT = 'ads_management: act_111'

let world: World | undefined
afterEach(() => world?.close())

/** The system user reaches only act_222; Meta's answer rewritten by `reshape`. */
async function start(reshape: Reshape): Promise<World> {
  world = await World.start({ graph: { reshapeDebugToken: reshape } })
  world.graph.assignAssets(world.systemUserId, 'ads_management', ['act_222'])
  return world
}

const granular =
  (...entries: Data[]) =>
  (data: Data) => ({ ...data, scopes: ['ads_management'], granular_scopes: entries })

describe('a requirement with ids is met only by an entry that lists them, or one without target_ids', () => {
  const UNMET: Array<[string, Reshape]> = [
    ['target_ids null', granular({ scope: 'ads_management', target_ids: null })],
    ['target_ids a string', granular({ scope: 'ads_management', target_ids: '111' })],
    ['target_ids an object', granular({ scope: 'ads_management', target_ids: { 0: '111' } })],
    ['target_ids a number', granular({ scope: 'ads_management', target_ids: 111 })],
    ['target_ids holding no ids', granular({ scope: 'ads_management', target_ids: [{ id: '111' }, '111'] })],
    ['an upper-case entry restricting it', granular({ scope: 'ADS_MANAGEMENT', target_ids: ['222'] })],
    [
      'a restricted entry beside an unrestricted one',
      granular({ scope: 'ads_management', target_ids: ['222'] }, { scope: 'ads_management' }),
    ],
    [
      'an unrestricted entry beside a restricted one',
      granular({ scope: 'ads_management' }, { scope: 'Ads_Management', target_ids: ['222'] }),
    ],
    ['in scopes, absent from granular_scopes', granular({ scope: 'business_management' })],
  ]
  for (const [name, reshape] of UNMET) {
    it(`check fails: ${name}`, async () => {
      const w = await start(reshape)
      const run = await w.run({ operation: 'check', 'secret-name': '', 'required-assets': REQUIREMENT })
      assert.equal(run.code, 1, describeRun(run))
      assert.equal(run.outputs['missing-assets'], REQUIREMENT)
      assert.doesNotMatch(run.summary, /✅ met/)
    })
  }

  it('check passes: the entry lists the id, or has no target_ids; a requirement without ids is met by scopes alone', async () => {
    for (const reshape of [
      granular({ scope: 'ads_management', target_ids: ['222', 111] }),
      granular({ scope: 'ADS_MANAGEMENT' }),
      granular({ scope: 'ads_management', target_ids: ['act_111'] }, { scope: 'ads_management' }),
    ]) {
      const w = await start(reshape)
      const run = await w.run({ operation: 'check', 'secret-name': '', 'required-assets': `${REQUIREMENT}\nADS_MANAGEMENT` })
      assert.equal(run.code, 0, describeRun(run))
      await w.close()
      world = undefined
    }
  })

  it('rotate reads a missing entry as the requirement does: a permission whose assets vanished from granular_scopes is drift', async () => {
    // The new token's answer no longer mentions ads_management in granular_scopes.
    const w = await start((data, input) => (input === world?.oldToken ? data : { ...data, granular_scopes: [] }))
    const old = w.oldToken
    w.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', old)
    const run = await w.run({ 'secret-targets': 'octo-org/app' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /reaches less than the token it replaces \(ads_management 222: /)
    assert.equal(w.github.secret('octo-org/app', 'META_ACCESS_TOKEN')?.value, old)
  })
})

describe('a hostile answer costs bounded work and gives bounded text', () => {
  // ~1 MB: one permission 200 times, 5,000 ids each, and 200 copies in scopes.
  const ids = Array.from({ length: 5000 }, (_, i) => String(1_000_000 + i))
  const hostile = (offset: number) => (data: Data) => ({
    ...data,
    scopes: Array.from({ length: 200 }, () => 'ads_management'),
    granular_scopes: Array.from({ length: 200 }, (_, i) => ({
      scope: 'ads_management',
      target_ids: ids.map(id => String(Number(id) + offset * i)),
    })),
  })

  function assertBounded(run: ActionRun): void {
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`)
    assert.ok(run.summary.length < 30_000, `summary of ${run.summary.length} characters`)
    for (const [name, value] of Object.entries(run.outputs))
      assert.ok(value.length < 20_000, `output ${name} of ${value.length} characters`)
    for (const line of run.lines) assert.ok(line.length < 20_000, `a log line of ${line.length} characters`)
  }

  it('check', async () => {
    const w = await start(hostile(1))
    const run = await w.run({ operation: 'check', 'secret-name': '', 'required-assets': REQUIREMENT })
    assert.equal(run.code, 1, describeRun(run))
    assertBounded(run)
  })

  it('rotate (the old and the new answer compared)', async () => {
    const w = await start((data, input) => (input === world?.oldToken ? hostile(1)(data) : hostile(7)(data)))
    w.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', w.oldToken)
    const run = await w.run({ 'secret-targets': 'octo-org/app', 'required-assets': REQUIREMENT })
    assert.equal(run.code, 1, describeRun(run))
    assertBounded(run)
  })
})
