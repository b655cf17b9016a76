import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { base64Spellings, otherSpellings, percentSpellings } from './encodings.ts'
import type { ActionRun } from './run-action.ts'

/**
 * The forms in which a secret could show up: as is, URL-encoded, JSON-escaped, base64 (either
 * alphabet, padded or not, alone or inside longer encoded data), percent-encoded throughout,
 * hex, fullwidth, HTML entities and `\u` escapes.
 */
function forms(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
      ...base64Spellings(value),
      ...percentSpellings(value),
      ...otherSpellings(value),
    ]),
  ]
}

export function proofOf(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex')
}

export interface LeakScanOptions {
  /** Every secret the run could have seen: inputs, tokens Meta minted, GitHub tokens. */
  secrets: string[]
  /** App secret, to derive the appsecret_proof of every token too. */
  appSecret?: string
  /** The value the masked `token` output may hold. */
  allowedTokenOutput?: string
}

/**
 * Promise 1 (docs/promises.md): no secret anywhere but the masked `token` output. Scans stdout
 * (except the ::add-mask:: commands themselves, which the runner consumes), stderr,
 * annotations, the job summary and every other output. Also checks that every secret that
 * the run handled was masked before any line that could have shown it.
 */
export function assertNoLeaks(run: ActionRun, options: LeakScanOptions): void {
  const secrets = options.secrets.filter(Boolean)
  if (options.appSecret) {
    for (const token of options.secrets) if (token && token !== options.appSecret) secrets.push(proofOf(token, options.appSecret))
  }
  const visibleStdout = run.lines.filter(line => !line.startsWith('::add-mask::')).join('\n')
  const places: Array<[string, string]> = [
    ['stdout', visibleStdout],
    ['stderr', run.stderr],
    ['job summary', run.summary],
  ]
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name === 'token') {
      if (options.allowedTokenOutput !== undefined)
        assert.equal(value, options.allowedTokenOutput, 'the token output holds the expected token')
      continue
    }
    places.push([`output ${name}`, value])
  }
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      for (const [place, text] of places) {
        assert.ok(!text.includes(form), `a secret value (${secret.slice(0, 12)}…) leaked into ${place}`)
      }
    }
  }
  if (run.outputs.token) assert.ok(run.masks.includes(run.outputs.token), 'the token output is masked')
}
