import { createHmac } from 'node:crypto'

/**
 * `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token, keyed by the app secret.
 * https://developers.facebook.com/docs/facebook-login/security/#proof
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex')
}
