/**
 * Promise 8 (docs/promises.md): text from outside cannot steer the runner or the reader. Every
 * hostile text of HOSTILE_TEXTS goes through each channel by which a server's words reach the
 * log and the job summary:
 *
 *   (a) a Graph error message: once in a transient error (the retry line quotes it), then in a
 *       permanent one (the error annotation and the summary's "What went wrong" quote it);
 *   (b) a GitHub error body: a 502 (retried, the retry line) and then a 403 (the target's
 *       details, the error annotation, the summary);
 *   (c) the token `type` debug_token reports (a log line, the summary's token type);
 *   (d) Meta's refusal of an asset probe (`probe-assets`: the error annotation, the summary's
 *       Assets table and "What went wrong").
 *
 * and the run's stdout must hold no `##[` and no workflow command the action did not write,
 * its summary no link, image, heading, fence, HTML or table cell the action did not write.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import fc from 'fast-check'
import { assertInertLog, assertInertSummary, HOSTILE_TEXTS, serverText } from '../helpers/inert.ts'
import { summaryText } from '../helpers/markdown.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { DAY, describeRun, World } from '../helpers/world.ts'
import { MAX_SERVER_TEXT } from '../../src/text/server-text.ts'

const PUBLIC_KEY = '/repos/octo-org/app/actions/secrets/public-key'

/** What a reader sees of a server's text: one line, trimmed, control characters shown as �. */
function flattened(text: string): string {
  return text
    .replace(/\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '\ufffd')
    .trim()
}

async function assertInert(run: ActionRun): Promise<void> {
  assertInertLog(run)
  await assertInertSummary(run.summary)
}

type Channel = (world: World, text: string) => Promise<ActionRun>

/** The three ways a server's words reach a run, each set up on a fresh world. */
const CHANNELS: Record<string, Channel> = {
  '(a) in a Graph error message, retried and then final': async (world, text) => {
    world.graph.injectFault({ path: '/oauth/access_token', status: 500, error: { code: 2, isTransient: true, message: text } })
    world.graph.injectFault({ path: '/oauth/access_token', error: { code: 100, message: text } })
    const run = await world.run()
    assert.equal(run.code, 1, describeRun(run))
    assert.ok(
      run.lines.some(line => line.includes('retrying')),
      `the retry is logged: ${describeRun(run)}`
    )
    return run
  },
  '(b) in a GitHub error body, retried and then final': async (world, text) => {
    world.github.injectFault({ path: PUBLIC_KEY, status: 502, body: { message: text } })
    world.github.injectFault({ path: PUBLIC_KEY, status: 403, body: { message: text } })
    const run = await world.run()
    assert.equal(run.code, 1, describeRun(run))
    assert.ok(
      run.lines.some(line => line.includes('retrying')),
      `the retry is logged: ${describeRun(run)}`
    )
    return run
  },
  '(c) as the token type debug_token reports': async (world, text) => {
    const userToken = world.graph.mintToken({ appId: world.app.id, type: 'USER', scopes: ['ads_read'], expiresInSeconds: 10 * DAY })
    const token = world.graph.token(userToken)
    assert.ok(token)
    const data = {
      app_id: token.appId,
      type: text,
      application: world.app.name,
      expires_at: token.expiresAt,
      is_valid: true,
      issued_at: token.issuedAt,
      scopes: token.scopes,
      user_id: token.userId,
    }
    world.graph.injectFault({ path: '/debug_token', status: 200, body: { data } })
    const run = await world.run({ operation: 'refresh', 'secret-name': '', 'access-token': userToken })
    if (text !== '') {
      const shown = /\| Token type \| (.*) \|/.exec(await summaryText(run.summary))?.[1]
      if (text.length <= MAX_SERVER_TEXT) assert.equal(shown, flattened(text) || '—', 'the whole type shows, as text')
      else assert.match(shown ?? '', /^Invalid parameter lorem .*… \(\d+ more characters not shown\)$/, 'a long type is cut')
    }
    return run
  },
  "(d) in Meta's refusal of an asset probe (probe-assets)": async (world, text) => {
    world.graph.addAsset('act_1234567890')
    world.graph.injectFault({ path: '/act_1234567890', error: { code: 100, subcode: 33, type: 'GraphMethodException', message: text } })
    const run = await world.run({
      operation: 'check',
      'secret-name': '',
      'required-assets': 'ads_management: act_1234567890',
      'probe-assets': 'true',
    })
    assert.equal(run.code, 1, describeRun(run))
    assert.equal(run.outputs['missing-assets'], 'ads_management: act_1234567890')
    return run
  },
}

async function startWorld(): Promise<World> {
  const world = await World.start()
  world.github.putSecret('octo-org/app', 'META_ACCESS_TOKEN', world.oldToken)
  return world
}

describe('text from outside issues no workflow command and adds no Markdown (promise 8)', () => {
  let world: World
  beforeEach(async () => (world = await startWorld()))
  afterEach(() => world.close())

  for (const { tries, text } of HOSTILE_TEXTS) {
    describe(`${tries}: ${JSON.stringify(text)}`, () => {
      for (const [channel, run] of Object.entries(CHANNELS)) it(channel, async () => assertInert(await run(world, text)))
    })
  }
})

describe('arbitrary server text stays inert, end to end (promise 8)', () => {
  it('in the log and in the job summary, through every channel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(CHANNELS)), serverText, async (channel, text) => {
        const world = await startWorld()
        try {
          await assertInert(await CHANNELS[channel](world, text))
        } finally {
          await world.close()
        }
      }),
      { numRuns: 45 }
    )
  })
})

describe('long server text is cut where it enters (issue 19: a 5 MB Meta message became a 4.8 MiB summary)', () => {
  let world: World
  beforeEach(async () => (world = await startWorld()))
  afterEach(() => world.close())

  const HUGE = `Invalid parameter ${'lorem ipsum '.repeat(420_000)}end`
  for (const [channel, run] of Object.entries(CHANNELS)) {
    it(`5 MB ${channel.replace(/^\(\w\) /, '')}: every log line and the summary stay short`, async () => {
      const result = await run(world, HUGE)
      const longest = Math.max(...result.lines.map(line => line.length))
      assert.ok(longest < 2_000, `a log line of ${longest} characters`)
      assert.ok(result.summary.length < 20_000, `a summary of ${result.summary.length} characters`)
      assert.ok(!result.summary.includes(' end'), 'the end of the text is cut off')
      assert.ok(
        [...result.lines, result.summary].some(text => /more characters not shown/.test(text)),
        'the reader is told the text was cut'
      )
    })
  }
})
