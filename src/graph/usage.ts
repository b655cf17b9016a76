/**
 * Meta's usage headers (graph-api.md §4.3): how much of a rolling one-hour allowance is used,
 * and, for Business Use Case limits, how long until access comes back. They appear only "once
 * enough calls have been made", so each may be missing.
 */
export interface Usage {
  /** The largest `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage; 0 when it says 0. */
  regainAccessMinutes: number | undefined
  /** The largest percentage in X-App-Usage (call_count, total_time, total_cputime); throttling starts at 100. */
  appUsagePercent: number | undefined
}

export function readUsage(headers: { get(name: string): string | null }): Usage {
  return {
    regainAccessMinutes: regainAccessMinutes(headers.get('x-business-use-case-usage') ?? undefined),
    appUsagePercent: appUsagePercent(headers.get('x-app-usage') ?? undefined),
  }
}

function parse(header: string | undefined): unknown {
  if (!header) return undefined
  try {
    return JSON.parse(header)
  } catch {
    return undefined
  }
}

/** X-Business-Use-Case-Usage: an object keyed by business or object id, each an array of usage entries. */
export function regainAccessMinutes(header: string | undefined): number | undefined {
  const usage = parse(header)
  if (!usage || typeof usage !== 'object') return undefined
  let minutes: number | undefined
  for (const entries of Object.values(usage)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      const value = Number((entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access)
      if (Number.isFinite(value) && value >= 0) minutes = Math.max(minutes ?? 0, value)
    }
  }
  return minutes
}

/** X-App-Usage: `{"call_count":28,"total_time":25,"total_cputime":25}`, whole percentages. */
function appUsagePercent(header: string | undefined): number | undefined {
  const usage = parse(header)
  if (!usage || typeof usage !== 'object') return undefined
  const values = ['call_count', 'total_time', 'total_cputime']
    .map(name => Number((usage as Record<string, unknown>)[name]))
    .filter(value => Number.isFinite(value))
  return values.length > 0 ? Math.max(...values) : undefined
}
