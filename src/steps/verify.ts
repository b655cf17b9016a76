import type { TokenInfo } from '../graph/token-info.ts'
import { both } from '../runtime/concurrency.ts'
import { ASSET_FIX, checkRequirements, compareScopes, describeDrift, describeUnmet, probeRequiredAssets, reportAssets } from './assets.ts'
import type { StepContext } from './context.ts'
import { inspect } from './token-checks.ts'

/**
 * The verify step: the one place that decides whether a new token may be stored (docs/promises.md, Promise 3).
 * Every operation that mints a token asks here, after Meta's answer and before any write; what
 * it does with a refused token (revoke it, keep the old one, fail) is its own business.
 *
 * A token may be stored when debug_token confirms it valid, it meets `required-assets` (read
 * from ctx.config, so every caller checks them), every probe of `probe-assets` was answered,
 * and — given the token it replaces — it reaches no less than that one did.
 */
export interface Verification {
  /** debug_token's answer for the new token. */
  info: TokenInfo
  /** Why the token must not be stored, as the end of "…, so it was not stored"; undefined when it may be. */
  refusal: string | undefined
  /** What the user can do about a refusal, when the verify step knows better than "run again". */
  fix: string | undefined
}

export interface VerifyOptions {
  /** debug_token's answer for the token being replaced: the new one must reach at least as much (no scope drift). */
  baseline?: TokenInfo
}

/**
 * debug_token on the new token, called as the app, beside the probes (no extra round trip).
 * Records the Assets table and `missing-assets` in the report. Throws only when Meta cannot be
 * asked.
 */
export async function verifyNewToken(
  ctx: StepContext<'appId' | 'probeAssets' | 'requiredAssets'>,
  token: string,
  step: string,
  options: VerifyOptions = {}
): Promise<Verification> {
  const [info, refusals] = await both(inspect(ctx, token, step), probeRequiredAssets(ctx, token, step))
  if (!info.isValid) return { info, refusal: 'debug_token does not confirm it as valid', fix: undefined }
  const owner = options.baseline?.userId
  if (owner !== undefined && info.userId !== owner) {
    // Stored, it would act as someone else: other assets, other permissions, another audit trail.
    return {
      info,
      refusal: `it belongs to system user ${info.userId ?? '(Meta did not say)'}, not to ${owner}, the old token's`,
      fix: 'Check `app-id` and `app-secret` (the app whose tokens are rotated) and the system user in Business settings → System users; then run again. If the token in `secret-name` is of the wrong system user, generate one for the right one (`operation: generate`).',
    }
  }

  const results = checkRequirements(info, ctx.config.requiredAssets, refusals)
  const drift = options.baseline ? compareScopes(options.baseline, info) : undefined
  reportAssets(ctx.report, results, drift)
  if (drift && drift.wider.length > 0) {
    ctx.report.notes.push(`The new token reaches more than the one it replaces: ${describeDrift(drift.wider)}.`)
  }
  const reasons: string[] = []
  const unmet = describeUnmet(results)
  if (unmet) reasons.push(`it does not meet \`required-assets\` (${unmet})`)
  if (drift && drift.narrower.length > 0) {
    reasons.push(`it reaches less than the token it replaces (${describeDrift(drift.narrower)})`)
  }
  if (reasons.length === 0) return { info, refusal: undefined, fix: undefined }
  return {
    info,
    refusal: `${reasons.join(', and ')} (a system user's assets are assigned in Business settings → System users → Assign assets)`,
    fix: ASSET_FIX,
  }
}
