import type { CheckRow } from '../report/report.ts'
import { ActionError } from '../runtime/errors.ts'
import type { DoctorContext } from '../steps/doctor/context.ts'
import { drillRows } from '../steps/doctor/drill.ts'
import { deployRows, recordRows, targetRows } from '../steps/doctor/github-checks.ts'
import { adminTokenRows, inspectQuietly, scopeRows, storedTokenRows, systemUserRows } from '../steps/doctor/meta-checks.ts'

/**
 * Checks, changing nothing, that what the inputs configure works now and would work on the day of
 * a leak: every independent check at once. With `drill: true` the emergency's replacement is
 * generated, verified and revoked for real (a drill token that cannot be revoked goes into the
 * record: the only write a doctor makes). Fails when any check fails.
 */
export async function doctor(ctx: DoctorContext): Promise<void> {
  const { config, report } = ctx
  const stored = inspectQuietly(ctx, config.accessToken)
  const admin = config.adminToken ? inspectQuietly(ctx, config.adminToken) : undefined
  const record = Promise.all(config.previousTokens.map(token => inspectQuietly(ctx, token)))
  const targets = targetRows(ctx)
  const groups = await ctx.log.group('Checks', () =>
    Promise.all([
      storedTokenRows(ctx, stored),
      adminTokenRows(ctx, admin),
      systemUserRows(ctx, stored),
      scopeRows(ctx, stored),
      recordRows(ctx, record),
      targets.then(result => result.rows),
      deployRows(ctx),
      config.drill ? drillRows(ctx, stored, targets) : Promise.resolve([]),
    ])
  )
  const rows = groups.flat()
  report.checks.push(...rows)
  const { info } = await stored
  if (info) report.describeToken(info, undefined, 'old')
  const failed = rows.filter(row => row.status === 'fail')
  report.set('ready', failed.length === 0)
  report.set('findings', failed.map(finding).join('\n'))
  const warned = rows.filter(row => row.status === 'warn').length
  if (failed.length === 0) {
    report.result = `All ${rows.length} checks passed${warned > 0 ? ` (${warned} with a warning)` : ''}${config.drill ? ', the drill included' : ''}: the settings work now and would work on the day of a leak.`
    return
  }
  throw new ActionError(
    'doctor',
    `${failed.length} of ${rows.length} checks failed: ${failed.map(finding).join(' ')}`,
    [...new Set(failed.map(row => row.fix).filter(Boolean))].join('. ') || undefined
  )
}

/** A line of `findings`: the input, target or workflow first. */
function finding(row: CheckRow): string {
  return `${row.concerns}: ${row.detail}`
}
