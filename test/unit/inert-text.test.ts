/**
 * Promise 8, one function at a time: logText makes any text one log line that issues no
 * workflow command. The hostile texts of the end-to-end table run first, then fast-check's
 * arbitrary text (biased towards the syntax of commands and Markdown). A failure prints
 * fast-check's seed and path: pass them to fc.assert to replay it.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { logText } from '../../src/inert-text.ts'
import { assertInertLog, HOSTILE_TEXTS, serverText } from '../helpers/inert.ts'
import { readStdout } from '../helpers/run-action.ts'

/** fast-check counts `examples` as runs: these random runs come on top of them. */
const EXAMPLES = HOSTILE_TEXTS.map(h => [h.text] as [string])

function assertLogLine(text: string): void {
  const line = logText(text)
  assert.ok(!line.includes('##['), `##[ survives: ${JSON.stringify(line)}`)
  assert.doesNotMatch(line, /[\r\n\v\f\u0085\u2028\u2029]/, `a line break survives: ${JSON.stringify(line)}`)
  assert.doesNotMatch(line, /^\s*::/, `a leading :: survives: ${JSON.stringify(line)}`)
  // What the runner would read, printed the way @actions/core prints an info line.
  assertInertLog({ ...readStdout(`${line}\n`), code: 0, stderr: '', outputs: {}, summary: '', durationMs: 0 })
}

describe('logText', () => {
  for (const { tries, text } of HOSTILE_TEXTS) it(`neutralises ${tries}`, () => assertLogLine(text))

  it('keeps text that needs nothing taken away as it is', () => {
    const line =
      'Meta oauth/access_token: (#100) Invalid parameter: `fb_exchange_token` (code 100, fbtrace_id AbC-123_x); retrying in 1.5 s'
    assert.equal(logText(line), line)
    assert.equal(logText('a # [b] ## [c] :: d'), 'a # [b] ## [c] :: d')
  })

  it('turns ##[ into # #[ and a leading :: into : :', () => {
    assert.equal(logText('x ##[add-mask]e'), 'x # #[add-mask]e')
    assert.equal(logText(' ::warning::x'), ' : :warning::x')
    assert.equal(logText('a\r\nb\rc\nd'), 'a b c d')
  })

  it('makes arbitrary server text one inert log line', () => {
    fc.assert(
      fc.property(serverText, text => assertLogLine(text)),
      { numRuns: 1000 + EXAMPLES.length, examples: EXAMPLES }
    )
  })
})
