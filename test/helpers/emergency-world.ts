/**
 * The set-up the emergency's scenario files share: the stored token in every target, a record of
 * tokens of the same system user, a deploy workflow that succeeds, and the emergency's inputs
 * with a full replacement (admin token, system user, scope).
 */
import { DAY, type World } from './world.ts'

export const SECRET = 'META_ACCESS_TOKEN'
export const RECORD = 'META_ACCESS_TOKEN_PREVIOUS'
export const DEPLOY = 'octo-org/site/.github/workflows/deploy.yml@main'
/** Deploy runs are read every 20 ms instead of every few seconds. */
export const FAST_DEPLOYS = { META_TOKEN_KEEPER_DEPLOY_POLL_MS: '20' }

/** `targets` hold the stored token; the deploy workflow completes after two reads. */
export function prepareTargets(world: World, targets: string[]): void {
  for (const target of targets) world.github.putSecret(target, SECRET, world.oldToken)
  world.github.addWorkflow('octo-org/site', 'deploy.yml', { readsUntilDone: 2 })
}

/** Mints `count` valid tokens of the system user (21 days and more), stores them as the record and returns them. */
export function seedRecord(world: World, count: number): string[] {
  const recorded = Array.from({ length: count }, (_, i) =>
    world.graph.mintToken({
      appId: world.app.id,
      userId: world.systemUserId,
      scopes: ['ads_management'],
      expiresInSeconds: (21 + (i % 30)) * DAY,
    })
  )
  world.secrets.push(...recorded)
  world.github.putSecret('octo-org/app', RECORD, recorded.join('\n'))
  return recorded
}

/** The emergency with a full replacement into `targets` and the deploy workflow, `inputs` on top. */
export function runEmergency(world: World, targets: string[], recorded: string[], inputs: Record<string, string> = {}) {
  return world.run(
    {
      operation: 'emergency',
      'previous-token': recorded.join('\n'),
      'admin-token': world.adminToken,
      'system-user-id': world.systemUserId,
      scope: 'ads_management,business_management',
      'secret-targets': targets.join('\n'),
      'deploy-workflows': DEPLOY,
      ...inputs,
    },
    FAST_DEPLOYS
  )
}
