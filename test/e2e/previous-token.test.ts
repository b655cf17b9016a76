/**
 * The `previous-token` input (ACTION.md, "The record", and docs/promises.md, Promise 1, with issue 19's newer word):
 * lines split on CR, LF and CRLF and trimmed, blank and `#` lines dropped, lines that cannot be
 * tokens kept in the record as they were (never sent to Meta, never masked, never erased) with a
 * warning that does not quote them, a line equal to `access-token` never a separate record token,
 * a token of another app dropped with a warning naming its line (so the record always shrinks),
 * at most MAX_RECORD_TOKENS handled per run, and every record token masked before the first request. The World's leak scan treats every line of the
 * input as a secret, so a quoted line fails any test here.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  assertTokensAccounted,
  held,
  nextRunInputs,
  recordOf,
  RECORD,
  SECRET,
  TARGET_LABELS,
  TARGETS,
} from '../helpers/token-invariants.ts'
import { watch } from '../helpers/watch.ts'
import { LatencyProxy, type ProxiedRequest } from '../helpers/latency-proxy.ts'
import { MAX_RECORD_TOKENS } from '../../src/inputs/record.ts'
import { MAX_GRAPH_REQUESTS_IN_FLIGHT } from '../../src/graph/client.ts'
import { describeRun, World } from '../helpers/world.ts'

const FIRST = TARGET_LABELS[0]
/** Lines that cannot be tokens: under 16 characters, or with whitespace inside. */
const NOT_TOKENS = ['short-line-x9', 'fake earlier token with spaces', 'fake-earlier-token\twith-a-tab']
const MASK = '::add-mask::'

/** The most requests that were in flight at one moment. */
function mostInFlight(requests: ProxiedRequest[]): number {
  return Math.max(
    0,
    ...requests.map(r => requests.filter(other => other.receivedAt <= r.receivedAt && r.receivedAt < other.answeredAt).length)
  )
}

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

  it('rotate: the record holds the valid lines once, in order, then the old and the new token, then the lines it cannot use; all but the new one are revoked', async () => {
    let recordAtFirstWrite: string[] | undefined
    watch(world.github.requests, request => {
      if (request.method === 'PUT' && request.path.endsWith(`/${SECRET}`)) recordAtFirstWrite ??= recordOf(world)
    })
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': messyRecord() })
    assert.equal(run.code, 0, describeRun(run))
    const newToken = run.outputs.token
    assert.deepEqual(recordAtFirstWrite, [...earlier, world.oldToken, newToken, ...NOT_TOKENS], 'trimmed, deduplicated, the old token once')
    assert.deepEqual(held(world), [newToken, newToken, newToken])
    assert.deepEqual(world.validTokens(), [newToken])
    assert.deepEqual(recordOf(world), NOT_TOKENS, 'the lines the record cannot use are kept as they were, never erased')
    assert.equal(run.outputs.retired, '2', 'the old token is not counted as a record token')
    assert.equal(run.outputs.revoked, 'true')
    const revokes = world.graph.requests.filter(r => r.path === '/oauth/revoke')
    assert.equal(revokes.length, 3, 'each token revoked once, the old one among them')
  })

  it('rotate: the lines it cannot use get a warning that names the input and does not quote them', async () => {
    const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': messyRecord() })
    assert.equal(run.code, 0, describeRun(run))
    const warning = run.warnings.find(w => /previous-token/.test(w))
    assert.ok(warning, `a warning about previous-token: ${JSON.stringify(run.warnings)}`)
    assert.match(warning, /\b3\b/, 'it says how many lines were not used')
    assert.match(warning, /the record keeps them/, 'it says the record keeps them')
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

  for (const [separator, name] of [
    ['\r', 'a lone CR'],
    ['\r\n', 'CRLF'],
    ['\n', 'LF'],
  ]) {
    it(`retire: lines separated by ${name} are separate tokens, all revoked`, async () => {
      world.github.putSecret(FIRST, RECORD, earlier.join(separator))
      const run = await world.run({ operation: 'retire', 'secret-targets': TARGETS, 'previous-token': earlier.join(separator) })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.retired, '2')
      for (const token of earlier) assert.equal(world.graph.isValid(token), false, 'each line was revoked')
      assert.equal(world.github.secret(FIRST, RECORD), undefined)
      assertTokensAccounted(world)
    })
  }

  for (const crossAppDebugToken of ['refuse', 'describe'] as const) {
    it(`a token of another app (debug_token: ${crossAppDebugToken}) leaves the record with a warning naming its line; rotate and retire succeed`, async () => {
      await world.close()
      world = await World.start({ daysLeft: 10, graph: { crossAppDebugToken } })
      for (const target of TARGET_LABELS) world.github.putSecret(target, SECRET, world.oldToken)
      const other = world.graph.addApp({ name: 'Another app' })
      const otherUser = world.graph.addSystemUser({ appIdsInstalled: [other.id] }).id
      const foreign = world.graph.mintToken({ appId: other.id, userId: otherUser, scopes: ['ads_management'] })
      const ours = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
      world.secrets.push(foreign, ours)
      const record = ['# kept since 2026-10', ours, foreign].join('\n')
      world.github.putSecret(FIRST, RECORD, record)

      const run = await world.run({ 'secret-targets': TARGETS, 'previous-token': record })
      assert.equal(run.code, 0, describeRun(run))
      const warning = run.warnings.find(w => /another app/.test(w))
      assert.ok(warning, JSON.stringify(run.warnings))
      assert.match(warning, /line 3\b/, 'it names the line (blank and # lines count)')
      assert.equal(world.github.secret(FIRST, RECORD), undefined, 'the record shrank to nothing and is deleted')
      assert.equal(world.graph.isValid(ours), false)
      assert.equal(world.graph.isValid(foreign), true, 'the other app’s token is left to its own app')
      assert.equal(run.outputs.retired, '1')

      world.github.putSecret(FIRST, RECORD, record)
      const retire = await world.run({ ...nextRunInputs(world), operation: 'retire', 'previous-token': record })
      assert.equal(retire.code, 0, describeRun(retire))
      assert.ok(
        retire.warnings.some(w => /another app/.test(w) && /line 3\b/.test(w)),
        JSON.stringify(retire.warnings)
      )
      assert.equal(world.github.secret(FIRST, RECORD), undefined)
    })
  }

  it(`retire: a record longer than ${MAX_RECORD_TOKENS} tokens is handled ${MAX_RECORD_TOKENS} at a time, the rest kept, with at most ${MAX_GRAPH_REQUESTS_IN_FLIGHT} Graph requests in flight`, async () => {
    const many = Array.from({ length: MAX_RECORD_TOKENS + 5 }, () =>
      world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
    )
    world.secrets.push(...many)
    world.github.putSecret(FIRST, RECORD, many.join('\n'))
    const proxy = await LatencyProxy.start(world.graph.url, { latencyMs: 0, answerWhenQuietMs: 100 })
    try {
      const run = await world.run({ ...nextRunInputs(world), operation: 'retire', 'graph-api-url': proxy.url })
      assert.equal(run.code, 0, describeRun(run))
      assert.equal(run.outputs.retired, String(MAX_RECORD_TOKENS))
      assert.ok(
        run.warnings.some(w => new RegExp(`more than ${MAX_RECORD_TOKENS} tokens.*other 5`).test(w)),
        JSON.stringify(run.warnings)
      )
      assert.deepEqual(recordOf(world), many.slice(MAX_RECORD_TOKENS), 'the tokens beyond the limit stay, as they were')
      const revokes = proxy.log.filter(r => r.path.includes('/oauth/revoke'))
      assert.equal(revokes.length, MAX_RECORD_TOKENS)
      assert.equal(
        mostInFlight(revokes),
        Math.min(MAX_RECORD_TOKENS, MAX_GRAPH_REQUESTS_IN_FLIGHT),
        'never more Graph requests in flight, and not fewer'
      )
    } finally {
      await proxy.close()
    }
    const again = await world.run({ ...nextRunInputs(world), operation: 'retire' })
    assert.equal(again.code, 0, describeRun(again))
    assert.equal(world.github.secret(FIRST, RECORD), undefined)
    for (const token of many) assert.equal(world.graph.isValid(token), false)
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
      // (Whether it exists may be asked, beside the preflight, before the token's type is known.)
      assert.ok(
        !world.githubCalls().some(call => /^(PUT|DELETE) /.test(call) && call.endsWith(`/${RECORD}`)),
        'the record is neither written nor deleted'
      )
      for (const token of earlier) assert.equal(world.graph.isValid(token), true, 'the ignored tokens are left alone')
    })
  }
})
