import { checkAdminToken } from '../steps/admin-token.ts'
import { graphFailure } from '../steps/token-checks.ts'
import type { ConfigOf } from '../inputs/catalog.ts'
import type { OperationContext } from '../steps/context.ts'

/** Installs `app-id` for the system user: needed once before `generate`. */
export async function installApp(ctx: OperationContext<ConfigOf<'install-app'>>): Promise<void> {
  const { config, report } = ctx
  const systemUserId = config.systemUserId
  await checkAdminToken(ctx)
  if (config.dryRun) {
    report.result = `Dry run: app ${config.appId} would be installed for system user ${systemUserId}. Nothing was changed.`
    return
  }
  try {
    await ctx.graph.installApp(systemUserId, config.adminToken)
  } catch (error) {
    throw graphFailure('install the app', error)
  }
  report.result = `Installed app ${config.appId} for system user ${systemUserId}; \`operation: generate\` can now create its tokens.`
  report.title = 'the app is installed for the system user'
}
