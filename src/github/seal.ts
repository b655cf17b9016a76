import type sodium from 'libsodium-wrappers'
import { ActionError } from '../runtime/errors.ts'

type Sodium = typeof sodium

let loading: Promise<Sodium> | undefined

/** libsodium is loaded on first use only: operations that write no secret never pay for it. */
function loadSodium(): Promise<Sodium> {
  loading ??= import('libsodium-wrappers').then(async module => {
    await module.default.ready
    return module.default
  })
  return loading
}

/** Starts loading libsodium now, so that it overlaps network round trips. */
export function preloadSodium(): void {
  loadSodium().catch(() => undefined)
}

/**
 * Seals a value for GitHub's secrets API: a libsodium sealed box for the repository's,
 * environment's or organization's public key, base64 (standard alphabet, padded).
 * https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api
 */
export async function sealSecret(value: string, base64PublicKey: string, where: string): Promise<string> {
  const sodium = await loadSodium()
  let key: Uint8Array
  try {
    key = sodium.from_base64(base64PublicKey, sodium.base64_variants.ORIGINAL)
  } catch {
    key = new Uint8Array()
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new ActionError(
      'write secrets',
      `GitHub returned a public key for ${where} that is not a 32-byte Curve25519 key; the secret was not written.`
    )
  }
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key)
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL)
}
