/**
 * The `previous-token` input (ACTION.md, "The record" and Promise 1): lines trimmed, blank and
 * `#` lines dropped, lines that cannot be tokens dropped with a warning that does not quote
 * them (and not masked), a line equal to `access-token` never a separate record token, and every
 * record token masked before the first request. The World's leak scan treats every line of the
 * input as a secret, so a quoted line fails any test here.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { assertTokensAccounted, held, recordOf, RECORD, SECRET, TARGET_LABELS, TARGETS } from '../helpers/token-invariants.ts'
import { watch } from '../helpers/watch.ts'
import { describeRun, World } from '../helpers/world.ts'

const FIRST = TARGET_LABELS[0]
/** Lines that cannot be tokens: under 16 characters, or with whitespace inside. */
const NOT_TOKENS = ['short-line-x9', 'fake earlier token with spaces', 'fake-earlier-token\twith-a-tab']
const MASK = '::add-mask::'

describe('the previous-token input', () => {
  let world: World
  let earlier: string[]
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, SECRET, world.oldToken)
    earlier = [1, 2].map(() => world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] }))
    world.secrets.push(...earlier)
  })
  afterEach(() => world.close())

  /** A record as a person or an older version might have left it. */
  function messyRecord(): string {
    return [
      '',
      '# left by the rotation of 2026-11-02',
      `  ${earlier[0]}  `,
      ...NOT_TOKENS,
      world.oldToken,
      '   ',
      earlier[0],
      `${earlier[1]}\r`,
    ].join('\n')
  }

  /** Runs with `onLine`, and returns the values masked before the first request reached either fake. */
  async function runWatchingMasks(inputs: Record<string, string>) {
    const printed: string[] = []
    let maskedBeforeFirstRequest: string[] | undefined
    const firstRequest = () => {
      maskedBeforeFirstRequest ??= printed.filter(line => line.startsWith(MASK)).map(line => line.slice(MASK.length))
    }
    watch(world.github.requests, firstRequest)
    watch(world.graph.requests, firstRequest)
    const run = await world.run(inputs, {}, { onLine: line => printed.push(line) })
    return { run, maskedBeforeFirstRequest: maskedBeforeFirstRequest ?? [] }
  }

  for (const operation of ['rotate', 'retire']) {
    it(`${operation}: every record token is masked before the first request; lines that cannot be tokens are not`, async () => {
      const { run, maskedBeforeFirstRequest } = await runWatchingMasks({
        operation,
        'secret-targets': TARGETS,
        'previous-token': messyRecord(),
      })
      assert.equal(run.code, 0, describeRun(run))
      for (const token of [...earlier, world.oldToken])
        assert.ok(maskedBeforeFirstRequest.includes(token), 'a record token was masked before the first request')
      const firstOther = run.lines.findIndex(line => !line.startsWith(MASK))
      for (const token of earlier) {
        const masked = run.lines.indexOf(`${MASK}${token}`)
        assert.ok(masked >= 0 && masked < firstOther, 'the mask comes before any other line of the log')
      }
      for (const line of NOT_TOKENS) assert.ok(!run.masks.some(mask => mask.includes(line)), 'a line that is no token is not masked')
      const revoked = world.graph.requests.filter(r => r.path === '/oauth/revoke').map(r => r.params.revoke_token)
      for (const line of NOT_TOKENS) assert.ok(!revoked.includes(line), 'a line that is no token is never sent to Meta')
    })
  }

  it('rotate: the record holds the valid lines once, in order, then the old and the new token; all but the new one are revoked', async () => {
    let recordAtFirstWrite: string[] | undefined
    watch(world.github.requests, request => {
      if (request.method === 'PUT' && request.path.endsWith(`/${SECRET}`)) recordAtFirstWrite ??= recordOf(world)
    })
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': messyRecord() })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token
    assert.deepEqual(recordAtFirstWrite, [...earlier, world.oldToken, newToken], 'trimmed, deduplicated, the old token once')
    assert.deepEqual(held(world), [newToken, newToken, newToken])
    assert.deepEqual(world.validTokens(), [newToken])
    assert.equal(world.github.secret(FIRST, RECORD), undefined)
    assert.equal(run.outputs.retired, '2', 'the old token is not counted as a record token')
    assert.equal(run.outputs.revoked, 'true')
    const revokes = world.graph.requests.filter(r => r.path === '/oauth/revoke')
    assert.equal(revokes.length, 3, 'each token revoked once, the old one among them')
  })

  it('rotate: the dropped lines get a warning that names the input and does not quote them', async () => {
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': messyRecord() })
    assert.equal(run.code, 0, describeRun(run))
    const warning = run.warnings.find(w => /previous-token/.test(w))
    assert.ok(warning, `a warning about previous-token: ${JSON.stringify(run.warnings)}`)
    assert.match(warning, /\b3\b/, 'it says how many lines were dropped')
    for (const line of NOT_TOKENS) assert.ok(!warning.includes(line.slice(0, 8)), 'it does not quote them')
  })

  it('retire: a line equal to access-token is never revoked; the others are', async () => {
    const run = await world.run({
      operation: 'retire',
      'secret-targets': TARGETS,
      'previous-token': [world.oldToken, ...earlier, world.oldToken].join('\n'),
    })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.retired, '2')
    assert.deepEqual(world.validTokens(), [world.oldToken], 'access-token still works, the others are revoked')
    const revoked = world.graph.requests.filter(r => r.path === '/oauth/revoke').map(r => r.params.revoke_token)
    assert.deepEqual(revoked.sort(), [...earlier].sort())
    assert.equal(world.github.secret(FIRST, RECORD), undefined, 'the record is deleted')
    assertTokensAccounted(world)
  })

  it('retire: a record that holds only access-token revokes nothing and deletes the record', async () => {
    world.github.putSecret(FIRST, RECORD, world.oldToken)
    const run = await world.run({ operation: 'retire', 'secret-targets': TARGETS, 'previous-token': world.oldToken })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.retired, '0')
    assert.ok(!world.graphCalls().includes('GET /oauth/revoke'))
    assert.equal(world.graph.isValid(world.oldToken), true)
    assert.equal(world.github.secret(FIRST, RECORD), undefined)
  })

  const IGNORED: Array<{ name: string; inputs: Record<string, string>; user?: boolean; why: RegExp }> = [
    { name: 'revoke-old: false', inputs: { 'revoke-old': 'false' }, why: /revoke-old: false/ },
    { name: 'a USER token', inputs: {}, user: true, why: /USER token keeps no record/ },
  ]
  for (const c of IGNORED) {
    it(`rotate with ${c.name}: a non-empty previous-token is ignored with a warning, and no record is written`, async () => {
      const accessToken = c.user
        ? world.graph.mintToken({ appId: world.app.id, type: 'USER', userId: world.systemUserId, scopes: ['ads_management'] })
        : world.oldToken
      const run = await world.run({
        'secret-targets': FIRST,
        'access-token': accessToken,
        'previous-token': earlier.join('\n'),
        ...c.inputs,
      })
      assert.equal(run.code, 0, describeRun(run))
      assert.ok(
        run.warnings.some(w => /`previous-token` was ignored/.test(w) && c.why.test(w)),
        JSON.stringify(run.warnings)
      )
      assert.ok(!world.githubCalls().some(call => call.endsWith(`/${RECORD}`)), 'the record is neither written nor deleted')
      for (const token of earlier) assert.equal(world.graph.isValid(token), true, 'the ignored tokens are left alone')
    })
  }
})
