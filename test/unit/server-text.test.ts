/**
 * Issue 19, items 3 and 8, one function at a time: serverText cuts what a server sent to a
 * readable length without leaving a secret cut short; looksLikeSecret tells a token or key
 * from a name, so quote() never prints one back.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { MAX_SERVER_TEXT, serverText } from '../../src/text/server-text.ts'
import { looksLikeSecret, quote } from '../../src/runtime/errors.ts'

/** Made up; shaped like tokens and keys, but not like real ones (no EAA…, ghp_…). */
const TOKEN = 'fakeTokenZ9q8R7s6T5u4V3w2X1y0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'

describe('serverText', () => {
  it('leaves text of at most MAX_SERVER_TEXT characters alone', () => {
    fc.assert(fc.property(fc.string({ maxLength: MAX_SERVER_TEXT }), text => assert.equal(serverText(text), text)))
  })

  it('cuts longer text to MAX_SERVER_TEXT characters at most, and says how much it cut', () => {
    fc.assert(
      fc.property(fc.string({ minLength: MAX_SERVER_TEXT + 1, maxLength: 3 * MAX_SERVER_TEXT }), text => {
        const cut = serverText(text)
        const match = /^([\s\S]*)… \((\d+) more characters not shown\)$/.exec(cut)
        assert.ok(match, cut)
        assert.ok(match[1].length <= MAX_SERVER_TEXT)
        assert.equal(match[1].length + Number(match[2]), text.length)
        assert.ok(text.startsWith(match[1]))
      })
    )
  })

  it('never leaves a token that crosses the limit cut short: the cut falls before it', () => {
    for (let at = MAX_SERVER_TEXT - TOKEN.length; at < MAX_SERVER_TEXT; at += 7) {
      const text = `${'word '.repeat(at / 5 + 1).slice(0, at - 1)} ${TOKEN} and more ${'x '.repeat(400)}`
      const cut = serverText(text)
      assert.ok(!cut.includes(TOKEN.slice(0, 4)), `a token starting at ${at}: ${cut.slice(-80)}`)
    }
  })
})

describe('looksLikeSecret and quote', () => {
  const SECRETS = [
    TOKEN,
    '0123456789abcdef0123456789abcdef', // an app secret: 32 hex digits
    'a3f0c1d2e3b4a5968778695a4b3c2d1e0f9e8d7c6b5a49382716051a2b3c4d5e', // an appsecret_proof
    `owner/repo/.github/workflows/x.yml@${TOKEN}`,
    `${Buffer.from(TOKEN).toString('base64')}`,
  ]
  const NAMES = [
    'META_ACCESS_TOKEN_PREVIOUS',
    'octo-org/app/.github/workflows/deploy-production.yml@main',
    'octo-org/app:prod/eu',
    'https://graph.facebook.com',
    'ads_management,business_management',
    'v26.0',
    '12345678901234567890',
    'refresh-the-token-now-please',
  ]
  for (const value of SECRETS) {
    it(`does not quote ${value.slice(0, 6)}…`, () => {
      assert.equal(looksLikeSecret(value), true)
      assert.ok(!quote(value).includes(value.slice(0, 8)))
    })
  }
  for (const value of NAMES) {
    it(`quotes the name ${value}`, () => {
      assert.equal(looksLikeSecret(value), false)
      assert.equal(quote(value), JSON.stringify(value))
    })
  }
})
