/**
 * Graph API versions and the day each stops being usable. Meta keeps a version for at least two
 * years and retires it two years after the next one is released; a call to a retired version
 * "will be defaulted to the next oldest usable version" (graph-api.md §5, Meta's changelog and
 * versioning pages). Extend the table when Meta releases a version: add the new one (no end
 * yet) and give the one before it its end, two years after the new one's release.
 */

/** The version this action asks for unless `graph-api-version` says otherwise. */
export const DEFAULT_GRAPH_API_VERSION = 'v27.0'

interface VersionDates {
  released: string
  /** The first day it is no longer usable; undefined while Meta says "TBD". */
  availableUntil: string | undefined
}

/**
 * From Meta's changelog (graph-api.md §5). v27.0 was released on 2026-11-04, after the
 * reference's newest copy; v26.0's end follows from the two-year rule.
 */
export const GRAPH_API_VERSIONS: Readonly<Record<string, VersionDates>> = {
  'v27.0': { released: '2026-11-04', availableUntil: undefined },
  'v26.0': { released: '2026-07-29', availableUntil: '2028-11-04' },
  'v25.0': { released: '2026-02-18', availableUntil: '2028-07-29' },
  'v24.0': { released: '2025-10-08', availableUntil: '2028-02-18' },
  'v23.0': { released: '2025-05-29', availableUntil: '2027-10-08' },
  'v22.0': { released: '2025-01-21', availableUntil: '2027-05-20' },
  'v21.0': { released: '2024-10-02', availableUntil: '2027-01-21' },
  'v20.0': { released: '2024-05-21', availableUntil: '2026-09-24' },
}

/** A 60-day token outlives a version that ends sooner: the next rotations would run on another. */
const WARN_DAYS = 60

const DAY_MS = 86_400_000

function parts(version: string): [number, number] | undefined {
  const match = /^v(\d+)\.(\d+)$/.exec(version)
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1]
}

/** The versions Meta still serves on `now`, oldest first. */
export function usableVersions(now: Date): string[] {
  return Object.entries(GRAPH_API_VERSIONS)
    .filter(([, dates]) => dates.availableUntil === undefined || Date.parse(dates.availableUntil) > now.getTime())
    .map(([version]) => version)
    .sort((a, b) => compare(parts(a) as [number, number], parts(b) as [number, number]))
}

/**
 * What to tell the user about `version` on `now`: undefined when it is fine (listed and usable
 * for longer than a token lives, or newer than every listed one). A retired version still works
 * (Meta moves the call to the next usable one), so this is a warning, never a refusal.
 */
export function versionWarning(version: string, now: Date): string | undefined {
  const requested = parts(version)
  if (!requested) return undefined
  const oldest = usableVersions(now)[0]
  const listed = GRAPH_API_VERSIONS[version]
  const raise = `raise \`graph-api-version\` to ${DEFAULT_GRAPH_API_VERSION}`
  if (!listed) {
    if (compare(requested, parts(DEFAULT_GRAPH_API_VERSION) as [number, number]) > 0) return undefined
    if (compare(requested, parts(oldest) as [number, number]) > 0) return undefined
    return `Graph API ${version} is no longer usable (the oldest usable version is ${oldest}): Meta answers its calls with a newer version, whose behaviour may differ; ${raise}.`
  }
  if (listed.availableUntil === undefined) return undefined
  const endsMs = Date.parse(listed.availableUntil)
  if (endsMs <= now.getTime()) {
    return `Graph API ${version} stopped being usable on ${listed.availableUntil} (the oldest usable version is ${oldest}): Meta answers its calls with a newer version, whose behaviour may differ; ${raise}.`
  }
  const days = Math.floor((endsMs - now.getTime()) / DAY_MS)
  if (days < WARN_DAYS) {
    return `Graph API ${version} stops being usable on ${listed.availableUntil}, in ${days} days, sooner than a 60-day token lasts: ${raise}.`
  }
  return undefined
}

/**
 * What Meta's answer headers say about the version: `facebook-api-version` (the version that
 * actually served the call) differing from the one asked for, or a version warning header.
 */
export function versionNotice(requested: string, headers: { get(name: string): string | null }): string | undefined {
  const served = headers.get('facebook-api-version')?.trim()
  const warning = headers.get('x-ad-api-version-warning')?.trim()
  if (warning) return `Meta warns about Graph API ${requested}: ${warning.slice(0, 300)} — raise \`graph-api-version\`.`
  if (served && /^v\d+\.\d+$/.test(served) && served !== requested) {
    return `Meta answered with Graph API ${served} although ${requested} was asked for: ${requested} is no longer served; raise \`graph-api-version\` to ${served} or later.`
  }
  return undefined
}
