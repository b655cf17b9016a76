import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sodium from 'libsodium-wrappers'
import { expiryOf } from '../../src/graph/expiry.ts'
import { appSecretProof } from '../../src/graph/proof.ts'
import { sealSecret } from '../../src/github/seal.ts'
import { Redactor } from '../../src/text/redactor.ts'

describe('appsecret_proof', () => {
  it('is the lowercase hex HMAC-SHA256 of the token keyed by the app secret', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    assert.equal(appSecretProof('what do ya want for nothing?', 'Jefe'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
  })
})

describe('sealSecret', () => {
  it('makes a sealed box that the key pair holder opens', async () => {
    await sodium.ready
    const pair = sodium.crypto_box_keypair()
    const publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL)
    const sealed = await sealSecret('fake-meta-token-ünïcode', publicKey, 'o/r')
    assert.match(sealed, /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
    const opened = sodium.crypto_box_seal_open(sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL), pair.publicKey, pair.privateKey)
    assert.equal(sodium.to_string(opened), 'fake-meta-token-ünïcode')
  })

  it('refuses a key that is not 32 bytes, naming the target', async () => {
    await assert.rejects(sealSecret('x', Buffer.alloc(33).toString('base64'), 'o/r:prod'), /o\/r:prod.*32-byte/)
    await assert.rejects(sealSecret('x', '!!!', 'o/r'), /32-byte/)
  })
})

describe('expiryOf', () => {
  it('formats expiry without milliseconds and rounds days down', () => {
    const now = Date.UTC(2027, 0, 1, 0, 0, 0)
    const expiry = expiryOf(now / 1000 + 3 * 86_400 - 1, now)
    assert.equal(expiry.expiresAt, '2027-01-03T23:59:59Z')
    assert.equal(expiry.expiresIn, 3 * 86_400 - 1)
    assert.equal(expiry.daysRemaining, 2)
  })

  it('reports never-expiring tokens as never, 0 seconds, no days', () => {
    assert.deepEqual(expiryOf(0), { expiresAt: 'never', expiresIn: 0, daysRemaining: undefined, never: true })
  })
})

describe('Redactor', () => {
  it('masks each value once when registered and removes it, and its URL-encoded form, from text', () => {
    const masked: string[] = []
    const redactor = new Redactor(value => masked.push(value))
    redactor.register('123|fake-secret')
    redactor.register('123|fake-secret')
    redactor.register('')
    assert.deepEqual(masked, ['123|fake-secret', '123%7Cfake-secret'])
    assert.equal(
      redactor.redact('GET /debug_token?access_token=123%7Cfake-secret failed for 123|fake-secret'),
      'GET /debug_token?access_token=*** failed for ***'
    )
  })

  it("removes a part of a secret that shows cut short or in another case, but not an app token's id", () => {
    const redactor = new Redactor(() => undefined)
    redactor.register('fake-meta-0123456789abcdefABCDEF')
    redactor.register('1234567890123|fake-secret-ffff', { fragments: false })
    assert.equal(redactor.redact('got "FAKE-META-0123456789ab…"'), 'got "***…"')
    assert.equal(redactor.redact("app 1234567890123 is not the token's app"), "app 1234567890123 is not the token's app")
    assert.equal(redactor.redact('org-secret-visibility'), 'org-secret-visibility')
  })
})
