import type { PreparedTarget } from '../../github/secret-store.ts'
import type { TokenInfo } from '../../graph/token-info.ts'
import { ActionError, describeError } from '../../runtime/errors.ts'
import { requestsSent } from '../../runtime/http.ts'
import type { OperationContext } from '../context.ts'
import { mintFailure } from '../mint-failure.ts'
import { revokeUnstoredToken } from '../refused-token.ts'
import { bindReplacement } from '../replacement-binding.ts'
import { describeFailures } from '../target-writes.ts'
import { graphFailure } from '../token-checks.ts'
import { verifyNewToken } from '../verify.ts'
import { inputOfRefusal, RUN_AGAIN } from './messages.ts'

/** What the store needs, learnt while the revocations were under way. */
export interface Preparation {
  prepared: PreparedTarget[]
  unwritable: ActionError[]
  deployFailures: ActionError[]
}

/** A replacement that must not be stored; `unheld` when it could not be revoked either (it goes into the record). */
export class RefusedReplacement extends ActionError {
  readonly unheld: string | undefined

  constructor(step: string, message: string, fix: string, unheld: string | undefined) {
    super(step, message, fix)
    this.unheld = unheld
  }
}

export function asActionError(step: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error
  return graphFailure(step, error)
}

/**
 * A 60-day token for the system user, once the revocations are answered and the admin token is
 * checked, returned only when Meta confirms it and it may stand in for the stored token: the same
 * app and system user, at least its permission names, `required-assets` met (bindReplacement).
 * Otherwise it is revoked and a RefusedReplacement says what differs. The key reads finish beside
 * the generate (Octokit's loading stays off the path).
 */
export async function generateReplacement(
  ctx: OperationContext,
  adminChecked: Promise<ActionError | undefined>,
  preparing: Promise<Preparation>,
  stored: Promise<TokenInfo | undefined>
): Promise<string> {
  const { config, report } = ctx
  const adminFailure = await adminChecked
  if (adminFailure) throw adminFailure
  const { adminToken, systemUserId } = config
  if (!adminToken || !systemUserId) throw new ActionError('generate the replacement', 'No admin token or system user was given.')
  ctx.log.info(`Generating a 60-day replacement for system user ${systemUserId}…`)
  // Sealing comes after this round trip and the verification: load libsodium meanwhile.
  ctx.store?.preloadSealing()
  let token: string
  try {
    token = await ctx.graph.generateSystemUserToken(systemUserId, config.scopes, true, adminToken)
  } catch (error) {
    throw mintFailure(config, error)
  }
  const step = 'verify the replacement'
  // Sealed for the targets while Meta is asked to confirm it, once that request is on the wire:
  // the writes then start as soon as it is confirmed (nothing is sent before).
  const verifySent = requestsSent(1)
  void verifySent.then(() => preparing).then(preparation => ctx.store?.preseal(preparation.prepared, token))
  // A verification Meta cannot answer counts as a refusal: `cause` says why.
  const [{ verification, cause }, preparation, replaced] = await Promise.all([
    verifyNewToken(ctx, token, step).then(
      value => ({ verification: value, cause: undefined }),
      (error: unknown) => ({ verification: undefined, cause: error })
    ),
    preparing,
    stored,
  ])
  const binding = verification && !verification.refusal ? bindReplacement(config, replaced, verification.info) : undefined
  if (binding?.warning) report.warnings.push(binding.warning)
  const writable = !ctx.store || preparation.prepared.length > 0
  if (verification && !verification.refusal && !binding?.refusal && writable) {
    report.describeToken(verification.info, token, 'new')
    return token
  }
  const revoked = await revokeUnstoredToken(ctx, token, token, true)
  const fate = `so it was not stored${revoked ? ' and was revoked' : '; it could not be revoked and is kept in the previous-token record'}`
  const unheld = revoked ? undefined : token
  if (binding?.refusal) {
    const input = inputOfRefusal(binding.refusal)
    throw new RefusedReplacement(
      step,
      `Meta generated a replacement for \`${input}\`, but ${binding.refusal}, ${fate}: a replacement must be of the same app and system user as the token it replaces, with at least its permissions.`,
      `Set \`system-user-id\` and \`scope\` to the stored token's system user and permissions (operation \`doctor\` checks them), then ${RUN_AGAIN[0].toLowerCase()}${RUN_AGAIN.slice(1)}`,
      unheld
    )
  }
  if (!writable) {
    const { messages, fix } = describeFailures(preparation.unwritable)
    throw new RefusedReplacement(
      'check secret targets',
      `No secret target is writable, ${fate}: ${messages}`,
      `${fix ?? 'Fix the targets.'} Then run the emergency again.`,
      unheld
    )
  }
  const why = verification ? verification.refusal : `Meta could not be asked to confirm it (${describeError(asActionError(step, cause))})`
  throw new RefusedReplacement(step, `Meta generated a replacement but ${why}, ${fate}.`, RUN_AGAIN, unheld)
}
