import { ActionError } from '../runtime/errors.ts'
import type { TokenInfo } from '../graph/token-info.ts'
import { isOtherAppAnswer } from '../graph/errors.ts'
import type { StepContext } from './context.ts'
import { inspectionFailure } from './token-checks.ts'

const STEP = 'check the admin token'

/**
 * `generate` and `install-app` call as the admin token with an appsecret_proof keyed by the
 * secret of `app-id`, so the admin token must be issued for that app. Meta answers another
 * app's token with "Invalid appsecret_proof", which reads like a wrong `app-secret`; so the
 * admin token is inspected first, and the run fails before any change (ACTION.md "Admin tokens").
 */
export async function checkAdminToken(ctx: StepContext<'appId' | 'adminToken' | 'adminTokenInput'>): Promise<void> {
  const appId = ctx.config.appId
  ctx.log.info('Inspecting the admin token…')
  const { adminToken } = ctx.config
  // The input rules require it for every operation that gets here (inputs/catalog.ts).
  if (adminToken === undefined) throw new ActionError(STEP, 'No admin token was given.', newAdminToken(ctx))
  let info: TokenInfo
  try {
    info = await ctx.graph.debugToken(adminToken)
  } catch (error) {
    if (isOtherAppAnswer(error)) throw fromAnotherApp(ctx, undefined)
    throw inspectionFailure(ctx, STEP, error)
  }
  if (info.appId && info.appId !== appId) throw fromAnotherApp(ctx, info.appId)
  if (!info.isValid) {
    const reason = info.error?.message ? `: ${info.error.message}` : ''
    const codes = info.error?.code ? ` (code ${info.error.code}${info.error.subcode ? `, subcode ${info.error.subcode}` : ''})` : ''
    throw new ActionError(STEP, `The admin token in \`${ctx.config.adminTokenInput}\` is not valid${reason}${codes}.`, newAdminToken(ctx))
  }
}

function fromAnotherApp(ctx: StepContext<'appId' | 'adminToken' | 'adminTokenInput'>, otherAppId: string | undefined): ActionError {
  const { appId, adminTokenInput } = ctx.config
  return new ActionError(
    STEP,
    `The admin token in \`${adminTokenInput}\` was issued for ${otherAppId ? `app ${otherAppId}` : 'another app'}, not for \`app-id\` (${appId}).`,
    `\`generate\`, \`install-app\` and \`emergency\` send the admin token with an appsecret_proof, which is keyed by the secret of \`app-id\` (${appId}), so the admin token must be issued for that app. ${newAdminToken(ctx)}`
  )
}

function newAdminToken(ctx: StepContext<'appId' | 'adminToken' | 'adminTokenInput'>): string {
  return `Create an admin token for app ${ctx.config.appId}: Business settings → Users → System users → an admin system user → Generate new token, choosing that app; then pass it as \`${ctx.config.adminTokenInput}\`.`
}
