/**
 * The redactor, the second line of defence of Promise 1 (docs/promises.md): besides a secret's own spelling and
 * its URL encoding, it removes the encoded echoes a server or a library could print — base64
 * in either alphabet, padded or not, on its own or inside longer encoded data; every character
 * percent-encoded (any case, partly, or twice over); hex; fullwidth and other compatibility
 * forms; HTML entities; literal \u and \x escapes; any of these with a control, format or
 * separator character every few characters — and 12-character parts of secrets registered with
 * fragments (tokens, secrets, appsecret_proofs). And it stays fast: it runs on every line the
 * action prints.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Redactor } from '../../src/text/redactor.ts'
import {
  base64Spellings,
  entitySpellings,
  fullwidth,
  hexSpellings,
  percentSpellings,
  separated,
  unicodeEscapes,
} from '../helpers/encodings.ts'

const TOKEN = 'fake-meta-0123456789abcdefABCDEFghijklmnopQRSTUV'

function redactorFor(...values: string[]): Redactor {
  const redactor = new Redactor(() => undefined)
  for (const value of values) redactor.register(value)
  return redactor
}

/** No 12 characters in a row of the secret, as it is or in any of its encoded spellings. */
function assertNothingOf(secret: string, text: string): void {
  for (const spelling of [secret, ...base64Spellings(secret), ...percentSpellings(secret)]) {
    for (let i = 0; i + 12 <= spelling.length; i++) {
      assert.ok(
        !text.includes(spelling.slice(i, i + 12)),
        `${JSON.stringify(spelling.slice(i, i + 12))} of a secret shows in ${JSON.stringify(text)}`
      )
    }
  }
}

function percentDecodeAll(text: string): string {
  let decoded = text
  for (let i = 0; i < 3; i++) decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return decoded
}

describe('Redactor: encoded echoes', () => {
  it('removes base64 of a secret, in either alphabet, padded or not', () => {
    const redactor = redactorFor(TOKEN)
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(TOKEN).toString(encoding)
      for (const form of [encoded, encoded.replace(/=+$/, ''), `${encoded.replace(/=+$/, '')}==`]) {
        const redacted = redactor.redact(`Authorization: Basic ${form}.`)
        assert.ok(redacted.startsWith('Authorization: Basic ***'), redacted)
        assertNothingOf(TOKEN, redacted)
      }
    }
  })

  it('removes base64 of a secret inside longer encoded data, at each of the three alignments', () => {
    const redactor = redactorFor(TOKEN)
    for (const before of ['', 'a', 'ab', 'Bearer ', '{"access_token":"']) {
      for (const after of ['', 'z', 'zz', '"}']) {
        for (const encoding of ['base64', 'base64url'] as const) {
          const blob = Buffer.from(`${before}${TOKEN}${after}`).toString(encoding)
          assertNothingOf(TOKEN, redactor.redact(`body ${blob} end`))
        }
      }
    }
  })

  it('removes a secret percent-encoded character by character, in any case, in part or twice over', () => {
    const redactor = redactorFor(TOKEN)
    const [upper, lower] = percentSpellings(TOKEN)
    const mixed = [...upper].map((ch, i) => (i % 2 ? ch.toLowerCase() : ch)).join('')
    const partly = TOKEN.slice(0, 20) + percentSpellings(TOKEN.slice(20))[0]
    const twice = upper.replace(/%/g, '%25')
    for (const form of [upper, lower, mixed, partly, twice]) {
      const redacted = redactor.redact(`GET /x?input_token=${form}&debug=all`)
      assert.equal(redacted, 'GET /x?input_token=***&debug=all')
      assert.ok(!percentDecodeAll(redacted).includes(TOKEN.slice(0, 12)), redacted)
    }
  })

  it('removes 12-character parts of a proof registered with fragments, in any case', () => {
    const proof = createHmac('sha256', 'fake-app-secret-0000').update(TOKEN).digest('hex')
    const redactor = redactorFor(proof)
    assert.equal(redactor.redact(`Invalid appsecret_proof ${proof.slice(0, 20)}… given`), 'Invalid appsecret_proof ***… given')
    assert.equal(redactor.redact(`proof ${proof.slice(30, 42).toUpperCase()}`), 'proof ***')
    assert.equal(redactor.redact(`proof ${proof.slice(0, 11)}`), `proof ${proof.slice(0, 11)}`, 'eleven characters are not a leak')
  })

  it('removes parts of a value registered first without fragments, then again with them', () => {
    const redactor = new Redactor(() => undefined)
    redactor.register(TOKEN, { fragments: false })
    assert.equal(redactor.redact(`part ${TOKEN.slice(5, 25)}`), `part ${TOKEN.slice(5, 25)}`, 'no fragments asked for yet')
    redactor.register(TOKEN)
    redactor.register(TOKEN)
    assert.equal(redactor.redact(`part ${TOKEN.slice(5, 25)}`), 'part ***')
    assert.equal(redactor.redact(`whole ${TOKEN}`), 'whole ***')
  })

  it('leaves text without secrets as it is, percent signs and base64 of other values included', () => {
    const redactor = redactorFor(TOKEN, 'fake-app-secret-0123456789abcdef')
    for (const text of [
      'Meta oauth/access_token: (#100) Invalid parameter (code 100, fbtrace_id AbC-123_x)',
      '100% done, %41%42 of nothing, %zz, %',
      `other ${Buffer.from('some other value of forty characters....').toString('base64')}`,
      '',
    ])
      assert.equal(redactor.redact(text), text)
  })

  it('removes every secret from arbitrary text around it, however it is encoded', () => {
    const encodings: Array<(value: string) => string> = [
      value => value,
      value => encodeURIComponent(value),
      value => percentSpellings(value)[0],
      value => percentSpellings(value)[1],
      value => Buffer.from(value).toString('base64'),
      value => Buffer.from(value).toString('base64url'),
    ]
    const redactor = redactorFor(TOKEN)
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.nat(encodings.length - 1), fc.string({ maxLength: 8 }), (before, which, after) => {
        const text = encodings[which](TOKEN)
        assertNothingOf(TOKEN, redactor.redact(`${before}${text}${after}`))
        assertNothingOf(TOKEN, redactor.redact(Buffer.from(`${before}${TOKEN}${after}`).toString('base64')))
      }),
      { numRuns: 300 }
    )
  })

  /** Every way the redactor must see through (issue 19 item 7), each alone and inside a sentence. */
  const DISGUISES: Array<[string, (value: string) => string]> = [
    ['hex', value => hexSpellings(value)[0]],
    ['upper-case hex', value => hexSpellings(value)[1]],
    ['fullwidth forms', fullwidth],
    ['decimal HTML entities', value => entitySpellings(value)[0]],
    ['hex HTML entities', value => entitySpellings(value)[1]],
    ['named HTML entities for | and _', value => value.replace(/\|/g, '&vert;').replace(/_/g, '&lowbar;')],
    ['literal \\u escapes', unicodeEscapes],
    ['literal \\u{…} escapes', value => [...value].map(ch => `\\u{${(ch.codePointAt(0) as number).toString(16)}}`).join('')],
    ['literal \\x escapes', value => [...value].map(ch => `\\x${(ch.codePointAt(0) as number).toString(16)}`).join('')],
    ['a space every 3 characters', value => separated(value, ' ', 3)],
    ['a tab every 2 characters', value => separated(value, '\t', 2)],
    ['a NUL every 4 characters', value => separated(value, '\u0000', 4)],
    ['a zero-width space every character', value => separated(value, '\u200b', 1)],
    ['a zero-width joiner every 5 characters', value => separated(value, '\u200d', 5)],
    ['a soft hyphen every 2 characters', value => separated(value, '\u00ad', 2)],
    ['a no-break space every 6 characters', value => separated(value, '\u00a0', 6)],
    ['a line separator every 4 characters', value => separated(value, '\u2028', 4)],
    ['a bidi override every 3 characters', value => separated(value, '\u202e', 3)],
    ['a combining mark every 3 characters', value => separated(value, '\u0301', 3)],
    ['fullwidth forms with an ideographic space every 4 characters', value => separated(fullwidth(value), '\u3000', 4)],
    ['hex with a space every 2 digits', value => separated(hexSpellings(value)[0], ' ', 2)],
    ['entities of a percent-encoding', value => entitySpellings(percentSpellings(value)[0])[0]],
  ]
  const APP_TOKEN = '1234567890|fake-app-secret-0123456789abcdef'
  for (const [what, disguise] of DISGUISES) {
    it(`removes a secret written as ${what}`, () => {
      const redactor = redactorFor(TOKEN, APP_TOKEN)
      for (const secret of [TOKEN, APP_TOKEN]) {
        const form = disguise(secret)
        const redacted = redactor.redact(`Invalid token: ${form} (cannot parse)`)
        assert.equal(redacted, 'Invalid token: *** (cannot parse)', `${what}: ${JSON.stringify(redacted)}`)
        assert.equal(redactor.redact(form), '***')
      }
    })
  }

  it('removes a disguised secret from arbitrary text around it', () => {
    const redactor = redactorFor(TOKEN)
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.nat(DISGUISES.length - 1), fc.string({ maxLength: 10 }), (before, which, after) => {
        const form = DISGUISES[which][1](TOKEN)
        const redacted = redactor.redact(`${before}${form}${after}`)
        // Nothing of the form is left that reads as 12 characters of the token in any view.
        assert.equal(redactorFor(TOKEN).redact(redacted), redacted)
        assert.ok(!redacted.includes(form.slice(0, Math.ceil(form.length / 2))), JSON.stringify(redacted))
      }),
      { numRuns: 300 }
    )
  })

  it('leaves ordinary text with spaces, accents, entities and escapes as it is', () => {
    const redactor = redactorFor(TOKEN, APP_TOKEN)
    for (const text of [
      'Meta GET debug_token → 200 (attempt 1, 37 ms)',
      'Café déjà vu: ｆｕｌｌｗｉｄｔｈ text, &amp; &#x41;&#66; and \\u0041 escapes, a\u200bb',
      'The token in `access-token` expires on 2027-01-21 (in 50 days).',
    ])
      assert.equal(redactor.redact(text), text)
  })

  it('stays fast: 2,000 log lines of 200 characters with 20 secrets registered in well under a second', () => {
    const redactor = new Redactor(() => undefined)
    for (let i = 0; i < 20; i++) redactor.register(`fake-meta-${i.toString().padStart(4, '0')}-${'x'.repeat(150)}`)
    const line = 'Meta GET debug_token → 200 (attempt 1, 37 ms) 100% of the answer read; '.repeat(3).slice(0, 200)
    const started = performance.now()
    for (let i = 0; i < 2000; i++) redactor.redact(line)
    const ms = performance.now() - started
    assert.ok(ms < 1000, `2,000 lines took ${Math.round(ms)} ms`)
  })

  it('stays linear: a line ten times longer takes about ten times as long, escapes and non-ASCII text included', () => {
    const redactor = new Redactor(() => undefined)
    for (let i = 0; i < 20; i++) redactor.register(`fake-meta-${i.toString().padStart(4, '0')}-${'x'.repeat(150)}`)
    const unit = 'Meta → 200, 100% read; &amp; \\u0041 ｆｕｌｌ café\u200b. '
    // The best of several tries: the machine may be busy with other work.
    const time = (line: string, lines: number) => {
      let best = Infinity
      for (let trial = 0; trial < 7; trial++) {
        const started = performance.now()
        for (let i = 0; i < lines; i++) redactor.redact(line)
        best = Math.min(best, performance.now() - started)
      }
      return best
    }
    time(unit.repeat(20), 100)
    const short = time(unit.repeat(20), 100)
    const long = time(unit.repeat(200), 10)
    assert.ok(long < short * 3, `10 × the text took ${((long / short) * 10).toFixed(1)} × the time`)
    assert.ok(long < 500, `10 lines of ${unit.length * 200} characters took ${Math.round(long)} ms`)
  })
})

describe('Redactor: the review’s families (issue 27, item 5): decoded until stable, and views without punctuation, reversed', () => {
  const SECRET = '3f9c2a7be41d08f6a5c9e2b7d41f0a8c' // an app secret's shape (32 hex)
  const punctuated = (value: string, marks: string) => {
    let out = ''
    let next = 6
    for (let i = 0; i < value.length; i++) {
      if (i === next) {
        out += marks[i % marks.length]
        next += 6 + (i % 6) // every 6 to 11 characters
      }
      out += value[i]
    }
    return out
  }
  const percentTimes = (value: string, times: number) => {
    let out = [...Buffer.from(value)].map(byte => `%${byte.toString(16).padStart(2, '0')}`).join('')
    for (let i = 1; i < times; i++) out = out.replace(/%/g, '%25')
    return out
  }
  const quotedPrintable = (value: string) =>
    [...Buffer.from(value)].map(byte => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  const colonHex = (value: string) => [...Buffer.from(value)].map(byte => byte.toString(16).padStart(2, '0')).join(':')
  const doubleEscaped = (value: string) => [...value].map(ch => `\\\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  const reversed = (value: string) => [...value].reverse().join('')

  const FAMILIES: Array<[string, (value: string) => string]> = [
    ['"-" inserted every 6 to 11 characters', v => punctuated(v, '-')],
    ['"." and "," inserted every 6 to 11 characters', v => punctuated(v, '.,')],
    ['reversed', reversed],
    ['reversed, with punctuation', v => punctuated(reversed(v), '-.')],
    ['colon-separated hex', colonHex],
    ['quoted-printable', quotedPrintable],
    ['percent-encoded four times over', v => percentTimes(v, 4)],
    ['percent-encoded six times over', v => percentTimes(v, 6)],
    ['double-escaped \\u (JSON inside JSON)', doubleEscaped],
  ]
  for (const [what, encode] of FAMILIES) {
    for (const [name, secret] of [
      ['a token', TOKEN],
      ['an app secret', SECRET],
    ]) {
      it(`${name}, ${what}`, () => {
        const text = `Meta said: invalid value ${encode(secret)} (code 190)`
        const redacted = redactorFor(secret).redact(text)
        assert.ok(redacted.startsWith('Meta said: invalid value ***'), redacted)
        assert.ok(redacted.endsWith(' (code 190)'), redacted)
      })
    }
  }

  it('leaves ordinary punctuated, reversed and hex-looking text as it is', () => {
    const redactor = redactorFor(TOKEN, SECRET)
    for (const text of [
      'Error validating access token: Session has expired on Monday, 01-Dec-26 10:00:00 PST.',
      'trace 0a:1b:2c:3d:4e:5f:60:71, =3D=3D, %2525, \\\\u0041',
      '(#100) Param input_token must be a valid token. .nekot dilav a eb tsum',
    ]) {
      assert.equal(redactor.redact(text), text)
    }
  })
})
