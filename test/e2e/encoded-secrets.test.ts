/**
 * Promise 1 (docs/promises.md) against servers that echo secrets encoded: a Graph error message quoting a token
 * or the app secret in base64 (either alphabet, alone or inside longer data), percent-encoded
 * character by character, as hex, fullwidth forms, HTML entities or literal \u escapes, with a
 * separator (control, format or separator character) every few characters, or quoting an
 * appsecret_proof (in part, or before the action ever sent it). The run's log, annotations,
 * summary and outputs hold none of it (World.run's leak scan looks for every encoded spelling).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { entitySpellings, fullwidth, hexSpellings, percentSpellings, separated, unicodeEscapes } from '../helpers/encodings.ts'
import { proofOf } from '../helpers/leak-scan.ts'
import { describeRun, World } from '../helpers/world.ts'

const ECHOES: Array<{ what: string; echo: (world: World) => string }> = [
  { what: 'base64 of the access token', echo: world => Buffer.from(world.oldToken).toString('base64') },
  { what: 'URL-safe base64 of "Bearer <token>", unpadded', echo: world => Buffer.from(`Bearer ${world.oldToken}`).toString('base64url') },
  { what: 'base64 of a JSON body holding the token', echo: world => Buffer.from(`{"t":"${world.oldToken}"}`).toString('base64') },
  { what: 'the access token percent-encoded throughout', echo: world => percentSpellings(world.oldToken)[0] },
  { what: 'the app secret percent-encoded throughout, in lower case', echo: world => percentSpellings(world.app.secret)[1] },
  { what: 'base64 of the app token', echo: world => Buffer.from(`${world.app.id}|${world.app.secret}`).toString('base64') },
  { what: 'the access token as hex', echo: world => hexSpellings(world.oldToken)[0] },
  { what: 'the app secret as upper-case hex', echo: world => hexSpellings(world.app.secret)[1] },
  { what: 'the access token in fullwidth forms', echo: world => fullwidth(world.oldToken) },
  { what: 'the access token as decimal HTML entities', echo: world => entitySpellings(world.oldToken)[0] },
  { what: 'the app token as hex HTML entities', echo: world => entitySpellings(`${world.app.id}|${world.app.secret}`)[1] },
  { what: 'the access token as literal \\u escapes', echo: world => unicodeEscapes(world.oldToken) },
  { what: 'the access token with a zero-width space every 3 characters', echo: world => separated(world.oldToken, '\u200b', 3) },
  { what: 'the access token with a space every 4 characters', echo: world => separated(world.oldToken, ' ', 4) },
  { what: 'the app secret with a control character every 2 characters', echo: world => separated(world.app.secret, '\u0007', 2) },
  { what: 'the access token with a line separator every 5 characters', echo: world => separated(world.oldToken, '\u2028', 5) },
  { what: 'the access token with a soft hyphen every 6 characters', echo: world => separated(world.oldToken, '\u00ad', 6) },
]

describe('encoded echoes of secrets are redacted (promise 1)', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start()
    world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
  })
  afterEach(() => world.close())

  for (const { what, echo } of ECHOES) {
    it(`a Graph message quoting ${what}`, async () => {
      const message = `Invalid OAuth access token ${echo(world)} (cannot parse)`
      world.graph.injectFault({ path: '/oauth/access_token', status: 500, error: { code: 2, isTransient: true, message } })
      world.graph.injectFault({ path: '/oauth/access_token', error: { code: 190, message } })
      const run = await world.run()
      assert.equal(run.code, 1, describeRun(run))
      // Inside longer encoded data, the characters around the token's own stay.
      // The longest echoes cross the 300 characters of server text kept, and are cut off whole
      // (test/unit/redactor.test.ts redacts each form at any length).
      assert.match(run.errors[0], /Invalid OAuth access token (?:\S*\*\*\*\S* \(|… \(\d+ more characters not shown\))/)
      const echoed = echo(world)
      for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)])
        assert.ok(!text.includes(echoed.slice(0, 24)) && !text.includes(echoed.slice(-24)), `the echo shows: ${run.errors[0]}`)
    })
  }

  it('a Graph message quoting the appsecret_proof of a token before the action ever sent it', async () => {
    // `check` sends no proof at all: only main's registration of every token's proof hides it.
    const proof = proofOf(world.oldToken, world.app.secret)
    world.graph.injectFault({ path: '/debug_token', error: { code: 100, message: `Invalid appsecret_proof ${proof} for this token` } })
    const run = await world.run({ operation: 'check', 'secret-name': '' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Invalid appsecret_proof \*\*\* for this token/)
  })

  it('a Graph message quoting the appsecret_proof of the admin-token before the action sent it', async () => {
    // The admin token's inspection (debug_token) carries no proof: only main's registration hides it.
    const proof = proofOf(world.adminToken, world.app.secret)
    world.graph.injectFault({ path: '/debug_token', error: { code: 100, message: `Invalid appsecret_proof ${proof} for this token` } })
    const run = await world.run({
      operation: 'generate',
      'access-token': '',
      'admin-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management',
      'secret-name': '',
    })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Invalid appsecret_proof \*\*\* for this token/)
  })

  it('a Graph message quoting the start of the appsecret_proof', async () => {
    const proof = proofOf(world.oldToken, world.app.secret)
    world.graph.injectFault({
      path: '/oauth/revoke',
      error: { code: 100, message: `Invalid appsecret_proof ${proof.slice(0, 20)}… provided` },
    })
    const run = await world.run({ operation: 'revoke' })
    assert.equal(run.code, 1, describeRun(run))
    assert.match(run.errors[0], /Invalid appsecret_proof \*\*\*… provided/)
    for (const [place, text] of [
      ['stdout', run.lines.filter(line => !line.startsWith('::add-mask::')).join('\n')],
      ['summary', run.summary],
    ])
      assert.ok(!text.includes(proof.slice(0, 12)), `the start of the proof shows in ${place}`)
  })
})
