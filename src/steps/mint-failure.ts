import { ActionError } from '../runtime/errors.ts'
import { answerMayBeLost, GraphError } from '../graph/errors.ts'
import type { Config } from '../inputs/config.ts'
import { isCapabilityGated, isSupportedScope } from '../inputs/scopes.ts'
import { graphFailure } from './token-checks.ts'

const STEP = 'generate the token'

/** What to do when `generate`'s mint (POST /{system-user-id}/access_tokens) failed. */
export function mintFailure(config: Pick<Config, 'appId' | 'expiring' | 'scopes' | 'systemUserId'>, error: unknown): ActionError {
  const failure = graphFailure(STEP, error)
  if (!(error instanceof GraphError)) return failure
  if (!config.expiring && answerMayBeLost(error)) return lostNeverExpiringToken(config, error)
  const unlisted = config.scopes.filter(scope => !isSupportedScope(scope))
  if (error.code === 3962 && unlisted.length > 0) {
    return new ActionError(
      STEP,
      failure.message,
      `Meta refused a permission of \`scope\`, and ${unlisted.join(', ')} ${unlisted.length === 1 ? 'is' : 'are'} not on the list of permissions Meta documents for system users (its page "Install Apps, Generate, Refresh, and Revoke Tokens"): check the spelling, or leave ${unlisted.length === 1 ? 'it' : 'them'} out.`
    )
  }
  const gated = config.scopes.filter(isCapabilityGated)
  if (error.code === 3962 && gated.length > 0) {
    const them = gated.length === 1 ? 'it' : 'them'
    return new ActionError(
      STEP,
      failure.message,
      `${gated.join(', ')} ${gated.length === 1 ? 'is a permission' : 'are permissions'} that Meta gates by a capability: it accepts ${them} only for an app it granted that capability. Ask Meta for the capability, or leave ${them} out of \`scope\`. ${failure.fix ?? ''}`.trim()
    )
  }
  // "Some businesses must use expiring tokens" (Meta); the error they get is not documented.
  if (
    !config.expiring &&
    (error.code === 100 || error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299))
  ) {
    return new ActionError(
      STEP,
      failure.message,
      `Some businesses must use expiring tokens, and Meta refuses them a never-expiring one: if Meta's message says so, run with \`expiring: true\`. Otherwise: ${failure.fix ?? ''}`.trim()
    )
  }
  return failure
}

/**
 * A never-expiring mint is never retried (ACTION.md "Details settled"): a lost answer may have
 * left a token that nobody received and that never expires, and a retry would mint another.
 */
function lostNeverExpiringToken(config: Pick<Config, 'appId' | 'expiring' | 'scopes' | 'systemUserId'>, error: GraphError): ActionError {
  return new ActionError(
    STEP,
    `${error.message}. Meta may have created the never-expiring token all the same; the request was not retried, since a retry could leave a second token that never expires.`,
    `Look for a stray token in Business settings → Users → System users → system user ${config.systemUserId} (its tokens for app ${config.appId}) and revoke any token nothing uses; then run \`generate\` again. A 60-day token (\`expiring: true\`) is retried safely: a lost one expires on its own.`
  )
}

/** Scopes the table does not list are asked for all the same: Meta's answer decides. */
export function unlistedScopesWarning(unlisted: string[]): string {
  const listed = unlisted.slice(0, 5).join(', ') + (unlisted.length > 5 ? ` and ${unlisted.length - 5} more` : '')
  return `\`scope\`: ${listed} ${unlisted.length === 1 ? 'is' : 'are'} not among the permissions this version knows system users support; Meta is asked all the same and refuses an invalid one (code 3962).`
}
