import { ActionError } from '../../runtime/errors.ts'
import type { OperationContext } from '../context.ts'
import { adminTokenRows, inspectQuietly, scopeRows, systemUserRows } from '../doctor/meta-checks.ts'
import { REVOKE_STEP } from './messages.ts'
import type { Leaked } from './revoke-first.ts'
import { prepare } from './store.ts'

/**
 * Inspects every leaked token and prepares as a real run would, and runs the doctor's checks of
 * the replacement settings (the admin token, `system-user-id`, `scope`), so a typo fails the dry
 * run rather than the day of the leak. Changes nothing.
 */
export async function emergencyDryRun(ctx: OperationContext, leaked: Leaked[], replacing: boolean): Promise<void> {
  const { config, report } = ctx
  const inspections = leaked.map(item => inspectQuietly(ctx, item.token))
  const stored = inspections[0]
  const admin = config.adminToken ? inspectQuietly(ctx, config.adminToken) : undefined
  const [infos, preparation, ...groups] = await Promise.all([
    Promise.all(inspections),
    prepare(ctx, replacing),
    adminTokenRows(ctx, admin),
    systemUserRows(ctx, stored),
    scopeRows(ctx, stored),
  ])
  const rows = groups.flat()
  report.checks.push(...rows)
  const valid = leaked.filter((_, index) => infos[index].info?.isValid)
  for (const failure of [...preparation.unwritable, ...preparation.deployFailures]) report.warnings.push(failure.message)
  const settings = [
    ...config.deferredProblems.map(problem => problem.message),
    ...rows.filter(row => row.status === 'fail').map(row => `\`${row.concerns}\`: ${row.detail}`),
  ]
  if (settings.length > 0) {
    throw new ActionError(
      REVOKE_STEP,
      `Dry run: ${leaked.length} token(s) would be revoked, but the replacement would fail: ${settings.join(' ')} Nothing was changed.`,
      [
        ...new Set(
          rows
            .filter(row => row.status === 'fail')
            .map(row => row.fix)
            .filter(Boolean)
        ),
      ].join('. ') || 'Fix the inputs named.'
    )
  }
  for (const item of preparation.prepared) report.target(item.target.label, 'would write')
  report.result = `Dry run: ${leaked.length} token(s) would be revoked (${valid.length} still valid: ${valid.map(item => item.label).join(', ') || 'none'})${replacing ? `, then a 60-day replacement generated and stored in ${preparation.prepared.length} target(s)` : ', with no replacement (no `admin-token`)'}. Nothing was changed.`
}
